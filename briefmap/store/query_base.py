"""What every page's queries share: the one read-only connection to a built store, and the
mention filters as SQL conditions and joins.

:class:`~briefmap.store.Store` is this base with one mixin per group of pages' queries
(``map_queries``, ``mention_queries``, ``flow_queries``, ``brief_queries``); each mixin
subclasses :class:`QueryBase` for ``self.con`` and :meth:`QueryBase._where`."""

from __future__ import annotations

from pathlib import Path

from briefmap.store.connection import DEFAULT_STORE, connect_readonly, schema_version
from briefmap.store.filter_sql import Filters, date_conditions, fts_query, in_list, like_pattern
from briefmap.store.schema import SCHEMA_VERSION, StoreOutdated, has_fts
from briefmap.store.transactions import get_meta

#: The brief's columns a record read with its brief carries (flows, events: ``b`` is briefs).
BRIEF_COLUMNS = (
    "b.title, b.title_is_descriptive, b.publisher, b.series, b.date_start AS published_start,"
    " b.date_end AS published_end, b.language, b.path AS brief_path, b.url, b.author"
)


class QueryBase:
    """A read-only connection to the built store at ``path``: it never takes a writer's
    lock, and sees each write whole once committed. Raises ``FileNotFoundError`` for no
    file and :class:`StoreOutdated` for another schema version."""

    def __init__(self, path: Path | str = DEFAULT_STORE) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no store; run `briefmap build` first")
        self.con = connect_readonly(self.path)
        found = schema_version(self.path)
        if found != SCHEMA_VERSION:
            self.con.close()
            raise StoreOutdated(
                f"{self.path}: made by another version of briefmap (schema {found}, this one "
                f"reads {SCHEMA_VERSION}); run `briefmap build` (or `make run`) to migrate it"
                " — added briefs and reviews are kept"
            )
        self.fts = has_fts(self.con)

    def _rejects(self) -> bool:
        """Is any mention rejected? (The small partial index answers at once.) When none
        is, the map's aggregates need no condition on the status at all."""
        row = self.con.execute("SELECT 1 FROM mentions WHERE status = 'rejected' LIMIT 1")
        return row.fetchone() is not None

    def revision(self) -> int:
        """See :func:`briefmap.store.connection.revision`."""
        return int(get_meta(self.con, "revision") or 0)

    def close(self) -> None:
        self.con.close()

    # -- filters -------------------------------------------------------------------------
    def _where(self, f: Filters) -> tuple[str, list]:
        """SQL conditions on ``m`` (mentions), ``b`` (briefs), ``p`` (places): use them
        after ``self._FROM``, or after ``_joins(f)`` when only ``m`` is selected."""
        conds: list[str] = []
        args: list = []
        if f.themes:
            conds.append(
                "m.id IN (SELECT mention_id FROM mention_themes WHERE theme IN "
                f"({','.join('?' * len(f.themes))}))"
            )
            args.extend(f.themes)
        if f.briefs:
            in_list("m.brief_id", f.briefs, conds, args)
        if f.publishers:
            in_list("b.publisher", f.publishers, conds, args)
        if f.countries:
            in_list("p.country", f.countries, conds, args)
        if f.precisions:
            in_list("p.precision", f.precisions, conds, args)
        if f.links:
            in_list("m.link", f.links, conds, args)
        if f.places:
            in_list("m.place_id", f.places, conds, args)
        if f.statuses:
            in_list("m.status", f.statuses, conds, args)
        if not f.include_rejected and self._rejects():
            # by id against the small partial index: the aggregates stay on their covering
            # indexes instead of reading every mention's row for its status
            conds.append("m.id NOT IN (SELECT id FROM mentions WHERE status = 'rejected')")
        date_conditions(f, "m", conds, args)
        if f.search.strip():
            if self.fts:
                conds.append("m.id IN (SELECT rowid FROM excerpt_fts WHERE excerpt_fts MATCH ?)")
                args.append(fts_query(f.search))
            else:
                conds.append("m.excerpt LIKE ? ESCAPE '\\'")
                args.append(like_pattern(f.search))
        return (" AND ".join(conds) or "1"), args

    _FROM = (
        " FROM mentions m JOIN briefs b ON b.id = m.brief_id JOIN places p ON p.id = m.place_id "
    )

    _MENTION_COLUMNS = (
        "SELECT m.*, p.name AS place_name, p.name_pl AS place_name_pl, p.kind,"
        " p.country, p.precision, p.lat, p.lon, b.title, b.title_is_descriptive,"
        " b.publisher, b.series, b.date_start AS published_start,"
        " b.date_end AS published_end, b.language, b.path AS brief_path"
    )

    @staticmethod
    def _joins(f: Filters) -> str:
        """``FROM mentions m`` with only the joins the filters need: at archive scale the
        aggregates scan every mention, and each join costs a look-up per mention."""
        sql = " FROM mentions m "
        if f.publishers or f.published_from or f.published_to:
            sql += "JOIN briefs b ON b.id = m.brief_id "
        if f.countries or f.precisions:
            sql += "JOIN places p ON p.id = m.place_id "
        return sql
