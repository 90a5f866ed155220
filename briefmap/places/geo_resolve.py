"""Choosing one place among a name's candidates, and saying why (``Found.evidence``)."""

from __future__ import annotations

import math

from briefmap.model import Place
from briefmap.places.gazetteer import Entry, Gazetteer
from briefmap.places.region import REGION_COUNTRIES

_TIER_RANK = {"curated": 0, "cldr": 1, "geonames": 2}
_CITY = 100_000  # population from which GeoNames calls a place a city (gazetteer.place)
_CONFIDENCE = {"curated": 0.95, "cldr": 0.95, "geonames": 0.8}


def _context_countries(spans, gazetteer: Gazetteer) -> set[str]:
    """Countries named unambiguously in the text (a one-candidate country or curated name)."""
    ctx: set[str] = set()
    for _i, _j, entries, _how in spans:
        ids = {e.place_id for e in entries}
        if len(ids) == 1:
            p = gazetteer.place(next(iter(ids)))
            if p.country and (p.kind == "country" or entries[0].tier == "curated"):
                ctx.add(p.country)
    return ctx


def _choose(entries: list[Entry], gazetteer: Gazetteer, context: set[str]):
    """Pick one place among candidate entries; returns (place id, evidence, confidence)."""

    def score(e: Entry) -> tuple:
        p = gazetteer.place(e.place_id)
        return (
            -_TIER_RANK[e.tier],
            p.country in context,
            int(math.log10(p.population + 1)),  # an order of magnitude
            p.country in REGION_COUNTRIES,
            e.name == p.name,
            math.log10(p.population + 1),
        )

    by_place: dict[str, Entry] = {}
    for e in sorted(entries, key=score, reverse=True):
        by_place.setdefault(e.place_id, e)
    top = next(iter(by_place.values()))
    p = gazetteer.place(top.place_id)
    # The same town under another tier (GeoNames' Klaipėda beside the curated one) is not
    # an alternative worth reporting: drop candidates of the winner's country within 25 km.
    ranked = [top] + [
        e for e in list(by_place.values())[1:] if not _same_place(p, gazetteer.place(e.place_id))
    ]
    what = f"{top.tier} name '{top.name}'"
    if len(ranked) == 1:
        return top.place_id, what, _CONFIDENCE[top.tier]
    other = gazetteer.place(ranked[1].place_id)
    s1, s2 = score(top), score(ranked[1])
    if s1[0] != s2[0]:
        why = f"{top.tier} entry preferred over {ranked[1].tier}"
    elif s1[1] != s2[1]:
        why = f"{p.country} is named in this text"
    elif s1[2] != s2[2]:
        why = f"larger population ({p.population:,} vs {other.population:,})"
    elif s1[3] != s2[3]:
        why = f"{p.country} is in the region these briefs cover"
    else:
        why = f"larger population ({p.population:,} vs {other.population:,})"
    evidence = (
        f"{what}; chose {p.name} ({p.country}) over {other.name} ({other.country})"
        f"{' and ' + str(len(ranked) - 2) + ' more' if len(ranked) > 2 else ''}: {why}"
    )
    conf = _CONFIDENCE[top.tier] - (0.15 if s1[:4] == s2[:4] else 0.05)
    return top.place_id, evidence, round(conf, 2)


def _same_place(a: Place, b: Place) -> bool:
    if a.country != b.country:
        return False
    dlat = math.radians(a.lat - b.lat)
    dlon = math.radians(a.lon - b.lon) * math.cos(math.radians(a.lat))
    return 6371 * math.hypot(dlat, dlon) < 25
