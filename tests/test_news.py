"""The news of a brief (``briefmap.news``, ``briefmap news``, ``briefmap add``): what a brief
adds to the archive as it stood before it, tested on both sides.

The brief texts below were written for these tests; the crossing's closure on 2025-10-29
is the curated status history of ``geodata/places.toml`` (Šalčininkai – Benyakoni)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from briefmap.cli import main
from briefmap.news import StatusRecord, brief_news, months_before, news_text
from briefmap.store import Filters, Store, connect

CLOSED_AND_PORT = (
    "Lithuania closes the border again\n\n"
    "On 29 October 2025 Lithuania closed the Šalčininkai border crossing with Belarus, and "
    "trucks queued near Vilnius. In November 2025 Belarus exported potash via the port of "
    "Primorsk.\n"
)
SAME_AGAIN = CLOSED_AND_PORT.replace("closes the border again", "The border, once more")
REROUTED = (
    "Potash finds another way\n\n"
    "In November 2025 Belarus rerouted its potash exports from Primorsk to Ust-Luga.\n"
)
REROUTED_LATER = REROUTED.replace("November 2025", "March 2026")
PORT_ONLY = (
    "Ports of the Gulf of Finland\n\nRussian fertiliser terminals in Primorsk are being expanded.\n"
)


def _add(library, tmp_path, name: str, text: str, day: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return library.add_file(path, meta={"date_start": day}).brief_id


def _news(library, brief_id: str, **kw):
    store = Store(library.folder.store)
    try:
        return brief_news(store, brief_id, **kw)
    finally:
        store.close()


def test_a_closed_crossing_and_a_new_port_are_news(library, tmp_path):
    bid = _add(library, tmp_path, "a.txt", CLOSED_AND_PORT, "2025-11-05")
    news = _news(library, bid)
    new = {p.place_id for p in news.places if p.news == "new"}
    assert "bm:ru-primorsk" in new  # no brief before it named the port
    changes = {(s.place_id, s.change, s.day) for s in news.status_changes}
    assert ("bm:lt-by-salcininkai", "closed", "2025-10-29") in changes
    routes = [fl.stops for fl in news.new_flows]
    assert ["cc:BY", "bm:ru-primorsk"] in routes
    assert not news.contradictions and not news.empty
    assert {"bm:ru-primorsk", "bm:lt-by-salcininkai"} <= set(news.place_ids())


def test_the_cli_add_prints_the_news_and_news_prints_text_and_json(library, tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(CLOSED_AND_PORT, encoding="utf-8")
    root = str(library.folder.root)
    assert main(["add", "--data", root, "--date", "2025-11-05", "--no-progress", str(path)]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1  # stdout: one line per brief added, as before
    bid = out.split("\t")[0]
    assert "+ Primorsk" in err and "Šalčininkai" in err and "closed 2025-10-29" in err
    assert main(["news", "--data", root, bid]) == 0
    text = capsys.readouterr().out
    assert "New places" in text and "Status changes" in text and "Primorsk" in text
    assert main(["news", "--data", root, bid, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["brief"]["id"] == bid and not data["empty"]
    assert any(s["change"] == "closed" for s in data["status_changes"])
    assert main(["news", "--data", root, "no-such-brief"]) == 2


def test_adding_the_same_brief_again_shows_nothing_new(library, tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(CLOSED_AND_PORT, encoding="utf-8")
    root = str(library.folder.root)
    assert main(["add", "--data", root, "--date", "2025-11-05", "--no-progress", str(path)]) == 0
    capsys.readouterr()
    # the very same file: refused as a duplicate, and nothing new
    assert main(["add", "--data", root, "--date", "2025-11-05", "--no-progress", str(path)]) == 2
    err = capsys.readouterr().err
    assert "nothing new" in err and "New places" not in err
    # the same report under another heading a day later: every place, route and status
    # was in the archive already
    again = tmp_path / "again.txt"
    again.write_text(SAME_AGAIN, encoding="utf-8")
    assert main(["add", "--data", root, "--date", "2025-11-06", "--no-progress", str(again)]) == 0
    out, err = capsys.readouterr()
    assert "Nothing new" in err
    news = _news(library, out.split("\t")[0])
    assert news.empty and news.place_ids() == []


def test_a_brief_that_contradicts_an_earlier_one_shows_both_excerpts(library, tmp_path, capsys):
    _add(library, tmp_path, "a.txt", CLOSED_AND_PORT, "2025-11-05")
    bid = _add(library, tmp_path, "b.txt", REROUTED, "2025-11-20")
    news = _news(library, bid)
    assert len(news.contradictions) == 1
    c = news.contradictions[0]
    assert c.about == "flow" and "Primorsk" in c.subject
    assert c.this.claim == "ended" and "rerouted its potash" in c.this.excerpt
    assert c.earlier.claim == "active" and "via the port of Primorsk" in c.earlier.excerpt
    assert [e["stops"] for e in map(vars, news.ended_flows)] == [["cc:BY", "bm:ru-primorsk"]]
    assert main(["news", "--data", str(library.folder.root), bid]) == 0
    text = capsys.readouterr().out
    assert "rerouted its potash" in text and "via the port of Primorsk" in text


def test_a_route_that_ended_after_the_days_an_earlier_brief_named_is_no_contradiction(
    library, tmp_path
):
    _add(library, tmp_path, "a.txt", CLOSED_AND_PORT, "2025-11-05")
    bid = _add(library, tmp_path, "b.txt", REROUTED_LATER, "2026-03-20")
    news = _news(library, bid)
    assert not news.contradictions  # November 2025 and March 2026 do not overlap
    assert news.ended_flows  # still news: the route ended


def test_status_records_of_two_briefs_that_disagree_on_the_same_days_contradict(library, tmp_path):
    """Records as the events of a brief will give them (written for this test)."""
    a = _add(library, tmp_path, "a.txt", CLOSED_AND_PORT, "2025-11-05")
    b = _add(library, tmp_path, "again.txt", SAME_AGAIN, "2025-11-06")
    pid = "bm:lt-by-salcininkai"
    said_open = StatusRecord(pid, "open", date(2025, 11, 1), None, "", a, "It is open.")
    said_closed = StatusRecord(pid, "closed", date(2025, 11, 2), None, "", b, "It is shut.")
    news = _news(library, b, status_records=[said_open, said_closed])
    assert [(c.about, c.this.excerpt, c.earlier.excerpt) for c in news.contradictions] == [
        ("status", "It is shut.", "It is open.")
    ]
    # the other side: an earlier record whose days ended before this one's began
    before = StatusRecord(pid, "open", date(2025, 1, 1), date(2025, 2, 1), "", a, "Open then.")
    news = _news(library, b, status_records=[before, said_closed])
    assert not news.contradictions
    # and the earlier brief never contradicts a later one
    assert not _news(library, a, status_records=[said_open, said_closed]).contradictions


def test_a_place_unmentioned_for_longer_than_n_months_comes_back_as_news(library, tmp_path):
    _add(library, tmp_path, "a.txt", CLOSED_AND_PORT, "2025-11-05")
    bid = _add(library, tmp_path, "c.txt", PORT_ONLY, "2026-09-01")
    back = {p.place_id: p for p in _news(library, bid).places if p.news == "returning"}
    assert back["bm:ru-primorsk"].last_day == "2025-11-05"
    assert "↺ Primorsk" in news_text(_news(library, bid))
    # within N months it is no news
    longer = _news(library, bid, quiet_months=12)
    assert "bm:ru-primorsk" not in {p.place_id for p in longer.places}


def test_the_news_counts_what_was_added_before_on_the_same_day(library, tmp_path):
    a = _add(library, tmp_path, "a.txt", CLOSED_AND_PORT, "2025-11-05")
    b = _add(library, tmp_path, "again.txt", SAME_AGAIN, "2025-11-05")
    assert _news(library, b).empty  # added after the first, on its day
    assert "bm:ru-primorsk" in {p.place_id for p in _news(library, a).places}


def test_months_before_keeps_to_the_months_last_day():
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 3, 15), 12) == date(2025, 3, 15)
    assert months_before(date(2026, 1, 10), 1) == date(2025, 12, 10)


def test_the_since_filter_keeps_briefs_added_or_published_since_a_day(library, tmp_path):
    bid = _add(library, tmp_path, "a.txt", CLOSED_AND_PORT, "2025-11-05")
    store = Store(library.folder.store)
    try:
        everything = store.totals(Filters())["mentions"]
        assert store.totals(Filters(since="2000-01-01"))["mentions"] == everything
        assert store.totals(Filters(since="2999-01-01"))["mentions"] == 0
        assert store.flows(Filters(since="2999-01-01")) == []
        today = store.news_brief(bid)["added_at"][:10]
        # the seeds were built today too, but a corpus brief counts by its publication date
        assert store.brief_ids(Filters(since=today)) == [bid]
        assert "003_6c1418ae19367fda" in store.brief_ids(Filters(since="2026-03-01"))
        # the places filter: only those places, and flows that touch them
        only = store.place_summary(Filters(places=("bm:ru-primorsk",)))
        assert [p["id"] for p in only] == ["bm:ru-primorsk"]
        assert all(
            "bm:ru-primorsk" in json.dumps(fl)
            for fl in store.flows(Filters(places=("bm:ru-primorsk",)))
        )
    finally:
        store.close()


def test_the_news_queries_use_their_indexes(library):
    con = sqlite3.connect(library.folder.store)
    try:

        def plan(sql: str, args: tuple) -> str:
            return " ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql, args))

        assert "flows_origin" in plan(
            "SELECT * FROM flows WHERE json_extract(origin, '$.place_id') IN (?)", ("cc:BY",)
        )
        assert "flows_destination" in plan(
            "SELECT * FROM flows WHERE json_extract(destination, '$.place_id') IN (?)", ("x",)
        )
        assert "mentions_place_newest" in plan(
            "SELECT * FROM mentions m WHERE m.place_id = ? AND m.published < ?"
            " ORDER BY m.published DESC LIMIT 1",
            ("cc:BY", "2026-01-01"),
        )
    finally:
        con.close()


def test_a_version_5_store_gains_the_news_indexes(library):
    path = library.folder.store
    con = sqlite3.connect(path)
    for name in ("briefs_added", "briefs_published_end", "flows_origin", "flows_destination"):
        con.execute(f"DROP INDEX {name}")
    con.execute("DROP TABLE events")  # nor had a v5 store the events table
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    connect(path).close()
    con = sqlite3.connect(path)
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    con.close()
    assert {"briefs_added", "flows_origin", "flows_destination"} <= names
    assert Store(path).news_brief("003_6c1418ae19367fda")["day"] == "2026-03-23"


def test_status_changes_come_from_any_list_of_records():
    """Records written for this test: a curated history and a brief's own record."""
    from briefmap.news import status_changes

    pid = "bm:test-crossing"
    place = {"id": pid, "name": "X", "name_pl": "X", "lat": 0.0, "lon": 0.0, "excerpt": "e"}
    records = [
        StatusRecord(pid, "open", date(2020, 1, 1), date(2025, 3, 1)),
        StatusRecord(pid, "closed", date(2025, 3, 1), date(2025, 6, 1)),
        StatusRecord(pid, "open", date(2025, 6, 1)),
    ]
    window = {pid: (date(2025, 1, 1), date(2025, 7, 1))}
    got = [(c.change, c.previous, c.day) for c in status_changes(records, [place], window)]
    assert got == [("closed", "open", "2025-03-01"), ("reopened", "closed", "2025-06-01")]
    # outside the window, a curated change is old news
    later = {pid: (date(2025, 6, 1), date(2025, 7, 1))}
    assert status_changes(records, [place], later) == []
    # a brief's own record is a change whatever the window, when the status differs
    said = StatusRecord(pid, "restricted", date(2025, 6, 10), None, "", "brief-x", "Only cars.")
    got = status_changes([*records, said], [place], later)
    assert [(c.change, c.brief_id, c.excerpt) for c in got] == [
        ("restricted", "brief-x", "Only cars.")
    ]


@pytest.mark.parametrize("bad", ["0", "-3", "six"])
def test_quiet_months_must_be_a_whole_number(library, bad, capsys):
    with pytest.raises(SystemExit):
        main(["news", "--data", str(library.folder.root), "x", "--quiet-months", bad])
    assert "whole number" in capsys.readouterr().err


# -- the links and the page ---------------------------------------------------------------------
def test_the_since_and_places_parameters_are_read_and_written_as_links_say_them():
    from ui.view_url import check_params, read_view, view_query

    checked = check_params({"since": "2026-01-02"})
    assert checked.values["since"] == date(2026, 1, 2) and not checked.notices
    assert check_params({"since": "yesterday"}).notices == [("since", "bad_dates")]
    assert view_query({"since": date(2026, 1, 2)}) == {"since": "2026-01-02"}
    view = read_view({"since": "2026-01-02", "places": "a,b,zz"}, place_exists=lambda p: p != "zz")
    assert view.filters.since == "2026-01-02" and view.filters.places == ("a", "b")
    assert ("places", "bad_place") in view.notices and view.params == {"since": "2026-01-02"}


@pytest.fixture
def pages(library, monkeypatch):
    import streamlit as st

    monkeypatch.setenv("BRIEFMAP_DATA", str(library.folder.root))
    monkeypatch.setenv("BRIEFMAP_STORE", str(library.folder.store))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield library
    st.cache_resource.clear()
    st.cache_data.clear()


def _page(name: str = "brief_news.py", **query: str):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parent.parent
    at = AppTest.from_file(str(root / "dashboard.py"), default_timeout=120)
    at.switch_page(f"pages/{name}")
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def test_the_news_page_shows_the_news_and_both_sides_of_a_contradiction(pages, tmp_path):
    _add(pages, tmp_path, "a.txt", CLOSED_AND_PORT, "2025-11-05")
    bid = _add(pages, tmp_path, "b.txt", REROUTED, "2025-11-20")
    at = _page()  # the brief added last
    assert not at.exception and not at.error
    assert at.selectbox(key="nw_brief").value == bid
    assert any("contradictions: 1" in s.value for s in at.success)
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "rerouted its potash" in html and "via the port of Primorsk" in html
    assert f"briefing?brief={bid}" in html and "places=" in html
    at = _page(brief=bid, lang="pl")
    assert not at.exception and any("sprzeczności: 1" in s.value for s in at.success)
    # "present what this brief changes": the briefing page keeps the places and says so
    at = _page("briefing.py", brief=bid, places="bm:ru-primorsk")
    assert not at.exception and not at.error
    assert at.query_params["places"] in ("bm:ru-primorsk", ["bm:ru-primorsk"])
    assert any("places=bm:ru-primorsk" in c.value for c in at.sidebar.caption)


def test_the_news_page_says_nothing_new_for_a_brief_the_archive_had(pages, tmp_path):
    _add(pages, tmp_path, "a.txt", CLOSED_AND_PORT, "2025-11-05")
    bid = _add(pages, tmp_path, "again.txt", SAME_AGAIN, "2025-11-06")
    at = _page(brief=bid)
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Nothing new: the archive before this brief had all of it."
    ]
    at = _page(brief=bid, since="2999-01-01")  # no brief since then
    assert not at.exception and at.info[0].value == "No brief in the library yet."


def test_the_dashboard_since_filter_comes_from_the_link_and_stays_in_it(pages):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parent.parent
    at = AppTest.from_file(str(root / "dashboard.py"), default_timeout=120)
    at.query_params["since"] = "2999-01-01"
    at.run()
    assert not at.exception
    assert at.date_input(key="f_since").value == date(2999, 1, 1)
    assert at.metric[0].value == "0"  # no brief added or published since
    assert at.query_params["since"] in ("2999-01-01", ["2999-01-01"])
    at.date_input(key="f_since").set_value(None).run()
    assert not at.exception and int(at.metric[0].value) > 0 and "since" not in at.query_params


def test_event_records_become_status_records_and_only_a_closure_contradicts_traffic():
    """Event records shaped as ``briefmap.records.event_record`` writes them (written for this
    test): closures, openings and restrictions give statuses; planned or undated ones none."""
    from briefmap.news import disagree, status_records_from_events

    def ev(kind: str, day: str, mood: str = "current") -> dict:
        place = {"place_id": "bm:lt-by-salcininkai", "name": "Šalčininkai"}
        return {"brief_id": "b1", "kind": kind, "place": place, "date": day, "mood": mood,
                "trigger": "zamknęła", "excerpt": f"{kind} words"}  # fmt: skip

    got = status_records_from_events(
        [
            ev("closure", "2025-10-29"),
            ev("opening", "2025-11"),
            ev("exercise", "2025-09-12"),
            ev("closure", "2026-01-05", mood="planned"),
            ev("restriction", ""),
        ]
    )
    assert [(r.status, r.since, r.brief_id) for r in got] == [
        ("closed", date(2025, 10, 29), "b1"),
        ("open", date(2025, 11, 1), "b1"),
        ("exercise", date(2025, 9, 12), "b1"),
    ]
    assert disagree("closed", "open") and disagree("restricted", "closed")
    assert not disagree("open", "restricted") and not disagree("exercise", "closed")
    assert not disagree("closed", "closed")


def test_an_exercise_beside_an_earlier_closure_is_news_but_no_contradiction(library, tmp_path):
    """Status records written for this test."""
    a = _add(library, tmp_path, "a.txt", CLOSED_AND_PORT, "2025-11-05")
    b = _add(library, tmp_path, "again.txt", SAME_AGAIN, "2025-11-06")
    pid = "bm:lt-by-salcininkai"
    closed = StatusRecord(pid, "closed", date(2025, 11, 1), None, "", a, "Shut.")
    drill = StatusRecord(pid, "exercise", date(2025, 11, 2), None, "", b, "Troops drill there.")
    news = _news(library, b, status_records=[closed, drill])
    assert not news.contradictions
    assert [(s.change, s.excerpt) for s in news.status_changes] == [
        ("exercise", "Troops drill there.")
    ]
    assert "exercise 2025-11-02" in news_text(news)


# -- the stored events are the briefs' status reports --------------------------------------------
# (texts written for these tests; the Terespol crossing is open in the curated history)
TERESPOL_CLOSED = (
    "Poland shuts a crossing\n\nOn 2 March 2026 Poland closed the Terespol crossing with "
    "Belarus to all traffic.\n"
)
TERESPOL_TALK = (
    "A crossing discussed\n\nPolish officials discussed the Terespol crossing with Belarus "
    "on 2 March 2026.\n"
)


def test_a_closure_a_brief_reports_is_its_news_without_being_passed_in(library, tmp_path):
    bid = _add(library, tmp_path, "t.txt", TERESPOL_CLOSED, "2026-03-05")
    changes = {(s.place_id, s.change, s.day) for s in _news(library, bid).status_changes}
    assert ("bm:pl-by-terespol", "closed", "2026-03-02") in changes


def test_a_crossing_only_talked_about_has_no_status_news(library, tmp_path):
    bid = _add(library, tmp_path, "t.txt", TERESPOL_TALK, "2026-03-05")
    changes = {(s.place_id, s.change, s.day) for s in _news(library, bid).status_changes}
    assert ("bm:pl-by-terespol", "closed", "2026-03-02") not in changes
