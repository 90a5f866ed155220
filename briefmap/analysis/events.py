"""Events: what a brief reports happening where and when, read from the clause frames.

A clause (``briefmap.analysis.frames``) reports an event when it holds the words of a kind
of event (``geodata/event_words.toml``: closure, opening, restriction, exercise, deployment,
construction, incident), is not negated and is not hypothetical, and has a place the event
can be at:

- a **border crossing** named by its village ("przejścia w Kuźnicy i Bobrownikach", "the
  Terespol crossing"), for closures, openings and restrictions; or, when the clause closes,
  opens or restricts "the border", the crossings the cue links gave that sentence;
- else a place among the clause's arguments, of a kind the event may be at (an airport's
  town, a training ground, a town, a region; a country only where the kind allows it and
  only as where it happened, never the subject that did it), including places of an
  apposition ("lotnisko w Wilnie") and places referred back to ("tam", "te przejścia").

One event is made per place (a list of three crossings gives three events). Each gets its
**actor** (a country in the subject, an authority with its country: "rząd litewski",
"Polish border guards", or a passive's "przez Polskę"), its **date** (a date in the clause,
else in the sentence: "12 września", "w nocy z wtorku na środę", "od piątku", "on Monday",
"from midnight"; "następnego dnia"/"the next morning" is the day after the event before),
the words that triggered it, evidence and a confidence.

Offsets index ``Document.text`` (the brief's reading text); the pipeline adds the original
offsets and cuts long excerpts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from briefmap.analysis.cues import crossings_named, rail_only
from briefmap.analysis.dates import DateMention, find_dates, find_day_words, next_day_words
from briefmap.analysis.event_wording import (
    adjective_open,
    adjective_territory,
    capitalised_inside,
    close_to,
    for_some,
    in_cause,
    pronoun,
    says_territory,
)
from briefmap.analysis.frames import Arg, Clause, Frames
from briefmap.model import Event, Place
from briefmap.places.geoparse import Found
from briefmap.shipped import GEODATA_DIR
from briefmap.text.document import Document
from briefmap.text.matcher import Match, Matcher, Pattern, parse_patterns

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 with the tomli backport
    import tomli as tomllib  # type: ignore[no-redef]

EVENT_WORDS_PATH = GEODATA_DIR / "event_words.toml"

#: Roles an event's place may have: where it happened, not where it came from or who did it.
_WHERE = ("at", "onto", "into", "to", "near", "there", "of", "via", "along", "between",
          "around", "over", "object", "subject", "towards")  # fmt: skip
# (not "beyond": "za wschodnią granicą Polski" is not in Poland)
#: Heads that make "the border" the thing closed, opened or restricted.
_BORDER_HEADS = frozenset({"granica", "border", "ruch", "traffic", "przejście", "crossing",
                           "checkpoint", "odprawa", "wjazd", "wyjazd", "przejazd",
                           "entry"})  # fmt: skip
_CROSSING_KINDS = ("closure", "opening", "restriction")
_AIRSPACE = frozenset({"airspace", "przestrzeń"})
#: Roles of an argument that gives the time of the clause's event by another event.
_CIRCUMSTANCE = frozenset({"before", "after", "during", "until", "since"})


@dataclass(frozen=True)
class _Kind:
    name: str
    places: tuple[str, ...]
    objects: frozenset[str]
    never: frozenset[str]
    border: bool
    closable: frozenset[str]


@dataclass(frozen=True)
class _Words:
    matcher: Matcher
    kinds: dict[str, _Kind]
    traffic: dict[str, frozenset[str]]
    actors: frozenset[str]
    reacting: tuple[str, ...]
    cause: frozenset[str]
    negated: frozenset[tuple[str, ...]]  # patterns that tell their kind only when negated
    terms: frozenset[str]  # every Polish trigger term: a sentence with none needs no match


@lru_cache(maxsize=4)
def load_event_words(polish: bool, path: str = str(EVENT_WORDS_PATH)) -> _Words:
    """The triggers and lists of ``geodata/event_words.toml`` for Polish or English."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    lang = "pl" if polish else "en"
    patterns: list[Pattern] = []
    kinds: dict[str, _Kind] = {}
    negated: set[tuple[str, ...]] = set()
    for name, spec in data["kinds"].items():
        for terms in parse_patterns(spec.get(lang), f"event_words.toml: {name}.{lang}"):
            patterns.append(Pattern(name, terms))
        where = f"event_words.toml: {name}.negated_{lang}"
        for terms in parse_patterns(spec.get(f"negated_{lang}"), where):
            patterns.append(Pattern(name, terms))
            negated.add(terms)
        kinds[name] = _Kind(
            name,
            tuple(spec.get("places", ())),
            frozenset(w.lower() for w in spec.get(f"objects_{lang}", ())),
            frozenset(w.lower() for w in spec.get(f"not_{lang}", ())),
            bool(spec.get("border")),
            frozenset(w.lower() for w in spec.get(f"closable_{lang}", ())),
        )
    traffic = {k: frozenset(w.lower() for w in v.get(lang, ())) for k, v in data["traffic"].items()}
    actors = frozenset(w.lower() for w in data["actors"].get(lang, ()))
    reacting = tuple(w.lower() for w in data["actors"].get(f"reacting_{lang}", ()))
    cause = frozenset(w.lower() for w in data.get("cause", {}).get(lang, ()))
    terms = frozenset(t for p in patterns for t in p.terms) if polish else frozenset()
    return _Words(
        Matcher(patterns, lang), kinds, traffic, actors, reacting, cause, frozenset(negated), terms
    )


def find_events(
    doc: Document,
    frames: Frames,
    brief_id: str,
    reference: date | None = None,
    cued: list[Found] | None = None,
) -> list[Event]:
    """The events of ``doc`` in text order (see the module docstring). ``reference`` is the
    brief's date; ``cued`` the cue links already made (their border crossings stand for "the
    border" a clause closes). Only sentences holding an event word are analysed."""
    words = load_event_words(doc.polish)
    context = frames.context
    gaz = context.gazetteer
    cue_crossings: dict[int, list[Found]] = {}
    for f in cued or ():
        k = doc.sentence_at(f.start)
        if k is not None and gaz.place(f.place_id).kind == "border_crossing":
            cue_crossings.setdefault(k, []).append(f)
    out: list[Event] = []
    # where in ``out`` the events told in sentence k - 1 begin: an event's place is in its
    # own sentence or the one before, so older events cannot stand in (k, k - 1)
    told_before = told_here = 0
    for k in range(len(doc.sentences)):
        told_before, told_here = told_here, len(out)
        if (
            not (context.places[k] or capitalised_inside(doc, k))
            and not (k and context.places[k - 1])
            and not says_territory(doc, k)
        ):
            continue  # no place here or just before, nothing an event could be at
        lo, hi = doc.sentence_tokens[k]
        if words.terms and all(words.terms.isdisjoint(doc.keys(i)) for i in range(lo, hi)):
            continue
        found = words.matcher.sentence_matches(doc, k)
        if not found:
            continue  # the cheap tests first: no event word, no frames
        dates: list[DateMention] | None = None
        seen: set[tuple[str, str]] = set()
        for clause in frames.clauses(k):
            if clause.mood == "hypothetical":
                continue
            before = out[-1] if out else None  # the event told before this clause
            # a negated clause tells an event only by words that say it negated ("samoloty
            # nie startują": the airport is closed); those words say nothing otherwise
            triggers = [
                m
                for m in _triggers(doc, clause, words, found)
                if (m.pattern.terms in words.negated) == clause.negated
            ]
            for match in triggers:
                kind = words.kinds[str(match.pattern.key)]
                if kind.name == "closure" and for_some(doc, clause, words.traffic):
                    kind = words.kinds["restriction"]  # "zamknięte dla ciężarówek"
                earlier = [
                    e.place
                    for e in out[told_before:]
                    if e.kind in _CROSSING_KINDS and doc.sentence_at(e.start) in (k, k - 1)
                ]
                previous = [p for p in earlier if p.kind == "border_crossing"]
                # balloons that closed an airport were over it; those that closed a
                # border crossing were not at the crossing
                caused = kind.name == "incident" and in_cause(doc, clause, match, words.cause)
                for place, (a, b), how in _places(
                    doc, frames, clause, kind, cue_crossings.get(k), previous, earlier
                ):
                    if (kind.name, place.id) in seen:
                        continue
                    if caused and place.kind == "border_crossing":
                        continue
                    if dates is None:
                        dates = _sentence_dates(doc, k, reference)
                    seen.add((kind.name, place.id))
                    out.append(
                        _event(doc, frames, clause, kind, match, place, (a, b), how, words,
                               dates, reference, before, brief_id)
                    )  # fmt: skip
    return out


def _triggers(doc: Document, clause: Clause, words: _Words, found: list[Match]) -> list[Match]:
    """Event words of the clause, one match per kind, without words that make them mean
    something else. ``found`` are the sentence's matches: those inside the clause are its
    own; the clause is matched again only when one straddles its edge."""
    inside = [m for m in found if clause.lo <= m.tokens[0] and m.tokens[-1] < clause.hi]
    if not inside and not any(clause.lo <= i < clause.hi for m in found for i in m.tokens):
        return []
    if len(inside) < len(found) and any(
        any(clause.lo <= i < clause.hi for i in m.tokens) for m in found if m not in inside
    ):
        inside = words.matcher.match(doc, clause.lo, clause.hi)
    got: dict[str, Match] = {}
    keys: set[str] = set()
    for i in range(clause.lo, clause.hi):
        keys |= doc.keys(i)
    # an event named as the time of another ("przed ćwiczeniami", "ahead of the exercise")
    # is not reported here
    aside = [a for a in clause.args if a.role in _CIRCUMSTANCE]
    # drones used in an exercise ("w ćwiczeniach użyto dronów", "during the drills, troops
    # practised using drones") are its equipment, not an incident
    drilled = any(words.kinds[str(m.pattern.key)].name == "exercise" for m in inside)
    for m in inside:
        if any(all(a.lo <= i < a.hi for i in m.tokens) for a in aside):
            continue
        kind = words.kinds[str(m.pattern.key)]
        if kind.name in got or keys & kind.never or (drilled and kind.name == "incident"):
            continue
        if not doc.polish and (close_to(doc, m) or adjective_open(doc, m)):
            continue
        if kind.objects and not _has_object(doc, clause, kind.objects, keys):
            continue
        got[kind.name] = m
    return list(got.values())


def _has_object(doc: Document, clause: Clause, objects: frozenset[str], keys: set[str]) -> bool:
    """Does the clause build one of ``objects`` (one word, or two words side by side)?"""
    if keys & objects:
        return True
    for i in range(clause.lo, clause.hi - 1):
        for a in doc.keys(i):
            for b in doc.keys(i + 1):
                if f"{a} {b}" in objects or f"{b} {a}" in objects:
                    return True
    return False


def _places(
    doc: Document,
    frames: Frames,
    clause: Clause,
    kind: _Kind,
    cue: list[Found] | None,
    previous: list[Place] | None = None,
    earlier: list[Place] | None = None,
) -> list[tuple[Place, tuple[int, int], str]]:
    """(place, the words that stand for it, how) for each place of the event, best first.
    ``previous``: the crossings of the crossing events told just before (in this sentence
    or the one before), which a clause about traffic naming no place continues;
    ``earlier``: the places of all those events, which a pronoun refers to ("and reopened
    it", "a otworzyła je ponownie")."""
    gaz = frames.context.gazetteer
    out: list[tuple[Place, tuple[int, int], str]] = []
    taken: list[tuple[int, int]] = []
    if kind.name in _CROSSING_KINDS:
        rail = rail_only(doc, clause.lo, clause.hi)
        for i, place in crossings_named(doc, clause.lo, clause.hi, gaz, rail):
            t = doc.tokens[i]
            out.append((place, (t.start, t.end), f"the crossing named by {t.text}"))
            taken.append((t.start, t.end))
        for a in clause.args:  # "te przejścia", "there": the crossings of a clause before
            if a.referred and a.head in {"przejście", "crossing", "checkpoint", "punkt"}:
                for f in a.places:
                    p = gaz.place(f.place_id)
                    if p.kind == "border_crossing":
                        s, e = doc.tokens[a.lo].start, doc.tokens[a.hi - 1].end
                        out.append((p, (s, e), "referred back"))
        back = _refers_to_crossings(doc, frames, clause)
        if back is not None and clause.sentence > 0:
            lo, hi = doc.sentence_tokens[clause.sentence - 1]
            s, e = doc.tokens[back.lo].start, doc.tokens[back.hi - 1].end
            had = {p.id for p, _span, _how in out}
            for _i, place in crossings_named(doc, lo, hi, gaz, rail):
                if place.id not in had:
                    out.append((place, (s, e), "referred back"))
        if out:
            return out
        if previous and not clause.places() and _says(doc, clause, _BORDER_HEADS):
            # "Traffic was restored the next morning": the crossings of the event before
            s, e = clause.start, clause.end
            return [(p, (s, e), "the crossings of the event before") for p in previous]
        it = pronoun(doc, clause)
        if earlier and it is not None and not clause.places():
            t = doc.tokens[it]
            return [(p, (t.start, t.end), "referred back") for p in dict.fromkeys(earlier)]
        # "the border" stands for its crossings, but not when its airspace is what closed
        # ("a closure of its airspace along the border with Belarus")
        if (
            kind.border
            and cue
            and _says(doc, clause, _BORDER_HEADS)
            and not _says(doc, clause, _AIRSPACE)
        ):
            for f in cue:
                out.append((gaz.place(f.place_id), (f.start, f.end), "the border's crossings"))
            return out
        # Anything else closed or opened must be a place that can be (an airport, a port,
        # airspace): "zamknięto sklep w Grodnie" closes a shop, "zablokowali drogi
        # w miastach…" roads, not the towns.
        if not any(
            a.head in kind.closable or _holds(doc, a, kind.closable)
            for a in clause.args
            if a.role != "time"
        ):
            return []
    countries: list[tuple[Place, tuple[int, int], str]] = []
    for a in sorted(clause.args, key=lambda a: _WHERE.index(a.role) if a.role in _WHERE else 99):
        if a.role not in _WHERE:
            continue
        if a.role == "subject" and not (a.apposed or a.head in frames.rules.heads):
            continue  # "Londyn straszy…", "Moskwa starała się…": who, not where
        for f in a.places:
            p = gaz.place(f.place_id)
            if p.kind not in kind.places or any(s <= f.start < e for s, e in taken):
                continue
            span = (f.start, f.end)
            if a.referred:
                span = (doc.tokens[a.lo].start, doc.tokens[a.hi - 1].end)
            how = (
                "referred back"
                if a.referred
                else f"{a.role}" + (" (apposition)" if a.apposed else "")
            )
            if p.kind == "country":
                if a.role != "subject" and not (a.role == "object" and clause.predicate):
                    countries.append((p, span, how))
                continue
            out.append((p, span, how))
    if not out and not countries and "country" in kind.places:
        countries = adjective_territory(doc, frames, clause)
    # a country stands for where it happened only where no smaller place of it is named:
    # "na Białorusi i na trzech poligonach w obwodzie kaliningradzkim" is Belarus and the
    # oblast, not Russia as well
    covered = {p.country for p, _span, _how in out}
    seen: set[str] = set()
    for p, span, how in countries:
        if p.country not in covered and p.id not in seen:
            seen.add(p.id)
            out.append((p, span, how))
    return out


def _refers_to_crossings(doc: Document, frames: Frames, clause: Clause) -> Arg | None:
    """The argument by which the clause speaks of crossings told before ("na obu
    przejściach", "these crossings", "tam"), if any."""
    rules = frames.rules
    for a in clause.args:
        if a.role == "there":
            return a
        if a.head in {"przejście", "crossing", "checkpoint", "punkt"}:
            for i in range(a.lo, a.hi):
                keys = doc.keys(i) if doc.polish else {doc.tokens[i].text.lower()}
                if keys & rules.determiners:
                    return a
    return None


def _holds(doc: Document, a: Arg, words: frozenset[str]) -> bool:
    """Is one of ``words`` the closed thing's own noun though not the argument's head
    ("zablokowano działalność kilku lotnisk": the airports')? Only for what is closed (a
    subject or object), in Polish by lemma, in English by the word or its singular."""
    if a.role not in {"subject", "object"}:
        return False
    for i in range(a.lo, a.hi):
        if doc.polish:
            if doc.keys(i) & words:
                return True
        else:
            w = doc.tokens[i].text.lower()
            if w in words or w.removesuffix("s") in words:
                return True
    return False


def _says(doc: Document, clause: Clause, words: frozenset[str]) -> bool:
    return any(doc.keys(i) & words for i in range(clause.lo, clause.hi))


def _actor(doc: Document, frames: Frames, clause: Clause, words: _Words, kind: str) -> str:
    """Who did it: a country subject, an authority with its country, a passive's agent, or
    the authority's own words."""
    ctx, gaz = frames.context, frames.context.gazetteer

    def country_of(a: Arg) -> str:
        for f in a.places:
            p = gaz.place(f.place_id)
            if p.kind == "country":
                return p.name
        for i in range(a.lo, a.hi):
            iso2 = ctx.adjective(i)
            if iso2:
                return ctx.country_name(iso2)
        return ""

    if kind == "incident":  # who sent it, when the clause says where from; never the
        # subject that reacted to it ("w odpowiedzi na incydenty… rząd litewski…")
        for a in clause.args:
            if a.role == "from" and any(gaz.place(f.place_id).kind == "country" for f in a.places):
                return country_of(a)
        return ""
    if clause.predicate.startswith(words.reacting or ("\0",)):
        return ""  # "Lukashenko denounced Lithuania's move to close…": who reacted, not who did
    agents = [a for a in clause.args if a.role == "subject" or (a.role == "via" and clause.passive)]
    agents += [a for a in clause.args if a.role == "by"]
    for a in agents:
        authority = any(doc.keys(i) & words.actors for i in range(a.lo, a.hi))
        has_country = any(gaz.place(f.place_id).kind == "country" for f in a.places)
        if has_country or authority:
            name = country_of(a)
            if name:
                return name
            s, e = doc.tokens[a.lo].start, doc.tokens[a.hi - 1].end
            return doc.text[s:e]
    if not any(a.role == "subject" for a in clause.args):
        # no subject ("przerzucono rosyjskie wojska", "Russian troops were deployed"): the
        # country of the forces or authority the clause names, when it says it by adjective
        for a in clause.args:
            if a.role in {"object", "by"} and any(
                doc.keys(i) & words.actors for i in range(a.lo, a.hi)
            ):
                for i in range(a.lo, a.hi):
                    iso2 = ctx.adjective(i)
                    if iso2:
                        return ctx.country_name(iso2)
    return ""


def _sentence_dates(doc: Document, k: int, reference: date | None) -> list[DateMention]:
    """Dates of sentence ``k`` with offsets into ``doc.text`` (calendar dates and days of
    the week; each day word resolved as told before, not ahead)."""
    s, e = doc.sentences[k]
    text = doc.text[s:e]
    found = [
        DateMention(d.start + s, d.end + s, d.surface, d.date_start, d.date_end, d.precision)
        for d in find_dates(text, reference, doc.language)
    ]
    for d in find_day_words(text, reference, doc.language):
        # "w poniedziałek 17 listopada": the calendar date says which Monday
        if any(f.start <= d.start + s < f.end or 0 <= f.start - (d.end + s) <= 2 for f in found):
            continue
        found.append(
            DateMention(d.start + s, d.end + s, d.surface, d.date_start, d.date_end, d.precision)
        )
    return sorted(found, key=lambda d: d.start)


def _date(
    doc: Document,
    clause: Clause,
    dates: list[DateMention],
    reference: date | None,
    before: Event | None,
) -> tuple[str, str, str]:
    """(ISO date, precision, surface) of the event of ``clause``."""
    inside = [d for d in dates if clause.start <= d.start < clause.end]
    if clause.mood == "planned" and reference is not None:  # weekdays ahead, not back
        s = clause.start
        ahead = find_day_words(doc.text[s : clause.end], reference, doc.language, ahead=True)
        inside = [d for d in inside if d.precision != "day" or not _is_day_word(d, ahead, s)]
        inside += [
            DateMention(d.start + s, d.end + s, d.surface, d.date_start, d.date_end, "day")
            for d in ahead
            if not any(0 <= f.start - (d.end + s) <= 2 for f in dates)  # "w poniedziałek 17…"
        ]
        inside.sort(key=lambda d: d.start)
    for d in inside or dates:
        if d.precision == "day":
            return d.date_start.isoformat(), "day", d.surface
        if d.precision == "month":
            return d.date_start.isoformat()[:7], "month", d.surface
    sentence = doc.text[clause.start : clause.end]
    span = next_day_words(sentence, doc.language)
    if span and before is not None and before.date_precision == "day":
        day = date.fromisoformat(before.date) + timedelta(days=1)
        return day.isoformat(), "day", sentence[span[0] : span[1]]
    return "", "", ""


def _is_day_word(d: DateMention, ahead: list[DateMention], s: int) -> bool:
    return any(a.start + s == d.start for a in ahead)


def _traffic(doc: Document, clause: Clause, words: _Words) -> tuple[str, ...]:
    keys: set[str] = set()
    for i in range(clause.lo, clause.hi):
        keys |= doc.keys(i)
    low = doc.text[clause.start : clause.end].lower()
    out = []
    for label, terms in words.traffic.items():
        if any(
            (t in keys) if " " not in t else (t in low or _lemma_pair(doc, clause, t))
            for t in terms
        ):
            out.append(label)
    return tuple(out)


def _lemma_pair(doc: Document, clause: Clause, pair: str) -> bool:
    a, b = pair.split(" ", 1)
    return any(a in doc.keys(i) and b in doc.keys(i + 1) for i in range(clause.lo, clause.hi - 1))


def _event(
    doc: Document,
    frames: Frames,
    clause: Clause,
    kind: _Kind,
    match: Match,
    place: Place,
    span: tuple[int, int],
    how: str,
    words: _Words,
    dates: list[DateMention],
    reference: date | None,
    before: Event | None,
    brief_id: str,
) -> Event:
    actor = _actor(doc, frames, clause, words, kind.name)
    day, precision, surface = _date(doc, clause, dates, reference, before)
    traffic = _traffic(doc, clause, words) if kind.name == "restriction" else ()
    confidence = (
        0.8 if how in {"at", "to", "onto", "into", "near", "of", "object", "subject"} else 0.7
    )
    if how in {"referred back", "the border's crossings"} or place.kind == "country":
        confidence = 0.6
    if clause.mood == "planned":
        confidence = round(confidence * 0.85, 2)
    parts = [
        f"{kind.name} words: {', '.join(match.words)}",
        f"place: {doc.text[span[0] : span[1]]} ({how})",
    ]
    if actor:
        parts.append(f"actor: {actor}")
    if surface:
        parts.append(f"date: {surface}")
    if clause.mood != "current":
        parts.append(f"mood: {clause.mood}")
    if traffic:
        parts.append(f"for: {', '.join(traffic)}")
    s, e = doc.sentences[clause.sentence]
    return Event(
        brief_id=brief_id,
        kind=kind.name,
        place=place,
        start=span[0],
        end=span[1],
        surface=doc.text[span[0] : span[1]],
        trigger=", ".join(match.words),
        actor=actor,
        date=day,
        date_precision=precision,
        date_surface=surface,
        mood=clause.mood,
        traffic=traffic,
        evidence="; ".join(parts),
        confidence=confidence,
        excerpt=doc.text[s:e],
        excerpt_start=s,
        excerpt_end=e,
    )
