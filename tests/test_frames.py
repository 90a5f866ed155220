"""Clause frames (issue 14, part 1): each construction on both sides.

Every sentence here was written for this test (none is from a seed or an evaluation set).
"""

from __future__ import annotations

import pytest

from briefmap.analysis.frames import Clause, Frames
from briefmap.places.context import Context
from briefmap.places.gazetteer import load_gazetteer
from briefmap.places.geoparse import find_places
from briefmap.text.document import Document


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def frames(gaz):
    def analyse(text: str, language: str = "pl") -> tuple[Document, list[Clause]]:
        doc = Document(text, language)
        fr = Frames(doc, Context(doc, find_places(doc, gaz), gaz))
        return doc, [c for k in range(len(doc.sentences)) for c in fr.clauses(k)]

    return analyse


def names(gaz, clause: Clause, roles: set[str] | None = None) -> set[str]:
    return {gaz.place(f.place_id).name for f in clause.places(frozenset(roles) if roles else None)}


# -- clauses and predicates -------------------------------------------------------------------
def test_a_relative_clause_is_a_clause_of_its_own(frames):
    _doc, got = frames("Litwa zamknęła przejście w Miednikach, które było otwarte od rana.")
    assert len(got) == 2
    assert got[0].predicate == "zamknąć" and not got[0].relative
    assert got[1].relative and got[1].predicate == "otworzyć"
    assert [a.role for a in got[1].args] == ["time"]  # "od rana"


def test_a_comma_in_a_list_does_not_cut_a_clause(frames):
    _doc, got = frames("Ćwiczenia odbyły się w Brześciu, Grodnie i Mińsku.")
    assert len(got) == 1


def test_two_finite_verbs_joined_by_a_coordinator_are_two_clauses(frames):
    _doc, got = frames("Polska zamknęła granicę, a Litwa otworzyła dwa przejścia.")
    assert [c.predicate for c in got] == ["zamknąć", "otworzyć"]


def test_a_passive_gives_the_verb_it_carries(frames):
    _doc, got = frames("Lotnisko w Wilnie zostało zamknięte.")
    assert got[0].predicate == "zamknąć" and got[0].passive


def test_english_predicates_after_auxiliaries_and_planning_verbs(frames):
    _doc, got = frames("Poland plans to close the crossing. The airport was closed.", "en")
    assert (got[0].predicate, got[0].mood) == ("close", "planned")
    assert (got[1].predicate, got[1].passive) == ("close", True)


# -- negation and mood --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language", "negated", "mood"),
    [
        ("Litwa zamknęła granicę.", "pl", False, "current"),
        ("Litwa nie zamknęła granicy.", "pl", True, "current"),
        ("Litwa zamknie granicę.", "pl", False, "planned"),  # perfective present = future
        ("Na Białorusi ma powstać baza.", "pl", False, "planned"),
        ("Litwa mogłaby zamknąć granicę.", "pl", False, "hypothetical"),
        ("Wcześniej ładunki płynęły przez Kłajpedę.", "pl", False, "former"),
        ("Lithuania closed the border.", "en", False, "current"),
        ("Lithuania did not close the border.", "en", True, "current"),
        ("Lithuania will close the border.", "en", False, "planned"),
        ("Lithuania could close the border.", "en", False, "hypothetical"),
        ("Cargo formerly went through Klaipeda.", "en", False, "former"),
    ],
)
def test_negation_and_mood(frames, text, language, negated, mood):
    _doc, got = frames(text, language)
    assert (got[0].negated, got[0].mood) == (negated, mood)


def test_a_month_named_may_is_not_the_modal(frames):
    _doc, got = frames("Lithuania closed the border in May.", "en")
    assert got[0].mood == "current"


# -- arguments and roles ------------------------------------------------------------------------
def test_polish_prepositions_give_roles_by_case(frames, gaz):
    _doc, got = frames("Ładunki płyną z Mińska przez Wilno do Kłajpedy.")
    c = got[0]
    assert names(gaz, c, {"from"}) == {"Minsk"}
    assert names(gaz, c, {"via"}) == {"Vilnius"}
    assert names(gaz, c, {"to"}) == {"Klaipėda"}


def test_english_prepositions_give_roles(frames, gaz):
    _doc, got = frames("Cargo moved from Minsk via Vilnius to Klaipeda.", "en")
    c = got[0]
    assert names(gaz, c, {"from"}) == {"Minsk"}
    assert names(gaz, c, {"via"}) == {"Vilnius"}
    assert names(gaz, c, {"to"}) == {"Klaipėda"}


def test_subject_and_object(frames, gaz):
    _doc, got = frames("Polska zamknęła granicę.")
    assert names(gaz, got[0], {"subject"}) == {"Poland"}
    assert any(a.role == "object" and a.head == "granica" for a in got[0].args)


def test_a_coordinated_list_gives_every_place(frames, gaz):
    _doc, got = frames("Ćwiczenia odbyły się w Brześciu, Grodnie i Mińsku.")
    assert names(gaz, got[0], {"at"}) == {"Brest", "Grodno", "Minsk"}
    _doc, got = frames("Exercises were held in Brest, Grodno and Minsk.", "en")
    assert names(gaz, got[0], {"at"}) == {"Brest", "Grodno", "Minsk"}


def test_time_words_are_not_places_and_end_their_phrase(frames):
    _doc, got = frames("Polska zamknęła w nocy z wtorku na środę przejścia graniczne.")
    roles = {a.head: a.role for a in got[0].args}
    assert roles["noc"] == roles["wtorek"] == roles["środa"] == "time"
    assert roles["przejście"] == "object"


def test_apposition_gives_the_head_its_place(frames, gaz):
    _doc, got = frames("Port w Kłajpedzie przyjął mniej ładunków.")
    subject = next(a for a in got[0].args if a.role == "subject")
    assert subject.head == "port" and subject.apposed
    assert {gaz.place(f.place_id).name for f in subject.places} == {"Klaipėda"}
    _doc, got = frames("Grain went through the Georgian port of Batumi.", "en")
    via = next(a for a in got[0].args if a.role == "via")
    assert via.head == "port" and {gaz.place(f.place_id).name for f in via.places} == {"Batumi"}


def test_no_apposition_for_a_noun_that_is_not_a_kind_of_place(frames):
    _doc, got = frames("Rozmowy w Wilnie trwały długo.")
    subject = next(a for a in got[0].args if a.role == "subject")
    assert not subject.places


# -- reference back -----------------------------------------------------------------------------
def test_tam_refers_to_the_place_of_the_sentence_before(frames, gaz):
    _doc, got = frames("Wojska przybyły do Grodna. Tam odbędą się ćwiczenia.")
    there = next(a for a in got[1].args if a.role == "there")
    assert there.referred and {gaz.place(f.place_id).name for f in there.places} == {"Grodno"}


def test_a_determined_head_refers_back_to_the_same_head(frames, gaz):
    _doc, got = frames("Port w Kłajpedzie stoi pusty. Ten port obsłużył mniej statków.", "pl")
    subject = next(a for a in got[1].args if a.role == "subject")
    assert subject.referred and {gaz.place(f.place_id).name for f in subject.places} == {"Klaipėda"}
    _doc, got = frames("Trucks waited at the port of Klaipeda. The port was closed.", "en")
    subject = next(a for a in got[1].args if a.role == "subject")
    assert {gaz.place(f.place_id).name for f in subject.places} == {"Klaipėda"}


def test_a_head_without_a_determiner_does_not_refer_back(frames):
    _doc, got = frames("Port w Kłajpedzie stoi pusty. Nowy port powstanie na Łotwie.")
    subject = next(a for a in got[1].args if a.role == "subject")
    assert not subject.referred


def test_there_with_nothing_before_refers_to_nothing(frames):
    _doc, got = frames("Tam odbędą się ćwiczenia.")
    assert not got[0].places()


def test_an_english_list_before_its_head_is_one_argument(frames):
    """'the X and Y crossings': one object headed by 'crossing', holding both names."""
    doc, got = frames("Lithuania reopened the Medininkai and Salcininkai crossings.", "en")
    obj = next(a for a in got[0].args if a.role == "object")
    assert obj.head == "crossing"
    words = doc.text[doc.tokens[obj.lo].start : doc.tokens[obj.hi - 1].end]
    assert words == "the Medininkai and Salcininkai crossings"
