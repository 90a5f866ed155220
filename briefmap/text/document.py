"""One analysed text: its sentences and word tokens, made once and read by every stage.

A :class:`Document` is built once per brief from its reading text (or from a single sentence
given alone). The geoparser, the cue links, the themes, the flows and the dates all read the
same sentences and tokens, and every word form is analysed by Morfeusz once per process
(``morphology.analyse`` caches by form), so a brief is never tokenised twice.

Offsets (``Token.start``/``end``, ``Document.sentences``) index ``Document.text``.

Tokens follow the gazetteer's view of a name: a hyphenated word is split into its parts
("Ust-Łudze" -> "Ust" + "Łudze", each with ``word`` pointing at the first part), and an
abbreviation followed by its full stop ("W.", "Wlk.", "Płn.") is one token that includes the
stop. :meth:`Document.keys` gives the keys a token answers to in lemma patterns (see
``briefmap.text.matcher``).
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from briefmap.text.morphology import _WORD, Analysis, abbreviation_lemmas, analyse, lemmas
from briefmap.text.sentences import sentence_spans

# Before a word whose capital says nothing: the start of a text, sentence or quotation.
_OPENERS = frozenset('.!?…:;"„”“«»()[]–—-•*/')
_POSSESSIVE = ("'s", "’s", "'", "’")


@dataclass(slots=True)
class Token:
    """A word (or a part of a hyphenated word) of a document; offsets index its text."""

    text: str
    start: int
    end: int
    word: int  # index of the token that starts this token's hyphenated word (own index if none)
    cap: bool = False  # starts with a capital
    initial: bool = False  # its capital says nothing: first word of a sentence or quotation
    abbrev: bool = False  # an abbreviation with its full stop: "W.", "Wlk.", "Płn."


def polish(language: str) -> bool:
    """Is ``language`` Polish ("pl", "pl-PL")? Everything else is read as English."""
    return language.lower().startswith("pl")


def _initial(text: str, start: int) -> bool:
    k = start - 1
    newlines = 0
    while k >= 0 and text[k].isspace():
        newlines += text[k] == "\n"
        k -= 1
    return k < 0 or newlines > 1 or text[k] in _OPENERS


def tokenize(text: str, language: str = "pl") -> list[Token]:
    """Word tokens of ``text`` (see the module docstring): hyphenated words split into
    parts, Polish abbreviations with their full stop kept whole."""
    out: list[Token] = []
    n = len(text)
    pl = polish(language)
    for m in _WORD.finditer(text):
        word, pos = m.group(), m.start()
        first = len(out)
        parts = word.split("-") if "-" in word else [word]
        for k, part in enumerate(parts):
            if not part:
                pos += 1
                continue
            end = pos + len(part)
            cap = part[:1].isupper()
            abbrev = (
                pl
                and cap
                and k == len(parts) - 1
                and end < n
                and text[end] == "."
                and bool(abbreviation_lemmas(part))
            )
            out.append(
                Token(
                    # interned: a text repeats its words, so their strings are shared
                    sys.intern(part + "." if abbrev else part),
                    pos,
                    end + 1 if abbrev else end,
                    first,
                    cap,
                    cap and k == 0 and not abbrev and _initial(text, pos),
                    abbrev,
                )
            )
            pos = end + 1
    return out


class Document:
    """Sentences and tokens of ``text`` in ``language`` ("pl" or "en").

    ``sentences`` are half-open spans of ``text`` (``briefmap.text.sentences``: bounded in length,
    so that an excerpt never grows with the input); ``sentence_tokens[k]`` is the range of
    token indexes of sentence ``k``. Tokens outside every sentence (a dropped heading
    fragment) belong to none."""

    def __init__(self, text: str, language: str = "pl") -> None:
        self.text = text
        self.language = language
        self.polish = polish(language)
        self.sentences: list[tuple[int, int]] = sentence_spans(text)
        self.tokens: list[Token] = tokenize(text, language)
        starts = [t.start for t in self.tokens]
        self._starts = starts
        self._sentence_starts = [s for s, _e in self.sentences]
        self.sentence_tokens: list[tuple[int, int]] = [
            (bisect_left(starts, s), bisect_left(starts, e)) for s, e in self.sentences
        ]
        self._keys: list[frozenset[str] | None] = [None] * len(self.tokens)

    # -- positions ------------------------------------------------------------------------
    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence holding ``offset``, or None between sentences."""
        k = bisect_right(self._sentence_starts, offset) - 1
        if k >= 0 and offset < self.sentences[k][1]:
            return k
        return None

    def token_at(self, offset: int) -> int:
        """Index of the first token that starts at or after ``offset``."""
        return bisect_left(self._starts, offset)

    def word_text(self, i: int) -> str:
        """The whole (hyphenated) word token ``i`` is part of, as written."""
        first = self.tokens[i].word
        last = i
        while last + 1 < len(self.tokens) and self.tokens[last + 1].word == first:
            last += 1
        return self.text[self.tokens[first].start : self.tokens[last].end].rstrip(".")

    # -- what a token is ------------------------------------------------------------------
    def analyses(self, i: int) -> tuple[Analysis, ...]:
        """Morfeusz readings of token ``i`` (none in an English document)."""
        return analyse(self.tokens[i].text.rstrip(".")) if self.polish else ()

    def keys(self, i: int) -> frozenset[str]:
        """What token ``i`` answers to in a lemma pattern (``briefmap.text.matcher``).

        Polish: the lower-cased Morfeusz lemmas (the form itself when it has none) and the
        form; a part of a hyphenated word also answers to the whole word's lemmas and to the
        compound "first part-lemma of the last part" ("szkolno-bojowe" -> "szkolno-bojowy").
        English: the lower-cased form without a possessive ending, and the whole hyphenated
        word."""
        got = self._keys[i]
        if got is None:
            got = self._keys[i] = self._make_keys(i)
        return got

    def _make_keys(self, i: int) -> frozenset[str]:
        tok = self.tokens[i]
        whole = (
            self.word_text(i) if tok.word != i or "-" in self.text[tok.end : tok.end + 1] else ""
        )
        return _keys_of(tok.text, tok.abbrev, whole, self.polish)


@lru_cache(maxsize=200_000)
def _keys_of(text: str, abbrev: bool, whole: str, polish: bool) -> frozenset[str]:
    """The keys of a token (see ``Document.keys``), once per form: the same set object is
    shared by every token of that form, so a long text costs one set per word it uses."""
    form = text.rstrip(".") if abbrev else text
    low = form.lower()
    if not polish:
        for tail in _POSSESSIVE:
            if low.endswith(tail):
                low = low[: -len(tail)]
                break
        keys = {low}
    else:
        keys = set(lemmas(form)) | {low}
        if abbrev:
            keys |= abbreviation_lemmas(form)
    if "-" in whole:
        keys.add(whole.lower())
        if polish:
            parts = whole.split("-")
            keys |= lemmas(whole)
            keys |= {f"{parts[0].lower()}-{x}" for x in lemmas(parts[-1])}
    return frozenset(keys)
