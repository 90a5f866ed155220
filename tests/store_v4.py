"""The schema of a version-4 store (briefmap before issue 10), for the migration tests."""

SCHEMA_V4 = """
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
-- Human decisions about the parser's output; they win over it and survive rebuilds.
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY, brief_id TEXT NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, action TEXT NOT NULL
        CHECK (action IN ('accept', 'reject', 'reassign', 'move', 'add')),
    place_id TEXT, lat REAL, lon REAL, note TEXT, created_at TEXT NOT NULL
);
"""
