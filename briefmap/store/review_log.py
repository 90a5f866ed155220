"""Review storage: the analyst's decisions (``briefmap.decisions``) as the ``reviews`` log.

The log is kept for good: a decision is appended, never edited, but for its anchor (where
its words are after a re-parse, :func:`move_decisions`). What a decision means, and how it
is applied to a brief's mentions, is ``briefmap.decisions``'s; this module only stores it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence

from briefmap.decisions import Decision
from briefmap.store.rows import place_from_row, place_json
from briefmap.store.writes import write_place


def insert_decision(con: sqlite3.Connection, d: Decision) -> int:
    """Append a decision to the log; returns its id. Call inside a transaction."""
    if d.place is not None:
        write_place(con, d.place)
    cur = con.execute(
        'INSERT INTO reviews (brief_id, start, "end", surface, prefix, suffix, link,'
        " cue_place_id, action, place_id, place, lat, lon, precision, themes, note,"
        " created_at, attached, event_kind, kind, date, actor)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            d.brief_id,
            d.start,
            d.end,
            d.surface,
            d.prefix,
            d.suffix,
            d.link,
            d.cue_place_id if d.link in ("cue", "event") else "",
            d.action,
            d.place.id if d.place else None,
            place_json(d.place) if d.place else None,
            d.lat,
            d.lon,
            d.precision,
            json.dumps(list(d.themes)) if d.themes is not None else None,
            d.note or "",
            d.created_at,
            int(d.attached),
            d.event_kind if d.link == "event" else "",
            d.kind,
            d.date,
            d.actor,
        ),
    )
    return cur.lastrowid


def _decision(r: Mapping) -> Decision:
    return Decision(
        brief_id=r["brief_id"],
        start=r["start"],
        end=r["end"],
        surface=r["surface"],
        action=r["action"],
        link=r["link"],
        cue_place_id=r["cue_place_id"] or "",
        place=place_from_row(json.loads(r["place"])) if r["place"] else None,
        lat=r["lat"],
        lon=r["lon"],
        precision=r["precision"],
        themes=tuple(json.loads(r["themes"])) if r["themes"] is not None else None,
        note=r["note"] or "",
        created_at=r["created_at"],
        prefix=r["prefix"] or "",
        suffix=r["suffix"] or "",
        id=r["id"],
        attached=bool(r["attached"]),
        event_kind=r["event_kind"] or "",
        kind=r["kind"],
        date=r["date"],
        actor=r["actor"],
    )


def read_decisions(con: sqlite3.Connection, brief_id: str | None = None) -> list[Decision]:
    """The decisions about one brief (or all), in the order they were made."""
    if brief_id is None:
        rows = con.execute("SELECT * FROM reviews ORDER BY id")
    else:
        rows = con.execute("SELECT * FROM reviews WHERE brief_id = ? ORDER BY id", (brief_id,))
    return [_decision(r) for r in rows]


def move_decisions(con: sqlite3.Connection, decisions: Sequence[Decision]) -> None:
    """Store where each decision's words are now (after a re-parse) and whether they were
    found. Its action, place, note and time never change."""
    con.executemany(
        'UPDATE reviews SET start = ?, "end" = ?, attached = ? WHERE id = ?',
        [(d.start, d.end, int(d.attached), d.id) for d in decisions if d.id is not None],
    )
