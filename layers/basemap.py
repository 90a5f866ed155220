"""The map itself: Leaflet from local files, an offline basemap drawn from ``geodata/``.

``offline_map`` returns a ``folium.Map`` whose only JavaScript and CSS are the local
Leaflet files (no Bootstrap, jQuery, Awesome Markers or Font Awesome from CDNs), with the
land of ``geodata/boundaries``, its rivers and lakes and the names of towns
(``layers.labels``) as its default base layer, and online tiles only as an option in the
layer control (not added to the map, so they ask for nothing until chosen). The map is the
same for every view of the dashboard, so streamlit-folium keeps it mounted; the layers that
depend on filters are added to it separately.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import folium
from folium.template import Template

from briefmap.i18n import t
from layers.assets import VENDOR_URL, leaflet_css, leaflet_js
from layers.boundaries import DEFAULT_PATH, Boundaries, load_boundaries
from layers.crossings import CSS as CROSSING_CSS
from layers.edges import CSS as EDGE_CSS
from layers.elements import BasemapData, Css, Land, MapManners, Panes, Scripted, js_json
from layers.event_symbols import CSS as EVENT_CSS
from layers.labels import CSS as LABEL_CSS
from layers.labels import TownLabels, ZoomClasses
from layers.legend import CSS as LEGEND_CSS

#: Where the region of the briefs is, for the first view
HOME = (54.5, 27.0)
HOME_ZOOM = 5
SEA = "#d7e6ef"
LAND = "#f4f1ea"
COAST = "#b9b3a6"
RIVER = "#8db6d0"
WATER_PATH = DEFAULT_PATH.with_name("water.geojson")
WORLD_LAND_PATH = DEFAULT_PATH.with_name("world_land.geojson")

_CSS = f"""
.leaflet-container {{ background: {SEA}; font: 13px/1.4 system-ui, sans-serif; }}
.leaflet-popup-content mark, .leaflet-tooltip mark {{ background: #ffe58a; padding: 0 1px; }}
.bm-cite {{ color: #555; font-size: 11px; margin-top: 4px; }}
.bm-swatch {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin: 0 4px 0 2px; vertical-align: -1px; }}
.leaflet-tooltip {{ white-space: normal; width: max-content; max-width: 320px; }}
.bm-label-hidden {{ visibility: hidden !important; }}
"""
_CSS += CROSSING_CSS + LABEL_CSS + LEGEND_CSS + EDGE_CSS + EVENT_CSS


class OfflineMap(folium.Map):
    """``folium.Map`` that loads Leaflet from ``vendor`` and nothing else."""

    def __init__(self, *args, vendor: str = VENDOR_URL, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Instance attributes shadow folium's class-level CDN lists.
        self.default_js = leaflet_js(vendor)
        self.default_css = leaflet_css(vendor)


def offline_map(
    boundaries: Boundaries | None = None,
    language: str = "en",
    vendor: str = VENDOR_URL,
    online_tiles: bool = True,
    data_url: str | None = None,
    labels_url: str | None = None,
) -> folium.Map:
    """A map of the briefs' region with the offline basemap and, if ``online_tiles``, an
    OpenStreetMap base layer to switch to (off by default). The basemap's data
    (:func:`basemap_data_script`) is inlined, or loaded from ``data_url`` when given (a
    served copy of that script); the town names likewise from ``labels_url`` (a served
    ``layers.labels.labels_script(language)``)."""
    b = boundaries or load_boundaries()
    m = OfflineMap(
        location=HOME,
        zoom_start=HOME_ZOOM,
        tiles=None,
        min_zoom=3,
        max_zoom=12,
        control_scale=True,
        vendor=vendor,
    )
    m.add_child(Css(_CSS))
    m.add_child(Panes())
    m.add_child(MapManners())
    # served: the script is not put in the page, so it is not built here either
    m.add_child(BasemapData("" if data_url else basemap_data_script(b), data_url))
    m.add_child(ZoomClasses())
    basemap_layer(language, labels_url).add_to(m)
    if online_tiles:
        folium.TileLayer(
            "OpenStreetMap",
            name=t("layer_osm", language),
            overlay=False,
            show=False,
            control=True,
            max_zoom=12,
        ).add_to(m)
    return m


def basemap_data_script(boundaries: Boundaries | None = None, regions: bool = False) -> str:
    """The data the basemap draws, as one script that is the same for every page and
    language: ``window.bmCountries`` (the outline of every country in the boundary data),
    ``window.bmWorldLand`` (:func:`world_land_json`) and ``window.bmWater``
    (:func:`water_json`); with ``regions``, ``window.bmRegions`` too (ISO 3166-2 code ->
    the drawn outline of every region in the boundary data, which ``RegionArea`` reads:
    the dashboard serves this script as a file, so no page run sends an outline)."""
    b = boundaries or load_boundaries()
    countries = js_json({c: b.drawn(c) for c in sorted(b.countries)})
    out = (
        f"window.bmCountries = {countries};\n"
        f"window.bmWorldLand = {world_land_json()};\n"
        f"window.bmWater = {water_json()};\n"
    )
    if regions:
        shapes = b.regions()
        outlines = js_json({c: shapes.drawn(c) for c in sorted(shapes.shapes)})
        out += f"window.bmRegions = {outlines};\n"
    return out


def basemap_layer(language: str = "en", labels_url: str | None = None) -> folium.FeatureGroup:
    """The land of every country in the boundary data (``window.bmCountries``, defined by
    ``offline_map``), filled, with its rivers and lakes (``window.bmWater``) and the names
    of its towns, as a base layer; under it, the land of the rest of the world at 1:110m
    (``window.bmWorldLand``), so far places are not drawn in the sea."""
    group = folium.FeatureGroup(name=t("layer_basemap", language), overlay=False, show=True)
    group.add_child(WorldLand())
    group.add_child(Land({"color": COAST, "weight": 0.6, "fillColor": LAND, "fillOpacity": 1}))
    group.add_child(Water())
    group.add_child(TownLabels(language, url=labels_url))
    return group


@lru_cache(maxsize=2)
def water_json(path: str | Path | None = None) -> str:
    """``geodata/boundaries/water.geojson`` (rivers and lakes) as compact JSON safe inside a
    ``<script>``; an empty collection when the file is missing."""
    p = Path(path or WATER_PATH)
    data = (
        json.loads(p.read_text(encoding="utf-8"))
        if p.exists()
        else {"type": "FeatureCollection", "features": []}
    )
    return js_json({"type": "FeatureCollection", "features": data["features"]})


@lru_cache(maxsize=2)
def world_land_json(path: str | Path | None = None) -> str:
    """``geodata/boundaries/world_land.geojson`` (the world's land outside the detailed box,
    Natural Earth 1:110m) as compact JSON safe inside a ``<script>``; an empty collection
    when the file is missing."""
    p = Path(path or WORLD_LAND_PATH)
    data = (
        json.loads(p.read_text(encoding="utf-8"))
        if p.exists()
        else {"type": "FeatureCollection", "features": []}
    )
    return js_json({"type": "FeatureCollection", "features": data["features"]})


class WorldLand(Scripted):
    """The world's land at low detail (``window.bmWorldLand``, a GeoJSON FeatureCollection
    of polygons), filled like the land, under everything, not clickable."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.geoJSON(window.bmWorldLand, {pane: "bm-land", interactive: false,
                style: {{ this.style|tojson }}}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "WorldLand"
        self.style = {"color": COAST, "weight": 0.5, "fillColor": LAND, "fillOpacity": 1}


class Water(Scripted):
    """Lakes (filled like the sea) and rivers (thin lines) over the land, not clickable:
    ``window.bmWater``, a GeoJSON FeatureCollection whose features have ``kind``
    lake/river."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.geoJSON(window.bmWater, {
                pane: "bm-land", interactive: false,
                style: function (f) {
                    return f.properties.kind === "lake"
                        ? {{ this.lake|tojson }} : {{ this.river|tojson }};
                }
            }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "Water"
        self.lake = {"color": RIVER, "weight": 0.6, "fillColor": SEA, "fillOpacity": 1}
        self.river = {"color": RIVER, "weight": 1.1, "opacity": 0.9}
