"""Where the map's JavaScript and CSS come from: local copies, never a CDN.

``python -m briefmap.vendor`` copies the files out of pinned PyPI packages into
``static/vendor``, which Streamlit serves at ``/app/static/vendor``. Every element drawn by
``layers/`` takes its ``default_js``/``default_css`` from here; an offline HTML export can
pass another ``base`` (a relative folder, or inline the files).
"""

from __future__ import annotations

from collections.abc import Iterable

import branca.element
import folium.elements

#: URL prefix under which the dashboard serves static/vendor
VENDOR_URL = "/app/static/vendor"


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
