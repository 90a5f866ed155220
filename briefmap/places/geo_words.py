"""What the words of a text are, to the geoparser: Morfeusz readings, gazetteer keys.

:class:`_Tok` is a word of a :class:`~briefmap.text.document.Document` (offsets index
``Document.text``); :func:`_word` works out once per word form and language what the form
may be (a place, a person, a common word, an adjective) and which gazetteer keys it answers
to, with :func:`base_forms` and :func:`adjective_bases` for forms Morfeusz does not know.
:class:`Found` is what the geoparser returns (``briefmap.places.geoparse``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefmap.places.gazetteer import token_keys
from briefmap.text.document import Document
from briefmap.text.language import (
    _EN_WORDS,
    _PL_LETTERS,
    _PL_WORDS,
    _WORDS,
    _counts,
    detect_language,
)
from briefmap.text.morphology import Analysis, abbreviation_lemmas, analyse, fold

REGION_HEADS = {
    "obwód",
    "województwo",
    "rejon",
    "kraj",
    "okręg",
    "republika",
    "oblast",
    "państwo",  # "państwa bałtyckie"
    # features named by an adjective: "przesmyk suwalski", "poligon borysowski"
    "przesmyk",
    "korytarz",
    "poligon",
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
    "przesmyk",
    "korytarz",
    "poligon",
)
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
    geo_part: bool = False  # Morfeusz knows it as a word of a longer place name ("Białej")
    namish: bool = False  # may be part of a person's or a foreign name (see _name_spans)
    first_name: bool = False  # has a first-name reading ("Jan", "Asia")
    person: bool = False  # has a first-name or surname reading
    homonym: bool = False  # a common noun or first name spelt like a place ("Unii", "Anna")
    functional: bool = False  # a common word other than a noun ("Obie", "Nowe", "Polska")
    not_a_plural_place: bool = False  # "Hiszpanie", "Polskie": a plural the place lacks
    org_head: bool = False  # a common word, not a place or first name: part of a name
    acronym: bool = False  # "NATO", "PiS"
    common_noun: bool = False  # has a common-noun reading ("Port", "Terminal", "Kuźnica")
    one: frozenset[str] = frozenset()  # keys it gives a one-word name
    multi: frozenset[str] = frozenset()  # keys as the first word of a longer name
    nxt: frozenset[str] = frozenset()  # keys as a later word of a longer name
    exact: frozenset[str] = frozenset()  # its folded spelling, for names in another language
    heads: frozenset[str] = frozenset()  # region-head lemmas ("obwodzie" -> obwód)
    adjs: tuple[str, ...] = ()  # adjective lemmas


class _Tok:
    """A word of the text; what the word is (``w``) is looked up on first use, since most
    lower-case words are never looked at."""

    __slots__ = ("_w", "abbrev", "cap", "end", "first", "initial", "lang", "start", "text")

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
        self.first = False  # the first word of a sentence (not of a quotation or list item)
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
        geo_part=any("człon_nazwy_geograficznej" in a.qualifiers for a in real),
        person=person,
        homonym=homonym,
        functional=functional,
        not_a_plural_place=plural_only and other,
        org_head=not geo and not first_name and any(a.pos in _ORG_POS for a in common),
        acronym=_is_acronym(form),
        common_noun=any(a.pos == "subst" and "nazwa_pospolita" in a.qualifiers for a in common),
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


# A sentence is read in the other language than its document's only when it has this many
# words: a short heading or list item says too little about its language.
_MIN_SENTENCE_WORDS = 5


# The other language's marker words as written in lower case or with a capital (a Polish
# document: English words; an English one: Polish words).
_MARKERS = {
    polish_doc: frozenset(
        w for m in (_EN_WORDS if polish_doc else _PL_WORDS) for w in (m, m.capitalize())
    )
    for polish_doc in (True, False)
}


def sentence_languages(doc: Document) -> list[str]:
    """The language each token of ``doc`` is read in ("pl" or the document's other
    language): its document's, unless its sentence reads as the other language
    (``detect_language``: an English sentence quoted in a Polish brief, or the other way)."""
    base = "pl" if doc.polish else doc.language
    out = [base] * len(doc.tokens)
    # A cheap first test: marker words of the other language, counted once over the tokens
    # (most sentences have none, and are not looked at again).
    markers = _MARKERS[doc.polish]
    hits = [0]
    acc = 0
    for t in doc.tokens:
        acc += t.text in markers
        hits.append(acc)
    for (s, e), (lo, hi) in zip(doc.sentences, doc.sentence_tokens, strict=True):
        if hi - lo < _MIN_SENTENCE_WORDS or hits[hi] - hits[lo] < 3:
            continue
        sentence = doc.text[s:e]
        lang = detect_language(sentence)
        if lang == ("pl" if doc.polish else "en"):
            continue
        # …and only on a clear majority: three marker words of the other language, twice as
        # many as of the document's ("grupa Best for Britain" stays Polish).
        pl, en = _counts(_WORDS.findall(sentence))
        pl += sum(1 for ch in sentence if ch in _PL_LETTERS) // 4
        mine, other = (pl, en) if doc.polish else (en, pl)
        if other >= 3 and other >= 2 * mine:
            for k in range(lo, hi):
                out[k] = lang
    return out


def _tokens(doc: Document) -> list[_Tok]:
    """The document's tokens (hyphenated words split into parts, so that "Ust-Łudze" is
    "Ust" + "Łudze" like the gazetteer's "Ust-Luga"; an abbreviation with its full stop as
    one token), each with what the geoparser makes of its word form."""
    langs = sentence_languages(doc)
    out: list[_Tok] = []
    for t, lang in zip(doc.tokens, langs, strict=True):
        ab = _abbreviation(t.text[:-1], lang) if t.abbrev else None
        tok = _Tok(t.text, t.start, t.end, lang, ab, abbrev=ab is not None)
        tok.initial = t.initial
        tok.first = t.initial and _sentence_start(doc.text, t.start)
        out.append(tok)
    return out


def _sentence_start(text: str, start: int) -> bool:
    """Does a sentence begin at ``start``: the text's start, a line's, or after a full stop,
    question or exclamation mark (not after a quotation mark or a dash)?"""
    k = start - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in ".!?…\n"


def _adjacent(text: str, a: _Tok, b: _Tok) -> bool:
    gap = text[a.end : b.start]
    return _JOIN.match(gap) is not None or (a.abbrev and not gap.strip())


def _place_head(tok: _Tok) -> bool:
    return any(a.lemma.lower() in PLACE_HEADS for a in tok.w.analyses if a.pos == "subst")
