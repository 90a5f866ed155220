"""Cue links: a sentence about a curated feature that it does not name, linked to that feature.

Two kinds, both written as ``briefmap.text.matcher`` patterns and both needing an **anchor** in
the sentence — the words that say *which* feature the sentence is about:

- **Features** of ``geodata/places.toml`` with ``cues`` (Polish) / ``cues_en`` (English) and
  ``cue_anchors``: "…w obwodzie grodzieńskim ma powstać centrum szkolno-bojowe…" is linked
  to the training centre in Grodno Oblast because the cue ("centrum" + "szkolno-bojowy")
  and the anchor (Grodno Oblast, named in the sentence) are both there. A sentence about a
  training centre in Pskov Oblast has the cue but not the anchor: no link.
- **Borders** (``geodata/border_cues.toml``), read clause by clause from the frames of
  ``briefmap.analysis.frames``: a clause about the border's traffic as a whole (closing,
  opening or restricting the border, all its crossings, lorries held at it) that names the
  border's two countries (by name, adjective or a place in them; one of them may be the
  brief's main country) is linked to the road crossings between them that were open or
  restricted on the brief's date. A clause about crossings that names them by their villages
  ("w Kuźnicy i Bobrownikach") is linked to those crossings only, by name; one about some
  crossings without naming them ("dwa przejścia") to none. Crossing the border elsewhere
  (illegally, through the forest, at the fence, migrants) links nothing. A closure of the
  Polish–Belarusian border is never linked to Lithuanian crossings.

The anchor may be in the previous sentence when this one refers back to it ("tam",
"pozostałe dwa", "there"); then the cue must be in this one, and vice versa. A link is
recorded on the anchor words (``Found.start``/``end`` and ``marks``), not on the common words
of the cue, and its evidence names both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from briefmap.analysis.frames import Frames
from briefmap.model import Place
from briefmap.places.context import Context, CountryWord
from briefmap.places.gazetteer import Gazetteer
from briefmap.places.geoparse import Found
from briefmap.shipped import GEODATA_DIR
from briefmap.text.document import Document
from briefmap.text.matcher import Match, Matcher, Pattern, parse_patterns
from briefmap.text.morphology import fold, lemmas

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 with the tomli backport
    import tomli as tomllib  # type: ignore[no-redef]

BORDER_CUES_PATH = GEODATA_DIR / "border_cues.toml"
CONFIDENCE = 0.7
#: Words by which a sentence refers back to the one before (lemmas; English lower case).
ANAPHORS_PL = frozenset({"tam", "tu", "tutaj", "tamtejszy", "pozostały", "ów"})
ANAPHORS_EN = frozenset({"there", "remaining", "other", "latter", "former"})
_OPEN_STATUSES = {"open", "restricted"}


@dataclass(frozen=True)
class _Anchor:
    """An anchor satisfied: the words that satisfy it (in this or the previous sentence)
    and what it says in the evidence."""

    words: tuple[CountryWord | Found, ...]
    note: str
    here: bool  # at least one anchor word is in the sentence itself


def link_cues(
    doc: Document,
    context: Context,
    gazetteer: Gazetteer,
    reference: date | None = None,
    frames: Frames | None = None,
) -> list[Found]:
    """Cue links of ``doc`` (see the module docstring), sorted by position. ``reference`` is
    the brief's date, against which border crossings' statuses are read; ``frames`` the
    document's clause frames (made here when not given)."""
    frames = frames or Frames(doc, context)
    features = _feature_matcher(gazetteer, doc.polish)
    borders = _border_matcher(doc.polish)
    crossings = _crossings_by_border(gazetteer)
    out: list[Found] = []
    for k in range(len(doc.sentences)):
        back = k > 0 and _refers_back(doc, k)
        here = features.sentence_matches(doc, k) if features else []
        before: list[Match] = []
        if features and back:  # the facilities told of in the two sentences before
            lo = doc.sentence_tokens[max(k - 2, 0)][0]
            before = features.match(doc, lo, doc.sentence_tokens[k - 1][1])
        named_here = {f.place_id for f in context.places[k]}
        done: set[str] = set()
        for matches, cue_here in ((here, True), (before, False)):
            for match in matches:
                pid = str(match.pattern.key)
                if pid in done or pid in named_here:
                    continue
                place = gazetteer.place(pid)
                if not _identifies(doc, frames, place, match, cue_here):
                    continue
                # A cue here may lean on an anchor in the sentence before, and a cue in the
                # sentence before on an anchor here; never both before. The cue's own words
                # never anchor it.
                own = {(doc.tokens[i].start, doc.tokens[i].end) for i in match.tokens}
                anchor = _feature_anchor(place, context, k, back=back and cue_here, own=own)
                if anchor is None:
                    continue
                done.add(pid)
                out.append(_found(doc, k, place, match, anchor, cue_here))
        if borders and borders.either.sentence_matches(doc, k):
            out.extend(
                _border_clauses(doc, context, k, frames, borders, crossings, reference, named_here)
            )
    out.sort(key=lambda f: (f.start, f.end))
    return out


# -- features ---------------------------------------------------------------------------------
def _identifies(doc: Document, frames: Frames, place: Place, match: Match, here: bool) -> bool:
    """Does the cue identify ``place``: its words in one clause (a cue in this sentence),
    and no word there of another kind of facility (``cue_not``: police, border guard,
    sports)?"""
    never = frozenset(place.attrs.get("cue_not" if doc.polish else "cue_not_en") or ())
    first = match.tokens[0]
    k = doc.sentence_at(doc.tokens[first].start)
    clause = None
    if here and k is not None:
        clause = next((c for c in frames.clauses(k) if c.lo <= first < c.hi), None)
        if clause is not None and not all(clause.lo <= i < clause.hi for i in match.tokens):
            return False
    lo, hi = (clause.lo, clause.hi) if clause else (min(match.tokens), max(match.tokens) + 1)
    for i in range(lo, hi):
        keys = doc.keys(i) if doc.polish else {doc.tokens[i].text.lower()}
        if keys & never:
            return False
    return True


def _feature_anchor(
    place: Place, context: Context, k: int, back: bool, own: set[tuple[int, int]] | None = None
) -> _Anchor | None:
    """The first alternative of ``place``'s ``cue_anchors`` that sentence ``k`` satisfies
    (with sentence ``k - 1`` when ``back``), by words other than the cue's ``own`` spans."""
    sentences = [k - 1, k] if back else [k]
    for alternative in place.attrs.get("cue_anchors") or ():
        got = _satisfy(alternative, context, sentences, k, own or set())
        if got is not None:
            return got
    return None


def _satisfy(
    items: list[str], context: Context, sentences: list[int], k: int, own: set[tuple[int, int]]
) -> _Anchor | None:
    words: list[CountryWord | Found] = []
    notes: list[str] = []
    from_main: list[str] = []
    for item in items:
        hit: CountryWord | Found | None = None
        if len(item) == 2 and item.isupper():  # an ISO2 country code
            for s in sentences:
                hit = next(
                    (
                        w
                        for w in context.countries[s]
                        if w.iso2 == item and not _overlaps(w.start, w.end, own)
                    ),
                    hit,
                )
                if hit is not None and s == k:
                    break
            if hit is None:
                if item == context.main_country and not from_main:
                    from_main.append(item)
                    notes.append(f"{context.country_name(item)}: the country this brief is about")
                    continue
                return None
            notes.append(f"{context.country_name(item)} ({hit.surface})")
        else:
            for s in sentences:
                hit = next(
                    (
                        f
                        for f in context.places[s]
                        if f.place_id == item and not _overlaps(f.start, f.end, own)
                    ),
                    hit,
                )
                if hit is not None and s == k:
                    break
            if hit is None:
                return None
            notes.append(f"{context.gazetteer.place(item).name} ({hit.surface})")
        words.append(hit)
    if not words:  # the brief's main country alone anchors nothing
        return None
    sent = context.doc.sentences[k]
    here = any(sent[0] <= w.start < sent[1] for w in words)
    return _Anchor(tuple(words), ", ".join(notes), here)


def _overlaps(start: int, end: int, spans: set[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _found(doc: Document, k: int, place: Place, match: Match, anchor: _Anchor, cue_here: bool):
    s, e = doc.sentences[k]
    marks = tuple(sorted({(w.start, w.end) for w in anchor.words if s <= w.start < e}))
    if not marks:  # the anchor is in the sentence before: mark the cue words of this one
        t = doc.tokens
        marks = tuple((t[i].start, t[i].end) for i in match.tokens)
    where = "" if cue_here else " in the sentence before"
    evidence = (
        f"cue words {' + '.join(match.pattern.terms)} ({', '.join(match.words)}){where}; "
        f"anchor: {anchor.note}"
    )
    a, b = marks[0]
    return Found(a, b, doc.text[a:b], place.id, "cue", evidence, CONFIDENCE, marks)


def _feature_matcher(gazetteer: Gazetteer, polish: bool) -> Matcher:
    """The cues of the gazetteer's cue features, compiled once per gazetteer."""
    key = ("cue-matcher", polish)
    got = gazetteer.memo.get(key)
    if got is None:
        patterns = []
        for p in gazetteer.cue_places:
            cues = p.cues if polish else parse_patterns(p.attrs.get("cues_en"), p.id)
            patterns.extend(Pattern(p.id, tuple(c)) for c in cues)
        got = gazetteer.memo[key] = Matcher(patterns, "pl" if polish else "en")
    return got  # type: ignore[return-value]


def _refers_back(doc: Document, k: int) -> bool:
    lo, hi = doc.sentence_tokens[k]
    words = ANAPHORS_PL if doc.polish else ANAPHORS_EN
    return any(doc.keys(i) & words for i in range(lo, hi))


# -- borders ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _BorderWords:
    """``geodata/border_cues.toml`` for one language (see its header)."""

    whole: Matcher
    crossing: Matcher
    either: Matcher  # both lists in one, to test a sentence with one pass
    never: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.either)


@lru_cache(maxsize=4)
def _border_matcher(polish: bool, path: str = str(BORDER_CUES_PATH)) -> _BorderWords:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    lang = "pl" if polish else "en"
    name = Path(path).name

    def matcher(key: str) -> Matcher:
        cues = parse_patterns(data.get(f"{key}_{lang}"), f"{name}: {key}_{lang}")
        return Matcher((Pattern("border", c) for c in cues), lang)

    never = frozenset(w.lower() for w in data.get(f"not_{lang}", ()))
    whole, crossing = matcher("whole"), matcher("crossing")
    either = Matcher(whole.patterns + crossing.patterns, lang)
    return _BorderWords(whole, crossing, either, never)


#: Words by which a clause about crossings says it is about all of them.
_ALL = frozenset({"wszystek", "każdy", "all", "every", "each"})
_ROAD = frozenset({"drogowy", "samochodowy", "road", "highway"})
_RAIL = frozenset({"kolej", "kolejowy", "pociąg", "rail", "railway", "train", "trains"})


def _border_clauses(
    doc: Document,
    context: Context,
    k: int,
    frames: Frames,
    words: _BorderWords,
    crossings: dict[frozenset[str], list[Place]],
    reference: date | None,
    named_here: set[str],
) -> list[Found]:
    """Crossing links of sentence ``k`` from its clauses (``geodata/border_cues.toml``): a
    clause about crossings that names some by their villages links those, by name; one
    about the border as a whole links its open crossings (once a sentence); a clause about
    crossing the border elsewhere links nothing."""
    out: list[Found] = []
    whole_done = False
    gaz = context.gazetteer
    for clause in frames.clauses(k):
        keys: set[str] = set()
        for i in range(clause.lo, clause.hi):
            keys |= doc.keys(i) if doc.polish else {doc.tokens[i].text.lower()}
        if keys & words.never:
            continue
        whole = words.whole.match(doc, clause.lo, clause.hi)
        some = words.crossing.match(doc, clause.lo, clause.hi)
        if some and not keys & _ALL:
            whole = []  # "dwa przejścia", "two crossings": which ones, only their names say
        crossing = whole or some
        if not crossing:
            continue
        named = crossings_named(
            doc, clause.lo, clause.hi, gaz, rail_only(doc, clause.lo, clause.hi)
        )
        if named or any(
            gaz.place(f.place_id).kind == "border_crossing" for f in _in(context, clause)
        ):
            m = crossing[0]
            for i, p in named:
                if p.id in named_here:
                    continue
                t = doc.tokens[i]
                evidence = (
                    f"the crossing's village {doc.word_text(i)} in a clause about crossings "
                    f"({', '.join(m.words)})"
                )
                out.append(
                    Found(t.start, t.end, doc.word_text(i), p.id, "name", evidence, CONFIDENCE)
                )
            continue
        if whole and not whole_done:
            whole_done = True
            out.extend(_border_links(doc, context, k, whole[0], crossings, reference, named_here))
    return out


def _in(context: Context, clause) -> list[Found]:
    return [f for f in context.places[clause.sentence] if clause.start <= f.start < clause.end]


def _crossings_by_border(gazetteer: Gazetteer) -> dict[frozenset[str], list[Place]]:
    got = gazetteer.memo.get("crossings-by-border")
    if got is None:
        got = {}
        for p in gazetteer.places.values():
            if p.kind == "border_crossing" and p.attrs.get("mode") == "road":
                got.setdefault(frozenset(p.attrs.get("countries") or ()), []).append(p)
        gazetteer.memo["crossings-by-border"] = got
    return got  # type: ignore[return-value]


def _crossing_words(gazetteer: Gazetteer) -> dict[str, list[Place]]:
    """Keys (folded lemmas of the Polish form, folded English form) of the words that name
    each border crossing: the village on its EU side ("Kuźnica", "Bobrowniki") and its
    one-word names ("Kukuryki", "Medininkai")."""
    got = gazetteer.memo.get("crossing-words")
    if got is None:
        got = {}
        for p in gazetteer.places.values():
            if p.kind != "border_crossing":
                continue
            words = {str((p.attrs.get("sides") or [""])[0]).split(" ")[0]}
            # the EU side as the crossing's own names write it ("Soleczniki – Bieniakonie")
            words |= {n.split("–")[0].split(" ")[0] for n in (p.name, p.name_pl)}
            for lang in ("pl", "en"):
                words |= {n for n in p.names.get(lang, ()) if " " not in n and "–" not in n}
            keys = set()
            for w in filter(None, words):
                keys.add(fold(w))
                keys |= {fold(x) for x in lemmas(w)}
            for key in keys:
                got.setdefault(key, []).append(p)
        gazetteer.memo["crossing-words"] = got
    return got  # type: ignore[return-value]


def crossings_named(
    doc: Document, lo: int, hi: int, gazetteer: Gazetteer, rail: bool = False
) -> list[tuple[int, Place]]:
    """(token, crossing) for each capitalised word of tokens ``lo:hi`` that names a border
    crossing by its village or its own name. Road or rail: as the nearest word of a mode
    within five words before or the word after says ("przejście kolejowe w Kuźnicy", "the
    road crossing at Terespol"), else rail when ``rail``, else road. Each crossing once, in
    text order."""
    index = _crossing_words(gazetteer)
    out: list[tuple[int, Place]] = []
    seen: set[str] = set()
    for i in range(lo, hi):
        tok = doc.tokens[i]
        if not tok.cap:
            continue
        keys = {fold(tok.text)} | ({fold(k) for k in doc.keys(i)} if doc.polish else set())
        hits = [p for key in keys for p in index.get(key, ())]
        if not hits:
            continue
        mode = _mode_near(doc, i, lo, hi) or ("rail" if rail else "road")
        for p in hits:
            if p.attrs.get("mode") == mode and p.id not in seen:
                seen.add(p.id)
                out.append((i, p))
    return out


def rail_only(doc: Document, lo: int, hi: int) -> bool:
    """Do tokens ``lo:hi`` speak of the railway and not of roads (the mode of a crossing
    named with no word of its mode near it)?"""
    keys: set[str] = set()
    for i in range(lo, hi):
        keys |= doc.keys(i)
    return bool(keys & _RAIL) and not keys & _ROAD


def _mode_near(doc: Document, i: int, lo: int, hi: int) -> str | None:
    for d in range(1, 6):
        for j in (i - d, i + d) if d == 1 else (i - d,):
            if lo <= j < hi:
                keys = doc.keys(j)
                if keys & _RAIL:
                    return "rail"
                if keys & _ROAD:
                    return "road"
    return None


def status_on(place: Place, day: date | None) -> str | None:
    """A crossing's status on ``day`` from its status and history (the current status when
    ``day`` is None); None when the record says nothing about that day."""
    since = place.attrs.get("status_since")
    if day is None or (since is not None and day >= _as_date(since)):
        return str(place.attrs.get("status"))
    for h in place.attrs.get("status_history") or ():
        if _as_date(h["since"]) <= day and ("until" not in h or day < _as_date(h["until"])):
            return str(h["status"])
    return None


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _border_links(
    doc: Document,
    context: Context,
    k: int,
    match: Match,
    crossings: dict[frozenset[str], list[Place]],
    reference: date | None,
    named_here: set[str],
) -> list[Found]:
    named = context.named_countries(k)
    # Which borders the sentence names: both countries, or one and the brief's main country.
    # When several fit, the sentence's own words decide: borders named by both countries
    # beat those that need the main country, and countries named by name or by a place in
    # them beat those named only by an adjective ("firmy polskie" beside "na Litwie").
    candidates = []
    for pair, places in crossings.items():
        if len(pair) != 2:
            continue
        literal = [c for c in sorted(pair) if c in named]
        if len(literal) == 1 and context.main_country not in pair - set(literal):
            continue
        if not literal:
            continue
        by_name = sum(any(w.how != "adjective" for w in named[c]) for c in literal)
        candidates.append((len(literal), by_name, pair, places, literal))
    if not candidates:
        return []
    best = max(c[:2] for c in candidates)
    out: list[Found] = []
    for n_literal, by_name, _pair, places, literal in candidates:
        if (n_literal, by_name) != best:
            continue
        via_main = None if n_literal == 2 else context.main_country
        if any(p.id in named_here for p in places):
            continue  # the sentence names a crossing of this border: linked by name
        words = [named[c][0] for c in literal]
        notes = [f"{context.country_name(w.iso2)} ({w.surface})" for w in words]
        if via_main:
            notes.append(f"{context.country_name(via_main)}: the country this brief is about")
        marks = tuple(sorted({(w.start, w.end) for w in words}))
        x, y = marks[0]
        for p in places:
            status = status_on(p, reference)
            if status is not None and status not in _OPEN_STATUSES:
                continue
            when = f"on {reference.isoformat()}" if reference else "now"
            state = f"{status} {when}" if status else f"no status known {when}"
            evidence = (
                f"border words {' + '.join(match.pattern.terms)} ({', '.join(match.words)}); "
                f"border {' + '.join(notes)}; crossing {state}"
            )
            out.append(Found(x, y, doc.text[x:y], p.id, "cue", evidence, CONFIDENCE, marks))
    return out
