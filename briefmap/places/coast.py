"""Is a place on the sea? Offline, from the shipped land geometry.

A port kind word ("terminal naftowy w Wysocku", "the port of Poti") prefers, among a name's
same-name candidates, the one on a coast (``geo_resolve.Chooser``). A place is *coastal*
when some point 6, 12 or 20 km from it, in one of 16 directions, lies on no land: inside
the box of ``geodata/boundaries/countries.geojson`` (Natural Earth 1:10m) on no country, outside it
off ``world_land.geojson`` (Natural Earth 1:110m, the box cut out). The lakes and lagoons
of ``water.geojson`` count as water too, although the country polygons cover some of them
(the Vistula Lagoon): Kaliningrad and Elbląg are ports on a lagoon, Pskov on a lake. A
river does not count.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

from briefmap.shipped import GEODATA_DIR

BOUNDARIES = GEODATA_DIR / "boundaries"
# The box countries.geojson is clipped to (scripts/build_boundaries.py): lon 5..50, lat 40..72.
_BOX = (5.0, 40.0, 50.0, 72.0)
# How far from a place the sea may begin for it to be a port town (the 1:10m coast is about
# 1 km exact, the 1:110m one some 10 km): several rings, as a narrow estuary or bay shows
# as water at one distance and land at another.
_REACH_KM = (6.0, 12.0, 20.0)
_DIRECTIONS = 16


@lru_cache(maxsize=1)
def _land():
    """(STRtree of the box's country polygons, the polygons prepared, world land prepared).
    Shapely is imported here, on the first port word, not when the geoparser is."""
    from shapely import STRtree
    from shapely.geometry import shape
    from shapely.prepared import prep

    polys = []
    for f in json.loads((BOUNDARIES / "countries.geojson").read_text(encoding="utf-8"))["features"]:
        g = shape(f["geometry"])
        polys.extend(getattr(g, "geoms", [g]))
    world = json.loads((BOUNDARIES / "world_land.geojson").read_text(encoding="utf-8"))
    world_land = [prep(shape(f["geometry"])) for f in world["features"]]
    water = json.loads((BOUNDARIES / "water.geojson").read_text(encoding="utf-8"))
    lakes = [shape(f["geometry"]) for f in water["features"] if f["properties"]["kind"] == "lake"]
    return STRtree(polys), [prep(p) for p in polys], world_land, STRtree(lakes), lakes


def _on_land(lon: float, lat: float) -> bool:
    from shapely.geometry import Point

    tree, prepared, world, lake_tree, lakes = _land()
    pt = Point(lon, lat)
    x0, y0, x1, y1 = _BOX
    if x0 <= lon <= x1 and y0 <= lat <= y1:
        if any(lakes[k].covers(pt) for k in lake_tree.query(pt)):
            return False
        return any(prepared[k].covers(pt) for k in tree.query(pt))
    return any(w.covers(pt) for w in world)


@lru_cache(maxsize=4096)
def coastal(lat: float, lon: float) -> bool:
    """Does the sea (or a large lake) begin within about 20 km of (lat, lon)?"""
    for reach in _REACH_KM:
        dlat = reach / 111.2
        dlon = dlat / max(math.cos(math.radians(lat)), 0.05)
        for k in range(_DIRECTIONS):
            a = 2 * math.pi * k / _DIRECTIONS
            if not _on_land(lon + dlon * math.sin(a), lat + dlat * math.cos(a)):
                return True
    return False
