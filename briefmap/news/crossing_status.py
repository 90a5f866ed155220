"""A crossing's status over time: the curated history (``geodata/places.toml``) and the
events of the briefs (closures, openings, restrictions) in one timeline, each change with
its source, and the days on which two sources disagree.

The days a record speaks of: a curated record from ``since`` until the day before
``until`` (no ``until``: still in force, so up to any later day); a brief's event from its
day until the day the brief was published (it reports the status as it stood then, not
for ever after). Two records disagree when their days overlap and their statuses cannot
both hold (:func:`~briefmap.news.items.disagree`: closed against open or restricted).
Disagreements are shown, never settled: the timeline keeps both records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from briefmap.news.items import (
    EVENT_STATUS,
    StatusRecord,
    as_day,
    curated_status_records,
    disagree,
    status_records_from_events,
)

#: the last day of "still in force" (a curated status with no end)
_OPEN_END = date(9999, 12, 31)


@dataclass(frozen=True)
class Disagreement:
    """Two sources giving a place statuses that cannot both hold on the days ``days``
    (first and last, ISO)."""

    first: StatusRecord
    second: StatusRecord
    days: tuple[str, str]


@dataclass
class StatusTimeline:
    """A place's status records (curated and from briefs), oldest first, and the
    disagreements among them."""

    place_id: str
    records: list[StatusRecord] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)


def record_days(r: StatusRecord, reported: Mapping[str, date]) -> tuple[date, date]:
    """The first and last day ``r`` speaks of (see the module's docstring); ``reported``:
    the publication day of each brief."""
    if r.until is not None:
        return r.since, max(r.since, r.until - timedelta(days=1))
    if r.brief_id is None:
        return r.since, _OPEN_END
    return r.since, max(r.since, reported.get(r.brief_id, r.since))


def _curated(place: Mapping) -> list[StatusRecord]:
    """A curated place (``load_curated`` record, status keys at top level) or a store row
    (status keys in ``attrs``)."""
    row = place if "attrs" in place else {"id": place["id"], "attrs": place}
    return curated_status_records(row)


def status_timeline(place: Mapping, events: Iterable[Mapping]) -> StatusTimeline:
    """The timeline of ``place`` (a curated crossing or a store place row): its curated
    records and the records of those ``events`` (``Store.events`` rows or parse records)
    that are about it and give a status (closure, opening, restriction); planned or
    hypothetical events and undated ones give none. Disagreements pair records of two
    different sources (the curated history, or a brief) only."""
    pid = str(place["id"])
    mine = []
    reported: dict[str, date] = {}
    for ev in events:
        p = ev.get("place") or {}
        if str(p.get("place_id") or p.get("id") or "") != pid:
            continue
        if ev.get("kind") not in EVENT_STATUS:
            continue
        mine.append(ev)
        day = as_day(str(ev.get("published_start") or "")[:10])
        if day and ev.get("brief_id"):
            reported[str(ev["brief_id"])] = day
    records = sorted(
        _curated(place) + status_records_from_events(mine),
        key=lambda r: (r.since, r.brief_id or ""),
    )
    out = StatusTimeline(pid, records)
    for i, a in enumerate(records):
        a0, a1 = record_days(a, reported)
        for b in records[i + 1 :]:
            # sorted by their first day: once one starts after a's last, all later do too
            # (hundreds of reports of one crossing in an archive made this quadratic)
            if b.since > a1:
                break
            if a.brief_id == b.brief_id or not disagree(a.status, b.status):
                continue
            b0, b1 = record_days(b, reported)
            first, last = max(a0, b0), min(a1, b1)
            if first <= last:
                end = "" if last == _OPEN_END else last.isoformat()
                out.disagreements.append(Disagreement(a, b, (first.isoformat(), end)))
    return out


def timeline_rows(t: StatusTimeline) -> dict:
    """The timeline as plain data for a map popup: ``changes`` (day, status, ``source`` the
    curated source text or None, ``brief_id``, ``excerpt``) and ``disagreements`` (``days``
    and the two sides, each a change)."""

    def row(r: StatusRecord) -> dict:
        return {
            "since": r.since.isoformat(),
            "until": r.until.isoformat() if r.until else "",
            "status": r.status,
            "source": r.source if r.brief_id is None else None,
            "brief_id": r.brief_id,
            "excerpt": r.excerpt,
        }

    return {
        "changes": [row(r) for r in t.records],
        "disagreements": [
            {"days": list(d.days), "sides": [row(d.first), row(d.second)]} for d in t.disagreements
        ],
    }
