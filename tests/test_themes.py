"""Themes of sentences, the evidence words a reader sees, and the taxonomy file's shape.

Where the sentences come from is said at each: the seed briefs (marked "seed"), sentences
written for these tests, or the public sentences of tests/data/themes_eval.jsonl (each with
its source there)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomllib

from briefmap.analysis.themes import (
    DEFAULT_PATH,
    Score,
    classify,
    evaluate,
    load_labelled,
    load_taxonomy,
    parse_taxonomy,
)
from briefmap.text.document import Document
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


def _is_lemma(word: str) -> bool:
    # a proper name's lemma is matched lower-cased ("Kijowie" -> "kijów"); Morfeusz reads
    # the lower-case "kijów" as a plural of "kij", so a name is checked capitalised too
    return word in lemmas(word) or word in lemmas(word.capitalize())


def test_every_polish_cue_is_a_morfeusz_lemma():
    for theme in load_taxonomy():
        for cue in theme.cues_pl + theme.weak_pl + theme.support_pl:
            for word in cue:
                assert _is_lemma(word), (theme.id, word, sorted(lemmas(word)))
    with open(DEFAULT_PATH, "rb") as f:
        data = tomllib.load(f)
    for word in data["state"]["pl"] + data["reference"]["pl"] + data["locative"]["pl"]:
        assert _is_lemma(word), (word, sorted(lemmas(word)))


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


# -- ambiguous words: a weak cue counts only with support ----------------------------------
# Sentences written for these tests: each pair uses the same word in the theme's sense and
# in an everyday sense, with no other cue of the theme.


@pytest.mark.parametrize(
    ("theme", "inside", "outside"),
    [
        (
            "military",
            "Białoruś rozpoczęła w piątek ćwiczenia w obwodzie brzeskim.",
            "Strażacy przeprowadzili w szkole ćwiczenia z ewakuacji uczniów.",
        ),
        (
            "military",
            "Rosja prowadzi wojnę na wyczerpanie.",
            "Sieci handlowe prowadzą wojnę cenową o klientów.",
        ),
        (
            "diplomacy_sanctions",
            "Unia Europejska przedłużyła sankcje wobec Białorusi.",
            "Komisja ligi nałożyła na klub sankcje za zachowanie kibiców.",
        ),
        (
            "diplomacy_sanctions",
            "Premier Litwy zapowiedział rozmowy z Warszawą o tranzycie.",
            "Kandydat przyszedł na rozmowę kwalifikacyjną spóźniony.",
        ),
        (
            "diplomacy_sanctions",
            "Prezydent Polski złożył wizytę w Wilnie.",
            "Pacjent umówił wizytę u lekarza rodzinnego.",
        ),
        (
            "border_hybrid",
            "Litwa zamknęła granicę po kolejnych incydentach.",
            "Wydatki muszą się zmieścić w granicach tegorocznego budżetu gminy.",
        ),
        (
            "repression_rights",
            "Opozycyjny dziennikarz trafił do aresztu za komentarz w sieci.",
            "Sprawca kradzieży samochodu trafił do aresztu na trzy miesiące.",
        ),
        (
            "energy",
            "Rosja wstrzymała dostawy gazu do Polski.",
            "Policjanci użyli gazu wobec agresywnego kibica.",
        ),
        (
            "political_integration",
            "Integracja Białorusi z Rosją postępuje.",
            "Integracja uczniów w nowej klasie trwała kilka tygodni.",
        ),
        (
            "transit_economy",
            "Sprzedaż białoruskich nawozów spadła.",
            "Wyprzedaż w sklepie z zabawkami potrwa do niedzieli.",
        ),
    ],
)
def test_a_weak_polish_cue_needs_the_theme_sense(theme, inside, outside):
    """Written for the test."""
    assert theme in classify(inside), inside
    assert theme not in classify(outside), outside


@pytest.mark.parametrize(
    ("theme", "inside", "outside"),
    [
        (
            "repression_rights",
            "The regime ordered the arrest of opposition activists.",
            "He survived a cardiac arrest while jogging.",
        ),
        (
            "intelligence",
            "Russian intelligence recruited the courier in Vilnius.",
            "Artificial intelligence can now write a cover letter.",
        ),
        (
            "border_hybrid",
            "Migration across the Belarusian frontier rose sharply.",
            "Spring migration brings cranes back to the marshes.",
        ),
        (
            "military",
            "Belarus held snap drills near Osipovichi.",
            "The school held a fire drill on Monday.",
        ),
        (
            "diplomacy_sanctions",
            "The EU extended sanctions on Minsk.",
            "The league sanctioned the club for fan violence.",
        ),
    ],
)
def test_a_weak_english_cue_needs_the_theme_sense(theme, inside, outside):
    """Written for the test."""
    assert theme in classify(inside, "en"), inside
    assert theme not in classify(outside, "en"), outside


def test_a_cue_of_the_theme_supports_its_weak_cue_and_both_are_evidence():
    """Written for the test: "balony" and "granica" are weak, "przemytnicy" is a cue."""
    sentence = "Przemytnicy wysłali balony nad granicą."
    assert classify(sentence) == {"border_hybrid": ("Przemytnicy", "balony", "granicą")}
    assert classify("Dzieci puszczały balony nad łąką.") == {}


def test_support_words_let_a_weak_cue_count_but_give_no_theme_alone():
    """Written for the test: "polityczny" supports "więzień", and alone is no theme."""
    assert classify("Zwolniono dwóch więźniów politycznych.") == {
        "repression_rights": ("więźniów", "politycznych")
    }
    assert classify("Zwolniono dwóch więźniów.") == {}
    assert classify("To była decyzja polityczna.") == {}


def test_the_sentence_before_may_support_a_weak_cue():
    """Written for the test: "negocjacje" alone is weak; after a sentence about two states
    it is diplomacy, after a sentence about a shop it is not."""
    taxonomy = load_taxonomy()
    for before, expected in [
        ("Białoruś i Rosja nie zgodziły się co do cen.", {"diplomacy_sanctions"}),
        ("Sklep obniżył ceny butów.", set()),
    ]:
        doc = Document(f"{before} Mimo to negocjacje trwały.", "pl")
        (lo0, hi0), (lo, hi) = doc.sentence_tokens
        assert set(taxonomy.classify_tokens(doc, lo, hi, (lo0, hi0))) == expected
        assert taxonomy.classify_tokens(doc, lo, hi) == {}


# -- sentences that refer back ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "opener"),
    [
        (NO_THEME, "pl", ("Pozostałe",)),  # seed
        ("Ich celem jest zastraszenie sąsiadów.", "pl", ("Ich",)),
        ("Oba mają powstać do końca roku.", "pl", ("Oba",)),
        ("Both will be deployed near the border.", "en", ("Both",)),
        ("The remaining two will open next year.", "en", ("The", "remaining")),
        ("W ten sposób Rosja zyskuje czas.", "pl", ()),
        ("Pozostali pasażerowie czekali.", "pl", ("Pozostali",)),
        ("Rząd pozostałe dwa projekty odłożył.", "pl", ()),
        ("The report was published on Monday.", "en", ()),
    ],
)
def test_a_sentence_refers_back_only_by_its_opening_words(text, language, opener):
    """Written for the test, but the first: a seed sentence (000, PISM 2021)."""
    doc = Document(text, language)
    assert load_taxonomy().refers_back(doc, 0, len(doc.tokens)) == opener


# -- the taxonomy on public sentences ----------------------------------------------------------

EVAL_SET = Path(__file__).parent / "data" / "themes_eval.jsonl"

# Per-theme floors of precision and recall on the whole set (198 sentences), a little under
# what the taxonomy measured when they were set (benchmarks/eval_themes.py; the README gives
# the figures): military 0.81/0.90, transit 0.89/0.92, energy 0.95/0.90, border 0.87/1.00,
# diplomacy 0.86/0.94, repression 1.00/0.88, intelligence 0.78/1.00, integration 1.00/1.00.
# The taxonomy before this set existed measured 0.67/0.83, 0.85/0.89, 0.89/0.81, 0.78/0.93,
# 0.70/0.79, 0.67/0.75, 0.68/0.93, 0.73/0.73 and fails most of them.
FLOORS = {
    "military": (0.75, 0.85),
    "transit_economy": (0.85, 0.85),
    "energy": (0.90, 0.85),
    "border_hybrid": (0.80, 0.95),
    "diplomacy_sanctions": (0.80, 0.90),
    "repression_rights": (0.90, 0.80),
    "intelligence": (0.70, 0.95),
    "political_integration": (0.90, 0.90),
}
# Micro-averaged floors per split: the dev sentences were looked at while choosing cues, the
# held-out ones once after, the blind ones never (measured 0.92/0.95, 0.85/0.94, 0.77/0.88).
SPLIT_FLOORS = {"dev": (0.88, 0.92), "heldout": (0.78, 0.90), "blind": (0.70, 0.80)}


@pytest.fixture(scope="module")
def labelled():
    return load_labelled(EVAL_SET)


def _micro(scores: dict[str, Score]) -> tuple[float, float]:
    tp = sum(s.tp for s in scores.values())
    fp = sum(s.fp for s in scores.values())
    fn = sum(s.fn for s in scores.values())
    return tp / (tp + fp), tp / (tp + fn)


def test_the_public_set_is_large_labelled_with_known_themes_and_sourced(labelled):
    """The public sentences of tests/data/themes_eval.jsonl (sources in the file)."""
    assert len(labelled) >= 150
    ids = load_taxonomy().ids
    for ex in labelled:
        assert ex.themes <= set(ids), ex.id
        assert ex.source.startswith("http"), ex.id
        assert ex.language in ("pl", "en") and ex.split in SPLIT_FLOORS, ex.id
    for theme in ids:  # every theme has sentences that must get it, in both languages
        for language in ("pl", "en"):
            assert any(theme in ex.themes for ex in labelled if ex.language == language), (
                theme,
                language,
            )
    assert sum(not ex.themes for ex in labelled) >= 30  # sentences about other things


def test_no_sentence_of_the_public_set_comes_from_a_seed_brief(labelled):
    """The public sentences against the seed briefs' text (whitespace folded)."""
    seeds = " ".join(
        " ".join(f.read_text(encoding="utf-8").split())
        for f in sorted((DEFAULT_PATH.parent / "briefs").glob("*.txt"))
    )
    for ex in labelled:
        assert " ".join(ex.text.split()) not in seeds, ex.id


def test_every_theme_keeps_its_precision_and_recall_on_public_sentences(labelled):
    """The public sentences of tests/data/themes_eval.jsonl (sources in the file)."""
    scores, _wrong = evaluate(labelled)
    for theme, (p_min, r_min) in FLOORS.items():
        s = scores[theme]
        assert s.precision >= p_min and s.recall >= r_min, (theme, s)


@pytest.mark.parametrize("split", sorted(SPLIT_FLOORS))
def test_each_split_keeps_its_precision_and_recall(labelled, split):
    """The public sentences of tests/data/themes_eval.jsonl, one split at a time."""
    p, r = _micro(evaluate([ex for ex in labelled if ex.split == split])[0])
    p_min, r_min = SPLIT_FLOORS[split]
    assert p >= p_min and r >= r_min, (split, round(p, 3), round(r, 3))


def test_the_floors_are_not_met_by_the_taxonomy_before_weak_cues(labelled, tmp_path):
    """The same public sentences with the taxonomy as it was before (all cues strong, seed
    phrases among them), rebuilt here from today's cues: the floors can fail."""
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    # every weak cue made strong, supports and states dropped: what the file was like
    # before ambiguous words needed support
    flat = re.sub(r"^(pl|en)_weak = ", r"\1_old = ", text, flags=re.M)
    data = tomllib.loads(flat)
    lines = []
    for t in data["theme"]:
        pl = t["pl"] + t.get("pl_old", [])
        en = t["en"] + t.get("en_old", [])
        lines.append(
            f'[[theme]]\nid = "{t["id"]}"\nlabel_en = "x"\nlabel_pl = "x"\n'
            f'colour = "{t["colour"]}"\ndescription = "x"\n'
            f"pl = {_toml_list(pl)}\nen = {_toml_list(en)}\n"
        )
    path = tmp_path / "themes.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    scores, _wrong = evaluate(labelled, load_taxonomy(path))
    failing = [
        theme
        for theme, (p_min, r_min) in FLOORS.items()
        if scores[theme].precision < p_min or scores[theme].recall < r_min
    ]
    assert len(failing) >= 4, failing


def _toml_list(cues: list) -> str:
    def one(c: object) -> str:
        return "[" + ", ".join(f'"{w}"' for w in c) + "]" if isinstance(c, list) else f'"{c}"'

    return "[" + ", ".join(one(c) for c in cues) + "]"


@pytest.fixture(scope="module")
def parse():
    from datetime import date

    from briefmap.model import Brief
    from briefmap.pipeline import parse_brief
    from briefmap.places.gazetteer import load_gazetteer

    gaz = load_gazetteer()

    def run(text: str, language: str = "pl") -> dict[str, tuple]:
        brief = Brief(
            "t",
            "t.txt",
            text,
            text,
            list(range(len(text) + 1)),
            language,
            date_start=date(2024, 5, 1),
        )
        return {m.surface: (m.themes, m.theme_evidence) for m in parse_brief(brief, gaz).mentions}

    return run


def test_a_sentence_that_refers_back_carries_the_themes_of_the_one_before(parse):
    """Written for the test, after the seed's training centres (000, PISM 2021): the
    ordinal and "Pozostałe" carry the military theme; a sentence that does not open with a
    reference, and one that refers back to a sentence without themes, get none."""
    got = parse(
        "Rosja i Białoruś utworzą trzy wspólne centra szkoleniowe dla sił zbrojnych. "
        "Pierwsze powstanie w obwodzie grodzieńskim. "
        "Pozostałe dwa będą rozmieszczone w obwodach kaliningradzkim i niżnonowogrodzkim. "
        "W Mińsku padał wtedy deszcz. Ten dzień zapamiętają mieszkańcy Brześcia."
    )
    assert got["obwodzie grodzieńskim"] == (("military",), {"military": ("Pierwsze",)})
    assert got["obwodach kaliningradzkim"] == (("military",), {"military": ("Pozostałe",)})
    assert got["Mińsku"] == ((), {})
    assert got["Brześcia"] == ((), {})


def test_an_english_sentence_that_refers_back_carries_the_themes(parse):
    """Written for the test."""
    got = parse(
        "Russia will station two brigades in Belarus. Both will open near Grodno. "
        "Minsk had a sunny day. It was warm in Brest.",
        "en",
    )
    assert got["Grodno"] == (("military",), {"military": ("Both",)})
    assert got["Brest"] == ((), {})


def test_the_seed_training_centres_in_kaliningrad_and_nizhny_novgorod_are_military(parse):
    """Seed sentences (000, PISM 2021), line breaks removed: the centres had no theme, so
    every theme filter hid them."""
    got = parse(
        "Na terytorium Białorusi, w obwodzie grodzieńskim, ma powstać centrum szkolno-bojowe "
        "wojsk powietrznych i obrony powietrznej. " + NO_THEME
    )
    assert got["obwodach niżnonowogrodzkim"][0] == ("military",)
    assert got["kaliningradzkim"][0] == ("military",)


@pytest.mark.parametrize(
    ("theme", "language", "inside", "outside"),
    [
        (
            "military",
            "pl",
            "Najemnicy Grupy Wagnera szkolą białoruskich żołnierzy.",
            "Najemca mieszkania zapłacił czynsz z opóźnieniem.",
        ),
        (
            "border_hybrid",
            "pl",
            "Rosja prowadzi przeciw Litwie wojnę informacyjną.",
            "Sieci handlowe prowadzą wojnę cenową.",
        ),
        (
            "repression_rights",
            "en",
            "The activist was sent to a penal colony.",
            "A colony of ants lives under the patio.",
        ),
        (
            "energy",
            "en",
            "The nuclear plant near the border began to produce power.",
            "The plant in the corner of the office needs water.",
        ),
    ],
)
def test_cues_added_for_the_public_sentences_fire_only_in_their_sense(
    theme, language, inside, outside
):
    """Written for the test: cues added after the held-out split ("najemnik", "wojna
    informacyjna", "penal colony", "nuclear plant") beside near misses."""
    assert theme in classify(inside, language), inside
    assert theme not in classify(outside, language), outside


def test_the_words_of_a_multi_word_cue_must_stand_near_each_other():
    """Written for the test: "minister" and "obrona" make a defence minister only as a
    phrase, not four words and more apart."""
    assert classify("Minister obrony narodowej odwiedził jednostkę w Orzyszu.") == {
        "military": ("Minister", "obrony")
    }
    far = "Minister zdrowia zapowiedział, że w obronie szpitala w Orzyszu stanęli mieszkańcy."
    assert "military" not in classify(far)


@pytest.mark.parametrize(
    ("sentence", "language", "border"),
    [
        ("Rosjanie przeprowadzili ćwiczenia przy granicy z Polską.", "pl", False),
        ("Wojsko ćwiczyło w pobliżu polskiej granicy.", "pl", False),
        ("Litwa zamknęła granicę z Białorusią.", "pl", True),
        ("Przy granicy z Białorusią zatrzymano przemytników papierosów.", "pl", True),
        ("Russian troops held drills near the Polish border.", "en", False),
        ("Poland closed its border with Belarus.", "en", True),
    ],
)
def test_a_border_that_only_places_something_is_not_the_border_theme(sentence, language, border):
    """Written for the test: a state does not support "granica"/"border" after a locative
    ("przy", "w pobliżu", "near"); closing it or smuggling across it still does."""
    assert ("border_hybrid" in classify(sentence, language)) is border, sentence
