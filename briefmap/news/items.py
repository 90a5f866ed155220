"""The records of the news of a brief (see :mod:`briefmap.news`): what goes in (a
:class:`StatusRecord`, from the curated history or a brief's events) and what comes out
(:class:`News` and its items), as plain dataclasses."""

from __future__ import annotations

import calendar
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

QUIET_MONTHS = 6
#: flow kinds that say goods move (or will) on a route; "former" says they no longer do
ACTIVE_KINDS = ("current", "rerouted", "planned")


def quiet_months_setting() -> int:
    """The setting ``N``: ``$BRIEFMAP_QUIET_MONTHS`` if it is a whole number ≥ 1, else 6."""
    try:
        n = int(os.environ.get("BRIEFMAP_QUIET_MONTHS", ""))
    except ValueError:
        return QUIET_MONTHS
    return n if n >= 1 else QUIET_MONTHS


@dataclass(frozen=True)
class StatusRecord:
    """A place's status over a period: the input of status changes and of status
    contradictions. ``status``: ``open``/``closed``/``restricted`` for a crossing (events
    may bring others: ``exercise``, ``deployment``…); ``since`` the day it took effect,
    ``until`` the day the next one did (exclusive; None: in force, or not known);
    ``brief_id`` the brief that reports it (None: the curated history); ``excerpt`` its
    words and ``source`` where the fact comes from."""

    place_id: str
    status: str
    since: date
    until: date | None = None
    source: str = ""
    brief_id: str | None = None
    excerpt: str = ""


def curated_status_records(place: Mapping) -> list[StatusRecord]:
    """The status records of a place's curated history (``attrs`` of a store's place row:
    ``status``, ``status_since``, ``status_source``, ``status_history``); none for a place
    that has no status."""
    attrs = place.get("attrs") or {}
    if not attrs.get("status") or not attrs.get("status_since"):
        return []
    pid = str(place["id"])
    out = [
        StatusRecord(
            pid, str(h["status"]), as_day(h["since"]), as_day(h["until"]), str(h.get("source", ""))
        )
        for h in attrs.get("status_history") or ()
    ]
    out.append(
        StatusRecord(
            pid,
            str(attrs["status"]),
            as_day(attrs["status_since"]),
            None,
            str(attrs.get("status_source", "")),
        )
    )
    return sorted(out, key=lambda r: r.since)


#: event kind (``briefmap.analysis.events``) -> the status it gives its place
EVENT_STATUS = {"closure": "closed", "opening": "open", "restriction": "restricted"}
#: the moods of an event that say what is or was (not what is planned or might be)
FACT_MOODS = ("current", "former")


def disagree(a: str, b: str) -> bool:
    """Can statuses ``a`` and ``b`` not both hold on a day? Only a closure against open or
    restricted traffic: "open" and "restricted" may both be said of one crossing (open to
    cars, closed to trucks), and an exercise or a deployment says nothing of its traffic."""
    return {a, b} in ({"closed", "open"}, {"closed", "restricted"})


def status_records_from_events(events: Iterable[Mapping]) -> list[StatusRecord]:
    """Status records from a brief's events, as ``briefmap.records.event_record`` writes them
    (``brief_id``, ``kind``, ``place.place_id``, ``date`` an ISO day or month, ``mood``,
    ``excerpt``): a closure, an opening, a restriction give the place that status from the
    event's day (a month: its first day); any other kind (an exercise, a deployment…) its own
    name. Events with no date, or planned or hypothetical ones, give none."""
    out = []
    for ev in events:
        day = str(ev.get("date") or "")
        if not day or ev.get("mood", "current") not in FACT_MOODS:
            continue
        place = ev.get("place") or {}
        pid = place.get("place_id") or place.get("id")
        if not pid:
            continue
        since = as_day(day if len(day) > 7 else day + "-01")
        kind = str(ev.get("kind") or "")
        out.append(
            StatusRecord(
                str(pid),
                EVENT_STATUS.get(kind, kind),
                since,  # type: ignore[arg-type]
                None,
                str(ev.get("trigger") or kind),
                str(ev.get("brief_id") or "") or None,
                str(ev.get("excerpt") or ""),
            )
        )
    return out


@dataclass
class PlaceNews:
    """A place the brief brings: ``news`` is ``new`` (never mentioned before) or
    ``returning`` (not for ``quiet_months``; ``last_day``/``last_brief``/``last_title`` say
    when and where it last was). ``excerpt`` is the brief's first mention of it."""

    place_id: str
    name: str
    name_pl: str
    kind: str
    country: str
    precision: str
    lat: float
    lon: float
    news: str
    mentions: int
    excerpt: str
    start: int
    end: int
    last_day: str | None = None
    last_brief: str | None = None
    last_title: str | None = None


@dataclass
class StatusChange:
    """A status change of a place the brief mentions: ``change`` is ``closed``,
    ``reopened``, ``opened``, ``restricted`` (or an event's status), from ``previous`` to
    ``status`` on ``day``; ``source`` where the fact comes from, ``brief_id`` the brief
    that reports it (None: the curated history); ``excerpt`` this brief's words about the
    place."""

    place_id: str
    name: str
    name_pl: str
    lat: float
    lon: float
    change: str
    status: str
    previous: str | None
    day: str
    source: str
    brief_id: str | None
    excerpt: str


@dataclass
class FlowNews:
    """A flow of the brief that is news: ``news`` ``new`` (a route no earlier brief gave)
    or ``ended`` (the brief says goods no longer move on it). ``stops`` are the route's
    place ids (origin, via…, destination; for an ended reroute: origin, the route it
    replaced); ``route`` its names."""

    flow_id: int
    news: str
    kind: str
    commodity: str
    commodity_pl: str
    stops: list[str]
    route: str
    route_pl: str
    points: list[tuple[float, float]]
    excerpt: str
    excerpt_start: int
    dates: list


@dataclass
class Side:
    """One side of a contradiction: what a brief says (``claim``) on ``days``, its words."""

    brief_id: str
    title: str
    day: str
    claim: str
    days: tuple[str, str]
    excerpt: str


@dataclass
class Contradiction:
    """This brief and an earlier one disagree about ``about`` (``status`` of a place or a
    ``flow`` route, named ``subject``/``subject_pl``) on the days both name; ``point``
    where to mark it (the place, or the route's end in question)."""

    about: str
    subject: str
    subject_pl: str
    place_ids: list[str]
    this: Side
    earlier: Side
    point: tuple[float, float] | None = None


@dataclass
class News:
    """What a brief adds to the archive before it (see the module's docstring)."""

    brief: dict
    quiet_months: int
    places: list[PlaceNews] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    new_flows: list[FlowNews] = field(default_factory=list)
    ended_flows: list[FlowNews] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing new: every place, route and status was in the archive already."""
        return not (
            self.places
            or self.status_changes
            or self.new_flows
            or self.ended_flows
            or self.contradictions
        )

    def place_ids(self) -> list[str]:
        """Every place the news is about, in the order the sections list them (to mark on a
        map, or to present)."""
        ids: list[str] = [p.place_id for p in self.places]
        ids += [s.place_id for s in self.status_changes]
        for fl in (*self.new_flows, *self.ended_flows):
            ids += fl.stops
        for c in self.contradictions:
            ids += c.place_ids
        return [i for i in dict.fromkeys(ids) if i]

    def to_dict(self) -> dict:
        """The news as plain JSON-ready data."""
        d = asdict(self)
        d["empty"] = self.empty
        d["place_ids"] = self.place_ids()
        return d


def months_before(day: date, n: int) -> date:
    """The day ``n`` calendar months before ``day`` (the month's last day when shorter)."""
    y, m = divmod(day.year * 12 + day.month - 1 - n, 12)
    return date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def as_day(value: object) -> date | None:
    """An ISO day (or the day of an ISO timestamp) as a date; None for none."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
