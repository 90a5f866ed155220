"""Cue links read from the clause frames (issue 14, parts 3 and 4): crossings only for
clauses about crossings or the border's traffic, by village when named; facilities only when
the clause identifies them. Every sentence here was written for this test (none is from a
seed or an evaluation set).
"""

from __future__ import annotations

from datetime import date

import pytest

from briefmap.model import Brief, Mention
from briefmap.pipeline import parse_brief
from briefmap.places.gazetteer import load_gazetteer

PL_BY_OPEN = {  # open or restricted on 2026-03-25 (Kuźnica and Bobrowniki reopened 2025-11-17)
    "bm:pl-by-terespol",
    "bm:pl-by-kukuryki",
    "bm:pl-by-kuznica",
    "bm:pl-by-bobrowniki",
}
LT_BY_OPEN = {"bm:lt-by-medininkai", "bm:lt-by-salcininkai"}


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def linked(gaz):
    def parse(text: str, language: str = "pl", day: date = date(2026, 3, 25)) -> list[Mention]:
        b = Brief("t", "t.txt", text, text, range(len(text) + 1), language, date_start=day)
        return parse_brief(b, gaz).mentions

    return parse


def crossings(mentions: list[Mention]) -> set[str]:
    return {m.place.id for m in mentions if m.place.kind == "border_crossing"}


# -- crossings: what is not about them ---------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Migranci próbowali nielegalnie przekroczyć granicę Polski z Białorusią przez las.", "pl"),
        ("Białoruskie służby wprowadzały migrantów w błąd przy zaporze na granicy z Polską.", "pl"),
        ("Grupa cudzoziemców przekroczyła granicę polsko-białoruską przez rzekę.", "pl"),
        ("Migrants tried to cross the Polish-Belarusian border through the forest.", "en"),
        ("Illegal border crossings from Belarus into Poland rose in May.", "en"),
        ("Belarusian services pushed migrants towards the fence on the border with Poland.", "en"),
        ("Polska buduje zaporę na granicy z Białorusią.", "pl"),
    ],
)
def test_crossing_the_border_elsewhere_links_no_checkpoint(linked, text, language):
    assert not crossings(linked(text, language))


# -- crossings: the border's traffic as a whole -----------------------------------------------
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Polska zamknęła granicę z Białorusią.", "pl"),
        ("Poland closed its border with Belarus.", "en"),
        ("Polska zamknęła wszystkie przejścia graniczne z Białorusią.", "pl"),
        ("Poland shut all crossings on its border with Belarus.", "en"),
        ("Ciężarówki utknęły na granicy Polski z Białorusią.", "pl"),
    ],
)
def test_the_whole_border_links_its_open_crossings(linked, text, language):
    assert crossings(linked(text, language)) == PL_BY_OPEN


def test_crossings_without_all_or_names_link_none(linked):
    """'dwa przejścia' does not say which: no crossing is guessed."""
    assert not crossings(linked("Polska zamknęła dwa przejścia graniczne z Białorusią."))
    assert not crossings(linked("Poland closed two crossings on the border with Belarus.", "en"))


# -- crossings: named by their villages ------------------------------------------------------
def test_villages_of_crossings_link_those_crossings_only(linked):
    got = linked("Polska zamknęła przejścia graniczne z Białorusią w Kuźnicy i Bobrownikach.")
    assert crossings(got) == {"bm:pl-by-kuznica", "bm:pl-by-bobrowniki"}
    m = next(m for m in got if m.place.id == "bm:pl-by-kuznica")
    assert m.link == "name" and m.surface == "Kuźnicy" and "village" in m.evidence


def test_english_villages_of_crossings(linked):
    got = linked("Poland reopened the Kuznica and Bobrowniki crossings.", "en")
    assert crossings(got) == {"bm:pl-by-kuznica", "bm:pl-by-bobrowniki"}


def test_a_railway_clause_links_the_rail_crossing(linked):
    got = linked("Ruch kolejowy na przejściu w Kuźnicy wstrzymano.")
    assert crossings(got) == {"bm:pl-by-kuznica-rail"}


def test_a_village_outside_a_clause_about_crossings_is_not_a_crossing(linked):
    assert not crossings(linked("W Kuźnicy odbył się festyn dla dzieci."))
    assert not crossings(linked("Bobrowniki to wieś w gminie Gródek."))


# -- facilities: the clause must identify them ----------------------------------------------
JOINT_CENTRES = {
    "bm:by-grodno-training-centre",
    "bm:ru-kaliningrad-training-centre",
    "bm:ru-nizhny-novgorod-training-centre",
}


def facilities(mentions: list[Mention]) -> set[str]:
    return {m.place.id for m in mentions if m.link == "cue" and m.place.id in JOINT_CENTRES}


@pytest.mark.parametrize(
    ("text", "language", "want"),
    [
        (
            "W obwodzie kaliningradzkim powstanie wspólne centrum szkoleniowe sił zbrojnych.",
            "pl",
            "bm:ru-kaliningrad-training-centre",
        ),
        (
            "W obwodzie kaliningradzkim otwarto białorusko-rosyjskie centrum szkoleniowe.",
            "pl",
            "bm:ru-kaliningrad-training-centre",
        ),
        (
            "W obwodzie grodzieńskim powstanie centrum szkoleniowe obrony powietrznej.",
            "pl",
            "bm:by-grodno-training-centre",
        ),
        (
            "A joint training centre will open in Kaliningrad Oblast.",
            "en",
            "bm:ru-kaliningrad-training-centre",
        ),
    ],
)
def test_kind_and_distinguishing_words_and_place_link_the_facility(linked, text, language, want):
    assert facilities(linked(text, language)) == {want}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("W obwodzie kaliningradzkim otwarto nowe centrum szkoleniowe policji drogowej.", "pl"),
        ("W obwodzie kaliningradzkim powstanie centrum szkoleniowe.", "pl"),
        ("W obwodzie grodzieńskim otwarto wspólne centrum szkoleniowe straży granicznej.", "pl"),
        ("W obwodzie grodzieńskim otwarto wspólne centrum szkoleniowe dla sportowców.", "pl"),
        ("A new training centre for traffic police opened in Kaliningrad Oblast.", "en"),
        ("A joint sports training centre opened in Grodno.", "en"),
        ("A training centre opened in Kaliningrad Oblast.", "en"),
    ],
)
def test_a_centre_of_the_kind_alone_or_of_another_service_links_none(linked, text, language):
    assert not facilities(linked(text, language))


def test_cue_words_must_be_in_one_clause(linked):
    text = (
        "W obwodzie kaliningradzkim powstało centrum szkoleniowe, "
        "a wspólne ćwiczenia odbyły się na Białorusi."
    )
    assert not facilities(linked(text))


def test_a_sentence_that_refers_back_without_the_distinguishing_words_links_none(linked):
    text = (
        "Jedno centrum szkoleniowe powstanie pod Grodnem. "
        "Pozostałe dwa będą rozmieszczone w obwodach kaliningradzkim i niżnonowogrodzkim."
    )
    assert not facilities(linked(text))


def test_the_cue_words_never_anchor_the_cue(linked):
    """'białoruska' is a word of the cue 'elektrownia jądrowa białoruski': it cannot also be
    the anchor (Belarus); another word naming Belarus can."""
    npp = "bm:by-ostrovets-npp"
    alone = linked("Litwa protestuje przeciw białoruskiej elektrowni jądrowej.")
    assert npp not in {m.place.id for m in alone if m.link == "cue"}
    with_anchor = linked(
        "Litwa protestuje przeciw białoruskiej elektrowni jądrowej, bo Białoruś ignoruje normy."
    )
    got = [m for m in with_anchor if m.link == "cue" and m.place.id == npp]
    assert got and got[0].surface == "Białoruś"
