"""Choosing one place among a name's candidates, and saying why (``Found.evidence``)."""

from __future__ import annotations

import math

from briefmap.model import Place
from briefmap.places.coast import coastal
from briefmap.places.gazetteer import Entry, Gazetteer
from briefmap.places.geo_evidence import Kind
from briefmap.places.region import REGION_COUNTRIES

_TIER_RANK = {"curated": 0, "cldr": 1, "geonames": 2}
_CITY = 100_000  # population from which GeoNames calls a place a city (gazetteer.place)
_CONFIDENCE = {"curated": 0.95, "cldr": 0.95, "geonames": 0.8}


def _sure_ids(entries: list[Entry]) -> set[str]:
    """The places a name may be, GeoNames candidates left out beside a curated or CLDR one
    (which outranks them)."""
    return {e.place_id for e in entries if e.tier != "geonames"} or {e.place_id for e in entries}


def _context_countries(spans, gazetteer: Gazetteer) -> set[str]:
    """Countries named unambiguously in the text (a one-candidate country or curated name;
    GeoNames candidates do not count beside a curated or CLDR one, which outranks them:
    "Russia" is the country, not also Russia, Ohio)."""
    ctx: set[str] = set()
    for _i, _j, entries, _how in spans:
        ids = _sure_ids(entries)
        if len(ids) == 1:
            p = gazetteer.place(next(iter(ids)))
            if p.country and (p.kind == "country" or entries[0].tier == "curated"):
                ctx.add(p.country)
    return ctx


# A candidate this close to another place of the brief lies "near" it (CLAVIN, Mordecai):
# worth an order of magnitude of population.
_NEAR_KM = 150
# Nearness alone (no country named, no kind word) does not make a word a village smaller
# than this: a gazetteer of every hamlet has one for many a word.
_NEAR_MIN_POP = 1_000
# A country the text names is worth this many orders of magnitude of population.
_NAMED_COUNTRY_ORDERS = 2
# A curated feature of the kind a kind word announces, this close to the town chosen, is
# that town's feature told more exactly ("przejście w Kuźnicy" -> the Kuźnica crossing).
_SAME_FEATURE_KM = 5
_NOT_ANCHORS = {"country", "macro_region", "sea"}


class Chooser:
    """Chooses one place among a name's candidates in one document, weighing, in order:

    1. the kind word before the name ("port w", "przejście w"): a candidate of that kind;
    2. the tier (curated, then CLDR, then GeoNames);
    2a. after a port kind word ("terminal naftowy w", "the port of"), a candidate on the sea
       (:func:`~briefmap.places.coast.coastal`): Vysotsk on the Gulf of Finland, not the
       inland Vysotsk of the same name;
    3. the evidence of the text and the prior of size, weighed together in orders of
       magnitude of population: two more for a candidate in a country the brief names
       (``context``), one more for one within 150 km of a place the brief names
       unambiguously (spatial coherence, as CLAVIN and Mordecai). A village of a country
       the text names beats a foreign town up to a hundred times larger, not a city near
       the brief's other places ("Orsha" beside Smolensk is the Belarusian city, not a
       Russian hamlet of that name);
    4. the region these briefs cover, the exact spelling, the population itself, the id.

    Every choice is deterministic and says in its evidence what decided it."""

    def __init__(self, gazetteer: Gazetteer, context: set[str], spans) -> None:
        self.gazetteer = gazetteer
        self.context = context
        anchors: dict[str, Place] = {}
        for _i, _j, entries, _how in spans:
            ids = _sure_ids(entries)
            if len(ids) == 1:
                p = gazetteer.place(next(iter(ids)))
                if p.kind not in _NOT_ANCHORS:
                    anchors.setdefault(p.id, p)
        self.anchors = [anchors[k] for k in sorted(anchors)]
        self._memo: dict[tuple, tuple[str, str, float]] = {}

    def near(self, p: Place) -> Place | None:
        """The brief's first unambiguous place (by id) within 150 km of ``p``, if any."""
        for a in self.anchors:
            if a.id != p.id and _km(a, p) < _NEAR_KM:
                return a
        return None

    def choose(self, entries: list[Entry], kind: Kind | None = None) -> tuple[str, str, float]:
        """(place id, evidence, confidence) for a name with these candidates."""
        key = (tuple(id(e) for e in entries), kind.kind if kind else None, bool(kind and kind.near))
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self._choose(entries, kind)
        if kind is not None:
            pid, evidence, conf = got
            return pid, f"{evidence}; kind word '{kind.word}' ({kind.category})", conf
        return got

    def _choose(self, entries: list[Entry], kind: Kind | None) -> tuple[str, str, float]:
        gazetteer, context = self.gazetteer, self.context
        want = kind.kind if kind else ""
        near: dict[str, Place | None] = {}

        def score(e: Entry) -> tuple:
            p = gazetteer.place(e.place_id)
            if p.id not in near:
                near[p.id] = self.near(p) if self.anchors else None
            return (
                bool(want) and p.kind == want,
                -_TIER_RANK[e.tier],
                want == "port" and coastal(p.lat, p.lon),
                int(math.log10(p.population + 1))
                + (near[p.id] is not None)
                + _NAMED_COUNTRY_ORDERS * (p.country in context),
                p.country in REGION_COUNTRIES,
                e.name == p.name,
                math.log10(p.population + 1),
                e.place_id,
            )

        by_place: dict[str, Entry] = {}
        for e in sorted(entries, key=score, reverse=True):
            by_place.setdefault(e.place_id, e)
        top = next(iter(by_place.values()))
        p = gazetteer.place(top.place_id)
        # The same town under another tier (GeoNames' Klaipėda beside the curated one) is
        # not an alternative worth reporting: drop candidates of its country within 25 km.
        ranked = [top] + [
            e
            for e in list(by_place.values())[1:]
            if not _same_place(p, gazetteer.place(e.place_id))
        ]
        what = f"{top.tier} name '{top.name}'"
        conf = _CONFIDENCE[top.tier]
        if len(ranked) > 1:
            other = gazetteer.place(ranked[1].place_id)
            s1, s2 = score(top), score(ranked[1])
            if s1[0] != s2[0]:
                why = f"the kind word names a {want}"
            elif s1[1] != s2[1]:
                why = f"{top.tier} entry preferred over {ranked[1].tier}"
            elif s1[2] != s2[2]:
                why = "the kind word names a port and it lies on the sea"
            elif s1[3] != s2[3] and p.country in context and other.country not in context:
                why = f"{p.country} is named in this text"
            elif s1[3] != s2[3] and near.get(p.id) is not None and near.get(other.id) is None:
                a = near[p.id]
                why = f"near {a.name} ({_km(a, p):.0f} km), which this text names"
            elif s1[3] != s2[3]:
                why = f"larger population ({p.population:,} vs {other.population:,})"
                if other.country in context:
                    why += f", although {other.country} is named in this text"
            elif s1[4] != s2[4]:
                why = f"{p.country} is in the region these briefs cover"
            else:
                why = f"larger population ({p.population:,} vs {other.population:,})"
            more = f" and {len(ranked) - 2} more" if len(ranked) > 2 else ""
            what = (
                f"{what}; chose {p.name} ({p.country}) over {other.name} ({other.country})"
                f"{more}: {why}"
            )
            conf = round(conf - (0.15 if s1[:5] == s2[:5] else 0.05), 2)
        if want and p.kind != want and not kind.near:  # type: ignore[union-attr]
            # (near: "a camp near Asipovichy" is not the curated site at Asipovichy)
            feature = self._feature_at(p, want)
            if feature is not None:
                what = (
                    f"{what}; the {want.replace('_', ' ')} {feature.name} lies "
                    f"{_km(feature, p):.1f} km from {p.name}: the same place, told more exactly"
                )
                return feature.id, what, max(conf, 0.85)
        return top.place_id, what, conf

    def _feature_at(self, p: Place, kind: str) -> Place | None:
        """The curated feature of ``kind`` nearest ``p`` within a few km, when ``p`` is a
        town (a city has many ports and bases: the kind word does not say which), and the
        only one there: a village with a road and a rail crossing keeps its name here, and
        the clause's own words (links by cue) say which crossing is meant."""
        if p.kind not in ("town", "city") or p.population >= _CITY:
            return None
        near = [f for f in _curated_of_kind(self.gazetteer, kind) if _km(f, p) < _SAME_FEATURE_KM]
        return near[0] if len(near) == 1 else None


def _curated_of_kind(gazetteer: Gazetteer, kind: str) -> list[Place]:
    key = ("curated-kind", kind)
    got = gazetteer.memo.get(key)
    if got is None:
        got = gazetteer.memo[key] = [
            p
            for pid, p in sorted(gazetteer.places.items())
            if pid.startswith("bm:") and p.kind == kind
        ]
    return got  # type: ignore[return-value]


def _km(a: Place, b: Place) -> float:
    dlat = math.radians(a.lat - b.lat)
    dlon = math.radians(a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371 * math.hypot(dlat, dlon)


def _same_place(a: Place, b: Place) -> bool:
    if a.country != b.country:
        return False
    dlat = math.radians(a.lat - b.lat)
    dlon = math.radians(a.lon - b.lon) * math.cos(math.radians(a.lat))
    return 6371 * math.hypot(dlat, dlon) < 25
