"""Where briefmap keeps what it stores: one data folder, outside the source tree.

The folder holds the corpus store (``briefmap.sqlite``, SQLite in WAL mode: back it up with
``briefmap backup`` or with the app stopped), the files of the briefs the user added
(``briefs/``), the places the user added to the gazetteer (``places.toml``) and the names
re-assigned in review (``aliases.toml``, ``briefmap.places.aliases``). It is, in
order of precedence: the ``--data`` option of the CLI, ``$BRIEFMAP_DATA``, the folder of
``$BRIEFMAP_STORE`` (a store file named on its own keeps its added briefs beside it), or the
user data folder of the system (``platformdirs``: ``~/.local/share/briefmap`` on Linux,
``~/Library/Application Support/briefmap`` on macOS, ``%LOCALAPPDATA%\\briefmap`` on Windows).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

STORE_NAME = "briefmap.sqlite"
BRIEFS_FOLDER = "briefs"
LOCAL_GAZETTEER = "places.toml"


@dataclass(frozen=True)
class DataFolder:
    """The data folder ``root`` and the store file in it (``store`` may lie elsewhere only
    when ``$BRIEFMAP_STORE`` or ``--store`` names it: then ``root`` is its folder)."""

    root: Path
    store: Path

    @property
    def briefs(self) -> Path:
        """The added briefs' files, byte for byte as they were added."""
        return self.root / BRIEFS_FOLDER

    @property
    def gazetteer(self) -> Path:
        """The user's own gazetteer additions (``[[place]]`` records as in geodata/)."""
        return self.root / LOCAL_GAZETTEER

    def brief_path(self, relative: str) -> Path:
        """The file of an added brief from its stored path (relative to ``root``)."""
        return self.root / relative


def default_root() -> Path:
    """The data folder when no option names one (see the module docstring)."""
    if os.environ.get("BRIEFMAP_DATA"):
        return Path(os.environ["BRIEFMAP_DATA"]).expanduser()
    if os.environ.get("BRIEFMAP_STORE"):
        return Path(os.environ["BRIEFMAP_STORE"]).expanduser().parent
    import platformdirs

    return Path(platformdirs.user_data_dir("briefmap", appauthor=False))


def data_folder(
    root: str | os.PathLike[str] | None = None, store: str | os.PathLike[str] | None = None
) -> DataFolder:
    """The data folder and its store. Root: ``root``, else ``store``'s folder, else the
    default (see the module docstring). Store: ``store``, else ``<root>/briefmap.sqlite``
    when ``root`` was given, else ``$BRIEFMAP_STORE``, else ``<root>/briefmap.sqlite``."""
    if root is not None:
        base = Path(root).expanduser()
    elif store is not None:
        base = Path(store).expanduser().parent
    else:
        base = default_root()
    if store is not None:
        path = Path(store).expanduser()
    elif root is None and os.environ.get("BRIEFMAP_STORE"):
        path = Path(os.environ["BRIEFMAP_STORE"]).expanduser()
    else:
        path = base / STORE_NAME
    return DataFolder(base, path)


def default_store() -> Path:
    """The store file the dashboard and the CLI use when not told otherwise."""
    return data_folder().store
