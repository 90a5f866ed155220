"""Cue links need their anchor (issue 6): each rule on both sides, with sentences written here.

The seed briefs' links are checked in tests/test_seeds.py; these sentences are about other
places and events, or about the same kind of event elsewhere.
"""

from __future__ import annotations

from datetime import date

import pytest

from briefmap.model import Brief, Mention
from briefmap.pipeline import parse_brief
from briefmap.places.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def cued(gaz, text: str, language: str = "pl", day: date = date(2026, 3, 25)) -> list[Mention]:
    b = Brief(
        "t", "t.txt", text, text, list(range(len(text) + 1)), language=language, date_start=day
    )
    return [m for m in parse_brief(b, gaz).mentions if m.link == "cue"]


def ids(mentions: list[Mention]) -> set[str]:
    return {m.place.id for m in mentions}


LT_BY_OPEN = {"bm:lt-by-medininkai", "bm:lt-by-salcininkai"}  # open in March 2026


# -- facilities -------------------------------------------------------------------------------
def test_a_training_centre_in_grodno_oblast_links_to_that_centre_only(gaz):
    got = cued(
        gaz, "W obwodzie grodzieńskim powstanie wspólne centrum szkoleniowe obrony powietrznej."
    )
    assert ids(got) == {"bm:by-grodno-training-centre"}
    m = got[0]
    assert m.surface == "obwodzie grodzieńskim"  # recorded on the anchor, not on "centrum"
    assert "centrum" in m.evidence and "Grodno Oblast" in m.evidence


def test_a_training_centre_in_pskov_oblast_links_to_none_of_the_three(gaz):
    got = cued(gaz, "Rosja i Białoruś otworzą wspólne centrum szkoleniowe w obwodzie pskowskim.")
    assert not ids(got) & {
        "bm:by-grodno-training-centre",
        "bm:ru-kaliningrad-training-centre",
        "bm:ru-nizhny-novgorod-training-centre",
    }


def test_the_anchor_may_be_in_the_sentence_before_when_this_one_refers_back(gaz):
    # "wspólne": since issue 14 a training centre alone identifies none of the joint ones
    # (tests/test_cue_links.py has the sentence without it, which links none)
    text = (
        "Jedno wspólne centrum szkoleniowe powstanie pod Grodnem. "
        "Pozostałe dwa będą rozmieszczone w obwodach kaliningradzkim i niżnonowogrodzkim."
    )
    got = cued(gaz, text)
    assert ids(got) >= {
        "bm:ru-kaliningrad-training-centre",
        "bm:ru-nizhny-novgorod-training-centre",
    }
    second = text.index("Pozostałe")
    assert all(m.start >= second for m in got if "kaliningrad" in m.place.id)
    assert "in the sentence before" in next(m for m in got if "kaliningrad" in m.place.id).evidence


def test_no_reference_back_no_link_across_sentences(gaz):
    text = "Powstanie nowe centrum szkoleniowe. Ćwiczenia odbyły się w obwodzie kaliningradzkim."
    assert "bm:ru-kaliningrad-training-centre" not in ids(cued(gaz, text))


def test_english_cues_need_their_anchor_too(gaz):
    assert "bm:by-grodno-training-centre" in ids(
        cued(gaz, "A joint training centre will open in Grodno.", "en")
    )
    assert not ids(cued(gaz, "A joint training centre will open near Pskov.", "en"))


# -- borders ----------------------------------------------------------------------------------
def test_closing_the_lithuanian_belarusian_border_links_to_its_open_crossings(gaz):
    got = cued(gaz, "Litwa zamknęła granicę z Białorusią po incydentach z balonami.")
    assert ids(got) == LT_BY_OPEN
    m = got[0]
    assert {m.surface} <= {"Litwa", "Białorusią"}  # the anchor words, not "granicę"
    assert "zamknąć + granica" in m.evidence or "zamknięcie + granica" in m.evidence
    assert len(m.marks) == 2  # both countries are highlighted


def test_closing_the_polish_belarusian_border_never_links_to_lithuanian_crossings(gaz):
    text = (
        "Litwa obserwuje sytuację. Polska zamknęła granicę z Białorusią "
        "w Terespolu i Kukurykach po ćwiczeniach Zapad."
    )
    got = cued(gaz, text, day=date(2025, 9, 15))
    assert not ids(got) & LT_BY_OPEN
    # Terespol and Kukuryki are named: those crossings are linked by name, not by cue
    assert all(m.place.attrs.get("countries") in (None, ["PL", "BY"]) for m in got)


def test_a_border_in_a_brief_about_belarus_may_name_only_its_other_side(gaz):
    text = (
        "Białoruś zaostrza kurs. Białoruś grozi sąsiadom. Ciężarówki utknęły przed granicą z Litwą."
    )
    assert ids(cued(gaz, text)) == LT_BY_OPEN


def test_one_country_alone_anchors_no_border(gaz):
    # a brief about Poland: "granica z Litwą" names no border with Belarus
    text = "Polska i Litwa rozmawiają. Ciężarówki utknęły przed granicą z Litwą."
    assert not ids(cued(gaz, text)) & LT_BY_OPEN


def test_crossings_closed_on_the_briefs_date_are_not_linked(gaz):
    text = "Litwa zamknęła granicę z Białorusią."
    in_2026 = ids(cued(gaz, text, day=date(2026, 3, 25)))
    assert "bm:lt-by-lavoriskes" not in in_2026  # closed since 2024-03-01
    # during the closure of October-November 2025 Šalčininkai was closed, Medininkai restricted
    in_2025 = ids(cued(gaz, text, day=date(2025, 11, 1)))
    assert in_2025 == {"bm:lt-by-medininkai"}


def test_border_words_without_border_words_do_not_link(gaz):
    # "granica" alone (also "limit") and trucks without a border or a hold-up
    assert not cued(gaz, "Litwa i Białoruś nie znają granic w propagandzie.")
    assert not cued(gaz, "Litewskie ciężarówki wożą białoruskie towary.")


def test_english_border_closure_links_to_the_crossings_of_the_named_border(gaz):
    got = cued(gaz, "Lithuania closed its border with Belarus after balloon incursions.", "en")
    assert ids(got) == LT_BY_OPEN
