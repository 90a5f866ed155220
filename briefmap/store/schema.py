"""The store's tables, their version, and the migrations that bring an older store to it.

One table per record kind, each in its own DDL constant below (``_BRIEFS``, ``_PLACES``,
``_MENTIONS``, ``_FLOWS``, ``_EVENTS``, ``_REVIEWS``); :data:`_SCHEMA` is all of them, in
the order a new store creates them. A change to a table is a new :data:`SCHEMA_VERSION` and
a step in :data:`MIGRATIONS` that brings a store of the version before to it in place,
keeping what the store keeps for good (the briefs the user added, the analyst's decisions).
What a build derives (mentions, flows, events, places) need not be migrated: a step sets
``needs_build`` and the next build parses the briefs again.

Every function here runs inside the caller's transaction unless it says otherwise."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from briefmap.decisions import ACTIONS
from briefmap.store.transactions import get_meta, now, set_meta, transaction

SCHEMA_VERSION = 9

_META = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_BRIEFS = """
CREATE TABLE briefs (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL,
    title_is_descriptive INTEGER NOT NULL DEFAULT 0, publisher TEXT, series TEXT,
    author TEXT, date_start TEXT, date_end TEXT, date_note TEXT, language TEXT NOT NULL,
    url TEXT, original TEXT NOT NULL, reading TEXT NOT NULL, offsets TEXT NOT NULL,
    sha256 TEXT NOT NULL,  -- of the original text: the same brief added twice is found by it
    origin TEXT NOT NULL DEFAULT 'corpus',  -- 'corpus' (geodata/briefs) or 'added' (by the user)
    added_at TEXT NOT NULL,
    file_sha256 TEXT,  -- of the file's bytes, for an added brief
    file_name TEXT  -- the name the file was added under; path is relative to the data folder
);
CREATE INDEX briefs_sha256 ON briefs(sha256);
CREATE INDEX briefs_file_sha256 ON briefs(file_sha256);
"""
_PLACES = """
CREATE TABLE places (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_pl TEXT NOT NULL, kind TEXT NOT NULL,
    country TEXT, lat REAL NOT NULL, lon REAL NOT NULL, precision TEXT NOT NULL,
    source TEXT, population INTEGER, attrs TEXT NOT NULL DEFAULT '{}'
);
"""
# What a theme filter draws, counted per brief when its mentions are written
# (``summarise_themes``, called by ``writes.write_mentions``): the map under one theme reads
# these rows, not the mentions of that theme one by one (a second at 10,000 briefs). A row
# counts the mentions (not rejected) of a place in a brief that have both ``theme`` and
# ``co_theme``: where ``co_theme`` is ``theme``, the place's mentions under that theme; the
# others, the slices of its pie. IF NOT EXISTS: the migration to version 7 creates them too.
_THEME_SUMMARY = """
CREATE TABLE IF NOT EXISTS theme_places (
    theme TEXT NOT NULL, co_theme TEXT NOT NULL, place_id TEXT NOT NULL,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    mentions INTEGER NOT NULL, named INTEGER NOT NULL, cued INTEGER NOT NULL,
    reviewed INTEGER NOT NULL,
    PRIMARY KEY (theme, co_theme, place_id, brief_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS theme_places_brief ON theme_places(brief_id);
"""
# The same counts added up over the briefs, kept by triggers on ``theme_places`` (so every
# write, rebuild and cascade from a deleted brief keeps them): the map under one theme reads
# one row per place from here instead of adding up 50,000 per-brief rows (a quarter of a
# second at 10,000 briefs). ``theme_briefs``: the briefs with a mention of a theme (the
# counters' briefs). ``theme_months``: a brief's dated mentions of a theme per month (the
# timeline), written with ``theme_places``.
_THEME_TOTALS = """
CREATE TABLE IF NOT EXISTS theme_totals (
    theme TEXT NOT NULL, co_theme TEXT NOT NULL, place_id TEXT NOT NULL,
    mentions INTEGER NOT NULL, briefs INTEGER NOT NULL, named INTEGER NOT NULL,
    cued INTEGER NOT NULL, reviewed INTEGER NOT NULL,
    PRIMARY KEY (theme, co_theme, place_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS theme_briefs (
    theme TEXT NOT NULL, brief_id TEXT NOT NULL, PRIMARY KEY (theme, brief_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS theme_months (
    theme TEXT NOT NULL, month TEXT NOT NULL,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE, mentions INTEGER NOT NULL,
    PRIMARY KEY (theme, month, brief_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS theme_months_brief ON theme_months(brief_id);
CREATE TRIGGER IF NOT EXISTS theme_places_added AFTER INSERT ON theme_places BEGIN
    INSERT INTO theme_totals VALUES (
        new.theme, new.co_theme, new.place_id, new.mentions, 1, new.named, new.cued,
        new.reviewed)
    ON CONFLICT (theme, co_theme, place_id) DO UPDATE SET
        mentions = mentions + excluded.mentions, briefs = briefs + 1,
        named = named + excluded.named, cued = cued + excluded.cued,
        reviewed = reviewed + excluded.reviewed;
    INSERT OR IGNORE INTO theme_briefs SELECT new.theme, new.brief_id
        WHERE new.theme = new.co_theme;
END;
CREATE TRIGGER IF NOT EXISTS theme_places_removed AFTER DELETE ON theme_places BEGIN
    UPDATE theme_totals SET
        mentions = mentions - old.mentions, briefs = briefs - 1, named = named - old.named,
        cued = cued - old.cued, reviewed = reviewed - old.reviewed
    WHERE theme = old.theme AND co_theme = old.co_theme AND place_id = old.place_id;
    DELETE FROM theme_totals
    WHERE theme = old.theme AND co_theme = old.co_theme AND place_id = old.place_id
        AND briefs <= 0;
    DELETE FROM theme_briefs
    WHERE old.theme = old.co_theme AND theme = old.theme AND brief_id = old.brief_id
        AND NOT EXISTS (
            SELECT 1 FROM theme_places t WHERE t.brief_id = old.brief_id
            AND t.theme = old.theme AND t.co_theme = old.theme);
END;
"""
_MENTIONS = (
    """
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY, brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, surface TEXT NOT NULL,
    place_id TEXT NOT NULL REFERENCES places(id), link TEXT NOT NULL, evidence TEXT,
    confidence REAL, excerpt_start INTEGER, excerpt_end INTEGER, orig_start INTEGER,
    orig_end INTEGER, excerpt_orig_start INTEGER, excerpt_orig_end INTEGER,
    excerpt TEXT NOT NULL, themes TEXT NOT NULL, theme_evidence TEXT NOT NULL,
    dates TEXT NOT NULL, date_min TEXT, date_max TEXT,
    -- copies, so that archive-scale aggregates need no join: the brief's publication date
    -- and how many themes the excerpt has
    published TEXT, n_themes INTEGER NOT NULL DEFAULT 0,
    marks TEXT NOT NULL DEFAULT '[]',  -- [[start, end], …] words to highlight (cue anchors)
    -- the review: 'auto' (as the parser said), 'reviewed' (an analyst decided), 'rejected'.
    -- what the parser said (NULL place: a mention the analyst added); the latest note
    status TEXT NOT NULL DEFAULT 'auto' CHECK (status IN ('auto', 'reviewed', 'rejected')),
    auto_place_id TEXT, auto_themes TEXT, review_note TEXT, reviewed_at TEXT
);
-- covers the per-place aggregates (count, distinct briefs, link kinds) without the table
CREATE INDEX mentions_place ON mentions(place_id, brief_id, link);
CREATE INDEX mentions_brief ON mentions(brief_id, start);
-- a place's newest mention first (the example in a marker's popup)
CREATE INDEX mentions_place_newest ON mentions(place_id, published DESC, brief_id, start);
CREATE INDEX mentions_dates ON mentions(date_min, date_max);
-- the few mentions an analyst rejected: the map leaves them out by id
CREATE INDEX mentions_rejected ON mentions(status) WHERE status = 'rejected';
-- Themes of the mentions the map shows (a rejected mention has none here).
CREATE TABLE mention_themes (
    theme TEXT NOT NULL, mention_id INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    place_id TEXT NOT NULL,  -- a copy of the mention's, for the unfiltered per-place counts
    PRIMARY KEY (theme, mention_id)
) WITHOUT ROWID;
CREATE INDEX mention_themes_mention ON mention_themes(mention_id);
CREATE INDEX mention_themes_place ON mention_themes(place_id, theme);
"""
    + _THEME_SUMMARY
    + _THEME_TOTALS
)
# A record kind a stage finds in a brief's words, stored whole with the brief: the model
# for the next one (events). The brief's foreign key removes its rows with the brief.
_FLOWS = """
-- Flows of goods found in the briefs' words (briefmap.analysis.flows): one row per line, with its
-- ends as JSON (place id, name, country, lat, lon, the words that gave the role).
CREATE TABLE flows (
    id INTEGER PRIMARY KEY, brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, commodity TEXT NOT NULL, commodity_pl TEXT NOT NULL,
    commodity_words TEXT NOT NULL,
    origin TEXT, via TEXT NOT NULL, destination TEXT, former TEXT NOT NULL,
    countries TEXT NOT NULL,  -- JSON list of the ISO2 codes of its ends, for the filters
    excerpt TEXT NOT NULL, excerpt_start INTEGER NOT NULL, excerpt_end INTEGER NOT NULL,
    excerpt_orig_start INTEGER, excerpt_orig_end INTEGER,
    evidence TEXT NOT NULL, confidence REAL, themes TEXT NOT NULL, dates TEXT NOT NULL,
    date_min TEXT, date_max TEXT, published TEXT
);
CREATE INDEX flows_brief ON flows(brief_id);
"""
_EVENTS = """
-- Events found in the briefs' words (briefmap.analysis.events): one row per event and place,
-- with its place as JSON (id, name, name_pl, kind, country, lat, lon) and its place id and
-- country as columns for the filters; date is an ISO day or month (date_min/date_max its
-- first and last day, for the date filters).
CREATE TABLE events (
    id INTEGER PRIMARY KEY, brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, place_id TEXT NOT NULL, country TEXT, place TEXT NOT NULL,
    surface TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    orig_start INTEGER, orig_end INTEGER, trigger TEXT NOT NULL, actor TEXT NOT NULL,
    date TEXT NOT NULL, date_precision TEXT NOT NULL, date_surface TEXT NOT NULL,
    date_min TEXT, date_max TEXT, mood TEXT NOT NULL, traffic TEXT NOT NULL,
    excerpt TEXT NOT NULL, excerpt_start INTEGER NOT NULL, excerpt_end INTEGER NOT NULL,
    excerpt_orig_start INTEGER, excerpt_orig_end INTEGER,
    evidence TEXT NOT NULL, confidence REAL, published TEXT,
    -- the review (briefmap.event_review): 'auto', 'reviewed' or 'rejected' (left out of the
    -- map and exports); what the parser said of what an edit changes (JSON: kind, place_id,
    -- date, date_precision, date_surface, actor); the latest note
    status TEXT NOT NULL DEFAULT 'auto' CHECK (status IN ('auto', 'reviewed', 'rejected')),
    auto TEXT NOT NULL DEFAULT '{}', review_note TEXT, reviewed_at TEXT
);
CREATE INDEX events_brief ON events(brief_id);
"""
_REVIEWS = """
-- The analyst's decisions (briefmap.decisions): a log, kept for good (no foreign key: a
-- decision outlives a brief taken out of the corpus and applies again when it is back).
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY, brief_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,  -- in the brief's reading text
    surface TEXT NOT NULL, prefix TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT 'name', cue_place_id TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL CHECK (action IN
        ('accept', 'reject', 'reassign', 'move', 'precision', 'themes', 'add', 'reset', 'edit')),
    place_id TEXT, place TEXT,  -- the place set or confirmed, and a copy of it (JSON)
    lat REAL, lon REAL, precision TEXT, themes TEXT,
    note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,
    attached INTEGER NOT NULL DEFAULT 1,  -- 0: its words were not found at the last parse
    -- an event's (link 'event'): the parser's kind (with cue_place_id, the parser's place,
    -- its key), and the kind, date and actor an edit sets (NULL: left as it was)
    event_kind TEXT NOT NULL DEFAULT '', kind TEXT, date TEXT, actor TEXT
);
CREATE INDEX reviews_brief ON reviews(brief_id, id);
"""
# What "the news of a brief" (briefmap.news) asks at archive scale: the briefs added or
# published since a date (the dashboard's "since" filter) and the earlier flows that start
# or end where a brief's flows do, each found by an index instead of a scan.
_NEWS_INDEXES = """
CREATE INDEX briefs_added ON briefs(added_at);
CREATE INDEX briefs_published_end ON briefs(coalesce(date_end, date_start));
CREATE INDEX flows_origin ON flows(json_extract(origin, '$.place_id'), published);
CREATE INDEX flows_destination ON flows(json_extract(destination, '$.place_id'), published);
"""
#: Every table of a new store, in the order they are created.
_SCHEMA = _META + _BRIEFS + _PLACES + _MENTIONS + _FLOWS + _EVENTS + _REVIEWS + _NEWS_INDEXES
_FTS = """
CREATE VIRTUAL TABLE excerpt_fts USING fts5(
    excerpt, content='mentions', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
)
"""

#: The tables :func:`count` may be asked about.
TABLES = frozenset({"briefs", "mentions", "places", "flows", "events", "reviews"})


class StoreOutdated(ValueError):
    """The store was written by another schema version: rebuild it."""


def _statements(sql: str) -> list[str]:
    """The statements of ``sql``, one by one: executescript would commit the open
    transaction first. Whole statements as SQLite reads them (a trigger's body holds ``;``)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip() and not buf.strip().startswith("--"):
        out.append(buf.strip())
    return [s for s in out if s.strip(" ;\n")]


def table_names(con: sqlite3.Connection) -> set[str]:
    """The names of the tables the file at ``con`` holds (none: a new file)."""
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def has_fts(con: sqlite3.Connection) -> bool:
    """Does the store have the excerpts' full-text index? (SQLite built without FTS5 has
    none, and search falls back to LIKE.)"""
    row = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'excerpt_fts'").fetchone()
    return row is not None


def create_schema(con: sqlite3.Connection) -> None:
    """Create the tables of a new store (inside the caller's transaction, if any)."""
    for stmt in _statements(_SCHEMA):
        con.execute(stmt)
    # SQLite without FTS5: search falls back to LIKE.
    with contextlib.suppress(sqlite3.OperationalError):
        con.execute(_FTS)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    con.execute("INSERT INTO meta VALUES ('revision', '0')")


def needs_build(con: sqlite3.Connection) -> bool:
    """Is the store new, or migrated from a version whose mentions must be parsed again?"""
    return get_meta(con, "needs_build") == "1"


def mark_built(con: sqlite3.Connection) -> None:
    """Say that a build has filled the store (it no longer :func:`needs_build`)."""
    con.execute("DELETE FROM meta WHERE key = 'needs_build'")
    set_meta(con, "built_at", now())


def count(con: sqlite3.Connection, table: str) -> int:
    """Rows of one of the store's tables."""
    if table not in TABLES:
        raise ValueError(table)
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


#: the summaries' pseudo-themes: every mention (the map with no filter), and as a co-theme
#: of EVERY, the mentions without a theme. No theme of the taxonomy has these ids.
EVERY = "*"
UNTHEMED = ""


def summarise_themes(con: sqlite3.Connection, brief_id: str | None = None) -> None:
    """Count again the ``theme_places`` rows of one brief (of every brief: ``None``) from
    its stored mentions and their themes. Call inside a transaction, after its mentions
    are written."""
    forget_themes(con, brief_id)
    one = () if brief_id is None else (brief_id,)
    con.execute(
        "INSERT INTO theme_places SELECT a.theme, c.theme, m.place_id, m.brief_id, count(*),"
        " sum(m.link = 'name'), sum(m.link = 'cue'), sum(m.status = 'reviewed')"
        " FROM mentions m JOIN mention_themes a ON a.mention_id = m.id"
        " JOIN mention_themes c ON c.mention_id = m.id"
        + ("" if brief_id is None else " WHERE m.brief_id = ?")
        + " GROUP BY 1, 2, 3, 4",
        one,
    )
    con.execute(
        "INSERT INTO theme_months SELECT t.theme, substr(m.date_min, 1, 7), m.brief_id,"
        " count(*) FROM mentions m JOIN mention_themes t ON t.mention_id = m.id"
        " WHERE m.date_min IS NOT NULL"
        + ("" if brief_id is None else " AND m.brief_id = ?")
        + " GROUP BY 1, 2, 3",
        one,
    )
    # EVERY ("*"): the map with no filter, counted the same way. Its co-themes are EVERY
    # itself (every mention that is not rejected), each theme (the pies' slices; the theme
    # table holds no rejected mention) and UNTHEMED (the mentions without a theme).
    brief = "" if brief_id is None else " AND m.brief_id = ?"
    counts = "count(*), sum(m.link = 'name'), sum(m.link = 'cue'), sum(m.status = 'reviewed')"
    for co_theme, source, cond in (
        (f"'{EVERY}'", "mentions m", "m.status <> 'rejected'"),
        (f"'{UNTHEMED}'", "mentions m", "m.status <> 'rejected' AND m.n_themes = 0"),
        ("t.theme", "mentions m JOIN mention_themes t ON t.mention_id = m.id", "1"),
    ):
        con.execute(
            f"INSERT INTO theme_places SELECT '{EVERY}', {co_theme}, m.place_id, m.brief_id,"
            f" {counts} FROM {source} WHERE {cond}{brief} GROUP BY 2, 3, 4",
            one,
        )
    con.execute(
        f"INSERT INTO theme_months SELECT '{EVERY}', substr(m.date_min, 1, 7), m.brief_id,"
        " count(*) FROM mentions m WHERE m.date_min IS NOT NULL AND m.status <> 'rejected'"
        f"{brief} GROUP BY 2, 3",
        one,
    )


def forget_themes(con: sqlite3.Connection, brief_id: str | None = None) -> None:
    """Remove the theme summaries (``theme_places``, ``theme_months`` and, by the triggers,
    their totals) of one brief (of every brief: ``None``), before its mentions change."""
    if brief_id is not None:
        con.execute("DELETE FROM theme_places WHERE brief_id = ?", (brief_id,))
        con.execute("DELETE FROM theme_months WHERE brief_id = ?", (brief_id,))
        return
    # the totals first: the triggers then find nothing to subtract, row by row
    for table in ("theme_totals", "theme_briefs", "theme_places", "theme_months"):
        con.execute(f"DELETE FROM {table}")


# -- migrations ------------------------------------------------------------------------------
def _migrate_4(con: sqlite3.Connection) -> None:
    """4 -> 5: briefs know their file, mentions their review status, the reviews log its
    words. The mentions stay; v4 reviews (written by nothing, but kept) gain their words."""
    con.execute("ALTER TABLE briefs ADD COLUMN file_sha256 TEXT")
    con.execute("ALTER TABLE briefs ADD COLUMN file_name TEXT")
    con.execute("CREATE INDEX briefs_sha256 ON briefs(sha256)")
    con.execute("CREATE INDEX briefs_file_sha256 ON briefs(file_sha256)")
    for col in (
        "status TEXT NOT NULL DEFAULT 'auto' CHECK (status IN ('auto', 'reviewed', 'rejected'))",
        "auto_place_id TEXT",
        "auto_themes TEXT",
        "review_note TEXT",
        "reviewed_at TEXT",
    ):
        con.execute(f"ALTER TABLE mentions ADD COLUMN {col}")
    con.execute("UPDATE mentions SET auto_place_id = place_id, auto_themes = themes")
    con.execute("CREATE INDEX mentions_rejected ON mentions(status) WHERE status = 'rejected'")
    con.execute("ALTER TABLE reviews RENAME TO reviews_v4")
    for stmt in _statements(_REVIEWS[_REVIEWS.index("CREATE TABLE reviews") :]):
        con.execute(stmt)
    _copy_reviews(con, "reviews_v4", "briefs")
    con.execute("DROP TABLE reviews_v4")
    if get_meta(con, "revision") is None:
        set_meta(con, "revision", "0")
    if count(con, "reviews"):
        set_meta(con, "needs_build", "1")  # their decisions are applied by a re-parse


def _migrate_5(con: sqlite3.Connection) -> None:
    """5 -> 6: events get their table (the next build fills it from the briefs), and the
    news of a brief and the "since" filter their indexes."""
    for stmt in _statements(_EVENTS + _NEWS_INDEXES):
        con.execute(stmt)
    if count(con, "briefs"):
        set_meta(con, "needs_build", "1")


#: The columns of the reviews log in version 6, copied as they are by :func:`_migrate_6`.
_REVIEW_COLUMNS_V6 = (
    'id, brief_id, start, "end", surface, prefix, suffix, link, cue_place_id, action,'
    " place_id, place, lat, lon, precision, themes, note, created_at, attached"
)


def _migrate_6(con: sqlite3.Connection) -> None:
    """6 -> 7: events can be reviewed. The reviews log gains the event's fields (and the
    "edit" action: SQLite changes a CHECK only by making the table again, so the log is
    copied whole, ids and all); events gain their review status and what the parser said,
    filled from the rows as they are (every stored event is the parser's)."""
    con.execute("ALTER TABLE reviews RENAME TO reviews_v6")
    con.execute("DROP INDEX reviews_brief")
    for stmt in _statements(_REVIEWS[_REVIEWS.index("CREATE TABLE reviews") :]):
        con.execute(stmt)
    con.execute(
        f"INSERT INTO reviews ({_REVIEW_COLUMNS_V6}) SELECT {_REVIEW_COLUMNS_V6} FROM reviews_v6"
    )
    con.execute("DROP TABLE reviews_v6")
    have = {r[1] for r in con.execute("PRAGMA table_info(events)")}
    for col in (
        "status TEXT NOT NULL DEFAULT 'auto' CHECK (status IN ('auto', 'reviewed', 'rejected'))",
        "auto TEXT NOT NULL DEFAULT '{}'",
        "review_note TEXT",
        "reviewed_at TEXT",
    ):
        if col.split()[0] not in have:  # a v5 store made its events table as it is now
            con.execute(f"ALTER TABLE events ADD COLUMN {col}")
    con.execute(
        "UPDATE events SET auto = json_object('kind', kind, 'place_id', place_id, 'date', date,"
        " 'date_precision', date_precision, 'date_surface', date_surface, 'actor', actor)"
    )


def _copy_reviews(con: sqlite3.Connection, table: str, briefs: str) -> int:
    """Copy the decisions of an older reviews table (v4 or before: brief, span, action,
    place id, point, note, time) into this version's, with the words they were about
    (from the older briefs' reading text). A decision whose words cannot be told is kept
    as not attached; one that needs a place the store does not know (there is no copy in
    an older log) is kept, and applies once its place is known again."""
    schema, _, name = table.rpartition(".")
    info = f"PRAGMA {schema}.table_info({name})" if schema else f"PRAGMA table_info({name})"
    have = {r[1] for r in con.execute(info)}

    def col(name: str) -> str:
        return f"r.{name}" if name in have else "NULL"

    rows = con.execute(
        f'SELECT r.brief_id, r.start, r."end" AS stop, r.action, {col("place_id")} AS place_id,'
        f" {col('lat')} AS lat, {col('lon')} AS lon, {col('note')} AS note,"
        f" {col('created_at')} AS created_at,"
        f' substr(b.reading, r.start + 1, r."end" - r.start) AS surface,'
        " (SELECT json_object('id', p.id, 'name', p.name, 'name_pl', p.name_pl, 'kind', p.kind,"
        " 'country', p.country, 'lat', p.lat, 'lon', p.lon, 'precision', p.precision, 'source',"
        f" p.source, 'population', p.population, 'attrs', p.attrs) FROM places p WHERE p.id ="
        f" {col('place_id')}) AS place"
        f" FROM {table} r LEFT JOIN {briefs} b ON b.id = r.brief_id ORDER BY r.rowid"
    ).fetchall()
    for r in rows:
        stop = max(r["stop"], r["start"] + 1)
        con.execute(
            'INSERT INTO reviews (brief_id, start, "end", surface, action, place_id, place,'
            " lat, lon, note, created_at, attached) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                r["brief_id"],
                r["start"],
                stop,
                r["surface"] or "",
                r["action"] if r["action"] in ACTIONS else "reset",
                r["place_id"],
                r["place"],
                r["lat"],
                r["lon"],
                r["note"] or "",
                r["created_at"] or now(),
                1 if r["surface"] else 0,
            ),
        )
    return len(rows)


_BRIEF_COLUMNS_LIST = (
    "id path title title_is_descriptive publisher series author date_start date_end date_note"
    " language url original reading offsets sha256 origin added_at file_sha256 file_name"
)
_BRIEF_COLUMNS = frozenset(_BRIEF_COLUMNS_LIST.split())


def carry_over(con: sqlite3.Connection, old: Path) -> int:
    """Copy into this (new, empty) store what an older store at ``old`` that cannot be
    migrated holds for good: its briefs the user added and its decisions. Returns how many
    decisions were copied. Call outside a transaction (SQLite attaches a file only outside
    one); the copy is one transaction of its own."""
    con.execute("ATTACH DATABASE ? AS old", (str(old),))
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM old.sqlite_master")}
        n = 0
        with transaction(con):
            if "briefs" in tables:
                have = [r[1] for r in con.execute("PRAGMA old.table_info(briefs)")]
                if "origin" in have:
                    cols = ", ".join(f'"{c}"' for c in have if c in _BRIEF_COLUMNS)
                    con.execute(
                        f"INSERT OR IGNORE INTO briefs ({cols}) SELECT {cols} FROM old.briefs"
                        " WHERE origin = 'added'"
                    )
            if "reviews" in tables:
                olds = "old.briefs" if "briefs" in tables else "briefs"
                n = _copy_reviews(con, "old.reviews", olds)
            set_meta(con, "needs_build", "1")
        return n
    finally:
        con.execute("DETACH DATABASE old")


def _migrate_7(con: sqlite3.Connection) -> None:
    """7 -> 8: the theme filter's per-brief counts (``theme_places``); the next step
    counts them from the stored mentions, with the tables it adds."""
    for stmt in _statements(_THEME_SUMMARY):
        con.execute(stmt)


def _migrate_8(con: sqlite3.Connection) -> None:
    """8 -> 9: the theme counts added up over the briefs (``theme_totals``,
    ``theme_briefs``, kept by triggers) and the dated mentions per theme and month
    (``theme_months``), counted again from the stored mentions."""
    for stmt in _statements(_THEME_TOTALS):
        con.execute(stmt)
    summarise_themes(con)


#: version -> the step that brings a store of that version to the next one.
MIGRATIONS = {4: _migrate_4, 5: _migrate_5, 6: _migrate_6, 7: _migrate_7, 8: _migrate_8}


def migrate(con: sqlite3.Connection, version: int | None) -> None:
    """Bring the store to :data:`SCHEMA_VERSION` inside the caller's transaction, keeping
    the briefs the user added and every decision. A version with no migration (older than
    4, or not a store at all) raises :class:`StoreOutdated`: nothing there could hold a
    user's data, so ``briefmap build`` may replace it."""
    if version is not None and version > SCHEMA_VERSION:
        raise StoreOutdated(
            f"written by a newer briefmap (schema {version}; this one knows "
            f"{SCHEMA_VERSION}): update briefmap"
        )
    while version != SCHEMA_VERSION:
        step = MIGRATIONS.get(version)  # type: ignore[arg-type]
        if step is None:
            raise StoreOutdated(
                f"schema {version} is too old to migrate; `briefmap build --replace` makes"
                " a new store"
            )
        step(con)
        version += 1  # type: ignore[operator]
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
