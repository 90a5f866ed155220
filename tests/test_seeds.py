"""What the pipeline must find in the two seed briefs (issue 2, "Done when"), one by one.

Reference coordinates below are the places' well-known positions, typed here on purpose
so that the gazetteer's numbers are checked against an independent value.
"""

from __future__ import annotations

import math
import re

import pytest

from briefmap.pipeline import parse_brief
from briefmap.text.corpus import BRIEFS_DIR, load_corpus

SEED_000 = "000_79404beda8656f54"
SEED_003 = "003_6c1418ae19367fda"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def parsed():
    briefs = {b.id: b for b in load_corpus()}
    return {bid: (b, parse_brief(b).mentions) for bid, b in briefs.items()}


def all_mentions(parsed):
    return [m for _b, ms in parsed.values() for m in ms]


COUNTRIES = [
    ("Belarus", "BY"),
    ("Russia", "RU"),
    ("Ukraine", "UA"),
    ("Poland", "PL"),
    ("Lithuania", "LT"),
    ("Latvia", "LV"),
    ("United States", "US"),
]


@pytest.mark.parametrize(("label", "iso"), COUNTRIES)
def test_country_is_found_as_a_country(parsed, label, iso):
    hits = [m for m in all_mentions(parsed) if m.place.kind == "country" and m.place.country == iso]
    assert hits, f"{label} not found"
    assert all(m.place.precision == "country" for m in hits)
    assert all(m.link == "name" for m in hits)


# (label, words in the text that must produce it, reference lat, lon, allowed km)
REGIONS = [
    ("Grodno Oblast", "obwodzie grodzieńskim", 53.68, 23.83),
    ("Nizhny Novgorod Oblast", "niżnonowogrodzkim", 56.33, 44.00),
    ("Kaliningrad Oblast", "kaliningradzkim", 54.71, 20.51),
]


@pytest.mark.parametrize(("label", "words", "lat", "lon"), REGIONS)
def test_region_named_by_adjective_is_a_region_at_its_centre(parsed, label, words, lat, lon):
    brief, mentions = parsed[SEED_000]
    at = brief.reading.index(words)
    # by name: a cue link to a facility there is recorded on the same words (its anchor)
    hits = [
        m for m in mentions if m.start <= at + len(words) - 1 and m.end > at and m.link == "name"
    ]
    assert hits, f"no mention over {words!r}"
    region = hits[-1].place
    assert region.precision == "region"
    assert region.kind == "region"
    assert km(region.lat, region.lon, lat, lon) < 10, f"{label} is not at its centre"


SETTLEMENTS = [
    (SEED_000, "Ust-Łudze", "Ust-Luga", 59.67, 28.28),
    (SEED_000, "Petersburgu", "Saint Petersburg", 59.94, 30.31),
    (SEED_000, "Kłajpedzie", "Klaipėda", 55.71, 21.13),
    (SEED_000, "Soczi", "Sochi", 43.60, 39.73),
    (SEED_003, "Mińskiem", "Minsk", 53.90, 27.57),
    (SEED_003, "Wilnie", "Vilnius", 54.69, 25.28),
]


@pytest.mark.parametrize(("brief_id", "surface", "label", "lat", "lon"), SETTLEMENTS)
def test_inflected_settlement_is_found_within_10_km(parsed, brief_id, surface, label, lat, lon):
    _brief, mentions = parsed[brief_id]
    hits = [m for m in mentions if m.surface == surface]
    assert hits, f"{surface!r} ({label}) not found"
    for m in hits:
        assert m.place.precision in {"point", "settlement"}
        assert km(m.place.lat, m.place.lon, lat, lon) < 10, (label, m.place)


NON_PLACES = [
    (SEED_000, "białoruskie władze"),
    (SEED_003, "litewscy przewoźnicy"),
    (SEED_000, "rosyjskich portów"),
    (SEED_003, "polskich firm"),
    (SEED_003, "Komentarze IEŚ"),
    (SEED_000, "NATO"),
    (SEED_000, "UE"),
    (SEED_003, "UE"),
    (SEED_000, "Państwa Związkowego"),
]


@pytest.mark.parametrize(("brief_id", "phrase"), NON_PLACES)
def test_non_place_produces_no_named_mention(parsed, brief_id, phrase):
    brief, mentions = parsed[brief_id]
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), brief.reading, re.I)]
    assert spans, f"{phrase!r} not in the reading text"
    for s, e in spans:
        inside = [m for m in mentions if m.link == "name" and m.start < e and m.end > s]
        assert not inside, f"{phrase!r} mapped to {[m.place.name for m in inside]}"


def test_training_centre_excerpt_is_linked_to_a_grodno_oblast_facility(parsed):
    brief, mentions = parsed[SEED_000]
    sentence_start = brief.reading.index("Na terytorium Białorusi, w obwodzie grodzieńskim")
    linked = [
        m
        for m in mentions
        if m.excerpt_start == sentence_start and m.place.kind in {"facility", "military_site"}
    ]
    assert linked, "the training-centre sentence is linked to no facility"
    facility = linked[0].place
    assert facility.country == "BY"
    assert km(facility.lat, facility.lon, 53.68, 23.83) < 120  # inside Grodno Oblast
    assert linked[0].link == "cue"
    assert "centrum" in linked[0].evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "pod koniec października rząd litewski podjął",  # the border closure
        "niemal 2 tys. ciągników",  # the ~2,000 trucks stuck in Belarus
    ],
)
def test_border_excerpts_are_linked_to_lithuania_belarus_crossings(parsed, sentence):
    brief, mentions = parsed[SEED_003]
    at = brief.reading.index(sentence)
    linked = [
        m
        for m in mentions
        if m.excerpt_start <= at < m.excerpt_end and m.place.kind == "border_crossing"
    ]
    assert linked, f"sentence with {sentence!r} is linked to no border crossing"
    for m in linked:
        assert m.link == "cue"
        assert set(m.place.attrs["countries"]) == {"LT", "BY"}


def test_every_mention_slices_back_to_its_surface_and_excerpt(parsed):
    for brief, mentions in parsed.values():
        assert mentions
        for m in mentions:
            assert brief.reading[m.start : m.end] == m.surface
            assert brief.reading[m.excerpt_start : m.excerpt_end] == m.excerpt
            assert m.excerpt_start <= m.start and m.end <= m.excerpt_end


def test_every_excerpt_can_be_found_in_the_original_file_words_in_order(parsed):
    for brief, mentions in parsed.values():
        original = (BRIEFS_DIR / f"{brief.id}.txt").read_text(encoding="utf-8")
        for m in mentions:
            pos = 0
            for word in re.findall(r"\w+", m.excerpt):
                found = original.find(word, pos)
                assert found >= 0, f"{word!r} of {m.excerpt[:60]!r} not in order in {brief.id}"
                pos = found + len(word)
            # and the original offsets point at the mention's own words
            assert re.sub(r"\W", "", original[m.orig_start : m.orig_end]) == re.sub(
                r"\W", "", m.surface
            )


def test_excerpts_get_themes_and_dates(parsed):
    _brief, mentions = parsed[SEED_000]
    klaipeda = next(m for m in mentions if m.surface == "Kłajpedzie")
    assert "transit_economy" in klaipeda.themes  # potash exports through the port
    assert klaipeda.theme_evidence["transit_economy"]
    sochi = next(m for m in mentions if m.surface == "Soczi")
    assert ("29 maja", "2021-05-29", "2021-05-29") in sochi.dates
