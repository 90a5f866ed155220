"""Review: every decision stored with its time and note, applied, kept through re-parsing,
rebuilding and migrating; the user's own gazetteer; the status the map and panel read."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from store_v4 import SCHEMA_V4

from briefmap.build import build_store
from briefmap.decisions import Decision, anchored, fold, locate, reattach
from briefmap.store import Filters, Store

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "Rozmowy o granicy\n\n"
    "W poniedziałek w Wilnie spotkali się ministrowie Litwy i Polski. Rozmawiali o sytuacji "
    "na granicy z Białorusią, gdzie w rejonie Grodna stoją tysiące ciężarówek. Przewoźnicy "
    "z Kłajpedy apelują o otwarcie przejść. Spotkanie odbyło się w Zakątku Leśnym pod "
    "Sejnami, a rząd w Mińsku milczy.\n"
)


@pytest.fixture
def added(library, tmp_path):
    f = tmp_path / "rozmowy.txt"
    f.write_text(TEXT, encoding="utf-8")
    return library, library.add_file(f).brief_id, f


def rows(library, brief_id, **kw):
    store = Store(library.folder.store)
    return store.mentions(Filters(include_rejected=True, **kw), brief_id=brief_id)


def by_surface(library, brief_id, surface, place_name=None):
    for m in rows(library, brief_id):
        if m["surface"] == surface and (place_name is None or m["place_name"] == place_name):
            return m
    raise AssertionError(f"no mention {surface!r}")


def test_each_decision_is_applied_and_stored_with_its_time_and_note(added):
    library, bid, _ = added
    wilno = by_surface(library, bid, "Wilnie")
    grodno = by_surface(library, bid, "Grodna")
    minsk = by_surface(library, bid, "Mińsku")
    klaipeda = by_surface(library, bid, "Kłajpedy")
    library.decide(bid, wilno["start"], wilno["end"], "accept", note="sure")
    library.decide(bid, grodno["start"], grodno["end"], "reject", note="not here")
    library.decide(bid, minsk["start"], minsk["end"], "reassign", place_id="bm:by-minsk-oblast")
    library.decide(bid, klaipeda["start"], klaipeda["end"], "move", lat=55.7, lon=21.1)
    library.decide(bid, klaipeda["start"], klaipeda["end"], "precision", precision="region")
    library.decide(bid, wilno["start"], wilno["end"], "themes", themes=["military"])

    assert by_surface(library, bid, "Wilnie")["status"] == "reviewed"
    assert by_surface(library, bid, "Wilnie")["themes"] == ["military"]
    assert by_surface(library, bid, "Wilnie")["review_note"] == "sure"
    assert by_surface(library, bid, "Grodna")["status"] == "rejected"
    assert by_surface(library, bid, "Mińsku")["place_id"] == "bm:by-minsk-oblast"
    moved = by_surface(library, bid, "Kłajpedy")
    assert (moved["lat"], moved["lon"], moved["precision"]) == (55.7, 21.1, "region")
    assert moved["place_id"].startswith("rv:") and moved["auto_place_id"] == klaipeda["place_id"]

    log = Store(library.folder.store).decisions(bid)
    assert [d["action"] for d in log] == [
        "accept", "reject", "reassign", "move", "precision", "themes",
    ]  # fmt: skip
    assert all(d["created_at"].endswith("+00:00") for d in log)
    assert log[1]["note"] == "not here" and log[0]["place_id"] == wilno["place_id"]


def test_a_rejected_mention_leaves_the_map_and_the_panel_but_not_the_review(added):
    library, bid, _ = added
    grodno = by_surface(library, bid, "Grodna")
    store = Store(library.folder.store)
    before = {p["id"]: p["mentions"] for p in store.place_summary(Filters(briefs=(bid,)))}
    library.decide(bid, grodno["start"], grodno["end"], "reject")
    store = Store(library.folder.store)
    after = {p["id"]: p["mentions"] for p in store.place_summary(Filters(briefs=(bid,)))}
    assert grodno["place_id"] in before and grodno["place_id"] not in after
    assert grodno["place_id"] not in {m["place_id"] for m in store.mentions(brief_id=bid)}
    assert store.totals(Filters(briefs=(bid,)))["mentions"] == sum(before.values()) - 1
    # nor in the unfiltered counts the legend reads (the theme index has no rejects)
    themes_all = store.theme_counts()
    assert themes_all == store.theme_counts(Filters(publishers=()))
    assert store.status_counts(bid)["rejected"] == 1
    shown = store.mentions(Filters(include_rejected=True), brief_id=bid)
    assert any(m["status"] == "rejected" for m in shown)
    assert store.place_summary(Filters(statuses=("rejected",), include_rejected=True))


def test_reset_gives_back_what_the_parser_said(added):
    library, bid, _ = added
    minsk = by_surface(library, bid, "Mińsku")
    library.decide(bid, minsk["start"], minsk["end"], "reassign", place_id="cc:PL")
    library.decide(bid, minsk["start"], minsk["end"], "reset")
    again = by_surface(library, bid, "Mińsku")
    assert (again["place_id"], again["status"]) == (minsk["place_id"], "auto")


def test_a_missed_place_is_added_from_words_of_the_text(added):
    library, bid, _ = added
    store = Store(library.folder.store)
    reading = store.brief(bid)["reading"]
    start = reading.index("Zakątku Leśnym")
    assert not [m for m in rows(library, bid) if m["start"] == start]  # the parser missed it
    sejny = library.search_places("Sejny")[0][0]
    library.decide(bid, start, start + len("Zakątku Leśnym"), "add", place=sejny, note="wieś")
    got = by_surface(library, bid, "Zakątku Leśnym")
    assert (got["place_id"], got["status"], got["link"]) == (sejny.id, "reviewed", "name")
    assert "Przewoźnicy" not in got["excerpt"] and "Zakątku Leśnym" in got["excerpt"]
    assert got["evidence"] == "added by the analyst in review"


def test_reparsing_keeps_every_decision(added):
    library, bid, _ = added
    wilno = by_surface(library, bid, "Wilnie")
    minsk = by_surface(library, bid, "Mińsku")
    reading = Store(library.folder.store).brief(bid)["reading"]
    start = reading.index("Zakątku Leśnym")
    library.decide(bid, wilno["start"], wilno["end"], "accept")
    library.decide(bid, minsk["start"], minsk["end"], "reassign", place_id="bm:by-minsk-oblast")
    library.decide(bid, start, start + 14, "add", place_id="cc:PL")
    before = [(m["start"], m["surface"], m["place_id"], m["status"]) for m in rows(library, bid)]
    report = library.reparse(bid)
    assert report.lost == []
    after = [(m["start"], m["surface"], m["place_id"], m["status"]) for m in rows(library, bid)]
    assert after == before


def test_a_changed_text_moves_the_decisions_with_their_words_and_reports_the_lost(added):
    library, bid, _ = added
    minsk = by_surface(library, bid, "Mińsku")
    grodno = by_surface(library, bid, "Grodna")
    library.decide(bid, minsk["start"], minsk["end"], "reassign", place_id="bm:by-minsk-oblast")
    library.decide(bid, grodno["start"], grodno["end"], "reject", note="wrong")
    # the brief's file changes: words inserted before both, and the Grodno sentence reworded
    row = Store(library.folder.store).brief(bid)
    path = library.folder.root / row["path"]
    path.write_text(
        TEXT.replace("W poniedziałek", "Wczoraj wieczorem, w poniedziałek,").replace(
            "w rejonie Grodna", "w rejonie przejść"
        ),
        encoding="utf-8",
    )
    report = library.reparse(bid)
    assert [d.surface for d in report.lost] == ["Grodna"]  # reported …
    kept = Store(library.folder.store).decisions(bid)
    assert [(d["surface"], d["attached"]) for d in kept] == [("Mińsku", True), ("Grodna", False)]
    moved = by_surface(library, bid, "Mińsku")
    assert moved["start"] > minsk["start"] and moved["place_id"] == "bm:by-minsk-oblast"
    # … and kept: when the words come back, so does the decision
    path.write_text(TEXT, encoding="utf-8")
    assert library.reparse(bid).lost == []
    assert by_surface(library, bid, "Grodna")["status"] == "rejected"


def test_a_rebuild_keeps_added_briefs_and_decisions(added):
    library, bid, _ = added
    minsk = by_surface(library, bid, "Mińsku")
    library.decide(bid, minsk["start"], minsk["end"], "reassign", place_id="bm:by-minsk-oblast")
    seed = Store(library.folder.store).briefs()
    seed_id = next(b["id"] for b in seed if b["origin"] == "corpus")
    first = next(
        m for m in Store(library.folder.store).mentions(brief_id=seed_id) if m["link"] == "name"
    )
    cue = next(m for m in Store(library.folder.store).mentions() if m["link"] == "cue")
    library.decide(seed_id, first["start"], first["end"], "reject")
    library.decide(
        cue["brief_id"], cue["start"], cue["end"], "reject", cue_place_id=cue["auto_place_id"]
    )
    report = build_store(library.folder.store)
    assert report.added == 1 and report.reviews_kept == 3 and not report.lost
    store = Store(library.folder.store)
    assert store.brief(bid)["origin"] == "added"
    assert by_surface(library, bid, "Mińsku")["place_id"] == "bm:by-minsk-oblast"
    rejected = store.mentions(Filters(statuses=("rejected",), include_rejected=True))
    assert (cue["start"], cue["auto_place_id"]) in {
        (m["start"], m["auto_place_id"]) for m in rejected
    }


def test_a_rebuild_keeps_an_added_brief_whose_file_is_gone(added):
    library, bid, _ = added
    row = Store(library.folder.store).brief(bid)
    (library.folder.root / row["path"]).unlink()
    report = build_store(library.folder.store)
    assert any("could not be read again" in e for e in report.notes) and not report.errors
    assert Store(library.folder.store).brief(bid)["reading"] == row["reading"]
    assert rows(library, bid)


def test_a_version_4_store_is_migrated_with_its_reviews(tmp_path):
    path = tmp_path / "v4.sqlite"
    con = sqlite3.connect(path)
    con.executescript(SCHEMA_V4)
    with con:
        con.execute("INSERT INTO meta VALUES ('schema_version', '4')")
        con.execute(
            "INSERT INTO briefs (id, path, title, language, original, reading, offsets, sha256,"
            " origin, added_at) VALUES ('b', 'b.txt', 'B', 'pl', 'W Mińsku.', 'W Mińsku.',"
            " '[[0,0],10]', 'x', 'corpus', 'now')"
        )
        con.execute(
            'INSERT INTO reviews (brief_id, start, "end", action, note, created_at)'
            " VALUES ('b', 2, 8, 'reject', 'no', '2024-01-01T00:00:00+00:00')"
        )
    con.close()
    from briefmap.store import SCHEMA_VERSION, connect, needs_build, schema_version

    con = connect(path)
    assert needs_build(con)
    con.close()
    assert schema_version(path) == SCHEMA_VERSION
    [d] = Store(path).decisions("b")
    assert (d["surface"], d["action"], d["note"], d["attached"]) == ("Mińsku", "reject", "no", True)


def test_a_store_too_old_to_migrate_is_moved_aside_and_its_decisions_kept(tmp_path):
    from briefmap.build import ensure_store

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript(SCHEMA_V4)
    with con:
        con.execute("INSERT INTO meta VALUES ('schema_version', '2')")
        con.execute(
            'INSERT INTO reviews (brief_id, start, "end", action, created_at)'
            " VALUES ('gone', 0, 4, 'reject', 'now')"
        )
    con.close()
    report = ensure_store(path)
    assert report is not None and report.reviews_kept == 1
    assert len(list(tmp_path.glob("old.sqlite.old-*"))) == 1  # never deleted


# -- the pure logic, both sides ----------------------------------------------------------------
def _d(action, **kw):
    return anchored("b", "W Mińsku i w Mińsku.", 2, 8, action, **kw)


def test_locate_finds_moved_words_and_refuses_to_guess():
    d = _d("reject")
    assert locate(d, "W Mińsku i w Mińsku.") == (2, 8)
    assert locate(d, "Rano w Mińsku i w Mińsku.") == (7, 13)  # moved: the context decides
    assert locate(d, "Gdzieś w Pińsku.") is None  # the words are gone
    twin = anchored("b", "x Mińsku y Mińsku", 2, 8, "reject")
    assert locate(twin, "a b Mińsku c Mińsku") is None  # moved, context too weak: no guess
    assert reattach([d], "Nic tu nie ma.")[1][0].attached is False


def test_fold_applies_decisions_in_order():
    from briefmap.model import Place

    p = Place("cc:PL", "Poland", "Polska", "country", "PL", 52.0, 19.0, "country", "")
    assert fold([_d("reject"), _d("accept", place=p)]).status == "reviewed"
    assert fold([_d("accept", place=p), _d("reject")]).status == "rejected"
    moved = fold([_d("move", lat=1.0, lon=2.0), _d("reassign", place=p)])
    assert moved.place == p and moved.lat is None  # a re-assignment drops the old move
    assert fold([_d("reject"), _d("reset")]).status is None
    with pytest.raises(ValueError):
        _d("move", lat=100.0, lon=0.0)
    with pytest.raises(ValueError):
        Decision("b", 2, 8, "Mińsku", "bogus").check()


# -- the user's gazetteer ----------------------------------------------------------------------
def test_a_place_saved_in_review_maps_the_next_brief_and_geodata_stays_as_shipped(
    library, tmp_path
):
    shipped = {
        p: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (ROOT / "briefmap" / "geodata").glob("*.toml")
    }
    text = (
        "Ćwiczenia w Zakątku Leśnym\n\n"
        "Wojska ćwiczyły w Zakątku Leśnym przy granicy. Mieszkańcy Zakątka Leśnego są "
        "zaniepokojeni, bo ćwiczenia odbywają się tam już trzeci raz w tym roku, a wojsko nie "
        "informuje o nich wcześniej władz gminy ani mieszkańców okolicznych wsi.\n"
    )
    first = tmp_path / "a.txt"
    first.write_text(text, encoding="utf-8")
    bid = library.add_file(first).brief_id
    assert "Zakątek Leśny" not in {m["place_name"] for m in rows(library, bid)}
    place = library.save_place(
        "Zakatek Lesny", "Zakątek Leśny", "facility", "point", "PL", 54.1, 23.3,
        names={"pl": ["Zakątek Leśny"]},
    )  # fmt: skip
    assert place.id == "bm:local-zakatek-lesny"
    assert library.search_places("Zakątku Leśnym")[0][0].id == place.id
    second = tmp_path / "b.txt"
    second.write_text(text.replace("trzeci", "czwarty"), encoding="utf-8")
    bid2 = library.add_file(second).brief_id
    assert {m["place_id"] for m in rows(library, bid2)} >= {place.id}
    assert library.reparse(bid).mentions > 0 and place.id in {
        m["place_id"] for m in rows(library, bid)
    }
    after = {
        p: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (ROOT / "briefmap" / "geodata").glob("*.toml")
    }
    assert after == shipped


def test_a_place_that_is_not_valid_is_not_saved(library):
    with pytest.raises(ValueError, match="country"):
        library.save_place("X", "X", "facility", "point", "XYZ", 54.0, 23.0)
    with pytest.raises(ValueError, match="lat"):
        library.save_place("X", "X", "facility", "point", "PL", 154.0, 23.0)
    assert not library.folder.gazetteer.exists()


def test_the_cli_reviews_and_reparses(added, capsys):
    from briefmap.cli import main

    library, bid, _ = added
    data = str(library.folder.root)
    assert main(["review", "--data", data, bid]) == 0
    listing = capsys.readouterr().out
    line = next(ln for ln in listing.splitlines() if "\tGrodna\t" in ln)
    span = line.split("\t")[0]
    assert main(["review", "--data", data, bid, span, "reject", "--note", "no"]) == 0
    assert main(["review", "--data", data, bid]) == 0
    assert "rejected\tname\tGrodna" in capsys.readouterr().out
    assert main(["review", "--data", data, bid, "0:1", "reassign"]) == 2
    assert "names the place" in capsys.readouterr().err
    assert main(["reparse", "--data", data, bid]) == 0
    assert "0 decisions not re-attached" in capsys.readouterr().err
    assert main(["places", "--data", data, "Kłajp"]) == 0
    assert "Klaipėda" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kłajpedzie", "Klaipėda"),  # inflected Polish
        ("Kłajp", "Klaipėda"),  # the last word cut short
        ("Клайпеда", "Klaipėda"),  # Russian
        ("Wilno", "Vilnius"),  # a Polish exonym
        ("obwód miński", "Minsk Oblast"),  # two words, the region's Polish name
        ("Stany Zjedn", "United States"),
    ],
)
def test_the_gazetteer_is_searched_by_any_name(library, query, expected):
    assert library.search_places(query)[0][0].name == expected


@pytest.mark.parametrize("query", ["", "   ", "Qxzqy", "obwód xyz"])
def test_a_search_for_no_name_finds_nothing(library, query):
    assert library.search_places(query) == []
