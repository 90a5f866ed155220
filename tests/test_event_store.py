"""Events in the store (issue 14, part 2): written with their brief, read back under the
filters, removed with it, and a store of the version before migrated in place. The brief's
sentences were written for this test."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from briefmap.model import Brief
from briefmap.pipeline import parse_brief
from briefmap.places.gazetteer import load_gazetteer
from briefmap.store import (
    SCHEMA_VERSION,
    Filters,
    Store,
    connect,
    count,
    delete_brief,
    needs_build,
    schema_version,
    transaction,
    write_brief,
)

TEXT = (
    "Polska zamknęła 12 września przejścia graniczne w Kuźnicy i Bobrownikach. "
    "W sierpniu Rosja rozmieściła żołnierzy w Grodnie."
)


@pytest.fixture(scope="module")
def parsed():
    b = Brief("ev", "ev.txt", TEXT, TEXT, range(len(TEXT) + 1), "pl", date_start=date(2025, 9, 20))
    return parse_brief(b, load_gazetteer())


@pytest.fixture()
def path(tmp_path, parsed):
    p = tmp_path / "store.sqlite"
    con = connect(p)
    with transaction(con):
        write_brief(con, parsed.brief, parsed.mentions, events=parsed.events)
    con.close()
    return p


def test_events_are_stored_with_their_place_date_and_excerpt(path, parsed):
    rows = Store(path).events()
    assert [(r["kind"], r["place_id"]) for r in rows] == [
        (e.kind, e.place.id) for e in parsed.events
    ]
    kuznica = next(r for r in rows if r["place_id"] == "bm:pl-by-kuznica")
    assert kuznica["date"] == "2025-09-12" and kuznica["date_precision"] == "day"
    assert kuznica["place"]["country"] == "PL" and kuznica["actor"] == "Poland"
    assert TEXT[kuznica["excerpt_start"] : kuznica["excerpt_end"]] == kuznica["excerpt"]
    assert TEXT[kuznica["start"] : kuznica["end"]] == kuznica["surface"] == "Kuźnicy"


def test_events_follow_the_filters(path):
    s = Store(path)
    assert {r["kind"] for r in s.events(Filters(countries=("BY",)))} == {"deployment"}
    assert {r["kind"] for r in s.events(kinds=("closure",))} == {"closure"}
    # a month-precise event spans its month for the event-date filters
    assert {
        r["kind"] for r in s.events(Filters(event_from="2025-08-31", event_to="2025-08-31"))
    } == {"deployment"}
    assert s.events(Filters(event_from="2025-10-01")) == []
    assert s.events(Filters(search="Kuźnicy")) and s.events(Filters(search="Mińsk")) == []
    # at given places only (the news reads a brief's places' events this way)
    one = s.events()[0]["place_id"]
    assert {r["place_id"] for r in s.events(places=(one,))} == {one}
    assert s.events(places=("no-such-place",)) == []


def test_events_go_with_their_brief(path):
    con = connect(path)
    with transaction(con):
        delete_brief(con, "ev")
    assert count(con, "events") == 0
    con.close()


def test_a_store_of_the_version_before_gains_the_events_table(tmp_path, parsed):
    p = tmp_path / "v5.sqlite"
    con = connect(p)
    with transaction(con):
        write_brief(con, parsed.brief, parsed.mentions)
        con.execute("DROP TABLE events")  # a v5 store had no events and no news indexes
        for name in ("briefs_added", "briefs_published_end", "flows_origin", "flows_destination"):
            con.execute(f"DROP INDEX {name}")
        con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
        con.execute("DELETE FROM meta WHERE key = 'needs_build'")
    con.close()
    con = connect(p)
    assert schema_version(p) == SCHEMA_VERSION
    assert count(con, "events") == 0 and count(con, "briefs") == 1
    assert needs_build(con)  # the next build fills it
    con.close()
    assert isinstance(sqlite3.connect(p).execute("SELECT * FROM events").fetchall(), list)
