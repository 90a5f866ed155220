"""The flows' query: lines of goods found in the briefs, for the map's flow layer, the
briefing and the exports.

Flows are a record kind with a table of their own (``flows``, written by
``writes._write_flow``): this module is the model for the next one (events), whose
queries go in a module of their own beside it, as a mixin of :class:`~briefmap.store.Store`."""

from __future__ import annotations

from briefmap.store.filter_sql import (
    NO_FILTERS,
    Filters,
    date_conditions,
    in_json_list,
    in_list,
    like_pattern,
)
from briefmap.store.query_base import BRIEF_COLUMNS, QueryBase
from briefmap.store.rows import flow_dict


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
        if f.places:
            marks = ",".join("?" * len(f.places))
            conds.append(
                f"(json_extract(fl.origin, '$.place_id') IN ({marks})"
                f" OR json_extract(fl.destination, '$.place_id') IN ({marks})"
                " OR EXISTS (SELECT 1 FROM json_each(fl.via)"
                f" WHERE json_extract(value, '$.place_id') IN ({marks})))"
            )
            args.extend([*f.places, *f.places, *f.places])
        date_conditions(f, "fl", conds, args)
        if f.search.strip():
            conds.append("fl.excerpt LIKE ? ESCAPE '\\'")
            args.append(like_pattern(f.search))
        rows = self.con.execute(
            f"SELECT fl.*, {BRIEF_COLUMNS} FROM flows fl JOIN briefs b ON b.id = fl.brief_id"
            " WHERE " + (" AND ".join(conds) or "1") + " ORDER BY b.date_start DESC,"
            " fl.brief_id, fl.excerpt_start, fl.id",
            args,
        ).fetchall()
        return [flow_dict(r) for r in rows]
