"""The country and region polygons of ``geodata/boundaries`` (Natural Earth, public domain),
each file read once.

Geometry for drawing is simplified (``DRAW_TOLERANCE`` degrees) and rounded, so the offline
basemap stays small enough to send with every rerun; derived lines (land borders, the
Suwałki gap) are computed from the full-resolution polygons and simplified afterwards.
A region of the gazetteer (``kind = "region"``) is linked to its polygon in
``regions.geojson`` by its ISO 3166-2 code (``iso3166_2`` in ``places.toml``/``world.toml``):
``Boundaries.region(place)``.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiLineString, mapping, shape
from shapely.geometry.base import BaseGeometry

from briefmap.shipped import GEODATA_DIR

DEFAULT_PATH = GEODATA_DIR / "boundaries" / "countries.geojson"
REGIONS_PATH = DEFAULT_PATH.with_name("regions.geojson")
DRAW_TOLERANCE = 0.01  # degrees, about 1 km: invisible at the zoom levels of the region
_GRID = 0.0001  # coordinates rounded to ~10 m for drawing


@dataclass(eq=False)
class Boundaries:
    """Country polygons by ISO 3166-1 alpha-2 code, with their English names."""

    countries: dict[str, BaseGeometry]
    names: dict[str, str]
    source: str = ""
    _drawn: dict[str, dict] = field(default_factory=dict, repr=False)
    #: the regions file; ``None``: ``geodata/boundaries/regions.geojson``, read on first use
    regions_path: Path | None = None

    def __contains__(self, iso2: object) -> bool:
        return iso2 in self.countries

    def drawn(self, iso2: str) -> dict:
        """The simplified GeoJSON geometry of a country, for drawing."""
        if iso2 not in self._drawn:
            self._drawn[iso2] = mapping(simplified(self.countries[iso2]))
        return self._drawn[iso2]

    def land(self) -> dict:
        """All countries as one GeoJSON FeatureCollection (simplified), for the basemap."""
        return {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"iso2": c}, "geometry": self.drawn(c)}
                for c in sorted(self.countries)
            ],
        }

    def regions(self) -> Regions:
        """The region polygons (read once per file, cached)."""
        return load_regions(self.regions_path)

    def region(self, place: Mapping) -> BaseGeometry | None:
        """The polygon of a region-level place (a gazetteer record or a store row), or
        ``None`` when the place has no ISO 3166-2 code or the file has no such region."""
        code = region_code(place)
        regions = self.regions()
        return regions.shapes.get(code) if code else None

    def region_drawn(self, place: Mapping) -> dict | None:
        """``region(place)`` simplified for drawing, as a GeoJSON geometry, or ``None``."""
        code = region_code(place)
        regions = self.regions()
        return regions.drawn(code) if code and code in regions.shapes else None

    def shared_border(self, a: str, b: str) -> BaseGeometry:
        """The land border of countries ``a`` and ``b`` (lines; empty if they do not touch)."""
        return _shared(self.countries[a], self.countries[b])


@dataclass(eq=False)
class Regions:
    """First-level region polygons by ISO 3166-2 code, with their file's properties."""

    shapes: dict[str, BaseGeometry]
    properties: dict[str, dict]
    source: str = ""
    _drawn: dict[str, dict] = field(default_factory=dict, repr=False)

    def drawn(self, code: str) -> dict:
        """The simplified GeoJSON geometry of a region, for drawing."""
        if code not in self._drawn:
            self._drawn[code] = mapping(simplified(self.shapes[code]))
        return self._drawn[code]


@lru_cache(maxsize=2)
def _load_regions(path: str, _mtime_ns: int) -> Regions:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    shapes: dict[str, BaseGeometry] = {}
    props: dict[str, dict] = {}
    for feat in data["features"]:
        code = feat["properties"]["iso3166_2"]
        shapes[code] = shape(feat["geometry"])
        props[code] = dict(feat["properties"])
    return Regions(shapes, props, data.get("source", ""))


def load_regions(path: str | Path | None = None) -> Regions:
    """The regions in ``path`` (default ``geodata/boundaries/regions.geojson``), cached
    until the file changes; no regions (every region a circle) when the file is missing."""
    resolved = Path(path or REGIONS_PATH).resolve()
    if not resolved.exists():
        return Regions({}, {}, "")
    return _load_regions(str(resolved), resolved.stat().st_mtime_ns)


def region_code(place: Mapping) -> str | None:
    """The ISO 3166-2 code of a region-level place: its ``iso3166_2`` (a gazetteer record)
    or ``attrs.iso3166_2`` (a store row), else that of the curated record with its id (a
    store built before the field existed)."""
    attrs = place.get("attrs") or {}
    code = place.get("iso3166_2") or (
        attrs.get("iso3166_2") if isinstance(attrs, Mapping) else None
    )
    if not code:
        code = _curated_region_codes().get(str(place.get("id") or ""))
    return str(code) if code else None


@lru_cache(maxsize=1)
def _curated_region_codes() -> dict[str, str]:
    from briefmap.places.curated import GEODATA_DIR, load_curated

    codes: dict[str, str] = {}
    for name in ("places.toml", "world.toml"):
        path = GEODATA_DIR / name
        if path.exists():
            codes.update({r["id"]: r["iso3166_2"] for r in load_curated(path) if "iso3166_2" in r})
    return codes


def simplified(geom: BaseGeometry, tolerance: float = DRAW_TOLERANCE) -> BaseGeometry:
    return shapely.set_precision(geom.simplify(tolerance, preserve_topology=True), _GRID)


def _shared(ga: BaseGeometry, gb: BaseGeometry) -> BaseGeometry:
    if not ga.envelope.intersects(gb.envelope):
        return MultiLineString()
    # Natural Earth's countries come from one topology, so neighbours share exact vertices;
    # the intersection of their outlines is their common border.
    common = ga.boundary.intersection(gb.boundary)
    parts = getattr(common, "geoms", [common])
    lines = [g for g in parts if isinstance(g, LineString) and not g.is_empty]
    if not lines:
        return MultiLineString()
    return shapely.line_merge(MultiLineString(lines))


@lru_cache(maxsize=2)
def _load(path: str, _mtime_ns: int) -> Boundaries:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    countries: dict[str, BaseGeometry] = {}
    names: dict[str, str] = {}
    for feat in data["features"]:
        iso2 = feat["properties"]["iso2"]
        countries[iso2] = shape(feat["geometry"])
        names[iso2] = feat["properties"].get("name", iso2)
    return Boundaries(countries, names, data.get("source", ""))


def load_boundaries(path: str | Path | None = None) -> Boundaries:
    """The boundaries in ``path`` (default ``geodata/boundaries/countries.geojson``), cached
    until the file changes."""
    resolved = Path(path or DEFAULT_PATH).resolve()
    return _load(str(resolved), resolved.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def land_borders(b: Boundaries) -> list[tuple[str, str, BaseGeometry]]:
    """Every pair of neighbouring countries with their common land border (simplified)."""
    codes = sorted(b.countries)
    out: list[tuple[str, str, BaseGeometry]] = []
    for i, a in enumerate(codes):
        for c in codes[i + 1 :]:
            line = _shared(b.countries[a], b.countries[c])
            if not line.is_empty:
                out.append((a, c, simplified(line, DRAW_TOLERANCE / 2)))
    return out


def suwalki_gap(b: Boundaries) -> LineString:
    """The Poland–Lithuania border, which runs from the Belarus tripoint to the Kaliningrad
    Oblast (Russia) tripoint: the Suwałki gap. Derived from the polygons, checked to touch
    both Belarus and Russia at its ends; ``ValueError`` when the data say otherwise."""
    line = b.shared_border("PL", "LT")
    if isinstance(line, MultiLineString):
        line = max(line.geoms, key=lambda g: g.length)
    if not isinstance(line, LineString) or line.is_empty:
        raise ValueError("Poland and Lithuania share no border in the boundary data")
    ends = [shapely.Point(line.coords[0]), shapely.Point(line.coords[-1])]
    touch = {c: min(b.countries[c].distance(p) for p in ends) for c in ("BY", "RU")}
    if max(touch.values()) > 0.01:
        raise ValueError(f"the Poland–Lithuania border does not end at Belarus and Russia: {touch}")
    return line


def length_km(line: BaseGeometry) -> float:
    """Approximate length in km of a lon/lat line (equirectangular, fine at this scale)."""
    total = 0.0
    for part in getattr(line, "geoms", [line]):
        coords = list(part.coords)
        for (x1, y1), (x2, y2) in itertools.pairwise(coords):
            k = math.cos(math.radians((y1 + y2) / 2))
            total += math.hypot((x2 - x1) * k, y2 - y1) * 111.32
    return total
