"""What more than one part of the dashboard reads from the store, cached per store key.

Every reader takes the ``StoreKey`` of ``ui.store_access.store_key`` (path, inode,
revision): a write to the store changes the key, so everything is read again then, and
only then. A part's own readers live with the part (``ui.map_view``, ``ui.panel``,
``ui.reader``, ``ui.timeline``). Also the two helpers the pickers share (``listed``,
``short``).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from briefmap.present.view import crossing_timelines
from briefmap.store import Filters
from layers.place_symbols import OTHER_THEME
from ui.store_access import open_store

StoreKey = tuple[str, int, int]  # ui.store_access.store_key: path, inode, revision
LISTED = 300  # briefs or places a picker offers at most (an archive has thousands)


# A resource, not data: the page, the map's layers and the panel each read it in the same
# run, and a cache_data hit unpickles a copy of every place's row (a quarter of a second at
# 10,000 briefs, each time). Shared as it is, so its readers must not change it.
# 16, not 64: with a team writing (each write a new store key) the entries of dead
# revisions filled the bound (benchmarks/bench_team.py: 1.06 GB after a 22-minute soak, of
# ~9 MB per map with no filter at 10,000 briefs); a filter pushed out costs 0.01-0.2 s to
# read again.
@st.cache_resource(show_spinner=False, max_entries=16)
def map_data(key: StoreKey, f: Filters) -> dict:
    """Everything the map and the counters need under ``f``: one row per place. Read
    only: every session shares the one copy."""
    store = open_store(*key)
    unthemed = store.unthemed_counts(f)
    places = store.place_summary(f)
    # The legend's counts are the places' theme counts added up: ``theme_counts`` would run
    # the same aggregate again (a tenth of a second at 10,000 briefs), in theme order.
    added: dict[str, int] = {}
    for p in places:
        for theme, n in p["themes"].items():
            added[theme] = added.get(theme, 0) + n
    counts = dict(sorted(added.items()))
    if unthemed:
        counts[OTHER_THEME] = sum(unthemed.values())
    return {
        "places": places,
        "counts": counts,
        "unthemed": unthemed,
        "totals": store.totals(f),
    }


def event_filters(f: Filters) -> Filters:
    """The part of ``f`` that ``Store.events`` reads (briefs, publishers, countries, dates,
    search, rejected): every theme, precision, link or place filter reads the same events,
    so they share one cached copy."""
    return replace(f, themes=(), precisions=(), links=(), statuses=(), places=())


def events(key: StoreKey, f: Filters) -> list[dict]:
    """Events found in the briefs under ``f`` (each with its place, date and excerpt), for
    the map's symbols, the crossings' status and the timeline's marks. Read only."""
    return _events(key, event_filters(f))


def crossing_status(key: StoreKey, f: Filters) -> dict[str, dict]:
    """Each curated crossing's status timeline by its curated history and the events under
    ``f`` (``briefmap.present.view.crossing_timelines``). Read only."""
    return _crossing_status(key, event_filters(f))


@st.cache_resource(show_spinner=False, max_entries=4)
def _crossing_status(key: StoreKey, f: Filters) -> dict[str, dict]:
    # a third of a second at 10,000 briefs: busy crossings are reported hundreds of times
    return crossing_timelines(_events(key, f))


# A resource, for map_data's reason: 10,000 events at 10,000 briefs took a second to read
# and unpickling a cache_data copy for each of its two readers nearly as much again.
# Four: the events of the real archive take ~50 MB (tracemalloc), and few event filters
# are in use at once; a write makes the older revisions' entries dead.
@st.cache_resource(show_spinner=False, max_entries=4)
def _events(key: StoreKey, f: Filters) -> list[dict]:
    return open_store(*key).events(f)


@st.cache_data(show_spinner=False, max_entries=128)
def totals(key: StoreKey, f: Filters) -> dict[str, int]:
    """Mentions, places and briefs under ``f`` (what the counters show)."""
    return open_store(*key).totals(f)


# Every write to the store makes a new key (its revision), and an entry of an older key is never
# read again: without max_entries such a cache keeps one entry per write for as long as the
# server runs (``briefs`` is ~2 MB at 10,000 briefs; a team recording decisions all day would
# pile up gigabytes). The bounds below keep a few keys' worth (benchmarks/bench_team.py).
@st.cache_data(show_spinner=False, max_entries=1024)
def find_place(key: StoreKey, place_id: str) -> dict | None:
    """A place of the store by its id (the one id the gazetteer gives it): every place a
    brief names, every end of a flow and every curated feature is stored."""
    return open_store(*key).place(place_id)


# Resources, not data, for the reason map_data is: every page run reads them three or four
# times (sidebar, URL check, filter options, reader), and each cache_data hit unpickled
# 10,000 briefs' metadata (two thirds of a cached page run's server time at 10,000 briefs,
# by py-spy). Shared as they are, so their readers must not change them.
@st.cache_resource(show_spinner=False, max_entries=4)
def briefs(key: StoreKey) -> list[dict]:
    """Every brief of the store (its metadata, no texts), newest first. Read only: every
    session shares the one copy."""
    return open_store(*key).briefs()


@st.cache_resource(show_spinner=False, max_entries=4)
def facets(key: StoreKey) -> dict:
    """The values the filters offer (publishers, countries, precisions) and the date
    bounds. Read only: every session shares the one copy."""
    return open_store(*key).facets()


def brief_mentions_of(key: StoreKey, brief_id: str, place_id: str) -> int | None:
    """Where the first mention of ``place_id`` in a brief starts (for the reader's focus)."""
    rows = open_store(*key).mentions(Filters(), place_id=place_id, brief_id=brief_id, limit=1)
    return rows[0]["start"] if rows else None


def listed(options: list[str], keep: list[str] | tuple[str, ...]) -> list[str]:
    """The first ``LISTED`` of ``options`` and the ones in ``keep`` (already chosen)."""
    if len(options) <= LISTED:
        return options
    head = options[:LISTED]
    shown = set(head)
    return head + [k for k in keep if k not in shown and k in set(options)]


def short(text: str, n: int) -> str:
    """``text`` on one line, cut to ``n`` characters with an ellipsis (a picker's label)."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
