"""English text: which GeoNames towns a capitalised word may be.

English has no morphology here, so what a capitalised word is must come from its company:
calendar words, common English words, the run of capitalised words it is part of, the
countries the text names. Offsets are token indexes into the document's tokens.
"""

from __future__ import annotations

from functools import lru_cache

from briefmap.model import Place
from briefmap.places.gazetteer import Gazetteer
from briefmap.places.geo_evidence import _STOP, Kind, kind_words
from briefmap.places.geo_notplaces import _connected, _runs
from briefmap.places.geo_resolve import (
    _CITY,
    _NEAR_KM,
    _NEAR_MIN_POP,
    _context_countries,
    _km,
)
from briefmap.places.geo_words import _Tok
from briefmap.places.region import REGION_COUNTRIES
from briefmap.shipped import GEODATA_DIR
from briefmap.text.document import Document
from briefmap.text.morphology import fold

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
# Function words a sentence opens with, whose capital joins them to no name ("The Mozyr
# refinery stopped", "In Grodno…")
_OPENERS = frozenset(
    {"the", "a", "an", "in", "at", "on", "from", "to", "near", "by", "for", "with", "and",
     "but", "as", "after", "before", "since", "during", "of", "outside", "across"}
)  # fmt: skip
# Prepositions of place or motion ("from Soligorsk", "to Orsha"), not "of" ("the head of…")
_EN_PLACE_PREPOSITIONS = _EN_LOCATIVES - {"of"}
# Words that may stand between a country adjective and a name of its noun phrase ("the
# Finnish ports of Kotka and Hamina", "the Georgian oil terminal at Poti"), besides kind
# words, capitalised names and list punctuation; one other word at most ("oil").
_PHRASE_WORDS = frozenset({"of", "in", "at", "near", "and", "or", "the", "&"})
_PHRASE_SPAN = 6


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


def _english_context(
    doc: Document,
    toks: list[_Tok],
    spans,
    gazetteer: Gazetteer,
    kinds: dict[int, Kind] | None = None,
    all_spans=None,
    listed: set[int] | None = None,
):
    """English: which GeoNames towns a capitalised word may be. Curated and CLDR names are
    kept; a GeoNames reading is dropped when the word is

    * a month or weekday ("March", "August"), or a country adjective ("Canadian");
    * one word of a longer capitalised name that is not itself a place: a person
      ("Alexander Lukashenko"), an organisation ("Energy Ministry", "Department of Energy");
    * a common English word at the start of a sentence ("Over the summer", "Reading the…");
    * a town (not a city of 100,000+) whose country the text does not name, or that is also
      a common English word ("Energy", "Central"), unless it is a town of 15,000 or more
      of the briefs' region after a preposition of place or motion ("from Soligorsk");
      a very small town (under 15,000) needs its country named in the same sentence and
      a locative word before it ("in", "at", "near", "from"…). A country adjective in the
      name's noun phrase names its country here ("the Finnish ports of Kotka and Hamina",
      :func:`_phrase_country`).

    A kind word before or after the name ("the refinery in Mozyr", ``kinds``: span start ->
    :class:`~briefmap.places.geo_evidence.Kind`) is evidence enough for any GeoNames town
    that is not a calendar word; so is lying in the briefs' region within 150 km of a
    curated place the text names ("from Grodno to Sokółka"). ``all_spans`` are the spans
    of the whole document (an English sentence in a Polish brief counts the countries its
    Polish sentences name);
    ``listed`` are tokens already read as places (the names of a region list)."""
    kinds = kinds or {}
    text = doc.text
    calendar = _calendar_words()
    common = english_common_words()
    adjectives = gazetteer.country_adjectives.get("en", {})
    runs = _runs(text, toks)
    run_of: dict[int, tuple[int, int]] = {}
    for r in runs:
        for k in range(r[0], r[1]):
            run_of[k] = r
    country_spans = _context_countries(spans if all_spans is None else all_spans, gazetteer)
    placed = {k for i, j, _e, _h in spans for k in range(i, j)} | (listed or set())
    sentence_countries: dict[int | None, set[str]] = {}
    for i, _j, entries, _how in spans:
        ids = {e.place_id for e in entries if e.tier != "geonames"}
        if len(ids) == 1:
            p = gazetteer.place(next(iter(ids)))
            if p.country:
                sentence_countries.setdefault(doc.sentence_at(toks[i].start), set()).add(p.country)
    anchors = _anchors(spans if all_spans is None else all_spans, gazetteer)
    phrase = {i: _phrase_country(text, toks, i, adjectives) for i, _j, _e, _h in spans}
    out = []
    for i, j, entries, how in spans:
        words = [fold(toks[k].text) for k in range(i, j)]
        keep_gn = True
        if j - i == 1:
            t = toks[i]
            w = words[0]
            r = run_of.get(i, (i, j))
            if r[0] < i and toks[r[0]].initial and toks[r[0]].text.lower() in _OPENERS:
                r = (r[0] + 1, r[1])  # "The Mozyr refinery": the sentence's capital
            if w in calendar or t.text.lower() in adjectives:
                keep_gn = False
            elif r[1] - r[0] > 1 or _connected(text, toks, i, j, placed):
                keep_gn = False  # "Alexander Lukashenko", "Energy Ministry"
            elif t.initial and w in common:
                keep_gn = False  # "Over the summer", "Reading the report"
        if keep_gn and i in kinds:
            pass  # "the potash plant in Soligorsk": the kind word says it is a place
        elif keep_gn:
            here = sentence_countries.get(doc.sentence_at(toks[i].start), set())
            named = country_spans
            if phrase[i]:  # "the Finnish ports of Kotka": the phrase names Finland
                here, named = here | {phrase[i]}, country_spans | {phrase[i]}
            before = toks[i - 1].text.lower() if i > 0 else ""
            one_common = j - i == 1 and words[0] in common
            entries = [
                e
                for e in entries
                if e.tier != "geonames"
                or _english_town_ok(gazetteer.place(e.place_id), one_common, named, here, before)
                or (not one_common and _near(gazetteer.place(e.place_id), anchors, before))
            ]
        else:
            entries = [e for e in entries if e.tier != "geonames"]
        if entries:
            out.append((i, j, entries, how))
    return out


def _phrase_country(text: str, toks: list[_Tok], i: int, adjectives: dict[str, str]) -> str:
    """The country a country adjective names in the noun phrase of token ``i`` ("the
    |Finnish| ports of Kotka and Hamina", "the |Georgian| port of Poti"), or "": the
    adjective stands at most six words before, in the same clause, with only kind words,
    names, "of"/"at"/"and" and one other word between ("the Finnish oil terminal at")."""
    en_kinds = kind_words().en
    other = 0
    for k in range(i - 1, max(-1, i - 1 - _PHRASE_SPAN), -1):
        if _STOP.search(text, toks[k].end, toks[k + 1].start):
            return ""
        low = toks[k].text.lower()
        if low in adjectives:
            return adjectives[low]
        if toks[k].cap or low in _PHRASE_WORDS:
            continue
        if low in en_kinds or (low.endswith("s") and low[:-1] in en_kinds):
            continue
        other += 1
        if other > 1:
            return ""
    return ""


def _english_town_ok(
    p: Place, common: bool, in_text: set[str], in_sentence: set[str], before: str
) -> bool:
    """May an English capitalised word be the GeoNames place ``p``? See
    :func:`_english_context`."""
    if p.population >= _CITY:
        return True
    if common:
        return False
    if p.country not in in_text:
        # the briefs' region: a town of 15,000 or more after a preposition of place or
        # motion needs no country named ("Potash from Soligorsk goes to…")
        return (
            p.country in REGION_COUNTRIES
            and p.population >= _SMALL_TOWN
            and before in _EN_PLACE_PREPOSITIONS
        )
    if p.population < _SMALL_TOWN:
        return p.country in in_sentence and before in _EN_LOCATIVES
    return True


def _anchors(spans, gazetteer: Gazetteer) -> list[Place]:
    """The curated or CLDR places (not countries) the text names unambiguously, by id."""
    out: dict[str, Place] = {}
    for _i, _j, entries, _how in spans:
        ids = {e.place_id for e in entries if e.tier != "geonames"}
        if len(ids) == 1:
            p = gazetteer.place(next(iter(ids)))
            if p.kind not in {"country", "macro_region", "sea"}:
                out.setdefault(p.id, p)
    return [out[k] for k in sorted(out)]


def _near(p: Place, anchors: list[Place], before: str) -> bool:
    """A town of the briefs' region within 150 km of a place the text names surely
    ("from Grodno to Sokółka": Poland need not be named); a village (under 15,000) only
    after a locative word, and none under 1,000 (a large gazetteer has a village for
    many a word)."""
    if p.country not in REGION_COUNTRIES or p.population < _NEAR_MIN_POP:
        return False
    if p.population < _SMALL_TOWN and before not in _EN_LOCATIVES:
        return False
    return any(_km(a, p) < _NEAR_KM for a in anchors)
