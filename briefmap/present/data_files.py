"""A view's mentions and flows as data files: GeoJSON, CSV and GeoPackage.

- ``geojson``: a FeatureCollection, one Point per mention (``record = "mention"``), then one
  LineString per flow (``record = "flow"``, through its stops origin → via → destination).
- ``csv``: one row per mention (UTF-8 with a byte-order mark, so spreadsheet programs read
  Polish letters right); ``flows=True`` writes the flows instead, their line as WKT.
- ``gpkg``: layers ``mentions`` (points), ``flows`` (lines) and ``areas`` (the polygons of
  the regions and countries the view mentions, one row per place).

The rows are the export rows of ``briefmap.records``. Honest geometry: a mention's point is
its place's anchor; ``precision`` says what it stands for and ``location_meaning`` says it
in words (for a region or a country, where the map anchors it, not where anything
happened); the polygon is in ``areas``. The files carry the briefs' text verbatim (they are
data: escape it where you render it). Each writer writes the path it is given;
``briefmap.present.export`` gives it a temporary one and renames it into place.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from briefmap.present.view import View
from briefmap.records import (
    AREA_FIELDS,
    FLOW_FIELDS,
    MENTION_FIELDS,
    area_row,
    flow_row,
    mention_row,
)
from briefmap.store import Filters, Store
from layers.boundaries import load_boundaries


def flow_line(fl: Mapping) -> list[tuple[float, float]]:
    """(lon, lat) of a flow's stops in order: origin, via…, destination (the ends it names;
    straight between them — the map's curves are drawing, not data)."""
    ends = [fl.get("origin"), *(fl.get("via") or ()), fl.get("destination")]
    return [(float(p["lon"]), float(p["lat"])) for p in ends if p]


def _flows_drawn(store: Store, f: Filters) -> list[dict]:
    """Flows under ``f`` with a line (two different stops at least)."""
    return [fl for fl in store.flows(f) if len(set(flow_line(fl))) >= 2]


def write_geojson(store: Store, view: View, out: Path) -> Path:
    """Mentions (Points) then flows (LineStrings), streamed: an archive is not held in
    memory as one document."""
    with out.open("w", encoding="utf-8") as fh:
        fh.write('{"type": "FeatureCollection", "features": [')
        first = True
        for feature in _features(store, view.filters, view.language):
            fh.write(("\n" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
            first = False
        fh.write("\n]}\n")
    return out


def _features(store: Store, f: Filters, language: str) -> Iterator[dict]:
    for m in store.export_mentions(f):
        row = mention_row(m, language)
        yield {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": row,
        }
    for fl in _flows_drawn(store, f):
        yield {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [list(p) for p in flow_line(fl)]},
            "properties": flow_row(fl, language),
        }


def write_csv(store: Store, view: View, out: Path, flows: bool = False) -> Path:
    """One row per mention, or with ``flows`` one per flow (its line as WKT in ``wkt``).
    UTF-8 with a byte-order mark (pandas reads it with ``encoding="utf-8-sig"``, and reads
    the column names right even without)."""
    f = view.filters
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        if flows:
            w = csv.DictWriter(fh, fieldnames=(*FLOW_FIELDS, "wkt"))
            w.writeheader()
            for fl in _flows_drawn(store, f):
                line = ", ".join(f"{x} {y}" for x, y in flow_line(fl))
                w.writerow({**flow_row(fl, view.language), "wkt": f"LINESTRING ({line})"})
        else:
            w = csv.DictWriter(fh, fieldnames=MENTION_FIELDS)
            w.writeheader()
            for m in store.export_mentions(f):
                w.writerow(mention_row(m, view.language))
    return out


def write_gpkg(store: Store, view: View, out: Path, chunk: int = 20000) -> Path:
    """Layers ``mentions`` (Point), ``flows`` (LineString), ``areas`` (MultiPolygon of the
    regions and countries mentioned, where the boundaries have them), EPSG:4326."""
    # geopandas (and GDAL under it) are slow to import, and only a GeoPackage needs them
    import geopandas as gpd

    f = view.filters
    out.unlink(missing_ok=True)  # GDAL creates the file itself

    def write(rows: list[dict], geoms: list, layer: str, gtype: str, fields, append: bool):
        frame = gpd.GeoDataFrame(
            {k: [r[k] for r in rows] for k in fields}, geometry=geoms, crs="EPSG:4326"
        )
        frame.to_file(
            out,
            layer=layer,
            driver="GPKG",
            engine="pyogrio",
            geometry_type=gtype,
            append=append,
        )

    def points(rows: list[dict]) -> list:
        return [Point(r["lon"], r["lat"]) for r in rows]

    rows: list[dict] = []
    written = False
    for m in store.export_mentions(f):
        rows.append(mention_row(m, view.language))
        if len(rows) >= chunk:
            write(rows, points(rows), "mentions", "Point", MENTION_FIELDS, written)
            written, rows = True, []
    if rows or not written:
        write(rows, points(rows), "mentions", "Point", MENTION_FIELDS, written)
    flows = _flows_drawn(store, f)
    write(
        [flow_row(fl, view.language) for fl in flows],
        [LineString(flow_line(fl)) for fl in flows],
        "flows",
        "LineString",
        FLOW_FIELDS,
        False,
    )
    areas, shapes = [], []
    for rec, geom in _areas(store, f):
        areas.append(rec)
        shapes.append(MultiPolygon([geom]) if isinstance(geom, Polygon) else geom)
    write(areas, shapes, "areas", "MultiPolygon", AREA_FIELDS, False)
    return out


def _areas(store: Store, f: Filters) -> Iterator[tuple[dict, object]]:
    """(row, polygon) of every region and country place under ``f`` that has a polygon."""
    bounds = load_boundaries()
    for p in store.place_summary(f):
        geom = None
        if p["precision"] == "region":
            geom = bounds.region(p)
        elif p["precision"] == "country" and p.get("country") in bounds:
            geom = bounds.countries[p["country"]]
        if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        yield area_row(p), geom
