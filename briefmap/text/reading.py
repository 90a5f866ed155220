"""Read a brief file (.txt/.md, .html/.htm, .pdf, .docx) into text.

The text returned is the brief's *original* text: what every original offset indexes. For a
text file it is the file decoded (UTF-8, UTF-8/16/32 with a byte-order mark, else a legacy
code page such as Windows-1250 or ISO-8859-2) with line breaks turned into ``"\\n"`` and
nothing else changed; for HTML, PDF and DOCX it is the text extracted from the file.

Whatever goes wrong, the caller gets a ``BriefReadError`` (a ``ValueError``) whose message
is one line: ``"<file>: <what is wrong> — <what to do>"``; no library traceback escapes, and no
library prints anything of its own. What went right only in part (a legacy code page guessed, a
cut last character, a damaged PDF that could still be read) is said in *notes*: one-line
warnings appended to the ``notes`` list a caller passes, without the file name (the caller
prints ``"<file>: <note>"``).

A DOCX is a zip archive: it is refused before anything is inflated when its members would
unpack to more than ``MAX_UNZIPPED_BYTES`` or are compressed more than ``MAX_ZIP_RATIO`` to one
(as in a zip bomb), and its text is read from the XML as a stream of tags, no tree built, so
memory grows with the text and time with the XML, not with the paragraphs times the styles.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import logging
import os
import posixpath
import re
import stat
import threading
import unicodedata
import zipfile
from pathlib import Path

__all__ = [
    "MAX_BYTES",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_RATIO",
    "SUFFIXES",
    "BriefReadError",
    "printable_name",
    "read_bytes",
    "read_text",
]

#: Files larger than this are refused before they are read. Decimal megabytes, as the upload
#: widget counts them (Streamlit's ``server.maxUploadSize = 20`` in .streamlit/config.toml is
#: 20,000,000 bytes), so the page's limit and this one are the same number in the same unit.
MAX_BYTES = 20_000_000
#: A zip-based file (DOCX) whose members would unpack to more than this in total is refused
#: before anything is inflated. A long brief's XML is a few MB; 1 M short paragraphs ~50 MB.
MAX_UNZIPPED_BYTES = 128 * 1024 * 1024
#: ...and so is one whose members are compressed more than this to one (a zip bomb's XML is
#: ~1000:1; Word's XML 5-30:1). Checked for members, and the whole archive, over 1 MB unpacked.
MAX_ZIP_RATIO = 100
#: ...and one with more members than this (a DOCX has tens, a few hundred with many images).
MAX_ZIP_MEMBERS = 10_000
_RATIO_GRACE = 1024 * 1024

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
#: The file kinds a brief can come in.
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}

_SAVE_AS = "save the brief as .txt, .pdf, .docx or .html and try again"
_UNSUPPORTED = {
    ".doc": "old Word (.doc) files are not supported",
    ".odt": "OpenDocument (.odt) files are not supported",
    ".rtf": "RTF files are not supported",
    ".pages": "Pages files are not supported",
    ".epub": "EPUB files are not supported",
    ".xls": "spreadsheets are not briefs",
    ".xlsx": "spreadsheets are not briefs",
    ".pptx": "presentations are not supported",
}
# Legacy code pages a Polish or English brief may plausibly be in (Cyrillic and Baltic ones
# for quotations); charset-normalizer's guess is only taken when it is one of these.
_LEGACY = (
    "cp1250",
    "iso8859_2",
    "cp1252",
    "iso8859_15",
    "cp1251",
    "iso8859_5",
    "cp1257",
    "iso8859_13",
    "latin_1",
)
_POLISH = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_NEUTRAL = frozenset("°©®§±×•№€£$¥™¢¤µ¶·¬¦")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class BriefReadError(ValueError):
    """A brief file that cannot be read; ``str()`` is ``"<path>: <reason> — <what to do>"``.

    ``path`` is kept as given; the message shows it through ``printable_name``, so a newline
    or a terminal escape in a file name never splits or colours the line.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str, remedy: str = _SAVE_AS):
        self.path = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
        self.reason = _one_line(reason)
        self.remedy = _one_line(remedy)
        super().__init__(f"{printable_name(self.path)}: {self.reason} — {self.remedy}")

    def __reduce__(self):  # picklable despite the custom __init__
        return (type(self), (self.path, self.reason, self.remedy))


def printable_name(path: str | os.PathLike[str]) -> str:
    """``path`` as it may be printed on one line of a message.

    Unchanged when every character is printable; otherwise control and format characters are
    escaped as in Python (``\\n``, ``\\x1b``, ``\\u202e``), and the bytes of a name that is
    not UTF-8 (which Python carries as surrogates) as ``\\xNN``.
    """
    s = os.fsdecode(path)
    if s.isprintable():
        return s
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in s)


def _escape(ch: str) -> str:
    n = ord(ch)
    if 0xDC80 <= n <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode carries it
        return f"\\x{n - 0xDC00:02x}"
    return ch.encode("unicode_escape").decode("ascii")


def _one_line(s: str, limit: int = 300) -> str:
    s = printable_name(" ".join(str(s).split()))
    return s if len(s) <= limit else s[: limit - 1] + "…"


def read_text(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_BYTES,
    notes: list[str] | None = None,
) -> str:
    """Read the brief at ``path`` into its original text (see the module docstring).

    Files over ``max_bytes`` are refused without being read. Raises ``BriefReadError``.
    Warnings about a file that could be read (an encoding guessed, a character cut, a damaged
    PDF) are appended to ``notes`` when it is given, one line each, without the file name.
    """
    p = Path(path)
    name = os.fspath(path)
    try:
        st = p.stat()
    except OSError as exc:
        raise _os_error(name, exc, "opened") from None
    except ValueError:  # a NUL character: no file can have such a name
        raise BriefReadError(
            name, "the path contains a NUL character", "check the path and the file name"
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise BriefReadError(name, "is a directory, not a file", "give the path of a brief file")
    if not stat.S_ISREG(st.st_mode):
        raise BriefReadError(name, "is not a regular file", "give the path of a brief file")
    _check_size(name, st.st_size, max_bytes)
    try:
        with p.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise _os_error(name, exc, "read") from None
    _check_size(name, len(data), max_bytes)
    return _extract(name, p.suffix.lower(), data, max_bytes, notes if notes is not None else [])


def _os_error(name: str, exc: OSError, doing: str) -> BriefReadError:
    """The one-line error for a file the system would not let us open or read."""
    if isinstance(exc, FileNotFoundError):
        return BriefReadError(name, "file not found", "check the path and the file name")
    if isinstance(exc, PermissionError):
        return BriefReadError(
            name, "permission denied", "make the file readable, or copy it somewhere readable"
        )
    if exc.errno == errno.ELOOP:
        return BriefReadError(
            name,
            "is a symbolic link that leads round in a loop",
            "point the link at the brief file itself (`ls -l` shows where each link leads), "
            "or give the path of the file",
        )
    if exc.errno == errno.ENOTDIR:
        return BriefReadError(name, "a part of the path is a file, not a folder", "check the path")
    if exc.errno == errno.ENAMETOOLONG:
        return BriefReadError(
            name, "the path is too long", "move or rename the file to give it a shorter path"
        )
    return BriefReadError(
        name, f"cannot be {doing} ({exc.strerror or exc})", "check the path, the file and the disk"
    )


def read_bytes(
    name: str,
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    notes: list[str] | None = None,
) -> str:
    """Read an uploaded brief: ``data`` is the file's content, ``name`` its file name.

    Same rules, errors and notes as ``read_text``; ``name`` picks the format and names the
    file in messages.
    """
    _check_size(name, len(data), max_bytes)
    return _extract(
        name, Path(name).suffix.lower(), bytes(data), max_bytes, notes if notes is not None else []
    )


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise BriefReadError(
            name,
            f"file is too large ({_size(size)}; the limit is {_size(max_bytes)})",
            "split the brief into smaller files, or raise reading.MAX_BYTES",
        )


def _size(n: int) -> str:
    """``n`` bytes in decimal units (1 MB = 1,000,000 bytes), as the upload widget says them."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1000:
        return f"{n / 1000:.1f} kB"
    return f"{n} bytes"


def _extract(name: str, suffix: str, data: bytes, max_bytes: int, notes: list[str]) -> str:
    if not data:
        raise BriefReadError(
            name, "file is empty", "export the brief again; there is nothing to map"
        )
    if suffix in _UNSUPPORTED:
        raise BriefReadError(name, _UNSUPPORTED[suffix], _SAVE_AS)
    head = data[:1024]
    if suffix == ".pdf":
        text = _pdf(name, data, notes)
    elif suffix == ".docx":
        text = _docx(name, data, max_bytes)
    elif suffix in HTML_SUFFIXES:
        text = _html(name, data, notes)
    else:  # a text file, or an unknown extension: the content decides
        if head.lstrip().startswith(b"%PDF-"):
            text = _pdf(name, data, notes)
        elif head.startswith(b"PK\x03\x04"):
            text = _docx(name, data, max_bytes)
        elif suffix not in TEXT_SUFFIXES and re.search(rb"<!doctype\s+html|<html[\s>]", head, re.I):
            text = _html(name, data, notes)
        else:
            text = _decode(name, data, notes)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SURROGATE.search(text):  # from a PDF's or DOCX's broken text strings: not encodable
        text = _SURROGATE.sub("\ufffd", text)
        notes.append(
            "some characters of the text are broken (lone UTF-16 halves) and are shown as �"
            " — export the brief again from its source"
        )
    if not text.strip():
        raise BriefReadError(
            name,
            "contains no text" + (" (a scanned PDF?)" if suffix == ".pdf" else ""),
            "supply a version with a text layer (run OCR on a scan), or a text export",
        )
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


# -- text ------------------------------------------------------------------------------------

#: How a legacy code page is named in a note.
_LEGACY_LABELS = {
    "cp1250": "Windows-1250",
    "iso8859_2": "ISO-8859-2",
    "cp1252": "Windows-1252",
    "iso8859_15": "ISO-8859-15",
    "cp1251": "Windows-1251",
    "iso8859_5": "ISO-8859-5",
    "cp1257": "Windows-1257",
    "iso8859_13": "ISO-8859-13",
    "latin_1": "ISO-8859-1",
}
_RESAVE = "re-save the file as UTF-8 (in a text editor: Save as… › Encoding: UTF-8)"


def _decode(name: str, data: bytes, notes: list[str], declared: str | None = None) -> str:
    """Decode text bytes: byte-order mark, UTF-8, ``declared``, damaged UTF-8, legacy code page.

    Anything short of clean UTF-8 (with or without a byte-order mark) or the declared encoding
    is said in a note: UTF-8 with a cut last character or a few foreign bytes (each shown as
    U+FFFD), or the legacy code page guessed.
    """
    for bom, enc, label in (
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
        (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise BriefReadError(
                    name,
                    f"starts with a {label} byte-order mark but is not valid {label}",
                    "re-save the file as UTF-8",
                ) from None
    if _looks_binary(data):
        raise BriefReadError(name, "is a binary file, not text", _SAVE_AS)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    damaged = _damaged_utf8(data, first_error)
    if damaged is not None:
        text, note = damaged
        notes.append(note)
        return text
    guessed = _decode_legacy(data)
    if guessed is None:
        raise BriefReadError(name, "the text encoding could not be recognised", _RESAVE)
    text, enc = guessed
    notes.append(
        f"the text is not UTF-8: read as {_LEGACY_LABELS.get(enc, enc)} (a guess)"
        f" — if letters look wrong, {_RESAVE}"
    )
    return text


def _damaged_utf8(data: bytes, first_error: UnicodeDecodeError) -> tuple[str, str] | None:
    """``data`` read as the UTF-8 it evidently is despite a flaw, with the note saying so.

    A cut last character (all before it valid, and not all ASCII) or a few bytes that are not
    UTF-8 among more UTF-8 letters (three per bad byte) are shown as U+FFFD; else None: a
    legacy code page is likelier (Polish in Windows-1250 has next to no valid UTF-8 sequences).
    """
    if first_error.end == len(data) and first_error.reason == "unexpected end of data":
        head = data[: first_error.start].decode("utf-8")  # valid: the first error is at the end
        if not head.isascii():
            return head + "\ufffd", (
                "the file ends in the middle of a character (cut short?): read as UTF-8, with"
                " the incomplete last character shown as � — check that the file is complete"
            )
        return None
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if bad > 0 and non_ascii - bad >= 3 * bad:
        return text, (
            f"{bad} byte{'s are' if bad > 1 else ' is'} not valid UTF-8 (another encoding mixed"
            f" in?): read as UTF-8, with each shown as � — {_RESAVE}"
        )
    return None


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:8192]
    controls = sum(1 for b in sample if (b < 32 and b not in (9, 10, 12, 13, 26, 27)) or b == 127)
    return controls > 0.02 * len(sample)


def _decode_legacy(data: bytes) -> tuple[str, str] | None:
    """The most plausible legacy decoding of ``data`` (favouring Polish) and its codec; None."""
    candidates: list[str] = []
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:500_000]).best()
        if best is not None:
            enc = codecs.lookup(best.encoding).name.replace("-", "_")
            known = {codecs.lookup(e).name.replace("-", "_"): e for e in _LEGACY}
            if enc in known:
                candidates.append(known[enc])
    except Exception:  # a detector failure leaves the fixed candidates
        pass
    candidates += [e for e in ("cp1250", "iso8859_2") if e not in candidates]
    best, best_score = None, None
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text[:200_000])
        if score is not None and (best_score is None or score > best_score):
            best, best_score = (text, enc), score
    return best


def _plausibility(text: str) -> float | None:
    """How much ``text`` looks like a correctly decoded brief; None: it does not at all."""
    expected = unexpected = junk = 0
    visible = 0
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        visible += 1
        if ch < "\x80":
            if ch < " " or ch == "\x7f":
                junk += 1
            continue
        cat = unicodedata.category(ch)
        if "\x80" <= ch <= "\x9f" or cat[0] == "C":
            return None  # C1 control characters never occur in real text
        if ch in _POLISH:
            near = text[i - 1 : i] + text[i + 1 : i + 2]
            expected += any(c.isalpha() for c in near)
        elif "\u0400" <= ch <= "\u04ff":
            expected += 1
        elif cat[0] == "L":
            unexpected += 1
        elif (cat[0] == "S" or cat == "No") and ch not in _NEUTRAL:
            junk += 1
    if visible and junk > 0.05 * visible:
        return None
    return expected - 2 * unexpected - 5 * junk


# -- HTML ------------------------------------------------------------------------------------

_BLOCKS_LIST = (
    "address article aside blockquote caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre "
    "section summary table tbody thead tfoot tr ul"
)
_BLOCKS = frozenset(_BLOCKS_LIST.split())
_HIDDEN = (
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "svg",
    "canvas",
    "iframe",
    "object",
    "button",
    "select",
)


def _html(name: str, data: bytes, notes: list[str]) -> str:
    m = _META_CHARSET.search(data[:4096])
    markup = _decode(name, data, notes, m.group(1).decode("ascii", "replace") if m else None)
    try:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(markup, "html.parser")
        for tag in soup(_HIDDEN):
            tag.decompose()
        for tag in soup.find_all(attrs={"hidden": True}):
            tag.decompose()
        out: list[str] = []
        _render(soup, out, pre=False)
    except RecursionError:
        raise BriefReadError(name, "the HTML is nested too deeply to read", _SAVE_AS) from None
    except Exception as exc:
        raise BriefReadError(
            name, f"the HTML cannot be parsed ({type(exc).__name__}: {exc})", _SAVE_AS
        ) from None
    lines = [" ".join(ln.split()) for ln in "".join(out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def _render(node, out: list[str], pre: bool) -> None:
    from bs4.element import CData, NavigableString, Tag

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString or isinstance(child, CData):
                s = str(child)
                out.append(s if pre else re.sub(r"[ \t\n\r\f]+", " ", s))
        elif isinstance(child, Tag):
            tag = child.name
            if tag == "br":
                out.append("\n")
            elif tag in ("td", "th"):
                _render(child, out, pre)
                out.append(" ")
            elif tag == "li":  # a bullet, as a browser shows it: each item is a paragraph
                out.append("\n\n• ")
                _render(child, out, pre)
                out.append("\n\n")
            elif tag in _BLOCKS:
                out.append("\n\n")
                _render(child, out, pre or tag == "pre")
                out.append("\n\n")
            else:
                _render(child, out, pre)


# -- PDF -------------------------------------------------------------------------------------


class _LibraryWarnings(logging.Handler):
    """Takes the warnings pypdf logs, so that they become notes instead of stray lines.

    Installed once on the ``pypdf`` logger: with a handler there, Python's last-resort
    handler no longer prints them on stderr (they still propagate to an application's own
    logging). Each thread collects only its own, so concurrent readers keep theirs apart.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        sink = getattr(self._local, "sink", None)
        if sink is not None:
            with contextlib.suppress(Exception):  # a malformed log call must not break reading
                sink.append(record.getMessage())

    def collect(self, sink: list[str] | None) -> None:
        self._local.sink = sink


_PYPDF_WARNINGS = _LibraryWarnings()
_PYPDF_INSTALL = threading.Lock()


def _pypdf_warnings() -> _LibraryWarnings:
    with _PYPDF_INSTALL:
        logger = logging.getLogger("pypdf")
        if _PYPDF_WARNINGS not in logger.handlers:
            logger.addHandler(_PYPDF_WARNINGS)
    return _PYPDF_WARNINGS


def _pdf(name: str, data: bytes, notes: list[str]) -> str:
    if b"%PDF-" not in data[:1024]:
        raise BriefReadError(
            name, "is not a PDF (no %PDF header)", "check the file, or save the brief as PDF again"
        )
    warnings: list[str] = []
    handler = _pypdf_warnings()
    handler.collect(warnings)
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                raise BriefReadError(
                    name,
                    "the PDF is encrypted (password-protected)",
                    "remove the password protection (e.g. print to a new PDF) and try again",
                )
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
    except BriefReadError:
        raise
    except Exception as exc:
        raise BriefReadError(
            name,
            f"the PDF is damaged or cannot be parsed ({type(exc).__name__}: {exc})",
            "export the PDF again from its source, or supply a text version",
        ) from None
    finally:
        handler.collect(None)
    if warnings:
        said = list(dict.fromkeys(_one_line(w, 120) for w in warnings))
        more = f" (and {len(said) - 3} more)" if len(said) > 3 else ""
        notes.append(
            f"the PDF is damaged but could be read (the PDF reader says: {'; '.join(said[:3])}"
            f"{more}); some text may be missing — export the PDF again from its source"
        )
    # A page break is a possible paragraph break; the normaliser rejoins sentences across it.
    return "\n\n".join(pages) + "\n"


# -- DOCX ------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_STYLES = "/styles"
_RESAVE_DOCX = "open the brief in Word or LibreOffice and save it as .docx again"


def _docx(name: str, data: bytes, max_chars: int = MAX_BYTES) -> str:
    """The text of a DOCX, as python-docx would give it, read without python-docx.

    Paragraphs of the body and of its tables (each merged cell once, nested tables in place)
    in document order, blank ones dropped, joined by a blank line; a paragraph with
    numbering or a "List…" style starts with "• ". A paragraph's text is that of its runs
    and hyperlinks' runs (``w:t``; ``w:tab``/``w:ptab`` as a tab; ``w:br``/``w:cr`` as a line
    break; ``w:noBreakHyphen`` as "-"). The XML is read as a stream of tags, no tree built,
    the styles once: memory holds the text, time grows with the XML. A text longer than
    ``max_chars`` (as a text file is limited to ``MAX_BYTES``) is refused as it grows.
    """
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BriefReadError(
            name,
            "is an old Word (.doc) or password-protected document, not a .docx",
            "open it in Word or LibreOffice, remove any password and save it as .docx",
        )
    try:
        with _open_zip(name, data) as z:
            main = _main_part(z)
            if main is None:
                raise BriefReadError(
                    name,
                    "is a zip archive but not a Word document (no word/document.xml)",
                    "open the brief in Word or LibreOffice and save it as .docx",
                )
            body = _Body(*_paragraph_styles(z, main), lambda: _flush(name, body, max_chars))
            _parse(z, main, body)
            _flush(name, body, max_chars)
    except BriefReadError:
        raise
    except Exception as exc:
        raise BriefReadError(
            name, f"is not a valid .docx ({type(exc).__name__}: {exc})", _RESAVE_DOCX
        ) from None
    return "\n\n".join(c for c in body.chunks if c) + "\n"


def _flush(name: str, body: _Body, max_chars: int) -> None:
    """Move the paragraphs read, joined, to the body's chunks (fewer, larger strings take less
    memory than a million small ones); refuse a text grown past ``max_chars``."""
    if body.paragraphs:
        body.chunks.append("\n\n".join(body.paragraphs))
        body.paragraphs.clear()
        body.length += len(body.chunks[-1]) + 2
    if body.length > max_chars:
        raise BriefReadError(
            name,
            f"the document's text is longer than {_size(max_chars)} (the limit for a brief)",
            "split the brief into smaller files, or raise reading.MAX_BYTES",
        )


def _open_zip(name: str, data: bytes) -> zipfile.ZipFile:
    """The zip archive in ``data``, refused before anything is inflated when it would unpack
    to more than ``MAX_UNZIPPED_BYTES``, compresses more than ``MAX_ZIP_RATIO`` to one, or has
    more than ``MAX_ZIP_MEMBERS`` members (counted from the central directory's signatures
    before ``zipfile`` builds an entry for each).

    The sizes are those the archive declares: ``zipfile`` never inflates a member past its
    declared size (it stops there, and the checksum then fails), so they bound the work.
    """
    remedy = (
        "if the document is genuine, open it in Word or LibreOffice and save it again"
        " (or raise reading.{})"
    )
    if data.count(b"PK\x01\x02") > MAX_ZIP_MEMBERS:
        raise BriefReadError(
            name,
            f"the archive has more than {MAX_ZIP_MEMBERS:,} members (a DOCX has tens)",
            remedy.format("MAX_ZIP_MEMBERS"),
        )
    z = zipfile.ZipFile(io.BytesIO(data))
    try:
        members = z.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise BriefReadError(
                name,
                f"the archive has {len(members):,} members (a DOCX has tens;"
                f" the limit is {MAX_ZIP_MEMBERS:,})",
                remedy.format("MAX_ZIP_MEMBERS"),
            )
        total = sum(m.file_size for m in members)
        packed = sum(m.compress_size for m in members)
        if total > MAX_UNZIPPED_BYTES:
            raise BriefReadError(
                name,
                f"the archive would unpack to {_size(total)} (the limit is"
                f" {_size(MAX_UNZIPPED_BYTES)}), far more than any brief: a zip bomb?",
                remedy.format("MAX_UNZIPPED_BYTES"),
            )
        parts = [(m.file_size, m.compress_size, printable_name(m.filename)) for m in members]
        for size, packed_size, what in [*parts, (total, packed, "the archive")]:
            ratio = size / max(packed_size, 1)
            if size > _RATIO_GRACE and ratio > MAX_ZIP_RATIO:
                raise BriefReadError(
                    name,
                    f"{what} is compressed {ratio:,.0f} to 1 ({_size(packed_size)} unpacking to"
                    f" {_size(size)}; the limit is {MAX_ZIP_RATIO} to 1), as in a zip bomb",
                    remedy.format("MAX_ZIP_RATIO"),
                )
    except BaseException:
        z.close()
        raise
    return z


def _parse(z: zipfile.ZipFile, part: str, target: object) -> object:
    """Feed the XML ``part`` of ``z`` to an lxml parser ``target`` (its ``start``, ``end``,
    ``data`` and ``close`` methods), a chunk at a time: no tree is built. ``close()``'s value."""
    from lxml import etree

    # No DTD, no entities, no network: a DOCX needs none of them (no XXE, no billion laughs).
    parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True, load_dtd=False)
    with z.open(part) as xml:
        while chunk := xml.read(1 << 16):
            parser.feed(chunk)
    return parser.close()


class _Relationship:
    """lxml parser target: the target of the first relationship of a kind in a ``.rels``."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.target: str | None = None

    def start(self, tag: str, attrib: dict) -> None:
        if (
            self.target is None
            and tag == _REL
            and attrib.get("Type", "").endswith(self.kind)
            and attrib.get("TargetMode") != "External"
        ):
            self.target = attrib.get("Target", "")

    def close(self) -> str | None:
        return self.target


def _relationship(z: zipfile.ZipFile, rels_part: str, kind: str, base: str) -> str | None:
    """The part the first relationship of ``kind`` in ``rels_part`` targets, or None."""
    if rels_part not in z.NameToInfo:
        return None
    target = _parse(z, rels_part, _Relationship(kind))
    if target is None:
        return None
    if target.startswith("/"):  # from the package's root
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


def _main_part(z: zipfile.ZipFile) -> str | None:
    """The document part the package's relationships name (``word/document.xml`` usually)."""
    part = _relationship(z, "_rels/.rels", _OFFICE_DOCUMENT, "")
    if part in z.NameToInfo:
        return part
    return "word/document.xml" if "word/document.xml" in z.NameToInfo else None


class _Styles:
    """lxml parser target: each style's name by id (None: not a paragraph style; the first
    style of an id counts) and the default paragraph style's name (the last default)."""

    def __init__(self) -> None:
        self.names: dict[str, str | None] = {}
        self.default = ""
        self._depth = 0
        self._style: list | None = None  # [id, paragraph?, default?, name, depth] of the open one

    def start(self, tag: str, attrib: dict) -> None:
        self._depth += 1
        if tag == _W + "style" and self._depth == 2:
            self._style = [
                attrib.get(_W + "styleId", ""),
                attrib.get(_W + "type") == "paragraph",
                attrib.get(_W + "default") in ("1", "true", "on"),
                None,
            ]
        elif tag == _W + "name" and self._depth == 3 and self._style and self._style[3] is None:
            self._style[3] = attrib.get(_W + "val") or ""

    def end(self, tag: str) -> None:
        self._depth -= 1
        if self._depth == 1 and self._style is not None:
            style_id, paragraph, default, name = self._style
            self.names.setdefault(style_id, (name or "") if paragraph else None)
            if paragraph and default:
                self.default = name or ""
            self._style = None

    def close(self) -> tuple[dict[str, str | None], str]:
        return self.names, self.default


def _paragraph_styles(z: zipfile.ZipFile, main: str) -> tuple[dict[str, str | None], str]:
    """Style names by style id (None: not a paragraph style), the default paragraph style's."""
    folder, file = posixpath.split(main)
    part = _relationship(z, posixpath.join(folder, "_rels", file + ".rels"), _STYLES, folder)
    if part is None or part not in z.NameToInfo:
        return {}, ""
    return _parse(z, part, _Styles())


_P, _R, _T, _TC = _W + "p", _W + "r", _W + "t", _W + "tc"
_BR, _NUMPR, _PSTYLE, _VMERGE = _W + "br", _W + "numPr", _W + "pStyle", _W + "vMerge"
_TYPE, _VAL = _W + "type", _W + "val"
#: The parents under which python-docx reads each element of a body (a paragraph of the body
#: or of a table cell, not one in a text box or a content control; a run of the paragraph or
#: of its hyperlinks; …). An element elsewhere, and all inside it, is not read.
_READ_UNDER = {
    _W + "document": ("",),
    _W + "body": (_W + "document",),
    _P: (_W + "body", _TC),
    _W + "tbl": (_W + "body", _TC),
    _W + "tr": (_W + "tbl",),
    _TC: (_W + "tr",),
    _W + "tcPr": (_TC,),
    _W + "vMerge": (_W + "tcPr",),
    _W + "pPr": (_P,),
    _W + "numPr": (_W + "pPr",),
    _W + "pStyle": (_W + "pPr",),
    _W + "hyperlink": (_P,),
    _R: (_P, _W + "hyperlink"),
    _T: (_R,),
    _W + "br": (_R,),
    _W + "tab": (_R,),
    _W + "ptab": (_R,),
    _W + "cr": (_R,),
    _W + "noBreakHyphen": (_R,),
}
_READ = frozenset((parent, tag) for tag, parents in _READ_UNDER.items() for parent in parents)
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


class _Body:
    """lxml parser target: the text of the paragraphs python-docx reads in a document.

    Keeps a stack of the open elements (the tag of one that is read, else None) and the
    paragraph being read; each paragraph read that is not blank goes to ``paragraphs``
    (``flush`` is called every few thousand), with "• " when it is numbered or its style's
    name starts with "List".
    """

    def __init__(self, names: dict[str, str | None], default: str, flush) -> None:
        self.names, self.default, self.flush = names, default, flush
        self.paragraphs: list[str] = []
        self.chunks: list[str] = []
        self.length = 0
        self._open: list[str | None] = [""]
        self._parts: list[str] = []
        self._listed = False
        self._style: str | None = None

    def start(self, tag: str, attrib: dict) -> None:
        parent = self._open[-1]
        if parent is None or (parent, tag) not in _READ:
            self._open.append(None)
            return
        self._open.append(tag)
        if tag == _P:
            self._parts, self._listed, self._style = [], False, None
        elif tag in _RUN_TEXT:
            self._parts.append(_RUN_TEXT[tag])
        elif tag == _BR:
            if attrib.get(_TYPE, "textWrapping") == "textWrapping":
                self._parts.append("\n")  # a page or column break is no text
        elif tag == _NUMPR:
            self._listed = True
        elif tag == _PSTYLE:
            if self._style is None:
                self._style = attrib.get(_VAL, "")
        elif tag == _VMERGE and attrib.get(_VAL, "continue") == "continue":
            self._open[-3] = None  # the lower part of a merged cell: read with its top

    def end(self, tag: str) -> None:
        if self._open.pop() != _P:
            return
        text = "".join(self._parts)
        if not text.strip():
            return
        listed = self._listed
        if not listed:
            name = self.names.get(self._style) if self._style is not None else None
            listed = (name if name is not None else self.default).startswith("List")
        self.paragraphs.append("• " + text if listed else text)
        if len(self.paragraphs) >= 4096:
            self.flush()

    def data(self, text: str) -> None:
        if self._open[-1] == _T:
            self._parts.append(text)

    def close(self) -> None:
        return None
