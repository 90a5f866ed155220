"""Human decisions about what the parser found, and how they win over it.

A :class:`Decision` is one act of the analyst on one mention of a brief: accept, reject,
re-assign to another place, move the point, set the precision, change the themes, add a
place the parser missed, or reset (back to what the parser said). Decisions are never
edited or deleted: they are a log, and the state of a mention is the parser's output with
the mention's decisions applied in order (:func:`fold`).

A decision is anchored on the words it is about: the span ``start:end`` of the brief's
reading text, the ``surface`` text of that span and a little text on each side. When a brief
is parsed again (a new gazetteer, a better parser, a new reader) :func:`reattach` finds the
words again in the new reading text, so that no decision is lost; those it cannot find are
reported and kept for the next parse.

A mention is identified by its span and link kind, and for a cue link also by the place the
parser linked (several crossings hang on the one word "Litwą"): :func:`mention_key`.

Events (``briefmap.model.Event``) are reviewed the same way, in the same log: a decision
with ``link="event"`` is about the event at the words of its place, named also by the
parser's kind and place (one clause may report a closure of three crossings, and a list
of places gives an event each): :func:`event_key`. An event is accepted, rejected, reset or
edited (``edit``: its kind, place, date or actor); :func:`fold` gives the net effect of
either kind's decisions; ``briefmap.event_review`` applies them to a brief's events.

No SQL here (``briefmap.store`` keeps the log); no Streamlit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from briefmap.model import EVENT_KINDS, PRECISIONS, Mention, Place

ACTIONS = (
    "accept", "reject", "reassign", "move", "precision", "themes", "add", "reset", "edit",
)  # fmt: skip
#: What may be decided about an event (the others are about a mention's place and themes).
EVENT_ACTIONS = ("accept", "reject", "edit", "reset")
STATUSES = ("auto", "reviewed", "rejected")
CONTEXT = 40  # characters of text kept on each side of a decision's words

#: (start, end, link, cue place id or "" | event "kind:place id")
Key = tuple[int, int, str, str]


def mention_key(start: int, end: int, link: str, auto_place_id: str | None) -> Key:
    """How a decision names its mention (see the module docstring)."""
    return (start, end, link, (auto_place_id or "") if link == "cue" else "")


def event_key(start: int, end: int, auto_kind: str, auto_place_id: str) -> Key:
    """How a decision names its event: the words of its place, with the kind and place the
    parser gave it (what an edit changes is not part of the key)."""
    return (start, end, "event", f"{auto_kind}:{auto_place_id}")


def now() -> str:
    """The time a decision is stored with: UTC, ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Decision:
    """One decision of the analyst. ``start``/``end`` index the brief's reading text and
    ``surface`` is the text there; ``prefix``/``suffix`` the text just before and after.

    ``place`` is the place a decision sets (reassign, add) or confirms (accept); ``lat``,
    ``lon`` the point a move sets; ``precision`` and ``themes`` what those decisions set.
    ``cue_place_id`` is the parser's place of a cue link (part of the mention's key).

    For an event (``link="event"``): ``cue_place_id`` and ``event_kind`` are the parser's
    place and kind (its key); an ``edit`` sets ``kind``, ``place``, ``date`` (an ISO day or
    month, "" for none) or ``actor``, each None when the edit leaves it."""

    brief_id: str
    start: int
    end: int
    surface: str
    action: str
    link: str = "name"
    cue_place_id: str = ""
    place: Place | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    themes: tuple[str, ...] | None = None
    note: str = ""
    created_at: str = field(default_factory=now)
    prefix: str = ""
    suffix: str = ""
    id: int | None = None  # set by the store
    attached: bool = True  # False: its words were not found when the brief was last parsed
    event_kind: str = ""
    kind: str | None = None
    date: str | None = None
    actor: str | None = None

    def check(self) -> None:
        """Raise ``ValueError`` unless the decision says all its action needs (a decision
        read back from the log is taken as it was stored)."""
        if self.action not in ACTIONS:
            raise ValueError(f"unknown review action {self.action!r} (one of {ACTIONS})")
        if self.end <= self.start:
            raise ValueError("a decision is about at least one character of the text")
        if self.action in ("reassign", "add") and self.place is None:
            raise ValueError(f"a {self.action} decision names the place")
        if self.action == "move" and (self.lat is None or self.lon is None):
            raise ValueError("a move gives the new point")
        if self.action == "move" and not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError(f"({self.lat}, {self.lon}) is not a point on the Earth")
        if self.action == "precision" and self.precision not in PRECISIONS:
            raise ValueError(f"precision {self.precision!r} is not one of {PRECISIONS}")
        if self.action == "themes" and self.themes is None:
            raise ValueError("a themes decision gives the themes (possibly none)")
        if self.link == "event":
            self._check_event()
        elif self.action == "edit":
            raise ValueError("an edit is a decision about an event")

    def _check_event(self) -> None:
        if self.action not in EVENT_ACTIONS:
            raise ValueError(f"an event is not decided by {self.action!r} (one of {EVENT_ACTIONS})")
        if not (self.event_kind and self.cue_place_id):
            raise ValueError("a decision about an event names the parser's kind and place")
        if self.action != "edit":
            return
        if (self.kind, self.place, self.date, self.actor) == (None, None, None, None):
            raise ValueError("an edit changes the kind, the place, the date or the actor")
        if self.kind is not None and self.kind not in EVENT_KINDS:
            raise ValueError(f"event kind {self.kind!r} is not one of {EVENT_KINDS}")
        if self.date and not _is_day_or_month(self.date):
            raise ValueError(f"{self.date!r} is not a day (2025-09-12) or a month (2025-09)")

    @property
    def key(self) -> Key:
        if self.link == "event":
            return event_key(self.start, self.end, self.event_kind, self.cue_place_id)
        return (self.start, self.end, self.link, self.cue_place_id if self.link == "cue" else "")

    def describe(self) -> str:
        """One line for a report: what was decided about which words, when."""
        what = self.action
        if self.place is not None and self.action in ("reassign", "add", "accept", "edit"):
            what += f" {self.place.name}"
        if self.link == "event":
            what += f" {self.event_kind} event at"
        return f"{what} {self.surface!r} at {self.start}–{self.end} ({self.created_at})"


def _is_day_or_month(text: str) -> bool:
    try:
        if len(text) == 7:
            datetime.strptime(text, "%Y-%m")
        elif len(text) == 10:
            datetime.strptime(text, "%Y-%m-%d")
        else:
            return False
    except ValueError:
        return False
    return True


def anchored(brief_id: str, reading: str, start: int, end: int, action: str, **fields) -> Decision:
    """A decision about ``reading[start:end]``, with its surface and context taken from
    the text (``fields`` as :class:`Decision`'s)."""
    if not (0 <= start < end <= len(reading)):
        raise ValueError(f"{start}–{end} is not a span of the brief's text")
    d = Decision(
        brief_id=brief_id,
        start=start,
        end=end,
        surface=reading[start:end],
        action=action,
        prefix=reading[max(0, start - CONTEXT) : start],
        suffix=reading[end : end + CONTEXT],
        **fields,
    )
    d.check()
    return d


@dataclass
class Reviewed:
    """A mention as the map shows it: the parser's (``auto_*``) with the decisions about
    it applied. ``auto_place_id`` is None for a mention the analyst added."""

    mention: Mention
    status: str = "auto"
    auto_place: Place | None = None
    auto_themes: tuple[str, ...] = ()
    note: str = ""
    reviewed_at: str | None = None

    @classmethod
    def automatic(cls, m: Mention) -> Reviewed:
        return cls(m, "auto", m.place, tuple(m.themes))

    @property
    def auto_place_id(self) -> str | None:
        return self.auto_place.id if self.auto_place is not None else None

    @property
    def key(self) -> Key:
        m = self.mention
        return mention_key(m.start, m.end, m.link, self.auto_place_id)


# -- re-attaching decisions to a new text ----------------------------------------------------
def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_head(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def locate(d: Decision, reading: str) -> tuple[int, int] | None:
    """Where the words of ``d`` are in ``reading``: the same span when the same words are
    still there; else the occurrence of the words whose surrounding text matches the
    decision's best (the only occurrence, or one clearly better than the others); else None."""
    n = len(d.surface)
    if reading[d.start : d.end] == d.surface:
        return d.start, d.end
    scores: list[tuple[int, int]] = []
    pos = reading.find(d.surface)
    while pos >= 0:
        before = reading[max(0, pos - CONTEXT) : pos]
        after = reading[pos + n : pos + n + CONTEXT]
        scores.append((_common_tail(d.prefix, before) + _common_head(d.suffix, after), pos))
        pos = reading.find(d.surface, pos + 1)
    if not scores:
        return None
    scores.sort(reverse=True)
    best, at = scores[0]
    if len(scores) == 1 or (best > scores[1][0] and best >= 8):
        return at, at + n
    return None


def reattach(decisions: Sequence[Decision], reading: str) -> tuple[list[Decision], list[Decision]]:
    """The decisions moved to where their words are in ``reading`` (attached), and those
    whose words were not found (kept as they were, ``attached=False``). Decisions about
    the same mention move together: they are located once."""
    found: dict[Key, tuple[int, int] | None] = {}
    attached: list[Decision] = []
    lost: list[Decision] = []
    for d in decisions:
        if d.key not in found:
            found[d.key] = locate(d, reading)
        span = found[d.key]
        if span is None:
            lost.append(replace(d, attached=False))
        else:
            attached.append(replace(d, start=span[0], end=span[1], attached=True))
    return attached, lost


# -- applying decisions ----------------------------------------------------------------------
@dataclass
class _State:
    status: str | None = None  # None: as the parser said
    place: Place | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    themes: tuple[str, ...] | None = None
    note: str = ""
    at: str | None = None
    kind: str | None = None  # an event's, as edited
    date: str | None = None
    actor: str | None = None


def fold(decisions: Iterable[Decision]) -> _State:
    """The net effect of one mention's decisions, applied in order. Any decision but a
    reject makes the mention reviewed (and takes back an earlier reject); a re-assignment
    drops an earlier move or precision (they were about the other place); reset forgets
    everything before it. An edit (of an event) sets the fields it gives, over earlier
    edits."""
    s = _State()
    for d in decisions:
        if d.action == "reset":
            s = _State(at=d.created_at)
            continue
        s.at = d.created_at
        if d.note:
            s.note = d.note
        if d.action == "reject":
            s.status = "rejected"
            continue
        s.status = "reviewed"
        if d.action in ("accept", "reassign", "add") and d.place is not None:
            # an accept pins the place it confirmed: a later parse choosing another one
            # does not undo the analyst's word
            s.place = d.place
            if d.action == "reassign":
                s.lat = s.lon = s.precision = None
        elif d.action == "move" and d.lat is not None and d.lon is not None:
            s.lat, s.lon = d.lat, d.lon
        elif d.action == "precision":
            s.precision = d.precision
        elif d.action == "themes":
            s.themes = tuple(d.themes or ())
        elif d.action == "edit":
            s.place = d.place or s.place
            s.kind = d.kind if d.kind is not None else s.kind
            s.date = d.date if d.date is not None else s.date
            s.actor = d.actor if d.actor is not None else s.actor
    return s


def derived_place(base: Place, brief_id: str, key: Key, state: _State) -> Place:
    """``base`` as the analyst placed it for one mention: moved, or at another precision.
    Its id (``rv:…``) is made from the brief, the mention and the values, so that a new
    move makes a new place rather than changing one another mention may point to."""
    lat = state.lat if state.lat is not None else base.lat
    lon = state.lon if state.lon is not None else base.lon
    precision = state.precision or base.precision
    digest = hashlib.sha256(repr((brief_id, key, base.id, lat, lon, precision)).encode())
    changed = []
    if state.lat is not None:
        changed.append("moved")
    if state.precision:
        changed.append(f"precision set to {precision}")
    return Place(
        id="rv:" + digest.hexdigest()[:16],
        name=base.name,
        name_pl=base.name_pl,
        kind=base.kind,
        country=base.country,
        lat=lat,
        lon=lon,
        precision=precision,
        source=f"{base.source}; {' and '.join(changed)} by the analyst in review (was {base.id})",
        population=base.population,
        names=base.names,
        attrs={**base.attrs, "reviewed_from": base.id},
    )


def apply(
    brief_id: str,
    automatic: Sequence[Reviewed],
    decisions: Sequence[Decision],
    make: Callable[[Decision, Place], Mention],
) -> list[Reviewed]:
    """The mentions of one brief as the map shows them: each automatic mention (status
    "auto", the parser's place and themes, as :meth:`Reviewed.automatic` makes them) with
    its attached decisions folded in; a mention the decisions add (an "add", or an accepted
    or re-assigned mention the parser no longer finds) made by ``make``. Sorted by text
    position. Unattached decisions, and those about events, are ignored."""
    by_key: dict[Key, list[Decision]] = {}
    for d in decisions:
        if d.attached and d.link != "event":  # events have theirs: briefmap.event_review
            by_key.setdefault(d.key, []).append(d)
    out: list[Reviewed] = []
    seen: set[Key] = set()
    for r in automatic:
        ds = by_key.get(r.key)
        seen.add(r.key)
        out.append(_applied(brief_id, r, ds) if ds else r)
    for key, ds in by_key.items():
        if key in seen:
            continue
        state = fold(ds)
        if state.status != "reviewed" or state.place is None:
            continue  # a reject, or a reset, of words the parser no longer links
        last = ds[-1]
        m = make(last, state.place)
        out.append(_applied(brief_id, Reviewed(m, "auto", None, tuple(m.themes)), ds))
    out.sort(key=lambda r: (r.mention.start, r.mention.end, r.mention.place.id))
    return out


def _applied(brief_id: str, r: Reviewed, ds: Sequence[Decision]) -> Reviewed:
    state = fold(ds)
    if state.status is None:  # reset: as the parser said (an added mention goes)
        return Reviewed(r.mention, "auto", r.auto_place, r.auto_themes)
    m = r.mention
    place = state.place or m.place
    if state.lat is not None or state.precision:
        place = derived_place(place, brief_id, r.key, state)
    themes = state.themes if state.themes is not None else r.auto_themes
    evidence = dict(m.theme_evidence)
    for t in themes:
        evidence.setdefault(t, ("set by the analyst",))
    mention = replace(
        m,
        place=place,
        themes=tuple(themes),
        theme_evidence={t: evidence[t] for t in themes},
    )
    return Reviewed(mention, state.status, r.auto_place, r.auto_themes, state.note, state.at)
