"""Reading brief files: what a user notices — the right letters, or one clear line of error."""

from __future__ import annotations

import io
import os
import pickle
import random
import re
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from briefmap.text import reading
from briefmap.text.reading import MAX_BYTES, BriefReadError, read_bytes, read_text

ROOT = Path(__file__).resolve().parent.parent

POLISH = (
    "Zażółć gęślą jaźń. Świętokrzyskie, Łódź, Źródła, Ąą.\n"
    "Białoruś i Litwa są sąsiadami; ścieżka przez Śląsk.\n"
)


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF whose text layer holds ``lines`` (ASCII, Helvetica)."""
    ops = ["BT /F1 12 Tf 72 720 Td 14 TL"]
    for line in lines:
        esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({esc}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def error_of(path: Path | str, **kw) -> BriefReadError:
    with pytest.raises(BriefReadError) as info:
        read_text(path, **kw)
    return info.value


def assert_one_line_naming(err: BriefReadError, name: str) -> None:
    msg = str(err)
    assert "\n" not in msg
    assert msg.startswith(f"{name}: ")
    assert " — " in msg  # "<file>: <reason> — <what to do>"
    assert err.reason and err.remedy


# -- text files: the right letters --------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1250", "iso8859_2"])
def test_polish_text_decodes_to_the_right_letters(tmp_path, encoding):
    path = write(tmp_path, "brief.txt", POLISH.encode(encoding))
    assert read_text(path) == POLISH  # no BOM left in the text either


def test_windows_1250_is_not_mistaken_for_another_code_page(tmp_path):
    # Bytes that differ between Windows-1250, ISO-8859-2 and Windows-1252: ą ś ź Ś Ź.
    text = "Rząd ścisłe źródło. Śląsk, Źle. " * 3
    path = write(tmp_path, "cp1250.md", text.encode("cp1250"))
    assert read_text(path) == text


def test_short_windows_1250_word(tmp_path):
    assert read_text(write(tmp_path, "w.txt", "Łódź".encode("cp1250"))) == "Łódź"


def test_newlines_are_normalised_and_nothing_else_changes(tmp_path):
    raw = "  Tytuł  \r\nPierwsza linia \r\rdruga\tlinia\n"
    path = write(tmp_path, "crlf.txt", raw.encode("utf-8"))
    assert read_text(path) == "  Tytuł  \nPierwsza linia \n\ndruga\tlinia\n"


def test_upload_reads_like_a_file():
    assert read_bytes("upload.txt", POLISH.encode("cp1250")) == POLISH


def test_unknown_extension_with_text_content_is_read(tmp_path):
    assert read_text(write(tmp_path, "brief.log", POLISH.encode("utf-8"))) == POLISH


# -- notes: what was read only in part is said ----------------------------------------------


def notes_of(path: Path | str, **kw) -> tuple[str, list[str]]:
    notes: list[str] = []
    return read_text(path, notes=notes, **kw), notes


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_text_has_no_notes(tmp_path, encoding):
    assert notes_of(write(tmp_path, "u.txt", POLISH.encode(encoding))) == (POLISH, [])


def test_utf8_with_a_cut_last_character_is_read_as_utf8_with_a_note(tmp_path):
    text = "Ciężarówki utknęły w Kłajpedzie i na granicy z Białorusią"
    path = write(tmp_path, "cut.txt", text.encode()[:-1])  # "ą" is two bytes: one is left
    read, notes = notes_of(path)
    assert read == text[:-1] + "\ufffd"  # not "KĹ‚ajpedzie"
    assert len(notes) == 1 and "middle of a character" in notes[0] and " — " in notes[0]
    # the rule needs UTF-8 before the cut: an ASCII text ending in a legacy letter is legacy
    read, notes = notes_of(
        write(tmp_path, "ascii.txt", b"Granica z Polska: " + "ó".encode("cp1250"))
    )
    assert read.endswith("ó") and "Windows-1250" in notes[0]


def test_a_few_foreign_bytes_in_utf8_are_shown_as_replacement_characters(tmp_path):
    utf8 = ("Ciężarówki utknęły w Kłajpedzie. " * 3).encode()
    read, notes = notes_of(write(tmp_path, "mixed.txt", utf8 + "Łódź".encode("cp1250")))
    assert read.startswith("Ciężarówki utknęły w Kłajpedzie.") and read.count("\ufffd") == 3
    assert "3 bytes are not valid UTF-8" in notes[0]


@pytest.mark.parametrize(
    ("encoding", "label"), [("cp1250", "Windows-1250"), ("iso8859_2", "ISO-8859-2")]
)
def test_a_legacy_code_page_is_reported(tmp_path, encoding, label):
    read, notes = notes_of(write(tmp_path, "legacy.txt", POLISH.encode(encoding)))
    assert read == POLISH
    assert len(notes) == 1 and f"read as {label}" in notes[0] and "UTF-8" in notes[0]


def test_a_declared_html_charset_is_no_guess(tmp_path):
    html = '<html><head><meta charset="windows-1250"></head><body><p>Śląsk</p></body></html>'
    assert notes_of(write(tmp_path, "d.html", html.encode("cp1250"))) == ("Śląsk\n", [])


def test_upload_notes_like_a_file():
    notes: list[str] = []
    assert read_bytes("upload.txt", POLISH.encode("cp1250"), notes=notes) == POLISH
    assert "Windows-1250" in notes[0]


def test_a_damaged_pdf_that_can_be_read_has_a_note_and_pypdf_prints_nothing(tmp_path, capfd):
    clean = write(tmp_path, "clean.pdf", make_pdf(["Troops moved to Grodno."]))
    assert notes_of(clean)[1] == []
    path = write(tmp_path, "cut.pdf", make_pdf(["Troops moved to Grodno."])[:-5])  # "%%EO"
    text, notes = notes_of(path)
    assert "Grodno" in text
    assert len(notes) == 1 and "damaged" in notes[0] and "EOF marker" in notes[0]
    out, err = capfd.readouterr()
    assert out == err == ""


def test_broken_characters_from_a_pdf_are_replaced_with_a_note(monkeypatch):
    monkeypatch.setattr(reading, "_pdf", lambda name, data, notes: "Grodno \ud800 Brześć\n")
    notes: list[str] = []
    assert read_bytes("x.pdf", b"%PDF-1.4", notes=notes) == "Grodno \ufffd Brześć\n"
    assert "broken" in notes[0]


# -- HTML ----------------------------------------------------------------------------------


def test_html_gives_visible_text_only(tmp_path):
    html = (
        "<!doctype html><html><head><title>Tab title</title>"
        "<style>p { color: red }</style><script>var city = 'Moskwa';</script></head>"
        "<body><h1>Białoruś i Rosja</h1><p>Wojska w <b>Grodnie</b> &amp; Brześciu.</p>"
        "<noscript>Włącz JavaScript</noscript><div hidden>ukryte</div>"
        "<script>document.write('Kijów')</script><!-- komentarz --><p>Drugi akapit</p>"
        "</body></html>"
    )
    text = read_text(write(tmp_path, "brief.html", html.encode("utf-8")))
    assert "Wojska w Grodnie & Brześciu." in text  # inline tags do not split the sentence
    assert "Białoruś i Rosja\n\nWojska" in text  # block elements are paragraphs
    for hidden in ("Moskwa", "Kijów", "color", "Tab title", "Włącz", "ukryte", "komentarz"):
        assert hidden not in text


def test_html_in_windows_1250_with_meta_charset(tmp_path):
    html = '<html><head><meta charset="windows-1250"></head><body><p>Śląsk i Łódź</p></body></html>'
    text = read_text(write(tmp_path, "brief.htm", html.encode("cp1250")))
    assert text.strip() == "Śląsk i Łódź"


def test_html_list_items_are_bulleted_paragraphs():
    html = b"<ul><li>pierwszy punkt</li><li>drugi <i>punkt</i></li></ul><p>Dalej.</p>"
    assert read_bytes("list.html", html) == "• pierwszy punkt\n\n• drugi punkt\n\nDalej.\n"


# -- PDF and DOCX --------------------------------------------------------------------------


def test_pdf_text_layer_is_read(tmp_path):
    path = write(tmp_path, "brief.pdf", make_pdf(["Troops moved to Grodno", "and Brest."]))
    text = read_text(path)
    assert "Troops moved to Grodno" in text and "Brest." in text


def test_pdf_is_recognised_by_content_without_extension():
    assert "Vilnius" in read_bytes("download", make_pdf(["Vilnius"]))
    assert "Vilnius" in read_bytes("misnamed.txt", make_pdf(["Vilnius"]))


def test_docx_list_paragraphs_are_bulleted():
    document = docx.Document()
    document.add_paragraph("Wnioski")
    document.add_paragraph("pierwszy punkt", style="List Bullet")
    document.add_paragraph("drugi punkt", style="List Number")
    buf = io.BytesIO()
    document.save(buf)
    text = read_bytes("lista.docx", buf.getvalue())
    assert text == "Wnioski\n\n• pierwszy punkt\n\n• drugi punkt\n"


def test_docx_paragraphs_and_tables_are_read(tmp_path):
    data = make_docx(
        ["Białoruś i Rosja", "Ćwiczenia Zapad w obwodzie grodzieńskim."],
        [["Miasto", "Kraj"], ["Wilno", "Litwa"]],
    )
    text = read_text(write(tmp_path, "brief.docx", data))
    assert text.startswith("Białoruś i Rosja\n\nĆwiczenia Zapad w obwodzie grodzieńskim.")
    assert "Wilno" in text and "Litwa" in text


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_body(body: str, *, prolog: str = "") -> bytes:
    """A Word document (python-docx's template) whose body is the XML ``body``."""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<w:document {W_NS}><w:body>{body}</w:body></w:document>"
    ).encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx(["x"]))) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in src.infolist():
            z.writestr(info, xml if info.filename == "word/document.xml" else src.read(info))
    return out.getvalue()


def paragraphs_xml(texts) -> str:
    return "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)


def prose(n_words: int, seed: int = 1) -> list[str]:
    """Sentences of random words (compresses like real text, about 3 to 1)."""
    rng = random.Random(seed)
    words = re.findall(r"\w+", POLISH) + [f"{rng.random():.6f}" for _ in range(200)]
    sentences = []
    while n_words > 0:
        sentences.append(" ".join(rng.choice(words) for _ in range(40)) + ".")
        n_words -= 40
    return sentences


def test_docx_runs_read_as_word_shows_them():
    body = (
        "<w:p><w:r><w:t>Granica</w:t><w:tab/><w:t>z Litwą</w:t><w:br/><w:t>druga linia</w:t>"
        '<w:br w:type="page"/><w:t>po stronie</w:t><w:noBreakHyphen/><w:t>x</w:t></w:r>'
        "<w:hyperlink><w:r><w:t> w Kłajpedzie</w:t></w:r></w:hyperlink></w:p>"
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Wnioski</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>   </w:t></w:r></w:p>"
        '<w:p><w:pPr><w:pStyle w:val="NoSuchStyle"/></w:pPr><w:r><w:t>Dalej.</w:t></w:r></w:p>'
    )
    text = read_bytes("runs.docx", docx_with_body(body))
    assert text == ("Granica\tz Litwą\ndruga liniapo stronie-x w Kłajpedzie\n\nWnioski\n\nDalej.\n")


def test_docx_merged_cells_once_and_nested_tables_in_place():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"komórka {r}{c}"
    table.cell(0, 0).merge(table.cell(0, 1))  # across
    table.cell(1, 2).merge(table.cell(2, 2))  # down
    table.cell(2, 0).add_table(rows=1, cols=1).cell(0, 0).text = "zagnieżdżona"
    document.add_paragraph("Po tabeli")
    buf = io.BytesIO()
    document.save(buf)
    paragraphs = read_bytes("tabela.docx", buf.getvalue()).rstrip("\n").split("\n\n")
    assert paragraphs == [
        "komórka 00",
        "komórka 01",
        "komórka 02",
        "komórka 10",
        "komórka 11",
        "komórka 12",
        "komórka 22",
        "komórka 20",
        "zagnieżdżona",
        "komórka 21",
        "Po tabeli",
    ]


def test_docx_main_part_is_found_through_its_relationship():
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx(["Wilno i Kowno"]))) as src,
        zipfile.ZipFile(out, "w") as z,
    ):
        for info in src.infolist():
            data = src.read(info)
            name = info.filename.replace("document.xml", "main.xml")
            if name == "_rels/.rels":
                data = data.replace(b"word/document.xml", b"word/main.xml")
            z.writestr(name, data)
    assert read_bytes("renamed.docx", out.getvalue()) == "Wilno i Kowno\n"


LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))


def test_docx_external_entities_are_never_fetched(tmp_path):
    secret = write(tmp_path, "secret.txt", b"SEKRET-1234")
    prolog = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    body = "<w:p><w:r><w:t>Grodno &xxe;</w:t></w:r></w:p>"
    # Word writes no entities: the reference is dropped, nothing is fetched
    assert read_bytes("xxe.docx", docx_with_body(body, prolog=prolog)) == "Grodno \n"


def test_docx_billion_laughs_are_never_expanded():
    prolog = f'<!DOCTYPE w:document [<!ENTITY l0 "lol">{LAUGHS}]>'
    body = "<w:p><w:r><w:t>Grodno</w:t></w:r></w:p><w:p><w:r><w:t>&l9;</w:t></w:r></w:p>"
    try:
        text = read_bytes("lol.docx", docx_with_body(body, prolog=prolog))
    except BriefReadError as err:  # libxml2 refuses the amplification outright
        assert_one_line_naming(err, "lol.docx")
    else:
        assert "lol" not in text


def test_docx_that_would_unpack_past_the_limit_is_refused_before_inflating(monkeypatch):
    data = docx_with_body(paragraphs_xml(prose(20_000)))
    assert "Akapit" not in read_bytes("sane.docx", data)  # read under the default limit

    def no_inflating(*args, **kwargs):
        raise AssertionError("a member was inflated")

    monkeypatch.setattr(reading, "MAX_UNZIPPED_BYTES", 100_000)
    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    monkeypatch.setattr(zipfile.ZipFile, "read", no_inflating)
    with pytest.raises(BriefReadError) as info:
        read_bytes("big.docx", data)
    assert_one_line_naming(info.value, "big.docx")
    assert "would unpack to" in info.value.reason and "limit" in info.value.reason
    assert "MAX_UNZIPPED_BYTES" in info.value.remedy


def test_docx_compressed_like_a_zip_bomb_is_refused_and_a_large_sane_one_read():
    bomb = docx_with_body(f"<w:p><w:r><w:t>{'a' * 3_000_000}</w:t></w:r></w:p>")
    assert len(bomb) < 60_000  # 3 MB of XML in a few kB
    with pytest.raises(BriefReadError) as info:
        read_bytes("bomb.docx", bomb)
    assert_one_line_naming(info.value, "bomb.docx")
    assert "word/document.xml is compressed" in info.value.reason
    assert "MAX_ZIP_RATIO" in info.value.remedy

    sane = docx_with_body(paragraphs_xml(prose(400_000)))  # ~3 MB of XML, as Word compresses
    text = read_bytes("sane.docx", sane)
    assert len(text) > 2_000_000 and text.count("\n\n") == 9_999


def test_docx_with_too_many_members_is_refused(monkeypatch):
    data = make_docx(["Wilno"])
    monkeypatch.setattr(reading, "MAX_ZIP_MEMBERS", 5)
    with pytest.raises(BriefReadError) as info:
        read_bytes("many.docx", data)
    assert "members" in info.value.reason and "MAX_ZIP_MEMBERS" in info.value.remedy
    monkeypatch.setattr(reading, "MAX_ZIP_MEMBERS", 100)
    assert read_bytes("many.docx", data) == "Wilno\n"


def test_docx_text_longer_than_a_brief_is_refused():
    data = make_docx(prose(30_000))
    limit = len(data) + 1000  # the file is under the limit; its text is not
    assert len(read_bytes("long.docx", data, max_bytes=3 * limit)) > limit
    with pytest.raises(BriefReadError) as info:
        read_bytes("long.docx", data, max_bytes=limit)
    assert_one_line_naming(info.value, "long.docx")
    assert "text is longer than" in info.value.reason


# -- every bad input: BriefReadError naming the file ----------------------------------------


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.txt"
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert "not found" in err.reason


def test_directory(tmp_path):
    err = error_of(tmp_path)
    assert_one_line_naming(err, str(tmp_path))
    assert "directory" in err.reason


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "empty.html"])
def test_empty_file(tmp_path, name):
    path = write(tmp_path, name, b"")
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert "empty" in err.reason


def test_whitespace_only_file_has_no_text(tmp_path):
    path = write(tmp_path, "blank.txt", b" \n\t\r\n  \n")
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert "no text" in err.reason


def test_html_without_visible_text(tmp_path):
    path = write(tmp_path, "s.html", b"<html><script>var a = 'Warszawa';</script></html>")
    assert "no text" in error_of(path).reason


def test_pdf_without_text_layer(tmp_path):
    w = PdfWriter()
    w.add_blank_page(200, 200)
    buf = io.BytesIO()
    w.write(buf)
    path = write(tmp_path, "scan.pdf", buf.getvalue())
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert "no text" in err.reason


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("brief.txt", b"Raport\x00\x01\x02 o Bia\x00\x00"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8),
        ("noext", bytes(range(256)) * 8),
    ],
)
def test_binary_file(tmp_path, name, data):
    path = write(tmp_path, name, data)
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert "binary" in err.reason


def test_undecodable_text(tmp_path):
    # 0x81, 0x90 and 0x98 mean nothing in Windows-1250/1251/1252 and are control
    # characters in the ISO-8859 code pages: no plausible decoding exists.
    path = write(tmp_path, "mangled.txt", b"Raport \x98\x81\x90 o sytuacji \x81\x98\x90. " * 20)
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert "encoding" in err.reason
    assert "UTF-8" in err.remedy


def test_broken_utf16(tmp_path):
    path = write(tmp_path, "u16.txt", b"\xff\xfeA\x00\x00\xd8")  # BOM, "A", lone surrogate
    assert "UTF-16" in error_of(path).reason


def test_truncated_pdf(tmp_path):
    data = make_pdf(["Troops moved to Grodno."])
    path = write(tmp_path, "cut.pdf", data[: len(data) // 2])
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert "PDF" in err.reason


def test_pdf_extension_on_something_else(tmp_path):
    path = write(tmp_path, "fake.pdf", b"Just some text pretending to be a PDF.\n")
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert "not a PDF" in err.reason


def test_encrypted_pdf(tmp_path):
    w = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf(["Secret troop movements"]))).pages:
        w.add_page(page)
    w.encrypt("secret", algorithm="RC4-128")
    buf = io.BytesIO()
    w.write(buf)
    path = write(tmp_path, "locked.pdf", buf.getvalue())
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert "encrypted" in err.reason
    assert "password" in err.reason + err.remedy


def test_zip_that_is_not_a_docx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "not a Word document")
    path = write(tmp_path, "brief.docx", buf.getvalue())
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert "Word" in err.reason


def test_docx_with_broken_content(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<not xml")
        z.writestr("word/document.xml", "<neither")
    path = write(tmp_path, "broken.docx", buf.getvalue())
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert ".docx" in err.reason


def test_docx_that_is_not_a_zip(tmp_path):
    path = write(tmp_path, "brief.docx", b"plain text with a .docx name")
    assert_one_line_naming(error_of(path), str(path))


def test_old_word_format_is_named(tmp_path):
    path = write(tmp_path, "brief.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    err = error_of(path)
    assert_one_line_naming(err, str(path))
    assert ".doc" in err.reason and ".docx" in err.remedy


def test_a_symbolic_link_loop_has_a_remedy(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    err = error_of(tmp_path / "a.txt")
    assert_one_line_naming(err, str(tmp_path / "a.txt"))
    assert "loop" in err.reason and "link" in err.remedy


def test_a_nul_in_the_path_is_a_clear_error():
    assert "NUL" in error_of("brief\0.txt").reason


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("brief\nevil.txt", "brief\\nevil.txt"),
        ("red\x1b[31m.txt", "red\\x1b[31m.txt"),
        ("right\u202etxt.exe", "right\\u202etxt.exe"),
        (os.fsdecode(b"bad\xff.txt"), "bad\\xff.txt"),
        ("Łódź i okolice.txt", "Łódź i okolice.txt"),  # printable: unchanged
    ],
)
def test_file_names_are_shown_on_one_printable_line(name, shown):
    err = BriefReadError(name, "file is empty", "try again")
    assert str(err) == f"{shown}: file is empty — try again"
    assert err.path == name
    assert reading.printable_name(name) == shown


def test_oversize_file_is_refused(tmp_path):
    path = write(tmp_path, "big.txt", b"a" * 101)
    err = error_of(path, max_bytes=100)
    assert_one_line_naming(err, str(path))
    assert "too large" in err.reason
    assert read_text(path, max_bytes=101) == "a" * 101


def test_oversize_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: takes no disk space

    def no_open(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_open)
    err = error_of(path)
    assert "too large" in err.reason and "20.0 MB" in err.reason


def test_oversize_upload_is_refused():
    with pytest.raises(BriefReadError, match=r"^upload\.pdf: file is too large"):
        read_bytes("upload.pdf", b"%PDF-" + b"0" * 100, max_bytes=50)


def test_upload_errors_name_the_upload():
    with pytest.raises(BriefReadError) as info:
        read_bytes("notatka.txt", b"")
    assert_one_line_naming(info.value, "notatka.txt")
    with pytest.raises(BriefReadError) as info:
        read_bytes("raport.pdf", make_pdf(["x"])[:200])
    assert_one_line_naming(info.value, "raport.pdf")


def test_error_is_a_value_error_and_survives_pickling():
    err = BriefReadError("a.txt", "file is empty", "try again")
    assert isinstance(err, ValueError)
    assert str(err) == "a.txt: file is empty — try again"
    copy = pickle.loads(pickle.dumps(err))
    assert str(copy) == str(err) and copy.path == "a.txt"


def test_library_messages_are_flattened_to_one_line():
    err = BriefReadError("b.pdf", "bad\nthing\r\nhere")
    assert str(err).startswith("b.pdf: bad thing here — ")


def test_supported_suffixes_are_declared():
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx"} <= reading.SUFFIXES


def test_the_uploaders_limit_is_the_readers_limit_in_the_same_unit():
    """The upload widget shows ``server.maxUploadSize`` as decimal megabytes ("20MB per file")
    and refuses larger files in the browser: the reader's own limit and its messages use the
    same number and unit, so a file the widget takes is never refused for its size after."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1_000_000 == MAX_BYTES
    with pytest.raises(BriefReadError, match=r"\(20\.0 MB; the limit is 20\.0 MB\)"):
        read_bytes("upload.txt", b"a" * (MAX_BYTES + 1))
