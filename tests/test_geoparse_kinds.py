"""Kind words and the countries a noun phrase names (issue 15): a port kind word prefers the
candidate on the sea; a country adjective in the phrase ("the Finnish ports of") names the
country for English small towns.

Every sentence here is written for these tests (none is taken from an evaluation corpus or
a real brief). Each rule is tested on both sides: sentences that must fire it and sentences
that must not.
"""

from __future__ import annotations

import pytest

from briefmap.places.coast import coastal
from briefmap.places.gazetteer import load_gazetteer
from briefmap.places.geoparse import places_in


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def found(gaz, text: str, language: str) -> dict[str, tuple[str, str]]:
    """surface -> (country, evidence) of the places named in ``text``."""
    out = {}
    for f in places_in(text, language, gaz):
        out[f.surface] = (gaz.place(f.place_id).country, f.evidence)
    return out


# --- the coast, from the shipped land geometry ----------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (60.625, 28.568),  # Vysotsk, Gulf of Finland
        (42.143, 41.674),  # Poti, Black Sea
        (60.467, 26.946),  # Kotka
        (54.352, 18.646),  # Gdańsk
        (56.947, 24.106),  # Riga
        (44.724, 37.768),  # Novorossiysk
        (54.71, 20.51),  # Kaliningrad, on the Pregolya near the Vistula Lagoon
        (54.156, 19.404),  # Elbląg, on the Vistula Lagoon (inside the country polygons)
        (57.819, 28.332),  # Pskov, a lake port
    ],
)
def test_coastal_towns(lat, lon):
    assert coastal(lat, lon)


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (51.73, 26.38),  # Vysotsk, Rivne oblast (inland)
        (-5.089, -42.802),  # Teresina, Brazil (outside the detailed box)
        (53.9, 27.567),  # Minsk
        (55.756, 37.617),  # Moscow
        (52.042, 29.216),  # Mazyr, a river port
        (54.687, 25.28),  # Vilnius
        (53.778, 20.48),  # Olsztyn, among small lakes the water file does not hold
        (54.898, 23.904),  # Kaunas, on a river
        (53.68, 23.83),  # Grodno, on a river
    ],
)
def test_inland_towns(lat, lon):
    assert not coastal(lat, lon)


# --- a port kind word prefers the candidate on the sea ---------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "surface", "country"),
    [
        ("Terminal naftowy w Wysocku przyjął tankowiec.", "pl", "Wysocku", "RU"),
        ("Tankers call at the oil terminal in Vysotsk every week.", "en", "Vysotsk", "RU"),
        ("Oil is shipped from the port of Poti.", "en", "Poti", "GE"),
        ("Fuel oil goes to the Georgian port of Poti.", "en", "Poti", "GE"),
    ],
)
def test_port_word_prefers_the_coastal_candidate(gaz, text, language, surface, country):
    got_country, why = found(gaz, text, language)[surface]
    assert got_country == country
    assert "lies on the sea" in why


@pytest.mark.parametrize(
    ("text", "language", "surface"),
    [
        # another kind word: the coast says nothing (population decides as before)
        ("The refinery in Poti stopped work.", "en", "Poti"),
        ("Zakład w Wysocku stanął.", "pl", "Wysocku"),
    ],
)
def test_other_kind_words_do_not_look_at_the_coast(gaz, text, language, surface):
    assert "lies on the sea" not in found(gaz, text, language)[surface][1]


def test_port_word_keeps_a_river_port_with_no_coastal_namesake(gaz):
    """A port word does not drop an inland candidate: it only orders same-name ones."""
    assert found(gaz, "Port rzeczny w Mozyrzu przyjął barki.", "pl")["Mozyrzu"][0] == "BY"


# --- a country adjective in the noun phrase names the country for English small towns -------


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        (
            "The Finnish ports of Kotka and Hamina are projected to get more fertiliser.",
            "Hamina",
            "FI",
        ),
        ("The Finnish oil terminal at Hamina was full.", "Hamina", "FI"),
        ("Fuel oil goes to the Georgian port of Poti.", "Poti", "GE"),
    ],
)
def test_country_adjective_in_the_phrase_names_the_country(gaz, text, surface, country):
    assert found(gaz, text, "en")[surface][0] == country


@pytest.mark.parametrize(
    "text",
    [
        # the adjective belongs to another noun phrase: the country is not named
        "A Finnish delegation travelled to Hamina.",
        "Finnish exports fell sharply, and ships went to Hamina.",
        "Latvian officials said the cargo reached Hamina.",
    ],
)
def test_country_adjective_elsewhere_does_not_name_the_country(gaz, text):
    assert "Hamina" not in found(gaz, text, "en")


# --- a kind word covers the list it opens; a common noun after a kind word is a name -------


@pytest.mark.parametrize(
    ("text", "language", "surfaces"),
    [
        ("Fińskie porty Kotka i Hamina przyjmą więcej nawozów.", "pl", {"Kotka", "Hamina"}),
        ("Do portów w Kotce i Haminie trafi też zboże.", "pl", {"Kotce", "Haminie"}),
        ("Terminale w Wysocku, Primorsku i Ust-Łudze pracują.", "pl", {"Wysocku", "Primorsku"}),
        ("The ports of Riga and Ventspils handled less cargo.", "en", {"Riga", "Ventspils"}),
    ],
)
def test_a_kind_word_covers_every_name_of_its_list(gaz, text, language, surfaces):
    got = found(gaz, text, language)
    assert surfaces <= set(got), got
    for s in surfaces & {"Kotka", "Kotce", "Hamina", "Haminie"}:
        assert got[s][0] == "FI" and "kind word" in got[s][1]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        # "kotka" (a she-cat) and "Hamina" with no kind word: not places
        ("Kotka złapała mysz, a Hamina nie.", "Hamina"),
        ("W porcie pracowali Kowal i Kotka.", "Kotka"),
        # the list word joins the name to a word with no kind word before it
        ("Statki zawijają do Haminy i Kotki.", "Kotki"),
        # a kind word before another noun does not reach a name after a verb
        ("Port rozbudowano, a Kotka zyskała nowe nabrzeże.", "Kotka"),
    ],
)
def test_a_common_noun_without_a_kind_word_stays_a_word(gaz, text, surface):
    assert surface not in found(gaz, text, "pl")


# --- the nouns of a place's surroundings are kind words ---------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "surface", "country"),
    [
        # "czeremcha" (bird cherry) is a common noun to Morfeusz
        ("Migranci próbowali sforsować zaporę w okolicach Czeremchy.", "pl", "Czeremchy", "PL"),
        ("W pobliżu Czeremchy zatrzymano grupę migrantów.", "pl", "Czeremchy", "PL"),
        ("Troops gathered on the outskirts of Pinsk.", "en", "Pinsk", "BY"),
    ],
)
def test_a_noun_of_surroundings_makes_the_name_after_it_a_place(
    gaz, text, language, surface, country
):
    got = found(gaz, text, language)
    assert got[surface][0] == country and "kind word" in got[surface][1]


def test_a_noun_of_surroundings_does_not_reach_a_common_noun_elsewhere(gaz):
    assert "Czeremcha" not in found(gaz, "Czeremcha zakwitła w okolicach parku.", "pl")


# --- English kind words after the name, in an apposition, and at a sentence's start ----------


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        ("Russia held drills at the Pravdinsk training ground.", "Pravdinsk", "RU"),
        ("Output at the Mozyr oil refinery fell.", "Mozyr", "BY"),
        ("The Mozyr refinery stopped.", "Mozyr", "BY"),  # "The" is the sentence's capital
        ("Migrants were found near Czeremcha, a village on the border.", "Czeremcha", "PL"),
    ],
)
def test_an_english_kind_word_after_the_name_or_in_an_apposition(gaz, text, surface, country):
    got = found(gaz, text, "en")
    assert got[surface][0] == country and "kind word" in got[surface][1]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The Baltic ports were busy.", "Baltic"),  # a plural: no one place
        ("Migrants were found near Czeremcha, and a village nearby.", "Czeremcha"),
        ("The Energy Ministry said so.", "Energy"),  # a longer name, not a sentence capital
    ],
)
def test_no_english_kind_word_no_small_town(gaz, text, surface):
    assert surface not in found(gaz, text, "en")


# --- a kind word with a preposition of nearness does not make the town its feature ----------


def test_a_camp_near_a_town_is_the_town_not_the_curated_site_there(gaz):
    for text, language, surface in (
        ("Wagner fighters were housed in a camp near Asipovichy.", "en", "Asipovichy"),
        ("Wagnerowcy mieszkali w obozie pod Osipowiczami.", "pl", "Osipowiczami"),
    ):
        got = {f.surface: gaz.place(f.place_id) for f in places_in(text, language, gaz)}
        assert got[surface].kind in ("town", "city"), got[surface]


# --- a name whose words Morfeusz knows as words of place names ----------------------------------


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Ćwiczenie odbywa się w Białej Podlaskiej.", "Białej Podlaskiej"),
        ("Jadę do Zielonej Góry i Nowej Soli.", "Nowej Soli"),
    ],
)
def test_a_two_word_town_of_words_of_place_names_is_found(gaz, text, surface):
    assert found(gaz, text, "pl")[surface][0] == "PL"


def test_two_adjectives_that_name_no_place_stay_words(gaz):
    # "biały", "czarny": adjectives only; no town "Biała Czarna"
    assert found(gaz, "Biała czarna kawa stygnie.", "pl") == {}


# --- a training ground named by the adjective of its town -------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "town"),
    [
        ("Na poligonie orzyskim, niedaleko Ełku, ćwiczą czołgi.", "orzyskim", "Orzysz"),
        ("Na poligonie drawskim, niedaleko Szczecinka, ćwiczą czołgi.", "drawskim", "Drawsko"),
    ],
)
def test_a_poligon_named_by_an_adjective_is_its_towns(gaz, text, surface, town):
    got = {f.surface: (gaz.place(f.place_id).name, f.evidence) for f in places_in(text, "pl", gaz)}
    assert got[surface][0].startswith(town) and "adjective" in got[surface][1]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        # an adjective of the ground's kind, not of a town
        ("Na poligonie artyleryjskim koło Gdyni strzelano.", "artyleryjskim"),
        ("Na poligonie morskim koło Gdyni strzelano.", "morskim"),
        # a village of that name far from every place the text names: not it
        ("Na poligonie Gożskim w obwodzie grodzieńskim strzelano.", "Gożskim"),
        # an adjective after another noun
        ("Orzyski rynek opustoszał.", "Orzyski"),
    ],
)
def test_no_town_from_an_adjective_without_the_kind_word_or_nearness(gaz, text, surface):
    assert surface not in {f.surface for f in places_in(text, "pl", gaz)}


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Zamknięto warszawskie Lotnisko Chopina.", "warszawskie", "Warsaw"),
        ("Wileńskie lotnisko wstrzymało loty.", "Wileńskie", "Vilnius"),
        ("Port gdański przyjął zboże.", "gdański", "Gdańsk"),
    ],
)
def test_an_airport_or_port_named_by_its_citys_adjective(gaz, text, surface, name):
    got = {f.surface: gaz.place(f.place_id).name for f in places_in(text, "pl", gaz)}
    assert got[surface] == name


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Polskie lotnisko zamknięto.", "Polskie"),  # a country's adjective: no town
        ("Port morski przyjął zboże.", "morski"),  # the kind of port
        ("Warszawskie ulice opustoszały.", "Warszawskie"),  # no kind word beside it
    ],
)
def test_no_city_from_an_adjective_of_kind_or_country_or_without_a_kind_word(gaz, text, surface):
    assert surface not in {f.surface for f in places_in(text, "pl", gaz)}


# --- an airport's own short name, only after an airport word ---------------------------------


@pytest.mark.parametrize(
    ("text", "language", "surface"),
    [
        ("Lotnisko w Modlinie zostało zamknięte.", "pl", "Modlinie"),
        ("Samoloty z lotniska w Jasionce nie startują.", "pl", "Jasionce"),
        ("Flights at Modlin airport were suspended.", "en", "Modlin"),
        ("The Modlin airport was closed.", "en", "Modlin"),
    ],
)
def test_an_airports_own_name_after_an_airport_word_is_the_airport(gaz, text, language, surface):
    got = {f.surface: gaz.place(f.place_id) for f in places_in(text, language, gaz)}
    assert got[surface].id.startswith("ap:") and got[surface].country == "PL"


@pytest.mark.parametrize(
    ("text", "language", "surface"),
    [
        ("Koncert Chopina odbył się w Warszawie.", "pl", "Chopina"),  # the composer
        ("Chopin grał w Warszawie.", "pl", "Chopin"),
        ("Officials in Modlin met on Monday.", "en", "Modlin"),  # no airport word
    ],
)
def test_an_airports_short_name_without_an_airport_word_is_no_airport(gaz, text, language, surface):
    got = {f.surface: gaz.place(f.place_id) for f in places_in(text, language, gaz)}
    assert surface not in got or not got[surface].id.startswith("ap:")
