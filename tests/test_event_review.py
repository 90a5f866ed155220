"""Reviewing events (issue 14): accept, reject, edit and reset, kept in the one review log
with the mentions' decisions, applied when the events are written, kept through a rebuild
and through the migration of a version-6 store. The sentences were written for this test."""

from __future__ import annotations

import sqlite3

import pytest

from briefmap.build import build_store
from briefmap.decisions import Decision
from briefmap.event_review import ReviewedEvent, apply_events
from briefmap.model import Event, Place
from briefmap.present.view import map_data
from briefmap.store import SCHEMA_VERSION, Filters, Store, connect, schema_version

TEXT = (
    "Przegląd tygodnia\n\n"
    "Litwa zamknęła 3 marca przejście graniczne w Miednikach. "
    "W lutym Białoruś rozmieściła żołnierzy w Grodnie.\n"
)


@pytest.fixture
def added(library, tmp_path):
    f = tmp_path / "przeglad.txt"
    f.write_text(TEXT, encoding="utf-8")
    bid = library.add_file(f).brief_id
    return library, bid


def events(library, bid, **kw) -> list[dict]:
    return Store(library.folder.store).events(Filters(briefs=(bid,), **kw))


def the(library, bid, kind: str) -> dict:
    [ev] = [e for e in events(library, bid, include_rejected=True) if e["auto"]["kind"] == kind]
    return ev


def decide(library, bid, ev: dict, action: str, **kw) -> int:
    return library.decide(
        bid,
        ev["start"],
        ev["end"],
        action,
        link="event",
        event_kind=ev["auto"]["kind"],
        cue_place_id=ev["auto"]["place_id"],
        **kw,
    )


def test_the_brief_has_the_events_this_test_reviews(added):
    library, bid = added
    got = {(e["kind"], e["place_id"]) for e in events(library, bid)}
    assert got == {("closure", "bm:lt-by-medininkai"), ("deployment", "bm:by-grodno")}


def test_a_rejected_event_leaves_the_map_and_exports_but_not_the_review(added):
    library, bid = added
    closure = the(library, bid, "closure")
    mentions_before = Store(library.folder.store).mentions(brief_id=bid)
    decide(library, bid, closure, "reject", note="not a closure, a drill")
    s = Store(library.folder.store)
    assert [e["kind"] for e in s.events(Filters(briefs=(bid,)))] == ["deployment"]
    assert closure["place_id"] not in {
        e["place_id"] for e in map_data(s, Filters(briefs=(bid,))).events
    }
    kept = the(library, bid, "closure")
    assert (kept["status"], kept["review_note"]) == ("rejected", "not a closure, a drill")
    # the place's mention is another record, and stays
    assert s.mentions(brief_id=bid) == mentions_before
    decide(library, bid, closure, "reset")
    assert the(library, bid, "closure")["status"] == "auto"
    assert len(events(library, bid)) == 2


def test_an_edit_sets_kind_place_date_and_actor_and_keeps_what_the_parser_said(added):
    library, bid = added
    grodno = the(library, bid, "deployment")
    decide(library, bid, grodno, "edit", kind="exercise", place_id="bm:by-grodno-oblast")
    decide(library, bid, grodno, "edit", date="2025-02-20", actor="Russia")
    ev = the(library, bid, "deployment")
    assert (ev["kind"], ev["place_id"], ev["place"]["country"]) == (
        "exercise",
        "bm:by-grodno-oblast",
        "BY",
    )
    assert (ev["date"], ev["date_precision"], ev["date_min"], ev["actor"]) == (
        "2025-02-20",
        "day",
        "2025-02-20",
        "Russia",
    )
    assert ev["status"] == "reviewed" and ev["auto"]["place_id"] == "bm:by-grodno"
    # the event-date filter reads the analyst's date
    assert events(library, bid, event_from="2025-02-20", event_to="2025-02-20") == [ev]
    decide(library, bid, grodno, "accept")
    assert the(library, bid, "deployment")["kind"] == "exercise"  # an accept keeps the edit


def test_decisions_about_events_survive_a_rebuild_from_the_briefs(added):
    library, bid = added
    decide(library, bid, the(library, bid, "closure"), "reject")
    decide(library, bid, the(library, bid, "deployment"), "edit", kind="exercise", actor="NATO")
    report = build_store(library.folder.store)
    assert report.reviews_kept == 2 and not report.lost
    assert [(e["kind"], e["actor"]) for e in events(library, bid)] == [("exercise", "NATO")]
    assert the(library, bid, "closure")["status"] == "rejected"


def test_a_decision_that_cannot_be_applied_is_refused(added):
    library, bid = added
    grodno = the(library, bid, "deployment")
    with pytest.raises(ValueError, match="not one of"):
        decide(library, bid, grodno, "edit", kind="parade")
    with pytest.raises(ValueError, match="not a day"):
        decide(library, bid, grodno, "edit", date="20 lutego")
    with pytest.raises(ValueError, match="changes the kind"):
        decide(library, bid, grodno, "edit")
    with pytest.raises(ValueError, match="not decided by"):
        decide(library, bid, grodno, "move", lat=53.0, lon=24.0)
    with pytest.raises(KeyError, match="no opening event"):  # the parser made no such event
        decide(library, bid, {**grodno, "auto": {**grodno["auto"], "kind": "opening"}}, "reject")
    assert Store(library.folder.store).decisions(bid) == []


def test_event_decisions_leave_mentions_alone_and_mention_decisions_leave_events():
    place = Place("p:a", "A", "A", "town", "PL", 52.0, 21.0, "city", "")
    other = Place("p:b", "B", "B", "town", "PL", 53.0, 22.0, "city", "")
    ev = Event("b", "closure", place, 10, 11, "A", "closed")
    edit = Decision("b", 10, 11, "A", "edit", link="event", event_kind="closure",
                    cue_place_id="p:a", place=other)  # fmt: skip
    reject_mention = Decision("b", 10, 11, "A", "reject")
    [r] = apply_events([ev], [reject_mention, edit])
    assert (r.status, r.event.place.id, r.auto.place.id) == ("reviewed", "p:b", "p:a")
    # about another event at the same words (another kind): not this one's
    other_kind = Decision("b", 10, 11, "A", "reject", link="event", event_kind="opening",
                          cue_place_id="p:a")  # fmt: skip
    assert apply_events([ev], [other_kind]) == [ReviewedEvent.automatic(ev)]


def test_a_version_6_store_migrates_and_keeps_its_reviews_and_events(added, tmp_path):
    library, bid = added
    grodno = the(library, bid, "deployment")
    decide(library, bid, the(library, bid, "closure"), "reject", note="keep me")
    path = library.folder.store
    con = sqlite3.connect(path)
    with con:  # back to version 6: its reviews log and events table, as they were
        con.execute("DELETE FROM reviews")
        at = Store(path).reading(bid).index("Litwa")
        con.execute(
            'INSERT INTO reviews (brief_id, start, "end", surface, action, place_id, note,'
            " created_at) VALUES (?, ?, ?, 'Litwa', 'reject', NULL, 'v6', '2025-01-01')",
            (bid, at, at + 5),
        )
        _as_in_v6(con, "reviews", V6_REVIEWS)
        _as_in_v6(con, "events", V6_EVENTS)
        con.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    con.close()
    assert schema_version(path) == 6
    connect(path).close()
    assert schema_version(path) == SCHEMA_VERSION
    [d] = Store(path).decisions(bid)
    assert (d["surface"], d["action"], d["note"], d["link"]) == ("Litwa", "reject", "v6", "name")
    s = Store(path)
    assert {(e["kind"], e["status"]) for e in s.events(Filters(briefs=(bid,)))} == {
        ("closure", "auto"),
        ("deployment", "auto"),
    }
    # what the parser said is filled in, so a decision made now applies to the old rows
    assert {
        (e["auto"]["kind"], e["auto"]["place_id"]) for e in s.events(Filters(briefs=(bid,)))
    } == {
        ("closure", "bm:lt-by-medininkai"),
        ("deployment", "bm:by-grodno"),
    }
    decide(library, bid, grodno, "edit", actor="NATO")
    assert the(library, bid, "deployment")["actor"] == "NATO"


V6_REVIEWS = """
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY, brief_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    surface TEXT NOT NULL, prefix TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT 'name', cue_place_id TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL CHECK (action IN
        ('accept', 'reject', 'reassign', 'move', 'precision', 'themes', 'add', 'reset')),
    place_id TEXT, place TEXT,
    lat REAL, lon REAL, precision TEXT, themes TEXT,
    note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,
    attached INTEGER NOT NULL DEFAULT 1
)
"""
V6_EVENTS = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY, brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, place_id TEXT NOT NULL, country TEXT, place TEXT NOT NULL,
    surface TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    orig_start INTEGER, orig_end INTEGER, trigger TEXT NOT NULL, actor TEXT NOT NULL,
    date TEXT NOT NULL, date_precision TEXT NOT NULL, date_surface TEXT NOT NULL,
    date_min TEXT, date_max TEXT, mood TEXT NOT NULL, traffic TEXT NOT NULL,
    excerpt TEXT NOT NULL, excerpt_start INTEGER NOT NULL, excerpt_end INTEGER NOT NULL,
    excerpt_orig_start INTEGER, excerpt_orig_end INTEGER,
    evidence TEXT NOT NULL, confidence REAL, published TEXT
)
"""


def _as_in_v6(con: sqlite3.Connection, table: str, ddl: str) -> None:
    """Make ``table`` again as version 6 had it (``ddl``), with its rows."""
    index = {"reviews": "reviews_brief ON reviews(brief_id, id)",
             "events": "events_brief ON events(brief_id)"}[table]  # fmt: skip
    con.execute(f"ALTER TABLE {table} RENAME TO {table}_new")
    con.execute(f"DROP INDEX {index.split()[0]}")
    con.execute(ddl)
    cols = ", ".join(f'"{r[1]}"' for r in con.execute(f"PRAGMA table_info({table})"))
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {table}_new")
    con.execute(f"DROP TABLE {table}_new")
    con.execute(f"CREATE INDEX {index}")
