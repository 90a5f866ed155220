"""Read a brief file (.txt/.md, .html/.htm, .pdf, .docx) into text.

The text returned is the brief's *original* text: what every original offset indexes. For a
text file it is the file decoded (UTF-8, UTF-8/16/32 with a byte-order mark, else a legacy
code page such as Windows-1250 or ISO-8859-2) with line breaks turned into ``"\\n"`` and
nothing else changed; for HTML, PDF and DOCX it is the text extracted from the file.

Whatever goes wrong, the caller gets a ``BriefReadError`` (a ``ValueError``) whose message
is one line: ``"<file>: <what is wrong> — <what to do>"``; no library traceback escapes.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import unicodedata
import zipfile
from pathlib import Path

__all__ = ["MAX_BYTES", "SUFFIXES", "BriefReadError", "read_bytes", "read_text"]

#: Files larger than this are refused before they are read.
MAX_BYTES = 20 * 1024 * 1024

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
    """A brief file that cannot be read; ``str()`` is ``"<path>: <reason> — <what to do>"``."""

    def __init__(self, path: str | os.PathLike[str], reason: str, remedy: str = _SAVE_AS):
        self.path = str(path)
        self.reason = _one_line(reason)
        self.remedy = _one_line(remedy)
        super().__init__(f"{self.path}: {self.reason} — {self.remedy}")

    def __reduce__(self):  # picklable despite the custom __init__
        return (type(self), (self.path, self.reason, self.remedy))


def _one_line(s: str, limit: int = 300) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """Read the brief at ``path`` into its original text (see the module docstring).

    Files over ``max_bytes`` are refused without being read. Raises ``BriefReadError``.
    """
    p = Path(path)
    name = str(path)
    try:
        st = p.stat()
    except OSError as exc:
        raise _os_error(name, exc, "opened") from None
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
    return _extract(name, p.suffix.lower(), data)


def _os_error(name: str, exc: OSError, doing: str) -> BriefReadError:
    """The one-line error for a file the system would not let us open or read."""
    if isinstance(exc, FileNotFoundError):
        return BriefReadError(name, "file not found", "check the path and the file name")
    if isinstance(exc, PermissionError):
        return BriefReadError(
            name, "permission denied", "make the file readable, or copy it somewhere readable"
        )
    return BriefReadError(
        name, f"cannot be {doing} ({exc.strerror or exc})", "check the path, the file and the disk"
    )


def read_bytes(name: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """Read an uploaded brief: ``data`` is the file's content, ``name`` its file name.

    Same rules and errors as ``read_text``; ``name`` picks the format and names the file in
    messages.
    """
    _check_size(name, len(data), max_bytes)
    return _extract(name, Path(name).suffix.lower(), bytes(data))


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise BriefReadError(
            name,
            f"file is too large ({_size(size)}; the limit is {_size(max_bytes)})",
            "split the brief into smaller files, or raise reading.MAX_BYTES",
        )


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} kB"
    return f"{n} bytes"


def _extract(name: str, suffix: str, data: bytes) -> str:
    if not data:
        raise BriefReadError(
            name, "file is empty", "export the brief again; there is nothing to map"
        )
    if suffix in _UNSUPPORTED:
        raise BriefReadError(name, _UNSUPPORTED[suffix], _SAVE_AS)
    head = data[:1024]
    if suffix == ".pdf":
        text = _pdf(name, data)
    elif suffix == ".docx":
        text = _docx(name, data)
    elif suffix in HTML_SUFFIXES:
        text = _html(name, data)
    else:  # a text file, or an unknown extension: the content decides
        if head.lstrip().startswith(b"%PDF-"):
            text = _pdf(name, data)
        elif head.startswith(b"PK\x03\x04"):
            text = _docx(name, data)
        elif suffix not in TEXT_SUFFIXES and re.search(rb"<!doctype\s+html|<html[\s>]", head, re.I):
            text = _html(name, data)
        else:
            text = _decode(name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BriefReadError(
            name,
            "contains no text" + (" (a scanned PDF?)" if suffix == ".pdf" else ""),
            "supply a version with a text layer (run OCR on a scan), or a text export",
        )
    return text


# -- text ------------------------------------------------------------------------------------


def _decode(name: str, data: bytes, declared: str | None = None) -> str:
    """Decode text bytes: byte-order mark, UTF-8, ``declared``, then a legacy code page."""
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
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    text = _decode_legacy(data)
    if text is None:
        raise BriefReadError(
            name,
            "the text encoding could not be recognised",
            "re-save the file as UTF-8 (in a text editor: Save as… › Encoding: UTF-8)",
        )
    return text


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:8192]
    controls = sum(1 for b in sample if (b < 32 and b not in (9, 10, 12, 13, 26, 27)) or b == 127)
    return controls > 0.02 * len(sample)


def _decode_legacy(data: bytes) -> str | None:
    """The most plausible legacy decoding of ``data`` (favouring Polish), or None."""
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
    best_text, best_score = None, None
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text[:200_000])
        if score is not None and (best_score is None or score > best_score):
            best_text, best_score = text, score
    return best_text


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


def _html(name: str, data: bytes) -> str:
    m = _META_CHARSET.search(data[:4096])
    markup = _decode(name, data, m.group(1).decode("ascii", "replace") if m else None)
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


def _pdf(name: str, data: bytes) -> str:
    if b"%PDF-" not in data[:1024]:
        raise BriefReadError(
            name, "is not a PDF (no %PDF header)", "check the file, or save the brief as PDF again"
        )
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
    # A page break is a possible paragraph break; the normaliser rejoins sentences across it.
    return "\n\n".join(pages) + "\n"


# -- DOCX ------------------------------------------------------------------------------------


def _docx(name: str, data: bytes) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BriefReadError(
            name,
            "is an old Word (.doc) or password-protected document, not a .docx",
            "open it in Word or LibreOffice, remove any password and save it as .docx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise BriefReadError(
                    name,
                    "is a zip archive but not a Word document (no word/document.xml)",
                    "open the brief in Word or LibreOffice and save it as .docx",
                )
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        # A merged cell is listed once per grid cell it spans; keeping the elements keeps ids valid.
        seen: dict[int, object] = {}

        def add(item) -> None:
            if isinstance(item, Table):
                for row in item.rows:
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen[id(cell._tc)] = cell._tc
                        for inner in cell.iter_inner_content():
                            add(inner)
            else:
                ppr = item._p.pPr
                listed = ppr is not None and ppr.numPr is not None
                style = item.style.name if item.style is not None else ""
                bullet = "• " if listed or style.startswith("List") else ""
                blocks.append(bullet + item.text if item.text.strip() else item.text)

        for item in document.iter_inner_content():
            add(item)
    except BriefReadError:
        raise
    except Exception as exc:
        raise BriefReadError(
            name,
            f"is not a valid .docx ({type(exc).__name__}: {exc})",
            "open the brief in Word or LibreOffice and save it as .docx again",
        ) from None
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"
