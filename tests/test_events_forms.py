"""Events told in the forms news use: lists after a colon or between dashes, clauses opened
by "after", capitalised heads ("Vilnius Airport"), causes, requests, "remains open",
closures for some traffic only, and the other word classes of ``geodata/event_words.toml``
— each on both sides. Every sentence was written for this test (none is from a seed brief
or from ``tests/data/events_eval.jsonl``); the brief's date is Friday 12 September 2025.
"""

from __future__ import annotations

from datetime import date

import pytest

from briefmap.model import Brief, Event
from briefmap.pipeline import parse_brief
from briefmap.places.gazetteer import load_gazetteer

FRIDAY = date(2025, 9, 12)
KUZNICA, TERESPOL = "bm:pl-by-kuznica", "bm:pl-by-terespol"
MEDININKAI, SALCININKAI = "bm:lt-by-medininkai", "bm:lt-by-salcininkai"
SLAWATYCZE, POLOWCE = "bm:pl-by-slawatycze", "bm:pl-by-polowce"


@pytest.fixture(scope="module")
def events():
    gaz = load_gazetteer()

    def parse(text: str, language: str = "pl") -> list[Event]:
        b = Brief("t", "t.txt", text, text, range(len(text) + 1), language, date_start=FRIDAY)
        return parse_brief(b, gaz).events

    return parse


def kinds(got: list[Event]) -> set[tuple[str, str]]:
    return {(e.kind, e.place.id) for e in got}


# -- clauses: a list after a colon or between dashes, a clause opened by "after" ---------------
def test_a_list_after_a_colon_belongs_to_the_clause(events):
    got = kinds(events("Wstrzymano ruch na dwóch przejściach: w Sławatyczach i Połowcach."))
    assert got == {("closure", SLAWATYCZE), ("closure", POLOWCE)}


def test_a_list_between_dashes_belongs_to_the_clause(events):
    text = "Both crossings – Medininkai and Šalčininkai – were shut on Friday."
    assert kinds(events(text, "en")) == {("closure", MEDININKAI), ("closure", SALCININKAI)}


def test_a_dash_before_a_clause_with_its_own_verb_still_cuts(events):
    text = "Litwa zamknęła przejście w Miednikach – Polska otworzyła przejście w Terespolu."
    assert kinds(events(text)) == {("closure", MEDININKAI), ("opening", TERESPOL)}


def test_a_coordinated_clause_whose_verb_comes_after_dashes(events):
    text = (
        "The Šalčininkai crossing will be closed and traffic through the other — at "
        "Medininkai — will be limited."
    )
    assert kinds(events(text, "en")) == {("closure", SALCININKAI), ("restriction", MEDININKAI)}


def test_a_coordinated_list_without_a_verb_stays_in_its_clause(events):
    text = "Lithuania closed the Medininkai crossing and the Šalčininkai crossing, officials said."
    assert kinds(events(text, "en")) == {("closure", MEDININKAI), ("closure", SALCININKAI)}


def test_after_with_a_verb_opens_a_clause_of_its_own(events):
    got = events("Officials met after traffic at the Terespol crossing was halted.", "en")
    assert kinds(got) == {("closure", TERESPOL)}
    got = events("After Latvian authorities closed the Silene crossing, queues grew.", "en")
    assert [(e.kind, e.actor) for e in got] == [("closure", "Latvia")]


def test_after_a_noun_is_still_only_the_time(events):
    text = "Lithuania reopened the Medininkai crossing after the exercise near Grodno."
    assert kinds(events(text, "en")) == {("opening", MEDININKAI)}


# -- places ---------------------------------------------------------------------------------
def test_a_capitalised_head_is_what_was_closed(events):
    assert kinds(events("Kaunas Airport was closed on Sunday.", "en")) == {
        ("closure", "bm:lt-kaunas")
    }
    assert events("The Kaunas office was closed on Sunday.", "en") == []


def test_a_country_counts_beside_places_of_another_country(events):
    got = kinds(events("Ćwiczenia odbyły się na Białorusi i w obwodzie kaliningradzkim."))
    assert got == {("exercise", "cc:BY"), ("exercise", "bm:ru-kaliningrad-oblast")}
    got = kinds(events("Ćwiczenia odbyły się pod Grodnem na Białorusi."))
    assert got == {("exercise", "bm:by-grodno")}


def test_a_place_keeps_its_role_when_time_words_end_its_phrase(events):
    got = events("Russia will deploy Iskander launchers to Kaliningrad next year.", "en")
    assert kinds(got) == {("deployment", "bm:ru-kaliningrad")}


# -- actors -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language", "actor"),
    [
        ("W piątek wieczorem litewskie władze zamknęły lotnisko w Kownie.", "pl", "Lithuania"),
        ("Wczoraj strona białoruska zamknęła przejście w Kuźnicy.", "pl", "Belarus"),
        ("For the drills, Russia moved troops to Belarus.", "en", "Russia"),
    ],
)
def test_the_actor_after_a_time_or_a_fronted_phrase(events, text, language, actor):
    got = [e for e in events(text, language) if e.kind in {"closure", "deployment"}]
    assert [e.actor for e in got] == [actor]


# -- causes, requests, states -------------------------------------------------------------------
def test_an_incident_that_closed_a_crossing_was_not_at_the_crossing(events):
    got = kinds(events("The Medininkai crossing was closed due to balloons.", "en"))
    assert got == {("closure", MEDININKAI)}
    got = kinds(events("Vilnius Airport was closed due to balloons.", "en"))
    assert got == {("closure", "bm:lt-vilnius"), ("incident", "bm:lt-vilnius")}


def test_due_to_a_noun_is_a_cause_and_due_to_a_verb_is_planned(events):
    got = events("Vilnius Airport was closed due to balloons.", "en")
    assert {e.mood for e in got} == {"current"}
    got = events("The Terespol crossing is due to reopen on Monday.", "en")
    assert [(e.kind, e.mood, e.date) for e in got] == [("opening", "planned", "2025-09-15")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Lithuania urged Poland to close the Terespol crossing.", "en"),
        ("The Latvian border guard will ask the government to close the Silene crossing.", "en"),
        ("Opozycja domaga się zamknięcia przejść w Sławatyczach i Połowcach.", "pl"),
        ("Rząd zaapelował, aby zamknąć przejście w Terespolu.", "pl"),
        ("The Terespol crossing remains open.", "en"),
        ("The only crossing open was met with long queues at Terespol.", "en"),
        ("Przejście w Terespolu pozostaje otwarte.", "pl"),
    ],
)
def test_requests_and_crossings_that_stay_open_are_no_event(events, text, language):
    assert events(text, language) == []


@pytest.mark.parametrize(
    ("text", "language", "kind", "place"),
    [
        ("At Poland's request, Lithuania closed the Medininkai crossing.", "en", "closure",
         MEDININKAI),
        ("Poland will open the Terespol crossing.", "en", "opening", TERESPOL),
        ("Polska otworzy przejście w Terespolu.", "pl", "opening", TERESPOL),
    ],
)  # fmt: skip
def test_a_request_noun_or_an_open_verb_still_tells_an_event(events, text, language, kind, place):
    assert kinds(events(text, language)) == {(kind, place)}


# -- closures for some traffic ----------------------------------------------------------------
def test_a_closure_for_some_traffic_is_a_restriction(events):
    got = events("Przejście w Kuźnicy będzie zamknięte dla ciężarówek.")
    assert [(e.kind, e.traffic) for e in got] == [("restriction", ("trucks",))]
    got = events("The Terespol crossing was closed to lorries.", "en")
    assert [(e.kind, e.traffic) for e in got] == [("restriction", ("trucks",))]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Przejście w Kuźnicy zamknięto dla ruchu osobowego i towarowego.", "pl"),
        ("Latvia closed the Silene crossing for all traffic.", "en"),
    ],
)
def test_a_closure_for_all_traffic_stays_a_closure(events, text, language):
    assert [e.kind for e in events(text, language)] == ["closure"]


# -- more words of each kind ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language", "kind", "place"),
    [
        ("Łotwa zawiesiła działanie przejścia Silene.", "pl", "closure", "bm:lv-by-silene"),
        ("Latvia suspended operations at the Silene crossing.", "en", "closure",
         "bm:lv-by-silene"),
        ("Na przejściu w Kuźnicy dozwolony jest ruch z wyłączeniem autobusów.", "pl",
         "restriction", KUZNICA),
        ("Passage through the Medininkai crossing was restricted.", "en", "restriction",
         MEDININKAI),
        ("Rosyjscy żołnierze ćwiczą na poligonie pod Baranowiczami.", "pl", "exercise",
         "bm:by-baranovichi"),
        ("Russia has started to move troops towards Grodno.", "en", "deployment",
         "bm:by-grodno"),
        ("Rosyjscy żołnierze dotarli do Grodna.", "pl", "deployment", "bm:by-grodno"),
        ("Hundreds of Russian soldiers arrived in Grodno.", "en", "deployment",
         "bm:by-grodno"),
        ("Drones violated Polish airspace over Podlaskie Voivodeship.", "en", "incident",
         "bm:pl-podlaskie"),
        ("Lotnisko w Kownie było nieczynne przez dwie godziny.", "pl", "closure",
         "bm:lt-kaunas"),
        ("Kaunas Airport suspended flights for two hours.", "en", "closure", "bm:lt-kaunas"),
        ("Lithuania sealed the border at Medininkai.", "en", "closure", MEDININKAI),
        ("Lotnisko w Kownie wznowiło pracę rano.", "pl", "opening", "bm:lt-kaunas"),
        ("Kaunas Airport resumed operations in the morning.", "en", "opening",
         "bm:lt-kaunas"),
        ("Rosja przerzuciła czołgi do Grodna.", "pl", "deployment", "bm:by-grodno"),
        ("Na Białorusi przebywa ok. 3 tys. rosyjskich żołnierzy.", "pl", "deployment",
         "cc:BY"),
        ("Russia moved two battalions to Grodno.", "en", "deployment", "bm:by-grodno"),
        ("The Kaunas airport also closed on Tuesday.", "en", "closure", "bm:lt-kaunas"),
        ("Saboteurs damaged the railway near Brest.", "en", "incident", "bm:by-brest"),
        ("Russian troops held drills near Brest.", "en", "exercise", "bm:by-brest"),
    ],
)  # fmt: skip
def test_more_words_of_each_kind(events, text, language, kind, place):
    assert (kind, place) in kinds(events(text, language))


def test_soldiers_with_a_country_adjective_are_its_actor(events):
    assert [e.actor for e in events("Rosyjscy żołnierze dotarli do Grodna.")] == ["Russia"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Uczniowie ćwiczą grę na pianinie w szkole w Grodnie.", "pl"),
        ("Belarus suspended the work of the Polish school in Grodno.", "en"),
        ("The bank suspended operations of its branch in Grodno.", "en"),
        ("Pociąg z Grodna dotarł do Brześcia.", "pl"),
        ("Fans arrived in Vilnius for the match.", "en"),
        ("Lithuania closed its embassy in Minsk over the arrests.", "en"),
        ("Sklep w Grodnie był nieczynny w niedzielę.", "pl"),
        ("Ryanair resumed flights to Vilnius in May.", "en"),
        ("The deal was sealed in Vilnius.", "en"),
        ("Białoruś przerzuciła migrantów do Grodna.", "pl"),
        ("Na Białorusi przebywa wielu turystów z Polski.", "pl"),
        ("The bank moved its payment systems to Minsk.", "en"),
        ("W szkole w Grodnie odbyły się ćwiczenia ewakuacyjne.", "pl"),
        ("Firefighters held an evacuation drill at Vilnius airport.", "en"),
        ("Oil drilling near Grodno was suspended.", "en"),
        ("During the drills near Brest, troops practised using drones.", "en"),
    ],
)
def test_those_words_in_other_senses_are_no_event(events, text, language):
    assert events(text, language) == []


# -- what is denied, speculated about or produced -------------------------------------------
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Rzecznik zaprzeczył, że przejście w Terespolu zostało zamknięte.", "pl"),
        ("Media spekulują, że Rosja rozmieści wojska pod Grodnem.", "pl"),
        ("Komentatorzy spekulują o zamknięciu przejścia w Bobrownikach.", "pl"),
        ("The Kremlin denied that troops had been stationed near Grodno.", "en"),
        ("Analysts discussed the closure of the Medininkai crossing.", "en"),
        ("Drony produkowane w Mińsku trafiają do Rosji.", "pl"),
        ("Drones manufactured in Minsk are sold to Russia.", "en"),
    ],
)
def test_denied_speculated_or_produced_is_no_event(events, text, language):
    assert events(text, language) == []


@pytest.mark.parametrize(
    ("text", "language", "kind", "place"),
    [
        ("Rzecznik potwierdził, że przejście w Terespolu zostało zamknięte.", "pl", "closure",
         TERESPOL),
        ("The spokesman confirmed that the Terespol crossing was closed.", "en", "closure",
         TERESPOL),
        ("Officials said that drones had flown over Vilnius.", "en", "incident",
         "bm:lt-vilnius"),
    ],
)  # fmt: skip
def test_confirmed_or_reported_is_an_event(events, text, language, kind, place):
    assert kinds(events(text, language)) == {(kind, place)}


# -- a pronoun for what was closed, a weekday before its date ----------------------------------
@pytest.mark.parametrize(
    ("text", "language", "place"),
    [
        ("Lithuania closed the Šalčininkai crossing on 29 October and reopened it on 20 "
         "November.", "en", SALCININKAI),
        ("Litwa zamknęła przejście w Solecznikach 29 października, a otworzyła je ponownie "
         "20 listopada.", "pl", SALCININKAI),
        ("Lithuania closed Vilnius Airport on Sunday and reopened it two hours later.", "en",
         "bm:lt-vilnius"),
    ],
)  # fmt: skip
def test_a_pronoun_reopens_what_was_closed_before(events, text, language, place):
    got = {(e.kind, e.place.id, e.date) for e in events(text, language)}
    assert ("opening", place) in {(k, p) for k, p, _d in got}
    if "20" in text:
        assert ("opening", place, "2025-11-20") in got


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Poland closed the Terespol crossing and Belarus condemned it.", "en"),
        ("Lithuania closed the Medininkai crossing, but Belarus kept it open.", "en"),
        ("Polska otworzyła nowe biuro w Grodnie i zamknęła je po roku.", "pl"),
    ],
)
def test_a_pronoun_with_no_crossing_event_before_it_is_no_event(events, text, language):
    assert {e.kind for e in events(text, language)} <= {"closure"}
    assert all(e.place.kind != "town" for e in events(text, language))


def test_a_weekday_before_a_calendar_date_takes_the_date(events):
    got = events("W poniedziałek 17 listopada przywrócimy ruch na przejściu w Kuźnicy.")
    assert [(e.kind, e.date) for e in got] == [("opening", "2025-11-17")]
    got = events("W poniedziałek przywrócimy ruch na przejściu w Kuźnicy.")
    assert [(e.kind, e.date) for e in got] == [("opening", "2025-09-15")]


def test_drones_used_in_an_exercise_are_no_incident(events):
    got = kinds(events("W ćwiczeniach pod Grodnem użyto dronów i śmigłowców."))
    assert got == {("exercise", "bm:by-grodno")}
    got = kinds(events("Rosja przeprowadziła atak dronów na Grodno."))
    assert got == {("incident", "bm:by-grodno")}


def test_units_with_a_country_adjective_are_its_actor(events):
    text = "Belarusian units redeployed from Lida to the vicinity of Grodno."
    assert {e.actor for e in events(text, "en") if e.kind == "deployment"} == {"Belarus"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Belarus condemned Lithuania's decision to close the Medininkai crossing.", "en"),
        ("Białoruś potępiła decyzję Litwy o zamknięciu przejścia w Miednikach.", "pl"),
    ],
)
def test_who_reacted_to_a_closure_is_not_its_actor(events, text, language):
    got = events(text, language)
    assert [e.kind for e in got] == ["closure"]
    assert got[0].actor != "Belarus"


def test_who_decided_a_closure_is_its_actor(events):
    got = events("Białoruś zdecydowała o zamknięciu przejścia w Kuźnicy.")
    assert [(e.kind, e.actor) for e in got] == [("closure", "Belarus")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Rosja odpuściła sobie manewry na Białorusi.", "pl"),
        ("Ćwiczenia pod Grodnem odwołano.", "pl"),
        ("The drills near Grodno were cancelled.", "en"),
        ("Za wschodnią granicą Polski trwają przygotowania do ćwiczeń.", "pl"),
    ],
)
def test_a_cancelled_or_prepared_exercise_is_none(events, text, language):
    assert events(text, language) == []


def test_beyond_a_border_is_not_in_its_country(events):
    got = kinds(events("Za wschodnią granicą Polski rozpoczęły się ćwiczenia pod Grodnem."))
    assert got == {("exercise", "bm:by-grodno")}


@pytest.mark.parametrize(
    ("text", "language", "kind", "country"),
    [
        ("Rosyjski dron naruszył polską przestrzeń powietrzną.", "pl", "incident", "cc:PL"),
        ("A Russian drone violated Polish airspace on Wednesday.", "en", "incident", "cc:PL"),
        ("Russian troops held exercises on Belarusian territory.", "en", "exercise", "cc:BY"),
    ],
)
def test_an_airspace_or_territory_named_by_adjective_is_its_country(
    events, text, language, kind, country
):
    assert kinds(events(text, language)) == {(kind, country)}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Belarusian airspace is used by civil aviation.", "en"),
        ("Polska przestrzeń powietrzna jest monitorowana przez radary.", "pl"),
        ("Russian drones were shown at an exhibition of Belarusian territory maps.", "en"),
    ],
)
def test_an_airspace_without_an_event_is_none(events, text, language):
    assert events(text, language) == []


def test_airports_named_inside_what_was_closed(events):
    text = "Zablokowano działalność kilku lotnisk, w tym w Warszawie i Rzeszowie."
    assert {e.place.name for e in events(text) if e.kind == "closure"} == {"Warsaw", "Rzeszów"}
    assert events("Zablokowano działalność kilku sklepów, w tym w Warszawie i Rzeszowie.") == []


def test_a_closed_airspace_along_a_border_is_not_its_crossings(events):
    text = "Lithuania declared a closure of its airspace along the border with Belarus."
    assert events(text, "en") == []
    text = "Lithuania declared a closure of its border with Belarus."
    assert {e.place.kind for e in events(text, "en")} == {"border_crossing"}


def test_an_ed_word_after_a_preposition_is_no_verb(events):
    text = (
        "Lithuania closed the Medininkai crossing and the Šalčininkai crossing due to "
        "unplanned works."
    )
    assert kinds(events(text, "en")) == {("closure", MEDININKAI), ("closure", SALCININKAI)}


def test_planes_that_do_not_take_off_close_the_airport(events):
    got = kinds(events("Samoloty nie startują i nie lądują na lotniskach w Warszawie i Rzeszowie."))
    assert {p for _k, p in got} == {"bm:pl-warsaw", "gn:759734"}
    assert {k for k, _p in got} == {"closure"}
    assert events("Samoloty startują i lądują na lotnisku w Rzeszowie normalnie.") == []
    assert events("Polska nie zamknęła lotniska w Rzeszowie.") == []
