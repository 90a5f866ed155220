"""The map's queries: one row per place with its counts and themes, the legend's and the
counters' numbers, a marker's example, the timeline's months, the sidebar's facets.

They aggregate in SQL (one row per place, not per mention) so that a 10,000-brief archive
stays quick to filter and draw; with no filter or under one theme (and no other filter),
the counts added up per place when the briefs were written answer alone (``theme_totals``,
``theme_briefs``, ``theme_months``; no filter is the pseudo-theme ``schema.EVERY``)."""

from __future__ import annotations

from briefmap.store.filter_sql import NO_FILTERS, Filters, summarised
from briefmap.store.query_base import QueryBase
from briefmap.store.rows import mention_dict, place_dict
from briefmap.store.schema import EVERY, UNTHEMED


class MapQueries(QueryBase):
    """The dashboard map's, legend's, timeline's and sidebar's queries (and the exports',
    which draw the same map)."""

    def place_summary(self, f: Filters = NO_FILTERS) -> list[dict]:
        """One row per place with its mention count, briefs count, themes, and how many of
        its mentions an analyst reviewed (``reviewed``; for markers)."""
        where, args = self._where(f)
        theme = summarised(f)
        if theme is not None:  # one row per place, added up over the briefs already
            inner = (
                "SELECT place_id, mentions, briefs, named, cued, reviewed"
                " FROM theme_totals WHERE theme = ? AND co_theme = ?"
            )
            inner_args: list = [theme, theme]
        else:
            inner = (
                "SELECT m.place_id, count(*) AS mentions, count(DISTINCT m.brief_id) AS briefs,"
                " sum(m.link = 'name') AS named, sum(m.link = 'cue') AS cued,"
                " sum(m.status = 'reviewed') AS reviewed"
                + self._joins(f)
                + "WHERE "
                + where
                + " GROUP BY m.place_id"
            )
            inner_args = args
        rows = self.con.execute(
            "SELECT * FROM (" + inner + ") ORDER BY mentions DESC, place_id", inner_args
        ).fetchall()
        themes = self._themes_by_place(f, where, args)
        places = self._places()
        out = []
        for r in rows:
            pid = r["place_id"]
            if pid not in places:  # a mention's place is always stored (foreign key)
                continue
            cued, named = r["cued"], r["named"]
            out.append(
                {
                    **places[pid],
                    "mentions": r["mentions"],
                    "briefs": r["briefs"],
                    "links": ["cue"] * bool(cued) + ["name"] * bool(named),
                    "themes": themes.get(pid, {}),
                    "reviewed": r["reviewed"] or 0,
                }
            )
        return out

    def _places(self) -> dict[str, dict]:
        """Every stored place by id, as ``place_dict`` gives it, read once per revision of
        the store (decoding 4,000 places' rows for each filter took 0.1 s at 10,000
        briefs). Shared: a caller copies a place before changing it."""
        revision = self.revision()
        cached = getattr(self, "_places_cache", None)
        if cached is None or cached[0] != revision:
            rows = self.con.execute("SELECT * FROM places").fetchall()
            cached = (revision, {r["id"]: place_dict(r) for r in rows})
            self._places_cache = cached
        return cached[1]

    def _themes_by_place(self, f: Filters, where: str, args: list) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for pid, theme, n in self._theme_rows(f, where, args, per_place=True):
            out.setdefault(pid, {})[theme] = n
        return out

    def theme_counts(self, f: Filters = NO_FILTERS) -> dict[str, int]:
        """Mentions per theme under the filters (for the legend)."""
        where, args = self._where(f)
        return dict(self._theme_rows(f, where, args, per_place=False))

    def _theme_rows(self, f: Filters, where: str, args: list, per_place: bool) -> list:
        """Mentions per theme (tuples ``(theme, n)``) under the filters ``f``, whose
        conditions ``_where`` gave as ``where`` and ``args``; with ``per_place``, per place
        and theme (``(place id, theme, n)``). Tuples, not rows: a theme filter reads 15,000
        of them at 10,000 briefs."""
        q = self.con.cursor()
        q.row_factory = None
        theme = summarised(f)
        if theme is not None:  # the themes of its mentions (not the pseudo-themes' rows)
            only = " WHERE theme = ? AND co_theme NOT IN (?, ?)"
            got = (theme, EVERY, UNTHEMED)
            if per_place:  # one row per place and co-theme already
                sql = "SELECT place_id AS pid, co_theme AS theme, mentions AS n FROM theme_totals"
                return q.execute(sql + only, got).fetchall()
            sql = "SELECT co_theme AS theme, sum(mentions) AS n FROM theme_totals"
            return q.execute(f"{sql}{only} GROUP BY co_theme", got).fetchall()
        source = self._joins(f) + "JOIN mention_themes t ON t.mention_id = m.id WHERE " + where
        keys = "m.place_id AS pid, t.theme AS theme" if per_place else "t.theme AS theme"
        group = "1, 2" if per_place else "1"
        sql = f"SELECT {keys}, count(*) AS n{source} GROUP BY {group}"
        return q.execute(sql, args).fetchall()

    def totals(self, f: Filters = NO_FILTERS) -> dict[str, int]:
        """How many mentions, places and briefs the filters keep (for the counters)."""
        theme = summarised(f)
        if theme is not None:
            r = self.con.execute(
                "SELECT coalesce(sum(mentions), 0) AS mentions, count(*) AS places,"
                " (SELECT count(*) FROM theme_briefs WHERE theme = ?) AS briefs"
                " FROM theme_totals WHERE theme = ? AND co_theme = ?",
                (theme, theme, theme),
            ).fetchone()
            return {"mentions": r["mentions"], "places": r["places"], "briefs": r["briefs"]}
        where, args = self._where(f)
        r = self.con.execute(
            "SELECT count(*) AS mentions, count(DISTINCT m.place_id) AS places,"
            " count(DISTINCT m.brief_id) AS briefs" + self._joins(f) + "WHERE " + where,
            args,
        ).fetchone()
        return {"mentions": r["mentions"], "places": r["places"], "briefs": r["briefs"]}

    def unthemed_counts(self, f: Filters = NO_FILTERS) -> dict[str, int]:
        """Mentions without any theme, per place (drawn in a "no theme" layer)."""
        if f.themes:
            # none under a theme filter: it keeps mentions with a row in mention_themes, and
            # write_mentions writes those rows from the same themes it counts in n_themes
            return {}
        if summarised(f) == EVERY:
            rows = self.con.execute(
                "SELECT place_id, mentions FROM theme_totals WHERE theme = ? AND co_theme = ?",
                (EVERY, UNTHEMED),
            )
            return dict(rows.fetchall())
        where, args = self._where(f)
        rows = self.con.execute(
            "SELECT m.place_id AS pid, count(*) AS n"
            + self._joins(f)
            + "WHERE "
            + where
            + " AND m.n_themes = 0"
            " GROUP BY m.place_id",
            args,
        ).fetchall()
        return {r["pid"]: r["n"] for r in rows}

    def place_examples(self, f: Filters = NO_FILTERS) -> dict[str, dict]:
        """One mention per place (the first in ``mentions`` order: newest brief first, then
        text order), with its citation, for a marker's popup."""
        where, args = self._where(f)
        # One index range per place (mentions_place_newest), not a sort of every mention.
        ids = [
            r[0]
            for r in self.con.execute(
                "SELECT (SELECT m.id"
                + self._joins(f)
                + "WHERE m.place_id = pl.id AND "
                + where
                + " ORDER BY m.published DESC, m.brief_id, m.start LIMIT 1) FROM places pl",
                args,
            )
            if r[0] is not None
        ]
        out = {}
        for k in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            chunk = ids[k : k + 500]
            rows = self.con.execute(
                self._MENTION_COLUMNS
                + self._FROM
                + f"WHERE m.id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            for r in rows:
                d = mention_dict(r)
                out[d["place_id"]] = d
        return out

    def event_months(self, f: Filters = NO_FILTERS) -> dict[str, int]:
        """Dated mentions per month ("YYYY-MM") of the first date their excerpt names,
        under the filters, in time order (for the timeline)."""
        theme = summarised(f)
        if theme is not None:  # counted per brief when its mentions were written
            rows = self.con.execute(
                "SELECT month, sum(mentions) AS n FROM theme_months WHERE theme = ?"
                " GROUP BY month ORDER BY month",
                (theme,),
            ).fetchall()
            return {r["month"]: r["n"] for r in rows}
        where, args = self._where(f)
        rows = self.con.execute(
            "SELECT substr(m.date_min, 1, 7) AS month, count(*) AS n"
            + self._joins(f)
            + "WHERE m.date_min IS NOT NULL AND "
            + where
            + " GROUP BY 1 ORDER BY 1",
            args,
        ).fetchall()
        return {r["month"]: r["n"] for r in rows}

    def place(self, place_id: str) -> dict | None:
        """One stored place (as in :meth:`place_summary`, without counts), or None."""
        r = self.con.execute("SELECT * FROM places WHERE id = ?", (place_id,)).fetchone()
        return place_dict(r) if r else None

    def facets(self) -> dict[str, list]:
        """Values the filters can take: publishers, countries, precisions, date bounds."""
        q = self.con.execute
        # one index probe per place, not a join over every mention (1.6 s at 10,000 briefs)
        mentioned = "EXISTS (SELECT 1 FROM mentions m WHERE m.place_id = p.id)"
        return {
            "publishers": [
                r[0]
                for r in q("SELECT DISTINCT publisher FROM briefs WHERE publisher <> '' ORDER BY 1")
            ],
            "countries": [
                r[0]
                for r in q(
                    "SELECT DISTINCT p.country FROM places p WHERE p.country <> ''"
                    f" AND {mentioned} ORDER BY 1"
                )
            ],
            "precisions": [
                r[0]
                for r in q(
                    f"SELECT DISTINCT p.precision FROM places p WHERE {mentioned} ORDER BY 1"
                )
            ],
            "event_dates": list(q("SELECT min(date_min), max(date_max) FROM mentions").fetchone()),
            "published": list(
                q(
                    "SELECT min(date_start), max(coalesce(date_end, date_start)) FROM briefs"
                ).fetchone()
            ),
        }
