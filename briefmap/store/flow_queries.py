"""The flows' query: lines of goods found in the briefs, for the map's flow layer, the
briefing and the exports.

Flows are a record kind with a table of their own (``flows``, written by
``writes._write_flow``): this module is the model for the next one (events), whose
queries go in a module of their own beside it, as a mixin of :class:`~briefmap.store.Store`."""

from __future__ import annotations

import json

from briefmap.store.filter_sql import (
    NO_FILTERS,
    Filters,
    date_conditions,
    in_json_list,
    in_list,
    like_pattern,
)
from briefmap.store.query_base import QueryBase


class FlowQueries(QueryBase):
    """Queries on the ``flows`` table."""

    def flows(self, f: Filters = NO_FILTERS) -> list[dict]:
        """Flows found in the briefs under the filters: briefs, publishers, publication
        and event dates, themes (of the flow's sentence), countries (of any end), search
        (in the sentence). Newest brief first, then text order; ``origin``, ``via``,
        ``destination``, ``former`` are the ends as ``briefmap.analysis.flows.Endpoint.record``
        dicts, with the brief's citation columns."""
        conds: list[str] = []
        args: list = []
        if f.briefs:
            in_list("fl.brief_id", f.briefs, conds, args)
        if f.publishers:
            in_list("b.publisher", f.publishers, conds, args)
        if f.themes:
            in_json_list("fl.themes", f.themes, conds, args)
        if f.countries:
            in_json_list("fl.countries", f.countries, conds, args)
        date_conditions(f, "fl", conds, args)
        if f.search.strip():
            conds.append("fl.excerpt LIKE ? ESCAPE '\\'")
            args.append(like_pattern(f.search))
        rows = self.con.execute(
            "SELECT fl.*, b.title, b.title_is_descriptive, b.publisher, b.series,"
            " b.date_start AS published_start, b.date_end AS published_end, b.language,"
            " b.path AS brief_path, b.url FROM flows fl JOIN briefs b ON b.id = fl.brief_id"
            " WHERE " + (" AND ".join(conds) or "1") + " ORDER BY b.date_start DESC,"
            " fl.brief_id, fl.excerpt_start, fl.id",
            args,
        ).fetchall()
        out = []
        for r in rows:
            d = dict(r)
            for k in ("via", "former", "countries", "evidence", "themes", "dates"):
                d[k] = json.loads(d[k])
            for k in ("origin", "destination"):
                d[k] = json.loads(d[k]) if d[k] else None
            out.append(d)
        return out
