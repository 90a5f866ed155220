"""The dashboard page (dashboard.py) driven by streamlit.testing.v1.AppTest.

Each test runs the page against a small store made here from hand-made briefs, places and
mentions (one brief in Polish about ports and regions, one in English full of hostile
HTML), so the tests know every count they assert.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from briefmap.model import Brief, Mention, Place
from briefmap.pipeline import parse_brief
from briefmap.store import Store, create_schema, write_brief

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    'href="javascript:alert(1)"',
)
HOSTILE_TITLE = "<script>alert('title')</script> Brief <img src=x onerror=alert(1)>"
HOSTILE_PUBLISHER = "<img src=x onerror=alert('pub')> Institute"

PL_TEXT = (
    "W lutym Rosja podpisała porozumienie o przekierowaniu eksportu białoruskich produktów "
    "ropopochodnych do Ust-Ługi. Eksport białoruskich soli potasowych szedł dotychczas przez "
    "port w Kłajpedzie. W obwodzie grodzieńskim powstanie wspólne centrum szkoleniowe. "
    "Europa patrzy na region."
)
EN_TEXT = (
    "Evil <script>alert(1)</script> and <img src=x onerror=alert(1)> near Vilnius. "
    'Click <a href="javascript:alert(1)">here</a> or [here](javascript:alert(2)) '
    "about ${alert(3)} and `x` in Evilton."
)


def place(pid: str, name: str, precision: str, lat: float, lon: float, **kw) -> Place:
    return Place(
        id=pid,
        name=name,
        name_pl=kw.pop("name_pl", name),
        kind=kw.pop("kind", "city"),
        country=kw.pop("country", ""),
        lat=lat,
        lon=lon,
        precision=precision,
        source="test",
        **kw,
    )


PLACES = {
    "ru": place(
        "cc:RU", "Russia", "country", 55.75, 37.62, name_pl="Rosja", kind="country", country="RU"
    ),
    "ust": place(
        "bm:ru-ust-luga",
        "Ust-Luga",
        "settlement",
        59.67,
        28.29,
        name_pl="Ust-Ługa",
        kind="port",
        country="RU",
    ),
    "kla": place(
        "bm:lt-klaipeda",
        "Klaipėda",
        "settlement",
        55.71,
        21.13,
        name_pl="Kłajpeda",
        kind="port",
        country="LT",
    ),
    "grodno": place(
        "bm:by-grodno-oblast",
        "Grodno Oblast",
        "region",
        53.68,
        23.83,
        name_pl="obwód grodzieński",
        kind="region",
        country="BY",
        attrs={"area_km2": 25130},
    ),
    "centre": place(
        "bm:by-grodno-training-centre",
        "Training centre",
        "region",
        53.68,
        23.83,
        name_pl="Centrum szkoleniowe",
        kind="military_site",
        country="BY",
    ),
    "europe": place(
        "cldr:150", "Europe", "continent", 54.0, 15.0, name_pl="Europa", kind="continent"
    ),
    "vilnius": place(
        "bm:lt-vilnius", "Vilnius", "settlement", 54.69, 25.28, name_pl="Wilno", country="LT"
    ),
    "evil": place(
        "bm:evil",
        "<b onmouseover=alert(1)>Evilton</b><script>alert(4)</script>",
        "settlement",
        54.0,
        26.0,
        name_pl="<img src=x onerror=alert(5)>",
        country="BY",
    ),
}


def _mention(
    brief: Brief,
    surface: str,
    key: str,
    themes=(),
    link="name",
    evidence="",
    dates=(),
    marks=(),
) -> Mention:
    text = brief.reading
    start = text.index(surface)
    end = start + len(surface)
    spans = tuple((text.index(w), text.index(w) + len(w)) for w in marks)
    s = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) >= 0 else 0
    e = text.find(". ", end)
    e = len(text) if e < 0 else e + 1
    return Mention(
        brief_id=brief.id,
        start=start,
        end=end,
        surface=surface,
        place=PLACES[key],
        link=link,
        evidence=evidence or f"lemma: {surface}",
        confidence=0.9,
        excerpt_start=s,
        excerpt_end=e,
        orig_start=start,
        orig_end=end,
        excerpt_orig_start=s,
        excerpt_orig_end=e,
        excerpt=text[s:e],
        themes=tuple(themes),
        theme_evidence={t: ("x",) for t in themes},
        dates=tuple(dates),
        marks=spans,
    )


def build_store(path: Path) -> Path:
    pl = Brief(
        id="pl-ports",
        path="pl.txt",
        original=PL_TEXT,
        reading=PL_TEXT,
        offsets=list(range(len(PL_TEXT) + 1)),
        language="pl",
        title="Porty i tranzyt",
        publisher="Instytut A",
        date_start=date(2021, 6, 1),
        date_end=date(2021, 9, 10),
    )
    en = Brief(
        id="en-hostile",
        path="en.txt",
        original=EN_TEXT,
        reading=EN_TEXT,
        offsets=list(range(len(EN_TEXT) + 1)),
        language="en",
        title=HOSTILE_TITLE,
        publisher=HOSTILE_PUBLISHER,
        date_start=date(2026, 3, 23),
    )
    con = sqlite3.connect(path)
    with con:
        create_schema(con)
        write_brief(
            con,
            pl,
            [
                _mention(
                    pl,
                    "Rosja",
                    "ru",
                    ["diplomacy_sanctions"],
                    dates=[("W lutym", "2021-02-01", "2021-02-28")],
                ),
                _mention(pl, "Ust-Ługi", "ust", ["energy", "transit_economy"]),
                _mention(pl, "Kłajpedzie", "kla", ["transit_economy"]),
                _mention(pl, "grodzieńskim", "grodno", ["military"]),
                # a cue link sits on its anchor words, as the pipeline records it (issue 6)
                _mention(
                    pl,
                    "grodzieńskim",
                    "centre",
                    ["military"],
                    link="cue",
                    evidence="cue words centrum + szkoleniowy (centrum, szkoleniowe); "
                    "anchor: Grodno Oblast (obwodzie grodzieńskim)",
                    marks=["obwodzie grodzieńskim"],
                ),
                _mention(pl, "Europa", "europe"),
            ],
            # the flows the pipeline finds in these words (issue 6: from the text, not a list)
            flows=parse_brief(pl).flows,
        )
        write_brief(
            con,
            en,
            [
                _mention(en, "Vilnius", "vilnius", ["border_hybrid"]),
                _mention(
                    en, "Evilton", "evil", ["border_hybrid"], evidence="<script>alert(6)</script>"
                ),
            ],
        )
    con.close()
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("store") / "briefmap.sqlite")


@pytest.fixture
def app(store_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("BRIEFMAP_STORE", str(store_path))
    return AppTest.from_file(APP, default_timeout=60)


# -- helpers ---------------------------------------------------------------------------------
def metrics(at: AppTest) -> dict[str, int]:
    return {m.label: int(m.value) for m in at.metric}


def map_args(at: AppTest) -> dict:
    return json.loads(at.get("component_instance")[0].proto.json_args)


def bidi(at: AppTest, name: str) -> dict | None:
    """The data the page gave its component ``name`` (briefmap_reader, briefmap_excerpts)."""
    for el in at.get("bidi_component"):
        if el.proto.component_name == name:
            return json.loads(el.proto.json) if el.proto.json else None
    return None


def reader_data(at: AppTest) -> dict:
    return bidi(at, "briefmap_reader")


def htmls(at: AppTest) -> str:
    """The HTML the page shows: its st.html elements and the excerpt cards of the panel."""
    cards = (bidi(at, "briefmap_excerpts") or {}).get("cards", [])
    return "\n".join([h.proto.body for h in at.get("html")] + [c["html"] for c in cards])


def picker(at: AppTest):
    return next(s for s in at.selectbox if s.key.startswith("pick:"))


def select(at: AppTest, place_id: str) -> AppTest:
    return picker(at).select(place_id).run()


def selection(at: AppTest) -> dict[str, str]:
    """The attributes of the panel's selection element, which the map follows."""
    found = re.search(r"<div class='bm-selection[^']*' ([^>]*)>", htmls(at))
    assert found, "no selection element"
    return dict(re.findall(r"data-([\w-]+)='([^']*)'", found.group(1)))


def legend_html(at: AppTest) -> str:
    """The legend's HTML, as the map's script hands it to the legend control."""
    fg = map_args(at)["feature_group"]
    found = re.search(r'div\.innerHTML = ("(?:[^"\\]|\\.)*");', fg)
    return json.loads(found.group(1))


def legend_counts(at: AppTest) -> dict[str, int]:
    rows = re.findall(r'data-legend="theme:(\w+)".*?class=\'n\'>(\d+)<', legend_html(at))
    return {theme: int(n) for theme, n in rows}


def legend_keys(at: AppTest) -> list[str]:
    return re.findall(r'data-legend="([^"]+)"', legend_html(at))


def pies(at: AppTest) -> dict[str, list]:
    """The places the map draws as pies: id -> [(colour, mentions), …] of their slices."""
    fg = map_args(at)["feature_group"]
    palette = json.loads(re.search(r"var palette = (\[.*?\]);\n", fg).group(1))
    rows = json.loads(re.search(r"var rows = (\[.*?\]);\n", fg).group(1))
    return {
        r[0]: [(palette[r[6][i]][0], r[6][i + 1]) for i in range(0, len(r[6]), 2)] for r in rows
    }


# -- tests -----------------------------------------------------------------------------------
def test_page_runs_and_counts_match_the_store(app, store_path):
    at = app.run()
    assert not at.exception
    totals = Store(store_path).totals()
    assert metrics(at) == {
        "Mentions": totals["mentions"],
        "Places": totals["places"],
        "Briefs": totals["briefs"],
    }
    assert metrics(at) == {"Mentions": 8, "Places": 8, "Briefs": 2}


def test_map_loads_nothing_from_a_cdn(app):
    at = app.run()
    args = map_args(at)
    # Leaflet, the basemap's data, the town names: all served here
    leaflet, basemap, labels = args["js_links"]
    assert leaflet == "/app/static/vendor/leaflet/leaflet.js"
    assert re.fullmatch(r"/app/static/generated/basemap-[0-9a-f]{16}\.js", basemap)
    served = Path(APP).parent / basemap.removeprefix("/app/")
    data = served.read_text(encoding="utf-8")
    assert data.startswith("window.bmCountries = {") and "window.bmRegions = {" in data
    assert "bmCountries = {" not in args["script"]  # not sent again on every page run
    assert re.fullmatch(r"/app/static/generated/labels-en-[0-9a-f]{16}\.js", labels)
    names = (Path(APP).parent / labels.removeprefix("/app/")).read_text(encoding="utf-8")
    assert names.startswith("window.bmTownLabels = [") and '"Grodno"' in names
    assert '"Grodno"' not in args["script"]  # the town names are not sent on every run
    assert args["css_links"] == ["/app/static/vendor/leaflet/leaflet.css"]
    code = args["script"] + args["header"] + args["feature_group"] + args["layer_control"]
    urls = set(re.findall(r"https?://[^\s\"'`)]+", code))
    # The one online layer is an option in the layer control, not added to the map.
    assert all("openstreetmap.org" in u for u in urls), urls
    assert "d3" not in " ".join(args["js_links"])


def test_theme_filter_changes_counts_legend_and_panel(app):
    at = app.run()
    assert legend_counts(at)["transit_economy"] == 2
    assert legend_counts(at)["military"] == 2
    at.multiselect(key="f_themes").select("military").run()
    assert metrics(at) == {"Mentions": 2, "Places": 2, "Briefs": 1}
    assert legend_counts(at) == {"military": 2}
    listing = htmls(at)
    assert "Grodno Oblast" in listing and "Klaipėda" not in listing
    # one colour drawn: the theme's; the places of other themes are gone
    drawn = pies(at)
    assert set(drawn) == {"bm:by-grodno-oblast", "bm:by-grodno-training-centre"}
    assert {c for slices in drawn.values() for c, _ in slices} == {"#D55E00"}


def test_one_symbol_per_place_with_all_its_themes(app):
    at = app.run()
    drawn = pies(at)
    # Ust-Luga: energy and transit, one pie with both slices
    assert sorted(drawn["bm:ru-ust-luga"]) == [("#0072B2", 1), ("#F0E442", 1)]
    # Europe (a continent) is listed, never drawn
    assert "cldr:150" not in drawn and len(drawn) == 7
    # the legend counts what is drawn, by kind of symbol
    keys = legend_keys(at)
    assert {"symbol:settlement", "symbol:region", "symbol:country", "border", "gap"} <= set(keys)
    assert "symbol:point" not in keys  # no point-level place in this store


def test_search_and_precision_filters(app):
    at = app.run()
    at.text_input(key="f_search").input("potasowych").run()
    assert metrics(at)["Mentions"] == 1
    assert "Klaipėda" in picker(at).options[1]
    at.text_input(key="f_search").input("").run()
    at.multiselect(key="f_precisions").select("region").run()
    assert metrics(at) == {"Mentions": 2, "Places": 2, "Briefs": 1}


def test_selecting_a_place_fills_the_panel(app):
    at = app.run()
    at = select(at, "bm:lt-klaipeda")
    panel = htmls(at)
    assert "<mark>Kłajpedzie</mark>" in panel
    assert "Porty i tranzyt" in panel and "Instytut A" in panel
    assert "published between 2021-06-01 and 2021-09-10" in panel
    assert "name</span> named" in panel and "evidence: lemma: Kłajpedzie" in panel
    # and where the words are: offsets in the reading text and in the brief's file
    pos = PL_TEXT.index("Kłajpedzie")
    assert f"characters {pos}–{pos + 10} of the reading text" in panel
    assert f"{pos}–{pos + 10} of the file pl.txt" in panel
    # the reader shows a brief that mentions the place, the mention marked as selected
    data = reader_data(at)
    assert data["brief"] == "pl-ports"
    chosen = [m for m in data["mentions"] if m["selected"]]
    assert [data["text"][m["start"] : m["end"]] for m in chosen] == ["Kłajpedzie"]
    assert at.query_params["place"] == "bm:lt-klaipeda"


def test_cue_link_shows_its_kind_and_evidence(app):
    at = app.run()
    at = select(at, "bm:by-grodno-training-centre")
    panel = htmls(at)
    assert "cue</span> linked by cue words" in panel
    assert "centrum + szkoleniowy" in panel and "Grodno Oblast" in panel  # both named
    # the anchor words are marked, not the common word "centrum" of the cue
    assert "<mark>obwodzie grodzieńskim</mark>" in panel
    assert "<mark>centrum</mark>" not in panel


def test_an_analysts_decision_is_shown_on_the_excerpt(tmp_path, monkeypatch):
    path = build_store(tmp_path / "reviewed.sqlite")
    con = sqlite3.connect(path)
    with con:  # as briefmap.decisions records a decision: the row, and a new revision
        con.execute(
            "UPDATE mentions SET status = 'reviewed', review_note = 'checked against a map'"
            " WHERE surface = 'Kłajpedzie'"
        )
        con.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")
    con.close()
    monkeypatch.setenv("BRIEFMAP_STORE", str(path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at = select(at, "bm:lt-klaipeda")
    panel = htmls(at)
    assert "bm-status-reviewed" in panel and "checked against a map" in panel


def test_selection_survives_reruns_and_filter_changes(app):
    at = app.run()
    at = select(at, "bm:ru-ust-luga")
    at.run()
    assert picker(at).value == "bm:ru-ust-luga"
    at.multiselect(key="f_themes").select("energy").run()
    assert picker(at).value == "bm:ru-ust-luga"
    assert "<mark>Ust-Ługi</mark>" in htmls(at)
    # a filter that leaves the place out keeps the selection and says so
    at.multiselect(key="f_themes").unselect("energy").select("military").run()
    assert picker(at).value == "bm:ru-ust-luga"
    assert any("No excerpt about Ust-Luga" in i.value for i in at.info)


def test_choosing_a_place_asks_the_map_to_fit_it(app):
    at = app.run()
    assert selection(at) == {"place": "", "fit": "0"}
    at = select(at, "bm:lt-klaipeda")
    chosen = selection(at)
    assert chosen["place"] == "bm:lt-klaipeda" and chosen["fit"] == "1"
    assert float(chosen["lat"]) == pytest.approx(55.71) and chosen["precision"] == "settlement"
    at = select(at, "bm:by-grodno-oblast")
    assert selection(at)["fit"] == "2" and selection(at)["precision"] == "region"


def test_query_params_round_trip(app):
    view = {
        "lang": "pl",
        "themes": "transit_economy,energy",
        "place": "bm:ru-ust-luga",
        "brief": "pl-ports",
        "q": "eksport",
        "lat": "56.1000",
        "lon": "24.2000",
        "zoom": "6",
    }
    app.query_params.update(view)
    at = app.run()
    assert not at.exception
    assert at.multiselect(key="f_themes").value == ["transit_economy", "energy"]
    assert at.text_input(key="f_search").value == "eksport"
    assert picker(at).value == "bm:ru-ust-luga"
    assert "Wzmianki" in metrics(at)  # Polish interface, the sidebar's too
    assert at.multiselect(key="f_themes").label == "Tematy"
    args = map_args(at)
    assert args["center"] == pytest.approx([56.1, 24.2]) and args["zoom"] == 6
    assert {k: at.query_params[k] for k in at.query_params} == view  # written back as read


def test_unknown_values_in_the_url_are_ignored_with_a_notice(app):
    app.query_params.update({"themes": "nonsense,energy", "place": "bm:nowhere"})
    at = app.run()
    assert not at.exception
    assert at.multiselect(key="f_themes").value == ["energy"]
    assert picker(at).value == ""
    notice = at.warning[0].value
    assert "themes (unknown value(s))" in notice and "place (no such place)" in notice
    assert "nonsense" not in notice  # values from the link are not repeated on the page


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"q": "\x00"}, ["q (contains control characters)"]),
        ({"q": "ok\x07", "themes": "energy"}, ["q (contains control characters)"]),
        ({"lat": "nan", "lon": "-inf"}, ["lat (not a finite number)", "lon (not a finite number)"]),
        ({"lat": "1e400", "lon": "20"}, ["lat (not a finite number)"]),
        ({"lat": "95", "lon": "20", "zoom": "5"}, ["lat (out of range)"]),
        ({"lat": "54", "lon": "20", "zoom": "99999999999"}, ["zoom (not a zoom level"]),
        ({"event": "2026-01-01..2020-01-01"}, ["event (the range ends before it starts)"]),
        ({"published": "yesterday"}, ["published (not a date range"]),
        ({"lang": "xx"}, ["lang (not a language"]),
        ({"brief": "../../etc/passwd"}, ["brief (no such brief)"]),
        ({"<script>x": "1"}, ["scriptx (not a setting"]),
    ],
)
def test_bad_link_parameters_are_named_and_left_out(app, params, named):
    app.query_params.update(params)
    at = app.run()
    assert not at.exception
    notice = at.warning[0].value
    for text in named:
        assert text in notice, notice
    assert "<script>" not in notice
    args = map_args(at)  # the map is drawn, with no view from the bad parameters
    assert args["center"] is None or all(math.isfinite(x) for x in args["center"])
    assert metrics(at)["Mentions"] == (1 if "themes" in params else 8)
    for k in params:  # what was left out is not written back into the link
        if k != "themes" and k in at.query_params:
            assert at.query_params[k] != params[k]
    if params.get("zoom") == "99999999999":  # the good part of the view is kept
        assert args["center"] == [54.0, 20.0] and args["zoom"] == 5


def test_a_good_view_in_the_link_is_kept(app):
    app.query_params.update({"lat": "54.5", "lon": "25.25", "zoom": "6.5"})
    at = app.run()
    assert not at.warning
    assert map_args(at)["center"] == [54.5, 25.25] and map_args(at)["zoom"] == 6.5


def test_an_empty_search_says_which_filter_emptied_it(app):
    at = app.run()
    at.text_input(key="f_search").input("zzzzqqq").run()
    assert metrics(at)["Mentions"] == 0
    assert "no excerpt contains “zzzzqqq”" in at.warning[0].value
    at.text_input(key="f_search").input("").run()
    at.multiselect(key="f_themes").select("energy").run()
    at.multiselect(key="f_precisions").select("region").run()
    assert metrics(at)["Mentions"] == 0
    assert (
        "no excerpt passes the theme filter, the geo-precision filter together"
        in at.warning[0].value
    )


def test_a_broken_part_of_the_page_shows_a_short_message(app, monkeypatch):
    import briefmap.store

    def broken(self, *a, **k):
        raise RuntimeError("/secret/server/path boom")

    monkeypatch.setattr(briefmap.store.Store, "event_months", broken)
    st.cache_data.clear()  # the timeline's months are cached from earlier tests
    at = app.run()
    assert not at.exception
    shown = "\n".join(e.value for e in at.error)
    assert "Something went wrong" in shown and "/secret" not in shown
    assert metrics(at)["Mentions"] == 8  # the rest of the page is there


def test_language_switch_translates_interface_and_place_names(app):
    at = app.run()
    at = select(at, "bm:ru-ust-luga")
    at.radio(key="lang").set_value("pl").run()
    assert "Wzmianki" in metrics(at)
    assert "Ust-Ługa (1)" in picker(at).options and "Kłajpeda (1)" in picker(at).options
    panel = htmls(at)
    assert "<b>Ust-Ługa</b>" in panel
    assert "opublikowano między 2021-06-01 a 2021-09-10" in panel
    # excerpts stay in the brief's language
    assert "przekierowaniu eksportu" in panel
    assert "Tematy (wzmianki)" in legend_html(at)


def test_flows_are_drawn_from_matching_excerpts_and_follow_the_filters(app):
    at = app.run()
    layers = map_args(at)["layer_control"]
    assert "Flows described in the briefs" in layers
    code = map_args(at)["feature_group"]
    # labels reach the script as JSON strings
    potash, oil = (
        json.dumps(x)[1:-1]
        for x in ("Potash: Belarus → Klaipėda (former)", "Oil products: Belarus → Ust-Luga")
    )
    assert potash in code  # "Eksport białoruskich soli potasowych … przez port w Kłajpedzie"
    assert oil in code  # "przekierowaniu eksportu białoruskich produktów … do Ust-Ługi"
    at.text_input(key="f_search").input("potasowych").run()
    code = map_args(at)["feature_group"]
    assert potash in code and oil not in code


def test_continent_is_listed_but_not_drawn(app):
    at = app.run()
    assert "Europe" in htmls(at) and "not drawn on the map" in htmls(at)
    code = map_args(at)["feature_group"]
    assert "cldr:150" not in code
    assert "bm:lt-klaipeda" in code and "cc:RU" in code


def test_hostile_text_is_escaped_everywhere(app):
    at = app.run()
    at = select(at, "bm:evil")
    panel = htmls(at)
    args = map_args(at)
    code = args["script"] + args["feature_group"] + args["layer_control"]
    for bad in (*HOSTILE, "alert('title')</script>", "<b onmouseover"):
        assert bad not in panel, bad
        assert bad not in code, bad
    # shown as text: the link, the place name, the evidence, the template expression
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;here&lt;/a&gt;" in panel
    assert "&lt;b onmouseover=alert(1)&gt;Evilton&lt;/b&gt;" in panel
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in panel
    assert "${alert" not in code and "&#36;{alert(3)}" in panel
    at = select(at, "bm:lt-vilnius")
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x" in htmls(at)
    # the brief reader gets the text as data (it builds text nodes), never as HTML
    data = reader_data(at)
    bidi = at.get("bidi_component")[0].proto
    assert "<script>alert(1)</script>" in data["text"]
    assert "alert" not in bidi.html_content and "innerHTML" not in bidi.js_content
    # option labels are plain text rendered by React: the raw name is fine there
    assert any("Evilton" in o for o in picker(at).options)


def test_hostile_brief_in_reader_citation_is_escaped(app):
    at = app.run()
    brief_picker = next(s for s in at.selectbox if s.key.startswith("pick-brief:"))
    at = brief_picker.select("en-hostile").run()
    panel = htmls(at)
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Brief" in panel
    assert "&lt;img src=x onerror=alert(&#x27;pub&#x27;)&gt; Institute" in panel
    assert reader_data(at)["brief"] == "en-hostile"


def test_missing_store_tells_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_STORE", str(tmp_path / "none.sqlite"))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert "make run" in at.error[0].value and "briefmap build" in at.error[0].value


def test_timeline_counts_dated_mentions_and_follows_the_filters(app):
    at = app.run()
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    assert "month" in charts[0].proto.spec
    # a search that keeps only undated excerpts leaves nothing to plot, and says so
    at.text_input(key="f_search").input("potasowych").run()
    assert not at.get("vega_lite_chart")
    assert any("names a date" in c.value for c in at.caption)


def test_the_timeline_is_valid_vega_lite(store_path):
    # built unvalidated (Altair's validation took a quarter of a second per filter)
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    from briefmap.store import Filters
    from ui.store_access import store_key
    from ui.timeline import timeline_spec

    key = store_key(store_path)
    for f in (Filters(), Filters(event_from="2021-02-01", event_to="2021-02-28")):
        spec = timeline_spec(key, f, "pl")
        assert spec is not None
        validate_jsonschema(spec, load_schema())  # raises if not
    # the chart is written as a spec, not built by Altair: both forms, both languages
    from ui.timeline import _chart, _filled

    month = {"month": "2021-02-01", "end": "2021-03-01", "n": 3, "in": True, "label": "2021-02"}
    mark = {"day": "2021-02-10", "n": 3, "label": "Closure", "month": "2021-02", "count": 1,
            "colour": "#C0182A", "glyph": "x"}  # fmt: skip
    for lang in ("en", "pl"):
        for marks in (False, True):
            spec = _filled(_chart(lang, marks), {"months": [month], "marks": [mark]})
            validate_jsonschema(spec, load_schema())
            assert ("layer" in spec) == marks
            assert "{'name': 'months'}" not in str(spec) and "{'name': 'marks'}" not in str(spec)


def test_present_this_view_links_to_the_briefing_page_with_the_filters(app):
    at = app.run()
    at.multiselect(key="f_themes").set_value(["military"]).run()
    links = [h for h in htmls_sidebar(at) if "bm-present" in h]
    assert links and "href='briefing?themes=military'" in links[0]


def htmls_sidebar(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.sidebar.get("html")]
