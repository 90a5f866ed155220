"""The map under one theme reads the theme counts (``theme_places`` per brief, their totals
per place kept by triggers, ``theme_months`` for the timeline): it must show what the
mentions say, through reviews, re-parses, removals and the migrations."""

from __future__ import annotations

import sqlite3

import pytest

from briefmap.store import (
    SCHEMA_VERSION,
    Filters,
    Store,
    connect,
    schema_version,
    transaction,
)
from briefmap.store.writes import delete_brief

TEXT = (
    "Ćwiczenia przy granicy\n\n"
    "We wtorek w Grodnie rozpoczęły się ćwiczenia wojskowe, a ciężarówki z towarami stoją "
    "w kolejce do przejścia pod Kuźnicą. Eksport z Kłajpedy spadł, a w Wilnie rząd zapowiada "
    "nowe sankcje wobec Białorusi. Ministrowie Polski i Litwy spotkają się w Warszawie.\n"
)
# another brief on some of the same places, with dated sentences (the timeline's months)
OTHER = (
    "Tranzyt przez Kłajpedę\n\n"
    "12 marca 2024 r. ciężarówki z nawozami stały pod Kuźnicą, a w Grodnie trwały ćwiczenia "
    "wojskowe. W maju 2024 r. eksport z Kłajpedy wzrósł, a Litwa zapowiedziała nowe sankcje.\n"
)


def seen(store: Store, f: Filters) -> tuple:
    """What the map and its counters show under ``f`` (theme order in each pie included)."""
    places = store.place_summary(f)
    return (
        [(p["id"], p["mentions"], p["briefs"], p["links"], p["reviewed"]) for p in places],
        [list(p["themes"].items()) for p in places],
        list(store.theme_counts(f).items()),
        store.totals(f),
        store.event_months(f),
    )


def assert_same_as_the_mentions(store: Store) -> None:
    """Every theme's filter, and no filter, show what the mentions say: the same theme
    twice, and a filter on every place, are filters the summaries do not answer, so they
    count the mentions one by one."""
    themes = [r[0] for r in store.con.execute("SELECT DISTINCT theme FROM mention_themes")]
    assert themes
    for theme in themes:
        fast = seen(store, Filters(themes=(theme,)))
        assert fast[0], theme
        assert fast == seen(store, Filters(themes=(theme, theme))), theme
    every = tuple(r[0] for r in store.con.execute("SELECT id FROM places"))
    fast = seen(store, Filters())
    assert fast[0]
    assert fast == seen(store, Filters(places=every))
    assert store.unthemed_counts(Filters()) == store.unthemed_counts(Filters(places=every))


@pytest.fixture
def added(library, tmp_path):
    f = tmp_path / "cwiczenia.txt"
    f.write_text(TEXT, encoding="utf-8")
    return library, library.add_file(f).brief_id


def test_one_theme_shows_what_the_mentions_say_through_reviews(added):
    library, bid = added
    store = Store(library.folder.store)
    assert_same_as_the_mentions(store)
    rows = store.mentions(Filters(), brief_id=bid)
    themed = [m for m in rows if m["themes"]]
    first, second = themed[0], themed[-1]
    library.decide(bid, first["start"], first["end"], "accept")
    library.decide(bid, second["start"], second["end"], "reject")
    store = Store(library.folder.store)
    assert_same_as_the_mentions(store)
    reviewed = sum(
        p["reviewed"] for p in store.place_summary(Filters(themes=(first["themes"][0],)))
    )
    assert reviewed >= 1  # the accepted mention is counted as reviewed under its theme
    library.decide(bid, first["start"], first["end"], "themes", themes=["energy"])
    store = Store(library.folder.store)
    assert_same_as_the_mentions(store)
    assert first["place_id"] in {p["id"] for p in store.place_summary(Filters(themes=("energy",)))}


def test_a_removed_brief_leaves_the_theme_counts(added):
    library, bid = added
    con = connect(library.folder.store)
    with transaction(con):
        before = con.execute("SELECT count(*) FROM theme_places WHERE brief_id = ?", (bid,))
        assert before.fetchone()[0] > 0
        delete_brief(con, bid)
    left = con.execute("SELECT count(*) FROM theme_places WHERE brief_id = ?", (bid,))
    assert left.fetchone()[0] == 0
    con.close()
    assert_same_as_the_mentions(Store(library.folder.store))


def test_two_briefs_add_up_and_one_removed_leaves_the_other(added, tmp_path):
    library, _ = added
    before = seen(Store(library.folder.store), Filters(themes=("military",)))
    f = tmp_path / "tranzyt.txt"
    f.write_text(OTHER, encoding="utf-8")
    other = library.add_file(f).brief_id
    store = Store(library.folder.store)
    assert_same_as_the_mentions(store)
    both = seen(store, Filters(themes=("military",)))
    was = {pid: briefs for pid, _, briefs, _, _ in before[0]}
    assert any(briefs == was.get(pid, 0) + 1 >= 2 for pid, _, briefs, _, _ in both[0])
    assert both[3]["briefs"] == before[3]["briefs"] + 1
    assert store.event_months(Filters(themes=("military",)))  # a dated mention of the theme
    assert store.unthemed_counts(Filters())  # a mention with no theme, counted apart
    con = connect(library.folder.store)
    with transaction(con):
        delete_brief(con, other)
    for table in ("theme_places", "theme_months"):
        left = con.execute(f"SELECT count(*) FROM {table} WHERE brief_id = ?", (other,))
        assert left.fetchone()[0] == 0, table
    con.close()
    store = Store(library.folder.store)
    assert_same_as_the_mentions(store)
    assert seen(store, Filters(themes=("military",))) == before


def test_a_version_8_store_gains_the_totals(added):
    library, _ = added
    store = Store(library.folder.store)
    shown = {t: seen(store, Filters(themes=(t,))) for t in ("military", "transit_economy")}
    path = library.folder.store
    con = sqlite3.connect(path)
    with con:  # as a version-8 store was: per-brief counts, no totals, no months
        for trigger in ("theme_places_added", "theme_places_removed"):
            con.execute(f"DROP TRIGGER {trigger}")
        for table in ("theme_totals", "theme_briefs", "theme_months"):
            con.execute(f"DROP TABLE {table}")
        con.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(ValueError):
        Store(path)
    connect(path).close()
    assert schema_version(path) == SCHEMA_VERSION == 9
    store = Store(path)
    assert_same_as_the_mentions(store)
    assert {t: seen(store, Filters(themes=(t,))) for t in shown} == shown


def test_a_version_7_store_gains_the_theme_counts_and_keeps_its_reviews(added):
    library, bid = added
    store = Store(library.folder.store)
    shown = {t: seen(store, Filters(themes=(t,))) for t in ("military", "transit_economy")}
    m = store.mentions(Filters(), brief_id=bid)[0]
    library.decide(bid, m["start"], m["end"], "accept", note="checked")
    path = library.folder.store
    con = sqlite3.connect(path)
    with con:  # as a version-7 store was: no theme counts
        for trigger in ("theme_places_added", "theme_places_removed"):
            con.execute(f"DROP TRIGGER {trigger}")
        for table in ("theme_places", "theme_totals", "theme_briefs", "theme_months"):
            con.execute(f"DROP TABLE {table}")
        con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(ValueError):
        Store(path)  # outdated until the writer migrates it
    con = connect(path)
    assert schema_version(path) == SCHEMA_VERSION == 9
    con.close()
    store = Store(path)
    assert [d["note"] for d in store.decisions(bid)] == ["checked"]
    assert_same_as_the_mentions(store)
    for theme, before in shown.items():
        after = seen(store, Filters(themes=(theme,)))
        assert after[0] and after[1:] == before[1:]  # only the accepted mention changed
