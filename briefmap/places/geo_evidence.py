"""Evidence around a name: the kind word before it, and metonyms.

* **Kind words** (``geodata/place_words.toml``): "terminal naftowy w Wysocku", "przejście w
  Sławatyczach", "poligon Obuz", "the refinery in Mozyr", "the port of Gdynia", "the Mozyr
  refinery". A kind word before a capitalised name (directly, or with up to two words and a
  locative preposition between, in one sentence) — or, in English, right after it — says
  the name is a place and which kind of place it is.
* **Metonyms** (``geodata/metonyms.toml``): "Kreml", "the Kremlin" stand for Moscow.

Token indexes refer to the geoparser's tokens of one document (``geo_words._tokens``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefmap.places.curated import tomllib
from briefmap.places.geo_words import _Tok
from briefmap.shipped import GEODATA_DIR
from briefmap.text.morphology import analyse, fold

PLACE_WORDS_PATH = GEODATA_DIR / "place_words.toml"
METONYMS_PATH = GEODATA_DIR / "metonyms.toml"
# Words between a kind word and its locative preposition ("terminal naftowy w", "oddział
# Straży Granicznej w"): more and the kind word belongs to another phrase.
_MAX_BETWEEN = 2
# A gap between two tokens that ends a phrase: a sentence or clause stop, or a line break.
_STOP = re.compile(r"[.!?;:()\n\[\]]")


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind word that licenses a name: its category (a key of ``place_words.toml``), the
    curated kind it announces ("" for a settlement), the word as written, and whether a
    preposition of nearness stands between ("obóz pod Osipowiczami", "a camp near
    Asipovichy": the place of that kind is near the town, not the town's own)."""

    category: str
    kind: str
    word: str
    near: bool = False


# Prepositions that put the kind's place beside the name, not at it
_NEAR_PREPOSITIONS = frozenset({"pod", "koło", "obok", "niedaleko", "k.", "near", "outside", "by"})


@dataclass(frozen=True)
class KindWords:
    pl: dict[str, tuple[str, str]]  # lemma -> (category, curated kind)
    en: dict[str, tuple[str, str]]  # word -> (category, curated kind)
    locatives: dict[str, frozenset[str]]  # "pl" | "en" -> prepositions
    organisations: dict[str, frozenset[str]]  # "pl" | "en" -> company nouns


@lru_cache(maxsize=1)
def kind_words() -> KindWords:
    """``geodata/place_words.toml``, read once."""
    data = tomllib.loads(PLACE_WORDS_PATH.read_text(encoding="utf-8"))
    pl: dict[str, tuple[str, str]] = {}
    en: dict[str, tuple[str, str]] = {}
    for category, row in data["kinds"].items():
        for w in row.get("pl", ()):
            pl.setdefault(w, (category, row.get("kind", "")))
        for w in row.get("en", ()):
            en.setdefault(w, (category, row.get("kind", "")))
    loc = {k: frozenset(v) for k, v in data["locatives"].items()}
    orgs = {k: frozenset(v) for k, v in data["organisations"].items()}
    return KindWords(pl, en, loc, orgs)


_LIST_WORDS = frozenset({"i", "oraz", "lub", "albo", "and", "or", "&"})
_NAME_GAP = re.compile(r"^(?:[ \t]+|-|[ \t]*-[ \t]*)$")


def _company_noun(tok: _Tok, words: KindWords) -> bool:
    return _company_form(tok.text, tok.lang == "pl")


@lru_cache(maxsize=50_000)
def _company_form(form: str, polish: bool) -> bool:
    """Is ``form`` a company noun ("koncernu", "companies")? Per form."""
    nouns = kind_words().organisations.get("pl" if polish else "en", frozenset())
    if polish:
        return any(a.pos == "subst" and a.lemma.lower() in nouns for a in analyse(form))
    low = form.lower()
    return low in nouns or (low.endswith("s") and low[:-1] in nouns) or low[:-2] in nouns


def in_company_name(text: str, toks: list[_Tok], i: int) -> bool:
    """Is token ``i`` part of a company's name: a capitalised run right after a company
    noun ("koncern |Total|", "the French company |Thales|"), or an item of a list of such
    runs ("firmy Nokia, |Vinci| i |Orange|")?"""
    words = kind_words()
    k = i
    for _ in range(12):  # list items
        while k > 0 and toks[k - 1].cap and _NAME_GAP.match(text[toks[k - 1].end : toks[k].start]):
            if toks[k - 1].initial and _company_noun(toks[k - 1], words):
                return True  # "Koncern Total wycofał się": the noun starts the sentence
            k -= 1
        if k == 0:
            return False
        prev = toks[k - 1]
        gap = text[prev.end : toks[k].start]
        if not gap.strip():
            if not prev.cap and _company_noun(prev, words):
                return True
            if prev.text in _LIST_WORDS and k >= 2 and toks[k - 2].cap:
                if text[toks[k - 2].end : prev.start].strip():
                    return False
                k -= 2
                continue
            return False
        if gap.strip() == "," and prev.cap:
            k -= 1
            continue
        return False
    return False


def _kind_of(tok: _Tok, words: KindWords) -> Kind | None:
    return _kind_of_form(tok.text, tok.lang == "pl")


@lru_cache(maxsize=50_000)
def _kind_of_form(form: str, polish: bool) -> Kind | None:
    """The kind word ``form`` is (per form: a text repeats its words)."""
    words = kind_words()
    if polish:
        for a in analyse(form):
            if a.pos == "subst":
                got = words.pl.get(a.lemma.lower())
                if got:
                    return Kind(got[0], got[1], form)
        return None
    low = form.lower()
    got = words.en.get(low) or (words.en.get(low[:-1]) if low.endswith("s") else None)
    return Kind(got[0], got[1], form) if got else None


def _joined(text: str, a: _Tok, b: _Tok) -> bool:
    return _STOP.search(text, a.end, b.start) is None


def kind_before(text: str, toks: list[_Tok], i: int, j: int) -> Kind | None:
    """The kind word that makes tokens ``i:j`` a place, or None: "przejście w |Połowcach|",
    "terminal naftowy w |Wysocku|", "poligon |Obuz|", "the port of |Gdynia|", and in
    English after the name, "the |Mozyr| refinery"."""
    words = kind_words()
    lang = toks[i].lang
    if i > 0 and _joined(text, toks[i - 1], toks[i]):
        prev = toks[i - 1]
        if prev.text.lower() in words.locatives.get(lang, ()):
            for k in range(i - 2, max(-1, i - 3 - _MAX_BETWEEN), -1):
                if not _joined(text, toks[k], toks[k + 1]):
                    break
                if toks[k].text.lower() in words.locatives.get(lang, ()):
                    break  # "lotnisko w Maczuliszczach pod |Mińskiem|": another place's word
                got = _kind_of(toks[k], words)
                if got:
                    if prev.text.lower() in _NEAR_PREPOSITIONS:
                        return Kind(got.category, got.kind, got.word, near=True)
                    return got
        elif not prev.cap or lang == "pl":
            got = _kind_of(prev, words)
            if got:
                return got
    if lang != "pl":
        return _english_kind_after(text, toks, i, j, words)
    return None


# "at Modlin airport", "from the Mozyr refinery": a name between these and a kind word
_EN_PLACE_PREPOSITIONS = frozenset({"at", "in", "from", "to", "near", "via", "through", "into"})


def _english_kind_after(text: str, toks: list[_Tok], i: int, j: int, words) -> Kind | None:
    """An English kind word after the name: "the |Mozyr| refinery", "at |Modlin| airport",
    "the |Pravdinsk| training ground" (one lower-case word between), or in an apposition,
    "|Małaszewicze|, the rail hub on…", "|Czeremcha|, a village near…". Singular only:
    "Baltic ports" is no one place."""
    n = len(toks)
    if j >= n or toks[j].cap:
        return None
    before = toks[i - 1].text.lower() if i > 0 else ""
    if (before == "the" or before in _EN_PLACE_PREPOSITIONS) and _joined(
        text, toks[j - 1], toks[j]
    ):
        for k in (j, j + 1):
            if (
                k < n
                and not toks[k].cap
                and toks[k].text.lower() in words.en
                and (k == j or _joined(text, toks[j], toks[k]))
            ):
                return _kind_of(toks[k], words)
    if text[toks[j - 1].end : toks[j].start].strip() == "," and toks[j].text.lower() in (
        "the",
        "a",
        "an",
    ):
        for k in (j + 1, j + 2):
            if k >= n or toks[k].cap or not _joined(text, toks[k - 1], toks[k]):
                break
            if toks[k].text.lower() in words.en:
                return _kind_of(toks[k], words)
    return None


def listed_kind(
    text: str, toks: list[_Tok], kinds: dict[int, Kind], spans: list[tuple], i: int
) -> Kind | None:
    """The kind word of the list token ``i`` ends or continues: "porty Kotka i |Hamina|",
    "przejścia w Kuźnicy, |Bobrownikach| i |Połowcach|", "the ports of Riga and |Ventspils|".
    ``spans`` are the names read so far (token start, end, …), ``kinds`` their kind words
    by start: the name just before, joined to token ``i`` by a comma or a list word, must
    have one."""
    if not spans:
        return None
    a, b = spans[-1][0], spans[-1][1]
    if a not in kinds:
        return None
    if b == i:
        return kinds[a] if text[toks[b - 1].end : toks[i].start].strip() == "," else None
    if b == i - 1 and toks[b].text.lower() in _LIST_WORDS:
        before = text[toks[b - 1].end : toks[b].start].strip()
        after = text[toks[b].end : toks[i].start].strip()
        return kinds[a] if before in ("", ",") and not after else None
    return None


@lru_cache(maxsize=1)
def metonyms() -> dict[tuple[str, str], str]:
    """(language, folded lemma or word) -> place id, from ``geodata/metonyms.toml``."""
    data = tomllib.loads(METONYMS_PATH.read_text(encoding="utf-8"))
    out: dict[tuple[str, str], str] = {}
    for row in data.get("metonym", ()):
        for lang in ("pl", "en"):
            for name in row.get(lang, ()):
                out[(lang, fold(name))] = row["place"]
    return out


def metonym(tok: _Tok) -> str | None:
    """The place a capitalised seat-of-government word stands for ("Kremla" -> Moscow)."""
    return _metonym_of(tok.text, tok.lang == "pl")


@lru_cache(maxsize=50_000)
def _metonym_of(form: str, polish: bool) -> str | None:
    table = metonyms()
    if polish:
        for a in analyse(form):
            if a.lemma[:1].isupper():
                got = table.get(("pl", fold(a.lemma)))
                if got:
                    return got
        return None
    return table.get(("en", fold(re.sub(r"['’]s$", "", form))))
