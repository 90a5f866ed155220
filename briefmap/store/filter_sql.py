"""What the user chose to see (:class:`Filters`), and the pieces of SQL it becomes that
every record kind's queries share: the date ranges, the search words.

The conditions on mentions (themes, places, review status, search index) are built by
:meth:`~briefmap.store.query_base.QueryBase._where`, which needs the open store; a record
kind with a table of its own (flows, events next) builds its conditions from the helpers
here, as ``FlowQueries.flows`` does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefmap.store.schema import EVERY


@dataclass(frozen=True)
class Filters:
    """What the user chose to see. Empty tuples and ``None`` mean "no restriction".

    Dates are ISO strings. ``event_*`` keep mentions whose excerpt names a date that
    overlaps the range (undated excerpts are then left out); ``published_*`` keep briefs
    whose publication date (or range) overlaps it; ``since`` keeps briefs the user added
    or that were published on or after that day (a corpus brief: published). ``places``
    keeps mentions of those place ids (and flows with an end or stop there). Mentions the
    analyst rejected are left out unless ``include_rejected``."""

    themes: tuple[str, ...] = ()
    briefs: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    event_from: str | None = None
    event_to: str | None = None
    published_from: str | None = None
    published_to: str | None = None
    search: str = ""
    statuses: tuple[str, ...] = ()  # 'auto', 'reviewed', 'rejected'
    include_rejected: bool = False
    since: str | None = None
    places: tuple[str, ...] = ()


#: The queries' default: everything but what the analyst rejected (one shared instance, as
#: a default argument must be; a ``Filters`` is frozen).
NO_FILTERS = Filters()


def unfiltered(f: Filters) -> bool:
    """Does ``f`` keep everything (the map's first view, answered by the small indexes)?"""
    return f == NO_FILTERS


def one_theme(f: Filters) -> str | None:
    """The theme of a filter that keeps the mentions of one theme and nothing more (the
    rejected ones are never kept by a theme filter: they have no themes to match), else
    None: what the per-brief theme counts (``theme_places``) answer alone."""
    if len(f.themes) != 1 or replace(f, themes=(), include_rejected=False) != NO_FILTERS:
        return None
    return f.themes[0]


def summarised(f: Filters) -> str | None:
    """The theme whose summaries (``theme_totals``, ``theme_briefs``, ``theme_months``)
    answer the map's queries under ``f`` alone: ``one_theme(f)``, or the pseudo-theme of
    every mention (``schema.EVERY``) for no filter; else None (count the mentions)."""
    return EVERY if unfiltered(f) else one_theme(f)


def in_list(col: str, values: Sequence[str], conds: list[str], args: list) -> None:
    """Append ``col IN (?, …)`` to ``conds`` and ``values`` to ``args``."""
    conds.append(f"{col} IN ({','.join('?' * len(values))})")
    args.extend(values)


def in_json_list(col: str, values: Sequence[str], conds: list[str], args: list) -> None:
    """Append "the JSON array in ``col`` holds one of ``values``" to ``conds`` and
    ``values`` to ``args``."""
    conds.append(
        f"EXISTS (SELECT 1 FROM json_each({col}) WHERE value IN ({','.join('?' * len(values))}))"
    )
    args.extend(values)


def date_conditions(f: Filters, alias: str, conds: list[str], args: list) -> None:
    """Append the event-date conditions on table ``alias`` (mentions ``m``, flows ``fl``
    or events ``ev``, all with ``date_min``/``date_max``) and the publication-date ones on
    briefs ``b`` to ``conds``, their values to ``args``."""
    if f.event_from:
        conds.append(f"{alias}.date_max >= ?")
        args.append(f.event_from)
    if f.event_to:
        conds.append(f"{alias}.date_min <= ?")
        args.append(f.event_to)
    if f.published_from:
        conds.append("coalesce(b.date_end, b.date_start) >= ?")
        args.append(f.published_from)
    if f.published_to:
        conds.append("b.date_start <= ?")
        args.append(f.published_to)
    if f.since:
        # by brief id, on the briefs' small indexes (added_at is a timestamp: an ISO day
        # compares as its start). A shipped corpus brief is "added" at every build: only
        # its publication date counts.
        conds.append(
            f"{alias}.brief_id IN (SELECT id FROM briefs WHERE (added_at >= ?"
            " AND origin = 'added') OR coalesce(date_end, date_start) >= ?)"
        )
        args.extend([f.since, f.since])


#: C0 control characters and DEL: SQLite ends a string at NUL ("unterminated string")
_CONTROL = dict.fromkeys([*range(0x20), 0x7F], " ")


def fts_query(text: str) -> str:
    """User words as FTS5 prefix terms, quoted so that no operator syntax gets through;
    control characters (NUL included) separate words instead of reaching SQLite."""
    words = [w.replace('"', '""') for w in text.translate(_CONTROL).split() if w.strip()]
    return " ".join(f'"{w}"*' for w in words) or '""'


def like_pattern(search: str) -> str:
    """A user's search as a LIKE pattern (use with ``ESCAPE '\\'``): control characters
    out, wildcards escaped."""
    return "%" + _like_escape(search.translate(_CONTROL).strip()) + "%"


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
