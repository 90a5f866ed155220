"""The Add briefs and Review pages, run by Streamlit's AppTest (no browser): paste a brief,
add it, decide about a mention; errors said on the page and nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from conftest import snapshot
from streamlit.testing.v1 import AppTest

from briefmap.store import Filters, Store

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "Rozmowy w Wilnie\n\n"
    "W poniedziałek w Wilnie spotkali się ministrowie Litwy i Polski. Rozmawiali o sytuacji "
    "na granicy z Białorusią, gdzie w rejonie Grodna stoją tysiące ciężarówek, a rząd w "
    "Mińsku milczy. Przewoźnicy z Kłajpedy apelują o otwarcie przejść.\n"
)


@pytest.fixture
def data(library, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_DATA", str(library.folder.root))
    monkeypatch.setenv("BRIEFMAP_STORE", str(library.folder.store))  # what dashboard.py reads
    st.cache_resource.clear()  # the pages' library is per server: a new one for this folder
    yield library.folder.root
    st.cache_resource.clear()


def page(name: str, **query: str) -> AppTest:
    """The page ``name`` of the dashboard's app (dashboard.py is the entry point)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page(f"pages/{name}")
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def test_pasted_text_is_read_then_added_with_its_metadata(data):
    at = page("add_briefs.py")
    assert not at.exception
    at.text_area(key="paste_text").set_value(TEXT)
    at.button[0].click().run()  # "Read the text"
    assert not at.exception and "Ready to add: 1" in [m.value for m in at.subheader]
    title = next(t for t in at.text_input if t.label == "Title")
    assert title.value == "Rozmowy w Wilnie"  # its first line
    next(t for t in at.text_input if t.label == "Publisher").set_value("OSW")
    next(b for b in at.button if b.label == "Add 1 brief").click().run()
    assert not at.exception
    assert any("Added pasted text" in s.value for s in at.success)
    store = Store(data / "briefmap.sqlite")
    added = [b for b in store.briefs() if b["origin"] == "added"]
    assert [(b["title"], b["publisher"]) for b in added] == [("Rozmowy w Wilnie", "OSW")]


def test_a_text_that_cannot_be_added_is_said_on_the_page_and_nothing_stored(data):
    before = snapshot(data)
    at = page("add_briefs.py")
    german = (
        "Die Regierung in Minsk hat am Montag angekündigt, dass die Grenzübergänge zu Litauen "
        "und Polen bis auf Weiteres geschlossen bleiben, weil die Zahl der Lastwagen an der "
        "Grenze stark gestiegen ist. Die Spediteure warnen vor hohen Verlusten, und die "
        "Europäische Union prüft neue Sanktionen gegen das Regime in Minsk und Moskau."
    )
    at.text_area(key="paste_text").set_value(german)
    at.button[0].click().run()
    assert not at.exception
    assert any("pasted text: " in e.value and "Polish or English" in e.value for e in at.error)
    assert snapshot(data) == before


def test_the_review_page_accepts_and_rejects(data, library, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    bid = library.add_file(f).brief_id
    at = page("review.py", brief=bid)
    assert not at.exception and at.selectbox(key="review_brief").value == bid
    store = Store(library.folder.store)
    first = store.mentions(brief_id=bid)[0]
    at.button(key="accept").click().run()
    assert not at.exception and any("Accepted" in s.value for s in at.success)
    store = Store(library.folder.store)
    got = store.mentions(Filters(include_rejected=True), brief_id=bid)[0]
    assert (got["start"], got["status"]) == (first["start"], "reviewed")
    at.button(key="reject").click().run()
    assert Store(library.folder.store).status_counts(bid)["rejected"] == 1
    assert "Decisions (2)" in [m.value for m in at.subheader]


def test_the_review_page_moves_a_point_and_sets_themes(data, library, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    bid = library.add_file(f).brief_id
    at = page("review.py", brief=bid)
    key = at.selectbox(key="review_pick").value
    next(t for t in at.toggle if t.key == f"map_on:{key}").set_value(True).run()
    assert not at.exception  # the offline map to click the point on
    at.number_input(key=f"lat:{key}").set_value(54.5)
    at.number_input(key=f"lon:{key}").set_value(23.25)
    at.button(key="move").click().run()
    assert not at.exception and any("Moved" in s.value for s in at.success)
    at.multiselect(key=f"themes:{key}").set_value(["energy"])
    at.button(key="themes").click().run()
    m = Store(library.folder.store).mentions(brief_id=bid)[0]
    assert (m["lat"], m["lon"], m["themes"], m["status"]) == (54.5, 23.25, ["energy"], "reviewed")
