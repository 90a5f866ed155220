"""The analyst's decisions applied to a brief's events: the events as the map shows them.

Decisions about events are kept in the one review log with the mentions' (``link="event"``,
see ``briefmap.decisions``), re-attached to their words the same way when a brief is parsed
again, and folded the same way (:func:`briefmap.decisions.fold`). This module only says
what a folded decision does to an event: a reject hides it (it is kept, with its status,
for the Review page), an accept marks it reviewed, an edit sets its kind, place, date or
actor, a reset gives back what the parser said.

An event decision whose event the parser no longer finds (its words are there, the event
is not) is not applied, and applies again once the parser finds the event. No SQL, no
Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefmap.decisions import Decision, Key, event_key, fold
from briefmap.model import Event


def date_precision(day: str) -> str:
    """ "day", "month" or "" for an ISO day, an ISO month or no date."""
    return {10: "day", 7: "month"}.get(len(day), "")


@dataclass
class ReviewedEvent:
    """An event as the map shows it (``event``) with what the parser made (``auto``), its
    review ``status`` ("auto", "reviewed", "rejected"), the latest note and time."""

    event: Event
    auto: Event
    status: str = "auto"
    note: str = ""
    reviewed_at: str | None = None

    @classmethod
    def automatic(cls, ev: Event) -> ReviewedEvent:
        return cls(ev, ev)

    @property
    def key(self) -> Key:
        a = self.auto
        return event_key(a.start, a.end, a.kind, a.place.id)


def apply_events(automatic: Sequence[Event], decisions: Sequence[Decision]) -> list[ReviewedEvent]:
    """The parser's events of one brief with their attached decisions applied, in the same
    order (a rejected event is kept, with status "rejected")."""
    by_key: dict[Key, list[Decision]] = {}
    for d in decisions:
        if d.attached and d.link == "event":
            by_key.setdefault(d.key, []).append(d)
    out = []
    for ev in automatic:
        r = ReviewedEvent.automatic(ev)
        ds = by_key.get(r.key)
        out.append(_applied(r, ds) if ds else r)
    return out


def _applied(r: ReviewedEvent, ds: Sequence[Decision]) -> ReviewedEvent:
    state = fold(ds)
    if state.status is None:  # reset: as the parser said
        return r
    ev = r.auto
    shown = replace(
        ev,
        kind=state.kind or ev.kind,
        place=state.place or ev.place,
        actor=state.actor if state.actor is not None else ev.actor,
    )
    if state.date is not None and state.date != ev.date:
        # the date is the analyst's: no words of the text give it
        shown = replace(
            shown, date=state.date, date_precision=date_precision(state.date), date_surface=""
        )
    return ReviewedEvent(shown, ev, state.status, state.note, state.at)
