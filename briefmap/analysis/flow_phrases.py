"""The clause-level facts a flow is read from, apart from the roles of its places: where a
sentence's clauses end, whether the predicate is negated, the kind (current, planned,
rerouted, former), the goods, and what a Polish token may be (cases, parts of speech).

Each function reads tokens ``lo:hi`` of a ``Document`` (one clause); offsets index its
text. Written so that a clause analysis (frames) can later supply the same facts.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefmap.analysis.flow_words import FlowWords
from briefmap.text.document import Document
from briefmap.text.matcher import Match

_CLAUSE_BREAKS = frozenset(
    "ale lecz jednak natomiast zaś a podczas gdy choć chociaż but while whereas however "
    "although though".split()
)
# After a comma these open a clause about the whole clause before ("…, co zwiększa jej
# zależność od Moskwy", "…, which raised Minsk's dependence on Moscow"): its places are not
# the ends of the clause before.
_COMMENT_CLAUSES = frozenset({"co", "which"})
# After a comma these open a clause whose origin is the place just named ("… do portu w
# Murmańsku, skąd popłyną do Chin"): see :func:`whence`.
_WHENCE = frozenset({"skąd", "whence", "wherefrom"})
# Words that negate a predicate: a flow the text says does not (or cannot) happen is no
# line on the map.
_NEGATIONS = frozenset("nie not never unable cannot no".split())
_CASES = frozenset({"nom", "gen", "dat", "acc", "inst", "loc", "voc"})
PL_VERB_POS = frozenset({"fin", "praet", "impt", "inf", "bedzie", "imps", "pcon", "winien"})
PL_ADJ_POS = frozenset({"adj", "adja", "ppas", "pact", "num", "adjp"})
#: Nouns of a place's own kind that a role phrase may pass through ("do portu w Murmańsku",
#: "through the port of Klaipėda"): Polish lemmas, English forms.
PL_PLACE_NOUNS = frozenset(
    "port terminal nabrzeże przejście granica miasto obwód region kraj państwo terytorium "
    "rejon okolica stacja węzeł baza magazyn rafineria zakład kombinat lotnisko rynek "
    "wybrzeże republika prowincja".split()
)
EN_PLACE_NOUNS = frozenset(
    "port ports seaport seaports terminal terminals harbour harbor harbours harbors city "
    "cities region regions oblast territory territories border station hub refinery "
    "refineries plant plants market markets coast state states country countries".split()
)
#: The nouns of a country's ports: with only a country named beside them ("rosyjskie
#: porty", "Russian terminals", "porty Łotwy"), the end is that country's ports.
PL_PORT_NOUNS = frozenset({"port", "terminal", "nabrzeże"})
EN_PORT_NOUNS = frozenset(
    "port ports seaport seaports terminal terminals harbour harbor harbours harbors".split()
)


def clauses(doc: Document, lo: int, hi: int) -> list[tuple[int, int]]:
    """Token ranges of the clauses of a sentence: split at ";", ":", a dash between spaces,
    a comma before a contrasting conjunction ("…, jednak …", "…, but …") and a comma
    before a comment on the clause ("…, co …", "…, which …")."""
    out: list[tuple[int, int]] = []
    start = lo
    text = doc.text
    for i in range(lo + 1, hi):
        gap = text[doc.tokens[i - 1].end : doc.tokens[i].start]
        low = doc.tokens[i].text.lower()
        if (
            ";" in gap
            or ":" in gap
            or " – " in gap
            or " — " in gap
            or (" - " in gap and doc.tokens[i].word == i)
            or ("," in gap and (low in _CLAUSE_BREAKS or low in _COMMENT_CLAUSES))
            or ("," in gap and whence(doc, i, hi))
        ):
            out.append((start, i))
            start = i
    out.append((start, hi))
    return out


def whence(doc: Document, lo: int, hi: int) -> bool:
    """Does the clause from token ``lo`` open with "skąd", "whence" or "from where"?"""
    low = doc.tokens[lo].text.lower()
    nxt = doc.tokens[lo + 1].text.lower() if lo + 1 < hi else ""
    return low in _WHENCE or (low, nxt) in (("from", "where"), ("from", "which"))


def negated(doc: Document, lo: int, pred_tokens: Sequence[int]) -> str:
    """The word that negates the clause's first predicate ("nie będzie mogła być
    przewożona", "was unable to export"), or ""."""
    p = pred_tokens[0]
    for i in range(max(lo, p - 4), p):
        low = doc.tokens[i].text.lower()
        after = doc.tokens[i + 1].text.lower() if i + 1 < len(doc.tokens) else ""
        before = doc.tokens[i - 1].text.lower() if i > 0 else ""
        if (low, after) == ("no", "longer") or (before, low) == ("już", "nie"):
            continue  # "no longer supplies", "już nie eksportuje": a former flow (kind)
        if no_longer(doc, i, p + 2):
            continue  # "nie są już przewożone", "nie eksportuje już": a former flow (kind)
        if low in _NEGATIONS or (not doc.polish and low.endswith("n't")):
            return doc.tokens[i].text
    return ""


def no_longer(doc: Document, i: int, hi: int) -> bool:
    """Is token ``i`` a Polish "nie" with "już" two words after it at most, before ``hi``
    ("nie są już przewożone", "nie eksportuje już": no longer)? ("już nie" is a pattern
    of flow_words.toml.)"""
    if not doc.polish or doc.tokens[i].text.lower() != "nie":
        return False
    return any(doc.tokens[k].text.lower() == "już" for k in range(i + 1, min(hi, i + 4)))


def movers_only(doc: Document, words: FlowWords, lo: int, hi: int, goods: Sequence[Match]) -> str:
    """The word that says the clause moves people, aircraft or troops and names no goods
    ("flights were diverted", "wysłano żołnierzy"), or "": such a clause is no trade flow."""
    if goods:
        return ""
    movers = words.movers["pl" if doc.polish else "en"]
    i = movers.first(doc, lo, hi)
    return doc.tokens[i].text if i >= 0 else ""


def kind(doc: Document, words: FlowWords, lo: int, hi: int) -> tuple[str, str]:
    """The kind of the clause's flow and the words that say it (see flow_words.toml)."""
    lang = "pl" if doc.polish else "en"
    found = {m.pattern.key: m for m in words.kinds[lang].match(doc, lo, hi)}
    for k in ("rerouted", "former", "planned"):
        if k in found:
            return k, ", ".join(found[k].words)
        if k == "former" and doc.polish:
            for i in range(lo, hi):
                if no_longer(doc, i, hi):
                    return "former", f"{doc.tokens[i].text} … już"
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


def commodity(
    doc: Document, words: FlowWords, goods: Sequence[Match], lo: int, hi: int
) -> tuple[str, str, str]:
    """(label in English, label in Polish, the words of the text) of the goods of the
    clause: the first commodity named, with the noun it qualifies ("soli potasowych")."""
    if not goods:
        return "", "", ""
    match = goods[0]
    first, last = match.tokens[0], match.tokens[-1]
    if (
        doc.polish
        and first > lo
        and "subst" in pos(doc, first - 1)
        and not (doc.keys(first - 1) & PL_PLACE_NOUNS)
    ):
        first -= 1  # "soli potasowych", "produktów ropopochodnych"
    if doc.polish and last + 1 < hi and "adj" in pos(doc, last + 1):
        last += 1  # "ropy naftowej"
    text = doc.text[doc.tokens[first].start : doc.tokens[last].end]
    good = words.goods[int(match.pattern.key)]
    return good.label_en, good.label_pl, text


def cases(doc: Document, i: int) -> set[str]:
    """Grammatical cases token ``i`` may be in (empty: unknown to Morfeusz)."""
    out: set[str] = set()
    for a in doc.analyses(i):
        for p in a.tag.split(":")[1:4]:
            out.update(c for c in p.split(".") if c in _CASES)
    return out


def pos(doc: Document, i: int) -> set[str]:
    """Morfeusz parts of speech token ``i`` may be (empty in English)."""
    return {a.pos for a in doc.analyses(i)}


def place_noun(doc: Document, i: int) -> bool:
    """Is token ``i`` a noun of a place's kind ("portu", "refinery")? A capital inside a
    sentence makes it a name ("Port Północny"); at its start, it says nothing ("Port w
    Gdańsku otrzymał…")."""
    if doc.polish:
        t = doc.tokens[i]
        return bool(doc.keys(i) & PL_PLACE_NOUNS) and (not t.cap or t.initial)
    return doc.tokens[i].text.lower() in EN_PLACE_NOUNS


def port_noun(doc: Document, i: int) -> bool:
    """Is token ``i`` a noun of ports or terminals ("portów", "terminals")? (A capital:
    as in :func:`place_noun`.)"""
    if doc.polish:
        t = doc.tokens[i]
        return bool(doc.keys(i) & PL_PORT_NOUNS) and (not t.cap or t.initial)
    return doc.tokens[i].text.lower() in EN_PORT_NOUNS
