"""One sentence matcher: lemma patterns over the tokens of a document.

Themes (``geodata/themes.toml``), the cue links of curated features (``geodata/places.toml``)
and the words of flows (``geodata/flow_words.toml``) are all written as patterns of the same
syntax and matched here:

- a **pattern** is one or more terms that must all occur among the tokens looked at (one
  sentence, usually), in any order;
- a Polish **term** is a lemma, lower case, exactly as Morfeusz 2 gives it ("przekierować",
  "szkolno-bojowy" for a hyphenated compound); it matches a token whose
  ``Document.keys`` hold it;
- an English term is a lower-case word; it matches the word and its regular inflections
  (+s, +es, +ed, +d, +ing; y -> ies/ied); a term ending in ``*`` is a prefix
  ("sanction*").

A pattern file gives a pattern as a string (one term, or several separated by spaces) or a
list of terms. :meth:`Matcher.match` costs time in proportion to the tokens looked at: terms
are indexed, so adding patterns does not slow a sentence down.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from briefmap.text.document import Document

# English inflections a plain term also matches ("visit" -> "visits", "visited", "visiting").
_EN_SUFFIXES = ("s", "es", "d", "ed", "ing")


@dataclass(frozen=True)
class Pattern:
    """Terms that must all occur; ``key`` says whose pattern it is (a theme id, a place id…)."""

    key: Hashable
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """A pattern found: ``tokens`` are the indexes of the tokens that carry its terms (the
    tightest stretch holding all of them), ``words`` their surface forms in text order."""

    pattern: Pattern
    tokens: tuple[int, ...]
    words: tuple[str, ...]


def parse_patterns(raw: object, where: str) -> tuple[tuple[str, ...], ...]:
    """Patterns as a pattern file writes them (a list of strings or lists of strings) ->
    tuples of lower-case terms; ``ValueError`` names ``where`` when the shape is wrong."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ValueError(f"{where}: patterns must be a list")
    out: list[tuple[str, ...]] = []
    for item in raw:
        words = item.split() if isinstance(item, str) else item
        if (
            not isinstance(words, list)
            or not words
            or not all(isinstance(w, str) and w.strip() for w in words)
        ):
            raise ValueError(f"{where}: a pattern must be a word or a list of words, got {item!r}")
        out.append(tuple(w.strip().lower() for w in words))
    return tuple(out)


def english_forms(word: str) -> set[str]:
    """A plain English term and its regular inflections."""
    forms = {word} | {word + s for s in _EN_SUFFIXES}
    if word.endswith("y") and len(word) > 2:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word + "d"}
    return forms


class Matcher:
    """Patterns of one language, indexed by term. ``language`` "pl" matches lemmas; any
    other language matches English words (see the module docstring)."""

    def __init__(self, patterns: Iterable[Pattern], language: str = "pl") -> None:
        self.patterns: tuple[Pattern, ...] = tuple(patterns)
        self.polish = language.lower().startswith("pl")
        # key a token may hold -> [(pattern index, term)]
        self._exact: dict[str, list[tuple[int, str]]] = {}
        self._prefix: list[tuple[str, int, str]] = []
        for n, p in enumerate(self.patterns):
            for term in dict.fromkeys(p.terms):
                if not self.polish and term.endswith("*"):
                    self._prefix.append((term[:-1], n, term))
                    continue
                forms = {term} if self.polish else english_forms(term)
                for form in forms:
                    self._exact.setdefault(form, []).append((n, term))

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def match(self, doc: Document, lo: int, hi: int) -> list[Match]:
        """Every pattern whose terms all occur among tokens ``lo:hi`` of ``doc``, in the
        order of the patterns."""
        found: dict[int, dict[str, list[int]]] = {}
        for i in range(lo, hi):
            for key in doc.keys(i):
                for n, term in self._exact.get(key, ()):
                    found.setdefault(n, {}).setdefault(term, []).append(i)
                for prefix, n, term in self._prefix:
                    if key.startswith(prefix):
                        found.setdefault(n, {}).setdefault(term, []).append(i)
        out: list[Match] = []
        for n in sorted(found):
            terms = found[n]
            pattern = self.patterns[n]
            if len(terms) < len(set(pattern.terms)):
                continue
            positions = tuple(sorted(set(_tightest(terms))))
            words = tuple(dict.fromkeys(doc.word_text(i) for i in positions))
            out.append(Match(pattern, positions, words))
        return out

    def sentence_matches(self, doc: Document, k: int) -> list[Match]:
        """:meth:`match` over sentence ``k`` of ``doc``."""
        lo, hi = doc.sentence_tokens[k]
        return self.match(doc, lo, hi)


def _tightest(terms: dict[str, list[int]]) -> list[int]:
    """Token positions of the shortest stretch that holds every term (a one-term pattern:
    every position), so that "Państwa Związkowego" is the evidence rather than every
    "państwo" of the sentence."""
    if len(terms) == 1:
        return next(iter(terms.values()))
    events = sorted((pos, term) for term, positions in terms.items() for pos in positions)
    counts: dict[str, int] = {}
    best = (0, len(events) - 1)
    lo = 0
    for hi, (_pos, term) in enumerate(events):
        counts[term] = counts.get(term, 0) + 1
        while len(counts) == len(terms):
            if events[hi][0] - events[lo][0] < events[best[1]][0] - events[best[0]][0]:
                best = (lo, hi)
            first = events[lo][1]
            counts[first] -= 1
            if not counts[first]:
                del counts[first]
            lo += 1
    return [pos for pos, _term in events[best[0] : best[1] + 1]]
