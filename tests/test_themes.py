"""Themes of seed sentences, the evidence words a reader sees, and the taxonomy file's shape."""

from __future__ import annotations

import re

import pytest
import tomllib

from briefmap.analysis.themes import DEFAULT_PATH, classify, load_taxonomy, parse_taxonomy
from briefmap.text.morphology import lemmas

# Sentences of the two seed briefs (000: PISM 2021, 003: IEŚ 2026), line breaks removed.
MILITARY = "Białoruś i Rosja 2 marca br. przyjęły ponadto 5-letni plan współpracy wojskowej."
POTASH = (
    "Umowa ta długoterminowo będzie niekorzystna dla Białorusi, jednak podobnych działań "
    "należy się spodziewać w przypadku eksportu soli potasowych, dotychczas sprzedawanych "
    "przez port w litewskiej Kłajpedzie."
)
SANCTIONS = (
    "W zamian Stany Zjednoczone zadeklarowały częściowe złagodzenie sankcji wobec "
    "białoruskiego sektora nawozów potasowych oraz sektora finansowego."
)
KGB = (
    "W czerwcu br. o rozpoczęciu wspólnych przedsięwzięć „przeciw destrukcyjnym działaniom "
    "Zachodu, mającym na celu destabilizację sytuacji politycznej i społeczno-gospodarczej "
    "w przestrzeni Państwa Związkowego” poinformowali szefowie białoruskiego Komitetu "
    "Bezpieczeństwa Państwowego (KGB) i rosyjskiej Służby Wywiadu Zagranicznego (SWR)."
)
REPRESSION = (
    "Rosja zwiększa presję na Białoruś, aby podpisała programy integracyjne (przekształcono "
    "w nie dotychczasowe mapy drogowe), wykorzystując rosnącą międzynarodową izolację tego "
    "państwa po fali represji wobec opozycji i osób protestujących przeciwko sfałszowaniu "
    "ubiegłorocznych wyborów prezydenckich."
)
BALLOONS = (
    "W odpowiedzi na incydenty z balonami przemytniczymi kierowanymi instrumentalnie "
    "z terytorium Białorusi na Litwę, pod koniec października rząd litewski podjął decyzję "
    "o tymczasowym zamknięciu granicy („Komentarze IEŚ”, nr 1536)."
)
ENERGY_PRICES = (
    "Białoruś nie zgodziła się jednak na proponowany wówczas kształt porozumienia, uznając, "
    "że jest dla niej niekorzystny i nie gwarantuje m.in. zrównania cen surowców "
    "energetycznych w obu państwach."
)
OIL_PRODUCTS = (
    "W lutym oba państwa podpisały porozumienie o przekierowaniu eksportu części "
    "białoruskich produktów ropopochodnych z Litwy i Łotwy do rosyjskich portów w Ust-Łudze "
    "i Petersburgu."
)
NO_THEME = (
    "Pozostałe dwa będą rozmieszczone w rosyjskich obwodach niżnonowogrodzkim i kaliningradzkim."
)


def test_military_cooperation_sentence_is_military_with_its_word_as_evidence():
    assert classify(MILITARY) == {"military": ("wojskowej",)}


def test_potash_export_through_klaipeda_is_transit_and_economy():
    themes = classify(POTASH)
    assert themes["transit_economy"] == ("eksportu", "potasowych", "sprzedawanych", "port")


def test_easing_of_sanctions_is_diplomacy_and_sanctions():
    themes = classify(SANCTIONS)
    assert themes["diplomacy_sanctions"] == ("sankcji",)
    assert "transit_economy" in themes  # fertiliser and financial sectors


def test_kgb_and_swr_sentence_is_intelligence_services():
    evidence = classify(KGB)["intelligence"]
    assert "KGB" in evidence and "SWR" in evidence  # surface forms as written
    assert evidence[-4:-1] == ("Służby", "Wywiadu", "Zagranicznego")


def test_repression_sentence_is_repression_and_human_rights():
    evidence = classify(REPRESSION)["repression_rights"]
    assert evidence == ("represji", "protestujących", "sfałszowaniu", "wyborów")


def test_balloons_and_border_closure_are_border_and_hybrid_threats():
    assert classify(BALLOONS) == {"border_hybrid": ("balonami", "przemytniczymi", "granicy")}


def test_energy_prices_sentence_is_energy():
    assert classify(ENERGY_PRICES)["energy"] == ("energetycznych",)


def test_a_sentence_can_have_several_themes_in_taxonomy_order():
    themes = classify(OIL_PRODUCTS)
    assert list(themes) == ["transit_economy", "energy", "diplomacy_sanctions"]
    assert themes["energy"] == ("ropopochodnych",)


def test_sentence_without_theme_gives_empty_dict():
    assert classify(NO_THEME) == {}


def test_generic_words_alone_give_no_theme():
    sentence = "Oba państwa rozwijają współpracę, a Rosja i Białoruś pozostają sąsiadami."
    assert classify(sentence) == {}


def test_multi_word_cue_needs_all_its_words():
    assert "military" not in classify("Rzecznik zajmuje się obroną praw człowieka.")
    air_defence = "Ma powstać centrum obrony powietrznej."
    assert classify(air_defence) == {"military": ("obrony", "powietrznej")}


def test_multi_word_evidence_is_the_words_that_belong_together():
    sentence = "W 20. rocznicę Państwa Związkowego obu państw podpisano plan integracji."
    evidence = classify(sentence)["political_integration"]
    assert evidence == ("Państwa", "Związkowego", "integracji")


def test_hyphenated_compound_matches_on_its_part():
    sentence = "Ma powstać centrum szkolno-bojowe."
    assert classify(sentence) == {"military": ("szkolno-bojowe",)}


def test_english_sentence_uses_english_cues():
    sentence = "The US eased sanctions on Belarusian potash exports after the envoy's visit."
    themes = classify(sentence, language="en")
    assert themes == {
        "transit_economy": ("potash", "exports"),
        "diplomacy_sanctions": ("sanctions", "envoy's", "visit"),
    }
    assert classify("The KGB and the SVR stepped up counter-intelligence.", "en") == {
        "intelligence": ("KGB", "SVR", "counter-intelligence")
    }


def test_english_stem_rule_does_not_overmatch():
    assert classify("It is important to note that the weather was fine.", "en") == {}


def _theme_tables() -> list[dict]:
    with open(DEFAULT_PATH, "rb") as f:
        return tomllib.load(f)["theme"]


def test_every_theme_in_the_file_has_a_colour_and_both_labels():
    tables = _theme_tables()
    ids = {t["id"] for t in tables}
    assert ids == {
        "military",
        "transit_economy",
        "energy",
        "border_hybrid",
        "diplomacy_sanctions",
        "repression_rights",
        "intelligence",
        "political_integration",
    }
    for t in tables:
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", t["colour"]), t["id"]
        assert t["label_en"].strip() and t["label_pl"].strip(), t["id"]
        assert t["description"].strip(), t["id"]
        assert t["pl"] and t["en"], t["id"]
    colours = [t["colour"].upper() for t in tables]
    assert len(set(colours)) == len(colours)


def test_every_polish_cue_is_a_morfeusz_lemma():
    for theme in load_taxonomy():
        for cue in theme.cues_pl:
            for word in cue:
                assert word in lemmas(word), (theme.id, word, sorted(lemmas(word)))


def test_an_edited_taxonomy_file_is_picked_up(tmp_path):
    path = tmp_path / "themes.toml"
    body = (
        '[[theme]]\nid = "ports"\nlabel_en = "Ports"\nlabel_pl = "Porty"\n'
        'colour = "#0072B2"\ndescription = "Sea ports."\npl = [{}]\nen = ["port"]\n'
    )
    path.write_text(body.format('"port"'), encoding="utf-8")
    assert classify(POTASH, taxonomy=load_taxonomy(path)) == {"ports": ("port",)}
    path.write_text(body.format('"eksport"'), encoding="utf-8")
    assert classify(POTASH, taxonomy=load_taxonomy(path)) == {"ports": ("eksportu",)}


def test_a_bad_colour_is_reported_with_the_theme():
    text = (
        '[[theme]]\nid = "x"\nlabel_en = "X"\nlabel_pl = "X"\ncolour = "red"\n'
        'description = "x"\npl = ["x"]\n'
    )
    with pytest.raises(ValueError, match="theme x: colour"):
        parse_taxonomy(text)
