"""The events layer (layers.event_symbols) and its legend rows. Event rows are written for
these tests, shaped like ``Store.events`` rows."""

from __future__ import annotations

from layers.event_symbols import (
    EVENT_SYMBOLS,
    event_kinds,
    event_layer,
    event_popup,
    event_symbol,
    symbol_html,
)
from layers.legend import legend_html

KINDS = ("closure", "opening", "restriction", "exercise", "deployment", "construction", "incident")


def _event(kind: str = "closure", **over: object) -> dict:
    ev = {
        "kind": kind,
        "brief_id": "b1",
        "title": "Border brief",
        "date": "2025-09-12",
        "actor": "Poland",
        "excerpt": "Poland closed the crossing at Kuźnica on 12 September 2025.",
        "place": {"place_id": "kuznica", "name": "Kuźnica", "name_pl": "Kuźnica",
                  "lat": 53.51, "lon": 23.65},
    }  # fmt: skip
    ev.update(over)
    return ev


def test_every_kind_has_its_own_symbol() -> None:
    assert set(KINDS) <= set(EVENT_SYMBOLS)
    assert len({event_symbol(k) for k in KINDS}) == len(KINDS)
    assert event_symbol("something-else") not in {event_symbol(k) for k in KINDS}
    assert 'data-kind="exercise"' in symbol_html("exercise")


def test_popup_gives_kind_place_date_actor_brief_and_excerpt() -> None:
    html = event_popup(_event())
    for part in ("Closure", "Kuźnica", "2025-09-12", "Poland", "Border brief", "12 September"):
        assert part in html
    assert "Zamknięcie" in event_popup(_event(), "pl")


def test_popup_escapes_what_the_brief_says() -> None:
    bad = "<script>alert(1)</script> `${x}`"
    html = event_popup(_event(excerpt=bad, actor=bad, title=bad))
    assert "<script>" not in html and "`" not in html and "${" not in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in symbol_html("<script>")


def test_layer_draws_one_symbol_per_placed_event() -> None:
    rows = [_event(), _event("exercise"), _event("incident", place={"place_id": "x"})]
    assert event_kinds(rows) == {"closure": 1, "exercise": 1}
    group = event_layer(rows)
    markers = [c for c in group._children.values() if c._name == "Marker"]
    assert len(markers) == 2
    # two events on one place are drawn apart, so that each can be clicked
    assert markers[0].location != markers[1].location


def test_legend_has_a_row_per_kind_present_only() -> None:
    html = legend_html([], {}, events={"closure": 2, "exercise": 1, "opening": 0})
    assert 'data-legend="event:closure"' in html
    assert 'data-legend="event:exercise"' in html
    assert "event:opening" not in html
    assert "Exercise" in html
    assert "event:" not in legend_html([], {})


def test_timeline_marks_one_per_month_and_kind_as_on_the_map() -> None:
    from ui.timeline import event_marks

    rows = [_event(), _event(), _event("exercise", date="2025-09"), _event("opening", date="")]
    marks = event_marks(rows, {"2025-09": 3}, "en")
    assert [(m["month"], m["kind"], m["count"]) for m in marks] == [
        ("2025-09", "closure", 2),
        ("2025-09", "exercise", 1),
    ]
    assert marks[0]["colour"] == event_symbol("closure")[1] and marks[0]["n"] == 3
    assert marks[0]["day"] != marks[1]["day"]  # two kinds of one month side by side
