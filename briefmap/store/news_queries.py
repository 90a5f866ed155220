"""The queries of the news of a brief (``briefmap.news``): what the archive held before a
brief — the last mention of each of its places, the earlier flows from or to where its
flows go — and which briefs came before it.

"Before a brief" is the archive's order: by day (the publication date, else the day it was
added), then by the time it was added, then by id, so that two briefs of one day are told
apart and a brief is never before itself. Every question is asked per place or per route
end on an index (``mentions_place_newest``, ``flows_origin``, ``flows_destination``), so it
costs the same at 10,000 briefs as at two."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from briefmap.store.query_base import QueryBase
from briefmap.store.rows import flow_dict, place_dict

#: a brief's day in the archive's order: its publication date, else the day it was added
_DAY = "coalesce(b.date_start, substr(b.added_at, 1, 10))"
#: (day, added_at, id) of brief ``b`` before the bound (day, added_at, id)
_BEFORE = f"({_DAY}, b.added_at, b.id) < (?, ?, ?)"


class NewsQueries(QueryBase):
    """Queries on the archive as it stood before a brief."""

    def news_brief(self, brief_id: str) -> dict | None:
        """One brief's citation and its place in the archive's order: ``day`` (publication
        date, else the day added), ``added_at``, ``date_start``/``date_end``; None if the
        store has no such brief."""
        r = self.con.execute(
            "SELECT b.id, b.title, b.title_is_descriptive, b.publisher, b.series, b.date_start,"
            f" b.date_end, b.added_at, b.language, b.origin, b.url, {_DAY} AS day"
            " FROM briefs b WHERE b.id = ?",
            (brief_id,),
        ).fetchone()
        return dict(r) if r else None

    @staticmethod
    def _bound(brief: dict) -> tuple[str, str, str]:
        return (brief["day"], brief["added_at"], brief["id"])

    def brief_places(self, brief_id: str) -> list[dict]:
        """The places a brief mentions (rejected mentions left out), in the order it first
        mentions them: the place's columns (``attrs`` decoded), ``mentions`` in this brief,
        and its first mention's ``start``/``end`` (reading text), ``excerpt``,
        ``excerpt_start``/``excerpt_end`` and ``date_min``/``date_max``."""
        rows = self.con.execute(
            "SELECT p.*, s.n AS mentions, s.start, s.stop, s.excerpt, s.excerpt_start,"
            " s.excerpt_end, s.date_min, s.date_max FROM (SELECT m.place_id, m.start,"
            ' m."end" AS stop, m.excerpt, m.excerpt_start, m.excerpt_end, m.date_min,'
            " m.date_max, count(*) OVER (PARTITION BY m.place_id) AS n, row_number() OVER"
            " (PARTITION BY m.place_id ORDER BY m.start, m.id) AS k FROM mentions m"
            " WHERE m.brief_id = ? AND m.status <> 'rejected') s"
            " JOIN places p ON p.id = s.place_id WHERE s.k = 1 ORDER BY s.start",
            (brief_id,),
        ).fetchall()
        out = []
        for r in rows:
            d = place_dict(r)
            d.update(
                mentions=r["mentions"],
                start=r["start"],
                end=r["stop"],
                excerpt=r["excerpt"],
                excerpt_start=r["excerpt_start"],
                excerpt_end=r["excerpt_end"],
                date_min=r["date_min"],
                date_max=r["date_max"],
            )
            out.append(d)
        return out

    def last_mention_before(self, place_id: str, brief: dict) -> dict | None:
        """The latest mention of ``place_id`` (not rejected) in a brief before ``brief`` (a
        :meth:`news_brief` row): ``brief_id``, ``day``, ``title``, ``excerpt``, ``start``;
        None if the archive never mentioned it before."""
        cols = (
            "SELECT m.brief_id, m.start, m.excerpt, b.title, b.title_is_descriptive,"
            f" {_DAY} AS day FROM mentions m JOIN briefs b ON b.id = m.brief_id"
        )
        day, added, bid = self._bound(brief)
        found = []
        # an earlier day: the newest first on mentions_place_newest, one row
        r = self.con.execute(
            cols + " WHERE m.place_id = ? AND m.published < ? AND m.status <> 'rejected'"
            " ORDER BY m.published DESC LIMIT 1",
            (place_id, day),
        ).fetchone()
        if r:
            found.append(dict(r))
        # the same day added earlier, and briefs with no date (their day is when added)
        for cond in ("m.published = ?", "m.published IS NULL"):
            args: tuple = (place_id, day) if "?" in cond else (place_id,)
            r = self.con.execute(
                cols + f" WHERE m.place_id = ? AND {cond} AND m.status <> 'rejected'"
                f" AND {_BEFORE} ORDER BY {_DAY} DESC, b.added_at DESC, b.id DESC LIMIT 1",
                (*args, day, added, bid),
            ).fetchone()
            if r:
                found.append(dict(r))
        return max(found, key=lambda d: d["day"]) if found else None

    def flows_before(
        self, brief: dict, origins: Iterable[str] = (), ends: Iterable[str] = ()
    ) -> list[dict]:
        """Flows of the briefs before ``brief`` (a :meth:`news_brief` row) that start at
        one of ``origins`` or end at one of ``ends`` (place ids), as ``Store.flows`` rows
        with the brief's ``day`` and ``added_at``; each found on the flows' end indexes."""
        out: dict[int, dict] = {}
        for col, ids in (("origin", origins), ("destination", ends)):
            ids = sorted(set(ids))
            for k in range(0, len(ids), 400):  # SQLite's limit on bound parameters
                chunk = ids[k : k + 400]
                rows = self.con.execute(
                    "SELECT fl.*, b.title, b.title_is_descriptive, b.publisher,"
                    f" b.date_start AS published_start, b.date_end AS published_end,"
                    f" b.added_at, {_DAY} AS day FROM flows fl JOIN briefs b ON"
                    f" b.id = fl.brief_id WHERE json_extract(fl.{col}, '$.place_id') IN"
                    f" ({','.join('?' * len(chunk))}) AND {_BEFORE}",
                    (*chunk, *self._bound(brief)),
                ).fetchall()
                for r in rows:
                    out.setdefault(r["id"], flow_dict(r))
        return sorted(out.values(), key=lambda d: (d["day"], d["added_at"], d["brief_id"]))

    def briefs_before(self, brief: dict, ids: Sequence[str]) -> dict[str, dict]:
        """Of the brief ids ``ids``, those before ``brief``, each with its citation and
        ``day``."""
        out: dict[str, dict] = {}
        ids = list(dict.fromkeys(ids))
        for k in range(0, len(ids), 400):
            chunk = ids[k : k + 400]
            for r in self.con.execute(
                "SELECT b.id, b.title, b.title_is_descriptive, b.publisher, b.date_start,"
                f" b.date_end, b.added_at, {_DAY} AS day FROM briefs b WHERE b.id IN"
                f" ({','.join('?' * len(chunk))}) AND {_BEFORE}",
                (*chunk, *self._bound(brief)),
            ):
                out[r["id"]] = dict(r)
        return out
