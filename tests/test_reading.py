"""Reading brief files: what a user notices — the right letters, or one clear line of error."""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from briefmap import reading
from briefmap.reading import MAX_BYTES, BriefReadError, read_bytes, read_text

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
