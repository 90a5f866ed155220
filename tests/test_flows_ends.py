"""Approximate flow ends (issue 14 part 5): an end the text gives only as a country's ports is
drawn at those ports (geodata/flow_ports.toml), never at the capital, and every record and
the map say it is approximate.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import json
import re
from datetime import date

import folium
import pytest
from flow_sentences import flows

from briefmap.analysis.flow_ends import load_country_ports, parse_country_ports
from briefmap.model import Brief
from briefmap.pipeline import parse_brief
from briefmap.places.gazetteer import load_gazetteer
from layers.flow_lines import APPROXIMATE_DASH, flow_layer


def render(group: folium.FeatureGroup) -> str:
    """The HTML of a plain map holding ``group``, with JSON ``\\uXXXX`` escapes decoded."""
    m = folium.Map(tiles=None)
    group.add_to(m)
    html = m.get_root().render()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda x: chr(int(x.group(1), 16)), html)


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


# -- the data file ----------------------------------------------------------------------------
def test_every_port_of_the_ports_file_is_a_gazetteer_place_of_its_country(gaz):
    table = load_country_ports()
    assert {"RU", "LT", "LV", "PL", "UA", "KZ"} <= set(table.groups)
    for iso2, groups in table.groups.items():
        capital = gaz.country(iso2)
        for group in groups.values():
            for pid in group.ports:
                place = gaz.place(pid)
                assert place.country == iso2, (iso2, pid)
                assert place.kind in ("port", "city", "town"), (iso2, pid)
        if iso2 in table.defaults:
            assert table.defaults[iso2] in groups
        assert capital is not None


def test_the_ports_file_names_what_is_wrong():
    with pytest.raises(ValueError, match="iso2"):
        parse_country_ports("[[country]]\n")
    with pytest.raises(ValueError, match="sea"):
        parse_country_ports('[[country]]\niso2 = "RU"\n[[country.group]]\nsea = "x"\n')
    bad_default = (
        '[sea.baltic]\nen = ["baltic"]\n[[country]]\niso2 = "RU"\ndefault = "arctic"\n'
        '[[country.group]]\nsea = "baltic"\nname_en = "a"\nname_pl = "b"\nports = ["bm:x"]\n'
    )
    with pytest.raises(ValueError, match="default"):
        parse_country_ports(bad_default)


# -- the ends ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language", "name", "iso2"),
    [
        ("Białoruskie nawozy trafiają do portów rosyjskich.", "pl", "Russian Baltic ports", "RU"),
        ("Eksport białoruskich nawozów przez porty Łotwy ustał.", "pl", "Latvian ports", "LV"),
        ("Kazakhstan exports oil through Georgian ports.", "en", "Georgian ports", "GE"),
        (
            "Belarus ships fertilisers to the Black Sea ports of Russia.",
            "en",
            "Russian Black Sea ports",
            "RU",
        ),
        (
            "Białoruś eksportuje nawozy do portów czarnomorskich Rosji.",
            "pl",
            "Russian Black Sea ports",
            "RU",
        ),
        (
            "Belarus exports potash through Turkish Black Sea ports.",
            "en",
            "Turkish Black Sea ports",
            "TR",
        ),
    ],
)
def test_a_country_named_only_by_its_ports_is_an_approximate_end_at_its_ports(
    gaz, text, language, name, iso2
):
    got = flows(gaz, text, language)
    assert len(got) == 1
    end = got[0].destination or got[0].via[0]
    assert (end.name, end.country, end.approximate) == (name, iso2, True)
    capital = gaz.country(iso2)
    assert (end.lat, end.lon) != (capital.lat, capital.lon)  # never the capital
    assert got[0].approximate
    assert any("approximate" in e for e in got[0].evidence)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Turkey has ports on two seas and the text names neither; Brazil has none curated
        ("Belarus ships fertilisers to Turkish ports.", "en"),
        ("Belarus ships fertilisers to Brazilian ports.", "en"),
    ],
)
def test_ports_that_cannot_be_placed_give_no_line_rather_than_the_capital(gaz, text, language):
    assert flows(gaz, text, language) == []


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Białoruś eksportuje nawozy do Rosji.", "pl", "RU"),
        ("Belarus exports potash to Russia.", "en", "RU"),
        ("Belarus exports potash to the Russian port of Ust-Luga.", "en", "Ust-Luga"),
        ("Białoruś eksportuje nawozy do rosyjskiego portu w Ust-Łudze.", "pl", "Ust-Luga"),
    ],
)
def test_a_named_country_or_a_named_port_is_not_approximate(gaz, text, language, name):
    got = flows(gaz, text, language)
    assert len(got) == 1 and not got[0].approximate
    d = got[0].destination
    assert (d.country if d.precision == "country" else d.name) == name


# -- records and the map ---------------------------------------------------------------------------
def test_records_say_approximate_and_the_layer_dashes_the_segment(gaz):
    got = flows(gaz, "Białoruskie nawozy trafiają do portów rosyjskich.")
    rec = got[0].record("d.txt")
    assert rec["approximate"] is True and rec["destination"]["approximate"] is True
    assert rec["origin"]["approximate"] is False
    json.dumps(rec)  # a plain record
    rec.update(excerpt=rec["excerpt"]["text"], excerpt_start=0, title="t", publisher="p")
    group = flow_layer([rec], "en")
    lines = [c for c in group._children.values() if isinstance(c, folium.PolyLine)]
    assert any(line.options.get("dashArray") == APPROXIMATE_DASH for line in lines)
    html = render(group)
    assert "Russian Baltic ports (approximate)" in html
    assert "w przybliżeniu" in render(flow_layer([rec], "pl"))


def test_a_named_route_is_drawn_solid(gaz):
    got = flows(gaz, "Białoruskie nawozy trafiają do Kłajpedy.")
    rec = got[0].record("d.txt")
    assert rec["approximate"] is False
    rec.update(excerpt=rec["excerpt"]["text"], excerpt_start=0, title="t", publisher="p")
    group = flow_layer([rec], "en")
    lines = [c for c in group._children.values() if isinstance(c, folium.PolyLine)]
    assert all(line.options.get("dashArray") != APPROXIMATE_DASH for line in lines)
    assert "approximate" not in render(group)


def test_an_approximate_end_survives_the_store_and_reaches_the_layer(gaz, tmp_path):
    import sqlite3

    from briefmap.store import Store, create_schema, write_brief

    text = "Białoruskie nawozy trafiają do portów rosyjskich."
    b = Brief("b", "b.txt", text, text, list(range(len(text) + 1)), date_start=date(2024, 5, 1))
    parsed = parse_brief(b, gaz)
    path = tmp_path / "s.sqlite"
    con = sqlite3.connect(path)
    create_schema(con)
    with con:
        write_brief(con, b, parsed.mentions, flows=parsed.flows)
    con.close()
    rows = Store(path).flows()
    assert rows[0]["destination"]["approximate"] is True
    assert rows[0]["destination"]["place_id"] == "ports:RU:baltic"
    assert "RU" in rows[0]["countries"]
    lines = [c for c in flow_layer(rows, "en")._children.values() if isinstance(c, folium.PolyLine)]
    assert any(line.options.get("dashArray") == APPROXIMATE_DASH for line in lines)
