"""The briefs' queries: the list of briefs (library, briefing and review pages), one
brief's texts and a page of its reading text with the mentions to mark (the reader), its
review status counts and the analyst's decisions about it (the review page)."""

from __future__ import annotations

from briefmap.store.query_base import QueryBase
from briefmap.store.review_log import read_decisions
from briefmap.store.rows import unpack_offsets


class BriefQueries(QueryBase):
    """The reader's, the review page's and the library's queries."""

    def briefs(self) -> list[dict]:
        """Brief metadata (no texts), newest first."""
        rows = self.con.execute(
            "SELECT id, path, title, title_is_descriptive, publisher, series, author,"
            " date_start, date_end, date_note, language, url, origin, added_at, file_name"
            " FROM briefs"
            " ORDER BY date_start DESC, id"
        ).fetchall()
        return [dict(r) for r in rows]

    def brief(self, brief_id: str) -> dict | None:
        """One brief with its texts and offset map."""
        r = self.con.execute("SELECT * FROM briefs WHERE id = ?", (brief_id,)).fetchone()
        if r is None:
            return None
        d = dict(r)
        d["offsets"] = unpack_offsets(d["offsets"])
        return d

    def reading(self, brief_id: str) -> str | None:
        """The reading text of one brief alone (no original, no offset map)."""
        r = self.con.execute("SELECT reading FROM briefs WHERE id = ?", (brief_id,)).fetchone()
        return None if r is None else r[0]

    def reading_slice(self, brief_id: str, start: int, end: int) -> str:
        """``reading[start:end]`` of one brief, cut in SQL: a page of a long brief is read
        without the rest of it."""
        r = self.con.execute(
            "SELECT substr(reading, ?, ?) FROM briefs WHERE id = ?",
            (int(start) + 1, max(0, int(end) - int(start)), brief_id),
        ).fetchone()
        return "" if r is None else r[0]

    def reader_mentions(self, brief_id: str, start: int, end: int) -> list[dict]:
        """The mentions of one brief within ``[start, end)`` of its reading text, as the
        reader marks them: offsets, place id and names, link, status; rejected ones left out."""
        rows = self.con.execute(
            'SELECT m.start, m."end", m.place_id, m.link, m.status, p.name AS place_name,'
            " p.name_pl AS place_name_pl FROM mentions m JOIN places p ON p.id = m.place_id"
            ' WHERE m.brief_id = ? AND m.start >= ? AND m."end" <= ?'
            " AND m.status <> 'rejected' ORDER BY m.start",
            (brief_id, int(start), int(end)),
        ).fetchall()
        return [dict(r) for r in rows]

    def status_counts(self, brief_id: str | None = None) -> dict[str, int]:
        """How many mentions (of one brief, or all) are automatic, reviewed, rejected."""
        sql = "SELECT status, count(*) AS n FROM mentions"
        args: tuple = ()
        if brief_id is not None:
            sql += " WHERE brief_id = ?"
            args = (brief_id,)
        counts = dict.fromkeys(("auto", "reviewed", "rejected"), 0)
        for r in self.con.execute(sql + " GROUP BY status", args):
            counts[r["status"]] = r["n"]
        return counts

    def decisions(self, brief_id: str) -> list[dict]:
        """The analyst's decisions about one brief, oldest first: ``action``, the words
        (``surface``, ``start``, ``end``), ``place_id``/``place_name``, ``lat``/``lon``,
        ``precision``, ``themes``, ``note``, ``created_at``, ``attached`` (False: its words
        were not found when the brief was last parsed); about an event (``link`` "event"),
        ``event_kind`` (the parser's) and the ``kind``, ``date`` and ``actor`` an edit set."""
        out = []
        for d in read_decisions(self.con, brief_id):
            out.append(
                {
                    "id": d.id,
                    "action": d.action,
                    "surface": d.surface,
                    "start": d.start,
                    "end": d.end,
                    "link": d.link,
                    "place_id": d.place.id if d.place else None,
                    "place_name": d.place.name if d.place else None,
                    "place_name_pl": d.place.name_pl if d.place else None,
                    "lat": d.lat,
                    "lon": d.lon,
                    "precision": d.precision,
                    "themes": list(d.themes) if d.themes is not None else None,
                    "note": d.note,
                    "created_at": d.created_at,
                    "attached": d.attached,
                    "event_kind": d.event_kind,
                    "kind": d.kind,
                    "date": d.date,
                    "actor": d.actor,
                }
            )
        return out
