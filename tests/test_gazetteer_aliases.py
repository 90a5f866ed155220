"""Analysts' corrections teach the parser (``briefmap.places.aliases``): a name re-assigned
on the review page becomes an alias in the user's gazetteer tier; the next brief that uses
the same name about the same countries resolves it the same way, and says why.

The briefs are written for these tests."""

from __future__ import annotations

from briefmap.places.aliases import aliases_path, apply_aliases, load_aliases, remember_alias
from briefmap.places.gazetteer import load_gazetteer
from briefmap.store import Filters, Store

FIRST = (
    "Ćwiczenia na Białorusi\n\n"
    "Wojska białoruskie ćwiczyły w rejonie Brześcia. Sprzęt przewieziono koleją przez "
    "Baranowicze, a sztab pracował w Mińsku.\n"
)
SECOND = (
    "Transport wojskowy\n\n"
    "Kolejny transport sprzętu przejechał przez Baranowicze w drodze na Białoruś.\n"
)
ELSEWHERE = (
    "Transport we Francji\n\n"
    "Kolejny transport sprzętu przejechał przez Baranowicze w drodze do Francji.\n"
)


def _add(library, tmp_path, name, text):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return library.add_file(f).brief_id


def _mention(library, brief_id, surface):
    for m in Store(library.folder.store).mentions(
        Filters(include_rejected=True), brief_id=brief_id
    ):
        if m["surface"] == surface:
            return m
    raise AssertionError(f"no mention {surface!r} in {brief_id}")


def test_a_reassigned_name_resolves_the_same_way_in_the_next_brief_about_that_country(
    library, tmp_path
):
    first = _add(library, tmp_path, "first.txt", FIRST)
    m = _mention(library, first, "Baranowicze")
    parser_said = m["place_id"]
    target = "bm:by-brest-oblast" if parser_said != "bm:by-brest-oblast" else "cc:BY"
    library.decide(first, m["start"], m["end"], "reassign", place_id=target)

    aliases = load_aliases(aliases_path(library.folder.gazetteer))
    assert [(a.name, a.place.id) for a in aliases] == [("Baranowicze", target)]
    assert "BY" in aliases[0].countries

    second = _add(library, tmp_path, "second.txt", SECOND)
    got = _mention(library, second, "Baranowicze")
    assert got["place_id"] == target
    assert "alias from review" in got["evidence"]
    assert parser_said in got["evidence"]  # what the parser would have said stays visible


def test_an_alias_does_not_move_a_name_in_a_brief_about_other_countries(library, tmp_path):
    first = _add(library, tmp_path, "first.txt", FIRST)
    m = _mention(library, first, "Baranowicze")
    parser_said = m["place_id"]
    library.decide(first, m["start"], m["end"], "reassign", place_id="cc:BY")
    other = _add(library, tmp_path, "elsewhere.txt", ELSEWHERE)
    got = _mention(library, other, "Baranowicze")
    assert got["place_id"] == parser_said
    assert "alias from review" not in got["evidence"]


def test_other_decisions_teach_nothing(library, tmp_path):
    first = _add(library, tmp_path, "first.txt", FIRST)
    m = _mention(library, first, "Baranowicze")
    library.decide(first, m["start"], m["end"], "accept")
    library.decide(first, m["start"], m["end"], "move", lat=53.1, lon=26.0)
    assert not aliases_path(library.folder.gazetteer).exists()


def test_aliases_are_matched_by_lemma_and_the_latest_wins(tmp_path):
    """Found records made by hand (written for this test): the alias taught as "Brześć"
    answers to the inflected "Brześciu", since both have the Morfeusz lemma Brześć."""
    from briefmap.places.geoparse import Found

    local = tmp_path / "places.toml"
    gaz = load_gazetteer(local=local)
    minsk, brest_oblast, by = (gaz.place(i) for i in ("bm:by-minsk", "bm:by-brest-oblast", "cc:BY"))
    path = aliases_path(local)
    remember_alias(path, "Brześć", minsk, {"BY"}, "b1")  # a wrong lesson, then corrected
    remember_alias(path, "Brześć", brest_oblast, {"BY"}, "b2")
    assert len(load_aliases(path)) == 1  # same name and countries: replaced
    found = [
        Found(0, 8, "Brześciu", "gn:629634", "name", "lemma: geonames name 'Brest'", 0.8),
        Found(20, 29, "Białorusi", by.id, "name", "lemma: curated name", 0.95),
    ]
    out = apply_aliases(found, gaz)
    assert out[0].place_id == "bm:by-brest-oblast"
    assert out[0].evidence.startswith("alias from review")
    assert out[1] == found[1]
    # a brief naming no Belarusian place keeps the parser's reading
    assert apply_aliases(found[:1], gaz)[0].place_id == "gn:629634"


def test_a_broken_aliases_file_is_ignored(tmp_path):
    local = tmp_path / "places.toml"
    aliases_path(local).write_text("[[alias]\nname = ", encoding="utf-8")
    assert load_aliases(aliases_path(local)) == []
