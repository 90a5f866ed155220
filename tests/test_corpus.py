"""The corpus: seed briefs loaded with their metadata, readable text and exact offsets."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from briefmap.model import Brief
from briefmap.text import corpus as corpus_module
from briefmap.text.corpus import (
    BRIEFS_DIR,
    METADATA_FILE,
    brief_file,
    detect_language,
    load_brief,
    load_corpus,
    load_metadata,
    title_label,
)
from briefmap.text.reading import BriefReadError

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


# -- briefs.toml validated entry by entry --------------------------------------------------

GOOD_TEXT = "Wojska rosyjskie ćwiczyły w Grodnie i pod Brześciem.\n"


def make_corpus(tmp_path: Path, entries: str, files: dict[str, str] | None = None) -> Path:
    """A corpus folder in ``tmp_path``: ``briefs.toml`` holding ``entries`` and brief files."""
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for name, text in (files if files is not None else {"ok.txt": GOOD_TEXT}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    toml = folder / "briefs.toml"
    toml.write_text(entries, encoding="utf-8")
    return toml


OK_ENTRY = '[[brief]]\nid = "ok"\nfile = "ok.txt"\nlanguage = "pl"\n'


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ('id = 7\nfile = "ok.txt"', "field 'id' = 7 is not text"),
        ('id = "a b/c"\nfile = "ok.txt"', "field 'id' = 'a b/c' may hold only letters"),
        ('file = "ok.txt"\nid = ".hidden"', "field 'id' = '.hidden' may hold only"),
        (
            'id = "bad"\nfile = "ok.txt"\nlanguage = "xx"',
            "field 'language' = 'xx' is not one of pl, en",
        ),
        ('id = "bad"\nfile = "ok.txt"\ndate_start = "2021-13-01"', "is not a date (YYYY-MM-DD)"),
        ('id = "bad"\nfile = "ok.txt"\ndate_start = "June 2021"', "is not a date (YYYY-MM-DD)"),
        (
            'id = "bad"\nfile = "ok.txt"\ndate_start = 2021-06-01\ndate_end = 2021-05-31',
            "date_end 2021-05-31 is before date_start 2021-06-01",
        ),
        ('id = "bad"\nfile = "ok.txt"\ntitle = 7', "field 'title' = 7 is not text"),
        ('id = "bad"\nfile = "ok.txt"\nurl = "javascript:alert(1)"', "is not an http(s) address"),
        ('id = "bad"\nfile = "ok.txt"\ntitle_is_descriptive = "yes"', "is not true or false"),
        ('id = "bad"\nfile = "ok.txt"\ndisplaced = ["x"]', "field 'displaced' is not a list"),
        ('id = "bad"', "no file given"),
        ('id = "bad"\nfile = 3', "field 'file' = 3 is not text"),
        ('id = "bad"\nfile = "../../etc/passwd"', "leads out of the folder of briefs.toml"),
        ('id = "bad"\nfile = "sub/../ok.txt"', "leads out of the folder of briefs.toml ('..')"),
        ('id = "bad"\nfile = "/etc/passwd"', "is an absolute path"),
        ('id = "bad"\nfile = "C:\\\\briefs\\\\ok.txt"', "is an absolute path"),
        ('id = "bad"\nfile = "ok\\n.txt"', "contains control characters"),
    ],
)
def test_a_bad_entry_is_skipped_and_said_in_one_line(tmp_path, fields, said):
    toml = make_corpus(tmp_path, f"[[brief]]\n{fields}\n\n{OK_ENTRY}")
    problems: list[str] = []
    briefs = load_corpus(metadata_file=toml, problems=problems)
    assert [b.id for b in briefs] == ["ok"]  # the rest is still loaded
    assert len(problems) == 1 and "\n" not in problems[0]
    assert problems[0].startswith(f"{toml}: brief ")
    assert said in problems[0] and problems[0].endswith(" — fix or remove the entry")
    with pytest.raises(ValueError, match=re.escape(said)):  # without a problems list: raises
        load_corpus(metadata_file=toml)


def test_the_problem_line_says_file_brief_field_and_what_to_do(tmp_path):
    toml = make_corpus(tmp_path, '[[brief]]\nid = "x"\nfile = "ok.txt"\nlanguage = "xx"\n')
    problems: list[str] = []
    assert load_metadata(toml, problems=problems) == {}
    assert problems == [
        f"{toml}: brief 'x': field 'language' = 'xx' is not one of pl, en — fix or remove the entry"
    ]


def test_a_sound_entry_passes_every_rule(tmp_path):
    toml = make_corpus(
        tmp_path,
        '[[brief]]\nid = "Brief_2024-05.v2"\nfile = "sub/one.txt"\nlanguage = "en"\n'
        'date_start = 2024-05-01\ndate_end = "2024-05-01"\ntitle = "T"\nurl = "https://x.pl/a"\n'
        'title_is_descriptive = false\nrelated = ["https://x.pl/b"]\n'
        'displaced = [{ first = "Wojska", last = "Grodnie" }]\n\n'
        '[[brief]]\nfile = "link.txt"\n',  # a link inside the folder; id from the file name
        {"sub/one.txt": GOOD_TEXT, "target.txt": GOOD_TEXT},
    )
    (toml.parent / "link.txt").symlink_to("target.txt")
    problems: list[str] = []
    briefs = load_corpus(metadata_file=toml, problems=problems)
    assert problems == []
    assert [b.id for b in briefs] == ["Brief_2024-05.v2", "link"]
    assert briefs[0].language == "en" and briefs[0].date_end == date(2024, 5, 1)


def test_a_twice_listed_id_keeps_the_first(tmp_path):
    toml = make_corpus(tmp_path, OK_ENTRY + '\n[[brief]]\nid = "ok"\nfile = "other.txt"\n')
    problems: list[str] = []
    assert list(load_metadata(toml, problems=problems)) == ["ok"]
    assert "listed twice (first as brief no. 1)" in problems[0]


def test_a_symlink_out_of_the_corpus_is_never_read(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Tajne: Mińsk.\n", encoding="utf-8")
    toml = make_corpus(tmp_path, OK_ENTRY + '\n[[brief]]\nid = "leak"\nfile = "leak.txt"\n')
    (toml.parent / "leak.txt").symlink_to(outside / "secret.txt")
    (toml.parent / "sneaky").symlink_to(outside)
    with toml.open("a", encoding="utf-8") as f:
        f.write('\n[[brief]]\nid = "via_dir"\nfile = "sneaky/secret.txt"\n')
    read: list[Path] = []
    real_read_text = corpus_module.read_text
    monkeypatch.setattr(
        corpus_module, "read_text", lambda p, **kw: read.append(Path(p)) or real_read_text(p, **kw)
    )
    problems: list[str] = []
    briefs = load_corpus(metadata_file=toml, problems=problems)
    assert [b.id for b in briefs] == ["ok"]
    assert read == [toml.parent / "ok.txt"]  # the secret was never opened
    assert len(problems) == 2
    assert all("leads out of the folder of briefs.toml" in p for p in problems)
    assert "brief 'leak'" in problems[0] and "brief 'via_dir'" in problems[1]


def test_an_unreadable_brief_is_a_problem_and_the_others_load(tmp_path):
    toml = make_corpus(
        tmp_path,
        OK_ENTRY + '\n[[brief]]\nid = "empty"\nfile = "empty.txt"\n'
        '\n[[brief]]\nid = "gone"\nfile = "missing.txt"\n'
        '\n[[brief]]\nid = "moved"\nfile = "ok.txt"\n'
        'displaced = [{ first = "Brak", last = "tego." }]\n',
        {"ok.txt": GOOD_TEXT, "empty.txt": ""},
    )
    problems: list[str] = []
    assert [b.id for b in load_corpus(metadata_file=toml, problems=problems)] == ["ok"]
    assert len(problems) == 3 and all("\n" not in p for p in problems)
    assert problems[0].startswith(f"{toml}: brief 'empty': ") and "file is empty —" in problems[0]
    assert "brief 'gone'" in problems[1] and "file not found —" in problems[1]
    assert "brief 'moved'" in problems[2] and "not in the text" in problems[2]
    with pytest.raises(BriefReadError, match="file is empty"):  # without a problems list
        load_corpus(metadata_file=toml)


def test_notes_of_the_corpus_name_their_file(tmp_path):
    toml = make_corpus(tmp_path, OK_ENTRY)
    (toml.parent / "ok.txt").write_bytes(GOOD_TEXT.encode("cp1250"))
    notes: list[str] = []
    assert load_corpus(metadata_file=toml, notes=notes)[0].original == GOOD_TEXT
    assert len(notes) == 1 and notes[0].startswith(
        f"{toml.parent / 'ok.txt'}: the text is not UTF-8"
    )


def test_the_seed_corpus_has_no_problems():
    problems: list[str] = []
    notes: list[str] = []
    assert len(load_corpus(problems=problems, notes=notes)) == 2
    assert problems == [] and notes == []


@pytest.mark.parametrize(
    "content",
    [
        b"[[brief]\n",
        b'[[brief]]\nfile = "a.txt"\nfile = "b.txt"\n',
        b'[[brief]]\nfile = "a.txt\n',
        b"[[brief]]\nfile = a.txt\n",
        b"[[brief]]\ndate_start = 2021-02-30\n",
        b'[[brief]]\ntitle = """never closed\n',
        b"[[brief]]\nx = 1\n[brief]\n",
        b'[[brief]]\nfile = "ok.txt"\n\x00\n',
        b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n",
        b'[[brief]]\nfile = "\xff\xfe.txt"\n',
        b'brief = "ok.txt"\n',
        b'[brief]\nfile = "ok.txt"\n',
    ],
)
def test_a_malformed_briefs_toml_is_one_line_even_with_a_problems_list(tmp_path, content):
    toml = make_corpus(tmp_path, "")
    toml.write_bytes(content)
    for problems in (None, []):
        with pytest.raises(ValueError) as info:
            load_corpus(metadata_file=toml, problems=problems)
        msg = str(info.value)
        assert msg.startswith(f"{toml}: ") and "\n" not in msg and " — " in msg
        assert not problems  # the whole file is unusable: nothing to skip, nothing to build
    if content == b"[[brief]\n":
        assert "line 1" in msg  # where, when the parser says


def test_a_missing_briefs_toml_is_one_line(tmp_path):
    with pytest.raises(ValueError, match=r"cannot be read \(file not found\) — check the path"):
        load_metadata(tmp_path / "nowhere.toml", problems=[])
    with pytest.raises(ValueError, match="cannot be read"):
        load_metadata(tmp_path)  # a folder


def test_a_briefs_toml_with_a_byte_order_mark_or_no_briefs_is_fine(tmp_path):
    toml = make_corpus(tmp_path, "")
    toml.write_bytes(b"\xef\xbb\xbf" + OK_ENTRY.encode())
    assert list(load_metadata(toml)) == ["ok"]
    toml.write_text("# no briefs yet\n", encoding="utf-8")
    assert load_metadata(toml) == {} and load_corpus(metadata_file=toml) == []


def test_brief_file_resolves_inside_its_folder_only(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert brief_file(tmp_path, "a.txt") == (tmp_path / "a.txt").resolve()
    for bad in ("../a.txt", "/etc/passwd", "x/../../a.txt"):
        with pytest.raises(ValueError):
            brief_file(tmp_path / "sub", bad)
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(ValueError, match="loop"):
        brief_file(tmp_path, "loop")
