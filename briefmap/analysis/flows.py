"""Flows of goods found in the words of a brief: origin -> via -> destination, what moves, how.

A flow is read off one clause of one sentence, from clause-level facts a clause analysis
could supply (the modules beside this one):

- ``flow_phrases``: the clauses of a sentence, negation, the kind, the goods, and movers
  that are not goods (people, aircraft, troops: never a trade flow);
- ``flow_roles``: the roles of the places (from, via, to, instead, subject) read from
  Polish case and prepositions and English prepositions and word order, with coordinated
  lists, appositions ("port w Kłajpedzie", "the Georgian port of Batumi") and the phrases
  of dependence, talks and pressure that give no role;
- ``flow_ends``: the ends a clause names only as a country's ports (approximate, drawn at
  those ports, never at the capital) and the ends it leaves unnamed.

The clause needs a movement or trade predicate ("eksport", "przekierować", "tranzyt",
"export", "reroute", "ship"…); a general verb of moving ("trafiać", "go") or of receiving
("otrzymać", "get") only together with named goods; "korzystać z portów", "uses the ports
of" only when ports follow. Then:

- **origin**: a "from" phrase; else a country adjective on the goods ("Kazakh grain
  exports"); else the subject. Foreign places of a "from" phrase on goods that a country
  adjective gives an owner ("Belarusian oil products from Latvia") are stops, not the
  origin. Refineries and plants in a "from" phrase are origins like any place.
- **destination**: a "to" phrase; the subject of a receiving verb ("Porty w Rydze mają
  otrzymać", "Poland imports").
- **via**: a "via" phrase, the ports a country uses.
- **former**: "zamiast"/"instead of" phrases, and the "from" of a rerouting clause
  ("przekierować z A do B": formerly via A).

A list distributes over the verb: "przez porty w Batumi, Konstancy i Samsunie" gives three
flows, one through each port. An end the clause does not name may be filled in, and the
evidence says so: a country the same sentence names outside the roles; and only when the
clause refers back (a bare "eksport", "its", "swój"), the country of the sentence before,
the origin of a flow just before, or the brief's main country. A line is drawn only between
places one clause puts in that relation: at least two different points.

The kind comes from the words (``geodata/flow_words.toml``): rerouted ("przekierować",
"divert", "shift", "instead of"), former ("dotychczas", "previously"), planned ("planować",
"ma" + infinitive, "będzie", "will"), otherwise current. Offsets index the brief's reading
text.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from briefmap.analysis import flow_phrases as phrases
from briefmap.analysis.flow_ends import (
    Endpoint,
    endpoint,
    implicit_end,
    ports_end,
    there_end,
    unique,
)
from briefmap.analysis.flow_roles import (
    Role,
    adjective_origin,
    near_before,
    roles,
    subjects,
    supplied,
)
from briefmap.analysis.flow_words import FlowWords, load_flow_words
from briefmap.places.context import Context
from briefmap.places.gazetteer import Gazetteer
from briefmap.places.geoparse import Found
from briefmap.records import flow_record
from briefmap.text.document import Document

__all__ = ["KINDS", "MAX_LINES_PER_CLAUSE", "Endpoint", "Flow", "find_flows"]

KINDS = ("current", "planned", "rerouted", "former")
#: The most lines one clause may give (a list of many origins and destinations is a
#: description of a region's trade, not of routes).
MAX_LINES_PER_CLAUSE = 6
#: Predicates that say a country moves its own goods (lemmas, English stems): a bare
#: "eksport" is the export of the country the text is about.
_OWN_TRADE = frozenset(
    "eksport eksportować wyeksportować reeksport reeksportować wywóz import importować "
    "zaimportować przywóz przekierować przekierowywać przeorientować export import "
    "re-export reroute redirect divert reorient".split()
)


# A country's own exports: a foreign place in their "from" phrase is where they leave from.
_EXPORT = frozenset(
    {"eksport", "eksportować", "wyeksportować", "export", "exports", "exported", "exporting"}
)


@dataclass(slots=True)
class Flow:
    """A flow one clause of a brief describes. ``excerpt_*`` index the reading text (the
    sentence), ``excerpt_orig_*`` the original file; ``former`` are the routes a rerouted
    flow replaced; ``commodity`` is the label of the goods (English) or, when the words name
    no known goods, those words; ``evidence`` says which words gave each part."""

    brief_id: str
    origin: Endpoint | None
    via: tuple[Endpoint, ...]
    destination: Endpoint | None
    former: tuple[Endpoint, ...]
    commodity: str
    commodity_pl: str
    commodity_words: str
    kind: str
    excerpt_start: int
    excerpt_end: int
    excerpt: str
    evidence: tuple[str, ...]
    confidence: float
    excerpt_orig_start: int = 0
    excerpt_orig_end: int = 0
    themes: tuple[str, ...] = ()
    dates: tuple[tuple[str, str, str], ...] = ()

    @property
    def points(self) -> list[Endpoint]:
        """The stops of the line in order: origin, via…, destination (those known)."""
        pts = [self.origin, *self.via, self.destination]
        return [p for p in pts if p is not None]

    @property
    def approximate(self) -> bool:
        """Is a stop of the line only a country's ports (drawn approximately)?"""
        return any(p.approximate for p in self.points)

    def record(self, doc: str) -> dict:
        """The flat record ``briefmap parse`` prints for this flow (``"type": "flow"``)."""
        return flow_record(self, doc)


def find_flows(
    doc: Document,
    context: Context,
    gazetteer: Gazetteer,
    brief_id: str = "",
    words: FlowWords | None = None,
) -> list[Flow]:
    """Every flow the clauses of ``doc`` describe, in text order (see the module docstring).
    Excerpt offsets index ``doc.text``; the caller maps them to the original file."""
    words = words or load_flow_words()
    lang = "pl" if doc.polish else "en"
    out: list[Flow] = []
    for k, (lo, hi) in enumerate(doc.sentence_tokens):
        if lo == hi:
            continue
        if words.trigger[lang].first(doc, lo, hi) < 0:
            continue  # most sentences: nothing more to do
        for c_lo, c_hi in phrases.clauses(doc, lo, hi):
            out.extend(_clause_flows(doc, context, gazetteer, words, k, c_lo, c_hi, brief_id, out))
    return out


def _predicates(
    doc: Document, words: FlowWords, lo: int, hi: int, goods: bool
) -> tuple[list[int], list[int], list[str], bool, bool]:
    """The predicate tokens of the clause, the main ones among them (trade and movement
    words, not general verbs of moving), the words that say so (evidence), whether every one
    is a verb of receiving (the subject is then the destination), and whether one is a
    country's own trade ("eksport", "przekierować": a bare one refers to the topic)."""
    lang = "pl" if doc.polish else "en"
    receive, use = words.receive[lang], words.use[lang]
    strong = words.predicates[lang].match(doc, lo, hi)
    tokens = {i for m in strong for i in m.tokens}
    main = set(tokens)
    said = [f"{w} ({m.pattern.terms[0]})" for m in strong[:3] for w in m.words[:1]]
    for i in range(lo, hi):
        if use.at(doc, i) and any(phrases.port_noun(doc, j) for j in range(i + 1, min(hi, i + 4))):
            tokens.add(i)  # "korzysta z portów", "uses the ports of"
            main.add(i)
            said.append(f"{doc.word_text(i)} (use of ports)")
    if goods:
        # with goods named, a verb of moving is a predicate too ("Do portu w Kołobrzegu
        # dotarły transporty ziarna": the phrase before it is its destination)
        weak = words.weak[lang].match(doc, lo, hi)
        tokens |= {i for m in weak for i in m.tokens}
        said += [f"{w} ({m.pattern.terms[0]})" for m in weak[:3] for w in m.words[:1]]
        for i in range(lo, hi):
            if receive.at(doc, i) and i not in tokens:
                tokens.add(i)  # "mają otrzymać", "are projected to get"
                said.append(f"{doc.word_text(i)} (receiving)")
    receiving = bool(tokens) and all(receive.at(doc, i) for i in tokens)
    own = any(term.rstrip("*") in _OWN_TRADE for m in strong for term in m.pattern.terms) or any(
        use.at(doc, i) for i in tokens
    )
    return sorted(tokens), sorted(main or tokens), said, receiving, own


def _clause_flows(
    doc: Document,
    context: Context,
    gazetteer: Gazetteer,
    words: FlowWords,
    k: int,
    lo: int,
    hi: int,
    brief_id: str,
    earlier: Sequence[Flow] = (),
) -> list[Flow]:
    lang = "pl" if doc.polish else "en"
    # "…do portu w Murmańsku, skąd popłyną do Chin": the goods are those of the sentence,
    # the origin the place named just before
    onward = phrases.whence(doc, lo, hi)
    s_lo = doc.sentence_tokens[k][0]
    goods = words.commodities[lang].match(doc, s_lo if onward else lo, hi)
    # an onward clause moves what the clause before moved ("dostawy …, skąd popłyną")
    moved = bool(goods) or (onward and bool(words.predicates[lang].match(doc, s_lo, lo)))
    pred_tokens, main, said_pred, receiving, own_trade = _predicates(doc, words, lo, hi, moved)
    exporting = any(doc.keys(i) & _EXPORT for i in pred_tokens)
    if not pred_tokens:
        return []
    if phrases.negated(doc, lo, main):
        return []  # "nie będzie mogła być przewożona przez terytorium Litwy"
    if phrases.movers_only(doc, words, lo, hi, goods):
        return []  # "flights were diverted to Riga", "wysłano żołnierzy na Białoruś"
    goods_tokens = sorted({i for m in goods for i in m.tokens})
    # the places of the clause, by their first token
    starts: dict[int, tuple[Found, int]] = {}
    for f in context.places[k]:
        i = doc.token_at(f.start)
        j = doc.token_at(f.end)
        if lo <= i < hi and f.link == "name":
            starts[i] = (f, max(j, i + 1))
    unresolved: set[str] = set()
    own_ports: list[tuple[str, int, int]] = []
    found = roles(doc, context, gazetteer, words, lo, hi, starts, unresolved, own_ports)
    # A role phrase must follow the predicate or end right before it (one word between).
    first_pred = pred_tokens[0]
    found = [r for r in found if r.start >= first_pred or near_before(r, pred_tokens)]
    evidence: list[str] = ["predicate: " + ", ".join(said_pred[:3])]

    kind, kind_words = phrases.kind(doc, words, lo, hi)
    if kind != "current":
        evidence.append(f"kind {kind}: {kind_words}")
    rerouted = kind == "rerouted"
    origins = [r for r in found if r.role == "from" and not rerouted]
    former = [r for r in found if r.role == "instead" or (r.role == "from" and rerouted)]
    vias = [r for r in found if r.role == "via"]
    dests = [r for r in found if r.role == "to"] or supplied(
        doc, gazetteer, lo, hi, starts, pred_tokens
    )
    if not dests and (there := there_end(doc, context, gazetteer, k, lo, pred_tokens)):
        dests = [Role("to", there[0], there[1], -1, -1)]

    if onward and not origins:
        before = [
            f
            for f in context.places[k]
            if f.link == "name"
            and doc.token_at(f.start) < lo
            and gazetteer.place(f.place_id).kind not in ("sea", "continent")
        ]
        if before:
            f = before[-1]
            ep = endpoint(gazetteer.place(f.place_id), f.surface, f.start, f.end)
            word = doc.tokens[lo].text
            origins = [Role("from", ep, f"{word}: {f.surface}", -1, -1)]
    owner = adjective_origin(doc, context, gazetteer, lo, hi, main, goods_tokens, starts)
    subject = subjects(doc, context, gazetteer, words, lo, hi, starts, pred_tokens)
    owners = {r.endpoint.country for r in subject if r.endpoint.precision == "country"}
    if own_ports and len(owners) == 1:
        # "Latvia exports grain through its ports": the subject's ports, approximately
        iso2 = next(iter(owners))
        for role, opened, noun in own_ports:
            a, b = doc.tokens[opened].start, doc.tokens[noun].end
            got = ports_end(doc, gazetteer, iso2, lo, hi, doc.text[a:b], a, b)
            if got is not None:
                r = Role(role, got[0], doc.text[a:b], opened, noun + 1, opened, got[1])
                if role == "via":
                    vias.append(r)
                elif role == "to":
                    dests.append(r)
    if receiving:
        if not dests and subject:
            dests = [_as(r, "to") for r in subject]
        if not origins and owner is not None:
            origins = [owner]
    else:
        if (
            origins
            and owner is not None
            and all(r.endpoint.country != owner.endpoint.country for r in origins)
        ):
            # "Belarusian oil products from Latvia": the goods are Belarus's, Latvia a stop
            vias = [_as(r, "via") for r in origins] + vias
            origins = []
        if (
            origins
            and owner is None
            and exporting
            and len(subject) == 1
            and subject[0].endpoint.precision == "country"
            and all(r.endpoint.country != subject[0].endpoint.country for r in origins)
        ):
            # "Belarus used to export potash from the port of Klaipeda": a stop of its goods
            vias = [_as(r, "via") for r in origins] + vias
            origins = []
        if not origins:
            origins = [owner] if owner is not None else [_as(r, "from") for r in subject]
    commodity, commodity_pl, commodity_words = phrases.commodity(doc, words, goods, lo, hi)
    if commodity_words:
        evidence.append(f"commodity {commodity}: '{commodity_words}'")

    # An end the clause does not name is filled in only when the words say whose goods
    # move: goods are named, or the predicate is one of a country's own trade ("eksport",
    # "przekierować"). "…send a clear message to Belarus" and "transit documents to
    # Kaliningrad" name no goods: no line from an implied origin.
    implicit: tuple[Endpoint, str] | None = None
    if (goods or own_trade) and (vias or dests or former or origins):
        # an unnamed end is never in the country of a named one: goods cross a border
        used = {r.endpoint.country for r in (*found, *origins, *dests)}
        # a bare "eksport" is the topic country's; goods "to receive" come from it too
        refers_back = own_trade or receiving or words.back[lang].first(doc, lo, hi) >= 0
        implicit = implicit_end(context, gazetteer, k, used, earlier, refers_back)
    if "from" in unresolved and not rerouted:
        implicit = None  # "paliwa z rafinerii w Możejkach": an origin is named, only unknown
    if not origins and implicit is not None and (vias or dests):
        origins = [Role("from", implicit[0], "", -1, -1)]
        evidence.append(f"origin {implicit[0].name}: not named in this clause; {implicit[1]}")
    elif receiving and not dests and implicit is not None and origins:
        dests = [Role("to", implicit[0], "", -1, -1)]
        evidence.append(
            f"destination {implicit[0].name}: not named in this clause; {implicit[1]} (imports)"
        )

    # what gave each end its role, said once per end (a flow lists its own ends' lines)
    said: dict[tuple[str, str], str] = {}
    for label, group in (("origin", origins), ("destination", dests)):
        for r in group:
            if r.phrase:
                said.setdefault(
                    (label, r.endpoint.place_id),
                    f"{label} {r.endpoint.name}: '{r.phrase}'" + (f" ({r.why})" if r.why else ""),
                )
    for r in vias:
        evidence.append(f"via {r.endpoint.name}: '{r.phrase}'" + (f" ({r.why})" if r.why else ""))
    for r in former:
        evidence.append(f"formerly {r.endpoint.name}: '{r.phrase}'")

    origins, vias, dests, former = (_precise(g) for g in (origins, vias, dests, former))
    formers = tuple(unique(r.endpoint for r in former))
    s, e = doc.sentences[k]
    out: list[Flow] = []
    for o, via, d in itertools.product(
        unique(r.endpoint for r in origins) or [None],
        _via_choices(vias),
        unique(r.endpoint for r in dests) or [None],
    ):
        if o is not None and d is not None and o.place_id == d.place_id:
            continue
        via = tuple(v for v in via if v not in (o, d))
        pts = [p for p in (o, *via, d) if p is not None]
        if len({p.place_id for p in pts}) < 2:
            continue
        if len(out) >= MAX_LINES_PER_CLAUSE:
            break
        conf = 0.8
        if o is not None and o.start < 0:
            conf -= 0.15
        if d is None:
            conf -= 0.1
        if any(p.approximate for p in pts):
            conf -= 0.1
        ends_said = [
            said[(label, p.place_id)]
            for label, p in (("origin", o), ("destination", d))
            if p is not None and (label, p.place_id) in said
        ]
        out.append(
            Flow(
                brief_id=brief_id,
                origin=o,
                via=via,
                destination=d,
                former=formers,
                commodity=commodity,
                commodity_pl=commodity_pl,
                commodity_words=commodity_words,
                kind=kind,
                excerpt_start=s,
                excerpt_end=e,
                excerpt=doc.text[s:e],
                evidence=tuple([*evidence[:1], *ends_said, *evidence[1:]]),
                confidence=round(conf, 2),
            )
        )
    return out


def _as(r: Role, role: str) -> Role:
    return Role(role, r.endpoint, r.phrase, r.start, r.end, r.group, r.why)


def _via_choices(vias: list[Role]) -> list[tuple[Endpoint, ...]]:
    """The stops of each line: the places of one coordinated phrase are alternatives ("przez
    porty w Batumi, Konstancy i Samsunie": one line through each); phrases in turn are a
    chain ("przez Litwę, a potem przez Łotwę")."""
    if not vias:
        return [()]
    groups: dict[int, list[Endpoint]] = {}
    for r in vias:
        groups.setdefault(r.group, [])
        if r.endpoint not in groups[r.group]:
            groups[r.group].append(r.endpoint)
    return [tuple(unique(c)) for c in itertools.product(*(unique(g) for g in groups.values()))]


def _precise(group: list[Role]) -> list[Role]:
    """Drop a country that a place of it in the same role stands for more precisely
    ("from Lithuania's Klaipeda port": Klaipėda, not Lithuania and Klaipėda)."""
    places = {r.endpoint.country for r in group if r.endpoint.precision != "country"}
    return [
        r for r in group if r.endpoint.precision != "country" or r.endpoint.country not in places
    ]
