"""The corpus store: one embedded SQLite file. The only package of briefmap that speaks SQL.

The store lives in the data folder (``briefmap.datafolder``). It is SQLite in WAL mode:
readers (the dashboard) never wait for a writer and always see a whole transaction; every
write is one transaction (:func:`transaction`), so a crash or a ``kill -9`` leaves either
all of a write or none of it. Writers wait for each other (a busy timeout), so two people
reviewing at once lose nothing.

What the store keeps for good: the briefs the user added (their metadata; their files are
in the data folder) and the analyst's decisions (``reviews``, a log never edited but to move
a decision's anchor when its brief is parsed again). Everything else — mentions, flows,
events, places — is derived, and rebuilt by ``briefmap.build`` with the decisions applied. Older
stores are migrated in place (:data:`MIGRATIONS`) without losing either.

Read through :class:`Store`, whose queries return plain dicts and take a :class:`Filters`;
they aggregate in SQL (one row per place, not per mention) so that a 10,000-brief archive
stays quick to filter and draw. Mentions carry a ``status`` (``auto``, ``reviewed``,
``rejected``); rejected ones are left out unless ``Filters.include_rejected``. Events carry
the same ``status`` (``briefmap.event_review``), and :meth:`Store.events` leaves the rejected
ones out the same way: the map, the timeline, the crossings' status and the exports read it.

The modules, from the ground floor up (each imports only modules listed before it)::

    transactions.py     one write, all or nothing; the meta table (revision, version)
    schema.py           the tables (one DDL constant each), SCHEMA_VERSION, migrations
    connection.py       opening a file: connect (creates or migrates), read-only, backup
    rows.py             Place / Brief / offsets <-> columns; a read row -> a page's dict
    writes.py           the build's writes: a brief with its mentions, places, flows, events
    writer_reads.py     what the build and library read back to write again
    review_log.py       review storage: the analyst's decisions (``reviews``)
    filter_sql.py       Filters, and the date and search conditions every query shares
    query_base.py       the read-only connection and the mention filters as SQL
    map_queries.py      MapQueries: places, themes, counters, timeline, facets (the map)
    mention_queries.py  MentionQueries: the panel's, briefing's and exports' mentions
    flow_queries.py     FlowQueries: the flows (map layer, briefing, exports)
    event_queries.py    EventQueries: the events (closures, exercises... where and when)
    brief_queries.py    BriefQueries: briefs, the reader's pages, review status, decisions
    news_queries.py     NewsQueries: the archive as it stood before a brief (its news)

Writers are plain functions on a connection (``store.write_brief(con, …)`` inside
``with store.transaction(con):``), the readers' :class:`Store` is one class composed of
mixins, one per group of pages: every caller keeps calling ``store.place_summary(f)``, the
mixins share the one read-only connection and the filter SQL of :class:`QueryBase`, and a
page's queries can be read (and patched in a test) without the others. Small query objects
(``store.map.place_summary``) would have changed every caller for no gain in reading.

Adding a record kind touches one place per floor, as flows and events do:

1. its table: a DDL constant in ``schema.py`` added to ``_SCHEMA``, ``SCHEMA_VERSION`` + 1
   and a step in ``MIGRATIONS`` that creates the table in an older store and sets
   ``needs_build`` (the next build fills it); the table name in ``schema.TABLES``;
2. its writes: a ``_write_<kind>`` in ``writes.py`` beside ``_write_flow``, called from
   ``write_brief``; its rows go with their brief (``ON DELETE CASCADE``) and are removed
   in ``clear_derived``; ``update_metadata`` keeps its copy of ``published``;
3. its queries: a mixin ``<kind>_queries.py`` modelled on ``flow_queries.py`` (its own
   conditions from ``filter_sql``), added to :class:`Store`'s bases below, and its names
   to this package's exports.
"""

from __future__ import annotations

from briefmap.store.brief_queries import BriefQueries
from briefmap.store.connection import (
    BUSY_TIMEOUT_S,
    DEFAULT_STORE,
    backup,
    connect,
    connect_readonly,
    revision,
    schema_version,
)
from briefmap.store.event_queries import EventQueries
from briefmap.store.filter_sql import Filters
from briefmap.store.flow_queries import FlowQueries
from briefmap.store.map_queries import MapQueries
from briefmap.store.mention_queries import MentionQueries
from briefmap.store.news_queries import NewsQueries
from briefmap.store.query_base import QueryBase
from briefmap.store.review_log import insert_decision, move_decisions, read_decisions
from briefmap.store.rows import (
    brief_from_row,
    pack_offsets,
    place_from_row,
    place_json,
    text_sha256,
    unpack_offsets,
)
from briefmap.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreOutdated,
    carry_over,
    count,
    create_schema,
    mark_built,
    migrate,
    needs_build,
)
from briefmap.store.transactions import checkpoint, savepoint, transaction
from briefmap.store.writer_reads import (
    added_briefs,
    brief_row,
    find_duplicate,
    places_by_id,
    read_events,
    read_mentions,
)
from briefmap.store.writes import (
    clear_derived,
    delete_brief,
    delete_events,
    delete_mentions,
    update_metadata,
    write_brief,
    write_events,
    write_mentions,
    write_place,
)


class Store(MapQueries, MentionQueries, FlowQueries, EventQueries, BriefQueries, NewsQueries):
    """Read access to a built store; every method returns plain dicts. Opens the file read
    only (:class:`QueryBase`): it never takes a writer's lock, and sees each write whole
    once committed. The queries are grouped by the pages they serve, one mixin each."""


__all__ = [
    "BUSY_TIMEOUT_S",
    "DEFAULT_STORE",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Filters",
    "NewsQueries",
    "QueryBase",
    "Store",
    "StoreOutdated",
    "added_briefs",
    "backup",
    "brief_from_row",
    "brief_row",
    "carry_over",
    "checkpoint",
    "clear_derived",
    "connect",
    "connect_readonly",
    "count",
    "create_schema",
    "delete_brief",
    "delete_events",
    "delete_mentions",
    "find_duplicate",
    "insert_decision",
    "mark_built",
    "migrate",
    "move_decisions",
    "needs_build",
    "pack_offsets",
    "place_from_row",
    "place_json",
    "places_by_id",
    "read_decisions",
    "read_events",
    "read_mentions",
    "revision",
    "savepoint",
    "schema_version",
    "text_sha256",
    "transaction",
    "unpack_offsets",
    "update_metadata",
    "write_brief",
    "write_events",
    "write_mentions",
    "write_place",
]
