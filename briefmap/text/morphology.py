"""Tokens and their Polish morphology (Morfeusz 2, SGJP dictionary, offline).

``tokenize`` splits a text into word tokens with offsets into that same text. ``analyse``
returns every reading Morfeusz 2 gives a word form; results are cached per form because a
corpus repeats its words, and Morfeusz is by far the slowest step of parsing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import morfeusz2

# A word: letters/digits, joined by inner hyphens or apostrophes ("Ust-Łudze", "Coale'a").
_WORD = re.compile(r"[^\W_](?:[^\W_]|[-'’](?=[^\W_]))*")


@dataclass(frozen=True)
class Token:
    """A word of a text; ``start``/``end`` index the text passed to ``tokenize``."""

    text: str
    start: int
    end: int

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Analysis:
    """One Morfeusz reading of a word form."""

    lemma: str  # without Morfeusz's homonym suffix ("Polska:Sf~i" -> "Polska")
    tag: str  # e.g. "subst:sg:loc:m3"
    qualifiers: tuple[str, ...]  # e.g. ("nazwa_geograficzna",)

    @property
    def pos(self) -> str:
        return self.tag.split(":", 1)[0]

    @property
    def is_geographic(self) -> bool:
        return "nazwa_geograficzna" in self.qualifiers

    @property
    def is_person_name(self) -> bool:
        return "imię" in self.qualifiers or "nazwisko" in self.qualifiers


def tokenize(text: str) -> list[Token]:
    """Word tokens of ``text`` with offsets into ``text``."""
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


@lru_cache(maxsize=1)
def _morfeusz() -> morfeusz2.Morfeusz:
    # separate_numbering: keep the interpretation's own numbering; whitespace skipped.
    return morfeusz2.Morfeusz(expand_tags=False)


@lru_cache(maxsize=200_000)
def analyse(form: str) -> tuple[Analysis, ...]:
    """All readings of one word form. Hyphenated forms are analysed whole when Morfeusz
    reads them as one segment, else an empty tuple (``ign``) so callers fall back; a form
    Morfeusz splits into a word and a clitic ("Byłem", "Gdzieś") gets the word's readings."""
    out: list[Analysis] = []
    segments = _morfeusz().analyse(form)
    if any(seg[0] != 0 or seg[1] != 1 for seg in segments):
        # Morfeusz splits "Ust-Łudze" into usta / - / Łudze: not a reading of the form. A
        # word split only into a host and a clitic ("Byłem" = był + em) is read as its host.
        if any(c in form for c in "-'’") or any(seg[2][2] == "ign" for seg in segments):
            return ()
        segments = [seg for seg in segments if seg[0] == 0]
    for _start, _end, (_orth, lemma, tag, quals, _qual2) in segments:
        if tag == "ign":
            continue
        out.append(Analysis(lemma.split(":", 1)[0], tag, tuple(quals)))
    return tuple(out)


@lru_cache(maxsize=20_000)
def abbreviation_lemmas(form: str) -> frozenset[str]:
    """Lemmas of ``form`` read as an abbreviation written with a full stop, e.g.
    "Wlk" -> {"wielki"} ("Wlk."), "Płn" -> {"północny"}; empty when Morfeusz has none."""
    out: set[str] = set()
    for start, end, (_orth, lemma, tag, _q, _q2) in _morfeusz().analyse(form + "."):
        if start == 0 and end == 1 and tag.startswith("brev:pun"):
            out.add(lemma.split(":", 1)[0].lower())
    return frozenset(out)


@lru_cache(maxsize=200_000)
def lemmas(form: str) -> frozenset[str]:
    """Lower-cased lemmas of a word form; the lower-cased form itself when Morfeusz has none.
    Cached here, once, for every caller (places' cues, themes, flows)."""
    found = {a.lemma.lower() for a in analyse(form)}
    return frozenset(found or {form.lower()})


_FOLD = str.maketrans({"ł": "l", "’": "", "'": "", "ʼ": ""})
_SPACES = re.compile(r"[\s\-‐–]+")


@lru_cache(maxsize=500_000)
def fold(text: str) -> str:
    """A key for loose matching: lower case, no diacritics (ł -> l), apostrophes dropped,
    hyphens and runs of spaces as one space."""
    text = text.lower().translate(_FOLD)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    if not text.isalnum():
        text = _SPACES.sub(" ", text).strip()
    return text
