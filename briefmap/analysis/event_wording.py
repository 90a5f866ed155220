"""What the words around an event word say about it: whether "open" is the verb, whether
an incident is only the cause of a closure, whether a closure is for some traffic only, the
pronoun that stands for a place closed before, and the country of an airspace named by its
adjective. Read by ``briefmap.analysis.events``; each check is over one clause or
sentence of a ``Document``.
"""

from __future__ import annotations

from briefmap.analysis.frames import Clause, Frames
from briefmap.model import Place
from briefmap.text.document import Document
from briefmap.text.matcher import Match

#: Heads that a country adjective makes that country's ground ("Belarusian airspace",
#: "polską przestrzeń powietrzną", "on Russian territory").
_TERRITORY = frozenset({"airspace", "territory", "soil", "przestrzeń", "terytorium"})


def capitalised_inside(doc: Document, k: int) -> bool:
    """Has sentence ``k`` a capitalised word not at its start (a crossing's village the
    geoparser does not know may be one)?"""
    lo, hi = doc.sentence_tokens[k]
    return any(doc.tokens[i].cap and not doc.tokens[i].initial for i in range(lo, hi))


def says_territory(doc: Document, k: int) -> bool:
    """Does sentence ``k`` name an airspace or territory (which an adjective may make a
    country's: "polską przestrzeń powietrzną")?"""
    lo, hi = doc.sentence_tokens[k]
    if doc.polish:
        return any(doc.keys(i) & _TERRITORY for i in range(lo, hi))
    return any(doc.tokens[i].text.lower() in _TERRITORY for i in range(lo, hi))


def close_to(doc: Document, m: Match) -> bool:
    """English "close to" (near), not a closure."""
    for i in m.tokens:
        nxt = i + 1
        if (
            doc.tokens[i].text.lower() == "close"
            and nxt < len(doc.tokens)
            and doc.tokens[nxt].text.lower() == "to"
        ):
            return True
    return False


#: Words before English "open" that make it the verb ("will open", "to open", "Poland and
#: Lithuania open"); after anything else it is the adjective ("remain open", "the only
#: border post open"): a state, not an opening.
_OPEN_VERB_BEFORE = frozenset({"to", "will", "would", "shall", "should", "can", "could", "may",
                               "might", "must", "did", "do", "does", "not", "also", "they",
                               "we", "ukraine", "finland", "lithuania", "latvia", "poland",
                               "estonia", "belarus", "russia", "authorities", "government",
                               "guards"})  # fmt: skip


def adjective_open(doc: Document, m: Match) -> bool:
    """English "open" used as an adjective (see ``_OPEN_VERB_BEFORE``)."""
    for i in m.tokens:
        if doc.tokens[i].text.lower() == "open":
            return i == 0 or doc.tokens[i - 1].text.lower() not in _OPEN_VERB_BEFORE
    return False


def in_cause(doc: Document, clause: Clause, m: Match, cause: frozenset[str]) -> bool:
    """Is the event word ``m`` inside the cause of the clause's event ("zamknięto
    z powodu balonów", "closed due to incidents involving balloons")? An English "over"
    is a cause only after the predicate ("closed the border over balloons"), not in "over
    the weekend"."""
    first = m.tokens[0]
    for i in range(clause.lo, first):
        keys = doc.keys(i) if doc.polish else {doc.tokens[i].text.lower()}
        if keys & cause:
            if doc.tokens[i].text.lower() == "over" and not (
                clause.predicate_token is not None and clause.predicate_token < i
            ):
                continue
            return True
    return False


_ALL = frozenset({"all", "every", "any", "wszystek", "wszelki", "cały", "każdy", "zarówno"})


def for_some(doc: Document, clause: Clause, traffic: dict[str, frozenset[str]]) -> bool:
    """Is the clause's closure for some traffic only ("zamknięte dla ciężarówek", "closed to
    lorries"), not for all of it ("for all traffic", "dla ruchu osobowego, jak i
    towarowego")?"""
    labels: set[str] = set()
    for a in clause.args:
        if a.role not in {"for", "to"}:
            continue
        keys: set[str] = set()
        for i in range(a.lo, a.hi):
            keys |= doc.keys(i) if doc.polish else {doc.tokens[i].text.lower()}
        if keys & _ALL:
            return False
        labels |= {label for label, terms in traffic.items() if keys & terms}
    return bool(labels) and not {"cars", "trucks"} <= labels


#: Object pronouns that stand for what a closure, opening or restriction just before was of.
_PRONOUNS = {"pl": frozenset({"je", "go", "ją"}), "en": frozenset({"it", "them"})}


def pronoun(doc: Document, clause: Clause) -> int | None:
    """The token of an object pronoun after the clause's predicate, if any."""
    words = _PRONOUNS["pl" if doc.polish else "en"]
    start = clause.predicate_token if clause.predicate_token is not None else clause.hi
    for i in range(start + 1, clause.hi):
        if doc.tokens[i].text.lower() in words:
            return i
    return None


def adjective_territory(
    doc: Document, frames: Frames, clause: Clause
) -> list[tuple[Place, tuple[int, int], str]]:
    """The country of an airspace or territory the clause names by an adjective just
    before it ("Belarusian airspace", "polską przestrzeń powietrzną")."""
    ctx = frames.context
    for i in range(clause.lo, clause.hi):
        keys = doc.keys(i) if doc.polish else {doc.tokens[i].text.lower()}
        if not keys & _TERRITORY:
            continue
        for j in (i - 1, i - 2):
            iso2 = ctx.adjective(j) if j >= clause.lo else None
            place = ctx.gazetteer.country(iso2) if iso2 else None
            if place is not None:
                t = doc.tokens[j]
                return [(place, (t.start, t.end), "the country of the airspace or territory")]
    return []
