"""Exports of a view of the store: one entry, :func:`export`, for every format.

A view (``briefmap.present.view.View``) is what the dashboard shows. Formats, each drawn or
written by its own module:

- ``html`` (``html_export``): ONE file that works with no network: the map with its layers
  and legend, and the briefing player, with Leaflet, every style and image inlined;
- ``geojson``, ``csv``, ``gpkg`` (``data_files``): the mentions and flows as data, rows of
  ``briefmap.records``;
- ``png`` / ``svg`` (``picture``): a picture of the view for a slide, with its legend and a
  source line.

:func:`export` checks the view first (an unknown brief or theme is a coded
``ExportError``), then writes to a temporary name next to ``out`` and renames it into
place, so a failed export never leaves a half-written file. SQL stays in
``briefmap.store``.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path

from briefmap.errors import Errors, ExportError
from briefmap.present.data_files import write_csv, write_geojson, write_gpkg
from briefmap.present.html_export import write_html
from briefmap.present.picture import draw_picture
from briefmap.present.view import View, check_view, resolve, steps_of
from briefmap.store import Store

FORMATS = ("html", "geojson", "csv", "gpkg", "png", "svg")
MIME = {
    "html": "text/html",
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "gpkg": "application/geopackage+sqlite3",
    "png": "image/png",
    "svg": "image/svg+xml",
}
#: the default view: the whole store, unfiltered (a View is frozen, so one can be shared)
_WHOLE = View()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


@contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    """A temporary file next to ``out`` (yielded as a path), renamed to ``out`` when the
    block succeeds and removed when it fails."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=f".part{out.suffix}", dir=out.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if tmp_path.exists():  # mkstemp makes it private: give it the usual permissions
            os.chmod(tmp_path, 0o666 & ~_UMASK)
        os.replace(tmp_path, out)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_picture(store: Store, view: View, out: Path, fmt: str = "png", **kw) -> Path:
    """The picture of the view (``briefmap.present.picture``) as PNG or SVG."""
    draw_picture(store, view, out, fmt, **kw)
    return out


def export(
    store: Store, fmt: str, out: Path | str, view: View = _WHOLE, flows: bool = False
) -> Path:
    """Write ``view`` of ``store`` in ``fmt`` (one of :data:`FORMATS`) to ``out``."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ExportError(Errors.E204.format(fmt=fmt, known=", ".join(FORMATS)))
    if view.briefing:
        steps_of(store, view)  # a briefing that does not fit the store says why, step by step
    view = resolve(view)
    check_view(store, view)
    writers: dict[str, Callable[[Store, View, Path], Path]] = {
        "html": write_html,
        "geojson": write_geojson,
        "csv": partial(write_csv, flows=flows),
        "gpkg": write_gpkg,
        "png": partial(write_picture, fmt="png"),
        "svg": partial(write_picture, fmt="svg"),
    }
    with _atomic(out) as tmp:
        writers[fmt](store, view, tmp)
    return out


def export_bytes(store: Store, fmt: str, view: View = _WHOLE, flows: bool = False) -> bytes:
    """The file :func:`export` would write, as bytes (for the page's download buttons)."""
    with tempfile.TemporaryDirectory(prefix="briefmap-export-") as d:
        path = export(store, fmt, Path(d) / f"view.{fmt}", view, flows=flows)
        return path.read_bytes()


def file_name(view: View, fmt: str, flows: bool = False, today: date | None = None) -> str:
    """A file name for an export of ``view``: ``briefmap-<brief or briefing>-<date>.<fmt>``."""
    what = "view"
    if view.briefing:
        what = Path(view.briefing).stem
    elif len(view.filters.briefs) == 1:
        what = view.filters.briefs[0]
    what = re.sub(r"[^A-Za-z0-9_.-]+", "-", what)[:60]
    suffix = "-flows" if flows and fmt == "csv" else ""
    return f"briefmap-{what}{suffix}-{(today or date.today()).isoformat()}.{fmt}"
