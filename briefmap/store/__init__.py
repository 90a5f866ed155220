"""The corpus store: one embedded SQLite file. The only module of briefmap that speaks SQL.

The store lives in the data folder (``briefmap.datafolder``). It is SQLite in WAL mode:
readers (the dashboard) never wait for a writer and always see a whole transaction; every
write is one transaction (:func:`transaction`), so a crash or a ``kill -9`` leaves either
all of a write or none of it. Writers wait for each other (a busy timeout), so two people
reviewing at once lose nothing.

What the store keeps for good: the briefs the user added (their metadata; their files are
in the data folder) and the analyst's decisions (``reviews``, a log never edited but to move
a decision's anchor when its brief is parsed again). Everything else — mentions, flows,
places — is derived, and rebuilt by ``briefmap.build`` with the decisions applied. Older
stores are migrated in place (:data:`MIGRATIONS`) without losing either.

Read through :class:`Store`, whose queries return plain dicts and take a :class:`Filters`;
they aggregate in SQL (one row per place, not per mention) so that a 10,000-brief archive
stays quick to filter and draw. Mentions carry a ``status`` (``auto``, ``reviewed``,
``rejected``); rejected ones are left out unless ``Filters.include_rejected``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from briefmap.analysis.flows import Endpoint, Flow
from briefmap.datafolder import default_store
from briefmap.decisions import ACTIONS, Decision, Reviewed
from briefmap.model import Brief, Mention, Place

#: The store the dashboard and the CLI use when not told otherwise: ``$BRIEFMAP_STORE``, or
#: ``briefmap.sqlite`` in the data folder (``briefmap.datafolder``).
DEFAULT_STORE = default_store()
SCHEMA_VERSION = 5
BUSY_TIMEOUT_S = 60.0  # how long a writer waits for another (a rebuild takes a while)

_SCHEMA = (
    """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
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
CREATE TABLE places (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_pl TEXT NOT NULL, kind TEXT NOT NULL,
    country TEXT, lat REAL NOT NULL, lon REAL NOT NULL, precision TEXT NOT NULL,
    source TEXT, population INTEGER, attrs TEXT NOT NULL DEFAULT '{}'
);
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
    + """
-- The analyst's decisions (briefmap.decisions): a log, kept for good (no foreign key: a
-- decision outlives a brief taken out of the corpus and applies again when it is back).
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY, brief_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,  -- in the brief's reading text
    surface TEXT NOT NULL, prefix TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT 'name', cue_place_id TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL CHECK (action IN
        ('accept', 'reject', 'reassign', 'move', 'precision', 'themes', 'add', 'reset')),
    place_id TEXT, place TEXT,  -- the place set or confirmed, and a copy of it (JSON)
    lat REAL, lon REAL, precision TEXT, themes TEXT,
    note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,
    attached INTEGER NOT NULL DEFAULT 1  -- 0: its words were not found at the last parse
);
CREATE INDEX reviews_brief ON reviews(brief_id, id);
"""
)
_FTS = """
CREATE VIRTUAL TABLE excerpt_fts USING fts5(
    excerpt, content='mentions', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
)
"""


#: (columns of a mention row) the orders of ``Store.first_mentions``; ``published`` is the
#: mention's copy of its brief's publication date
_FIRST_ORDERS = {
    "text": "published DESC, brief_id, start, id",
    "date": "date_min, date_max, published DESC, brief_id, start, id",
}


@dataclass(frozen=True)
class Filters:
    """What the user chose to see. Empty tuples and ``None`` mean "no restriction".

    Dates are ISO strings. ``event_*`` keep mentions whose excerpt names a date that
    overlaps the range (undated excerpts are then left out); ``published_*`` keep briefs
    whose publication date (or range) overlaps it. Mentions the analyst rejected are left
    out unless ``include_rejected``."""

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


# -- connections and transactions ------------------------------------------------------------
def _connect(path: Path | str, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        # isolation_level None: no implicit transactions; every write says BEGIN itself
        con = sqlite3.connect(
            path, check_same_thread=False, timeout=BUSY_TIMEOUT_S, isolation_level=None
        )
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA foreign_keys = ON")
    return con


def connect(path: Path | str) -> sqlite3.Connection:
    """A writable connection to the store at ``path``, created if absent and migrated if
    written by an older briefmap: WAL, foreign keys, synchronous FULL (a decision that was
    confirmed survives a power cut). Check :func:`needs_build` after opening."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect(path)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
        with transaction(con, bump=False):
            version = _version(con)
            if version is None and not _tables(con):
                create_schema(con)
                _set_meta(con, "needs_build", "1")
            elif version != SCHEMA_VERSION:
                migrate(con, version)
    except BaseException:
        con.close()
        raise
    return con


def connect_readonly(path: Path | str) -> sqlite3.Connection:
    """A read-only connection to an existing store (no lock taken, nothing created)."""
    return _connect(path, readonly=True)


@contextlib.contextmanager
def transaction(con: sqlite3.Connection, bump: bool = True) -> Iterator[sqlite3.Connection]:
    """One write transaction: waits for other writers, takes the write lock at once, and
    commits everything or nothing. ``bump``: count a new revision (readers' caches)."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
        if bump:
            con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            con.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def savepoint(con: sqlite3.Connection, name: str = "part") -> Iterator[None]:
    """A part of a transaction that is undone alone when it fails."""
    con.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        con.execute(f"ROLLBACK TO {name}")
        con.execute(f"RELEASE {name}")
        raise
    con.execute(f"RELEASE {name}")


def checkpoint(con: sqlite3.Connection) -> None:
    """Copy what the WAL holds into the store file, as far as readers allow: the file alone
    then holds every committed write (a copy of it is a backup) and its time changes."""
    with contextlib.suppress(sqlite3.Error):
        con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def backup(path: Path | str, dest: Path | str) -> None:
    """A consistent copy of the store at ``path`` in ``dest`` (SQLite's backup, safe while
    the app runs and writes)."""
    src = _connect(path, readonly=True)
    out = sqlite3.connect(dest)
    try:
        src.backup(out)
    finally:
        out.close()
        src.close()


def _tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _version(con: sqlite3.Connection) -> int | None:
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:
        return None
    return int(row[0]) if row else None


def _get_meta(con: sqlite3.Connection, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _statements(sql: str) -> list[str]:
    # executescript would commit the open transaction first: run the DDL one by one
    return [s.strip() for s in sql.split(";\n") if s.strip()]


def _has_fts(con: sqlite3.Connection) -> bool:
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
    return _get_meta(con, "needs_build") == "1"


def mark_built(con: sqlite3.Connection) -> None:
    con.execute("DELETE FROM meta WHERE key = 'needs_build'")
    _set_meta(con, "built_at", _now())


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
    for stmt in _statements(_SCHEMA[_SCHEMA.index("CREATE TABLE reviews") :]):
        con.execute(stmt)
    _copy_reviews(con, "reviews_v4", "briefs")
    con.execute("DROP TABLE reviews_v4")
    if _get_meta(con, "revision") is None:
        _set_meta(con, "revision", "0")
    if count(con, "reviews"):
        _set_meta(con, "needs_build", "1")  # their decisions are applied by a re-parse


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
                r["created_at"] or _now(),
                1 if r["surface"] else 0,
            ),
        )
    return len(rows)


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
            _set_meta(con, "needs_build", "1")
        return n
    finally:
        con.execute("DETACH DATABASE old")


_BRIEF_COLUMNS_LIST = (
    "id path title title_is_descriptive publisher series author date_start date_end date_note"
    " language url original reading offsets sha256 origin added_at file_sha256 file_name"
)
_BRIEF_COLUMNS = frozenset(_BRIEF_COLUMNS_LIST.split())

#: version -> the step that brings a store of that version to the next one.
MIGRATIONS = {4: _migrate_4}


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


# -- writing ---------------------------------------------------------------------------------
def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _place_row(p: Place) -> tuple:
    attrs = dict(p.attrs)
    if p.names:
        attrs["names"] = {k: list(v) for k, v in p.names.items()}
    return (
        p.id,
        p.name,
        p.name_pl,
        p.kind,
        p.country,
        p.lat,
        p.lon,
        p.precision,
        p.source,
        p.population,
        json.dumps(attrs, ensure_ascii=False, default=str),
    )


def write_place(con: sqlite3.Connection, place: Place) -> None:
    """Insert ``place`` unless its id is stored already."""
    con.execute("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", _place_row(place))


def place_from_row(r: Mapping) -> Place:
    """A stored place as a :class:`Place` (names from its attrs)."""
    attrs = json.loads(r["attrs"] or "{}") if isinstance(r["attrs"], str) else dict(r["attrs"])
    names = {k: tuple(v) for k, v in (attrs.pop("names", None) or {}).items()}
    return Place(
        id=r["id"],
        name=r["name"],
        name_pl=r["name_pl"],
        kind=r["kind"],
        country=r["country"] or "",
        lat=r["lat"],
        lon=r["lon"],
        precision=r["precision"],
        source=r["source"] or "",
        population=r["population"] or 0,
        names=names,
        attrs=attrs,
    )


def place_json(p: Place) -> str:
    """A place as the reviews log keeps a copy of it."""
    cols = ("id", "name", "name_pl", "kind", "country", "lat", "lon", "precision", "source")
    row = dict(zip((*cols, "population", "attrs"), _place_row(p), strict=True))
    return json.dumps(row, ensure_ascii=False)


def write_brief(
    con: sqlite3.Connection,
    brief: Brief,
    mentions: Sequence[Mention | Reviewed] = (),
    origin: str = "corpus",
    flows: Sequence[Flow] = (),
    places: Mapping[str, Place] | None = None,
    *,
    added_at: str | None = None,
    file_sha256: str | None = None,
    file_name: str | None = None,
) -> None:
    """Insert (or replace) one brief with its mentions and flows. ``places`` gives the
    places at the ends of the flows by id (an end not found there is stored from what the
    flow says of it). Call inside a transaction."""
    delete_brief(con, brief.id)
    con.execute(
        "INSERT INTO briefs (id, path, title, title_is_descriptive, publisher, series, author,"
        " date_start, date_end, date_note, language, url, original, reading, offsets, sha256,"
        " origin, added_at, file_sha256, file_name)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            brief.id,
            brief.path,
            brief.title,
            int(brief.title_is_descriptive),
            brief.publisher,
            brief.series,
            brief.author,
            _iso(brief.date_start),
            _iso(brief.date_end),
            brief.date_note,
            brief.language,
            brief.url,
            brief.original,
            brief.reading,
            pack_offsets(brief.offsets),
            text_sha256(brief.original),
            origin,
            added_at or _now(),
            file_sha256,
            file_name,
        ),
    )
    write_mentions(con, brief, mentions)
    for fl in flows:
        _write_flow(con, brief, fl, places or {})


def text_sha256(text: str) -> str:
    """The hash a brief's original text is found by (the same brief added twice)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def delete_brief(con: sqlite3.Connection, brief_id: str) -> None:
    """Remove a brief with its mentions and flows (its decisions stay in the log)."""
    delete_mentions(con, brief_id)
    con.execute("DELETE FROM briefs WHERE id = ?", (brief_id,))


def delete_mentions(con: sqlite3.Connection, brief_id: str) -> None:
    """Remove the mentions of one brief, and their excerpts from the search index."""
    if _has_fts(con):
        con.execute(
            "INSERT INTO excerpt_fts(excerpt_fts, rowid, excerpt)"
            " SELECT 'delete', id, excerpt FROM mentions WHERE brief_id = ?",
            (brief_id,),
        )
    con.execute("DELETE FROM mentions WHERE brief_id = ?", (brief_id,))


def write_mentions(
    con: sqlite3.Connection, brief: Brief, mentions: Sequence[Mention | Reviewed]
) -> None:
    """Insert mentions of ``brief`` (a plain :class:`Mention` is stored as the parser's:
    status "auto"). Call inside a transaction."""
    fts = _has_fts(con)
    published = _iso(brief.date_start)
    for item in mentions:
        r = item if isinstance(item, Reviewed) else Reviewed.automatic(item)
        m = r.mention
        write_place(con, m.place)
        if r.auto_place is not None and r.auto_place.id != m.place.id:
            write_place(con, r.auto_place)  # what the parser said, for a reset
        starts = [d[1] for d in m.dates]
        ends = [d[2] for d in m.dates]
        cur = con.execute(
            'INSERT INTO mentions (brief_id, start, "end", surface, place_id, link, evidence,'
            " confidence, excerpt_start, excerpt_end, orig_start, orig_end,"
            " excerpt_orig_start, excerpt_orig_end, excerpt, themes, theme_evidence, dates,"
            " date_min, date_max, published, n_themes, marks, status, auto_place_id,"
            " auto_themes, review_note, reviewed_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                brief.id,
                m.start,
                m.end,
                m.surface,
                m.place.id,
                m.link,
                m.evidence,
                m.confidence,
                m.excerpt_start,
                m.excerpt_end,
                m.orig_start,
                m.orig_end,
                m.excerpt_orig_start,
                m.excerpt_orig_end,
                m.excerpt,
                json.dumps(list(m.themes)),
                json.dumps({k: list(v) for k, v in m.theme_evidence.items()}, ensure_ascii=False),
                json.dumps(m.dates, ensure_ascii=False),
                min(starts) if starts else None,
                max(ends) if ends else None,
                published,
                len(m.themes),
                json.dumps([list(x) for x in m.marks]),
                r.status,
                r.auto_place_id,
                json.dumps(list(r.auto_themes)),
                r.note or None,
                r.reviewed_at,
            ),
        )
        mid = cur.lastrowid
        if r.status != "rejected":  # the theme index serves the map, which shows no rejects
            con.executemany(
                "INSERT INTO mention_themes VALUES (?, ?, ?)",
                [(t, mid, m.place.id) for t in m.themes],
            )
        if fts:
            con.execute("INSERT INTO excerpt_fts(rowid, excerpt) VALUES (?, ?)", (mid, m.excerpt))


def _write_flow(
    con: sqlite3.Connection, brief: Brief, fl: Flow, places: Mapping[str, Place]
) -> None:
    ends = [fl.origin, *fl.via, fl.destination, *fl.former]
    for ep in ends:
        if ep is not None:
            write_place(con, places.get(ep.place_id) or _endpoint_place(ep))
    starts = [d[1] for d in fl.dates]
    ends_d = [d[2] for d in fl.dates]

    def one(ep: Endpoint | None) -> str | None:
        return json.dumps(ep.record(), ensure_ascii=False) if ep else None

    countries = sorted({ep.country for ep in ends if ep is not None and ep.country})
    con.execute(
        "INSERT INTO flows (brief_id, kind, commodity, commodity_pl, commodity_words, origin,"
        " via, destination, former, countries, excerpt, excerpt_start, excerpt_end,"
        " excerpt_orig_start, excerpt_orig_end, evidence, confidence, themes, dates,"
        " date_min, date_max, published) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            brief.id,
            fl.kind,
            fl.commodity,
            fl.commodity_pl,
            fl.commodity_words,
            one(fl.origin),
            json.dumps([v.record() for v in fl.via], ensure_ascii=False),
            one(fl.destination),
            json.dumps([v.record() for v in fl.former], ensure_ascii=False),
            json.dumps(countries),
            fl.excerpt,
            fl.excerpt_start,
            fl.excerpt_end,
            fl.excerpt_orig_start,
            fl.excerpt_orig_end,
            json.dumps(list(fl.evidence), ensure_ascii=False),
            fl.confidence,
            json.dumps(list(fl.themes)),
            json.dumps(fl.dates, ensure_ascii=False),
            min(starts) if starts else None,
            max(ends_d) if ends_d else None,
            _iso(brief.date_start),
        ),
    )


def _endpoint_place(ep: Endpoint) -> Place:
    kind = "country" if ep.place_id.startswith("cc:") else "place"
    return Place(
        ep.place_id, ep.name, ep.name_pl, kind, ep.country, ep.lat, ep.lon, ep.precision, ""
    )


def pack_offsets(offsets: Sequence[int]) -> str:
    """The reading -> original offset map as runs: ``[[i, o], …, n]`` says reading index
    ``i`` maps to ``o`` and the following ones step by one, until the next run; ``n`` is
    the map's length. A brief's map has a run per repaired line break, not one number per
    character: at 10,000 briefs that is the difference between megabytes and a gigabyte."""
    runs: list[list[int]] = []
    for i, o in enumerate(offsets):
        if not runs or o != runs[-1][1] + (i - runs[-1][0]):
            runs.append([i, o])
    return json.dumps([*runs, len(offsets)], separators=(",", ":"))


def unpack_offsets(packed: str) -> array[int]:
    """The inverse of :func:`pack_offsets` (as an ``array`` of machine integers)."""
    *runs, n = json.loads(packed)
    out: array[int] = array("q")
    for k, (i, o) in enumerate(runs):
        end = runs[k + 1][0] if k + 1 < len(runs) else n
        out.extend(range(o, o + end - i))
    return out


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# -- reading and writing what the library needs (adding briefs, reviewing) -------------------
def brief_row(con: sqlite3.Connection, brief_id: str) -> dict | None:
    """One stored brief with its texts (offsets packed), or None."""
    r = con.execute("SELECT * FROM briefs WHERE id = ?", (brief_id,)).fetchone()
    return dict(r) if r else None


def brief_from_row(r: Mapping) -> Brief:
    """A stored brief as a :class:`Brief`."""
    return Brief(
        id=r["id"],
        path=r["path"],
        original=r["original"],
        reading=r["reading"],
        offsets=unpack_offsets(r["offsets"]),
        language=r["language"],
        title=r["title"],
        title_is_descriptive=bool(r["title_is_descriptive"]),
        publisher=r["publisher"] or "",
        series=r["series"] or "",
        author=r["author"] or "",
        date_start=date.fromisoformat(r["date_start"]) if r["date_start"] else None,
        date_end=date.fromisoformat(r["date_end"]) if r["date_end"] else None,
        date_note=r["date_note"] or "",
        url=r["url"] or "",
    )


def added_briefs(con: sqlite3.Connection) -> list[dict]:
    """The briefs the user added, oldest first, with their texts."""
    return [
        dict(r)
        for r in con.execute("SELECT * FROM briefs WHERE origin = 'added' ORDER BY added_at, id")
    ]


def find_duplicate(
    con: sqlite3.Connection, sha256: str | None = None, file_sha256: str | None = None
) -> dict | None:
    """The stored brief with this text hash or this file hash, if any (id, title, origin)."""
    r = con.execute(
        "SELECT id, title, origin, file_name, path FROM briefs WHERE sha256 = ?"
        " OR (file_sha256 IS NOT NULL AND file_sha256 = ?) LIMIT 1",
        (sha256 or "", file_sha256 or ""),
    ).fetchone()
    return dict(r) if r else None


_METADATA = ("title", "publisher", "series", "author", "date_start", "date_end", "url")


def update_metadata(con: sqlite3.Connection, brief_id: str, fields: Mapping) -> None:
    """Change a stored brief's metadata (``title``, ``publisher``, ``series``, ``author``,
    ``date_start``, ``date_end``, ``url``; dates as ``date`` or ISO text). A title set by
    hand is no longer a descriptive label. Call inside a transaction."""
    unknown = set(fields) - set(_METADATA)
    if unknown:
        raise ValueError(f"not metadata a brief can be given: {sorted(unknown)}")
    sets, args = [], []
    for k, v in fields.items():
        sets.append(f"{k} = ?")
        args.append(
            _iso(v) if isinstance(v, date) else (v or None if k.startswith("date") else v or "")
        )
    if "title" in fields:
        sets.append("title_is_descriptive = 0")
    if not sets:
        return
    con.execute(f"UPDATE briefs SET {', '.join(sets)} WHERE id = ?", (*args, brief_id))
    if "date_start" in fields:  # the mentions' copy, for the aggregates
        con.execute(
            "UPDATE mentions SET published = (SELECT date_start FROM briefs WHERE id = ?)"
            " WHERE brief_id = ?",
            (brief_id, brief_id),
        )
        con.execute(
            "UPDATE flows SET published = (SELECT date_start FROM briefs WHERE id = ?)"
            " WHERE brief_id = ?",
            (brief_id, brief_id),
        )


def places_by_id(con: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Place]:
    out: dict[str, Place] = {}
    ids = list(dict.fromkeys(ids))
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        for r in con.execute(
            f"SELECT * FROM places WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            out[r["id"]] = place_from_row(r)
    return out


def read_mentions(con: sqlite3.Connection, brief_id: str) -> tuple[list[Reviewed], list[Mention]]:
    """The mentions of one brief as the parser made them (status "auto", its place and
    themes), and the mentions the analyst added (as stored), in text order."""
    rows = con.execute(
        "SELECT * FROM mentions WHERE brief_id = ? ORDER BY start, id", (brief_id,)
    ).fetchall()
    places = places_by_id(con, [r["auto_place_id"] or r["place_id"] for r in rows])
    automatic: list[Reviewed] = []
    added: list[Mention] = []
    for r in rows:
        auto_themes = tuple(json.loads(r["auto_themes"] or "[]"))
        evidence = {k: tuple(v) for k, v in json.loads(r["theme_evidence"]).items()}
        m = Mention(
            brief_id=brief_id,
            start=r["start"],
            end=r["end"],
            surface=r["surface"],
            place=places[r["auto_place_id"] or r["place_id"]],
            link=r["link"],
            evidence=r["evidence"] or "",
            confidence=r["confidence"] if r["confidence"] is not None else 0.0,
            excerpt_start=r["excerpt_start"],
            excerpt_end=r["excerpt_end"],
            orig_start=r["orig_start"],
            orig_end=r["orig_end"],
            excerpt_orig_start=r["excerpt_orig_start"],
            excerpt_orig_end=r["excerpt_orig_end"],
            excerpt=r["excerpt"],
            themes=auto_themes,
            theme_evidence={t: evidence[t] for t in auto_themes if t in evidence},
            dates=tuple(tuple(d) for d in json.loads(r["dates"])),
            marks=tuple(tuple(x) for x in json.loads(r["marks"])),
        )
        if r["auto_place_id"] is None:
            added.append(m)
        else:
            automatic.append(Reviewed(m, "auto", m.place, auto_themes))
    return automatic, added


def insert_decision(con: sqlite3.Connection, d: Decision) -> int:
    """Append a decision to the log; returns its id. Call inside a transaction."""
    if d.place is not None:
        write_place(con, d.place)
    cur = con.execute(
        'INSERT INTO reviews (brief_id, start, "end", surface, prefix, suffix, link,'
        " cue_place_id, action, place_id, place, lat, lon, precision, themes, note,"
        " created_at, attached) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            d.brief_id,
            d.start,
            d.end,
            d.surface,
            d.prefix,
            d.suffix,
            d.link,
            d.cue_place_id if d.link == "cue" else "",
            d.action,
            d.place.id if d.place else None,
            place_json(d.place) if d.place else None,
            d.lat,
            d.lon,
            d.precision,
            json.dumps(list(d.themes)) if d.themes is not None else None,
            d.note or "",
            d.created_at,
            int(d.attached),
        ),
    )
    return cur.lastrowid


def _decision(r: Mapping) -> Decision:
    return Decision(
        brief_id=r["brief_id"],
        start=r["start"],
        end=r["end"],
        surface=r["surface"],
        action=r["action"],
        link=r["link"],
        cue_place_id=r["cue_place_id"] or "",
        place=place_from_row(json.loads(r["place"])) if r["place"] else None,
        lat=r["lat"],
        lon=r["lon"],
        precision=r["precision"],
        themes=tuple(json.loads(r["themes"])) if r["themes"] is not None else None,
        note=r["note"] or "",
        created_at=r["created_at"],
        prefix=r["prefix"] or "",
        suffix=r["suffix"] or "",
        id=r["id"],
        attached=bool(r["attached"]),
    )


def read_decisions(con: sqlite3.Connection, brief_id: str | None = None) -> list[Decision]:
    """The decisions about one brief (or all), in the order they were made."""
    if brief_id is None:
        rows = con.execute("SELECT * FROM reviews ORDER BY id")
    else:
        rows = con.execute("SELECT * FROM reviews WHERE brief_id = ? ORDER BY id", (brief_id,))
    return [_decision(r) for r in rows]


def move_decisions(con: sqlite3.Connection, decisions: Sequence[Decision]) -> None:
    """Store where each decision's words are now (after a re-parse) and whether they were
    found. Its action, place, note and time never change."""
    con.executemany(
        'UPDATE reviews SET start = ?, "end" = ?, attached = ? WHERE id = ?',
        [(d.start, d.end, int(d.attached), d.id) for d in decisions if d.id is not None],
    )


def clear_derived(con: sqlite3.Connection) -> None:
    """Remove what a build derives (mentions, flows, places) and the corpus briefs; the
    briefs the user added and the decisions stay. Call inside a transaction."""
    if _has_fts(con):
        con.execute("INSERT INTO excerpt_fts(excerpt_fts) VALUES ('delete-all')")
    con.execute("DELETE FROM mention_themes")
    con.execute("DELETE FROM mentions")
    con.execute("DELETE FROM flows")
    con.execute("DELETE FROM briefs WHERE origin <> 'added'")
    con.execute("DELETE FROM places")


class StoreOutdated(ValueError):
    """The store was written by another schema version: rebuild it."""


def schema_version(path: Path | str) -> int | None:
    """The schema version a store file was written with; None if it is not a store."""
    try:
        con = _connect(path, readonly=True)
        try:
            return _version(con)
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None


def revision(path: Path | str) -> int:
    """A number that grows with every write to the store at ``path``: key readers' caches
    on it (the file's time does not change on a commit in WAL mode)."""
    con = _connect(path, readonly=True)
    try:
        value = _get_meta(con, "revision")
    finally:
        con.close()
    return int(value or 0)


def count(con: sqlite3.Connection, table: str) -> int:
    """Rows of one of the store's tables."""
    if table not in {"briefs", "mentions", "places", "flows", "reviews"}:
        raise ValueError(table)
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


class Store:
    """Read access to a built store; every method returns plain dicts. Opens the file read
    only: it never takes a writer's lock, and sees each write whole once committed."""

    def __init__(self, path: Path | str = DEFAULT_STORE) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no store; run `briefmap build` first")
        self.con = _connect(self.path, readonly=True)
        found = schema_version(self.path)
        if found != SCHEMA_VERSION:
            self.con.close()
            raise StoreOutdated(
                f"{self.path}: made by another version of briefmap (schema {found}, this one "
                f"reads {SCHEMA_VERSION}); run `briefmap build` (or `make run`) to migrate it"
                " — added briefs and reviews are kept"
            )
        self.fts = _has_fts(self.con)

    def _rejects(self) -> bool:
        """Is any mention rejected? (The small partial index answers at once.) When none
        is, the map's aggregates need no condition on the status at all."""
        row = self.con.execute("SELECT 1 FROM mentions WHERE status = 'rejected' LIMIT 1")
        return row.fetchone() is not None

    def revision(self) -> int:
        """See :func:`revision`."""
        return int(_get_meta(self.con, "revision") or 0)

    def close(self) -> None:
        self.con.close()

    # -- filters -------------------------------------------------------------------------
    def _where(self, f: Filters) -> tuple[str, list]:
        """SQL conditions on ``m`` (mentions), ``b`` (briefs), ``p`` (places): use them
        after ``self._FROM``, or after ``_joins(f)`` when only ``m`` is selected."""
        conds: list[str] = []
        args: list = []

        def within(col: str, values: Sequence[str]) -> None:
            conds.append(f"{col} IN ({','.join('?' * len(values))})")
            args.extend(values)

        if f.themes:
            conds.append(
                "m.id IN (SELECT mention_id FROM mention_themes WHERE theme IN "
                f"({','.join('?' * len(f.themes))}))"
            )
            args.extend(f.themes)
        if f.briefs:
            within("m.brief_id", f.briefs)
        if f.publishers:
            within("b.publisher", f.publishers)
        if f.countries:
            within("p.country", f.countries)
        if f.precisions:
            within("p.precision", f.precisions)
        if f.links:
            within("m.link", f.links)
        if f.statuses:
            within("m.status", f.statuses)
        if not f.include_rejected and self._rejects():
            # by id against the small partial index: the aggregates stay on their covering
            # indexes instead of reading every mention's row for its status
            conds.append("m.id NOT IN (SELECT id FROM mentions WHERE status = 'rejected')")
        _dates(f, "m", conds, args)
        if f.search.strip():
            if self.fts:
                conds.append("m.id IN (SELECT rowid FROM excerpt_fts WHERE excerpt_fts MATCH ?)")
                args.append(_fts_query(f.search))
            else:
                conds.append("m.excerpt LIKE ? ESCAPE '\\'")
                args.append(_like_pattern(f.search))
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

    # -- queries -------------------------------------------------------------------------
    def place_summary(self, f: Filters = Filters()) -> list[dict]:
        """One row per place with its mention count, briefs count, themes, and how many of
        its mentions an analyst reviewed (``reviewed``; for markers)."""
        where, args = self._where(f)
        rows = self.con.execute(
            "SELECT p.*, s.mentions, s.briefs, s.named, s.cued, s.reviewed FROM (SELECT"
            " m.place_id, count(*) AS mentions, count(DISTINCT m.brief_id) AS briefs,"
            " sum(m.link = 'name') AS named, sum(m.link = 'cue') AS cued,"
            " sum(m.status = 'reviewed') AS reviewed"
            + self._joins(f)
            + "WHERE "
            + where
            + " GROUP BY m.place_id) s JOIN places p ON p.id = s.place_id"
            " ORDER BY s.mentions DESC, p.id",
            args,
        ).fetchall()
        themes = self._themes_by_place(f, where, args)
        out = []
        for r in rows:
            d = _place_dict(r)
            d.update(
                mentions=r["mentions"],
                briefs=r["briefs"],
                links=[k for k in ("cue", "name") if r["cued" if k == "cue" else "named"]],
                themes=themes.get(r["id"], {}),
                reviewed=r["reviewed"] or 0,
            )
            out.append(d)
        return out

    def _themes_by_place(self, f: Filters, where: str, args: list) -> dict[str, dict[str, int]]:
        if _unfiltered(f):  # the theme table (no rejected mention there) answers alone
            sql = "SELECT place_id AS pid, theme, count(*) AS n FROM mention_themes GROUP BY 1, 2"
        else:
            sql = (
                "SELECT m.place_id AS pid, t.theme AS theme, count(*) AS n"
                + self._joins(f)
                + "JOIN mention_themes t ON t.mention_id = m.id WHERE "
                + where
                + " GROUP BY m.place_id, t.theme"
            )
        rows = self.con.execute(sql, args).fetchall()
        out: dict[str, dict[str, int]] = {}
        for r in rows:
            out.setdefault(r["pid"], {})[r["theme"]] = r["n"]
        return out

    def theme_counts(self, f: Filters = Filters()) -> dict[str, int]:
        """Mentions per theme under the filters (for the legend)."""
        where, args = self._where(f)
        if _unfiltered(f):  # the theme index (no rejected mention there) answers alone
            sql = "SELECT theme, count(*) AS n FROM mention_themes GROUP BY theme"
        else:
            sql = (
                "SELECT t.theme AS theme, count(*) AS n"
                + self._joins(f)
                + "JOIN mention_themes t ON t.mention_id = m.id WHERE "
                + where
                + " GROUP BY t.theme"
            )
        return {r["theme"]: r["n"] for r in self.con.execute(sql, args).fetchall()}

    def totals(self, f: Filters = Filters()) -> dict[str, int]:
        """How many mentions, places and briefs the filters keep (for the counters)."""
        where, args = self._where(f)
        r = self.con.execute(
            "SELECT count(*) AS mentions, count(DISTINCT m.place_id) AS places,"
            " count(DISTINCT m.brief_id) AS briefs" + self._joins(f) + "WHERE " + where,
            args,
        ).fetchone()
        return {"mentions": r["mentions"], "places": r["places"], "briefs": r["briefs"]}

    def unthemed_counts(self, f: Filters = Filters()) -> dict[str, int]:
        """Mentions without any theme, per place (drawn in a "no theme" layer)."""
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

    def place_examples(self, f: Filters = Filters()) -> dict[str, dict]:
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
                d = _mention_dict(r)
                out[d["place_id"]] = d
        return out

    def event_months(self, f: Filters = Filters()) -> dict[str, int]:
        """Dated mentions per month ("YYYY-MM") of the first date their excerpt names,
        under the filters, in time order (for the timeline)."""
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

    def flows(self, f: Filters = Filters()) -> list[dict]:
        """Flows found in the briefs under the filters: briefs, publishers, publication
        and event dates, themes (of the flow's sentence), countries (of any end), search
        (in the sentence). Newest brief first, then text order; ``origin``, ``via``,
        ``destination``, ``former`` are the ends as ``briefmap.analysis.flows.Endpoint.record``
        dicts, with the brief's citation columns."""
        conds: list[str] = []
        args: list = []
        if f.briefs:
            conds.append(f"fl.brief_id IN ({','.join('?' * len(f.briefs))})")
            args.extend(f.briefs)
        if f.publishers:
            conds.append(f"b.publisher IN ({','.join('?' * len(f.publishers))})")
            args.extend(f.publishers)
        if f.themes:
            conds.append(
                "EXISTS (SELECT 1 FROM json_each(fl.themes) WHERE value IN "
                f"({','.join('?' * len(f.themes))}))"
            )
            args.extend(f.themes)
        if f.countries:
            conds.append(
                "EXISTS (SELECT 1 FROM json_each(fl.countries) WHERE value IN "
                f"({','.join('?' * len(f.countries))}))"
            )
            args.extend(f.countries)
        _dates(f, "fl", conds, args)
        if f.search.strip():
            conds.append("fl.excerpt LIKE ? ESCAPE '\\'")
            args.append(_like_pattern(f.search))
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

    def mentions(
        self,
        f: Filters = Filters(),
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
        return [_mention_dict(r) for r in self.con.execute(sql, args).fetchall()]

    def first_mentions(
        self, f: Filters = Filters(), order: str = "text", limit: int | None = None
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
            d = _mention_dict(r)
            d.pop("bm_rank", None)
            out.append(d)
        return out

    def count_first_mentions(self, f: Filters = Filters(), order: str = "text") -> int:
        """How many rows :meth:`first_mentions` would return with no limit."""
        where, args = self._where(f)
        if order == "date":
            where += " AND m.date_min IS NOT NULL"
        sql = "SELECT count(DISTINCT m.place_id)" + self._FROM + "WHERE " + where
        return int(self.con.execute(sql, args).fetchone()[0])

    def export_mentions(self, f: Filters = Filters(), chunk: int = 5000) -> Iterator[dict]:
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
                yield _mention_dict(r)

    def brief_ids(self, f: Filters = Filters()) -> list[str]:
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

    def briefs(self) -> list[dict]:
        """Brief metadata (no texts), newest first."""
        rows = self.con.execute(
            "SELECT id, path, title, title_is_descriptive, publisher, series, author,"
            " date_start, date_end, date_note, language, url, origin, added_at, file_name"
            " FROM briefs"
            " ORDER BY date_start DESC, id"
        ).fetchall()
        return [dict(r) for r in rows]

    def status_counts(self, brief_id: str | None = None) -> dict[str, int]:
        """How many mentions (of one brief, or all) are automatic, reviewed, rejected."""
        sql = "SELECT status, count(*) AS n FROM mentions"
        args: tuple = ()
        if brief_id is not None:
            sql += " WHERE brief_id = ?"
            args = (brief_id,)
        counts = dict.fromkeys(("auto", "reviewed", "rejected"), 0)
        for r in self.con.execute(sql + " GROUP BY status", args):
            counts[r["status"]] = r["n"]
        return counts

    def decisions(self, brief_id: str) -> list[dict]:
        """The analyst's decisions about one brief, oldest first: ``action``, the words
        (``surface``, ``start``, ``end``), ``place_id``/``place_name``, ``lat``/``lon``,
        ``precision``, ``themes``, ``note``, ``created_at``, ``attached`` (False: its words
        were not found when the brief was last parsed)."""
        out = []
        for d in read_decisions(self.con, brief_id):
            out.append(
                {
                    "id": d.id,
                    "action": d.action,
                    "surface": d.surface,
                    "start": d.start,
                    "end": d.end,
                    "link": d.link,
                    "place_id": d.place.id if d.place else None,
                    "place_name": d.place.name if d.place else None,
                    "lat": d.lat,
                    "lon": d.lon,
                    "precision": d.precision,
                    "themes": list(d.themes) if d.themes is not None else None,
                    "note": d.note,
                    "created_at": d.created_at,
                    "attached": d.attached,
                }
            )
        return out

    def brief(self, brief_id: str) -> dict | None:
        """One brief with its texts and offset map."""
        r = self.con.execute("SELECT * FROM briefs WHERE id = ?", (brief_id,)).fetchone()
        if r is None:
            return None
        d = dict(r)
        d["offsets"] = unpack_offsets(d["offsets"])
        return d

    def reading(self, brief_id: str) -> str | None:
        """The reading text of one brief alone (no original, no offset map)."""
        r = self.con.execute("SELECT reading FROM briefs WHERE id = ?", (brief_id,)).fetchone()
        return None if r is None else r[0]

    def reading_slice(self, brief_id: str, start: int, end: int) -> str:
        """``reading[start:end]`` of one brief, cut in SQL: a page of a long brief is read
        without the rest of it."""
        r = self.con.execute(
            "SELECT substr(reading, ?, ?) FROM briefs WHERE id = ?",
            (int(start) + 1, max(0, int(end) - int(start)), brief_id),
        ).fetchone()
        return "" if r is None else r[0]

    def reader_mentions(self, brief_id: str, start: int, end: int) -> list[dict]:
        """The mentions of one brief within ``[start, end)`` of its reading text, as the
        reader marks them: offsets, place id and names, link, status; rejected ones left out."""
        rows = self.con.execute(
            'SELECT m.start, m."end", m.place_id, m.link, m.status, p.name AS place_name,'
            " p.name_pl AS place_name_pl FROM mentions m JOIN places p ON p.id = m.place_id"
            ' WHERE m.brief_id = ? AND m.start >= ? AND m."end" <= ?'
            " AND m.status <> 'rejected' ORDER BY m.start",
            (brief_id, int(start), int(end)),
        ).fetchall()
        return [dict(r) for r in rows]

    def place(self, place_id: str) -> dict | None:
        r = self.con.execute("SELECT * FROM places WHERE id = ?", (place_id,)).fetchone()
        return _place_dict(r) if r else None

    def facets(self) -> dict[str, list]:
        """Values the filters can take: publishers, countries, precisions, date bounds."""
        q = self.con.execute
        return {
            "publishers": [
                r[0]
                for r in q("SELECT DISTINCT publisher FROM briefs WHERE publisher <> '' ORDER BY 1")
            ],
            "countries": [
                r[0]
                for r in q(
                    "SELECT DISTINCT p.country FROM places p JOIN mentions m ON m.place_id = p.id"
                    " WHERE p.country <> '' ORDER BY 1"
                )
            ],
            "precisions": [
                r[0]
                for r in q(
                    "SELECT DISTINCT p.precision FROM places p JOIN mentions m"
                    " ON m.place_id = p.id ORDER BY 1"
                )
            ],
            "event_dates": list(q("SELECT min(date_min), max(date_max) FROM mentions").fetchone()),
            "published": list(
                q(
                    "SELECT min(date_start), max(coalesce(date_end, date_start)) FROM briefs"
                ).fetchone()
            ),
        }


def _unfiltered(f: Filters) -> bool:
    return f == Filters()


def _place_dict(r: sqlite3.Row) -> dict:
    d = {
        k: r[k]
        for k in (
            "id",
            "name",
            "name_pl",
            "kind",
            "country",
            "lat",
            "lon",
            "precision",
            "source",
            "population",
        )
    }
    d["attrs"] = json.loads(r["attrs"] or "{}")
    return d


def _mention_dict(r: sqlite3.Row) -> dict:
    d = dict(r)
    for k in ("themes", "theme_evidence", "dates", "marks", "auto_themes"):
        if k in d:
            d[k] = json.loads(d[k])
    return d


#: C0 control characters and DEL: SQLite ends a string at NUL ("unterminated string")
_CONTROL = dict.fromkeys([*range(0x20), 0x7F], " ")


def _fts_query(text: str) -> str:
    """User words as FTS5 prefix terms, quoted so that no operator syntax gets through;
    control characters (NUL included) separate words instead of reaching SQLite."""
    words = [w.replace('"', '""') for w in text.translate(_CONTROL).split() if w.strip()]
    return " ".join(f'"{w}"*' for w in words) or '""'


def _dates(f: Filters, alias: str, conds: list[str], args: list) -> None:
    """The event-date conditions on table ``alias`` (mentions ``m`` or flows ``fl``, both
    with ``date_min``/``date_max``) and the publication-date ones on briefs ``b``."""
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


def _like_pattern(search: str) -> str:
    """A user's search as a LIKE pattern: control characters out, wildcards escaped."""
    return "%" + _like_escape(search.translate(_CONTROL).strip()) + "%"


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
