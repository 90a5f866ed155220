"""The corpus: seed briefs loaded with their metadata, readable text and exact offsets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from briefmap.corpus import (
    BRIEFS_DIR,
    METADATA_FILE,
    detect_language,
    load_brief,
    load_corpus,
    load_metadata,
    title_label,
)
from briefmap.model import Brief
from briefmap.reading import BriefReadError

SEED_000 = "000_79404beda8656f54"
SEED_003 = "003_6c1418ae19367fda"
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def corpus() -> dict[str, Brief]:
    return {b.id: b for b in load_corpus()}


# -- metadata ------------------------------------------------------------------------------


def test_metadata_lists_both_seeds_with_real_dates():
    meta = load_metadata()
    assert list(meta) == [SEED_000, SEED_003]
    for bid, m in meta.items():
        assert (BRIEFS_DIR / m["file"]).is_file()
        assert m["language"] == "pl"
        assert isinstance(m["date_start"], date)
        assert m["date_note"]
        assert "url" not in m or m["url"] == "" or m["url"].startswith("https://")
        assert bid == m["id"]
    assert meta[SEED_000]["date_end"] == date(2021, 9, 10)
    assert meta[SEED_003]["date_end"] is None


def test_seed_copies_are_byte_identical_to_the_shared_seeds():
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"{SHARED_SEEDS} is absent: nothing to compare the copies with")
    for m in load_metadata().values():
        ours = (BRIEFS_DIR / m["file"]).read_bytes()
        assert ours == (SHARED_SEEDS / m["file"]).read_bytes(), m["file"]


def test_malformed_metadata_is_a_clear_error(tmp_path):
    bad = tmp_path / "briefs.toml"
    bad.write_text('[[brief]]\nfile = "a.txt"\ndate_start = "June 2021"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not a date"):
        load_metadata(bad)
    bad.write_text("[[brief]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid TOML"):
        load_metadata(bad)
    bad.write_text('[[brief]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no file"):
        load_metadata(bad)


def test_id_defaults_to_the_file_stem_and_iso_strings_are_dates(tmp_path):
    toml = tmp_path / "briefs.toml"
    toml.write_text('[[brief]]\nfile = "x.txt"\ndate_start = "2024-05-01"\n', encoding="utf-8")
    assert load_metadata(toml) == {
        "x": {"file": "x.txt", "id": "x", "date_start": date(2024, 5, 1), "date_end": None}
    }


# -- the seed briefs -----------------------------------------------------------------------


def test_corpus_has_both_seeds_with_their_metadata(corpus):
    b0, b3 = corpus[SEED_000], corpus[SEED_003]
    assert b0.title == "Białoruś i Rosja. Przyspieszona integracja"
    assert not b0.title_is_descriptive
    assert b0.author == "Anna Maria Dyner"
    assert b0.publisher.startswith("Polski Instytut Spraw Międzynarodowych")
    assert (b0.date_start, b0.date_end) == (date(2021, 6, 1), date(2021, 9, 10))
    assert b0.reference_date == date(2021, 9, 10)

    assert b3.title == "Zakładnicy stosunków litewsko-białoruskich"
    assert b3.title_is_descriptive
    assert "section heading" in title_label(b3)
    assert title_label(b0) == b0.title
    assert b3.author == ""
    assert b3.publisher == "Instytut Europy Środkowej (IEŚ)"
    assert b3.date_start == date(2026, 3, 23) and b3.reference_date == date(2026, 3, 23)
    assert b3.url == "" and b0.url == ""  # not known: not invented
    for b in (b0, b3):
        assert b.language == "pl"
        assert b.original == (BRIEFS_DIR / f"{b.id}.txt").read_text(encoding="utf-8")


def test_000_title_is_its_first_line(corpus):
    b = corpus[SEED_000]
    assert b.reading.split("\n", 1)[0] == b.title
    assert b.original.split("\n", 1)[0].strip() == b.title


def test_000_starts_with_the_title_then_the_lead(corpus):
    reading = corpus[SEED_000].reading
    lead = reading.split("\n\n")[1]
    assert reading.startswith(
        "Białoruś i Rosja. Przyspieszona integracja\n\nW ciągu ostatnich kilku miesięcy"
    )
    assert lead.endswith("negatywne konsekwencje dla bezpieczeństwa regionalnego.")
    assert reading.count("W ciągu ostatnich kilku miesięcy") == 1
    assert reading.split("\n\n")[2].startswith("Programy integracyjne.")


def test_000_cut_sentence_reads_as_one(corpus):
    b = corpus[SEED_000]
    phrase = "do rozszerzenia współpracy z państwami NATO. Istotna"
    start = b.reading.index(phrase)
    # the excerpt still leads back to the original, across the lead and the URLs
    o_start, o_end = b.to_original(start, start + len(phrase))
    span = b.original[o_start:o_end]
    assert span.startswith("do rozszerzenia współpracy")
    assert span.endswith("z państwami NATO. Istotna")
    assert "W ciągu ostatnich" in span


@pytest.mark.parametrize("bid", [SEED_000, SEED_003])
def test_seed_reading_is_clean(corpus, bid):
    reading = corpus[bid].reading
    for para in reading.split("\n\n"):
        assert para and "\n" not in para  # no line breaks inside a paragraph
    assert "\n\n\n" not in reading
    assert "-\n" not in reading
    assert "http" not in reading and "www." not in reading and "pism.pl" not in reading
    assert "  " not in reading


@pytest.mark.parametrize(
    ("bid", "phrase"),
    [
        (SEED_000, "rozszerzenia współpracy z państwami NATO"),
        (SEED_000, "społeczno-gospodarczej"),
        (SEED_000, "białorusko-rosyjskich"),
        (SEED_000, "spośród wszystkich programów integracyjnych nieuzgodniony"),
        (SEED_003, "amerykańsko-białoruskich, a nie działań"),
        (SEED_003, "litewsko-białoruskich"),
        (SEED_003, "Wnioski\n\n1. Relacje litewsko-białoruskie"),
    ],
)
def test_seed_reading_contains(corpus, bid, phrase):
    assert phrase in corpus[bid].reading


@pytest.mark.parametrize("bid", [SEED_000, SEED_003])
def test_every_reading_character_maps_to_its_original_character(corpus, bid):
    b = corpus[bid]
    assert len(b.offsets) == len(b.reading) + 1
    joiners = 0
    for i, ch in enumerate(b.reading):
        src = b.original[b.offsets[i]]
        if ch == src:
            continue
        # the only exceptions: a space joining two lines, mapped to the newline it replaces
        assert ch == " " and src == "\n", (i, ch, src)
        joiners += 1
    assert joiners > 50  # (a seed has many PDF line breaks)


@pytest.mark.parametrize(
    ("bid", "word", "in_original"),
    [
        (SEED_000, "społeczno-gospodarczej", "społeczno-\ngospodarczej"),
        (SEED_003, "amerykańsko-białoruskich", "amerykańsko- \n-białoruskich"),
        (
            SEED_000,
            "Białoruś i Rosja. Przyspieszona integracja",
            "Białoruś i Rosja. Przyspieszona integracja",
        ),
    ],
)
def test_to_original_finds_the_words_in_the_file(corpus, bid, word, in_original):
    b = corpus[bid]
    start = b.reading.index(word)
    o_start, o_end = b.to_original(start, start + len(word))
    assert b.original[o_start:o_end] == in_original


# -- briefs outside the corpus -------------------------------------------------------------


def test_corpus_file_finds_its_metadata_without_being_told():
    b = load_brief(BRIEFS_DIR / f"{SEED_003}.txt")
    assert b.id == SEED_003 and b.title_is_descriptive and b.date_start == date(2026, 3, 23)


def test_brief_without_metadata(tmp_path):
    path = tmp_path / "note-on-ports.txt"
    path.write_text(
        "Baltic ports\nThe port of Klaipeda handles most of the potash exports, and the\n"
        "government is looking for other routes.\n",
        encoding="utf-8",
    )
    b = load_brief(path)
    assert b.id == "note-on-ports"
    assert b.language == "en"
    assert b.title == "Baltic ports" and b.title_is_descriptive
    assert b.date_start is None and b.publisher == ""
    assert load_brief(path, language="pl").language == "pl"


def test_brief_without_metadata_or_a_heading_is_labelled_by_its_file_name(tmp_path):
    path = tmp_path / "komentarz.txt"
    path.write_text("Wojska rosyjskie ćwiczyły na Białorusi w tym roku.\n", encoding="utf-8")
    b = load_brief(path)
    assert (b.title, b.title_is_descriptive, b.language) == ("komentarz", True, "pl")


def test_unreadable_brief_raises_brief_read_error(tmp_path):
    with pytest.raises(BriefReadError, match="empty"):
        (tmp_path / "empty.txt").write_bytes(b"")
        load_brief(tmp_path / "empty.txt")


def test_displaced_block_that_is_not_in_the_text_is_reported(tmp_path):
    path = tmp_path / "b.txt"
    path.write_text("Tytuł\nTekst.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not in the text"):
        load_brief(path, {"id": "b", "displaced": [{"first": "Brak", "last": "tego."}]})


def test_metadata_file_lives_with_the_briefs():
    assert METADATA_FILE.parent == BRIEFS_DIR and METADATA_FILE.name == "briefs.toml"


# -- language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Białoruś i Rosja zintensyfikowały rozmowy o warunkach dalszej integracji.", "pl"),
        ("Rosja chce kontroli nad tym państwem", "pl"),
        ("Belarus and Russia have intensified talks on the terms of further integration.", "en"),
        ("I think that is the point of the exercise.", "en"),
        ("Lithuania is a member of NATO and the EU", "en"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_every_seed_is_detected_as_polish(corpus):
    assert all(detect_language(b.reading) == "pl" for b in corpus.values())
