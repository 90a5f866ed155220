"""One month table (``briefmap.text.months``) for both readers of dates: a brief's printed
publication date (``text.properties``) and the dates its sentences mention
(``analysis.dates``). Every sentence here was written for this test."""

from __future__ import annotations

from datetime import date

import pytest

from briefmap.analysis.dates import find_dates
from briefmap.text.months import EN_MONTHS, MONTH_OF, PL_MONTHS
from briefmap.text.properties import printed_properties


def test_the_table_names_every_month_in_both_languages():
    assert sorted(PL_MONTHS) == sorted(EN_MONTHS) == list(range(1, 13))
    assert set(MONTH_OF.values()) == set(range(1, 13))
    assert all(form == form.lower() for form in MONTH_OF)


@pytest.mark.parametrize("month", range(1, 13))
def test_a_printed_date_and_a_mentioned_date_read_the_same_month(month):
    genitive = PL_MONTHS[month][1]
    printed = printed_properties(f"Raport\nPublikacja: 5 {genitive} 2024\n")
    assert printed["date_start"][0] == date(2024, month, 5).isoformat()
    found = find_dates(f"Spotkanie odbyło się 5 {genitive} 2024 r.", None, "pl")
    assert [(d.date_start, d.precision) for d in found] == [(date(2024, month, 5), "day")]

    english = EN_MONTHS[month][0]
    printed = printed_properties(f"Report\nPublished {english} 5, 2024\n")
    assert printed["date_start"][0] == date(2024, month, 5).isoformat()
    found = find_dates(f"The talks were held on {english} 5, 2024.", None, "en")
    assert [(d.date_start, d.precision) for d in found] == [(date(2024, month, 5), "day")]


@pytest.mark.parametrize(
    "text",
    [
        "Raport\nPublikacja: 5 marcowych 2024\n",  # a word that begins like a month
        "Report\nPublished 3 Mayday 2025\n",
        "Report\nPublished: Sept 2025 edition\n",  # no day: not a publication date
    ],
)
def test_a_word_that_only_begins_like_a_month_is_not_a_printed_date(text):
    assert "date_start" not in printed_properties(text)
