"""Which language a text is in: Polish, English, or neither — one detector for every caller.

Reading a brief (``briefmap.text.corpus``) asks :func:`detect_language` which of the two the
geoparser should read it as; adding a brief (``briefmap.library``) asks
:func:`language_problem` whether it is either. Both count the same words, so they cannot
disagree about a text: words frequent in Polish or English prose and rare in the languages
near them (Czech, Slovak, German, French, Lithuanian…). In BSNLP's Polish news and the seeds
at least 8 % of the words of a text of 50+ words are among the Polish ones; English prose has
30 % of the English ones.
"""

from __future__ import annotations

import re

# Not "na", "do", "z", "po", "za", "a": Czech and Slovak share them.
_PL_WORDS = frozenset(
    "w we się że nie jest są oraz przez dla który która które którzy których którym także"
    " również być będzie może tego tej jako czy jego jej ich tym przed już i ze".split()
)
# Not "in", "an", "was": German and Dutch share them.
_EN_WORDS = frozenset(
    "the and of to is that for with as by are be this it from at which has have not its or"
    " their been were would on".split()
)
_PL_LETTERS = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_WORDS = re.compile(r"[^\W\d_]+")
#: Texts are judged on their first 200,000 characters: enough for any brief, bounded for any file.
_SAMPLE = 200_000


def _counts(words: list[str]) -> tuple[int, int]:
    """Polish and English marker words among ``words`` ("I" is English, "i" Polish)."""
    pl = en = 0
    for w in words:
        if w == "I":
            en += 1
        elif (low := w.lower()) in _PL_WORDS:
            pl += 1
        elif low in _EN_WORDS:
            en += 1
    return pl, en


def detect_language(text: str) -> str:
    """``"pl"`` or ``"en"``: the language with more marker words, Polish letters counting a
    quarter each (ties: ``"pl"``). Works on a sentence as on a whole brief."""
    sample = text[:_SAMPLE]
    pl, en = _counts(_WORDS.findall(sample))
    pl += sum(1 for ch in sample if ch in _PL_LETTERS) // 4
    return "pl" if pl >= en else "en"


def language_problem(text: str) -> str | None:
    """Why ``text`` is not Polish or English, or None. Texts under 50 words are not judged
    (a short paste may well be a list of names)."""
    words = _WORDS.findall(text[:_SAMPLE])
    if len(words) < 50:
        return None
    latin = sum(1 for w in words if ord(w[0]) < 0x250)
    if latin < len(words) / 2:
        return "the text is not in the Latin alphabet (Cyrillic? Greek?): not Polish or English"
    pl, en = _counts(words)
    if max(pl, en) / len(words) < 0.04:
        return "the text does not read as Polish or English (few of their common words)"
    return None
