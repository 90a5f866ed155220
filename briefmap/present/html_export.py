"""The map of a view with the briefing player, as a page or as one offline HTML file.

:func:`briefing_map` draws the view's map (offline basemap, theme layers, crossings,
borders, flows, legend) with the briefing player (``layers.briefing_player``) on it; the
dashboard's briefing page shows it with Leaflet served by the app. :func:`html_document`
renders it, and for the export (:func:`export_html`) inlines every script and style it
links (images in styles as data URIs) from the pinned ``xstatic`` packages, so the file
works with no network. Its texts are escaped by ``layers.escape``, as on the page.
"""

from __future__ import annotations

import base64
import importlib
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

import folium

from briefmap import i18n
from briefmap.analysis.themes import load_taxonomy
from briefmap.errors import Errors, ExportError
from briefmap.i18n import t
from briefmap.present.steps import Steps
from briefmap.present.view import MapData, View, autoplay, map_data, resolve, steps_of, view_title
from briefmap.store import Store
from layers.basemap import offline_map
from layers.borders import border_layer
from layers.boundaries import load_boundaries
from layers.briefing_player import BriefingPlayer, player_steps
from layers.crossings import crossing_layer
from layers.edges import drawn_rows, first_view_layer
from layers.escape import escape
from layers.event_symbols import event_kinds, event_layer
from layers.flow_lines import flow_layer
from layers.legend import crossing_statuses, flow_kinds, legend_layer
from layers.place_symbols import drawn_counts, drawn_places, place_layer

#: the prefix the map's script and style links get while rendering, replaced by the files
_INLINE = "bm-inline:"
#: where each inlined library file is read from: folder under static/vendor -> package
_VENDOR_PACKAGES = {"leaflet": "xstatic.pkg.leaflet"}


def briefing_map(
    store: Store,
    view: View,
    vendor: str | None = None,
    steps: Steps | None = None,
    data: MapData | None = None,
) -> folium.Map:
    """The folium map of ``view`` with every layer and the briefing player. ``vendor`` is
    the URL prefix of Leaflet (``layers.assets.VENDOR_URL`` on the page); ``None`` marks
    the links for :func:`html_document` to inline."""
    lang = i18n.language(view.language)
    steps = steps if steps is not None else steps_of(store, view)
    view = resolve(view)
    data = data or map_data(store, view.filters)
    taxonomy = list(load_taxonomy())
    bounds = load_boundaries()
    m = offline_map(bounds, lang, vendor=vendor or _INLINE, online_tiles=False)
    borders = border_layer(bounds, lang).add_to(m)
    ids = [th.id for th in taxonomy]
    only = tuple(x for x in view.filters.themes if x in ids)
    shown = drawn_rows(data.places, drawn_places(data.places, ids, data.unthemed, only))
    # the first view and its edge marks, before the places (see layers.edges)
    first_view_layer(shown, data.flows, lang, bounds).add_to(m)
    places = place_layer(
        data.places, taxonomy, lang, bounds, data.unthemed, only, examples=data.examples
    )
    themes = [places.add_to(m)]
    crossings = crossing_layer(data.crossings, lang).add_to(m)
    flows = flow_layer(data.flows, lang).add_to(m)
    event_layer(data.events, lang).add_to(m)
    drawn = drawn_counts(drawn_places(data.places, ids, data.unthemed, only))
    counts = {k: n for k, n in data.counts.items() if not only or k in only}
    legend_layer(
        taxonomy,
        counts,
        lang,
        drawn,
        crossing_statuses(data.crossings),
        flow_kinds(data.flows),
        borders=True,
        events=event_kinds(data.events),
    ).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    title = view_title(store, view, steps)
    more = ""
    if steps.total > len(steps):
        more = t("brief_more", lang, shown=len(steps), total=steps.total)
    m.add_child(
        BriefingPlayer(
            player_steps(steps.steps, lang, bounds),
            {"themes": themes, "flows": [flows], "crossings": [crossings], "borders": [borders]},
            language=lang,
            title=title,
            start=view.start,
            autoplay=autoplay(view),
            more=more,
        )
    )
    m.get_root().title = escape(title)  # branca puts it into <title> as it is
    return m


def html_document(m: folium.Map, inline: bool = True) -> str:
    """The map as one HTML document; with ``inline``, every script and style it links is
    put into the page (images in styles as data URIs). Raises ``ExportError`` if anything
    would still be fetched from elsewhere."""
    html = m.get_root().render()
    if not inline:
        return html

    def script(match: re.Match) -> str:
        code = _vendor_file(match.group(1)).decode("utf-8")
        code = re.sub(r"//# sourceMappingURL=\S+", "", code)
        return "<script>" + code.replace("</script", "<\\/script") + "</script>"

    def style(match: re.Match) -> str:
        name = match.group(1)
        css = _vendor_file(name).decode("utf-8")
        folder = name.rsplit("/", 1)[0]
        css = re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", css)
        css = re.sub(
            r"url\((['\"]?)([^)'\"]+)\1\)",
            lambda u: _data_url(folder, u.group(2)),
            css,
        )
        return "<style>" + css.replace("</style", "<\\/style") + "</style>"

    html = re.sub(rf'<script src="{_INLINE}/([^"]+)"></script>', script, html)
    html = re.sub(rf'<link rel="stylesheet" href="{_INLINE}/([^"]+)"\s*/?>', style, html)
    leftover = re.findall(
        r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["'](?!data:)""", html
    )
    if leftover or _INLINE in html:
        raise ExportError(Errors.E206.format(files=leftover[:3]))
    return html


def _data_url(folder: str, ref: str) -> str:
    if ref.startswith(("data:", "#")):
        return f"url({ref})"
    body = _vendor_file(f"{folder}/{ref}")
    mime = mimetypes.guess_type(ref)[0] or "application/octet-stream"
    return f"url(data:{mime};base64,{base64.b64encode(body).decode('ascii')})"


@lru_cache(maxsize=16)
def _vendor_file(name: str) -> bytes:
    """A file of static/vendor by its path there (``leaflet/leaflet.js``), read from the
    pinned package that ships it, so an export needs no ``make assets``."""
    folder, _, rest = name.partition("/")
    module = _VENDOR_PACKAGES.get(folder)
    if module is None:
        raise ExportError(Errors.E207.format(name=name))
    base = Path(importlib.import_module(module).BASE_DIR)
    path = (base / rest).resolve()
    if base.resolve() not in path.parents:
        raise ExportError(Errors.E208.format(name=name))
    return path.read_bytes()


def export_html(store: Store, view: View) -> str:
    """The offline HTML presentation of ``view`` as text."""
    return html_document(briefing_map(store, view, vendor=None), inline=True)


def write_html(store: Store, view: View, out: Path) -> Path:
    """Write :func:`export_html` of ``view`` to ``out`` (UTF-8)."""
    out.write_text(export_html(store, view), encoding="utf-8")
    return out
