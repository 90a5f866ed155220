"""Flows of goods found in the words of a brief: origin -> via -> destination, what moves, how.

A flow is read off one clause of one sentence. The clause needs a movement or trade
predicate ("eksport", "przekierować", "tranzyt", "export", "reroute", "ship"…; a general
verb of moving such as "trafiać" or "go" only together with named goods), and the places
the geoparser found in it get their roles from the words that govern them:

==============  ===================================================  =====================
role            Polish                                               English
==============  ===================================================  =====================
origin          "z"/"ze"/"od" + genitive; the nominative subject of  "from", "out of"; the
                an exporting verb ("Mińsk przekierował…", a capital   subject ("Kazakhstan
                stands for its state); a country adjective on the    rerouted…"); "Canadian
                goods or the trade noun ("białoruskich produktów")   potash", "Belarus's"
via             "przez"/"poprzez" + accusative ("przez port w …")    "via", "through"
destination     "do" + genitive, "na" + accusative ("na Litwę"),     "to", "into",
                "w kierunku"                                         "towards"
former route    "z" in a rerouting clause ("przekierował … z         "instead of"; "from"
                Kłajpedy do …"), "zamiast"                           when rerouted
==============  ===================================================  =====================

A place keeps the role of the phrase it stands in: "do rosyjskich portów w Ust-Łudze i
Petersburgu" makes both ports destinations; "z Litwy i Łotwy" both countries origins (or,
when rerouted, the routes replaced). A role phrase counts when it follows the predicate in
the clause or ends right before it; "rozmów z USA w sprawie tranzytu…" gives the USA no role.

An end the sentence does not name but the brief makes plain is allowed, and the evidence
says so: the brief's main country as the origin of goods that are exported or rerouted
(the destination of goods imported). A line is drawn only between places one clause puts
in that relation: at least two different points among origin, via and destination.

The kind comes from the words (``geodata/flow_words.toml``): rerouted ("przekierować",
"divert", "instead of"), former ("dotychczas", "previously"), planned ("planować", "ma" +
infinitive, "będzie", "will"), otherwise current. Offsets index the brief's reading text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefmap.analysis.flow_words import FlowWords, load_flow_words
from briefmap.model import Place
from briefmap.places.context import Context
from briefmap.places.gazetteer import Gazetteer
from briefmap.places.geoparse import Found
from briefmap.records import endpoint_record, flow_record
from briefmap.text.document import Document

KINDS = ("current", "planned", "rerouted", "former")
#: The most lines one clause may give (a list of many origins and destinations is a
#: description of a region's trade, not of routes).
MAX_LINES_PER_CLAUSE = 6

# Role words. Polish prepositions with the cases they must govern for the role ("z Rosją"
# is "with Russia"; "na Litwie" is "in Lithuania").
_PL_ROLES: dict[str, tuple[str, frozenset[str]]] = {
    "z": ("from", frozenset({"gen"})),
    "ze": ("from", frozenset({"gen"})),
    "od": ("from", frozenset({"gen"})),
    "do": ("to", frozenset({"gen"})),
    "ku": ("to", frozenset({"dat"})),
    "na": ("to", frozenset({"acc"})),
    "przez": ("via", frozenset({"acc"})),
    "poprzez": ("via", frozenset({"acc"})),
    "via": ("via", frozenset()),
    "zamiast": ("instead", frozenset({"gen"})),
}
_EN_ROLES = {
    "from": "from",
    "to": "to",
    "into": "to",
    "towards": "to",
    "toward": "to",
    "via": "via",
    "through": "via",
    "thru": "via",
}
# Nouns of a place's own kind that a role phrase may pass through ("do portu w Murmańsku",
# "through the port of Klaipėda"), lemmas / English forms.
_PL_PLACE_NOUNS = frozenset(
    "port terminal nabrzeże przejście granica miasto obwód region kraj państwo terytorium "
    "rejon okolica stacja węzeł baza magazyn rafineria zakład lotnisko rynek wybrzeże "
    "republika prowincja".split()
)
_EN_PLACE_NOUNS = frozenset(
    "port ports terminal terminals harbour harbor harbours harbors city cities region regions "
    "oblast territory territories border station hub refinery plant market markets coast "
    "state states country countries".split()
)
_EN_DETERMINERS = frozenset("the a an its their his her our this these that those".split())
_COORDINATORS = frozenset({"i", "oraz", "lub", "albo", "and", "or", "&"})
_CLAUSE_BREAKS = frozenset(
    "ale lecz jednak natomiast zaś a podczas gdy choć chociaż but while whereas however "
    "although though".split()
)
#: Predicates that say a country moves its own goods (lemmas, English stems).
_OWN_TRADE = frozenset(
    "eksport eksportować reeksport import importować przekierować przeorientować export "
    "import re-export reroute redirect divert reorient".split()
)
# Words that negate a predicate: a flow the text says does not (or cannot) happen is no
# line on the map.
_NEGATIONS = frozenset("nie not never unable cannot no".split())
_PL_VERB_POS = frozenset({"fin", "praet", "impt", "inf", "bedzie", "imps", "pcon", "winien"})
_PL_ADJ_POS = frozenset({"adj", "adja", "ppas", "pact", "num", "adjp"})
_IMPORT_LEMMAS = frozenset({"import", "importować", "import*", "imported", "imports"})


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One end (or stop) of a flow: a place of the gazetteer (a country: ``cc:<ISO2>``,
    its ``lat``/``lon`` the country's anchor), and the words that gave it its role.
    ``start``/``end`` index the reading text; both are -1 for an end the sentence does not
    name."""

    place_id: str
    name: str
    name_pl: str
    country: str
    lat: float
    lon: float
    precision: str
    words: str
    start: int = -1
    end: int = -1

    def record(self) -> dict:
        """This stop as a record (``briefmap.records.endpoint_record``)."""
        return endpoint_record(self)


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

    def record(self, doc: str) -> dict:
        """The flat record ``briefmap parse`` prints for this flow (``"type": "flow"``)."""
        return flow_record(self, doc)


# -- extraction -------------------------------------------------------------------------------
@dataclass(slots=True)
class _Role:
    role: str  # from | to | via | instead
    endpoint: Endpoint
    phrase: str  # the words from the role word to the place, for the evidence
    start: int  # token index of the role word (or of the place, for a subject)
    end: int  # token index after the place


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
        predicates = words.predicates[lang].match(doc, lo, hi)
        weak = words.weak[lang].match(doc, lo, hi)
        if not predicates and not weak:
            continue  # most sentences: nothing more to do
        for c_lo, c_hi in _clauses(doc, lo, hi):
            out.extend(_clause_flows(doc, context, gazetteer, words, k, c_lo, c_hi, brief_id, out))
    return out


def _clauses(doc: Document, lo: int, hi: int) -> list[tuple[int, int]]:
    """Token ranges of the clauses of a sentence: split at ";", ":", a dash between spaces,
    and a comma before a contrasting conjunction ("…, jednak …", "…, but …")."""
    out: list[tuple[int, int]] = []
    start = lo
    text = doc.text
    for i in range(lo + 1, hi):
        gap = text[doc.tokens[i - 1].end : doc.tokens[i].start]
        if (
            ";" in gap
            or ":" in gap
            or " – " in gap
            or " — " in gap
            or (" - " in gap and doc.tokens[i].word == i)
            or ("," in gap and doc.tokens[i].text.lower() in _CLAUSE_BREAKS)
        ):
            out.append((start, i))
            start = i
    out.append((start, hi))
    return out


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
    predicates = words.predicates[lang].match(doc, lo, hi)
    goods = words.commodities[lang].match(doc, lo, hi)
    if not predicates:
        weak = words.weak[lang].match(doc, lo, hi)
        if not (weak and goods):
            return []
        predicates = weak
    pred_tokens = sorted({i for m in predicates for i in m.tokens})
    goods_tokens = sorted({i for m in goods for i in m.tokens})
    if _negated(doc, lo, pred_tokens):
        return []  # "nie będzie mogła być przewożona przez terytorium Litwy"
    first_pred = pred_tokens[0]
    # the places of the clause, by their first token
    starts: dict[int, tuple[Found, int]] = {}
    for f in context.places[k]:
        i = doc.token_at(f.start)
        j = doc.token_at(f.end)
        if lo <= i < hi and f.link == "name":
            starts[i] = (f, max(j, i + 1))
    roles = _roles(doc, context, gazetteer, lo, hi, starts)
    # A role phrase must follow the predicate or end right before it (one word between).
    roles = [r for r in roles if r.start > first_pred or _near_before(r, pred_tokens)]
    evidence: list[str] = [
        "predicate: "
        + ", ".join(f"{w} ({m.pattern.terms[0]})" for m in predicates[:3] for w in m.words[:1])
    ]

    kind, kind_words = _kind(doc, words, lang, lo, hi)
    if kind != "current":
        evidence.append(f"kind {kind}: {kind_words}")

    rerouted = kind == "rerouted"
    origins = [r for r in roles if r.role == "from" and not rerouted]
    former = [r for r in roles if r.role == "instead" or (r.role == "from" and rerouted)]
    vias = [r for r in roles if r.role == "via"]
    dests = [r for r in roles if r.role == "to"]

    importing = any(set(m.pattern.terms) & _IMPORT_LEMMAS for m in predicates) and not any(
        not set(m.pattern.terms) & _IMPORT_LEMMAS for m in predicates
    )
    if not origins:
        subject = _subject(doc, context, gazetteer, lo, hi, starts, pred_tokens)
        if subject is not None:
            origins = [subject]
    if not origins:
        adjective = _adjective_origin(doc, context, gazetteer, lo, hi, pred_tokens, goods_tokens)
        if adjective is not None:
            origins = [adjective]
    commodity, commodity_pl, commodity_words = _commodity(doc, words, goods, lo, hi)
    if commodity_words:
        evidence.append(f"commodity {commodity}: '{commodity_words}'")

    # An end the clause does not name is filled in only when the words say whose goods
    # move: goods are named, or the predicate is one of a country's own trade ("eksport",
    # "przekierować"). "…send a clear message to Belarus" and "transit documents to
    # Kaliningrad" name no goods: no line from an implied origin.
    implicit_ok = bool(goods) or any(
        term.rstrip("*") in _OWN_TRADE for m in predicates for term in m.pattern.terms
    )
    implicit: tuple[Endpoint, str] | None = None
    if implicit_ok and (vias or dests or former or origins):
        # an unnamed end is never in the country of a named one: goods cross a border
        used = {r.endpoint.country for r in roles}
        implicit = _implicit_end(context, gazetteer, k, used, earlier)
    if not origins and not importing and implicit is not None and (vias or dests):
        origins = [_Role("from", implicit[0], "", -1, -1)]
        evidence.append(f"origin {implicit[0].name}: not named in this clause; {implicit[1]}")
    if importing and not dests and implicit is not None and origins:
        dests = [_Role("to", implicit[0], "", -1, -1)]
        evidence.append(
            f"destination {implicit[0].name}: not named in this clause; {implicit[1]} (imports)"
        )

    # what gave each end its role, said once per end (a flow lists its own ends' lines)
    said: dict[tuple[str, str], str] = {}
    for label, group in (("origin", origins), ("destination", dests)):
        for r in group:
            if r.phrase:
                said.setdefault(
                    (label, r.endpoint.place_id), f"{label} {r.endpoint.name}: '{r.phrase}'"
                )
    for r in vias:
        evidence.append(f"via {r.endpoint.name}: '{r.phrase}'")
    for r in former:
        evidence.append(f"formerly {r.endpoint.name}: '{r.phrase}'")

    origins, vias, dests, former = (_precise(group) for group in (origins, vias, dests, former))
    via = tuple(_unique(r.endpoint for r in vias))
    formers = tuple(_unique(r.endpoint for r in former))
    origin_eps = _unique(r.endpoint for r in origins) or [None]
    dest_eps = _unique(r.endpoint for r in dests) or [None]
    s, e = doc.sentences[k]
    out: list[Flow] = []
    for o in origin_eps:
        for d in dest_eps:
            if o is not None and d is not None and o.place_id == d.place_id:
                continue
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
            out.append(
                Flow(
                    brief_id=brief_id,
                    origin=o,
                    via=tuple(v for v in via if v not in (o, d)),
                    destination=d,
                    former=formers,
                    commodity=commodity,
                    commodity_pl=commodity_pl,
                    commodity_words=commodity_words,
                    kind=kind,
                    excerpt_start=s,
                    excerpt_end=e,
                    excerpt=doc.text[s:e],
                    evidence=tuple(
                        [
                            *evidence[:1],
                            *(
                                [said[("origin", o.place_id)]]
                                if o and ("origin", o.place_id) in said
                                else []
                            ),
                            *(
                                [said[("destination", d.place_id)]]
                                if d and ("destination", d.place_id) in said
                                else []
                            ),
                            *evidence[1:],
                        ]
                    ),
                    confidence=round(conf, 2),
                )
            )
    return out


def _implicit_end(
    context: Context,
    gazetteer: Gazetteer,
    k: int,
    used: set[str],
    earlier: Sequence[Flow],
) -> tuple[Endpoint, str] | None:
    """The end a clause leaves unnamed but the brief makes plain, and why: a country the
    sentence names outside the clause's roles ("niekorzystna dla Białorusi, jednak …
    eksportu soli potasowych"), or else the sentence before names; else the origin of a
    flow of the two sentences before ("podobnych działań…"); else the brief's main
    country."""
    for n, why in ((k, "the sentence is about"), (k - 1, "the sentence before is about")):
        for w in context.countries[n] if n >= 0 else ():
            if w.iso2 not in used and w.how in ("name", "adjective"):
                place = gazetteer.country(w.iso2)
                if place is not None:
                    return _endpoint(place, ""), f"{why} {place.name} ('{w.surface}')"
    s0 = context.doc.sentences[max(0, k - 2)][0]
    for fl in reversed(earlier):
        if fl.excerpt_start < s0:
            break
        if fl.origin is not None and fl.origin.country not in used:
            return fl.origin, f"the origin of the flow just before ('{fl.origin.words}')"
    main = gazetteer.country(context.main_country or "")
    if main is None or main.country in used:
        return None
    return _endpoint(main, ""), "the country this brief is about"


def _precise(roles: list[_Role]) -> list[_Role]:
    """Drop a country that a place of it in the same role stands for more precisely
    ("from Lithuania's Klaipeda port": Klaipėda, not Lithuania and Klaipėda)."""
    places = {r.endpoint.country for r in roles if r.endpoint.precision != "country"}
    return [
        r for r in roles if r.endpoint.precision != "country" or r.endpoint.country not in places
    ]


def _negated(doc: Document, lo: int, pred_tokens: Sequence[int]) -> str:
    """The word that negates the clause's first predicate ("nie będzie mogła być
    przewożona", "was unable to export"), or ""."""
    p = pred_tokens[0]
    for i in range(max(lo, p - 4), p):
        low = doc.tokens[i].text.lower()
        if low in _NEGATIONS or (not doc.polish and low.endswith("n't")):
            return doc.tokens[i].text
    return ""


def _unique(endpoints: Iterable[Endpoint]) -> list[Endpoint]:
    seen: set[str] = set()
    out = []
    for ep in endpoints:
        if ep.place_id not in seen:
            seen.add(ep.place_id)
            out.append(ep)
    return out


def _near_before(r: _Role, pred_tokens: Sequence[int]) -> bool:
    """Does the role phrase end right before a predicate ("z Kłajpedy eksport…")?"""
    return any(0 <= p - r.end <= 1 for p in pred_tokens)


def _endpoint(place: Place, words: str, start: int = -1, end: int = -1) -> Endpoint:
    return Endpoint(
        place.id,
        place.name,
        place.name_pl,
        place.country,
        place.lat,
        place.lon,
        place.precision,
        words,
        start,
        end,
    )


def _cases(doc: Document, i: int) -> set[str]:
    """Grammatical cases token ``i`` may be in (empty: unknown to Morfeusz)."""
    out: set[str] = set()
    for a in doc.analyses(i):
        parts = a.tag.split(":")
        for p in parts[1:4]:
            out.update(
                c for c in p.split(".") if c in {"nom", "gen", "dat", "acc", "inst", "loc", "voc"}
            )
    return out


def _pos(doc: Document, i: int) -> set[str]:
    return {a.pos for a in doc.analyses(i)}


def _roles(
    doc: Document,
    context: Context,
    gazetteer: Gazetteer,
    lo: int,
    hi: int,
    starts: dict[int, tuple[Found, int]],
) -> list[_Role]:
    """Walk the clause: a role word opens a phrase; places (and country adjectives with no
    place of their country after them) in it get its role; any other word closes it."""
    toks = doc.tokens
    text = doc.text
    out: list[_Role] = []
    role: str | None = None
    cases: frozenset[str] = frozenset()
    opened = -1  # token index of the role word
    after_noun = False  # the last word was a place noun ("portu"), so "w" keeps the role
    pending: list[tuple[str, int]] = []  # country adjectives in the phrase: (ISO2, token)
    i = lo

    def close() -> None:
        nonlocal role, pending
        if role is not None:
            named = {r.endpoint.country for r in out if r.start == opened}
            for iso2, t in pending:
                if iso2 not in named and (p := gazetteer.country(iso2)) is not None:
                    a, b = toks[opened].start, toks[t].end
                    out.append(_Role(role, _endpoint(p, text[a:b], a, b), text[a:b], opened, t + 1))
        role, pending = None, []

    while i < hi:
        tok = toks[i]
        low = tok.text.lower()
        gap = text[toks[i - 1].end : tok.start] if i > lo else ""
        if role is not None and "," in gap and i not in starts and context.adjective(i) is None:
            close()  # a comma ends the phrase unless a list of places goes on
        if i in starts:
            f, j = starts[i]
            place = gazetteer.place(f.place_id)
            # a name read through the declension fallback has no case Morfeusz knows
            case_free = "declension" in f.evidence.split(":", 1)[0]
            if (
                role is not None
                and place.precision != "continent"
                and (case_free or _case_ok(doc, i, j, cases))
            ):
                a = toks[opened].start
                phrase = text[a : f.end]
                out.append(
                    _Role(role, _endpoint(place, f.surface, f.start, f.end), phrase, opened, j)
                )
            i = j
            after_noun = False
            continue
        two = f"{low} {toks[i + 1].text.lower()}" if i + 1 < hi else ""
        new = _role_word(doc, i, low, two)
        if new is not None:
            close()
            role, cases, opened = new
            i += 2 if two in ("w kierunku", "instead of", "out of") else 1
            after_noun = False
            continue
        if role is None:
            i += 1
            continue
        adjective = context.adjective(i)
        if adjective is not None:
            pending.append((adjective, i))
        elif low in _COORDINATORS or low in _EN_DETERMINERS:
            pass
        elif low in ("w", "we", "of", "at", "in") and after_noun:
            # "port w Kłajpedzie", "the port of Klaipėda": the place is in the locative of
            # "w", and keeps the role of the port
            cases = frozenset({"loc"}) if doc.polish else frozenset()
        elif _place_noun(doc, i, low):
            after_noun = True
            i += 1
            continue
        elif doc.polish and _pos(doc, i) and _pos(doc, i) <= _PL_ADJ_POS:
            pass  # "do rosyjskich portów", "przez port w litewskiej Kłajpedzie"
        else:
            close()
        after_noun = False
        i += 1
    close()
    return out


def _role_word(doc: Document, i: int, low: str, two: str) -> tuple[str, frozenset[str], int] | None:
    if doc.polish:
        if two == "w kierunku":
            return "to", frozenset({"gen"}), i
        got = _PL_ROLES.get(low)
        if got is None:
            return None
        role, cases = got
        # "nałożone przez UE": the agent of a passive, not a route — unless the participle
        # itself moves goods ("sprzedawanych przez port").
        if (
            low == "przez"
            and i > 0
            and "ppas" in _pos(doc, i - 1)
            and not (doc.keys(i - 1) & _MOVING_PARTICIPLES)
        ):
            return None
        return role, cases, i
    if two in ("instead of",):
        return "instead", frozenset(), i
    if two == "out of":
        return "from", frozenset(), i
    role = _EN_ROLES.get(low)
    return (role, frozenset(), i) if role else None


_MOVING_PARTICIPLES = frozenset(
    "sprzedawać eksportować wysyłać transportować przewozić dostarczać przeładowywać "
    "przesyłać tłoczyć kierować wywozić importować".split()
)


def _place_noun(doc: Document, i: int, low: str) -> bool:
    if doc.polish:
        return bool(doc.keys(i) & _PL_PLACE_NOUNS) and not doc.tokens[i].cap
    return low in _EN_PLACE_NOUNS


def _case_ok(doc: Document, i: int, j: int, cases: frozenset[str]) -> bool:
    """May the place of tokens ``i:j`` stand in one of ``cases`` (any, when Morfeusz does
    not know its words)?"""
    if not cases or not doc.polish:
        return True
    found = _cases(doc, j - 1)  # the last word of a name carries its case ("Ust-Łudze")
    return not found or bool(found & cases)


def _subject(
    doc: Document,
    context: Context,
    gazetteer: Gazetteer,
    lo: int,
    hi: int,
    starts: dict[int, tuple[Found, int]],
    pred_tokens: Sequence[int],
) -> _Role | None:
    """A place that is the subject of a verbal predicate: "Mińsk przekierował", "Kazakhstan
    rerouted", "Belarus's exports". A capital city stands for its state."""
    for i, (f, j) in sorted(starts.items()):
        after = [p for p in pred_tokens if j <= p <= j + 3]
        if not after:
            continue
        gap = doc.text[doc.tokens[j - 1].end : doc.tokens[after[0]].start]
        if any(c in gap for c in ",;:()"):
            continue
        if i > lo and _role_word(doc, i - 1, doc.tokens[i - 1].text.lower(), "") is not None:
            continue  # "z Kłajpedy eksport…": a role phrase, not a subject
        possessive = doc.text[doc.tokens[j - 1].end - 2 : doc.tokens[j - 1].end] in ("'s", "’s")
        if doc.polish:
            p = after[0]
            if not (_pos(doc, p) & _PL_VERB_POS):
                continue
            cases = set().union(*(_cases(doc, t) for t in range(i, j)))
            if cases and "nom" not in cases:
                continue
        elif not possessive and any(
            doc.tokens[t].text.lower() not in _EN_DETERMINERS for t in range(lo, i)
        ):
            continue  # English: the subject starts the clause (or follows only determiners)
        place = gazetteer.place(f.place_id)
        state = _capital_of(place, gazetteer)
        why = f"'{f.surface}', subject of '{doc.word_text(after[0])}'"
        if state is not None:
            why += f" ({place.name} is the capital of {state.name})"
            place = state
        if place.precision == "continent":
            continue
        return _Role("from", _endpoint(place, f.surface, f.start, f.end), why, i, j)
    return None


def _capital_of(place: Place, gazetteer: Gazetteer) -> Place | None:
    """The country whose capital ``place`` is (the gazetteer anchors a country at its
    capital), else None."""
    if place.kind not in ("city", "port", "town") or not place.country:
        return None
    country = gazetteer.country(place.country)
    if country is None:
        return None
    dlat = abs(country.lat - place.lat)
    dlon = abs(country.lon - place.lon)
    return country if dlat < 0.15 and dlon < 0.25 else None


def _adjective_origin(
    doc: Document,
    context: Context,
    gazetteer: Gazetteer,
    lo: int,
    hi: int,
    pred_tokens: Sequence[int],
    goods_tokens: Sequence[int],
) -> _Role | None:
    """A country adjective on the goods or the trade noun: "białoruskich produktów",
    "eksport białoruskiego potażu", "Canadian potash exports"."""
    heads = set(pred_tokens) | set(goods_tokens)
    for i in range(lo, hi):
        iso2 = context.adjective(i)
        if iso2 is None or not any(0 < h - i <= 2 for h in heads):
            continue
        place = gazetteer.country(iso2)
        if place is None:
            continue
        head = min(h for h in heads if h > i)
        words = doc.text[doc.tokens[i].start : doc.tokens[head].end]
        tok = doc.tokens[i]
        return _Role("from", _endpoint(place, tok.text, tok.start, tok.end), words, i, i + 1)
    return None


def _kind(doc: Document, words: FlowWords, lang: str, lo: int, hi: int) -> tuple[str, str]:
    found = {m.pattern.key: m for m in words.kinds[lang].match(doc, lo, hi)}
    for kind in ("rerouted", "former", "planned"):
        if kind in found:
            return kind, ", ".join(found[kind].words)
    # "ma powstać", "będzie eksportować": mieć + infinitive, or the future of być
    for i in range(lo, hi):
        if doc.polish:
            a = doc.analyses(i)
            if any(x.pos == "bedzie" for x in a):
                return "planned", doc.tokens[i].text
            if (
                i + 1 < hi
                and any(x.lemma == "mieć" and x.pos == "fin" for x in a)
                and any(x.pos == "inf" for x in doc.analyses(i + 1))
            ):
                return "planned", f"{doc.tokens[i].text} {doc.tokens[i + 1].text}"
        elif doc.tokens[i].text.lower() in ("will", "shall"):
            return "planned", doc.tokens[i].text
    return "current", ""


def _commodity(doc: Document, words: FlowWords, goods, lo: int, hi: int) -> tuple[str, str, str]:
    """(label in English, label in Polish, the words of the text) of the goods of the
    clause: the first commodity named, with the noun it qualifies ("soli potasowych")."""
    if not goods:
        return "", "", ""
    match = goods[0]
    first, last = match.tokens[0], match.tokens[-1]
    if (
        doc.polish
        and first > lo
        and "subst" in _pos(doc, first - 1)
        and not (doc.keys(first - 1) & _PL_PLACE_NOUNS)
    ):
        first -= 1  # "soli potasowych", "produktów ropopochodnych"
    if doc.polish and last + 1 < hi and "adj" in _pos(doc, last + 1):
        last += 1  # "ropy naftowej"
    text = doc.text[doc.tokens[first].start : doc.tokens[last].end]
    good = words.goods[int(match.pattern.key)]
    return good.label_en, good.label_pl, text
