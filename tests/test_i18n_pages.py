"""The interface speaks Polish as well as English (issue 16, item 7): every English string has
a Polish one with the same placeholders and plural forms, none is left in English by
accident, and the excerpt cards' tags and the evidence words are translated. The evidence
texts below are in the forms the parser writes (briefmap.places.geoparse,
briefmap.analysis.cues, briefmap.build); their words come from the seed briefs."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from briefmap import i18n, i18n_pages
from briefmap.i18n_evidence import evidence

ROOT = Path(__file__).resolve().parent.parent
# Words a Polish string may share with the English one: names and words Polish uses as well.
SAME_IN_BOTH = {
    "briefmap", "GeoNames", "OpenStreetMap", "online", "region", "port", "URL", "PDF", "DOCX",
    "HTML", "CLDR", "Natural", "Earth", "MB",
}  # fmt: skip
# English words that have no business in a Polish string (a half-translated one).
ENGLISH_ONLY = {"the", "and", "with", "from", "this", "these", "which", "is", "are", "of"}


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def words(text: str) -> list[str]:
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"`[^`]*`|<[^>]*>", " ", text)  # code and tags are not prose
    return re.findall(r"[^\W\d_]+", text)


def test_every_english_string_has_a_polish_one_and_no_more():
    assert set(i18n.STRINGS["pl"]) == set(i18n.STRINGS["en"])
    assert set(i18n_pages.PAGE_STRINGS["pl"]) == set(i18n_pages.PAGE_STRINGS["en"])


@pytest.mark.parametrize("key", sorted(i18n.STRINGS["en"]))
def test_a_polish_string_has_the_english_ones_placeholders_and_plurals(key):
    en, pl = i18n.STRINGS["en"][key], i18n.STRINGS["pl"][key]
    assert fields(pl) == fields(en)
    if "|" in en:
        assert (en.count("|"), pl.count("|")) == (1, 2)  # singular|plural; 1|2–4|5+


@pytest.mark.parametrize("key", sorted(i18n.STRINGS["en"]))
def test_no_polish_string_is_left_in_english(key):
    en, pl = i18n.STRINGS["en"][key], i18n.STRINGS["pl"][key]
    if pl == en:
        assert set(words(pl)) <= SAME_IN_BOTH, f"{key}: {pl!r} is the English string"
    assert not {w for w in words(pl) if w in ENGLISH_ONLY}, f"{key}: English words in {pl!r}"


def test_the_check_catches_a_string_left_in_english():
    """The two checks above, on strings written for this test."""
    assert not set(words("Add {n} briefs")) <= SAME_IN_BOTH
    assert {"the"} <= set(words("Dodaj the brief"))
    assert set(words("OpenStreetMap (online)")) <= SAME_IN_BOTH


def test_each_key_is_defined_in_one_module_only():
    tree = ast.parse((ROOT / "briefmap" / "i18n.py").read_text(encoding="utf-8"))
    own = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "STRINGS"
    )
    for code in i18n.LANGUAGES:
        assert not set(own[code]) & set(i18n_pages.PAGE_STRINGS[code])


def test_polish_plurals_of_the_pages():
    assert i18n.count(1, "briefs_noun", "pl") == "1 analizę"
    assert i18n.count(3, "briefs_noun", "pl") == "3 analizy"
    assert i18n.count(12, "files_noun", "pl") == "12 plików"
    assert i18n.count(2, "files_noun", "en") == "2 files"


# -- evidence ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "en", "pl"),
    [
        (
            "cue words centrum + szkolno-bojowy (centrum, szkolno-bojowe); anchor: Grodno Oblast"
            " (obwodzie grodzieńskim)",
            "linked by the words centrum, szkolno-bojowe (dictionary forms centrum + "
            "szkolno-bojowy), anchored by Grodno Oblast (“obwodzie grodzieńskim”)",
            "powiązane słowami centrum, szkolno-bojowe (formy słownikowe centrum + "
            "szkolno-bojowy), zakotwiczone przez: Grodno Oblast („obwodzie grodzieńskim”)",
        ),
        (
            "cue words centrum + szkolno-bojowy (centrum, szkolno-bojowe) in the sentence "
            "before; anchor: Belarus (Białorusi), Lithuania: the country this brief is about",
            "(dictionary forms centrum + szkolno-bojowy) in the sentence before, anchored by "
            "Belarus (“Białorusi”), Lithuania, the country this brief is about",
            "w poprzednim zdaniu, zakotwiczone przez: Białoruś („Białorusi”), Litwa, kraj, "
            "którego dotyczy analiza",
        ),
        (
            "border words zamknięcie + granica (zamknięciu, granicy); border Belarus (Białorusi)"
            " + Lithuania (Litwę); crossing open on 2026-03-23",
            "linked by the border words zamknięciu, granicy (dictionary forms zamknięcie + "
            "granica); border Belarus (“Białorusi”) – Lithuania (“Litwę”); crossing open on "
            "2026-03-23",
            "powiązane słowami o granicy zamknięciu, granicy (formy słownikowe zamknięcie + "
            "granica); granica Białoruś („Białorusi”) – Litwa („Litwę”); przejście otwarte w "
            "dniu 2026-03-23",
        ),
        (
            "border words wyjazd + ciężarówka (wyjazd, ciężarówek); border Belarus (Białorusi)"
            " + Lithuania: the country this brief is about; crossing no status known now",
            "crossing status unknown now",
            "przejście status nieznany obecnie",
        ),
        ("added by the analyst in review", "added by an analyst in review", "dodane przez"),
    ],
)
def test_cue_and_border_evidence_is_worded_in_the_interface_language(text, en, pl):
    assert en in evidence(text, "en")
    assert pl in evidence(text, "pl")


@pytest.mark.parametrize(
    "text",
    [
        "cue words centrum (centrum); anchor: ???",
        "border words a (b); border ; crossing somewhere",
        "cue words without an anchor",
        "added by hand",
    ],
)
def test_evidence_the_wording_does_not_know_is_left_as_it_is(text):
    assert evidence(text, "pl") == text


def test_the_seed_briefs_evidence_is_all_worded_in_polish(seeded_folder):
    """Every evidence text the seed briefs' mentions carry has a Polish wording."""
    from briefmap.store import Filters, Store

    s = Store(seeded_folder / "briefmap.sqlite")
    texts = {
        m["evidence"]
        for b in s.briefs()
        for m in s.mentions(Filters(include_rejected=True), brief_id=b["id"])
    }
    assert texts
    assert not [x for x in texts if evidence(x, "pl") == x]


# -- the excerpt card's tags ----------------------------------------------------------------
def card(lang: str, link: str, status: str) -> str:
    from ui.panel import excerpt_card

    return excerpt_card(
        {
            "excerpt": "Przejście w Kuźnicy zamknięto.",
            "excerpt_start": 0,
            "start": 12,
            "end": 19,
            "link": link,
            "evidence": "lemma: curated name 'Kuźnica'",
            "status": status,
            "review_note": "",
            "themes": [],
            "dates": [],
            "orig_start": 12,
            "orig_end": 19,
            "brief_id": "b",
            "title": "T",
            "language": "pl",
        },
        lang,
    )


@pytest.mark.parametrize(
    ("link", "status", "en", "pl"),
    [
        ("name", "reviewed", ">name</span> named", ">nazwa</span> nazwane"),
        ("cue", "rejected", ">cue</span> linked by cue", ">wskazówka</span> powiązane"),
    ],
)
def test_every_tag_of_an_excerpt_card_is_translated(link, status, en, pl):
    assert en in card("en", link, status) and "reviewed by an analyst" in card(
        "en", "name", "reviewed"
    )
    html = card("pl", link, status)
    assert pl in html and "dopasowana przez formę słownikową" in html
    assert t_status(status) in html
    assert f">{link}</span>" not in html


def t_status(status: str) -> str:
    return i18n.t(f"status_{status}", "pl")


def test_the_briefing_players_excerpts_word_the_evidence_in_the_language():
    from layers.briefing_player import _excerpt_fields

    m = {
        "excerpt": "Przejście w Kuźnicy zamknięto.",
        "excerpt_start": 0,
        "start": 12,
        "end": 19,
        "link": "name",
        "evidence": "lemma: curated name 'Kuźnica'",
        "title": "T",
        "language": "pl",
    }
    assert (
        "nazwane · dowód: nazwa „Kuźnica” z gazetera briefmap"
        in (_excerpt_fields(m, "pl")["evidence_html"])
    )
    assert "matched through its dictionary form" in _excerpt_fields(m, "en")["evidence_html"]
