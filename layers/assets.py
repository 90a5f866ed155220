"""Where the map's JavaScript and CSS come from: local copies, never a CDN.

``python -m briefmap.vendor`` copies the files out of pinned PyPI packages into
``static/vendor``, which Streamlit serves at ``/app/static/vendor``. Every element drawn by
``layers/`` takes its ``default_js``/``default_css`` from here; an offline HTML export can
pass another ``base`` (a relative folder, or inline the files).

Our own scripts live in ``layers/static/*.js`` (package data), where JavaScript tooling
can read them, and are read as text by :func:`script`: the map's behaviour and symbols
(each file one named function, which an element's template calls with its data, so a saved
map carries its scripts inline) and the page's components (``bridge.js``, ``excerpts.js``,
``reader.js``: ES modules for ``st.components.v2``). A template that only hands data to
one Leaflet call (a tooltip, an area) stays a template.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import branca.element
import folium.elements

#: URL prefix under which the dashboard serves static/vendor
VENDOR_URL = "/app/static/vendor"
#: our own scripts (package data: pyproject ships ``layers/static/*.js``)
SCRIPTS_DIR = Path(__file__).resolve().parent / "static"


@functools.cache
def script(name: str) -> str:
    """The text of ``layers/static/<name>`` (read once per process). ``ValueError`` for a
    name that is not a plain ``.js`` file name; ``FileNotFoundError`` when it is missing."""
    if Path(name).name != name or not name.endswith(".js"):
        raise ValueError(f"not a script of layers/static: {name!r}")
    return (SCRIPTS_DIR / name).read_text(encoding="utf-8")


def leaflet_js(base: str = VENDOR_URL) -> list[tuple[str, str]]:
    return [("leaflet", f"{base}/leaflet/leaflet.js")]


def leaflet_css(base: str = VENDOR_URL) -> list[tuple[str, str]]:
    return [("leaflet_css", f"{base}/leaflet/leaflet.css")]


def asset_links(root: branca.element.Element) -> tuple[list[str], list[str]]:
    """Every JS and CSS URL the elements under ``root`` ask for (as st_folium collects them:
    the ``default_js``/``default_css`` of each element), in order, without repeats."""
    js: list[str] = []
    css: list[str] = []

    def walk(el: branca.element.Element) -> Iterable[branca.element.Element]:
        yield el
        for child in getattr(el, "_children", {}).values():
            yield from walk(child)

    for el in walk(root):
        if isinstance(el, folium.elements.JSCSSMixin) or hasattr(el, "default_js"):
            js.extend(src for _, src in getattr(el, "default_js", []))
            css.extend(href for _, href in getattr(el, "default_css", []))
    return list(dict.fromkeys(js)), list(dict.fromkeys(css))
