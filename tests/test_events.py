"""Events (issue 14, part 2): each kind, each date expression and each record field, on
both sides. Every sentence here was written for this test (none is from a seed or an
evaluation set); the brief's date is Friday 12 September 2025 unless a test says otherwise.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from briefmap.analysis.dates import find_day_words, next_day_words
from briefmap.cli import main
from briefmap.model import Brief, Event
from briefmap.pipeline import parse_brief
from briefmap.places.gazetteer import load_gazetteer
from briefmap.records import event_record

FRIDAY = date(2025, 9, 12)


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def events(gaz):
    def parse(text: str, language: str = "pl", day: date | None = FRIDAY) -> list[Event]:
        b = Brief("t", "t.txt", text, text, range(len(text) + 1), language, date_start=day)
        return parse_brief(b, gaz).events

    return parse


def kinds(got: list[Event]) -> set[tuple[str, str]]:
    return {(e.kind, e.place.id) for e in got}


# -- kinds ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language", "kind", "place"),
    [
        ("Polska zamknęła przejście graniczne w Kuźnicy.", "pl", "closure", "bm:pl-by-kuznica"),
        ("Poland closed the Terespol crossing.", "en", "closure", "bm:pl-by-terespol"),
        (
            "Litwa ponownie otworzyła przejście w Miednikach.",
            "pl",
            "opening",
            "bm:lt-by-medininkai",
        ),
        ("Lithuania reopened the Medininkai crossing.", "en", "opening", "bm:lt-by-medininkai"),
        (
            "Przejście w Terespolu jest otwarte tylko dla samochodów osobowych.",
            "pl",
            "restriction",
            "bm:pl-by-terespol",
        ),
        ("Ćwiczenia wojskowe odbyły się pod Grodnem.", "pl", "exercise", "bm:by-grodno"),
        ("Russian troops held exercises near Brest.", "en", "exercise", "bm:by-brest"),
        ("Rosja rozmieściła żołnierzy w Grodnie.", "pl", "deployment", "bm:by-grodno"),
        ("Russia deployed troops to Grodno.", "en", "deployment", "bm:by-grodno"),
        ("Pod Grodnem powstał obóz dla najemników.", "pl", "construction", "bm:by-grodno"),
        ("Belarus built a new military base near Brest.", "en", "construction", "bm:by-brest"),
        ("Lotnisko w Wilnie zamknięto z powodu balonów.", "pl", "incident", "bm:lt-vilnius"),
        ("A drone crashed near Grodno.", "en", "incident", "bm:by-grodno"),
        ("Vilnius airport was closed after balloons drifted in.", "en", "closure", "bm:lt-vilnius"),
    ],
)
def test_each_kind_fires(events, text, language, kind, place):
    assert (kind, place) in kinds(events(text, language))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Sklep w Grodnie zamknięto po kontroli.", "pl"),  # a shop, not a crossing
        ("The meeting in Vilnius was closed to the press.", "en"),
        ("Uczniowie w Grodnie robili ćwiczenia gimnastyczne.", "pl"),  # gymnastics
        ("Lithuania exercised its right to protest in Vilnius.", "en"),
        ("Policja w Grodnie budowała nową szkołę.", "pl"),  # a school is not a base
        ("The petrol station in Brest was rebuilt.", "en"),
        ("Fabryka dronów w Mińsku zwiększyła produkcję.", "pl"),  # a drone factory
        ("Trucks queued close to the Terespol crossing.", "en"),  # "close to"
        ("Polska nie zamknęła przejścia w Kuźnicy.", "pl"),  # negated
        ("Litwa mogłaby zamknąć przejście w Miednikach.", "pl"),  # hypothetical
        ("Migranci próbowali nielegalnie przekroczyć granicę w lesie pod Grodnem.", "pl"),
        ("Demonstranci zablokowali drogi w Grodnie i Brześciu.", "pl"),  # roads, not towns
        ("Firma zamierza zamknąć biuro w Wilnie.", "pl"),  # an office
        ("Protesters blocked roads in Grodno.", "en"),
        ("Wilno straszy Mińsk wybuchem kryzysu.", "pl"),  # an outbreak, not an explosion
        ("Moskwa protestowała przeciw rozmieszczeniu rakiet.", "pl"),  # Moscow: who, not where
    ],
)
def test_sentences_about_other_things_make_no_event(events, text, language):
    assert not events(text, language)


def test_a_list_of_crossings_gives_one_event_each(events):
    got = events("Polska zamknęła przejścia graniczne w Kuźnicy i Bobrownikach.")
    assert kinds(got) == {("closure", "bm:pl-by-kuznica"), ("closure", "bm:pl-by-bobrowniki")}
    got = events("Exercises were held in Brest, Grodno and Minsk.", "en")
    assert {e.place.id for e in got} >= {"bm:by-brest", "bm:by-grodno"}


def test_restriction_says_for_whom(events):
    got = events("Przejście w Terespolu jest otwarte tylko dla samochodów osobowych i autobusów.")
    r = next(e for e in got if e.kind == "restriction")
    assert r.traffic == ("cars", "buses")
    got = events("Lithuania banned trucks from the Medininkai crossing.", "en")
    assert next(e for e in got if e.kind == "restriction").traffic == ("trucks",)


def test_a_closed_border_stands_for_its_crossings(events):
    got = events("Litwa zamknęła granicę z Białorusią.", day=date(2026, 3, 25))
    assert kinds(got) == {
        ("closure", "bm:lt-by-medininkai"),
        ("closure", "bm:lt-by-salcininkai"),
    }


def test_crossings_referred_back_to(events):
    got = events(
        "Polska zamknęła przejścia w Kuźnicy i Bobrownikach. "
        "Następnego dnia rano ruch przywrócono na obu przejściach."
    )
    openings = [e for e in got if e.kind == "opening"]
    assert {e.place.id for e in openings} == {"bm:pl-by-kuznica", "bm:pl-by-bobrowniki"}
    assert all(e.surface == "obu przejściach" for e in openings)


# -- actors -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language", "actor"),
    [
        ("Polska zamknęła przejście w Kuźnicy.", "pl", "Poland"),
        ("Rząd litewski zamknął przejście w Miednikach.", "pl", "Lithuania"),
        ("Polish authorities closed the Terespol crossing.", "en", "Poland"),
        ("Straż Graniczna zamknęła przejście w Kuźnicy.", "pl", "Straż Graniczna"),
        ("Przejście w Kuźnicy zamknięto.", "pl", ""),
        ("Na Białoruś przerzucono rosyjskie wojska.", "pl", "Russia"),  # no subject: the forces'
        ("Russian troops were deployed to Grodno.", "en", "Russia"),
        ("Na Białoruś przerzucono wojska.", "pl", ""),  # whose, the clause does not say
    ],
)
def test_actor(events, text, language, actor):
    assert events(text, language)[0].actor == actor


# -- dates --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language", "day", "precision"),
    [
        ("Polska zamknęła 12 września przejście w Kuźnicy.", "pl", "2025-09-12", "day"),
        ("W sierpniu Polska zamknęła przejście w Kuźnicy.", "pl", "2025-08", "month"),
        ("W nocy z wtorku na środę Polska zamknęła przejście w Kuźnicy.", "pl", "2025-09-10",
         "day"),
        ("Od piątku przejście w Kuźnicy jest zamknięte.", "pl", "2025-09-12", "day"),
        ("W poniedziałek zamknięto przejście w Kuźnicy.", "pl", "2025-09-08", "day"),
        ("Poland closed the Terespol crossing on Monday.", "en", "2025-09-08", "day"),
        ("Poland closed the Terespol crossing from midnight.", "en", "2025-09-12", "day"),
        ("Poland closed the Terespol crossing on 3 September.", "en", "2025-09-03", "day"),
        ("Poland closed the Terespol crossing.", "en", "", ""),
    ],
)  # fmt: skip
def test_dates(events, text, language, day, precision):
    e = events(text, language)[0]
    assert (e.date, e.date_precision) == (day, precision)


def test_a_planned_event_on_a_weekday_is_ahead(events):
    e = events("Polska zamknie przejście w Kuźnicy od poniedziałku.")[0]
    assert e.mood == "planned" and e.date == "2025-09-15"


def test_next_morning_is_the_day_after_the_event_before(events):
    got = events(
        "Poland closed the Terespol crossing on Monday. "
        "The next morning traffic resumed at the Terespol crossing.",
        "en",
    )
    opening = next(e for e in got if e.kind == "opening")
    assert opening.date == "2025-09-09"


def test_without_a_brief_date_relative_days_are_not_guessed(events):
    e = events("W poniedziałek zamknięto przejście w Kuźnicy.", day=None)[0]
    assert e.date == ""


@pytest.mark.parametrize(
    ("text", "language"),
    [("w nocy było zimno", "pl"), ("Monday Night Football", "en"), ("the next question", "en")],
)
def test_day_words_need_their_construction(text, language):
    assert not find_day_words(text, FRIDAY, language)
    assert next_day_words(text, language) is None


# -- records ------------------------------------------------------------------------------------
def test_event_record_fields(events):
    text = "Polska zamknęła 12 września przejście w Kuźnicy."
    e = events(text)[0]
    rec = event_record(e, "t.txt")
    assert rec["type"] == "event" and rec["kind"] == "closure"
    assert set(rec["place"]) >= {"place_id", "name", "country", "lat", "lon"}
    assert rec["date"] == "2025-09-12" and rec["date_precision"] == "day"
    assert text[rec["start"] : rec["end"]] == rec["surface"] == "Kuźnicy"
    x = rec["excerpt"]
    assert text[x["start"] : x["end"]] == x["text"] == text
    assert {"orig_start", "orig_end", "evidence", "confidence", "actor"} <= set(rec) | set(x)


def test_cli_prints_events_in_jsonl_geojson_and_csv(tmp_path, capsys):
    f = tmp_path / "b.txt"
    f.write_text("Polska zamknęła przejścia w Kuźnicy i Bobrownikach.", encoding="utf-8")
    assert main(["parse", "--lang", "pl", "--format", "jsonl", str(f)]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["place"]["place_id"] for r in recs if r["type"] == "event"] == [
        "bm:pl-by-kuznica",
        "bm:pl-by-bobrowniki",
    ]
    assert main(["parse", "--lang", "pl", str(f)]) == 0
    features = json.loads(capsys.readouterr().out)["features"]
    ev = [x for x in features if x["properties"]["type"] == "event"]
    assert len(ev) == 2 and all(x["geometry"]["type"] == "Point" for x in ev)
    assert main(["parse", "--lang", "pl", "--format", "csv", "--events", str(f)]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("doc,kind,place_id") and len(rows) == 3


# -- constructions of real reports (sentences written for this test) --------------------------
def test_a_list_of_a_road_crossing_a_terminal_and_rail_crossings(events):
    """Each crossing takes the mode of the words next to it: the road crossing and the
    lorry terminal are road crossings although the clause also speaks of rail ones."""
    got = events(
        "Polska od północy zamknęła przejście drogowe w Terespolu, terminal w Koroszczynie "
        "i trzy przejścia kolejowe przed ćwiczeniami Zapad."
    )
    assert kinds(got) == {("closure", "bm:pl-by-terespol"), ("closure", "bm:pl-by-kukuryki")}
    assert all(e.date == "2025-09-12" for e in got)


def test_an_event_named_as_the_time_of_another_is_not_reported(events):
    got = events("Poland closed the Terespol crossing ahead of the exercise in Brest.", "en")
    assert {e.kind for e in got} == {"closure"}
    got = events("Po ćwiczeniach w Grodnie Litwa otworzyła przejście w Miednikach.")
    assert {e.kind for e in got} == {"opening"}


def test_traffic_restored_continues_the_crossings_of_the_event_before(events):
    got = events(
        "Lithuania closed the Medininkai and Salcininkai crossings on Tuesday. "
        "Traffic was restored the next morning.",
        "en",
    )
    openings = {e.place.id: e.date for e in got if e.kind == "opening"}
    assert openings == {"bm:lt-by-medininkai": "2025-09-10", "bm:lt-by-salcininkai": "2025-09-10"}


def test_traffic_with_no_crossing_before_is_no_event(events):
    assert not events("Ruch przywrócono następnego dnia rano.")


def test_a_crossing_named_by_its_polish_town(events):
    got = events("Litwa zamknęła przejścia w Miednikach i Solecznikach.")
    assert {e.place.id for e in got} == {"bm:lt-by-medininkai", "bm:lt-by-salcininkai"}


def test_polish_event_words_are_morfeusz_lemmas():
    """The Polish words of geodata/event_words.toml match tokens by lemma: each must be
    one (a gerund such as "podpalenie" is lemmatised to its verb, "podpalić")."""
    import tomllib

    from briefmap.analysis.events import EVENT_WORDS_PATH
    from briefmap.text.morphology import analyse

    data = tomllib.loads(EVENT_WORDS_PATH.read_text(encoding="utf-8"))
    words: list[str] = []
    for spec in data["kinds"].values():
        words += [t for pattern in spec.get("pl", []) for t in pattern]
        for key in ("objects_pl", "closable_pl"):
            words += [t for w in spec.get(key, []) for t in w.split()]
    words += [t for v in data["traffic"].values() for w in v["pl"] for t in w.split()]
    words += data["actors"]["pl"]
    unknown = set()
    for term in words:
        readings = analyse(term) if "-" not in term else ()
        if readings and term not in {a.lemma.lower() for a in readings}:
            unknown.add(term)
    assert not unknown, sorted(unknown)
