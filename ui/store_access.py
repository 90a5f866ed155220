"""The corpus store for the Streamlit pages: one read-only connection per store file.

Every page (``dashboard.py`` and ``pages/``) reads the store through here, so there is one
way to open it and one cache key:

- :func:`current_store` keeps one read-only :class:`Store` per store path for the whole
  server. The build and the library write the same file in place (SQLite in WAL mode), and
  a read connection sees each commit as it lands. When the file is *replaced* (another
  inode: a store too old to migrate moved aside and built anew), the old connection is
  closed before the new one opens, so the server never holds a deleted store open.
- :func:`store_key` is ``(path, inode, revision)``: ``briefmap.store.revision`` grows with
  every write (the file's time does not, in WAL mode), so everything cached per key is
  read again after a write, and only then.

Kept apart from ``dashboard.py`` so that other pages can share it without importing the
dashboard (importing a page runs it).
"""

from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

from briefmap.datafolder import default_store
from briefmap.i18n import t
from briefmap.store import Store

_LOCK = threading.Lock()


def store_path() -> Path:
    """The store the pages read: ``$BRIEFMAP_STORE``, else the data folder's
    (``briefmap.datafolder``). Read at every call, so a page run sees the environment it
    was started with."""
    return default_store()


@st.cache_resource(show_spinner=False)
def _open_stores() -> dict[str, tuple[int, Store]]:
    """path -> (inode, Store): the server's open stores (one dict per server process)."""
    return {}


def current_store(path: Path | str | None = None) -> Store:
    """The one read-only Store of ``path`` (see the module docstring). Raises what
    ``Store`` raises for a missing, foreign or outdated file."""
    path = Path(path) if path is not None else store_path()
    inode = path.stat().st_ino
    stores = _open_stores()
    with _LOCK:
        held = stores.get(str(path))
        if held is not None and held[0] == inode:
            return held[1]
        if held is not None:
            held[1].close()  # the file was replaced: let go of the deleted one
            del stores[str(path)]
        store = Store(path)
        stores[str(path)] = (inode, store)
        return store


def store_key(path: Path | str | None = None) -> tuple[str, int, int]:
    """``(path, inode, revision)`` of the store: the cache key of everything read from it."""
    path = Path(path) if path is not None else store_path()
    store = current_store(path)
    return str(path), path.stat().st_ino, store.revision()


def open_store(path: str, inode: int = 0, revision: int = 0) -> Store:
    """The store a :func:`store_key` names (``open_store(*key)`` inside cached readers)."""
    return current_store(path)


def store_key_or_stop(lang: str) -> tuple[str, int, int]:
    """The store's :func:`store_key`, or the page stops with why there is none (no store
    yet, or one that cannot be opened) in ``lang`` — the opening of every page but the
    dashboard, which shows its title and the outdated case apart."""
    if not store_path().exists():
        st.error(t("no_store", lang, path=store_path()))
        st.stop()
    key = store_key()
    try:
        open_store(*key)
    except Exception as exc:  # a corrupt or outdated store: say so instead of a traceback
        st.error(t("store_error", lang, path=store_path(), error=exc))
        st.stop()
    return key
