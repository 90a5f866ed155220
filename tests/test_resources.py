"""The pipeline's resources (``briefmap.resources``): gathered once through each stage's own
loader, handed to ``parse_brief``, and the stages read what they are handed. The sentences
were written for these tests."""

from __future__ import annotations

from dataclasses import replace

from briefmap.analysis.flow_words import load_flow_words
from briefmap.analysis.themes import load_taxonomy, parse_taxonomy
from briefmap.model import Brief
from briefmap.pipeline import parse_brief
from briefmap.places.gazetteer import load_gazetteer
from briefmap.places.region import BORDER_COUNTRIES, REGION_COUNTRIES
from briefmap.resources import load_resources, shared_resources

TEXT = "Statki z nawozami wypływają z Kłajpedy. Port w Kłajpedzie pracuje dzień i noc."


def _brief(text: str = TEXT) -> Brief:
    return Brief(id="t", path="t.txt", original=text, reading=text, offsets=range(len(text) + 1))


def test_the_resources_are_what_each_stage_would_load_itself():
    res = shared_resources()
    assert res is shared_resources()  # gathered once per process
    assert res.gazetteer is load_gazetteer()
    assert res.taxonomy is load_taxonomy()
    assert res.flow_words is load_flow_words()
    assert set(res.border_cues) == {"pl", "en"}
    assert res.region == REGION_COUNTRIES and res.border_countries == BORDER_COUNTRIES
    assert res.region <= res.border_countries


def test_a_brief_parses_the_same_with_and_without_resources_handed_to_it():
    brief = _brief()
    alone = parse_brief(brief)
    handed = parse_brief(brief, resources=shared_resources())
    assert alone.mentions and alone.mentions == handed.mentions and alone.flows == handed.flows


def test_the_themes_come_from_the_taxonomy_handed_to_the_pipeline():
    brief = _brief()
    ports = parse_taxonomy(
        '[[theme]]\nid = "ports"\nlabel_en = "Ports"\nlabel_pl = "Porty"\n'
        'colour = "#0072B2"\ndescription = "Sea ports."\npl = ["port"]\nen = ["port"]\n'
    )
    res = replace(load_resources(), taxonomy=ports)
    themes = {t for m in parse_brief(brief, resources=res).mentions for t in m.themes}
    assert themes == {"ports"}
    # the shipped taxonomy has no theme of that id: what was handed in was used
    assert "ports" not in {t for m in parse_brief(brief).mentions for t in m.themes}


def test_a_gazetteer_given_beside_the_resources_is_the_one_used():
    unusable = replace(shared_resources(), gazetteer=object())  # fails if it is read
    parsed = parse_brief(_brief(), load_gazetteer(), resources=unusable)
    assert parsed.mentions == parse_brief(_brief()).mentions
