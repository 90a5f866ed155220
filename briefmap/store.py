"""The corpus store: one embedded SQLite file. The only module of briefmap that speaks SQL.

Written by ``briefmap.build`` (corpus -> pipeline -> :func:`write_brief`) into a temporary
file that replaces the old one atomically, so a crash mid-build leaves the old store intact;
human reviews are carried over (:func:`read_reviews`, :func:`write_reviews`).

Read through :class:`Store`, whose queries return plain dicts and take a :class:`Filters`;
they aggregate in SQL (one row per place, not per mention) so that a 10,000-brief archive
stays quick to filter and draw.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from briefmap.flows import Endpoint, Flow
from briefmap.model import Brief, Mention, Place

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STORE = Path(os.environ.get("BRIEFMAP_STORE", ROOT / "var" / "briefmap.sqlite"))
SCHEMA_VERSION = 4

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE briefs (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL,
    title_is_descriptive INTEGER NOT NULL DEFAULT 0, publisher TEXT, series TEXT,
    author TEXT, date_start TEXT, date_end TEXT, date_note TEXT, language TEXT NOT NULL,
    url TEXT, original TEXT NOT NULL, reading TEXT NOT NULL, offsets TEXT NOT NULL,
    sha256 TEXT NOT NULL, origin TEXT NOT NULL DEFAULT 'corpus', added_at TEXT NOT NULL
);
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
    marks TEXT NOT NULL DEFAULT '[]'  -- [[start, end], …] words to highlight (cue anchors)
);
-- covers the per-place aggregates (count, distinct briefs, link kinds) without the table
CREATE INDEX mentions_place ON mentions(place_id, brief_id, link);
CREATE INDEX mentions_brief ON mentions(brief_id, start);
-- a place's newest mention first (the example in a marker's popup)
CREATE INDEX mentions_place_newest ON mentions(place_id, published DESC, brief_id, start);
CREATE INDEX mentions_dates ON mentions(date_min, date_max);
CREATE TABLE mention_themes (
    theme TEXT NOT NULL, mention_id INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    place_id TEXT NOT NULL,  -- a copy of the mention's, for the unfiltered per-place counts
    PRIMARY KEY (theme, mention_id)
) WITHOUT ROWID;
CREATE INDEX mention_themes_mention ON mention_themes(mention_id);
CREATE INDEX mention_themes_place ON mention_themes(place_id, theme);
-- Flows of goods found in the briefs' words (briefmap.flows): one row per line, with its
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
-- Human decisions about the parser's output; they win over it and survive rebuilds.
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY, brief_id TEXT NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, action TEXT NOT NULL
        CHECK (action IN ('accept', 'reject', 'reassign', 'move', 'add')),
    place_id TEXT, lat REAL, lon REAL, note TEXT, created_at TEXT NOT NULL
);
"""
_FTS = """
CREATE VIRTUAL TABLE excerpt_fts USING fts5(
    excerpt, content='mentions', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
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
    whose publication date (or range) overlaps it."""

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


@dataclass
class BuildReport:
    briefs: int = 0
    mentions: int = 0
    places: int = 0
    reviews_kept: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        s = (
            f"{self.briefs} briefs, {self.mentions} mentions of {self.places} places, "
            f"{self.reviews_kept} reviews kept"
        )
        return s + (f"; {len(self.errors)} files skipped" if self.errors else "")


def _connect(path: Path | str, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        con = sqlite3.connect(path, check_same_thread=False)
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA foreign_keys = ON")
    return con


def _has_fts(con: sqlite3.Connection) -> bool:
    row = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'excerpt_fts'").fetchone()
    return row is not None


def create_schema(con: sqlite3.Connection) -> None:
    con.executescript(_SCHEMA)
    # SQLite without FTS5: search falls back to LIKE.
    with contextlib.suppress(sqlite3.OperationalError):
        con.executescript(_FTS)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))


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


def write_brief(
    con: sqlite3.Connection,
    brief: Brief,
    mentions: Sequence[Mention],
    origin: str = "corpus",
    flows: Sequence[Flow] = (),
    places: Mapping[str, Place] | None = None,
) -> None:
    """Insert (or replace) one brief with its mentions and flows. ``places`` gives the
    places at the ends of the flows by id (an end not found there is stored from what the
    flow says of it). Call inside a transaction."""
    con.execute("DELETE FROM briefs WHERE id = ?", (brief.id,))
    con.execute(
        "INSERT INTO briefs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
            hashlib.sha256(brief.original.encode()).hexdigest(),
            origin,
            datetime.now(timezone.utc).isoformat(timespec="seconds"),
        ),
    )
    fts = _has_fts(con)
    for m in mentions:
        write_place(con, m.place)
        starts = [d[1] for d in m.dates]
        ends = [d[2] for d in m.dates]
        cur = con.execute(
            'INSERT INTO mentions (brief_id, start, "end", surface, place_id, link, evidence,'
            " confidence, excerpt_start, excerpt_end, orig_start, orig_end,"
            " excerpt_orig_start, excerpt_orig_end, excerpt, themes, theme_evidence, dates,"
            " date_min, date_max, published, n_themes, marks)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                _iso(brief.date_start),
                len(m.themes),
                json.dumps([list(x) for x in m.marks]),
            ),
        )
        mid = cur.lastrowid
        con.executemany(
            "INSERT INTO mention_themes VALUES (?, ?, ?)", [(t, mid, m.place.id) for t in m.themes]
        )
        if fts:
            con.execute("INSERT INTO excerpt_fts(rowid, excerpt) VALUES (?, ?)", (mid, m.excerpt))
    for fl in flows:
        _write_flow(con, brief, fl, places or {})


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


def _iso(d) -> str | None:
    return d.isoformat() if d else None


class StoreOutdated(ValueError):
    """The store was written by another schema version: rebuild it."""


def schema_version(path: Path | str) -> int | None:
    """The schema version a store file was written with; None if it is not a store."""
    try:
        con = _connect(path, readonly=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None
    return int(row[0]) if row else None


def read_reviews(path: Path) -> list[tuple]:
    """The human reviews of the store at ``path`` (none when there is no store). A store
    whose reviews cannot be read raises ``RuntimeError``: they must never be lost."""
    if not path.exists():
        return []
    try:
        con = _connect(path, readonly=True)
        try:
            return [tuple(r) for r in con.execute("SELECT * FROM reviews ORDER BY id")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise RuntimeError(f"{path}: cannot read its reviews ({exc}); move it aside first") from exc


def write_reviews(con: sqlite3.Connection, reviews: Sequence[tuple]) -> None:
    """Store reviews as :func:`read_reviews` returned them."""
    con.executemany("INSERT INTO reviews VALUES (?,?,?,?,?,?,?,?,?,?)", reviews)


def connect(path: Path | str) -> sqlite3.Connection:
    """A writable connection to a (new) store file."""
    return _connect(path)


def count(con: sqlite3.Connection, table: str) -> int:
    """Rows of one of the store's tables."""
    if table not in {"briefs", "mentions", "places", "flows", "reviews"}:
        raise ValueError(table)
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


class Store:
    """Read access to a built store; every method returns plain dicts."""

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
                f"reads {SCHEMA_VERSION}); run `briefmap build` (or `make run`) to rebuild it — "
                "reviews are kept"
            )
        self.fts = _has_fts(self.con)

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
        if f.event_from:
            conds.append("m.date_max >= ?")
            args.append(f.event_from)
        if f.event_to:
            conds.append("m.date_min <= ?")
            args.append(f.event_to)
        if f.published_from:
            conds.append("coalesce(b.date_end, b.date_start) >= ?")
            args.append(f.published_from)
        if f.published_to:
            conds.append("b.date_start <= ?")
            args.append(f.published_to)
        if f.search.strip():
            if self.fts:
                conds.append("m.id IN (SELECT rowid FROM excerpt_fts WHERE excerpt_fts MATCH ?)")
                args.append(_fts_query(f.search))
            else:
                conds.append("m.excerpt LIKE ? ESCAPE '\\'")
                args.append("%" + _like_escape(f.search.strip()) + "%")
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
        """One row per place with its mention count, briefs count and themes (for markers)."""
        where, args = self._where(f)
        rows = self.con.execute(
            "SELECT p.*, s.mentions, s.briefs, s.named, s.cued FROM (SELECT m.place_id,"
            " count(*) AS mentions, count(DISTINCT m.brief_id) AS briefs,"
            " sum(m.link = 'name') AS named, sum(m.link = 'cue') AS cued"
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
            )
            out.append(d)
        return out

    def _themes_by_place(self, f: Filters, where: str, args: list) -> dict[str, dict[str, int]]:
        if where == "1":  # no filter: the theme table's own copy of place_id answers
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
        if where == "1":  # no filter: the theme index alone answers
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
        ``destination``, ``former`` are the ends as ``briefmap.flows.Endpoint.record``
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
        if f.event_from:
            conds.append("fl.date_max >= ?")
            args.append(f.event_from)
        if f.event_to:
            conds.append("fl.date_min <= ?")
            args.append(f.event_to)
        if f.published_from:
            conds.append("coalesce(b.date_end, b.date_start) >= ?")
            args.append(f.published_from)
        if f.published_to:
            conds.append("b.date_start <= ?")
            args.append(f.published_to)
        if f.search.strip():
            conds.append("fl.excerpt LIKE ? ESCAPE '\\'")
            args.append("%" + _like_escape(f.search.strip()) + "%")
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
            " date_start, date_end, date_note, language, url, origin FROM briefs"
            " ORDER BY date_start DESC, id"
        ).fetchall()
        return [dict(r) for r in rows]

    def brief(self, brief_id: str) -> dict | None:
        """One brief with its texts and offset map."""
        r = self.con.execute("SELECT * FROM briefs WHERE id = ?", (brief_id,)).fetchone()
        if r is None:
            return None
        d = dict(r)
        d["offsets"] = unpack_offsets(d["offsets"])
        return d

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
    for k in ("themes", "theme_evidence", "dates", "marks"):
        if k in d:
            d[k] = json.loads(d[k])
    return d


def _fts_query(text: str) -> str:
    """User words as FTS5 prefix terms, quoted so that no operator syntax gets through."""
    words = [w.replace('"', '""') for w in text.split() if w.strip()]
    return " ".join(f'"{w}"*' for w in words) or '""'


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
