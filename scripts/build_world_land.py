"""Regenerate ``geodata/boundaries/world_land.geojson``: the land of the whole world at low
zoom, drawn by the offline basemap under its detailed land (which covers only Europe), so
that far places (the United States, China) do not float in empty sea.

Usage::

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_world_land.py "$OLDPWD/package/land-110m.json"
    # (or give the path to package/land-110m.json wherever you unpacked it)

The input is Natural Earth 4.1.0 land at 1:110m (public domain), as TopoJSON in the npm
package ``world-atlas`` 2.0.2 (ISC). The arcs are decoded with the functions of
``build_boundaries.py``; a ring that crosses the antimeridian is followed continuously
past ±180, then cut there and its far part moved back by 360 degrees; a ring around a pole
(Antarctica, which never closes when followed so) is left out, and so is everything beyond
85° (Web Mercator cannot show it), and the box of ``countries.geojson`` (lon 5..50, lat
40..72) is cut out: there the detailed land is drawn, and 1:110m coasts would show beside
its 1:10m ones; coordinates have 2 decimals, and
points closer than 0.05 degrees to a line (about the data's own scale) are dropped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from build_boundaries import BBOX, decode_arcs, polygonal, ring
from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon, box, mapping
from shapely.validation import make_valid

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "briefmap" / "geodata" / "boundaries" / "world_land.geojson"
DECIMALS = 2
SIMPLIFY = 0.05  # degrees: 1:110m data has no detail finer than this


def round_coords(obj):
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, list | tuple):
        return [round_coords(o) for o in obj]
    if isinstance(obj, dict):
        return {k: round_coords(v) for k, v in obj.items()}
    return obj


def continuous(pts: list[tuple[float, float]]) -> list[tuple[float, float]] | None:
    """The ring followed without jumps of longitude (a step of more than 180 degrees is a
    crossing of the antimeridian); ``None`` for a ring that does not close so (one around
    a pole)."""
    out, shift = [], 0.0
    for i, (x, y) in enumerate(pts):
        if i and abs(x + shift - out[-1][0]) > 180:
            shift += 360.0 if out[-1][0] > x + shift else -360.0
        out.append((x + shift, y))
    if abs(out[0][0] - out[-1][0]) > 1e-6:
        return None
    return out


def land(obj: dict, arcs: list[list[tuple[float, float]]]):
    """The (Multi)Polygon of a TopoJSON Polygon/MultiPolygon, rings made continuous."""
    polys = [obj["arcs"]] if obj["type"] == "Polygon" else obj["arcs"]
    parts = []
    for rings in polys:
        rs = [continuous(ring(r, arcs)) for r in rings]
        if rs[0] is None or len(rs[0]) < 4:
            continue
        poly = Polygon(rs[0], [r for r in rs[1:] if r and len(r) >= 4])
        poly = poly if poly.is_valid else polygonal(make_valid(poly))
        if poly is not None:
            parts.extend(getattr(poly, "geoms", [poly]))
    return MultiPolygon(parts) if parts else None


def build(src: Path) -> dict:
    topology = json.loads(src.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    world = box(-180, -85, 180, 85).difference(box(*BBOX))
    features = []
    for obj in topology["objects"]["land"]["geometries"]:
        geom = land(obj, arcs)
        if geom is None:
            continue
        parts = []
        for shift in (-360, 0, 360):  # a ring unwrapped past ±180 comes back inside
            moved = affinity.translate(geom, xoff=shift) if shift else geom
            if moved.intersects(world):
                part = polygonal(moved.intersection(world))
                if part is not None:
                    parts.append(part)
        for part in parts:
            part = polygonal(part.simplify(SIMPLIFY, preserve_topology=True))
            if part is None:
                continue
            features.append(
                {"type": "Feature", "properties": {}, "geometry": round_coords(mapping(part))}
            )
    return {
        "type": "FeatureCollection",
        "source": (
            "Natural Earth 4.1.0 1:110m land (public domain), via npm world-atlas 2.0.2 "
            "land-110m.json (ISC); the box of countries.geojson cut out; built by "
            "scripts/build_world_land.py"
        ),
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path, help="land-110m.json of world-atlas 2.0.2")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    data = build(args.src)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['features'])} features, {args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
