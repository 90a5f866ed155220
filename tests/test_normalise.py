"""The reading text: clean sentences for a person, and a map back to every original character."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefmap.text.corpus import BRIEFS_DIR, load_metadata
from briefmap.text.normalise import normalise


def check_map(original: str, reading: str, offsets: list[int]) -> int:
    """Assert the offsets contract; return how many reading characters are joiners.

    Every reading character is its original character, except a joiner space (mapped to
    whitespace it replaces) and a paragraph separator "\\n" (mapped to a newline).
    """
    assert len(offsets) == len(reading) + 1
    joiners = 0
    for i, ch in enumerate(reading):
        assert 0 <= offsets[i] < len(original), i
        src = original[offsets[i]]
        if ch == src:
            continue
        newline = src == "\n" or ("\n" not in original and src.isspace())
        assert (ch == " " and src.isspace()) or (ch == "\n" and newline), (
            f"reading[{i}]={ch!r} maps to original[{offsets[i]}]={src!r}"
        )
        joiners += 1
    if reading:
        assert offsets[-1] == offsets[-2] + 1
    return joiners


def norm(original: str, displaced=()) -> str:
    reading, offsets = normalise(original, displaced)
    check_map(original, reading, offsets)
    return reading


# -- lines and paragraphs ------------------------------------------------------------------


def test_stray_spaces_go_and_lines_join_into_a_paragraph():
    original = " Oba państwa rozpoczęły wtedy \nnegocjacje  porozumienia \n z Rosją.  \n"
    assert norm(original) == "Oba państwa rozpoczęły wtedy negocjacje porozumienia z Rosją."


def test_joiner_space_maps_to_the_newline_it_replaces():
    original = "Wojska rosyjskie\nna Białorusi.\n"
    reading, offsets = normalise(original)
    assert reading == "Wojska rosyjskie na Białorusi."
    i = reading.index(" na")
    assert original[offsets[i]] == "\n"
    assert offsets[i] == original.index("\n")


def test_blank_line_ends_a_paragraph():
    original = "Pierwszy akapit kończy się tutaj.\n\nDrugi akapit zaczyna się tu.\n"
    reading, offsets = normalise(original)
    assert reading == "Pierwszy akapit kończy się tutaj.\n\nDrugi akapit zaczyna się tu."
    sep = reading.index("\n\n")
    assert original[offsets[sep]] == "\n" and original[offsets[sep + 1]] == "\n"


def test_blank_line_inside_a_sentence_is_a_page_break_not_a_paragraph():
    original = "Zgodnie z informacjami spośród wszystkich programów \n\nintegracyjnych nic.\n"
    assert (
        norm(original) == "Zgodnie z informacjami spośród wszystkich programów integracyjnych nic."
    )


def test_numbered_list_items_start_paragraphs():
    original = (
        "Wnioski:\n1. Relacje litewsko-białoruskie są napięte.\n"
        "2. Znaczenie USA rośnie w regionie.\n"
    )
    assert norm(original) == (
        "Wnioski:\n\n1. Relacje litewsko-białoruskie są napięte.\n\n"
        "2. Znaczenie USA rośnie w regionie."
    )


def test_a_number_that_continues_a_sentence_is_not_a_list_item():
    original = (
        "Przedłużała się też kwestia wypłaty kredytu w wysokości\n"
        "1 mld dol., który obiecała Rosja. Umowę podpisano w\n"
        "20. rocznicę utworzenia Państwa Związkowego.\n"
    )
    assert "\n" not in norm(original)


def test_short_line_ending_a_sentence_before_a_capital_ends_the_paragraph():
    long = "To jest długa linia tekstu w kolumnie, pełnej szerokości tutaj"
    original = f"{long}\n{long}\n{long}\nkoniec akapitu.\nNowy akapit {long}\n{long}\n"
    reading = norm(original)
    assert "koniec akapitu.\n\nNowy akapit" in reading


def test_full_line_ending_a_sentence_does_not_end_the_paragraph():
    line = "W lutym rosyjskie media podkreślały, że oba państwa pracują"
    original = (
        f"{line}\nnad dalszym wzmacnianiem kooperacji w regionie, co ważne.\n"
        f"Białoruś i Rosja {line}\n"
    )
    assert "\n" not in norm(original)


def test_a_short_first_line_is_the_title():
    body = "Programy integracyjne. Powrót do rozmów o integracji po\n" * 3
    reading = norm(" Białoruś i Rosja. Przyspieszona integracja \n" + body)
    assert reading.startswith("Białoruś i Rosja. Przyspieszona integracja\n\nProgramy")


def test_a_full_first_line_is_not_a_title():
    original = (
        "Decyzje prezydenta dotyczące zgody na wyjazd litewskich ciężarówek zatrzymanych na\n"
        "Białorusi oraz zwolnienia więźniów politycznych były efektem negocjacji z USA.\n"
    )
    assert "\n" not in norm(original)


def test_bare_url_lines_are_dropped_but_text_urls_stay():
    original = (
        "Zobacz też analizę.\n https://www.pism.pl/publikacje/Unijne_sankcje\n"
        "www.example.org/raport\nWięcej na https://ies.lublin.pl w dziale.\n"
    )
    reading = norm(original)
    assert "pism.pl" not in reading and "example.org" not in reading
    assert "Więcej na https://ies.lublin.pl w dziale." in reading


def test_runs_of_spaces_inside_a_line_become_one():
    reading, offsets = normalise("Wilno  i\tMińsk")
    assert reading == "Wilno i Mińsk"
    check_map("Wilno  i\tMińsk", reading, offsets)


def test_empty_and_blank_text():
    reading, offsets = normalise("")
    assert (reading, list(offsets)) == ("", [0])  # offsets: an array of machine integers
    assert normalise(" \n\n \n")[0] == ""


def test_crlf_is_tolerated():
    original = "Pierwsza linia\r\ndruga linia.\r\n"
    assert norm(original) == "Pierwsza linia druga linia."


# -- hyphenation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("na przy-\nkład tak", "na przykład tak"),
        ("polityki przy-  \n kład", "polityki przykład"),
        (
            "sytuacji politycznej i społeczno-\ngospodarczej w",
            "sytuacji politycznej i społeczno-gospodarczej w",
        ),
        ("relacje polsko-\nlitewskie są", "relacje polsko-litewskie są"),
        (
            "efektem negocjacji amerykańsko- \n-białoruskich, a nie",
            "efektem negocjacji amerykańsko-białoruskich, a nie",
        ),
        ("porty w Ust-\nŁudze i", "porty w Ust-Łudze i"),
        ("pandemii COVID-\n19 w", "pandemii COVID-19 w"),
        ("Jedno-\ncześnie Litwa", "Jednocześnie Litwa"),
        ("kwestie narodowo-\nściowe są", "kwestie narodowościowe są"),
        ("nowo-\nczesny sprzęt", "nowoczesny sprzęt"),
        ("soft\u00ad\nhyphen", "softhyphen"),
        ("myślnik -\nnie dzielnik", "myślnik - nie dzielnik"),
        ("myślnik –\nnie dzielnik", "myślnik – nie dzielnik"),
    ],
)
def test_line_end_hyphens(original, expected):
    assert norm(original) == expected


def test_the_texts_own_spelling_decides_a_hyphen():
    # "well-known" is spelt with a hyphen elsewhere in the text; "cooperation" without.
    original = "a well-known fact and a well-\nknown place; co-\noperation, cooperation"
    assert norm(original) == "a well-known fact and a well-known place; cooperation, cooperation"


def test_hyphen_across_a_page_break_joins():
    assert norm("przy-\n\nkład") == "przykład"


def test_a_kept_hyphen_maps_to_the_original_hyphen():
    original = "negocjacji amerykańsko- \n-białoruskich"
    reading, offsets = normalise(original)
    i = reading.index("-")
    assert offsets[i] == original.index("-")
    assert reading[i + 1] == "b" and original[offsets[i + 1]] == "b"


# -- displaced blocks ----------------------------------------------------------------------

DISPLACED = (
    "Tytuł raportu\n"
    "Pierwszy akapit opisuje działania zmierzające do rozszerzenia współpracy \n"
    "\n"
    "Lead raportu mówi, że Rosja \n"
    "\n"
    "zintensyfikowała rozmowy.\n"
    " https://www.example.org/a\n"
    "https://www.example.org/b\n"
    " z państwami NATO. Dalsza część.\n"
)


def test_displaced_block_moves_after_the_title_and_the_sentence_is_rejoined():
    reading = norm(DISPLACED, [("Lead raportu", "zintensyfikowała rozmowy.")])
    assert reading == (
        "Tytuł raportu\n\n"
        "Lead raportu mówi, że Rosja zintensyfikowała rozmowy.\n\n"
        "Pierwszy akapit opisuje działania zmierzające do rozszerzenia współpracy "
        "z państwami NATO. Dalsza część."
    )


def test_displaced_block_words_may_be_split_across_lines():
    # "Rosja \n\nzintensyfikowała" in the text: any whitespace matches a space
    moved = norm(DISPLACED, [("Lead raportu mówi, że Rosja zintensyfikowała", "rozmowy.")])
    assert moved == norm(DISPLACED, [("Lead raportu", "zintensyfikowała rozmowy.")])


def test_displaced_block_may_start_inside_a_line():
    original = "Tytuł\nTekst zaczyna się tu LEAD: ważne zdanie. a kończy tutaj.\n"
    reading = norm(original, [("LEAD:", "zdanie.")])
    assert reading == "Tytuł\n\nLEAD: ważne zdanie.\n\nTekst zaczyna się tu a kończy tutaj."


def test_displaced_block_not_found_is_an_error():
    with pytest.raises(ValueError, match="not in the text"):
        normalise(DISPLACED, [("Nie ma takiego", "tekstu.")])


# -- the seed briefs -----------------------------------------------------------------------

SEEDS = {meta["id"]: (BRIEFS_DIR / meta["file"], meta) for meta in load_metadata().values()}


@pytest.fixture(scope="module", params=sorted(SEEDS))
def seed(request) -> tuple[str, str, str, list[int]]:
    path, meta = SEEDS[request.param]
    original = Path(path).read_text(encoding="utf-8")
    displaced = [(d["first"], d["last"]) for d in meta.get("displaced", [])]
    reading, offsets = normalise(original, displaced)
    return request.param, original, reading, offsets


def test_seed_offsets_map_every_character_precisely(seed):
    _id, original, reading, offsets = seed
    check_map(original, reading, offsets)
    # In the seeds (no tabs), every character that is not the original's is a joiner space
    # standing for a newline or a paragraph separator standing for a newline.
    for i, ch in enumerate(reading):
        if ch != original[offsets[i]]:
            assert ch == " " and original[offsets[i]] == "\n"


def test_seed_reading_has_clean_paragraphs(seed):
    _id, _original, reading, _offsets = seed
    assert reading == reading.strip()
    assert "\n\n\n" not in reading
    for para in reading.split("\n\n"):
        assert para and "\n" not in para and para == para.strip()
        assert "  " not in para
    assert "-\n" not in reading
    assert "http" not in reading and "www." not in reading


def test_seed_hyphenated_words_are_whole(seed):
    bid, original, reading, offsets = seed
    word = {"000": "społeczno-gospodarczej", "003": "amerykańsko-białoruskich"}[bid[:3]]
    i = reading.index(word)
    span = original[offsets[i] : offsets[i + len(word) - 1] + 1]
    assert span in ("społeczno-\ngospodarczej", "amerykańsko- \n-białoruskich")


# -- any input -----------------------------------------------------------------------------

PIECES = [
    "przy-",
    "kład",
    "społeczno-",
    "-białoruskich",
    "Rosja",
    "ma",
    "porty.",
    "1.",
    "•",
    "– ",
    "-",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\xa0",
    "\xad",
    "\u200b",
    "https://x.pl/a",
    "Wnioski",
    "(„",
    "”)",
    "Ust-",
    "Łudze",
    "?",
    ":",
    "a)",
]


def test_invisible_characters_at_line_ends_leave_no_stray_space():
    assert norm("porty.\n(„ \xad\n") == "porty. („"
    assert norm("Wilno \u200b i Mińsk") == "Wilno i Mińsk"


def test_any_mix_of_lines_keeps_the_contract():
    import random

    rng = random.Random(7)
    for _ in range(3000):
        original = "".join(
            rng.choice(PIECES) + rng.choice(["", " ", "\n"]) for _ in range(rng.randint(0, 25))
        )
        words = original.split()
        displaced = []
        if len(words) > 3 and rng.random() < 0.5:
            a = rng.randrange(len(words))
            displaced = [(words[a], words[rng.randrange(a, len(words))])]
        reading = norm(original, displaced)
        assert reading == reading.strip() and "\n\n\n" not in reading
        assert all("\n" not in p for p in reading.split("\n\n"))
