"""Mention rows with their place and their brief's citation: the panel's list of excerpts,
the briefing's steps (a place's first mention), the exports' stream, a view's sources."""

from __future__ import annotations

from collections.abc import Iterator

from briefmap.store.filter_sql import NO_FILTERS, Filters
from briefmap.store.query_base import QueryBase
from briefmap.store.rows import mention_dict

#: (columns of a mention row) the orders of ``first_mentions``; ``published`` is the
#: mention's copy of its brief's publication date
_FIRST_ORDERS = {
    "text": "published DESC, brief_id, start, id",
    "date": "date_min, date_max, published DESC, brief_id, start, id",
}


class MentionQueries(QueryBase):
    """The panel's, the briefing's and the exports' mention queries."""

    def mentions(
        self,
        f: Filters = NO_FILTERS,
        place_id: str | None = None,
        brief_id: str | None = None,
        limit: int | None = None,
    ) -> list[dict]:
        """Mention rows with their place and brief citation, in brief and text order."""
        where, args = self._where(f)
        if place_id:
            where += " AND m.place_id = ?"
            args = [*args, place_id]
        if brief_id:
            where += " AND m.brief_id = ?"
            args = [*args, brief_id]
        sql = (
            self._MENTION_COLUMNS
            + self._FROM
            + "WHERE "
            + where
            + " ORDER BY b.date_start DESC, m.brief_id, m.start"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [mention_dict(r) for r in self.con.execute(sql, args).fetchall()]

    def first_mentions(
        self, f: Filters = NO_FILTERS, order: str = "text", limit: int | None = None
    ) -> list[dict]:
        """One mention per place under ``f``, the place's first in ``order``, in that order
        (for briefing steps). ``order`` is ``"text"`` (newest brief first, then text order:
        for one brief, the order the brief mentions its places) or ``"date"`` (the event date
        the excerpt names; undated mentions are left out). Rows as :meth:`mentions`, plus
        the brief's ``url``."""
        by = _FIRST_ORDERS.get(order)
        if by is None:
            raise ValueError(f"order must be 'text' or 'date', not {order!r}")
        where, args = self._where(f)
        if order == "date":
            where += " AND m.date_min IS NOT NULL"
        inner = ", ".join("m." + c.strip() for c in by.split(","))
        sql = (
            "SELECT * FROM ("
            + self._MENTION_COLUMNS
            + ", b.url, row_number() OVER (PARTITION BY m.place_id ORDER BY "
            + inner
            + ") AS bm_rank"
            + self._FROM
            + "WHERE "
            + where
            + ") WHERE bm_rank = 1 ORDER BY "
            + by
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        out = []
        for r in self.con.execute(sql, args).fetchall():
            d = mention_dict(r)
            d.pop("bm_rank", None)
            out.append(d)
        return out

    def count_first_mentions(self, f: Filters = NO_FILTERS, order: str = "text") -> int:
        """How many rows :meth:`first_mentions` would return with no limit."""
        where, args = self._where(f)
        if order == "date":
            where += " AND m.date_min IS NOT NULL"
        sql = "SELECT count(DISTINCT m.place_id)" + self._FROM + "WHERE " + where
        return int(self.con.execute(sql, args).fetchone()[0])

    def export_mentions(self, f: Filters = NO_FILTERS, chunk: int = 5000) -> Iterator[dict]:
        """Every mention under ``f`` with its place and its brief's citation (title,
        publisher, series, author, publication dates, URL, language, file), in brief and
        text order, fetched ``chunk`` rows at a time (an archive does not sit in memory)."""
        where, args = self._where(f)
        cur = self.con.execute(
            self._MENTION_COLUMNS + ", b.url, b.author, p.source AS place_source"
            " "
            + self._FROM
            + "WHERE "
            + where
            + " ORDER BY m.published DESC, m.brief_id, m.start, m.id",
            args,
        )
        while rows := cur.fetchmany(chunk):
            for r in rows:
                yield mention_dict(r)

    def brief_ids(self, f: Filters = NO_FILTERS) -> list[str]:
        """The briefs with a mention under ``f``, newest first (for a view's sources)."""
        where, args = self._where(f)
        sql = (
            "SELECT m.brief_id, max(m.published) AS published"
            + self._FROM
            + "WHERE "
            + where
            + " GROUP BY m.brief_id ORDER BY published DESC, m.brief_id"
        )
        return [r[0] for r in self.con.execute(sql, args).fetchall()]
