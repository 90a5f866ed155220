"""Writing what a build derives: a brief with its mentions (and their places), its flows
and its events, the deletes that make room for a re-parse, and a brief's metadata.

Call every function inside a :func:`~briefmap.store.transactions.transaction`. A brief is
written whole by :func:`write_brief`; each record kind a stage finds in it has its own
writer here (:func:`write_mentions`, :func:`_write_flow`, :func:`write_events`), and its
rows go with the brief (``ON DELETE CASCADE``) or are removed by :func:`delete_mentions`,
:func:`delete_events` and :func:`clear_derived`."""

from __future__ import annotations

import calendar
import json
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date

from briefmap.analysis.flows import Endpoint, Flow
from briefmap.decisions import Reviewed
from briefmap.event_review import ReviewedEvent
from briefmap.model import Brief, Event, Mention, Place
from briefmap.store.rows import iso, pack_offsets, place_row, text_sha256
from briefmap.store.schema import forget_themes, has_fts, summarise_themes
from briefmap.store.transactions import now


def write_place(con: sqlite3.Connection, place: Place) -> None:
    """Insert ``place`` unless its id is stored already."""
    con.execute("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", place_row(place))


def write_brief(
    con: sqlite3.Connection,
    brief: Brief,
    mentions: Sequence[Mention | Reviewed] = (),
    origin: str = "corpus",
    flows: Sequence[Flow] = (),
    places: Mapping[str, Place] | None = None,
    *,
    events: Sequence[Event | ReviewedEvent] = (),
    added_at: str | None = None,
    file_sha256: str | None = None,
    file_name: str | None = None,
) -> None:
    """Insert (or replace) one brief with its mentions, flows and events. ``places`` gives
    the places at the ends of the flows by id (an end not found there is stored from what
    the flow says of it). Call inside a transaction."""
    delete_brief(con, brief.id)
    con.execute(
        "INSERT INTO briefs (id, path, title, title_is_descriptive, publisher, series, author,"
        " date_start, date_end, date_note, language, url, original, reading, offsets, sha256,"
        " origin, added_at, file_sha256, file_name)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            brief.id,
            brief.path,
            brief.title,
            int(brief.title_is_descriptive),
            brief.publisher,
            brief.series,
            brief.author,
            iso(brief.date_start),
            iso(brief.date_end),
            brief.date_note,
            brief.language,
            brief.url,
            brief.original,
            brief.reading,
            pack_offsets(brief.offsets),
            text_sha256(brief.original),
            origin,
            added_at or now(),
            file_sha256,
            file_name,
        ),
    )
    # the records the stages found in the brief, one writer per kind
    write_mentions(con, brief, mentions)
    for fl in flows:
        _write_flow(con, brief, fl, places or {})
    write_events(con, brief, events)


def delete_brief(con: sqlite3.Connection, brief_id: str) -> None:
    """Remove a brief with its mentions and flows (its decisions stay in the log)."""
    delete_mentions(con, brief_id)
    con.execute("DELETE FROM briefs WHERE id = ?", (brief_id,))


def delete_mentions(con: sqlite3.Connection, brief_id: str) -> None:
    """Remove the mentions of one brief, and their excerpts from the search index."""
    if has_fts(con):
        con.execute(
            "INSERT INTO excerpt_fts(excerpt_fts, rowid, excerpt)"
            " SELECT 'delete', id, excerpt FROM mentions WHERE brief_id = ?",
            (brief_id,),
        )
    forget_themes(con, brief_id)
    con.execute("DELETE FROM mentions WHERE brief_id = ?", (brief_id,))


def write_mentions(
    con: sqlite3.Connection, brief: Brief, mentions: Sequence[Mention | Reviewed]
) -> None:
    """Insert mentions of ``brief`` (a plain :class:`Mention` is stored as the parser's:
    status "auto"). Call inside a transaction."""
    fts = has_fts(con)
    published = iso(brief.date_start)
    for item in mentions:
        r = item if isinstance(item, Reviewed) else Reviewed.automatic(item)
        m = r.mention
        write_place(con, m.place)
        if r.auto_place is not None and r.auto_place.id != m.place.id:
            write_place(con, r.auto_place)  # what the parser said, for a reset
        starts = [d[1] for d in m.dates]
        ends = [d[2] for d in m.dates]
        cur = con.execute(
            'INSERT INTO mentions (brief_id, start, "end", surface, place_id, link, evidence,'
            " confidence, excerpt_start, excerpt_end, orig_start, orig_end,"
            " excerpt_orig_start, excerpt_orig_end, excerpt, themes, theme_evidence, dates,"
            " date_min, date_max, published, n_themes, marks, status, auto_place_id,"
            " auto_themes, review_note, reviewed_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                brief.id,
                m.start,
                m.end,
                m.surface,
                m.place.id,
                m.link,
                m.evidence,
                m.confidence,
                m.excerpt_start,
                m.excerpt_end,
                m.orig_start,
                m.orig_end,
                m.excerpt_orig_start,
                m.excerpt_orig_end,
                m.excerpt,
                json.dumps(list(m.themes)),
                json.dumps({k: list(v) for k, v in m.theme_evidence.items()}, ensure_ascii=False),
                json.dumps(m.dates, ensure_ascii=False),
                min(starts) if starts else None,
                max(ends) if ends else None,
                published,
                len(m.themes),
                json.dumps([list(x) for x in m.marks]),
                r.status,
                r.auto_place_id,
                json.dumps(list(r.auto_themes)),
                r.note or None,
                r.reviewed_at,
            ),
        )
        mid = cur.lastrowid
        if r.status != "rejected":  # the theme index serves the map, which shows no rejects
            con.executemany(
                "INSERT INTO mention_themes VALUES (?, ?, ?)",
                [(t, mid, m.place.id) for t in m.themes],
            )
        if fts:
            con.execute("INSERT INTO excerpt_fts(rowid, excerpt) VALUES (?, ?)", (mid, m.excerpt))
    summarise_themes(con, brief.id)


def _write_flow(
    con: sqlite3.Connection, brief: Brief, fl: Flow, places: Mapping[str, Place]
) -> None:
    ends = [fl.origin, *fl.via, fl.destination, *fl.former]
    for ep in ends:
        if ep is not None:
            write_place(con, places.get(ep.place_id) or _endpoint_place(ep))
    starts = [d[1] for d in fl.dates]
    ends_d = [d[2] for d in fl.dates]

    def one(ep: Endpoint | None) -> str | None:
        return json.dumps(ep.record(), ensure_ascii=False) if ep else None

    countries = sorted({ep.country for ep in ends if ep is not None and ep.country})
    con.execute(
        "INSERT INTO flows (brief_id, kind, commodity, commodity_pl, commodity_words, origin,"
        " via, destination, former, countries, excerpt, excerpt_start, excerpt_end,"
        " excerpt_orig_start, excerpt_orig_end, evidence, confidence, themes, dates,"
        " date_min, date_max, published) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            brief.id,
            fl.kind,
            fl.commodity,
            fl.commodity_pl,
            fl.commodity_words,
            one(fl.origin),
            json.dumps([v.record() for v in fl.via], ensure_ascii=False),
            one(fl.destination),
            json.dumps([v.record() for v in fl.former], ensure_ascii=False),
            json.dumps(countries),
            fl.excerpt,
            fl.excerpt_start,
            fl.excerpt_end,
            fl.excerpt_orig_start,
            fl.excerpt_orig_end,
            json.dumps(list(fl.evidence), ensure_ascii=False),
            fl.confidence,
            json.dumps(list(fl.themes)),
            json.dumps(fl.dates, ensure_ascii=False),
            min(starts) if starts else None,
            max(ends_d) if ends_d else None,
            iso(brief.date_start),
        ),
    )


def delete_events(con: sqlite3.Connection, brief_id: str) -> None:
    """Remove the events of one brief (to write them again with new decisions applied)."""
    con.execute("DELETE FROM events WHERE brief_id = ?", (brief_id,))


def write_events(
    con: sqlite3.Connection, brief: Brief, events: Sequence[Event | ReviewedEvent]
) -> None:
    """Insert events of ``brief`` (a plain :class:`Event` is stored as the parser's: status
    "auto"). Call inside a transaction."""
    for item in events:
        r = item if isinstance(item, ReviewedEvent) else ReviewedEvent.automatic(item)
        _write_event(con, brief, r)


def _write_event(con: sqlite3.Connection, brief: Brief, r: ReviewedEvent) -> None:
    ev, a = r.event, r.auto
    p = ev.place
    write_place(con, p)
    if a.place.id != p.id:
        write_place(con, a.place)  # what the parser said, for a reset
    auto = {"kind": a.kind, "place_id": a.place.id, "date": a.date,
            "date_precision": a.date_precision, "date_surface": a.date_surface,
            "actor": a.actor}  # fmt: skip
    place = {"place_id": p.id, "name": p.name, "name_pl": p.name_pl, "kind": p.kind,
             "country": p.country, "lat": p.lat, "lon": p.lon}  # fmt: skip
    first, last = _date_range(ev.date)
    con.execute(
        'INSERT INTO events (brief_id, kind, place_id, country, place, surface, start, "end",'
        " orig_start, orig_end, trigger, actor, date, date_precision, date_surface, date_min,"
        " date_max, mood, traffic, excerpt, excerpt_start, excerpt_end, excerpt_orig_start,"
        " excerpt_orig_end, evidence, confidence, published, status, auto, review_note,"
        " reviewed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            brief.id,
            ev.kind,
            p.id,
            p.country or None,
            json.dumps(place, ensure_ascii=False),
            ev.surface,
            ev.start,
            ev.end,
            ev.orig_start,
            ev.orig_end,
            ev.trigger,
            ev.actor,
            ev.date,
            ev.date_precision,
            ev.date_surface,
            first,
            last,
            ev.mood,
            json.dumps(list(ev.traffic)),
            ev.excerpt,
            ev.excerpt_start,
            ev.excerpt_end,
            ev.excerpt_orig_start,
            ev.excerpt_orig_end,
            ev.evidence,
            ev.confidence,
            iso(brief.date_start),
            r.status,
            json.dumps(auto, ensure_ascii=False),
            r.note or None,
            r.reviewed_at,
        ),
    )


def _date_range(day: str) -> tuple[str | None, str | None]:
    """First and last day of an event's ISO day or month ("" -> no range)."""
    if len(day) == 10:
        return day, day
    if len(day) == 7:
        y, m = int(day[:4]), int(day[5:])
        return f"{day}-01", f"{day}-{calendar.monthrange(y, m)[1]:02d}"
    return None, None


def _endpoint_place(ep: Endpoint) -> Place:
    kind = "country" if ep.place_id.startswith("cc:") else "place"
    return Place(
        ep.place_id, ep.name, ep.name_pl, kind, ep.country, ep.lat, ep.lon, ep.precision, ""
    )


_METADATA = ("title", "publisher", "series", "author", "date_start", "date_end", "url")


def update_metadata(con: sqlite3.Connection, brief_id: str, fields: Mapping) -> None:
    """Change a stored brief's metadata (``title``, ``publisher``, ``series``, ``author``,
    ``date_start``, ``date_end``, ``url``; dates as ``date`` or ISO text). A title set by
    hand is no longer a descriptive label. Call inside a transaction."""
    unknown = set(fields) - set(_METADATA)
    if unknown:
        raise ValueError(f"not metadata a brief can be given: {sorted(unknown)}")
    sets, args = [], []
    for k, v in fields.items():
        sets.append(f"{k} = ?")
        args.append(
            iso(v) if isinstance(v, date) else (v or None if k.startswith("date") else v or "")
        )
    if "title" in fields:
        sets.append("title_is_descriptive = 0")
    if not sets:
        return
    con.execute(f"UPDATE briefs SET {', '.join(sets)} WHERE id = ?", (*args, brief_id))
    if "date_start" in fields:  # each record kind's copy, for the aggregates
        con.execute(
            "UPDATE mentions SET published = (SELECT date_start FROM briefs WHERE id = ?)"
            " WHERE brief_id = ?",
            (brief_id, brief_id),
        )
        for table in ("flows", "events"):
            con.execute(
                f"UPDATE {table} SET published = (SELECT date_start FROM briefs WHERE id = ?)"
                " WHERE brief_id = ?",
                (brief_id, brief_id),
            )


def clear_derived(con: sqlite3.Connection) -> None:
    """Remove what a build derives (mentions, flows, places) and the corpus briefs; the
    briefs the user added and the decisions stay. Call inside a transaction."""
    if has_fts(con):
        con.execute("INSERT INTO excerpt_fts(excerpt_fts) VALUES ('delete-all')")
    forget_themes(con)
    con.execute("DELETE FROM mention_themes")
    con.execute("DELETE FROM mentions")
    con.execute("DELETE FROM flows")
    con.execute("DELETE FROM events")
    con.execute("DELETE FROM briefs WHERE origin <> 'added'")
    con.execute("DELETE FROM places")
