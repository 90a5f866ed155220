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

import contextlib
import errno
import io
import logging
import os
import re
import stat
import threading
import zipfile
from pathlib import Path

from briefmap.text.decoding import decode
from briefmap.text.docx_xml import Body, main_part, paragraph_styles, parse_xml
from briefmap.text.read_errors import SAVE_AS, BriefReadError, one_line, printable_name

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
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


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
        raise BriefReadError(name, _UNSUPPORTED[suffix], SAVE_AS)
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
            text = decode(name, data, notes)
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
    markup = decode(name, data, notes, m.group(1).decode("ascii", "replace") if m else None)
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
        raise BriefReadError(name, "the HTML is nested too deeply to read", SAVE_AS) from None
    except Exception as exc:
        raise BriefReadError(
            name, f"the HTML cannot be parsed ({type(exc).__name__}: {exc})", SAVE_AS
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
        said = list(dict.fromkeys(one_line(w, 120) for w in warnings))
        more = f" (and {len(said) - 3} more)" if len(said) > 3 else ""
        notes.append(
            f"the PDF is damaged but could be read (the PDF reader says: {'; '.join(said[:3])}"
            f"{more}); some text may be missing — export the PDF again from its source"
        )
    # A page break is a possible paragraph break; the normaliser rejoins sentences across it.
    return "\n\n".join(pages) + "\n"


# -- DOCX ------------------------------------------------------------------------------------

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
            main = main_part(z)
            if main is None:
                raise BriefReadError(
                    name,
                    "is a zip archive but not a Word document (no word/document.xml)",
                    "open the brief in Word or LibreOffice and save it as .docx",
                )
            body = Body(*paragraph_styles(z, main), lambda: _flush(name, body, max_chars))
            parse_xml(z, main, body)
            _flush(name, body, max_chars)
    except BriefReadError:
        raise
    except Exception as exc:
        raise BriefReadError(
            name, f"is not a valid .docx ({type(exc).__name__}: {exc})", _RESAVE_DOCX
        ) from None
    return "\n\n".join(c for c in body.chunks if c) + "\n"


def _flush(name: str, body: Body, max_chars: int) -> None:
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
