"""The events' query: what the briefs report happening where and when (closures, exercises,
deployments...), for a map layer, the briefing and the exports.

Events are a record kind with a table of their own (``events``, written by
``writes._write_event``), modelled on the flows (``flow_queries.py``): a mixin of
:class:`~briefmap.store.Store`."""

from __future__ import annotations

import json

from briefmap.store.filter_sql import (
    NO_FILTERS,
    Filters,
    date_conditions,
    in_list,
    like_pattern,
)
from briefmap.store.query_base import BRIEF_COLUMNS, QueryBase


class EventQueries(QueryBase):
    """Queries on the ``events`` table."""

    def events(
        self, f: Filters = NO_FILTERS, kinds: tuple[str, ...] = (), places: tuple[str, ...] = ()
    ) -> list[dict]:
        """Events found in the briefs under the filters: briefs, publishers, publication and
        event dates (an event without a date passes no event-date filter), countries (of its
        place), search (in the sentence); and of ``kinds`` only, and at the place ids
        ``places`` only, when given. Newest brief
        first, then text order; ``place`` is the record's place dict, ``traffic`` a list,
        ``auto`` what the parser said of what a review edit changes, with the brief's
        citation columns. Events the analyst rejected are left out unless
        ``f.include_rejected``."""
        conds: list[str] = []
        if not f.include_rejected:
            conds.append("ev.status <> 'rejected'")
        args: list = []
        if f.briefs:
            in_list("ev.brief_id", f.briefs, conds, args)
        if f.publishers:
            in_list("b.publisher", f.publishers, conds, args)
        if f.countries:
            in_list("ev.country", f.countries, conds, args)
        if kinds:
            in_list("ev.kind", kinds, conds, args)
        if places:
            in_list("ev.place_id", places, conds, args)
        date_conditions(f, "ev", conds, args)
        if f.search.strip():
            conds.append("ev.excerpt LIKE ? ESCAPE '\\'")
            args.append(like_pattern(f.search))
        rows = self.con.execute(
            f"SELECT ev.*, {BRIEF_COLUMNS} FROM events ev JOIN briefs b ON b.id = ev.brief_id"
            " WHERE " + (" AND ".join(conds) or "1") + " ORDER BY b.date_start DESC,"
            " ev.brief_id, ev.excerpt_start, ev.start, ev.id",
            args,
        ).fetchall()
        out = []
        for r in rows:
            d = dict(r)
            d["place"] = json.loads(d["place"])
            d["traffic"] = json.loads(d["traffic"])
            d["auto"] = json.loads(d["auto"])
            out.append(d)
        return out
