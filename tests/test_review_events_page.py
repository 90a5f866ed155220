"""The Review page's events, run by Streamlit's AppTest (no browser): the brief's events
listed with a card (words marked, evidence, confidence); rejected, edited and reset from
the page, in English and Polish; what a brief or an analyst wrote reaches the page escaped.
The sentences were written for this test."""

from __future__ import annotations

import pytest
import streamlit as st
from test_pages import page

from briefmap.store import Filters, Store
from layers.event_symbols import event_popup
from ui.review_events import event_card, event_pick_key

TEXT = (
    "Przegląd tygodnia\n\n"
    "Litwa zamknęła 3 marca przejście graniczne w Miednikach. "
    "W lutym Białoruś rozmieściła żołnierzy w Grodnie.\n"
)
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def brief(library, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_DATA", str(library.folder.root))
    monkeypatch.setenv("BRIEFMAP_STORE", str(library.folder.store))
    st.cache_resource.clear()
    f = tmp_path / "przeglad.txt"
    f.write_text(TEXT, encoding="utf-8")
    yield library, library.add_file(f).brief_id
    st.cache_resource.clear()


def events(library, bid) -> list[dict]:
    return Store(library.folder.store).events(Filters(briefs=(bid,), include_rejected=True))


def cards(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html") if "bm-ev-card" in h.proto.body)


def test_the_review_page_lists_a_briefs_events_with_the_words_marked(brief):
    _library, bid = brief
    at = page("review.py", brief=bid)
    assert not at.exception
    assert "Events (2)" in [h.value for h in at.subheader]
    body = cards(at)  # the first event: the closure at Medininkai
    assert "<b>Closure</b>" in body and "<mark>Miednikach</mark>" in body
    assert "<mark>zamknęła</mark>" in body and "confidence 0." in body
    assert "evidence: closure words: zamknęła" in body


def test_an_event_is_rejected_edited_and_reset_from_the_page(brief):
    library, bid = brief
    at = page("review.py", brief=bid)
    at.button(key="ev_reject").click().run()
    assert not at.exception and any("Rejected the event" in s.value for s in at.success)
    shown = Store(library.folder.store).events(Filters(briefs=(bid,)))
    assert [e["kind"] for e in shown] == ["deployment"]
    assert "Events (2)" in [h.value for h in at.subheader]  # still listed, as rejected
    # the deployment at Grodno: another kind, another place, a month, an actor
    grodno = next(e for e in events(library, bid) if e["kind"] == "deployment")
    key = event_pick_key(grodno)
    at.selectbox(key="review_event_pick").set_value(key).run()
    assert "Grodn" in cards(at)
    at.selectbox(key=f"ev_kind:{key}").set_value("exercise")
    places = at.selectbox(key=f"ev_place:{key}")  # the places this brief names
    assert "Medininkai – Kamenny Log (named in this brief)" in places.options
    places.set_value("bm:lt-by-medininkai")
    at.text_input(key=f"ev_date:{key}").set_value("2025-02")
    at.text_input(key=f"ev_actor:{key}").set_value(HOSTILE)
    at.button(key="ev_edit").click().run()
    assert not at.exception and any("Saved the edit" in s.value for s in at.success)
    ev = next(e for e in events(library, bid) if e["auto"]["kind"] == "deployment")
    assert (ev["kind"], ev["place_id"], ev["date"], ev["actor"], ev["status"]) == (
        "exercise",
        "bm:lt-by-medininkai",
        "2025-02",
        HOSTILE,
        "reviewed",
    )
    body = cards(at)
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img" not in body
    assert "The parser said: Deployment" in body
    at.button(key="ev_reset").click().run()
    ev = next(e for e in events(library, bid) if e["auto"]["kind"] == "deployment")
    assert (ev["kind"], ev["status"]) == ("deployment", "auto")
    assert "Decisions (3)" in [h.value for h in at.subheader]


def test_an_edit_that_changes_nothing_is_not_stored(brief):
    library, bid = brief
    at = page("review.py", brief=bid)
    at.button(key="ev_edit").click().run()
    assert any("Nothing to save" in w.value for w in at.warning)
    assert Store(library.folder.store).decisions(bid) == []


def test_the_review_page_speaks_polish_about_events(brief):
    _library, bid = brief
    at = page("review.py", brief=bid, lang="pl")
    assert not at.exception and "Zdarzenia (2)" in [h.value for h in at.subheader]
    body = cards(at)
    assert "<b>Zamknięcie</b>" in body and "dowód: closure words" in body
    assert "pewność 0." in body and "Podmiot: Lithuania" in body
    at.button(key="ev_reject").click().run()
    assert any("Odrzucono zdarzenie" in s.value for s in at.success)


def test_hostile_text_from_a_brief_or_the_analyst_is_escaped(brief):
    library, bid = brief
    ev = events(library, bid)[0]
    library.decide(bid, ev["start"], ev["end"], "edit", link="event",
                   event_kind=ev["kind"], cue_place_id=ev["place_id"],
                   actor=HOSTILE, note="</div><script>x()</script>")  # fmt: skip
    ev = events(library, bid)[0]
    ev = {**ev, "excerpt": ev["excerpt"] + " <b>bold</b>", "evidence": "<i>why</i>"}
    for html in (event_card(ev, "en"), event_card(ev, "pl"), event_popup(ev, "en")):
        assert "<img" not in html and "<script" not in html and "<b>bold" not in html
        assert "<i>" not in html and "&lt;img" in html


def test_an_events_place_is_chosen_from_the_gazetteer_by_any_name(brief):
    library, bid = brief
    closure = next(e for e in events(library, bid) if e["kind"] == "closure")
    key = event_pick_key(closure)
    at = page("review.py", brief=bid)
    query = "obwód grodzieński"
    at.text_input(key=f"q:ev_place:{key}").set_value(query).run()
    found = at.selectbox(key=f"pick:ev_place:{key}:{query}")
    assert found.value == "bm:by-grodno-oblast"
    at.button(key="ev_edit").click().run()
    assert not at.exception and any("Saved the edit" in s.value for s in at.success)
    ev = next(e for e in events(library, bid) if e["auto"]["kind"] == "closure")
    assert (ev["kind"], ev["place_id"], ev["place"]["country"]) == (
        "closure",
        "bm:by-grodno-oblast",
        "BY",
    )
