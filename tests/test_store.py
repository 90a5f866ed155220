"""The corpus store: filters, search, and that nothing stored is ever lost or half-written."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from briefmap.analysis.flows import Endpoint, Flow
from briefmap.build import build_store
from briefmap.model import Brief, Mention, Place
from briefmap.store import Filters, Store, create_schema, write_brief

MINSK = Place("gn:625144", "Minsk", "Mińsk", "city", "BY", 53.9, 27.57, "settlement", "test")
BELARUS = Place("cc:BY", "Belarus", "Białoruś", "country", "BY", 53.9, 27.57, "country", "t")
KLAIPEDA = Place("gn:598098", "Klaipėda", "Kłajpeda", "port", "LT", 55.7, 21.1, "settlement", "")


def brief(bid: str, text: str, publisher: str, published: date) -> Brief:
    return Brief(
        id=bid,
        path=f"{bid}.txt",
        original=text,
        reading=text,
        offsets=list(range(len(text) + 1)),
        title=f"Title {bid}",
        publisher=publisher,
        date_start=published,
        date_end=published,
    )


def mention(b: Brief, surface: str, place: Place, themes=(), dates=()) -> Mention:
    start = b.reading.index(surface)
    return Mention(
        b.id,
        start,
        start + len(surface),
        surface,
        place,
        "name",
        "test",
        0.9,
        0,
        len(b.reading),
        start,
        start + len(surface),
        0,
        len(b.reading),
        b.reading,
        tuple(themes),
        {t: (surface,) for t in themes},
        tuple(dates),
    )


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "s.sqlite"
    con = sqlite3.connect(path)
    create_schema(con)
    a = brief("a", "Protesty w Mińsku i sankcje wobec Białorusi.", "PISM", date(2021, 6, 1))
    b = brief("b", "Eksport soli potasowych przez Kłajpedę ustał.", "IEŚ", date(2026, 3, 25))
    with con:
        write_brief(
            con,
            a,
            [
                mention(
                    a,
                    "Mińsku",
                    MINSK,
                    ["repression_rights"],
                    [("2 marca", "2021-03-02", "2021-03-02")],
                ),
                mention(a, "Białorusi", BELARUS, ["diplomacy_sanctions"]),
            ],
        )
        write_brief(
            con,
            b,
            [mention(b, "Kłajpedę", KLAIPEDA, ["transit_economy"])],
            flows=[potash_flow(b)],
        )
    con.close()
    return Store(path)


def endpoint(p: Place, b: Brief, words: str) -> Endpoint:
    start = b.reading.index(words)
    return Endpoint(
        p.id, p.name, p.name_pl, p.country, p.lat, p.lon, p.precision, words, start, start + 8
    )


def potash_flow(b: Brief) -> Flow:
    """Belarusian potash through Klaipėda (origin not in the sentence: the brief's)."""
    origin = Endpoint("cc:BY", "Belarus", "Białoruś", "BY", 53.9, 27.57, "country", "")
    return Flow(
        brief_id=b.id,
        origin=origin,
        via=(endpoint(KLAIPEDA, b, "Kłajpedę"),),
        destination=None,
        former=(),
        commodity="potash",
        commodity_pl="sole potasowe",
        commodity_words="soli potasowych",
        kind="former",
        excerpt_start=0,
        excerpt_end=len(b.reading),
        excerpt=b.reading,
        evidence=("via Klaipėda: 'przez Kłajpedę'",),
        confidence=0.7,
        themes=("transit_economy",),
    )


def test_place_summary_counts_one_row_per_place(store):
    rows = {r["id"]: r for r in store.place_summary()}
    assert set(rows) == {"gn:625144", "cc:BY", "gn:598098"}
    assert rows["gn:625144"]["mentions"] == 1
    assert rows["gn:625144"]["themes"] == {"repression_rights": 1}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(themes=("transit_economy",)), {"gn:598098"}),
        (Filters(countries=("BY",)), {"gn:625144", "cc:BY"}),
        (Filters(publishers=("IEŚ",)), {"gn:598098"}),
        (Filters(precisions=("country",)), {"cc:BY"}),
        (Filters(event_from="2021-03-01", event_to="2021-03-31"), {"gn:625144"}),
        (Filters(published_from="2026-01-01"), {"gn:598098"}),
        (Filters(search="potasowych"), {"gn:598098"}),
        (Filters(search="sankcj"), {"gn:625144", "cc:BY"}),  # prefix match
        (Filters(search="minsku"), {"gn:625144", "cc:BY"}),  # diacritics folded
    ],
)
def test_each_filter_narrows_the_places(store, filters, expected):
    assert {r["id"] for r in store.place_summary(filters)} == expected


@pytest.mark.parametrize("query", ['"', "NEAR(", "a OR", "*", "x' OR 1=1 --", "%_\\"])
def test_search_with_operator_characters_does_not_fail(store, query):
    store.place_summary(Filters(search=query))  # no exception is the behaviour


def test_control_characters_in_a_search_separate_words(store):
    # SQLite ends a string at NUL ("unterminated string"): NUL never reaches FTS5
    assert store.place_summary(Filters(search="\x00")) == []
    found = {r["id"] for r in store.place_summary(Filters(search="potasowych\x00"))}
    assert found == {"gn:598098"}
    assert store.place_summary(Filters(search="potas\x00owych")) == []  # two words now


def test_theme_counts_follow_the_filters(store):
    assert store.theme_counts() == {
        "repression_rights": 1,
        "diplomacy_sanctions": 1,
        "transit_economy": 1,
    }
    assert store.theme_counts(Filters(countries=("LT",))) == {"transit_economy": 1}


def test_mentions_for_a_place_carry_the_citation(store):
    rows = store.mentions(place_id="gn:598098")
    assert len(rows) == 1
    r = rows[0]
    assert r["title"] == "Title b" and r["publisher"] == "IEŚ"
    assert r["excerpt"][r["start"] - r["excerpt_start"] :].startswith("Kłajpedę")


def test_a_crash_mid_build_leaves_the_old_store_and_its_reviews(tmp_path):
    path = tmp_path / "s.sqlite"
    good = brief("a", "Rozmowy w Mińsku.", "PISM", date(2021, 6, 1))
    build_store(path, briefs=[good])
    con = sqlite3.connect(path)
    with con:
        con.execute(
            'INSERT INTO reviews (brief_id, start, "end", surface, action, place_id,'
            " created_at) VALUES ('a', 11, 17, 'Mińsku', 'accept', 'gn:625144', 'now')"
        )
    con.close()

    def failing():
        yield good
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        build_store(path, briefs=failing())
    assert [p.name for p in tmp_path.iterdir()] == ["s.sqlite"]  # no half-written file
    assert len(Store(path).briefs()) == 1

    report = build_store(path, briefs=[good])
    assert report.reviews_kept == 1
    con = sqlite3.connect(path)
    assert con.execute("SELECT action FROM reviews").fetchall() == [("accept",)]


def test_missing_store_says_how_to_build_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="briefmap build"):
        Store(tmp_path / "nope.sqlite")


@pytest.mark.parametrize(
    "offsets",
    [[], [0], [0, 1, 2, 3], [0, 1, 2, 5, 6, 7, 3, 4, 9], [4, 4, 5, 9, 10, 10]],
)
def test_offset_map_packs_and_unpacks_exactly(offsets):
    from briefmap.store import pack_offsets, unpack_offsets

    assert list(unpack_offsets(pack_offsets(offsets))) == offsets


def test_a_stored_brief_gives_back_its_offset_map(tmp_path):
    from briefmap.text.corpus import load_corpus

    seeds = load_corpus()
    path = tmp_path / "s.sqlite"
    con = sqlite3.connect(path)
    create_schema(con)
    with con:
        for b in seeds:
            write_brief(con, b, [])
    con.close()
    store = Store(path)
    for b in seeds:
        stored = store.brief(b.id)
        assert stored["offsets"] == b.offsets
        assert stored["reading"] == b.reading and stored["original"] == b.original


def test_flows_are_stored_with_their_ends_and_follow_the_filters(store):
    rows = store.flows()
    assert len(rows) == 1
    r = rows[0]
    assert r["brief_id"] == "b" and r["kind"] == "former" and r["commodity"] == "potash"
    assert r["origin"]["place_id"] == "cc:BY" and r["destination"] is None
    assert [v["name"] for v in r["via"]] == ["Klaipėda"]
    assert r["excerpt"][r["via"][0]["start"] :].startswith("Kłajpedę")
    assert r["title"] == "Title b" and r["publisher"] == "IEŚ"  # its citation
    # the ends of a flow are places of the store, even one no mention names (Belarus in b)
    assert store.place("cc:BY")["name"] == "Belarus"
    assert store.flows(Filters(countries=("LT",))) and store.flows(Filters(countries=("BY",)))
    assert store.flows(Filters(countries=("PL",))) == []
    assert store.flows(Filters(themes=("transit_economy",)))
    assert store.flows(Filters(themes=("military",))) == []
    assert store.flows(Filters(publishers=("PISM",))) == []
    assert store.flows(Filters(search="potasowych")) and store.flows(Filters(search="gaz")) == []


def test_event_months_count_dated_mentions_under_the_filters(store):
    assert store.event_months() == {"2021-03": 1}  # "2 marca" in the Minsk excerpt
    assert store.event_months(Filters(countries=("LT",))) == {}


def test_a_store_from_another_version_asks_for_a_rebuild(tmp_path):
    from briefmap.store import StoreOutdated

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    create_schema(con)
    with con:
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreOutdated, match="briefmap build"):
        Store(path)
