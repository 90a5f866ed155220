"""The events layer (layers.event_symbols) and its legend rows. Event rows are written for
these tests, shaped like ``Store.events`` rows."""

from __future__ import annotations

from layers.event_symbols import (
    EVENT_SYMBOLS,
    POPUP_REPORTS,
    event_kinds,
    event_layer,
    event_popup,
    event_symbol,
    group_popup,
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


def _markers(group) -> list:
    return [c for c in group._children.values() if c._name == "Marker"]


def test_reports_of_one_kind_at_one_place_are_one_symbol_with_their_count() -> None:
    # the same closure reported by 25 briefs (an archive repeats itself): one symbol, not 25
    rows = [_event(brief_id=f"b{i}", date=f"2025-09-{i + 1:02d}") for i in range(25)]
    rows.append(_event(place={"place_id": "terespol", "name": "Terespol", "lat": 52.07,
                              "lon": 23.62}))  # fmt: skip
    group = event_layer(rows)
    markers = _markers(group)
    assert len(markers) == 2
    kuznica = markers[0]
    icon = next(c for c in kuznica._children.values() if c._name == "DivIcon")
    tip = next(c for c in kuznica._children.values() if c._name == "Tooltip")
    assert 'data-count="25"' in icon.options["html"] and ">25</span>" in icon.options["html"]
    assert "2025-09-01 – 2025-09-25" in tip.html and "25 reports" in tip.html
    # a click selects the place, so that the panel lists every excerpt
    assert {m.options.get("bmPlace") for m in markers} == {"kuznica", "terespol"}
    assert event_kinds(rows) == {"closure": 26}


def test_a_symbols_popup_gives_the_newest_reports_and_says_how_many_more() -> None:
    rows = [_event(title=f"Brief {i}", excerpt=f"Sentence number {i}.") for i in range(7)]
    html = group_popup(rows)
    assert "7 reports" in html
    for i in range(POPUP_REPORTS):
        assert f"Sentence number {i}." in html
    assert f"Sentence number {POPUP_REPORTS}." not in html
    assert f"and {7 - POPUP_REPORTS} more" in html
    assert "zgłoszeń: 7" in group_popup(rows, "pl")
    assert group_popup(rows[:1]) == event_popup(rows[0])  # one report reads as before


def test_symbol_shows_a_count_only_for_several_reports() -> None:
    assert "bm-event-n" not in symbol_html("closure")
    assert '<span class="bm-event-n">4</span>' in symbol_html("closure", 4)


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
