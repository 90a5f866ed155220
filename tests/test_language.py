"""One language detector (briefmap.text.language) for reading and for adding briefs.

Sentences written for these tests."""

from __future__ import annotations

import pytest

from briefmap.text.language import detect_language, language_problem


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Port w Gdyni przyjął w piątek pierwszy transport nawozów z Kazachstanu.", "pl"),
        ("The refinery in Mozyr cut its output after the drone attack.", "en"),
        ("Rząd zamknął przejście.", "pl"),
        ("It is closed.", "en"),
    ],
)
def test_one_sentence_is_told_apart(sentence, lang):
    assert detect_language(sentence) == lang


def test_the_two_questions_count_the_same_words():
    """A text both Polish and English marker words fill is accepted by the check and read as
    the language with more of them: the two answers come from one count."""
    english = "The ministry said that the border would stay closed for trucks and buses. " * 6
    polish = "Ministerstwo podało, że granica będzie zamknięta dla ciężarówek i autobusów. " * 6
    assert language_problem(english) is None and detect_language(english) == "en"
    assert language_problem(polish) is None and detect_language(polish) == "pl"
    mixed = english * 2 + polish
    assert language_problem(mixed) is None and detect_language(mixed) == "en"
