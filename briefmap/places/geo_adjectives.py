"""Places named by an adjective beside their kind word: "na poligonie |hożskim|", "poligon
|Drawski|", "|wileńskie| lotnisko", "|warszawskie| Lotnisko Chopina".

A Polish training ground is usually called by the adjective of the town it lies by (Hoża ->
hożski, Drawsko -> drawski, Borysów -> borysowski, Brześć -> brzeski, Wędrzyn ->
wędrzyński). After a kind word of ``geodata/place_words.toml``'s ``[named_by_adjective]``
("poligon", "lotnisko", "port"), an adjective of the ``-ski``/``-cki`` declension right
after or before it is turned back into the town
names Polish derivation allows, and those the gazetteer holds in the briefs' region are the
candidates; the geoparser's chooser picks one (and a curated feature of the kind a few km
from it, when there is one). Adjectives of countries and regions, and those the same file
lists as words of kind rather than of place ("artyleryjski"), are left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefmap.places.curated import tomllib
from briefmap.places.gazetteer import Entry, Gazetteer
from briefmap.places.geo_evidence import PLACE_WORDS_PATH, Kind, kind_words
from briefmap.places.geo_words import _Tok
from briefmap.places.region import REGION_COUNTRIES
from briefmap.text.morphology import analyse, fold

# an inflected form of a relational adjective, and its stem before -ski/-cki
_ADJECTIVE = re.compile(r"^(\w+?)(?:sk|ck)(?:i|iego|iemu|im|a|iej|ą|ie|ich|imi)$")
# what a stem may have ended in before -ski (Hoża, Drawsko, Brześć, Orzysz, Borysów, Wędrzyn,
# Ryga)
_ENDINGS = ("", "a", "o", "e", "y", "i", "ie", "sko", "sk", "ść", "sz", "s", "ga")


@lru_cache(maxsize=1)
def _rules() -> tuple[frozenset[str], frozenset[str]]:
    """(kind-word lemmas named by an adjective, adjectives that name a kind, not a place)."""
    with PLACE_WORDS_PATH.open("rb") as fh:
        data = tomllib.load(fh).get("named_by_adjective", {})
    return frozenset(data.get("pl", ())), frozenset(data.get("not_places", ()))


@lru_cache(maxsize=20_000)
def town_names(adjective: str) -> frozenset[str]:
    """The folded town names a Polish ``-ski``/``-cki`` adjective form may be derived
    from ("hożskim" -> hoza, hozo, …; "wędrzyńskim" -> wedrzyn, …); empty for another word."""
    m = _ADJECTIVE.match(adjective.lower())
    if not m:
        return frozenset()
    stem = m.group(1)
    stems = {stem}
    if stem.endswith("ń"):
        stems.add(stem[:-1] + "n")  # Wędrzyn -> wędrzyński
        if stem.endswith("eń"):
            stems.add(stem[:-2] + "n")  # Wilno -> wileński, Kowno -> kowieński
    return frozenset(fold(s + e) for s in stems for e in _ENDINGS)


def adjective_places(
    text: str, toks: list[_Tok], gazetteer: Gazetteer, used: list[bool]
) -> list[tuple[int, list[Entry], Kind]]:
    """(token, candidates, kind word) of each adjective right after or before a kind word
    that is named by one; the caller marks the tokens used."""
    kinds, not_places = _rules()
    if not kinds:
        return []
    adjectives = set(gazetteer.country_adjectives.get("pl", {}))
    out = []
    taken: set[int] = set()
    for i, tok in enumerate(toks):
        if tok.lang != "pl":
            continue
        lemmas = {a.lemma.lower() for a in analyse(tok.text) if a.pos == "subst"}
        if not lemmas & kinds:
            continue
        # the adjective after the noun ("poligon drawski") or before it ("wileńskie
        # lotnisko", "warszawskie Lotnisko Chopina")
        k = next(
            (
                k
                for k in (i + 1, i - 1)
                if 0 <= k < len(toks)
                and k not in taken
                and not used[k]
                and not text[toks[min(i, k)].end : toks[max(i, k)].start].strip()
                and town_names(toks[k].text)
            ),
            None,
        )
        if k is None:
            continue
        nxt = toks[k]
        adj = {a.lemma.lower() for a in analyse(nxt.text) if a.pos == "adj"}
        if adj & (not_places | adjectives) or set(nxt.w.adjs) & not_places:
            continue
        keys = town_names(nxt.text)
        # the town itself, or its name with a qualifier ("Drawsko Pomorskie", "Bemowo
        # Piskie"): the adjective is made of the first word
        named = [e for e in gazetteer.candidates(keys) if fold(e.name.split()[0]) in keys]
        entries = [
            e
            for e, p in ((e, gazetteer.place(e.place_id)) for e in named)
            if p.country in REGION_COUNTRIES and p.kind in ("town", "city")
        ]
        if entries:
            category, kind = kind_words().pl[next(iter(lemmas & kinds))]
            out.append((k, entries, Kind(category, kind, tok.text)))
            taken.add(k)
    return out
