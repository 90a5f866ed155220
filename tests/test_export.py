"""Exports (briefmap.present.export, briefmap.present.picture, ``briefmap export``): the files
open in the tools they are for, with the store's rows, coordinates and words in them.

The store is the seed corpus plus two small briefs written here (tests/briefing_store.py),
built through the real pipeline.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from briefing_store import EN_ID, HOSTILE_TITLE, PL_ID, SEED_PISM, build

from briefmap.cli import main
from briefmap.errors import ExportError
from briefmap.present.export import export, export_bytes, file_name
from briefmap.present.html_export import export_html
from briefmap.present.view import View
from briefmap.records import MENTION_FIELDS
from briefmap.store import Filters, Store


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    s = Store(build(tmp_path_factory.mktemp("export-store")))
    yield s
    s.close()


def _mentions(store: Store, f: Filters) -> dict[int, dict]:
    return {m["id"]: m for m in store.export_mentions(f)}


# -- GeoJSON --------------------------------------------------------------------------------
def test_geojson_round_trips_through_geopandas(store, tmp_path):
    gpd = pytest.importorskip("geopandas")
    f = Filters(briefs=(SEED_PISM, PL_ID))
    out = export(store, "geojson", tmp_path / "view.geojson", View(f))
    frame = gpd.read_file(out)
    mentions = frame[frame["record"] == "mention"]
    flows = frame[frame["record"] == "flow"]
    expected = _mentions(store, f)
    assert len(mentions) == len(expected) == store.totals(f)["mentions"]
    assert set(mentions.geom_type) == {"Point"}
    for _, row in mentions.iterrows():
        m = expected[int(row["mention_id"])]
        assert row["excerpt"] == m["excerpt"]
        assert row["surface"] == m["surface"]
        assert (row.geometry.x, row.geometry.y) == pytest.approx((m["lon"], m["lat"]))
        assert row["place_id"] == m["place_id"] and row["precision"] == m["precision"]
    # the flows as lines through their stops
    store_flows = {fl["id"]: fl for fl in store.flows(f)}
    assert len(flows) == len(store_flows) > 0
    for _, row in flows.iterrows():
        fl = store_flows[int(row["flow_id"])]
        assert row.geometry.geom_type == "LineString"
        first = (fl["origin"]["lon"], fl["origin"]["lat"])
        assert row.geometry.coords[0] == pytest.approx(first)
        assert row["excerpt"] == fl["excerpt"]


def test_geojson_keeps_hostile_text_as_data_and_says_what_a_region_point_is(store, tmp_path):
    out = export(store, "geojson", tmp_path / "pl.geojson", View(Filters(briefs=(PL_ID,))))
    data = json.loads(out.read_text(encoding="utf-8"))
    props = [f["properties"] for f in data["features"] if f["properties"]["record"] == "mention"]
    assert {p["brief_title"] for p in props} == {HOSTILE_TITLE}  # verbatim: it is data
    assert any("<script>alert(1)</script>" in p["excerpt"] for p in props)
    region = next(p for p in props if p["place_id"] == "bm:by-grodno-oblast")
    assert region["precision"] == "region"
    assert "whole region is meant" in region["location_meaning"]
    town = next(p for p in props if p["place_id"] == "bm:lt-klaipeda")
    assert town["precision"] == "settlement" and "region" not in town["location_meaning"]
    assert region["brief_url"] == f"https://example.org/{PL_ID}"
    assert region["dates"] == "2026-03-01/2026-03-31"


# -- CSV ------------------------------------------------------------------------------------
def test_csv_opens_in_pandas_with_polish_text_intact(store, tmp_path):
    pd = pytest.importorskip("pandas")
    f = Filters(briefs=(PL_ID,))
    out = export(store, "csv", tmp_path / "pl.csv", View(f))
    frame = pd.read_csv(out)  # as a user would: no encoding argument
    assert list(frame.columns) == list(MENTION_FIELDS)
    expected = _mentions(store, f)
    assert len(frame) == len(expected)
    for _, row in frame.iterrows():
        assert row["excerpt"] == expected[int(row["mention_id"])]["excerpt"]
    assert frame["excerpt"].str.contains("Żółte ciężarówki").any()
    assert set(frame["brief_title"]) == {HOSTILE_TITLE}
    assert "Mińsk" in set(frame["place_name_pl"])


def test_csv_flows_switch_writes_the_flows_with_their_lines(store, tmp_path):
    pd = pytest.importorskip("pandas")
    from shapely import wkt

    f = Filters(briefs=(SEED_PISM, EN_ID))
    out = export(store, "csv", tmp_path / "flows.csv", View(f), flows=True)
    frame = pd.read_csv(out)
    flows = {fl["id"]: fl for fl in store.flows(f)}
    assert len(frame) == len(flows) > 0
    for _, row in frame.iterrows():
        fl = flows[int(row["flow_id"])]
        line = wkt.loads(row["wkt"])
        assert line.geom_type == "LineString"
        assert line.coords[0] == pytest.approx((fl["origin"]["lon"], fl["origin"]["lat"]))
        assert row["origin_id"] == fl["origin"]["place_id"]


# -- GeoPackage -----------------------------------------------------------------------------
def test_geopackage_has_mentions_flows_and_areas_layers(store, tmp_path):
    pyogrio = pytest.importorskip("pyogrio")
    f = Filters(briefs=(SEED_PISM, PL_ID))
    out = export(store, "gpkg", tmp_path / "view.gpkg", View(f))
    layers = {name: gtype for name, gtype in pyogrio.list_layers(out)}
    assert layers == {"mentions": "Point", "flows": "LineString", "areas": "MultiPolygon"}
    mentions = pyogrio.read_dataframe(out, layer="mentions")
    expected = _mentions(store, f)
    assert len(mentions) == len(expected)
    assert set(mentions["excerpt"]) == {m["excerpt"] for m in expected.values()}
    assert mentions.crs.to_epsg() == 4326
    flows = pyogrio.read_dataframe(out, layer="flows")
    assert len(flows) == len(store.flows(f)) > 0
    areas = pyogrio.read_dataframe(out, layer="areas")
    grodno = areas[areas["place_id"] == "bm:by-grodno-oblast"]
    assert len(grodno) == 1  # the region mention's polygon, not a pin
    assert grodno.geometry.iloc[0].contains(
        __import__("shapely").Point(24.2, 53.6)  # inside Grodno Oblast, west Belarus
    )
    assert "cldr:150" not in set(areas["place_id"])  # a continent has no area to give


# -- pictures -------------------------------------------------------------------------------
def _png(path: Path):
    import matplotlib.image as mpimg

    return (mpimg.imread(path)[..., :3] * 255).round().astype(int)


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_png_has_the_legend_and_the_source_line(store, tmp_path):
    from briefmap.present.picture import draw_picture

    view = View(Filters(briefs=(SEED_PISM,)))
    pic = draw_picture(store, view, tmp_path / "with.png", "png")
    pixels = _png(pic.path)
    assert pixels.shape[:2] == (pic.height, pic.width) == (1080, 1920)
    counts = store.theme_counts(view.filters)
    assert {theme for theme, _, _ in pic.swatches} >= {t for t, n in counts.items() if n}
    for _theme, colour, (x, y) in pic.swatches:  # each swatch is drawn in its theme's colour
        assert max(abs(a - b) for a, b in zip(pixels[y, x], _hex(colour), strict=True)) <= 6
    # the source line: dark text in the white band under the map, naming the brief
    x0, y0, x1, y1 = pic.source_box
    band = pixels[y0:y1, x0:x1]
    assert (band.sum(axis=2) < 300).sum() > 500
    assert "Białoruś i Rosja. Przyspieszona integracja" in pic.source_text
    assert "Natural Earth" in pic.source_text
    # without the legend those pixels are the panel's background: the check can fail
    bare = draw_picture(store, view, tmp_path / "without.png", "png", legend=False)
    plain = _png(bare.path)
    for _theme, colour, (x, y) in pic.swatches:
        assert max(abs(a - b) for a, b in zip(plain[y, x], _hex(colour), strict=True)) > 6


def test_svg_keeps_its_text_as_text_and_runs_nothing(store, tmp_path):
    out = export(store, "svg", tmp_path / "pl.svg", View(Filters(briefs=(PL_ID,)), "pl"))
    root = ET.parse(out).getroot()  # well-formed XML: the hostile title was escaped
    ns = "{http://www.w3.org/2000/svg}"
    texts = " ".join("".join(el.itertext()) for el in root.iter(f"{ns}text"))
    assert HOSTILE_TITLE in texts  # shown as text, the dollar signs too (no mathtext)
    assert "Tematy (wzmianki)" in texts and "Źródło:" in texts
    assert not list(root.iter(f"{ns}script"))
    assert "onerror" not in "".join(el.tag for el in root.iter())


def test_picture_of_a_view_names_what_it_leaves_out(store, tmp_path):
    from briefmap.present.picture import draw_picture

    # the United States are in the PISM brief, far from the rest: not drawn, but named
    pic = draw_picture(store, View(Filters(briefs=(SEED_PISM,))), tmp_path / "a.png")
    assert "United States" in pic.outside
    # a view zoomed on Lithuania leaves Sochi out; Russia's polygon is still in the frame
    zoomed = draw_picture(
        store, View(Filters(briefs=(SEED_PISM,)), centre=(55.0, 24.0, 7)), tmp_path / "b.png"
    )
    assert "Sochi" in zoomed.outside and "Russia" not in zoomed.outside


# -- HTML -----------------------------------------------------------------------------------
def test_html_export_is_one_file_with_nothing_to_fetch(store):
    html = export_html(store, View(Filters(briefs=(PL_ID,))))
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)=""", html)
    assert not re.search(r"url\((?!['\"]?(data:|#))", html)  # every image is inside
    assert "Leaflet 1.9" in html  # Leaflet itself is inside
    assert "window.bmBriefing" in html and "bmCountries" in html
    assert "data:image/png;base64," in html  # the layer control's icon, inlined
    # the hostile words reach the page only escaped, as the dashboard escapes them
    assert "<script>alert" not in html and "<img src=x" not in html
    decoded = html.replace("\\u0026", "&").replace("\\u003c", "<").replace("\\u003e", ">")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in decoded
    assert "&#36;alert(2)&#36;" in decoded  # no template literal can run it either


def test_a_failed_export_leaves_no_file(store, tmp_path):
    out = tmp_path / "kept.csv"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(ExportError, match="no brief 'nope'"):
        export(store, "csv", out, View(Filters(briefs=("nope",))))
    with pytest.raises(ExportError, match="no theme 'war'"):
        export(store, "csv", out, View(Filters(themes=("war",))))
    with pytest.raises(ExportError, match="unknown format"):
        export(store, "pdf", out, View())
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.csv"]


def test_a_briefings_data_are_those_of_its_brief(store, tmp_path):
    pd = pytest.importorskip("pandas")
    example = Path(__file__).resolve().parent.parent / "briefmap/geodata/briefings"
    view = View(briefing=str(example / "pism-belarus-russia-integration.toml"))
    frame = pd.read_csv(export(store, "csv", tmp_path / "b.csv", view))
    assert set(frame["brief_id"]) == {SEED_PISM}
    assert len(frame) == store.totals(Filters(briefs=(SEED_PISM,)))["mentions"]


def test_export_bytes_and_file_names(store):
    view = View(Filters(briefs=(SEED_PISM,)))
    data = export_bytes(store, "geojson", view)
    assert json.loads(data)["type"] == "FeatureCollection"
    name = file_name(view, "csv", flows=True)
    assert re.fullmatch(rf"briefmap-{SEED_PISM}-flows-\d{{4}}-\d\d-\d\d\.csv", name)
    assert file_name(View(briefing="geodata/briefings/x y.toml"), "html").startswith(
        "briefmap-x-y-"
    )


# -- the command ----------------------------------------------------------------------------
def test_cli_export_writes_each_format(store, tmp_path, capsys):
    for fmt in ("html", "geojson", "csv", "gpkg", "png", "svg"):
        out = tmp_path / f"v.{fmt}"
        code = main(
            ["export", "--format", fmt, "--store", str(store.path), "--brief", SEED_PISM,
             "--theme", "military", str(out)]
        )  # fmt: skip
        assert code == 0, capsys.readouterr().err
        assert out.stat().st_size > 0
    assert "wrote" in capsys.readouterr().err


def test_cli_export_filters_match_the_store_filters(store, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "f.csv"
    argv = ["export", "--format", "csv", "--store", str(store.path), "--country", "lt",
            "--link", "name", "--event-from", "2025-01-01", str(out)]  # fmt: skip
    assert main(argv) == 0
    f = Filters(countries=("LT",), links=("name",), event_from="2025-01-01")
    frame = pd.read_csv(out)
    assert set(frame["mention_id"]) == set(_mentions(store, f)) != set()
    assert set(frame["country"]) == {"LT"} and set(frame["link"]) == {"name"}


def test_cli_export_refuses_with_one_line(store, tmp_path, capsys):
    cases = [
        (["--brief", "nope"], "no brief 'nope'"),
        (["--view", "54,25"], "--view must be LAT,LON,ZOOM"),
        (["--briefing", "no-such-briefing"], "no briefing 'no-such-briefing'"),
    ]
    for extra, message in cases:
        argv = ["export", "--format", "csv", "--store", str(store.path), *extra]
        assert main([*argv, str(tmp_path / "x.csv")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and message in err[0], err
    assert main(["export", "--format", "csv", "--store", str(tmp_path / "none.sqlite"),
                 str(tmp_path / "x.csv")]) == 2  # fmt: skip
    assert "no store" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
