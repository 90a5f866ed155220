"""The dashboard's map, and the bridge that brings its clicks and views back to Python.

streamlit-folium's ``st_folium`` renders the whole folium tree on every run (at 10,000
briefs, seconds); the same arguments, rendered once per filter and language by
``base_args`` (the map that stays mounted) and ``layer_args`` (the layers that follow the
filters), go to its component here. The map's clicks and views reach Python through
``map_bridge``, drawn in the panel's fragment, so that they rerun the panel, not the map;
the map follows the selection the panel shows (``.bm-selection[data-place]``) in the
browser (``layers.elements.MapBehaviour``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import folium
import streamlit as st
import streamlit_folium

from briefmap.analysis.themes import load_taxonomy
from briefmap.present.view import crossing_rows
from briefmap.store import Filters
from layers.assets import asset_links
from layers.basemap import basemap_data_script, offline_map
from layers.borders import border_layer
from layers.boundaries import load_boundaries
from layers.crossings import crossing_layer
from layers.edges import drawn_rows, first_view_layer
from layers.elements import Css, MapBehaviour
from layers.event_symbols import event_kinds, event_layer
from layers.flow_lines import flow_layer
from layers.labels import labels_script
from layers.legend import crossing_statuses, flow_kinds, legend_layer
from layers.place_symbols import CSS as PLACES_CSS
from layers.place_symbols import drawn_counts, drawn_places, place_layer
from layers.static_files import static_text
from ui.page_data import StoreKey, crossing_status, map_data
from ui.page_data import events as page_events
from ui.state import K, component_value, select_place
from ui.static_publish import published_url
from ui.store_access import open_store
from ui.view_url import MAX_ZOOM, MIN_ZOOM, finite_number

MAP_HEIGHT = 560  # until the map's script measures the window (MapBehaviour)
MAP_CSS = """
.leaflet-marker-icon.bm-selected { z-index: 100000 !important; }
"""


@st.cache_resource(show_spinner=False)
def boundaries():
    """The country and region polygons, loaded once per server."""
    return load_boundaries()


@st.cache_data(show_spinner=False, max_entries=64)
def flow_data(key: StoreKey, f: Filters) -> list[dict]:
    """Flows found in the briefs' words under ``f`` (each with its ends and excerpt)."""
    return open_store(*key).flows(f)


@st.cache_resource(show_spinner=False)
def basemap_url() -> str | None:
    """The served basemap data with every region's outline (``published_url``), built once
    per server for every language and view (half a second)."""
    return published_url("basemap", basemap_data_script(boundaries(), regions=True))


@st.cache_data(show_spinner=False, max_entries=8)
def base_args(lang: str, keep_view: bool) -> dict:
    """The map that stays mounted: Leaflet, the offline basemap, the borders, the
    behaviour of the dashboard's map; as the arguments streamlit-folium's component takes.
    The basemap's data and the town names are served files (``ui.static_publish``) the
    browser keeps."""
    bounds = boundaries()
    # the basemap's data with every region's outline, and the town names, as served files
    # the browser keeps: a page run sends neither (a fifth and a tenth of it at 10,000 briefs)
    data_url = basemap_url()
    m = offline_map(
        bounds, lang, data_url=data_url,
        labels_url=published_url(f"labels-{lang}", labels_script(lang)),
    )  # fmt: skip
    # Quarter zoom steps, so that "every place" fits snugly (a whole step is a factor 2).
    m.options.update(minZoom=MIN_ZOOM, zoomSnap=0.25, zoomDelta=0.5, worldCopyJump=True)
    m.add_child(Css(PLACES_CSS + MAP_CSS))
    m.add_child(MapBehaviour(keep_view))
    border_layer(bounds, lang).add_to(m)
    m.get_root().render()
    m.render()
    leaflet = streamlit_folium._get_map_string(m)
    js, css = asset_links(m)
    return {
        "script": leaflet,
        "header": streamlit_folium._get_header(m),
        "html": streamlit_folium._get_html(m),
        "id": streamlit_folium.get_full_id(m),
        "js_links": js,
        "css_links": css,
        "hash": streamlit_folium.generate_js_hash(leaflet, "map", False),
        # the page has window.bmRegions (served; inlined, the data leaves them out)
        "shared_regions": data_url is not None,
    }


@st.cache_data(show_spinner=False, max_entries=32)
def layer_args(key: StoreKey, f: Filters, lang: str) -> dict:
    """The layers that follow the filters, rendered once per filter and language: places,
    crossings, flows and the legend of what they draw."""
    taxonomy = load_taxonomy()
    data = map_data(key, f)
    bounds = boundaries()
    only = tuple(x for x in f.themes if x in taxonomy)
    drawn = drawn_places(data["places"], list(taxonomy.ids), data["unthemed"], only)
    flows = flow_data(key, f)
    # the first view and the edge marks first: the places' layer fits it before drawing
    groups = [first_view_layer(drawn_rows(data["places"], drawn), flows, lang, bounds)]
    # the regions' outlines are in the served basemap data (base_args), if it was served
    shared = base_args(lang, False)["shared_regions"]
    places = place_layer(
        data["places"], list(taxonomy), lang, bounds, data["unthemed"], only, drawn=drawn,
        shared_regions=shared,
    )  # fmt: skip
    groups.append(places)
    events = page_events(key, f)
    # the curated crossings with their mentions and their status by the briefs' events,
    # from the rows in hand (each cached reader's hit unpickles its rows again)
    cross = crossing_rows(data["places"], events, crossing_status(key, f))
    groups.append(crossing_layer(cross, lang))
    groups.append(flow_layer(flows, lang))
    groups.append(event_layer(events, lang))
    counts = {k: n for k, n in data["counts"].items() if not only or k in only}
    statuses = crossing_statuses(cross)
    kinds = flow_kinds(flows)
    groups.append(
        legend_layer(
            list(taxonomy),
            counts,
            lang,
            drawn_counts(drawn),
            statuses,
            kinds,
            borders=True,
            events=event_kinds(events),
        )
    )
    host = folium.Map(tiles=None)  # streamlit-folium names the map "map_div" in the script
    script = "".join(
        streamlit_folium._get_feature_group_string(g, host, i) for i, g in enumerate(groups)
    )
    control = folium.LayerControl(collapsed=True, position="topright")
    return {
        "feature_group": script,
        "layer_control": streamlit_folium._get_layer_control_string(control, host),
    }


def map_view(key: StoreKey, f: Filters, lang: str) -> None:
    """The map: a base map that stays mounted, and the layers of the current filters.

    streamlit-folium's ``st_folium`` renders the whole folium tree on every run (at 10,000
    briefs, seconds); the same arguments, rendered once per filter and language by
    ``base_args`` and ``layer_args``, go to its component here. The component returns
    nothing: clicks and views reach Python through ``map_bridge`` in the panel's fragment,
    so that they rerun the panel, not the map."""
    url_view = st.session_state.get(K.url_view)
    base = base_args(lang, bool(url_view))
    layers = layer_args(key, f, lang)
    streamlit_folium._component_func(
        script=base["script"],
        header=base["header"],
        html=base["html"],
        id=base["id"],
        key=base["hash"],
        height=MAP_HEIGHT,
        width=None,
        returned_objects=[],
        default={},
        # The view the link named, applied once to the live map (not a remount).
        zoom=url_view["zoom"] if url_view else None,
        center=(url_view["lat"], url_view["lon"]) if url_view else None,
        feature_group=layers["feature_group"],
        return_on_hover=False,
        layer_control=layers["layer_control"],
        pixelated=False,
        css_links=base["css_links"],
        js_links=base["js_links"],
        wrap_longitude=True,
    )


@st.cache_resource(show_spinner=False)
def _bridge_component():
    """Hands the map's clicks and views to Python (``layers/static/bridge.js``); draws nothing."""
    return st.components.v2.component("briefmap_bridge", js=static_text("bridge.js"))


def map_bridge() -> None:
    """The map's clicks and views, taken where this is drawn: a click selects the place
    (``on_map_select``), a move is remembered for the URL (``on_map_view``)."""
    _bridge_component()(key=K.bridge, on_select_change=on_map_select, on_view_change=on_map_view)


def on_map_select() -> None:
    """A click on the map: select the place (once per click); the map is not moved."""
    choice = component_value(K.bridge, "select")
    if not isinstance(choice, Mapping) or not isinstance(choice.get("place"), str):
        return
    token = str(choice.get("token") or "")
    if token and token == st.session_state.get(K.click):
        return
    st.session_state[K.click] = token
    select_place(choice["place"], centre=False, reader=False)


def on_map_view() -> None:
    """A move of the map by the reader: its view, kept for the URL."""
    view = component_value(K.bridge, "view")
    if isinstance(view, Mapping):
        _remember_view({"center": {"lat": view.get("lat"), "lng": view.get("lon")},
                        "zoom": view.get("zoom")})  # fmt: skip


def _remember_view(value: Mapping) -> None:
    """Keep a view the map reported (Leaflet's ``center``/``zoom``) if it is a usable one:
    finite, the longitude wrapped, the zoom within the map's and in its quarter steps."""
    centre, zoom = value.get("center"), value.get("zoom")
    if not (isinstance(centre, Mapping) and isinstance(zoom, (int, float))):
        return
    try:
        lat, lon = finite_number(str(centre["lat"])), finite_number(str(centre["lng"]))
    except (KeyError, ValueError):
        return
    # Leaflet reports longitudes past ±180 after panning round the world.
    lon = (lon + 180) % 360 - 180
    zoom = min(max(float(zoom), MIN_ZOOM), MAX_ZOOM) if math.isfinite(zoom) else 5
    st.session_state[K.view] = {"lat": lat, "lon": lon, "zoom": round(zoom * 4) / 4}
