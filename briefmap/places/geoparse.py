"""Find the places a text names or talks about.

``find_places(text, language, gazetteer)`` returns :class:`Found` records whose offsets
index ``text``. How a place is found, in order:

1. **Region adjectives** (Polish): a region noun ("obwód", "województwo") followed by
   adjectives the gazetteer knows ("w obwodzie grodzieńskim", "w obwodach niżnonowogrodzkim
   i kaliningradzkim") — one mention per adjective.
2. **Names**: the longest run of tokens starting with a capital that matches a gazetteer
   name. A Polish token answers to its Morfeusz lemmas ("Kłajpedzie" -> Kłajpeda); a word
   Morfeusz does not know ("Łudze", "Medininkach") answers to the base forms that Polish
   declension could have produced it from (:func:`base_forms`); an abbreviation with its
   full stop answers to the words Morfeusz expands it to ("W. Brytanii", "Irlandii Płn.").
   A name in another language than the text's must be written exactly as in the gazetteer
   (an English "Asia" is not a declined Polish "Asii"). Which words may match which tier
   is gated by what Morfeusz says they are: a common noun, an adjective ("litewscy",
   "rosyjskich"), a first name or a surname is never looked up in GeoNames, nor is an
   acronym or a common word whose capital only marks the start of a sentence ("Obie").
3. **Context**: a name found inside a longer capitalised name is dropped when that name is
   something else —
   * a person: two or more adjacent capitalised words that are first names, surnames or
     words Morfeusz does not know ("Theresa May", "Asia Bibi", "Nigel Farage", "Daily
     Telegraph"), unless a gazetteer name covers them all ("Ust-Łudze");
   * an organisation: a name that starts with a capitalised common word ("Partii Pracy",
     "Uniwersytecie Cambridge", "Bank Anglii"), or a capitalised common noun that is also
     a place ("Unii Europejskiej": Morfeusz has both "unia" and a village "Unia");
   * a word glued to another by a full stop ("Leave.EU").
   Such words stay non-places in the whole text: "Bibi" after "Asia Bibi", "Unii" after
   "Unii Europejskiej" (unless a curated or CLDR name says otherwise).

Cue links (sentences about a curated feature they do not name) are ``briefmap.analysis.cues``'.

Ambiguous names are resolved by tier (curated, then CLDR, then GeoNames), then by whether
the candidate's country is named in the text, then by population (an order of magnitude
outweighs an exact spelling and the project's region of interest); the reason is recorded
in ``evidence``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from briefmap.model import Place
from briefmap.places.gazetteer import Entry, Gazetteer, token_keys
from briefmap.places.region import REGION_COUNTRIES
from briefmap.shipped import GEODATA_DIR
from briefmap.text.document import Document
from briefmap.text.morphology import Analysis, abbreviation_lemmas, analyse, fold

#: Nouns that head a region named by an adjective; lemma -> accepted.
REGION_HEADS = {
    "obwód",
    "województwo",
    "rejon",
    "kraj",
    "okręg",
    "republika",
    "oblast",
    "państwo",  # "państwa bałtyckie"
}
#: Capitalised common nouns that start a place's own name ("Republiką Irlandii", "Morze
#: Północne"), not an organisation's.
PLACE_HEADS = REGION_HEADS | {
    "królestwo",
    "księstwo",
    "federacja",
    "stan",
    "emirat",
    "wyspa",
    "morze",
    "ocean",
    "zatoka",
    "kanał",
    "cieśnina",
    "półwysep",
    "góra",
    "jezioro",
    "prowincja",
    "region",
    "hrabstwo",
    "terytorium",
    "dystrykt",
    "miasto",
    "ziemia",
    "kraina",
    "archipelag",
}
# How every form of a region head begins ("obwodzie", "województw"): a cheap first test.
_HEAD_PREFIXES = (
    "obwod",
    "obwód",
    "wojew",
    "rejon",
    "kraj",
    "okręg",
    "okreg",
    "republi",
    "oblast",
    "państw",
)
_TIER_RANK = {"curated": 0, "cldr": 1, "geonames": 2}
_CITY = 100_000  # population from which GeoNames calls a place a city (gazetteer.place)
_CONFIDENCE = {"curated": 0.95, "cldr": 0.95, "geonames": 0.8}
#: Countries a brief in this project is most likely about: a weak prior in disambiguation.
# Between the words of one name: a space, a hyphen, or the dash or slash of a pair of names
# ("Soleczniki – Bieniakonie", "Kuźnica/Bruzgi": a border crossing named by both sides).
_JOIN = re.compile(r"^(?:\s+|\s*[-–/]\s*)$")
_RUN_JOIN = re.compile(r"^(?:[ \t]+|-|[ \t]*-[ \t]*)$")  # a capitalised name: one line
# Before a word whose capital says nothing: the start of a text, sentence or quotation.
_OPENERS = set('.!?…:;"„”“«»()[]–—-•*/')
# Words that join the parts of an English or Romance name ("Bank of America").
# Not "a", "to", "on": Polish words too ("między Londynem a Brukselą").
_CONNECTORS = {
    "of",
    "for",
    "the",
    "and",
    "in",
    "at",
    "upon",
    "de",
    "del",
    "la",
    "le",
    "du",
    "des",
    "der",
    "von",
    "van",
    "da",
    "di",
}
# Parts of speech of a common word that can be part of a name ("Bank", "Polskie Radio").
_ORG_POS = {"subst", "adj", "ger", "ppas", "pact"}
# Lemmas of readings that are not common words even though lower-case ("w" brev etc.).
_PROPER_QUALS = {"nazwa_geograficzna", "imię", "nazwisko", "nazwa_organizacji"}

# Polish case endings -> the nominative endings they may come from. Ordered longest first.
# This is the declension of nouns written down once (feminine -a, masculine hard and soft
# stems, neuter -o, plurals, Lithuanian -ai plurals), not a list of place names.
# fmt: off
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
# fmt: on


@dataclass(slots=True)
class Found:
    """A place found in a text; ``start``/``end`` and ``marks`` index that text.

    ``marks`` are the spans a reader should see highlighted when they are not just
    ``start:end``: for a cue link, the words that anchor it (the region, the countries)."""

    start: int
    end: int
    surface: str
    place_id: str
    link: str  # "name" | "cue"
    evidence: str
    confidence: float
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class _Word:
    """What a word form is, worked out once per form and language."""

    analyses: tuple[Analysis, ...] = ()
    unknown: bool = False  # no reading, or only fragments of foreign names ("Street")
    geo: frozenset[str] = frozenset()  # folded lemmas of its geographic readings
    namish: bool = False  # may be part of a person's or a foreign name (see _name_spans)
    first_name: bool = False  # has a first-name reading ("Jan", "Asia")
    person: bool = False  # has a first-name or surname reading
    homonym: bool = False  # a common noun or first name spelt like a place ("Unii", "Anna")
    functional: bool = False  # a common word other than a noun ("Obie", "Nowe", "Polska")
    not_a_plural_place: bool = False  # "Hiszpanie", "Polskie": a plural the place lacks
    org_head: bool = False  # a common word, not a place or first name: part of a name
    acronym: bool = False  # "NATO", "PiS"
    one: frozenset[str] = frozenset()  # keys it gives a one-word name
    multi: frozenset[str] = frozenset()  # keys as the first word of a longer name
    nxt: frozenset[str] = frozenset()  # keys as a later word of a longer name
    exact: frozenset[str] = frozenset()  # its folded spelling, for names in another language
    heads: frozenset[str] = frozenset()  # region-head lemmas ("obwodzie" -> obwód)
    adjs: tuple[str, ...] = ()  # adjective lemmas


class _Tok:
    """A word of the text; what the word is (``w``) is looked up on first use, since most
    lower-case words are never looked at."""

    __slots__ = ("_w", "abbrev", "cap", "end", "initial", "lang", "start", "text")

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        lang: str,
        w: _Word | None = None,
        abbrev: bool = False,
    ) -> None:
        self.text, self.start, self.end, self.lang = text, start, end, lang
        self.cap = text[:1].isupper()
        self.initial = False  # its capital says nothing: first word of a sentence or quote
        self.abbrev = abbrev  # an abbreviation with its full stop: "W.", "Wlk.", "Płn."
        self._w = w

    @property
    def w(self) -> _Word:
        if self._w is None:
            self._w = _word(self.text, self.lang)
        return self._w

    @property
    def analyses(self) -> tuple[Analysis, ...]:
        return self.w.analyses


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


def _is_proper(a: Analysis) -> bool:
    return a.lemma[:1].isupper() or a.is_geographic


def _is_acronym(text: str) -> bool:
    return len(text) > 1 and (text.isupper() or any(c.isupper() for c in text[1:]))


@lru_cache(maxsize=200_000)
def _word(form: str, language: str) -> _Word:
    exact = frozenset({fold(form), fold(re.sub(r"['’]s$", "", form))})
    if language != "pl":
        return _Word(
            unknown=True,
            namish=True,
            acronym=_is_acronym(form),
            one=exact,
            multi=exact,
            nxt=exact,
            exact=exact,
        )
    analyses = analyse(form)
    real = [a for a in analyses if a.pos != "frag"]
    unknown = not real
    geo = frozenset(fold(a.lemma) for a in real if a.is_geographic)
    first_name = any("imię" in a.qualifiers for a in real)
    person = any(a.is_person_name for a in real)
    common = [a for a in real if not _is_proper(a) and not set(a.qualifiers) & _PROPER_QUALS]
    # a common noun ("unia", "lublin") or a first name ("Anna") spelt like a place; a word
    # Morfeusz knows only as a surname ("Dubaj", "Hull") may be a place of that name too
    homonym = (
        any(a.pos == "subst" and fold(a.lemma) in geo for a in common)
        or any("imię" in a.qualifiers and fold(a.lemma) in geo for a in real)
        or (person and not geo and not common and not first_name)
    )
    functional = any(a.pos not in {"subst", "depr", "brev", "ger"} for a in common)
    # The plural of a singular place name ("Hiszpanie", "Polskie") next to a reading that
    # is a person noun or an adjective: the people or the adjective, not the place.
    geo_tags = [a.tag.split(":") for a in real if a.is_geographic]
    plural_only = bool(geo_tags) and all(t[1] == "pl" and "pt" not in t for t in geo_tags)
    other = any(a.pos == "adj" for a in common) or any(
        a.pos == "subst" and ":m1" in a.tag and "nazwa_pospolita" in a.qualifiers for a in real
    )
    if unknown:
        one = frozenset(fold(b) for b in base_forms(form))
        multi = nxt = frozenset(token_keys(form) | one)
    else:
        # A one-word name is read off a geographic reading; off another proper name
        # ("Dubaj", a surname to Morfeusz) only when the word has no other kind of reading.
        one = geo or frozenset(
            fold(a.lemma)
            for a in real
            if not common
            and a.lemma[:1].isupper()
            and "imię" not in a.qualifiers
            and "nazwa_organizacji" not in a.qualifiers
        )
        multi = nxt = token_keys(form)
        if form[:1].isupper():
            # A later word of a longer name may be inflected where Morfeusz reads the word
            # as something else ("Ust-Ługi": "ługi" is lye to Morfeusz).
            nxt = nxt | frozenset(fold(b) for b in base_forms(form))
    if unknown and form[:1].isupper():
        # …or be an adjective Morfeusz does not know ("Wyspach Alandzkich" -> "Wyspy
        # Alandzkie"): the adjective declension, written once.
        nxt = nxt | frozenset(fold(b) for b in adjective_bases(form))
    return _Word(
        analyses=analyses,
        unknown=unknown,
        geo=geo,
        # Surnames that are also common words ("Krupa", "Ponieważ") count only after a
        # first name (see _name_spans).
        namish=unknown or first_name or (person and not geo and not common),
        first_name=first_name,
        person=person,
        homonym=homonym,
        functional=functional,
        not_a_plural_place=plural_only and other,
        org_head=not geo and not first_name and any(a.pos in _ORG_POS for a in common),
        acronym=_is_acronym(form),
        one=one,
        multi=multi,
        nxt=nxt,
        exact=exact,
        heads=frozenset(a.lemma.lower() for a in real if a.pos == "subst") & REGION_HEADS,
        adjs=tuple(dict.fromkeys(a.lemma.lower() for a in real if a.pos == "adj"))
        or _adjective_lemma(form),
    )


_ADJ_DECLENSION = re.compile(
    r"^(\w+?(?:sk|ck|dzk|cz|rz|ow|ew|in|yn|n))"
    r"(?:iego|iemu|imi|ich|iej|ego|emu|ymi|ych|ej|im|ym|ie|ą|a|e|i|y)$",
    re.IGNORECASE,
)


def adjective_bases(word: str) -> list[str]:
    """Nominatives (masculine, feminine, neuter and plural) an adjective of the usual
    declension could have been inflected from: "Alandzkich" -> ["Alandzki", "Alandzka",
    "Alandzkie", …]. Empty when the word does not end like an adjective."""
    m = _ADJ_DECLENSION.match(word)
    if not m:
        return []
    stem = m.group(1)
    soft = stem.lower().endswith(("k", "g"))  # -ki/-kie after k, g; -y/-e elsewhere
    return [stem + e for e in (("i", "a", "ie") if soft else ("y", "a", "e", "i"))]


_ADJ_ENDING = re.compile(r"^(\w+?(?:sk|ck|dzk))(?:i|iego|iemu|im|a|iej|ą|ie|ich|imi)$")


def _adjective_lemma(form: str) -> tuple[str, ...]:
    """The masculine lemma of a lower-case relational adjective Morfeusz does not know
    ("briańskim" -> "briański"): the adjective declension, written once."""
    m = _ADJ_ENDING.match(form)
    return (m.group(1) + "i",) if m and form.islower() else ()


@lru_cache(maxsize=20_000)
def _abbreviation(form: str, language: str) -> _Word | None:
    """The word an abbreviation stands for, as a later word of a name ("Wlk." -> wielki)."""
    if language != "pl":
        return None
    keys = frozenset(fold(x) for x in abbreviation_lemmas(form))
    if not keys:
        return None
    return _Word(multi=keys, nxt=keys)


def _tokens(doc: Document) -> list[_Tok]:
    """The document's tokens (hyphenated words split into parts, so that "Ust-Łudze" is
    "Ust" + "Łudze" like the gazetteer's "Ust-Luga"; an abbreviation with its full stop as
    one token), each with what the geoparser makes of its word form."""
    lang = doc.language
    out: list[_Tok] = []
    for t in doc.tokens:
        ab = _abbreviation(t.text[:-1], lang) if t.abbrev else None
        tok = _Tok(t.text, t.start, t.end, lang, ab, abbrev=ab is not None)
        tok.initial = t.initial
        out.append(tok)
    return out


def _adjacent(text: str, a: _Tok, b: _Tok) -> bool:
    gap = text[a.end : b.start]
    return _JOIN.match(gap) is not None or (a.abbrev and not gap.strip())


def _runs(text: str, toks: list[_Tok]) -> list[tuple[int, int]]:
    """Maximal runs ``(i, j)`` of adjacent capitalised tokens on one line."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if not toks[i].cap:
            i += 1
            continue
        j = i + 1
        while j < len(toks) and toks[j].cap:
            a, b = toks[j - 1], toks[j]
            gap = text[a.end : b.start]
            if not (_RUN_JOIN.match(gap) or (a.abbrev and not gap.strip())):
                break
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _name_spans(toks: list[_Tok], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans ``(i, j)`` of two or more adjacent capitalised words that are first names,
    surnames or unknown words: a person ("Theresa May", "Asia Bibi", "Jan Buczek" — a
    surname next to a first name even if a village has it too) or a foreign name ("Nigel
    Farage", "Daily Telegraph")."""
    out: list[tuple[int, int]] = []
    for i, j in runs:
        namish = [toks[k].w.namish and not toks[k].abbrev for k in range(i, j)]
        for k in range(i, j - 1):
            # the surname follows the first name
            if toks[k].w.first_name and not toks[k].abbrev and toks[k + 1].w.person:
                namish[k + 1 - i] = True
        k = 0
        while k < j - i:
            if not namish[k]:
                k += 1
                continue
            m = k + 1
            while m < j - i and namish[m]:
                m += 1
            if m - k >= 2:
                out.append((i + k, i + m))
            k = m
    return out


def _name_keys_of(tok: _Tok) -> set[str]:
    """Keys under which a word seen in a person's name is recognised again in the text."""
    keys = {fold(tok.text)}
    if tok.w.unknown:
        keys |= tok.w.one
    else:
        keys |= {fold(a.lemma) for a in tok.w.analyses if a.is_person_name}
    return keys


def _candidates(
    gazetteer: Gazetteer, tok: _Tok, language: str
) -> tuple[list[Entry], dict[str, list[Entry]]]:
    """(one-word entries, longer entries by the keys of their second word) this token may
    start."""
    key = ("cand", tok.text, tok.abbrev, language)
    got = gazetteer.memo.get(key)
    if got is None:
        w = tok.w
        singles: list[Entry] = []
        multis: list[Entry] = []
        for e in gazetteer.candidates(w.one | w.multi | w.exact):
            foreign = e.lang not in ("", language)
            if len(e.tokens) == 1:
                if e.tokens[0] & (w.exact if foreign else w.one):
                    singles.append(e)
            elif e.tokens[0] & (w.exact if foreign else w.multi):
                multis.append(e)
        # longer entries by the keys their second word accepts, longest first
        by_second: dict[str, list[Entry]] = {}
        for e in sorted(multis, key=lambda e: -len(e.tokens)):
            for k2 in e.tokens[1]:
                by_second.setdefault(k2, []).append(e)
        got = gazetteer.memo[key] = (singles, by_second)
    return got  # type: ignore[return-value]


def _single_entries(
    gazetteer: Gazetteer, tok: _Tok, singles: list[Entry], language: str
) -> list[Entry]:
    """The one-word entries ``tok`` may be read as (see :func:`_gate`). What decides is the
    word form, its capital's position and whether it is an abbreviation: worked out once
    per such word, since a text repeats its names."""
    key = ("ones", tok.text, tok.initial, tok.abbrev, language)
    got = gazetteer.memo.get(key)
    if got is None:
        ones = [e for e in singles if _gate(e, [tok], language)]
        if tok.w.homonym and language == "pl":
            # "Unia"/"unia", "Praca"/"praca": a common noun that is also a town is a place
            # through the curated and CLDR tiers, or GeoNames when it is a city
            # ("Lublin"/"lublin"); never at a sentence start, where its capital is moot.
            ones = [
                e
                for e in ones
                if e.tier != "geonames"
                or (not tok.initial and gazetteer.place(e.place_id).population >= _CITY)
            ]
        got = gazetteer.memo[key] = ones
    return got  # type: ignore[return-value]


def _gate(entry: Entry, toks: list[_Tok], language: str) -> bool:
    """May this gazetteer entry be read off these tokens? See module docstring, step 2."""
    if language != "pl":
        if entry.tier == "geonames":
            # English: GeoNames only for capitalised words that are not sentence-initial
            # function words; one-word names need 2+ letters beyond the capital.
            return all(t.cap for t in toks) and len(toks[0].text) > 3
        return True
    if entry.tier == "geonames" and any(t.w.acronym for t in toks):
        return False  # acronyms (NATO, KGB, BELTA, PiS) are organisations, not towns
    if len(toks) > 1:
        if entry.tier == "geonames":
            # A word Morfeusz knows only as a common word, adjective or person is not a town.
            return any(t.w.unknown or t.w.geo for t in toks)
        return True
    t = toks[0]
    if t.abbrev or t.w.not_a_plural_place:
        return False
    if entry.tier == "geonames":
        if not (t.w.unknown or t.w.geo or t.w.homonym):
            return False
        # "Obie decyzje": at a sentence start the capital does not make "obie" the Ob.
        return not (t.initial and t.w.functional)
    return True


def _head_of_longer_name(text: str, toks: list[_Tok], i: int) -> bool:
    """Is token ``i`` a place noun ("Wyspy", "Morze") heading a longer name that goes on with
    a capitalised word, as the words of a Polish geographic name are ("Wyspach Kurylskich",
    "Morzu Czarnym")? Then a one-word name it matches alone (the alias "Wyspy" for Britain)
    is not what it means."""
    if i + 1 >= len(toks) or not _place_head(toks[i]):
        return False
    nxt = toks[i + 1]
    return nxt.cap and not nxt.initial and _adjacent(text, toks[i], nxt)


def _glued(text: str, tok: _Tok) -> bool:
    """A word joined to the next by a full stop without a space: "Leave.EU", "gov.uk"."""
    e = tok.end
    return e + 1 < len(text) and text[e] == "." and text[e + 1].isalpha()


def places_in(text: str, language: str, gazetteer: Gazetteer) -> list[Found]:
    """:func:`find_places` of a text given alone (offsets index ``text``)."""
    return find_places(Document(text, language), gazetteer)


def find_places(doc: Document, gazetteer: Gazetteer) -> list[Found]:
    """Places named in ``doc`` (by name or region adjective; cue links are
    ``briefmap.analysis.cues``'). Offsets index ``doc.text``; results are sorted by ``start``."""
    text, language = doc.text, doc.language
    toks = _tokens(doc)
    spans: list[tuple[int, int, list[Entry], str]] = []  # token i, j (excl), entries, how
    used = [False] * len(toks)
    adjacent: list[bool | None] = [None] * len(toks)  # token i joined to token i - 1
    found: list[Found] = []

    if language == "pl":
        found.extend(_region_adjectives(text, toks, gazetteer, used))

    i = 0
    while i < len(toks):
        tok = toks[i]
        if used[i] or not tok.cap:
            i += 1
            continue
        singles, by_second = _candidates(gazetteer, tok, language)
        best: tuple[int, list[Entry]] | None = None
        multis: list[Entry] = []
        if by_second and i + 1 < len(toks) and not used[i + 1]:
            nxt = toks[i + 1].w
            seen: set[int] = set()
            for k2 in nxt.nxt | nxt.exact:
                for e in by_second.get(k2, ()):
                    if id(e) not in seen:
                        seen.add(id(e))
                        multis.append(e)
            if len(multis) > 1:
                multis.sort(key=lambda e: -len(e.tokens))
        for entry in multis:
            n = len(entry.tokens)
            if best is not None and n < best[0]:
                break
            if i + n > len(toks):
                continue
            foreign = entry.lang not in ("", language)
            ok = True
            for k in range(1, n):
                b = toks[i + k]
                if used[i + k] or not (entry.tokens[k] & (b.w.exact if foreign else b.w.nxt)):
                    ok = False
                    break
                if adjacent[i + k] is None:
                    adjacent[i + k] = _adjacent(text, toks[i + k - 1], b)
                if not adjacent[i + k]:
                    ok = False
                    break
            if ok and _gate(entry, toks[i : i + n], language):
                if best is None:
                    best = (n, [entry])
                else:
                    best[1].append(entry)
        if best is None:
            ones = _single_entries(gazetteer, tok, singles, language)
            if ones:
                best = (1, ones)
        if best is None:
            i += 1
            continue
        n, entries = best
        how_key = ("how", id(entries[0]), *(t.text for t in toks[i : i + n]))
        how = gazetteer.memo.get(how_key)
        if how is None:
            how = gazetteer.memo[how_key] = _how(entries[0], toks[i : i + n])
        spans.append((i, i + n, entries, how))
        for k in range(i, i + n):
            used[k] = True
        i += n

    if language == "pl":
        spans = _in_context(text, toks, spans, language)
    else:
        spans = _english_context(doc, toks, spans, gazetteer)

    context = _context_countries(spans, gazetteer)
    choices: dict[tuple[int, ...], tuple[str, str, float]] = {}
    for i, j, entries, how in spans:
        if j - i == 1 and toks[i].w.unknown and language == "pl":
            # A word Morfeusz does not know may be any foreign word ("Dawn", "Union"): as a
            # GeoNames town it needs its country named in the text, unless it is a city.
            entries = [
                e
                for e in entries
                if e.tier != "geonames"
                or gazetteer.place(e.place_id).population >= _CITY
                or gazetteer.place(e.place_id).country in context
            ]
            if not entries:
                continue
        key = tuple(id(e) for e in entries)  # a text repeats its names: choose once each
        chosen = choices.get(key)
        if chosen is None:
            chosen = choices[key] = _choose(entries, gazetteer, context)
        place_id, evidence, conf = chosen
        if toks[i].w.unknown and language == "pl" and entries[0].tier != "curated":
            conf = min(conf, 0.6)
        a, b = toks[i].start, toks[j - 1].end
        found.append(Found(a, b, text[a:b], place_id, "name", f"{how}: {evidence}", conf))
    found.sort(key=lambda f: (f.start, f.end))
    return found


def _place_head(tok: _Tok) -> bool:
    return any(a.lemma.lower() in PLACE_HEADS for a in tok.w.analyses if a.pos == "subst")


def _org_word(tok: _Tok) -> bool:
    """A capitalised common word in mid-sentence: part of an organisation's, an event's or a
    title's name ("Partii", "Uniwersytecie", "Agencja", "Narodzenia", "Post")."""
    return (
        tok.w.org_head
        and not tok.w.geo
        and not tok.initial
        and not tok.abbrev
        and not tok.w.acronym
        and not tok.w.heads
        and not _place_head(tok)
    )


def _foreign(entries: list[Entry], language: str) -> bool:
    """Only GeoNames or other-language names: a word that may be part of a foreign name."""
    return all(e.tier == "geonames" or e.lang not in ("", language) for e in entries)


def _connected(text: str, toks: list[_Tok], i: int, j: int) -> bool:
    """Is tokens ``i:j`` joined to a capitalised word by an English or Romance connector
    ("Bank of America", "Best for Britain", "UK in a Changing Europe")?"""
    for k, step in ((i - 1, -1), (j, 1)):
        seen = 0
        while 0 <= k < len(toks) and toks[k].text in _CONNECTORS and seen < 2:
            a, b = (toks[k], toks[k - step]) if step < 0 else (toks[k - step], toks[k])
            if not _RUN_JOIN.match(text[a.end : b.start]):
                break
            seen += 1
            k += step
        if seen and 0 <= k < len(toks) and toks[k].cap:
            a, b = (toks[k], toks[k - step]) if step < 0 else (toks[k - step], toks[k])
            if _RUN_JOIN.match(text[a.end : b.start]):
                return True
    return False


def _in_context(text, toks, spans, language):
    """Drop the names that are part of a longer capitalised name of something else, and the
    words of such names wherever else they occur. See module docstring, step 3."""
    runs = _runs(text, toks)
    run_of: list[tuple[int, int] | None] = [None] * len(toks)
    for r in runs:
        for k in range(r[0], r[1]):
            run_of[k] = r
    covered = [-1] * len(toks)  # index of the span covering a token
    for n, (i, j, _e, _h) in enumerate(spans):
        for k in range(i, j):
            covered[k] = n
    names = [
        (i, j)
        for i, j in _name_spans(toks, runs)
        if not any(
            covered[k] >= 0 and spans[covered[k]][0] <= i and j <= spans[covered[k]][1]
            for k in range(i, j)
        )
    ]
    in_name = [False] * len(toks)
    blocked: set[str] = set()
    for i, j in names:
        for k in range(i, j):
            in_name[k] = True
            if not toks[k].w.acronym:
                blocked |= _name_keys_of(toks[k])

    # "Unii Europejskiej", "Partii Pracy": a common noun that is also a town, inside a
    # longer capitalised name, is that name's word (here and in the rest of the text).
    homonyms: set[str] = set()
    for a, b in runs:
        if b - a > 1:
            for k in range(a, b):
                if toks[k].w.homonym and not (
                    covered[k] >= 0 and spans[covered[k]][1] - spans[covered[k]][0] > 1
                ):
                    homonyms |= toks[k].w.geo

    out = []
    for i, j, entries, how in spans:
        if j - i == 1 and toks[i].w.homonym and toks[i].w.geo & homonyms:
            entries = [e for e in entries if e.tier != "geonames"]
            if not entries:
                continue
        if any(in_name[k] for k in range(i, j)):
            continue  # part of a person's or a foreign name: "Theresa May", "Nigel Farage"
        t = toks[i]
        # Read off a foreign spelling ("Cambridge", "Britain"), not off a Polish form of a
        # place ("Paryża", "Londynie"): may be a word of a foreign name.
        weak = _foreign(entries, language) and (
            not any(toks[k].w.geo for k in range(i, j))
            or any(fold(text[t.start : toks[j - 1].end]) == fold(e.name) for e in entries)
        )
        if j - i == 1:
            if _glued(text, t):
                continue  # "Leave.EU"
            if _head_of_longer_name(text, toks, i):
                continue  # "Wyspach" of "Wyspach Kurylskich" is not the alias for Britain
            # "Bibi" after "Asia Bibi": a name word stays a name word in the whole text.
            if (
                t.w.namish
                and not t.w.acronym
                and _name_keys_of(t) & blocked
                and (weak or not t.w.geo)
            ):
                continue
        r = run_of[i] or (i, j)
        before = [k for k in range(r[0], i) if covered[k] < 0 and not in_name[k]]
        after = [k for k in range(j, r[1]) if covered[k] < 0 and not in_name[k]]
        if any(_org_word(toks[k]) for k in before):
            continue  # "Partii Niepodległości Wielkiej Brytanii", "Bank Anglii"
        if (weak or toks[j - 1].w.functional) and any(_org_word(toks[k]) for k in after):
            continue  # "Polska Agencja Prasowa", "Bożego Narodzenia", "Washington Post"
        if weak and (
            # a foreign name ending in a place name: "Wizz Air UK", "BBC Scotland"
            any((toks[k].w.unknown or toks[k].w.acronym) and covered[k] < 0 for k in range(r[0], i))
            or any(toks[k].w.unknown and not toks[k].w.acronym for k in after)
            or _connected(text, toks, i, j)
        ):
            continue  # "Cambridge Analytica", "Wizz Air UK", "Bank of America"
        out.append((i, j, entries, how))
    return out


def _region_adjectives(
    text: str, toks: list[_Tok], gazetteer: Gazetteer, used: list[bool]
) -> list[Found]:
    out: list[Found] = []
    if not gazetteer.adjectives:
        return out
    for i, tok in enumerate(toks):
        if not tok.text.lower().startswith(_HEAD_PREFIXES):
            continue
        heads = tok.w.heads
        if not heads:
            continue
        j = i + 1
        first = True
        while j < len(toks):
            t = toks[j]
            if t.text in {"i", "oraz", "lub", "albo"}:
                j += 1
                continue
            adj = t.w.adjs
            last = t
            if j + 1 < len(toks) and text[t.end : toks[j + 1].start] == "-":
                # "warmińsko-mazurskim": the compound's lemma is the first part as written
                # plus the lemma of the last part.
                last = toks[j + 1]
                adj = tuple(f"{t.text.lower()}-{x}" for x in last.w.adjs)
                j += 1
            if not adj:
                break
            for head in heads:
                pid = next(
                    (
                        gazetteer.adjectives.get((head, x))
                        for x in adj
                        if (head, x) in gazetteer.adjectives
                    ),
                    None,
                )
                if pid:
                    start = tok.start if first else t.start
                    out.append(
                        Found(
                            start,
                            last.end,
                            text[start : last.end],
                            pid,
                            "name",
                            f"region adjective: {head} + {adj[0]}",
                            0.9,
                        )
                    )
                    used[j] = True
                    if first:
                        used[i] = True
                    first = False
                    break
            j += 1
    return out


# English has no morphology here: what a capitalised word is must come from its company.
_EN_LOCATIVES = frozenset(
    [
        "in",
        "at",
        "near",
        "from",
        "to",
        "via",
        "through",
        "outside",
        "around",
        "across",
        "into",
        "towards",
        "toward",
        "of",
    ]
)
_SMALL_TOWN = 15_000


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """Month and weekday names (wide and abbreviated) in English and Polish, folded, from
    CLDR: "March", "August", "May", "Sunday" are never towns."""
    from babel.dates import get_day_names, get_month_names

    out: set[str] = set()
    for locale in ("en", "pl"):
        for width in ("wide", "abbreviated"):
            for ctx in ("format", "stand-alone"):
                out |= {fold(n) for n in get_month_names(width, ctx, locale).values()}
                out |= {fold(n) for n in get_day_names(width, ctx, locale).values()}
    return frozenset(w.rstrip(".") for w in out)


COMMON_WORDS_PATH = GEODATA_DIR / "english_common_words.txt"


@lru_cache(maxsize=1)
def english_common_words() -> frozenset[str]:
    """Common English words that are also the name of some GeoNames town ("energy", "over",
    "reading", "nice"): ``geodata/english_common_words.txt`` (see its header)."""
    try:
        lines = COMMON_WORDS_PATH.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _english_context(doc: Document, toks: list[_Tok], spans, gazetteer: Gazetteer):
    """English: which GeoNames towns a capitalised word may be. Curated and CLDR names are
    kept; a GeoNames reading is dropped when the word is

    * a month or weekday ("March", "August"), or a country adjective ("Canadian");
    * one word of a longer capitalised name that is not itself a place: a person
      ("Alexander Lukashenko"), an organisation ("Energy Ministry", "Department of Energy");
    * a common English word at the start of a sentence ("Over the summer", "Reading the…");
    * a town (not a city of 100,000+) whose country the text does not name, or that is also
      a common English word ("Energy", "Central"); a very small town (under 15,000) needs
      its country named in the same sentence and a locative word before it ("in", "at",
      "near", "from"…)."""
    text = doc.text
    calendar = _calendar_words()
    common = english_common_words()
    adjectives = gazetteer.country_adjectives.get("en", {})
    runs = _runs(text, toks)
    run_of: dict[int, tuple[int, int]] = {}
    for r in runs:
        for k in range(r[0], r[1]):
            run_of[k] = r
    country_spans = _context_countries(spans, gazetteer)
    sentence_countries: dict[int | None, set[str]] = {}
    for i, _j, entries, _how in spans:
        ids = {e.place_id for e in entries if e.tier != "geonames"}
        if len(ids) == 1:
            p = gazetteer.place(next(iter(ids)))
            if p.country:
                sentence_countries.setdefault(doc.sentence_at(toks[i].start), set()).add(p.country)
    out = []
    for i, j, entries, how in spans:
        words = [fold(toks[k].text) for k in range(i, j)]
        keep_gn = True
        if j - i == 1:
            t = toks[i]
            w = words[0]
            r = run_of.get(i, (i, j))
            if w in calendar or t.text.lower() in adjectives:
                keep_gn = False
            elif r[1] - r[0] > 1 or _connected(text, toks, i, j):
                keep_gn = False  # "Alexander Lukashenko", "Energy Ministry"
            elif t.initial and w in common:
                keep_gn = False  # "Over the summer", "Reading the report"
        if keep_gn:
            here = sentence_countries.get(doc.sentence_at(toks[i].start), set())
            before = toks[i - 1].text.lower() if i > 0 else ""
            one_common = j - i == 1 and words[0] in common
            entries = [
                e
                for e in entries
                if e.tier != "geonames"
                or _english_town_ok(
                    gazetteer.place(e.place_id), one_common, country_spans, here, before
                )
            ]
        else:
            entries = [e for e in entries if e.tier != "geonames"]
        if entries:
            out.append((i, j, entries, how))
    return out


def _english_town_ok(
    p: Place, common: bool, in_text: set[str], in_sentence: set[str], before: str
) -> bool:
    """May an English capitalised word be the GeoNames place ``p``? See
    :func:`_english_context`."""
    if p.population >= _CITY:
        return True
    if p.country not in in_text or common:
        return False
    if p.population < _SMALL_TOWN:
        return p.country in in_sentence and before in _EN_LOCATIVES
    return True


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


def _how(entry: Entry, toks: list[_Tok]) -> str:
    """Say "lemma" when every word matched through its Morfeusz readings or spelling,
    "declension" when one needed :func:`base_forms` (a word Morfeusz reads otherwise or not
    at all), "abbreviation" for "Wlk. Brytania"."""
    how = "lemma"
    for keys, tok in zip(entry.tokens, toks, strict=False):
        if tok.abbrev:
            how = "abbreviation"
        elif not keys & token_keys(tok.text):
            return "declension"
    return how


def _same_place(a: Place, b: Place) -> bool:
    if a.country != b.country:
        return False
    dlat = math.radians(a.lat - b.lat)
    dlon = math.radians(a.lon - b.lon) * math.cos(math.radians(a.lat))
    return 6371 * math.hypot(dlat, dlon) < 25
