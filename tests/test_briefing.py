"""Briefing mode without a browser: the steps of a view or a briefing file
(briefmap.present.steps), the records the player shows (layers.briefing_player), the URL
the page reads
(ui.view_url), and the page itself through streamlit.testing.v1.AppTest (pages/briefing.py).

The store is the seed corpus plus two small briefs written here (tests/briefing_store.py),
built through the real pipeline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from briefing_store import EN2_ID, EN_ID, PL_ID, SEED_IES, SEED_PISM, build

from briefmap.present.steps import (
    BriefingError,
    briefing_files,
    briefing_steps,
    find_briefing,
    load_briefing,
    view_steps,
)
from briefmap.store import Filters, Store
from ui.view_url import read_view

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "briefmap" / "geodata" / "briefings" / "pism-belarus-russia-integration.toml"
PAGE = str(ROOT / "pages" / "briefing.py")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("briefing-store"))


@pytest.fixture(scope="module")
def store(store_path) -> Store:
    s = Store(store_path)
    yield s
    s.close()


# -- steps of a view ---------------------------------------------------------------------------
def test_a_brief_is_stepped_in_the_order_it_names_its_places(store):
    steps = view_steps(store, Filters(briefs=(SEED_PISM,)))
    places = [s for s in steps.steps if s.kind == "place"]
    # one step per place, at its first mention, in text order
    firsts: dict[str, int] = {}
    for m in store.mentions(Filters(), brief_id=SEED_PISM):
        firsts.setdefault(m["place_id"], m["start"])
    drawn = [p for p, _ in sorted(firsts.items(), key=lambda kv: kv[1])]
    assert [s.key for s in places] == drawn
    assert all(s.mention["start"] == firsts[s.key] for s in places)
    assert [s.key for s in places][:3] == ["cc:BY", "cc:RU", "cc:US"]
    # a flow comes after the places its sentence introduces
    keys = [s.key for s in steps.steps]
    to_ust_luga = next(
        s.key for s in steps.steps if s.kind == "flow" and s.flow["destination"]
        and s.flow["destination"]["place_id"] == "bm:ru-ust-luga"
    )  # fmt: skip
    assert keys.index(to_ust_luga) > keys.index("bm:ru-saint-petersburg")
    assert steps.total == len(steps.steps)


def test_a_continent_gets_no_step_and_a_flow_gets_one(store):
    steps = view_steps(store, Filters(briefs=(PL_ID,)))
    keys = [s.key for s in steps.steps]
    assert "cldr:150" not in keys  # Europa: named, never drawn, so never flown to
    assert keys[:2] == ["bm:by-minsk", "bm:lt-klaipeda"]
    flows = [s for s in steps.steps if s.kind == "flow"]
    assert len(flows) == 1 and flows[0].flow["origin"]["place_id"] == "bm:by-minsk"
    assert keys.index(flows[0].key) > keys.index("bm:lt-klaipeda")
    assert view_steps(store, Filters(briefs=(PL_ID,)), flows=False).steps[-1].kind == "place"


def test_a_route_told_twice_is_one_step_and_two_routes_are_two(store):
    f = Filters(briefs=(EN_ID, EN2_ID))
    assert len(store.flows(f)) == 2  # the same line, in two briefs
    flows = [s for s in view_steps(store, f).steps if s.kind == "flow"]
    assert len(flows) == 1 and flows[0].flow["brief_id"] == EN2_ID  # the newer brief first
    # the PISM brief's line to Ust-Luga is another route (rerouted, not current): its own step
    both = view_steps(store, Filters(briefs=(EN_ID, SEED_PISM))).steps
    to_ust_luga = [
        s
        for s in both
        if s.kind == "flow" and (s.flow["destination"] or {}).get("place_id") == "bm:ru-ust-luga"
    ]
    assert {s.flow["kind"] for s in to_ust_luga} == {"current", "rerouted"}


def test_date_order_follows_the_dates_the_excerpts_name(store):
    steps = view_steps(store, Filters(briefs=(SEED_PISM, EN_ID, PL_ID)), order="date")
    dates = [(s.mention or s.flow)["date_min"] for s in steps.steps]
    assert None not in dates and dates == sorted(dates)  # undated mentions are left out
    assert dates[0] < "2021" and dates[-1].startswith("2026")
    first = store.first_mentions(Filters(briefs=(SEED_PISM, EN_ID, PL_ID)), order="date")
    assert len(first) == store.count_first_mentions(
        Filters(briefs=(SEED_PISM, EN_ID, PL_ID)), order="date"
    )
    with pytest.raises(ValueError, match="order"):
        view_steps(store, order="random")


def test_a_large_view_is_cut_and_says_so(store):
    steps = view_steps(store, Filters(), limit=5)
    assert len(steps) == 5 and steps.total > 5


# -- briefing files ----------------------------------------------------------------------------
def test_the_shipped_briefing_validates_against_the_seed_store(store):
    files = briefing_files()
    assert EXAMPLE in files and find_briefing(EXAMPLE.stem) == EXAMPLE
    briefing = load_briefing(EXAMPLE)
    steps = briefing_steps(briefing, store)
    assert len(steps) == len(briefing.steps) == 12
    grodno = next(s for s in steps.steps if s.key == "bm:by-grodno-oblast")
    assert "centrum szkolno-bojowe" in grodno.mention["excerpt"]
    assert grodno.layers == ("themes", "borders")
    flow = next(s for s in steps.steps if s.kind == "flow")
    assert flow.flow["destination"]["place_id"] == "bm:ru-ust-luga"
    assert steps.steps[-1].mention["excerpt"].count("kontrwywiadowcze") == 1
    assert find_briefing("../../etc/passwd") is None and find_briefing("nope") is None


def _briefing(tmp_path: Path, steps: str, head: str = "") -> Path:
    path = tmp_path / "b.toml"
    top = head or f'title = "T"\nbrief = "{SEED_PISM}"\n'
    path.write_text(top + steps, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ('[[step]]\ncaption = "x"\n', "step 1: give either place"),
        ('[[step]]\nplace = "cc:BY"\nflow = ["a", "b"]\n', "step 1: give either place"),
        ('[[step]]\nplace = "cc:BY"\nzoom = 14\n', "step 1: zoom must be a whole number from 3"),
        ('[[step]]\nplace = "cc:BY"\nlayers = ["cities"]\n', "step 1: unknown layer 'cities'"),
        ('[[step]]\nplace = "cc:BY"\ncolour = "red"\n', "step 1: unknown key 'colour'"),
        ('[[step]]\nplace = "cc:BY"\nexcerpt = 0\n', "mentions are counted from 1"),
        ('[[step]]\nflow = ["cc:BY"]\n', "flow must list its stops"),
        ('[[step]]\nplace = "cc:BY"\ncaption = "' + "x" * 700 + '"\n', "keep it under 600"),
        ("", "no steps"),
        ("[[step]\n", "not valid TOML"),
    ],
)  # fmt: skip
def test_a_malformed_briefing_file_is_refused_in_one_line(tmp_path, steps, message):
    path = _briefing(tmp_path, steps)
    with pytest.raises(BriefingError) as err:
        load_briefing(path)
    assert any(message in line for line in err.value.problems), err.value.problems
    assert all("\n" not in line and str(path) in line for line in err.value.problems)


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    path = _briefing(
        tmp_path,
        '[[step]]\nplace = "cc:BY"\nzoom = 99\n[[step]]\nplace = "cc:RU"\nlayers = ["x"]\n',
        head='brief = "x"\nmood = "calm"\n',
    )
    with pytest.raises(BriefingError) as err:
        load_briefing(path)
    text = str(err.value)
    for part in ("unknown key 'mood'", "title is missing", "step 1: zoom", "step 2: unknown layer"):
        assert part in text
    assert len(err.value.problems) == 4


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ('[[step]]\nplace = "bm:lt-vilnius"\n', "not mention bm:lt-vilnius; it mentions cc:BY"),
        ('[[step]]\nplace = "bm:nowhere"\n', "no place 'bm:nowhere' in the store"),
        ('[[step]]\nplace = "cc:BY"\nexcerpt = "Wilno"\n', "none of them contains 'Wilno'"),
        ('[[step]]\nplace = "cc:UA"\nexcerpt = 9\n', "there is no no. 9"),
        ('[[step]]\nflow = ["cc:BY", "bm:lt-vilnius"]\n', "has no flow cc:BY > bm:lt-vilnius"),
        ('[[step]]\nplace = "cc:BY"\nbrief = "gone"\n', "brief 'gone' is not in the store"),
    ],
)  # fmt: skip
def test_a_briefing_that_does_not_fit_the_store_is_refused_in_one_line(
    store, tmp_path, steps, message
):
    briefing = load_briefing(_briefing(tmp_path, steps))  # its shape is fine
    with pytest.raises(BriefingError) as err:
        briefing_steps(briefing, store)
    assert len(err.value.problems) == 1 and message in err.value.problems[0], err.value.problems
    assert "step 1" in err.value.problems[0]


def test_a_step_can_choose_its_excerpt_by_words_or_number(store, tmp_path):
    path = _briefing(
        tmp_path,
        '[[step]]\nplace = "cc:UA"\nexcerpt = "DODATKOWYM  wyzwaniem"\n'
        '[[step]]\nplace = "cc:UA"\nexcerpt = 1\n'
        f'[[step]]\nplace = "bm:lt-vilnius"\nbrief = "{EN_ID}"\ncaption = "Queues"\n',
    )
    steps = briefing_steps(load_briefing(path), store).steps
    assert "dodatkowym wyzwaniem" in steps[0].mention["excerpt"]
    assert steps[1].mention["surface"] == "Ukrainę" and steps[1].mention != steps[0].mention
    assert steps[2].mention["brief_id"] == EN_ID and steps[2].caption == "Queues"


# -- what the player shows ---------------------------------------------------------------------
def test_player_records_fly_to_a_fitting_extent_and_escape_every_text(store):
    from layers.boundaries import load_boundaries
    from layers.briefing_player import player_steps

    bounds = load_boundaries()
    steps = view_steps(store, Filters(briefs=(PL_ID,))).steps
    recs = {r["key"]: r for r in player_steps(steps, "pl", bounds)}
    grodno = recs["bm:by-grodno-oblast"]  # a region: its polygon, fitted whole
    assert grodno["shape"]["type"] == "area" and grodno["bounds"]
    (s, w), (n, e) = grodno["bounds"]
    assert 52.5 < s < 53.5 and 54.5 < n < 55.5 and 23.0 < w < 24.0 and 26.0 < e < 27.5
    minsk = recs["bm:by-minsk"]  # a town: a point at a town's zoom, no extent
    assert minsk["shape"]["type"] == "point" and minsk["bounds"] is None
    assert minsk["zoom"] == 7
    assert "<mark>Mińska</mark>" in minsk["excerpt_html"]
    belarus = recs["cc:BY"]  # a country: its outline, and the hostile sentence as text
    assert belarus["shape"] == {"type": "country", "iso2": "BY"}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in belarus["excerpt_html"]
    assert "<script>" not in json.dumps(recs) and "&#36;alert(2)&#36;" in belarus["excerpt_html"]
    assert "&lt;img src=x onerror=alert(&#x27;p&#x27;)&gt;" in belarus["citation_html"]
    flow = next(r for r in recs.values() if r["kind"] == "flow")  # both ends inside its extent
    (s, w), (n, e) = flow["bounds"]
    for end in flow["shape"]["ends"]:
        assert s <= end["lat"] <= n and w <= end["lon"] <= e
    assert (
        "<mark>Mińska</mark>" in flow["excerpt_html"]
        and "<mark>Kłajpedy</mark>" in flow["excerpt_html"]
    )


def test_a_very_wide_country_is_fitted_around_its_anchor():
    from shapely.geometry import box

    from layers.briefing_player import country_extent

    wide = box(20, 41, 180, 77)  # like Russia in a world file
    west, _, east, _ = country_extent(wide, 37.6)
    assert east - west <= 70 and west <= 37.6 <= east
    narrow = box(23, 51, 33, 56)
    assert country_extent(narrow, 27.5) == narrow.bounds


# -- the URL ------------------------------------------------------------------------------------
def test_the_page_reads_the_dashboards_url():
    view = read_view(
        {"themes": "military,energy", "briefs": "a", "event": "2021-01-01..2021-12-31",
         "q": " granica ", "brief": "b", "step": "3", "lang": "pl-PL", "lat": "54.1",
         "lon": "25.2", "zoom": "7", "order": "date", "place": "cc:BY"}
    )  # fmt: skip
    f = view.filters
    assert f.themes == ("military", "energy") and f.briefs == ("a",) and f.search == "granica"
    assert (f.event_from, f.event_to) == ("2021-01-01", "2021-12-31")
    assert view.brief == "b" and view.step == 3 and view.language == "pl"
    assert view.centre == (54.1, 25.2, 7) and view.order == "date"
    assert "place" not in view.params and view.params["themes"] == "military,energy"
    junk = read_view({"event": "soon", "step": "x", "lat": "north", "order": "random"})
    assert junk.filters == Filters() and junk.step is None and junk.centre is None
    assert junk.order == "text"


# -- the page (AppTest) -------------------------------------------------------------------------
def _app(store_path: Path, monkeypatch, **params):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("BRIEFMAP_STORE", str(store_path))
    at = AppTest.from_file(PAGE, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _player_data(at) -> dict:
    """The data the page gave the player (the JSON after the map's name in its call)."""
    frames = [el for el in at.main if getattr(el, "type", "") == "iframe"]
    assert frames, [getattr(el, "type", el) for el in at.main]
    html = frames[0].proto.srcdoc
    start = html.index('{"autoplay":')
    data, _ = json.JSONDecoder().raw_decode(html, start)
    return data


def test_page_presents_the_brief_of_the_link(store, store_path, monkeypatch):
    at = _app(store_path, monkeypatch, brief=SEED_PISM, step="3")
    assert not at.exception
    data = _player_data(at)
    assert [s["key"] for s in data["steps"]] == [
        s.key for s in view_steps(store, Filters(briefs=(SEED_PISM,))).steps
    ]
    assert at.query_params["step"] == "3" and at.query_params["brief"] == SEED_PISM
    labels = [b.label for b in at.get("download_button")]
    assert len(labels) == 7 and labels[0].startswith("HTML")
    # choosing another brief drops the step of the old one
    at.sidebar.selectbox(key="bf_brief").set_value(SEED_IES).run()
    assert "step" not in at.query_params and at.query_params["brief"] == SEED_IES
    assert _player_data(at)["steps"][0]["brief"] == SEED_IES


def test_page_presents_a_filtered_view_by_date(store, store_path, monkeypatch):
    at = _app(store_path, monkeypatch, themes="transit_economy", order="date", lang="pl")
    assert not at.exception
    expected = view_steps(store, Filters(themes=("transit_economy",)), order="date")
    data = _player_data(at)
    assert [s["key"] for s in data["steps"]] == [s.key for s in expected.steps]
    assert data["strings"]["brief_next"] == "Dalej ▶"
    assert at.query_params["themes"] == "transit_economy"


def test_page_presents_a_briefing_file_and_reports_a_broken_one(store_path, monkeypatch, tmp_path):
    at = _app(store_path, monkeypatch, briefing=EXAMPLE.stem)
    data = _player_data(at)
    assert len(data["steps"]) == 12 and data["title"].startswith("Belarus and Russia")
    assert data["steps"][0]["caption_html"].startswith("Belarus, isolated")
    folder = tmp_path / "briefings"
    folder.mkdir()
    (folder / "bad.toml").write_text(
        f'title = "Bad"\nbrief = "{SEED_PISM}"\n[[step]]\nplace = "bm:lt-vilnius"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("BRIEFMAP_BRIEFINGS", str(folder))
    at = _app(store_path, monkeypatch, briefing="bad")
    assert at.error and "cannot be used" in at.error[0].value
    assert "does not mention bm:lt-vilnius" in at.code[0].value


def test_the_page_checks_a_link_as_the_dashboard_does():
    view = read_view({"lat": "nan", "zoom": "99999999999", "q": "a\x00b", "x": "1"})
    reasons = dict(view.notices)
    assert reasons == {"lat": "bad_number", "zoom": "bad_zoom", "q": "bad_chars", "x": "bad_param"}
    assert view.centre is None and view.filters.search == ""
