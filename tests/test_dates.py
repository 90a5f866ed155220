"""Dates in the seed briefs, resolved against each brief's date, as the timeline shows them."""

from __future__ import annotations

from datetime import date

import pytest

from briefmap.analysis.dates import DateMention, find_dates

BRIEF_000 = date(2021, 9, 10)  # PISM, Belarus and Russia: latest possible publication date
BRIEF_003 = date(2026, 3, 25)  # IEŚ, Lithuanian trucks: after 23 March 2026


def one(text: str, reference: date | None, language: str = "pl") -> DateMention:
    found = find_dates(text, reference, language)
    assert len(found) == 1, found
    return found[0]


def span(text: str, reference: date | None, language: str = "pl") -> tuple[str, str, str, str]:
    m = one(text, reference, language)
    return m.surface, m.date_start.isoformat(), m.date_end.isoformat(), m.precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Białoruś i Rosja 2 marca br. przyjęły ponadto 5-letni plan współpracy wojskowej.",
            ("2 marca br.", "2021-03-02", "2021-03-02", "day"),
        ),
        (
            "aktywna faza planowana jest na 10–16 września br., a do których",
            ("10–16 września br.", "2021-09-10", "2021-09-16", "day"),
        ),
        (
            "przed zaplanowanymi na 19 września wyborami do Dumy",
            ("19 września", "2021-09-19", "2021-09-19", "day"),
        ),
        (
            "po rozmowach między Władimirem Putinem a Alaksandrem Łukaszenką w Soczi 29 maja.",
            ("29 maja", "2021-05-29", "2021-05-29", "day"),
        ),
        (
            "W lutym br. rosyjskie media podkreślały",
            ("W lutym br.", "2021-02-01", "2021-02-28", "month"),
        ),
        (
            "W lutym oba państwa podpisały porozumienie",
            ("W lutym", "2021-02-01", "2021-02-28", "month"),
        ),
        (
            "W czerwcu br. o rozpoczęciu wspólnych przedsięwzięć",
            ("W czerwcu br.", "2021-06-01", "2021-06-30", "month"),
        ),
        (
            "drugą – dopiero na początku czerwca br., po rozmowach",
            ("na początku czerwca br.", "2021-06-01", "2021-06-30", "month"),
        ),
        (
            "Białoruś otrzymała w grudniu ub.r., natomiast drugą",
            ("w grudniu ub.r.", "2020-12-01", "2020-12-31", "month"),
        ),
        (
            "kredytu w wysokości 1 mld dol., który w 2020 r. obiecała Rosja.",
            ("w 2020 r.", "2020-01-01", "2020-12-31", "year"),
        ),
        (
            "zaproponował pod koniec 2018 r. ówczesny premier Rosji",
            ("pod koniec 2018 r.", "2018-01-01", "2018-12-31", "year"),
        ),
        (
            "w 20. rocznicę utworzenia Państwa Związkowego Białorusi i Rosji w grudniu 2019 r.",
            ("w grudniu 2019 r.", "2019-12-01", "2019-12-31", "month"),
        ),
        (
            "żeby do podpisania dokumentów integracyjnych doszło jesienią br. – najpewniej",
            ("jesienią br.", "2021-09-01", "2021-11-30", "month"),  # meteorological autumn
        ),
    ],
)
def test_brief_000_dates_resolve_against_september_2021(text, expected):
    assert span(text, BRIEF_000) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Na polecenie prezydenta Łukaszenki 17 marca premier Alaksandr Turczyn spotkał się",
            ("17 marca", "2026-03-17", "2026-03-17", "day"),
        ),
        (
            "23 marca białoruska agencja BELTA poinformowała",
            ("23 marca", "2026-03-23", "2026-03-23", "day"),
        ),
        (
            "Kilka dni wcześniej, 19 marca, zapadła także decyzja",
            ("19 marca", "2026-03-19", "2026-03-19", "day"),
        ),
    ],
)
def test_brief_003_days_resolve_to_march_2026(text, expected):
    assert span(text, BRIEF_003) == expected


def test_month_that_would_lie_months_ahead_goes_to_the_previous_year():
    text = "pod koniec października rząd litewski podjął decyzję o tymczasowym zamknięciu granicy"
    assert span(text, BRIEF_003) == (
        "pod koniec października",
        "2025-10-01",
        "2025-10-31",
        "month",
    )


def test_every_month_name_in_every_case_is_recognised():
    forms = {
        1: "styczeń stycznia styczniu",
        2: "luty lutego lutym",
        3: "marzec marca marcu",
        4: "kwiecień kwietnia kwietniu",
        5: "maj maja maju",
        6: "czerwiec czerwca czerwcu",
        7: "lipiec lipca lipcu",
        8: "sierpień sierpnia sierpniu",
        9: "wrzesień września wrześniu",
        10: "październik października październiku",
        11: "listopad listopada listopadzie",
        12: "grudzień grudnia grudniu",
    }
    for month, words in forms.items():
        for word in words.split():
            m = one(f"Stało się to w {word} 2020 r.", None)
            assert (m.date_start, m.precision) == (date(2020, month, 1), "month"), word


def test_english_dates():
    assert span("They met on 2 March 2021.", None, "en") == (
        "2 March 2021",
        "2021-03-02",
        "2021-03-02",
        "day",
    )
    assert span("They met on March 2, 2021.", None, "en")[1:] == ("2021-03-02", "2021-03-02", "day")
    assert span("In February the media reported", BRIEF_000, "en") == (
        "In February",
        "2021-02-01",
        "2021-02-28",
        "month",
    )
    assert span("Zapad is planned for 10–16 September.", BRIEF_000, "en") == (
        "10–16 September",
        "2021-09-10",
        "2021-09-16",
        "day",
    )


def test_english_modal_may_and_verb_march_are_not_months():
    assert find_dates("It may rain; they march in protest.", BRIEF_000, "en") == []


@pytest.mark.parametrize(
    "text",
    [
        "Podpisanie tego dokumentu było planowane w 20. rocznicę utworzenia",
        "porozumienia składającego się z 31 rozdziałów",
        "kredytu w wysokości 1 mld dol.",
        "Pierwszą transzę w wysokości 500 mln dol.",
        "decyzja o uwolnieniu grupy 250 więźniów politycznych",
        "(„Komentarze IEŚ”, nr 1536).",
        "przyjęły ponadto 5-letni plan",
        "z czego 40% to ćwiczenia poligonowe",
        "niemal 2 tys. ciągników siodłowych",
    ],
)
def test_numbers_that_are_not_dates_give_nothing(text):
    assert find_dates(text, BRIEF_003) == []


def test_without_a_reference_only_explicit_years_resolve():
    text = "19 marca, w lutym br., w grudniu ub.r. i w grudniu 2019 r."
    assert [m.surface for m in find_dates(text, None)] == ["w grudniu 2019 r."]


def test_offsets_slice_back_to_the_surface_across_line_breaks():
    text = (
        "Pierwszą transzę w wysokości 500 mln dol. Białoruś otrzymała w grudniu \n"
        "ub.r., natomiast drugą – dopiero na początku czerwca br., po rozmowach między \n"
        "Władimirem Putinem a Alaksandrem Łukaszenką w Soczi 29 maja.  "
    )
    found = find_dates(text, BRIEF_000)
    assert [m.surface for m in found] == [
        "w grudniu \nub.r.",
        "na początku czerwca br.",
        "29 maja",
    ]
    for m in found:
        assert text[m.start : m.end] == m.surface
    assert found[0].as_record() == ("w grudniu \nub.r.", "2020-12-01", "2020-12-31")


def test_ranges_spanning_two_months_and_years():
    assert span("od 30 kwietnia do 2 maja 2021 r.", None)[1:] == ("2021-04-30", "2021-05-02", "day")
    assert span("30 grudnia – 2 stycznia", BRIEF_003)[1:] == ("2025-12-30", "2026-01-02", "day")
    assert span("w latach 2019–2020", None)[1:] == ("2019-01-01", "2020-12-31", "year")
