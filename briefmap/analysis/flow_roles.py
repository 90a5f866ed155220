"""The roles places take in a clause that describes a flow: origin, via, destination, the
route replaced, the subject; read from Polish prepositions with the cases they govern and
from English prepositions and word order.

==============  ===================================================  =====================
role            Polish                                               English
==============  ===================================================  =====================
from            "z"/"ze"/"od" + genitive; a country adjective on     "from", "out of";
                the goods or the trade noun ("białoruskich           "Canadian potash",
                produktów")                                          "Belarus's"
via             "przez"/"poprzez" + accusative ("przez port w …");   "via", "through";
                "korzystać z portów X i Y"                           "uses the ports of X"
to              "do" + genitive, "na" + accusative ("na Litwę"),     "to", "into",
                "w kierunku"                                         "towards"
instead         "zamiast" (and a preposition right after it:         "instead of", "rather
                "zamiast do Kłajpedy")                               than" (the same)
subject         a nominative noun phrase right before a verbal       the noun phrase that
                predicate: "Mińsk przekierował", "Porty w Rydze i    opens the clause:
                Windawie mają otrzymać" (a capital stands for its    "The ports of Riga and
                state when it is the subject itself)                 Ventspils are to get"
==============  ===================================================  =====================

A place keeps the role of the phrase it stands in, through nouns of its kind and
appositions ("do rosyjskich portów w Ust-Łudze i Petersburgu", "the Georgian port of
Batumi"); the places of one coordinated phrase share a ``group``, so that a list
distributes over the verb. A phrase governed by a word of dependence, talks or pressure
("zależność od Moskwy", "pressure from Moscow") gives its places no role. A phrase that
names only a country's ports ("do rosyjskich portów nad Bałtykiem", "to Russian terminals",
"porty Łotwy") gives that country's ports as an approximate end (``flow_ends.ports_end``).
Token indexes index ``doc.tokens``; offsets index ``doc.text``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from briefmap.analysis.flow_ends import (
    Endpoint,
    capital_of,
    endpoint,
    load_country_ports,
    ports_end,
)
from briefmap.analysis.flow_phrases import (
    PL_ADJ_POS,
    PL_VERB_POS,
    cases,
    place_noun,
    port_noun,
    pos,
)
from briefmap.analysis.flow_words import FlowWords
from briefmap.places.context import Context
from briefmap.places.gazetteer import Gazetteer
from briefmap.places.geoparse import Found
from briefmap.text.document import Document

# Polish prepositions with the cases they must govern for the role ("z Rosją" is "with
# Russia"; "na Litwie" is "in Lithuania").
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
_EN_TWO = {"instead of": "instead", "rather than": "instead", "out of": "from"}
_EN_DETERMINERS = frozenset("the a an its their his her our this these that those".split())
_COORDINATORS = frozenset({"i", "oraz", "lub", "albo", "and", "or", "&"})
# Possessives that make a noun of ports the subject's own ("its ports", "swoje porty")
_OWN = frozenset(
    {"its", "their", "swoje", "swoich", "swych", "swoimi", "swymi", "swój", "swego", "swojego",
     "swoim", "swym", "swoją", "swoja", "swojej"}
)  # fmt: skip
_APPOSITION = frozenset({"w", "we", "of", "at", "in"})
# Polish words a role phrase passes over: adjectives and adverbs ("głównie", "przede wszystkim")
_PL_PASS_POS = PL_ADJ_POS | {"adv", "qub"}
_WATERS = frozenset({"sea", "ocean", "lake", "river", "gulf", "bay", "strait"})
_MOVING_PARTICIPLES = frozenset(
    "sprzedawać eksportować wysyłać transportować przewozić dostarczać przeładowywać "
    "przesyłać tłoczyć kierować wywozić importować".split()
)


@dataclass(slots=True)
class Role:
    """A place in a role: ``start``/``end`` are token indexes (the role word, or the place
    for a subject, to after the place); ``group`` the token of the role word that opened
    its phrase (one coordinated list shares it); ``why`` says how an approximate end was
    drawn."""

    role: str  # from | to | via | instead | subject
    endpoint: Endpoint
    phrase: str  # the words from the role word to the place, for the evidence
    start: int
    end: int
    group: int = -1
    why: str = ""


def near_before(r: Role, pred_tokens: Sequence[int]) -> bool:
    """Does the role phrase end right before a predicate ("z Kłajpedy eksport…")?"""
    return any(0 <= p - r.end <= 1 for p in pred_tokens)


def roles(
    doc: Document,
    context: Context,
    gazetteer: Gazetteer,
    words: FlowWords,
    lo: int,
    hi: int,
    starts: dict[int, tuple[Found, int]],
    unresolved: set[str] | None = None,
    own_ports: list[tuple[str, int, int]] | None = None,
) -> list[Role]:
    """Walk the clause ``lo:hi``: a role word opens a phrase; places (and country adjectives
    with no place of their country after them) in it get its role; any other word closes
    it. ``starts``: the places of the clause by first token, with the token after them.
    ``unresolved``, when given, receives the roles whose phrase names a place the
    geoparser did not find ("z rafinerii w Możejkach"): that end is named, only unknown.
    ``own_ports``, when given, receives (role, role word, noun of ports) of each phrase
    whose ports are the subject's own ("through its ports", "przez swoje porty"): the
    caller knows the subject."""
    toks = doc.tokens
    text = doc.text
    lang = "pl" if doc.polish else "en"
    out: list[Role] = []
    role: str | None = None
    allowed: frozenset[str] = frozenset()
    opened = -1  # token index of the role word
    after_noun = False  # the last word was a place noun ("portu"), so "w" keeps the role
    after_port = False  # … and it was a noun of ports ("portów", "terminals")
    ports_at = -1  # the last noun of ports in the phrase
    after_role_word = -1  # the token right after the last role word
    pending: list[tuple[str, int]] = []  # country adjectives in the phrase: (ISO2, token)
    unnamed: list[int] = []  # nouns of one port whose name the geoparser did not find
    apposed = -2  # the phrase (its role word) in which "w"/"of" followed a noun of places
    unknown_name = False  # within a name after "w"/"of" that is no known place
    last_noun = -1  # the last noun of places of the clause
    i = lo

    def add(r: Role) -> None:
        if r.role != "none":
            out.append(r)

    def close() -> None:
        nonlocal role, pending, ports_at
        if (
            role is not None
            and own_ports is not None
            and ports_at > lo
            and not pending
            and not any(r.group == opened for r in out)
            and toks[ports_at - 1].text.lower() in _OWN
        ):
            own_ports.append((role, opened, ports_at))
        if role is not None:
            named = {r.endpoint.country for r in out if r.group == opened}
            for iso2, t in pending:
                if iso2 in named or any(abs(u - t) <= 3 for u in unnamed):
                    continue  # "the Romanian port of Constanța": that port, not Romania
                a = toks[opened].start
                # "rosyjskich portów", "Turkish Black Sea ports"
                if ports_at >= 0 and abs(ports_at - t) <= 3:
                    b = toks[max(ports_at, t)].end
                    got = ports_end(doc, gazetteer, iso2, lo, hi, text[a:b], a, b)
                    if got is not None:
                        add(Role(role, got[0], text[a:b], opened, ports_at + 1, opened, got[1]))
                    continue
                if (p := gazetteer.country(iso2)) is not None:
                    b = toks[t].end
                    add(Role(role, endpoint(p, text[a:b], a, b), text[a:b], opened, t + 1, opened))
        role, pending, ports_at = None, [], -1
        unnamed.clear()

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
            if place.kind in _WATERS:
                i = j  # "the Baltic Sea port of Klaipeda": the sea says where, it is no end
                continue
            if (
                role is not None
                and place.precision != "continent"
                and (case_free or _case_ok(doc, i, j, allowed))
            ):
                a = toks[opened].start
                phrase = text[a : f.end]
                got = None
                if after_port and place.kind == "country":  # "porty Łotwy", "ports of Latvia"
                    got = ports_end(doc, gazetteer, place.country, lo, hi, phrase, a, f.end)
                if got is not None:
                    add(Role(role, got[0], phrase, opened, j, opened, got[1]))
                else:
                    ep = endpoint(place, f.surface, f.start, f.end)
                    add(Role(role, ep, phrase, opened, j, opened))
            i = j
            after_noun = after_port = False
            continue
        two = f"{low} {toks[i + 1].text.lower()}" if i + 1 < hi else ""
        new = _role_word(doc, i, low, two)
        if new is not None and after_noun and low == "na" and _locative_next(doc, i, hi, starts):
            new = None  # "porty na Łotwie": where the ports are, not "na" + accusative
        if new is None and words.use[lang].at(doc, i) and _ports_follow(doc, i, hi):
            new = ("via", frozenset())  # "uses the ports of", "wykorzystuje porty w …"
        if new is not None:
            width = 2 if two in _EN_TWO else 1
            if role == "instead" and i == after_role_word:
                allowed = new[1]  # "zamiast do Kłajpedy", "instead of to Klaipėda"
            else:
                close()
                role, allowed = new
                opened = i
                if _governed_by(doc, words.relations[lang], i, lo):
                    role = "none"  # "zależność od Moskwy", "pressure from Moscow"
                elif doc.polish and role == "from" and i > lo and words.use[lang].at(doc, i - 1):
                    role = "via"  # "korzysta z portów w Batumi i Poti"
            i += width
            after_role_word = i
            after_noun = after_port = False
            continue
        if role is None:
            i += 1
            continue
        if unknown_name and tok.cap:
            i += 1  # the words of a name the geoparser did not find ("Constanța")
            continue
        unknown_name = False
        adjective = context.adjective(i)
        if adjective is not None:
            pending.append((adjective, i))
        elif low in _COORDINATORS or low in _EN_DETERMINERS or low in _OWN:
            pass
        elif _sea_word(doc, i):
            i += 1  # "to Russian Baltic ports", "do portów czarnomorskich Rosji"
            continue
        elif after_noun and tok.text.isupper() and len(tok.text) <= 5:
            i += 1  # "do terminalu LNG w Świnoujściu": a name of the noun's kind
            continue
        elif (low in _APPOSITION or (doc.polish and low == "na")) and (
            after_noun
            or (apposed == opened and i > lo and toks[i - 1].text.lower() in _COORDINATORS)
        ):
            apposed = opened  # "porty w Kłajpedzie i w Rydze": the list goes on
            # "port w Kłajpedzie", "the port of Klaipėda": the place is in the locative of
            # "w", and keeps the role of the port
            allowed = frozenset({"loc"}) if doc.polish else frozenset()
            if i + 1 < hi and toks[i + 1].cap and i + 1 not in starts:
                # "the Romanian port of Constanța", "z rafinerii w Możejkach": the phrase
                # names a place the geoparser did not find
                if unresolved is not None:
                    unresolved.add(role)
                unknown_name = True  # pass over it: the list may go on ("… and the port of X")
                if after_port:
                    unnamed.append(ports_at)
                    ports_at = -1
            i += 1
            after_noun = False  # after_port stays: "porty Łotwy" / "ports of Latvia"
            continue
        elif place_noun(doc, i) or (low in ("one", "ones") and last_noun >= 0):
            # "one"/"ones" stands for the last noun of places ("through Russian ports
            # instead of Lithuanian ones")
            after_noun = True
            after_port = port_noun(doc, i if place_noun(doc, i) else last_noun)
            last_noun = i if place_noun(doc, i) else last_noun
            if after_port:
                ports_at = i
            i += 1
            continue
        elif doc.polish and _passes(doc, i):
            # "do rosyjskich portów", "przez port w litewskiej Kłajpedzie"; after a noun of
            # ports it stays one ("do portów czarnomorskich Rosji")
            i += 1
            continue
        else:
            if (
                pending
                and pending[-1][1] == i - 1
                and not tok.cap
                and (not doc.polish or "subst" in pos(doc, i))
            ):
                pending.pop()  # "przez polskich przedsiębiorców", "to Russian buyers": people
            if after_noun and tok.cap and unresolved is not None:
                unresolved.add(role)  # "portu Batumi", the name not found
            if after_port and tok.cap:
                unnamed.append(ports_at)
                ports_at = -1
            close()
        after_noun = after_port = False
        i += 1
    close()
    return out


_SUPPLY = ("supply", "supplies", "supplied", "supplying", "provide", "provides", "provided")


def supplied(
    doc: Document,
    gazetteer: Gazetteer,
    lo: int,
    hi: int,
    starts: dict[int, tuple[Found, int]],
    pred_tokens: Sequence[int],
) -> list[Role]:
    """The places a predicate supplies with goods: "supplied Poland and Germany with Russian
    crude oil", "zaopatruje Węgry w ropę" (destinations, the object before "with"/"w")."""
    out: list[Role] = []
    for p in pred_tokens:
        low = doc.tokens[p].text.lower()
        if doc.polish:
            if not doc.keys(p) & {"zaopatrywać", "zaopatrzyć"}:
                continue
            joiner = "w"
        elif low in _SUPPLY:
            joiner = "with"
        else:
            continue
        found: list[Role] = []
        t = p + 1
        while t < hi:
            word = doc.tokens[t].text.lower()
            if t in starts:
                f, j = starts[t]
                place = gazetteer.place(f.place_id)
                if place.precision != "continent":
                    phrase = doc.text[doc.tokens[p].start : f.end]
                    ep = endpoint(place, f.surface, f.start, f.end)
                    found.append(Role("to", ep, phrase, p, j, p))
                t = j
                continue
            if word == joiner and found:
                out.extend(found)
                break
            if word not in _COORDINATORS and word not in _EN_DETERMINERS:
                break
            t += 1
    return out


def _role_word(doc: Document, i: int, low: str, two: str) -> tuple[str, frozenset[str]] | None:
    if doc.polish:
        if two == "w kierunku":
            return "to", frozenset({"gen"})
        got = _PL_ROLES.get(low)
        if got is None:
            return None
        # "nałożone przez UE": the agent of a passive, not a route — unless the participle
        # itself moves goods ("sprzedawanych przez port").
        if (
            low == "przez"
            and i > 0
            and "ppas" in pos(doc, i - 1)
            and not (doc.keys(i - 1) & _MOVING_PARTICIPLES)
        ):
            return None
        return got
    if two in _EN_TWO:
        return _EN_TWO[two], frozenset()
    role = _EN_ROLES.get(low)
    return (role, frozenset()) if role else None


def _governed_by(doc: Document, relations, i: int, lo: int) -> bool:
    """Is the preposition at ``i`` governed by a word of dependence, talks or pressure,
    right before it or with one adjective between ("zależność gospodarcza od")?"""
    for j in (i - 1, i - 2):
        if j < lo:
            return False
        if relations.at(doc, j):
            return True
        if not (context_free_adjective(doc, j)):
            return False
    return False


def context_free_adjective(doc: Document, i: int) -> bool:
    """Is token ``i`` an adjective (Polish, by Morfeusz) or an English word that may stand
    between a noun and its preposition ("economic")?"""
    if doc.polish:
        p = pos(doc, i)
        return bool(p) and p <= PL_ADJ_POS
    return doc.tokens[i].text.lower().endswith(("ic", "al", "ive", "ary"))


def _passes(doc: Document, i: int) -> bool:
    """Does a Polish role phrase go on over token ``i``: an adjective, or an adverb
    ("głównie", which Morfeusz also reads as a noun) that is not capitalised?"""
    p = pos(doc, i)
    return bool(p) and (p <= _PL_PASS_POS or ("adv" in p and not doc.tokens[i].cap))


def _locative_next(doc: Document, i: int, hi: int, starts: dict[int, tuple[Found, int]]) -> bool:
    """Is the place after "na" (token ``i``, within two words) in the locative and not the
    accusative ("na Łotwie", not "na Litwę")?"""
    for t in range(i + 1, min(hi, i + 3)):
        if t in starts:
            got = cases(doc, starts[t][1] - 1)
            return "loc" in got and "acc" not in got
    return False


def _sea_word(doc: Document, i: int) -> bool:
    """Does token ``i`` name a sea ("Baltic", "Black Sea", "bałtyckich"; flow_ports.toml)?"""
    if doc.tokens[i].text.lower() in ("sea", "morze", "ocean"):
        return True
    lang = "pl" if doc.polish else "en"
    return any(words[lang].at(doc, i) for words in load_country_ports().seas.values())


def _ports_follow(doc: Document, i: int, hi: int) -> bool:
    """Does a noun of ports follow token ``i`` within three words ("uses the ports of")?"""
    return any(port_noun(doc, j) for j in range(i + 1, min(hi, i + 4)))


def _case_ok(doc: Document, i: int, j: int, allowed: frozenset[str]) -> bool:
    """May the place of tokens ``i:j`` stand in one of ``allowed`` (any, when Morfeusz does
    not know its words)?"""
    if not allowed or not doc.polish:
        return True
    found = cases(doc, j - 1)  # the last word of a name carries its case ("Ust-Łudze")
    return not found or bool(found & allowed)


# -- the subject --------------------------------------------------------------------------------
def subjects(
    doc: Document,
    context: Context,
    gazetteer: Gazetteer,
    words: FlowWords,
    lo: int,
    hi: int,
    starts: dict[int, tuple[Found, int]],
    pred_tokens: Sequence[int],
) -> list[Role]:
    """The places of the noun phrase that is the subject of a predicate: "Mińsk
    przekierował", "Kazachstan i Uzbekistan eksportują", "Kazakhstan rerouted", "Belarus's
    exports", "Porty w Rydze i Windawie mają otrzymać", "The ports of Riga and Ventspils are
    to receive". A capital that is itself the subject stands for its state. A subject with
    a verb of talks or pressure before the predicate ("Moscow is negotiating to shift…")
    is the party that talks: no subject."""
    lang = "pl" if doc.polish else "en"
    for i in sorted(starts):
        if i > lo and _role_word(doc, i - 1, doc.tokens[i - 1].text.lower(), "") is not None:
            continue  # "z Kłajpedy eksport…": a role phrase, not a subject
        s = _phrase_start(doc, context, starts, lo, i)
        if not doc.polish and s != lo and not _possessive(doc, starts[i][1]):
            continue  # English: the subject opens the clause
        places, e = _noun_phrase(doc, context, starts, s, hi)
        if not places:
            continue
        after = [p for p in pred_tokens if e <= p <= e + 4]
        if not after:
            continue
        p = after[0]
        gap = doc.text[doc.tokens[e - 1].end : doc.tokens[p].start]
        if any(c in gap for c in ",;:()"):
            continue
        if any(words.relations[lang].at(doc, t) for t in range(e, p)):
            return []  # "Moscow is negotiating to shift…": who talks, not an end
        if doc.polish and not (pos(doc, p) & PL_VERB_POS):
            continue
        out: list[Role] = []
        for f, a, b, apposed in places:
            place = gazetteer.place(f.place_id)
            if doc.polish and not apposed:
                got = set().union(*(cases(doc, t) for t in range(a, b)))
                if got and "nom" not in got:
                    continue
            why = f"'{f.surface}', subject of '{doc.word_text(p)}'"
            state = None if apposed else capital_of(place, gazetteer)
            if state is not None:
                why += f" ({place.name} is the capital of {state.name})"
                place = state
            if place.precision == "continent":
                continue
            out.append(Role("subject", endpoint(place, f.surface, f.start, f.end), why, a, b, -2))
        if out:
            return out
    return []


def _phrase_start(
    doc: Document, context: Context, starts: dict[int, tuple[Found, int]], lo: int, i: int
) -> int:
    """The first token of the noun phrase whose place starts at token ``i``: back over
    determiners, adjectives, nouns of places and "w"/"of" after them ("The Finnish ports of",
    "Porty w")."""
    s = i
    while s > lo:
        t = s - 1
        low = doc.tokens[t].text.lower()
        if (
            low in _EN_DETERMINERS
            or context.adjective(t) is not None
            or place_noun(doc, t)
            or (low in _APPOSITION and t > lo and place_noun(doc, t - 1))
        ):
            s = t
            continue
        break
    return s


def _noun_phrase(
    doc: Document, context: Context, starts: dict[int, tuple[Found, int]], s: int, hi: int
) -> tuple[list[tuple[Found, int, int, bool]], int]:
    """The places of the noun phrase from token ``s`` (each with its tokens and whether it
    stands in apposition to a noun of places), and the token after the phrase. A list of
    places goes on over commas and "i"/"and"."""
    places: list[tuple[Found, int, int, bool]] = []
    apposed = False
    t = s
    while t < hi:
        low = doc.tokens[t].text.lower()
        if t in starts:
            f, j = starts[t]
            places.append((f, t, j, apposed))
            t = j
            continue
        if low in _APPOSITION and t > s and place_noun(doc, t - 1):
            apposed = True
        elif not (
            low in _EN_DETERMINERS
            or low in _COORDINATORS
            or context.adjective(t) is not None
            or place_noun(doc, t)
        ):
            break
        t += 1
    return places, t


def _possessive(doc: Document, j: int) -> bool:
    """Does the name ending before token ``j`` end in "'s" ("Belarus's exports")?"""
    end = doc.tokens[j - 1].end
    return doc.text[end - 2 : end] in ("'s", "’s")


def adjective_origin(
    doc: Document,
    context: Context,
    gazetteer: Gazetteer,
    lo: int,
    hi: int,
    pred_tokens: Sequence[int],
    goods_tokens: Sequence[int],
    place_starts: Collection[int] = (),
) -> Role | None:
    """A country adjective on the goods or the trade noun: "białoruskich produktów",
    "eksport białoruskiego potażu", "Canadian potash exports", "Kazakh grain exports" —
    not one on a place ("w litewskiej Kłajpedzie przeszło…": tokens in ``place_starts``)."""
    heads = set(pred_tokens) | set(goods_tokens)
    for i in range(lo, hi):
        iso2 = context.adjective(i)
        if iso2 is None or i + 1 in place_starts or not any(0 < h - i <= 2 for h in heads):
            continue
        place = gazetteer.country(iso2)
        if place is None:
            continue
        head = min(h for h in heads if h > i)
        words = doc.text[doc.tokens[i].start : doc.tokens[head].end]
        tok = doc.tokens[i]
        return Role("from", endpoint(place, tok.text, tok.start, tok.end), words, i, i + 1, -3)
    return None
