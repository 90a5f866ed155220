"""A crossing's status over time (briefmap.news.crossing_status): curated history and
brief events in one timeline, disagreements flagged with both sources. The crossing and
the event rows are written for these tests (shaped like ``load_curated`` records and
``Store.events`` rows)."""

from __future__ import annotations

from datetime import date

from briefmap.news.crossing_status import status_timeline, timeline_rows
from layers.crossings import crossing_popup

CROSSING = {
    "id": "test-crossing",
    "name_en": "Testowo",
    "name": "Testowo",
    "name_pl": "Testowo",
    "kind": "border_crossing",
    "lat": 53.0,
    "lon": 23.5,
    "status": "open",
    "status_since": "2024-03-01",
    "status_source": "Border Guard notice, 2024",
    "status_history": [
        {"status": "closed", "since": "2021-11-09", "until": "2024-03-01",
         "source": "Government decree, 2021"},
    ],
}  # fmt: skip


def _event(kind: str, day: str, brief: str, published: str, **over: object) -> dict:
    ev = {
        "kind": kind,
        "date": day,
        "brief_id": brief,
        "published_start": published,
        "mood": "current",
        "excerpt": f"The {kind} at Testowo took effect on {day}.",
        "place": {"place_id": "test-crossing", "name": "Testowo", "lat": 53.0, "lon": 23.5},
    }
    ev.update(over)
    return ev


def test_agreeing_sources_give_one_timeline_and_no_flag() -> None:
    events = [
        _event("closure", "2021-11-10", "b-2022", "2022-01-15"),
        _event("opening", "2024-03-01", "b-2024", "2024-04-01"),
    ]
    t = status_timeline(CROSSING, events)
    assert [r.status for r in t.records] == ["closed", "closed", "open", "open"]
    assert not t.disagreements
    rows = timeline_rows(t)["changes"]
    # each change cites its source: the curated text, or the brief and its excerpt
    assert rows[0]["source"] == "Government decree, 2021"
    assert rows[1]["brief_id"] == "b-2022" and "2021-11-10" in rows[1]["excerpt"]


def test_disagreeing_sources_are_flagged_with_both() -> None:
    # a brief published in 2025 reports a closure while the curated history has it open
    t = status_timeline(CROSSING, [_event("closure", "2025-02-10", "b-2025", "2025-03-01")])
    assert len(t.disagreements) == 1
    d = t.disagreements[0]
    assert {d.first.brief_id, d.second.brief_id} == {None, "b-2025"}
    assert d.days == ("2025-02-10", "2025-03-01")
    html = crossing_popup({**CROSSING, "status_timeline": timeline_rows(t)})
    assert "disagree" in html.lower()
    assert "b-2025" in html and "Border Guard notice" in html


def test_two_briefs_disagreeing_on_the_same_days_are_flagged() -> None:
    events = [
        _event("closure", "2025-02-10", "b-a", "2025-03-01"),
        _event("opening", "2025-02-20", "b-b", "2025-02-25"),
    ]
    pairs = {
        (d.first.brief_id, d.second.brief_id)
        for d in status_timeline(CROSSING, events).disagreements
    }
    assert ("b-a", "b-b") in pairs


def test_what_gives_no_record_or_no_flag() -> None:
    events = [
        _event("closure", "2025-02-10", "b-plan", "2025-03-01", mood="planned"),
        _event("exercise", "2025-02-10", "b-ex", "2025-03-01"),
        _event("closure", "2025-02-10", "b-other", "2025-03-01",
               place={"place_id": "elsewhere"}),
        # an old closure reported while it held agrees with the curated 2021-2024 closure
        _event("closure", "2022-05-01", "b-old", "2022-06-01"),
        # a restriction beside "open" is no contradiction (open to cars, closed to trucks)
        _event("restriction", "2025-02-10", "b-r", "2025-03-01"),
    ]  # fmt: skip
    t = status_timeline(CROSSING, events)
    assert {r.brief_id for r in t.records} == {None, "b-old", "b-r"}
    assert not t.disagreements


def test_map_rows_of_crossings_carry_their_own_timeline() -> None:
    from briefmap.places.curated import load_curated
    from briefmap.present.view import crossing_rows

    cid = next(r["id"] for r in load_curated() if r.get("kind") == "border_crossing")
    ev = _event("closure", "2099-01-02", "b-future", "2099-01-05")
    ev["place"] = {**ev["place"], "place_id": cid}
    rows = {r["id"]: r for r in crossing_rows([], [ev])}
    mine = rows[cid]["status_timeline"]["changes"]
    assert [c["brief_id"] for c in mine if c["brief_id"]] == ["b-future"]
    others = [r for k, r in rows.items() if k != cid]
    assert all(not c["brief_id"] for r in others for c in r["status_timeline"]["changes"])


def _many(n: int) -> list[dict]:
    """``n`` briefs, a month apart, alternately reporting the crossing closed and open, each
    published a fortnight after the day it reports."""
    out = []
    for i in range(n):
        day = f"{2022 + i // 12}-{i % 12 + 1:02d}-01"
        published = f"{2022 + i // 12}-{i % 12 + 1:02d}-15"
        out.append(_event("closure" if i % 2 else "opening", day, f"b{i:03d}", published))
    return out


def test_disagreements_are_those_of_every_pair_of_sources() -> None:
    """The scan stops at the first record that starts after one's last day: it must find
    what comparing every pair finds (here with overlapping reports and the open-ended
    curated status)."""
    from briefmap.news.crossing_status import record_days
    from briefmap.news.items import disagree

    events = [*_many(30), _event("closure", "2023-05-03", "late", "2025-01-01")]
    t = status_timeline(CROSSING, events)
    reported = {e["brief_id"]: date.fromisoformat(e["published_start"])
                for e in events}  # fmt: skip
    pairs = set()
    for i, a in enumerate(t.records):
        for b in t.records[i + 1 :]:
            if a.brief_id == b.brief_id or not disagree(a.status, b.status):
                continue
            (a0, a1), (b0, b1) = record_days(a, reported), record_days(b, reported)
            if max(a0, b0) <= min(a1, b1):
                pairs.add((id(a), id(b)))
    assert pairs and {(id(d.first), id(d.second)) for d in t.disagreements} == pairs


def test_a_busy_crossings_popup_shows_the_newest_reports_and_counts_the_rest() -> None:
    rows = timeline_rows(status_timeline(CROSSING, _many(12)))
    html = crossing_popup({**CROSSING, "status_timeline": rows}, "en")
    assert html.count("bm-status-briefs") == 1
    reports = html.split("bm-status-briefs", 1)[1].split("bm-disagree", 1)[0]
    assert "b011" in reports and "b007" in reports and "b006" not in reports  # newest five
    assert "and 7 earlier reports (click the crossing to see them all)" in html
    assert html.count("bm-disagree") == 5 and "earlier disagreements" in html
    pl = crossing_popup({**CROSSING, "status_timeline": rows}, "pl")
    assert "i 7 wcześniejszych raportów" in pl
    few = timeline_rows(status_timeline(CROSSING, _many(3)))
    assert "earlier" not in crossing_popup({**CROSSING, "status_timeline": few}, "en")
