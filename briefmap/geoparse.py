"""Find the places a text names or talks about.

``find_places(text, language, gazetteer)`` returns :class:`Found` records whose offsets
index ``text``. How a place is found, in order:

1. **Region adjectives** (Polish): a region noun ("obwód", "województwo") followed by
   adjectives the gazetteer knows ("w obwodzie grodzieńskim", "w obwodach niżnonowogrodzkim
   i kaliningradzkim") — one mention per adjective.
2. **Names**: the longest run of tokens starting with a capital that matches a gazetteer
   name. A Polish token answers to its Morfeusz lemmas ("Kłajpedzie" -> Kłajpeda); a word
   Morfeusz does not know ("Łudze", "Medininkach") answers to the base forms that Polish
   declension could have produced it from (:func:`base_forms`). Which words may match which
   gazetteer tier is gated by what Morfeusz says they are: a common noun, an adjective
   ("litewscy", "rosyjskich") or a person's name is never looked up in GeoNames.
3. **Cues**: a curated feature with cue lemmas is linked to every sentence that contains
   all the lemmas of one of its cues, when the places its ``cue_context`` names are named
   somewhere in the same text.

Ambiguous names are resolved by tier (curated, then CLDR, then GeoNames), then by whether
the candidate's country is named in the text, then by population; the reason is recorded
in ``evidence``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from briefmap.gazetteer import Entry, Gazetteer, token_keys
from briefmap.morphology import Analysis, analyse, fold, lemmas, tokenize
from briefmap.sentences import sentence_spans

#: Nouns that head a region named by an adjective; lemma -> accepted.
REGION_HEADS = {"obwód", "województwo", "rejon", "kraj", "okręg", "republika", "oblast"}
_TIER_RANK = {"curated": 0, "cldr": 1, "geonames": 2}
_CONFIDENCE = {"curated": 0.95, "cldr": 0.95, "geonames": 0.8}
#: Countries a brief in this project is most likely about: a weak prior in disambiguation.
REGION_OF_INTEREST = {"BY", "RU", "UA", "PL", "LT", "LV", "EE"}
_MAX_NAME_TOKENS = 5
_JOIN = re.compile(r"^(?:\s+|-|\s*-\s*)$")

# Polish case endings -> the nominative endings they may come from. Ordered longest first.
# This is the declension of nouns written down once (feminine -a, masculine hard and soft
# stems, neuter -o, plurals, Lithuanian -ai plurals), not a list of place names.
_ENDINGS: list[tuple[str, tuple[str, ...]]] = [
    ("ście", ("sta", "st")), ("dzie", ("da", "d")), ("rze", ("ra", "r")),
    ("dze", ("ga",)), ("cie", ("ta", "t")), ("nie", ("na", "n", "no")),
    ("sie", ("sa", "s")), ("zie", ("za", "z")), ("mie", ("ma", "m")),
    ("wie", ("wa", "w")), ("bie", ("ba", "b")), ("pie", ("pa", "p")), ("fie", ("fa", "f")),
    ("ach", ("ai", "y", "i", "a", "e")), ("ami", ("ai", "y", "i")), ("ów", ("ai", "y", "i", "")),
    ("om", ("ai", "y", "i")), ("owi", ("",)), ("iem", ("",)), ("em", ("", "o")),
    ("ze", ("cha", "ch")), ("ce", ("ka", "k")), ("le", ("ła", "ł", "la")),
    ("ii", ("ia",)), ("ją", ("ja",)), ("ję", ("ja",)), ("ji", ("ja",)),
    ("ą", ("a",)), ("ę", ("a",)), ("y", ("a", "")), ("i", ("a", "")),
    ("u", ("",)), ("a", ("", "o")), ("e", ("a", "o", "")), ("ie", ("a", "")),
]


@dataclass
class Found:
    """A place found in a text; ``start``/``end`` index that text."""

    start: int
    end: int
    surface: str
    place_id: str
    link: str  # "name" | "cue"
    evidence: str
    confidence: float


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    analyses: tuple[Analysis, ...]

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


def base_forms(word: str) -> list[str]:
    """Nominatives Polish declension could have turned into ``word`` (most likely first).

    Used only for words Morfeusz does not know: "Łudze" -> ["Ługa", …],
    "Medininkach" -> ["Medininkai", "Medininky", "Medininki", …]."""
    out: list[str] = []
    low = word.lower()
    for ending, bases in _ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 2:
            stem = word[: len(word) - len(ending)]
            out.extend(stem + b for b in bases)
    out.append(word)
    seen: set[str] = set()
    return [w for w in out if not (w in seen or seen.add(w))]


def _sub_tokens(text: str) -> list[_Tok]:
    """Word tokens split at hyphens, so that "Ust-Łudze" is "Ust" + "Łudze" like the
    gazetteer's "Ust-Luga"; each part analysed on its own."""
    out: list[_Tok] = []
    for t in tokenize(text):
        pos = t.start
        for part in re.split(r"([-])", t.text):
            if part and part != "-":
                out.append(_Tok(part, pos, pos + len(part), analyse(part)))
            pos += len(part)
    return out


def _adjacent(text: str, a: _Tok, b: _Tok) -> bool:
    return _JOIN.match(text[a.end : b.start]) is not None


def _is_proper(a: Analysis) -> bool:
    return a.lemma[:1].isupper() or a.is_geographic


def _first_keys(tok: _Tok, language: str) -> tuple[frozenset[str], frozenset[str]]:
    """(keys for one-word names, keys for the first word of longer names)."""
    surface = fold(tok.text)
    if language != "pl":
        k = frozenset({surface, fold(re.sub(r"['’]s$", "", tok.text))})
        return k, k
    multi = set(token_keys(tok.text))
    if tok.analyses:
        proper = {fold(a.lemma) for a in tok.analyses if _is_proper(a)}
    else:
        proper = {fold(b) for b in base_forms(tok.text)}
        multi |= proper
    return frozenset(proper), frozenset(multi)


def _next_keys(tok: _Tok, language: str) -> frozenset[str]:
    if language != "pl":
        return frozenset({fold(tok.text), fold(re.sub(r"['’]s$", "", tok.text))})
    keys = set(token_keys(tok.text))
    if not tok.analyses:
        keys |= {fold(b) for b in base_forms(tok.text)}
    return frozenset(keys)


def _gate(entry: Entry, toks: list[_Tok], language: str) -> bool:
    """May this gazetteer entry be read off these tokens? See module docstring, step 2."""
    if language != "pl":
        if entry.tier == "geonames":
            # English: GeoNames only for capitalised words that are not sentence-initial
            # function words; one-word names need 2+ letters beyond the capital.
            return all(t.cap for t in toks) and len(toks[0].text) > 3
        return True
    if any(t.text.isupper() and len(t.text) > 1 for t in toks) and entry.tier == "geonames":
        return False  # acronyms (NATO, KGB, BELTA) are organisations, not towns
    if entry.tier == "geonames":
        # A word Morfeusz knows only as a common word, adjective or person is not a town.
        return any(not t.analyses or any(a.is_geographic for a in t.analyses) for t in toks)
    if len(entry.tokens) == 1:
        t = toks[0]
        # "Polska" the country, not "polska" the adjective; unknown words may pass.
        return (not t.analyses) or any(_is_proper(a) for a in t.analyses) or t.text.isupper()
    return True


def _follows_first_name(toks: list[_Tok], i: int) -> bool:
    if i == 0:
        return False
    prev = toks[i - 1]
    return prev.cap and any("imię" in a.qualifiers for a in prev.analyses)


def find_places(
    text: str, language: str, gazetteer: Gazetteer, *, cues: bool = True
) -> list[Found]:
    """Places named in ``text`` (and, with ``cues``, sentences linked to curated features).

    Offsets index ``text``; results are sorted by ``start``."""
    toks = _sub_tokens(text)
    spans: list[tuple[int, int, list[Entry], str]] = []  # token i, j (excl), entries, how
    used = [False] * len(toks)
    found: list[Found] = []

    if language == "pl":
        found.extend(_region_adjectives(text, toks, gazetteer, used))

    i = 0
    while i < len(toks):
        tok = toks[i]
        if used[i] or not tok.cap or _follows_first_name(toks, i):
            i += 1
            continue
        one_keys, multi_keys = _first_keys(tok, language)
        best: tuple[int, list[Entry]] | None = None
        for entry in gazetteer.candidates(multi_keys | one_keys):
            n = len(entry.tokens)
            if n == 1:
                if not (entry.tokens[0] & one_keys):
                    continue
            else:
                if not (entry.tokens[0] & multi_keys) or i + n > len(toks):
                    continue
                ok = True
                for k in range(1, n):
                    a, b = toks[i + k - 1], toks[i + k]
                    if used[i + k] or not _adjacent(text, a, b):
                        ok = False
                        break
                    if not (entry.tokens[k] & _next_keys(b, language)):
                        ok = False
                        break
                if not ok:
                    continue
            if not _gate(entry, toks[i : i + n], language):
                continue
            if best is None or n > best[0]:
                best = (n, [entry])
            elif n == best[0]:
                best[1].append(entry)
        if best is None:
            i += 1
            continue
        n, entries = best
        spans.append((i, i + n, entries, "lemma" if toks[i].analyses else "declension"))
        for k in range(i, i + n):
            used[k] = True
        i += n

    context = _context_countries(spans, gazetteer)
    for i, j, entries, how in spans:
        place_id, evidence, conf = _choose(entries, gazetteer, context)
        if not toks[i].analyses and language == "pl" and entries[0].tier != "curated":
            conf = min(conf, 0.6)
        a, b = toks[i].start, toks[j - 1].end
        found.append(
            Found(a, b, text[a:b], place_id, "name", f"{how}: {evidence}", conf)
        )
    if cues:
        named = {f.place_id for f in found} | {
            gazetteer.place(f.place_id).country for f in found
        }
        found.extend(_cue_links(text, toks, gazetteer, named, found))
    found.sort(key=lambda f: (f.start, f.end))
    return found


def _region_adjectives(
    text: str, toks: list[_Tok], gazetteer: Gazetteer, used: list[bool]
) -> list[Found]:
    out: list[Found] = []
    for i, tok in enumerate(toks):
        heads = {a.lemma.lower() for a in tok.analyses if a.pos == "subst"} & REGION_HEADS
        if not heads:
            continue
        j = i + 1
        first = True
        while j < len(toks):
            t = toks[j]
            if t.text in {"i", "oraz", "lub", "albo"}:
                j += 1
                continue
            adj = [a.lemma.lower() for a in t.analyses if a.pos == "adj"]
            if not adj:
                break
            for head in heads:
                pid = next((gazetteer.adjectives.get((head, x)) for x in adj
                            if (head, x) in gazetteer.adjectives), None)
                if pid:
                    start = tok.start if first else t.start
                    out.append(Found(start, t.end, text[start : t.end], pid, "name",
                                     f"region adjective: {head} + {adj[0]}", 0.9))
                    used[j] = True
                    if first:
                        used[i] = True
                    first = False
                    break
            j += 1
    return out


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
            p.country in REGION_OF_INTEREST,
            e.name == p.name,
            math.log10(p.population + 1),
        )

    by_place: dict[str, Entry] = {}
    for e in sorted(entries, key=score, reverse=True):
        by_place.setdefault(e.place_id, e)
    ranked = list(by_place.values())
    top = ranked[0]
    p = gazetteer.place(top.place_id)
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
        why = f"{p.country} is in the region these briefs cover"
    else:
        why = f"larger population ({p.population:,} vs {other.population:,})"
    evidence = (
        f"{what}; chose {p.name} ({p.country}) over {other.name} ({other.country})"
        f"{' and ' + str(len(ranked) - 2) + ' more' if len(ranked) > 2 else ''}: {why}"
    )
    conf = _CONFIDENCE[top.tier] - (0.15 if s1[:3] == s2[:3] else 0.05)
    return top.place_id, evidence, round(conf, 2)


def _cue_links(
    text: str, toks: list[_Tok], gazetteer: Gazetteer, named: set[str], found: list[Found]
) -> list[Found]:
    out: list[Found] = []
    if not gazetteer.cue_places:
        return out
    by_sentence: dict[tuple[int, int], list[_Tok]] = {}
    spans = sentence_spans(text)
    k = 0
    for s in spans:
        while k < len(toks) and toks[k].start < s[0]:
            k += 1
        j = k
        while j < len(toks) and toks[j].end <= s[1]:
            j += 1
        by_sentence[s] = toks[k:j]
    for (s, e), stoks in by_sentence.items():
        lemma_at: dict[str, _Tok] = {}
        for t in stoks:
            for lem in lemmas(t.text):
                lemma_at.setdefault(lem, t)
        named_here = {f.place_id for f in found if s <= f.start < e}
        for place in gazetteer.cue_places:
            if place.id in named_here:
                continue
            ctx = place.attrs.get("cue_context") or []
            if not all(c in named for c in ctx):
                continue
            for cue in place.cues:
                if all(c in lemma_at for c in cue):
                    first = min((lemma_at[c] for c in cue), key=lambda t: t.start)
                    words = ", ".join(lemma_at[c].text for c in cue)
                    ctx_note = f"; context: {', '.join(ctx)} named in the text" if ctx else ""
                    out.append(Found(first.start, first.end, first.text, place.id, "cue",
                                     f"cue lemmas {' + '.join(cue)} ({words}){ctx_note}", 0.7))
                    break
    return out
