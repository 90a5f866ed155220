"""What the build and the library read back on the writer's connection, inside their
transaction, to write again: a stored brief to parse again, the mentions as the parser
made them (to apply the decisions anew), the briefs the user added, a duplicate of a new
brief, places by id. The pages read through :class:`~briefmap.store.Store` instead."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from briefmap.decisions import Reviewed
from briefmap.model import Event, Mention, Place
from briefmap.store.rows import place_from_row


def brief_row(con: sqlite3.Connection, brief_id: str) -> dict | None:
    """One stored brief with its texts (offsets packed), or None."""
    r = con.execute("SELECT * FROM briefs WHERE id = ?", (brief_id,)).fetchone()
    return dict(r) if r else None


def added_briefs(con: sqlite3.Connection) -> list[dict]:
    """The briefs the user added, oldest first, with their texts."""
    return [
        dict(r)
        for r in con.execute("SELECT * FROM briefs WHERE origin = 'added' ORDER BY added_at, id")
    ]


def find_duplicate(
    con: sqlite3.Connection, sha256: str | None = None, file_sha256: str | None = None
) -> dict | None:
    """The stored brief with this text hash or this file hash, if any (id, title, origin)."""
    r = con.execute(
        "SELECT id, title, origin, file_name, path FROM briefs WHERE sha256 = ?"
        " OR (file_sha256 IS NOT NULL AND file_sha256 = ?) LIMIT 1",
        (sha256 or "", file_sha256 or ""),
    ).fetchone()
    return dict(r) if r else None


def places_by_id(con: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Place]:
    """The stored places of ``ids`` by id (an id not stored is left out)."""
    out: dict[str, Place] = {}
    ids = list(dict.fromkeys(ids))
    for k in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        chunk = ids[k : k + 500]
        for r in con.execute(
            f"SELECT * FROM places WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            out[r["id"]] = place_from_row(r)
    return out


def read_mentions(con: sqlite3.Connection, brief_id: str) -> tuple[list[Reviewed], list[Mention]]:
    """The mentions of one brief as the parser made them (status "auto", its place and
    themes), and the mentions the analyst added (as stored), in text order."""
    rows = con.execute(
        "SELECT * FROM mentions WHERE brief_id = ? ORDER BY start, id", (brief_id,)
    ).fetchall()
    places = places_by_id(con, [r["auto_place_id"] or r["place_id"] for r in rows])
    automatic: list[Reviewed] = []
    added: list[Mention] = []
    for r in rows:
        auto_themes = tuple(json.loads(r["auto_themes"] or "[]"))
        evidence = {k: tuple(v) for k, v in json.loads(r["theme_evidence"]).items()}
        m = Mention(
            brief_id=brief_id,
            start=r["start"],
            end=r["end"],
            surface=r["surface"],
            place=places[r["auto_place_id"] or r["place_id"]],
            link=r["link"],
            evidence=r["evidence"] or "",
            confidence=r["confidence"] if r["confidence"] is not None else 0.0,
            excerpt_start=r["excerpt_start"],
            excerpt_end=r["excerpt_end"],
            orig_start=r["orig_start"],
            orig_end=r["orig_end"],
            excerpt_orig_start=r["excerpt_orig_start"],
            excerpt_orig_end=r["excerpt_orig_end"],
            excerpt=r["excerpt"],
            themes=auto_themes,
            theme_evidence={t: evidence[t] for t in auto_themes if t in evidence},
            dates=tuple(tuple(d) for d in json.loads(r["dates"])),
            marks=tuple(tuple(x) for x in json.loads(r["marks"])),
        )
        if r["auto_place_id"] is None:
            added.append(m)
        else:
            automatic.append(Reviewed(m, "auto", m.place, auto_themes))
    return automatic, added


def read_events(con: sqlite3.Connection, brief_id: str) -> list[Event]:
    """The events of one brief as the parser made them (what an edit changed given back
    from the row's ``auto``), in the order they were written."""
    rows = con.execute(
        "SELECT * FROM events WHERE brief_id = ? ORDER BY id", (brief_id,)
    ).fetchall()
    autos = [json.loads(r["auto"] or "{}") for r in rows]
    ids = [a.get("place_id") or r["place_id"] for r, a in zip(rows, autos, strict=True)]
    places = places_by_id(con, ids)
    out = []
    for r, a, pid in zip(rows, autos, ids, strict=True):
        out.append(
            Event(
                brief_id=brief_id,
                kind=a.get("kind", r["kind"]),
                place=places[pid],
                start=r["start"],
                end=r["end"],
                surface=r["surface"],
                trigger=r["trigger"],
                actor=a.get("actor", r["actor"]),
                date=a.get("date", r["date"]),
                date_precision=a.get("date_precision", r["date_precision"]),
                date_surface=a.get("date_surface", r["date_surface"]),
                mood=r["mood"],
                traffic=tuple(json.loads(r["traffic"])),
                evidence=r["evidence"],
                confidence=r["confidence"] if r["confidence"] is not None else 0.0,
                excerpt=r["excerpt"],
                excerpt_start=r["excerpt_start"],
                excerpt_end=r["excerpt_end"],
                orig_start=r["orig_start"],
                orig_end=r["orig_end"],
                excerpt_orig_start=r["excerpt_orig_start"],
                excerpt_orig_end=r["excerpt_orig_end"],
            )
        )
    return out
