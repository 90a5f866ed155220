"""What each sentence of a document names: the places the geoparser found in it, and the
countries it speaks of — by name, by a place in them, or by adjective ("rząd litewski",
"Belarusian potash").

Built once per brief (:class:`Context`) and read by the cue links (``briefmap.analysis.cues``) and
the flows (``briefmap.analysis.flows``). Offsets index ``Document.text``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from briefmap.places.gazetteer import Gazetteer
from briefmap.places.geoparse import Found
from briefmap.text.document import Document

#: Kinds of place that speak for their country in a sentence ("rząd w Wilnie", "w Grodnie").
_SPEAKS_FOR_COUNTRY = {"country", "region", "city", "port", "town"}


@dataclass(frozen=True, slots=True)
class CountryWord:
    """A word of sentence ``sentence`` that names country ``iso2``: its name, an adjective,
    or a place in it. ``start``/``end`` index the document's text."""

    iso2: str
    start: int
    end: int
    surface: str
    how: str  # "name" | "adjective" | "place"


class Context:
    """Per sentence: the places found in it and the countries it names; and the brief's main
    country (the country named most often; on a tie, the first named)."""

    def __init__(self, doc: Document, found: list[Found], gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        n = len(doc.sentences)
        self.places: list[list[Found]] = [[] for _ in range(n)]
        self.countries: list[list[CountryWord]] = [[] for _ in range(n)]
        self._adjective: dict[int, str] = {}  # token index -> ISO2
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for f in found:
            k = doc.sentence_at(f.start)
            place = gazetteer.place(f.place_id)
            if f.link == "name" and place.kind == "country" and place.country:
                counts[place.country] += 1
                first.setdefault(place.country, f.start)
            if k is None:
                continue
            self.places[k].append(f)
            if f.link == "name" and place.country and place.kind in _SPEAKS_FOR_COUNTRY:
                how = "name" if place.kind == "country" else "place"
                self.countries[k].append(CountryWord(place.country, f.start, f.end, f.surface, how))
        adjectives = gazetteer.country_adjectives.get("pl" if doc.polish else "en", {})
        for k, (lo, hi) in enumerate(doc.sentence_tokens):
            for i in range(lo, hi):
                iso2 = self._adjective_of(i, adjectives)
                if iso2:
                    self._adjective[i] = iso2
                    t = doc.tokens[i]
                    self.countries[k].append(
                        CountryWord(iso2, t.start, t.end, doc.text[t.start : t.end], "adjective")
                    )
        for words in self.countries:
            words.sort(key=lambda w: w.start)
        self.main_country: str | None = (
            min(counts, key=lambda c: (-counts[c], first[c])) if counts else None
        )

    def _adjective_of(self, i: int, adjectives: dict[str, str]) -> str | None:
        tok = self.doc.tokens[i]
        if self.doc.polish:
            if tok.cap and not tok.initial:
                return None  # "Polskie Radio", "Litewski Związek": part of a name
            for key in self.doc.keys(i):
                if key in adjectives:
                    return adjectives[key]
            return None
        if not tok.cap:
            return None  # English adjectives of countries are capitalised
        low = tok.text.lower()
        if i > 0 and self.doc.tokens[i - 1].cap:
            two = f"{self.doc.tokens[i - 1].text.lower()} {low}"  # "North Korean"
            if two in adjectives:
                return adjectives[two]
        return adjectives.get(low)

    def adjective(self, i: int) -> str | None:
        """The country token ``i`` is an adjective of, if any."""
        return self._adjective.get(i)

    def named_countries(self, k: int) -> dict[str, list[CountryWord]]:
        """Countries sentence ``k`` names, with the words that name each."""
        out: dict[str, list[CountryWord]] = {}
        for w in self.countries[k]:
            out.setdefault(w.iso2, []).append(w)
        return out

    def country_name(self, iso2: str) -> str:
        place = self.gazetteer.country(iso2)
        return place.name if place else iso2
