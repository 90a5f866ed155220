"""What a brief file says about itself: its title, author, publisher, date and address.

Read from the file's own metadata where the format has some (PDF document information,
DOCX core and app properties, HTML ``<title>`` and ``<meta>``) and from its first line (a
Markdown heading, or a short first paragraph). Only what is there is returned; every
value is one line of plain text. Nothing here raises: a file whose properties cannot be
read simply has none (its text was read, and checked, by ``briefmap.text.reading``).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

from briefmap.text.months import MONTH_OF

#: The fields a file may give, with the label the page shows for where each came from.
FIELDS = ("title", "author", "publisher", "date_start", "url")
_MAX_PART = 1024 * 1024  # a properties part larger than this is not read
_JUNK_TITLE = re.compile(
    r"^(untitled|microsoft word|document\d*|dokument\d*|brak tytułu|title)\b|\.(docx?|pdf|odt)$",
    re.I,
)


#: Where a value was found (``found_properties``): the file's own properties, the text's
#: first line, or a line of the text that prints it.
ORIGINS = ("pdf", "docx", "html", "first_line", "printed")
_ORIGIN_SAID = {
    "pdf": "the PDF's properties",
    "docx": "the DOCX's properties",
    "html": "the HTML's <title> and <meta>",
    "first_line": "the first line",
}


def file_properties(name: str, data: bytes | None, reading: str) -> dict[str, str]:
    """The values of ``found_properties`` by field, and ``source``: where they came from,
    in English words ("the PDF's properties; printed in the text: 'Publikacja: 22.10.2025'")."""
    found = found_properties(name, data, reading)
    out = {k: value for k, (value, _, _) in found.items()}
    said = [
        _ORIGIN_SAID[o]
        for o in ORIGINS
        if o != "printed" and any(origin == o for _, origin, _ in found.values())
    ]
    printed = [f"'{words}'" for _, origin, words in found.values() if origin == "printed"]
    source = " and ".join(said)
    if printed:
        what = f"printed in the text: {', '.join(printed)}"
        source = f"{source}; {what}" if source else what
    if out:
        out["source"] = source
    return out


def found_properties(
    name: str, data: bytes | None, reading: str
) -> dict[str, tuple[str, str, str]]:
    """The metadata found in the brief file ``name`` (its bytes ``data``; None for pasted
    text) and in its reading text, each field (``title``, ``author``, ``publisher``,
    ``date_start`` as ISO, ``url``) as ``(value, origin, words)``: ``origin`` one of
    ``ORIGINS``, ``words`` the line of the reading text it was read from ("" for the file's
    own properties)."""
    suffix = Path(name).suffix.lower()
    props: dict[str, str] = {}
    origin = ""
    try:
        if data and (suffix == ".pdf" or data[:5] == b"%PDF-"):
            props, origin = _pdf(data), "pdf"
        elif data and (suffix == ".docx" or data[:4] == b"PK\x03\x04"):
            props, origin = _docx(data), "docx"
        elif data and suffix in (".html", ".htm", ".xhtml"):
            props, origin = _html(data), "html"
    except Exception:  # properties are a convenience: a file without readable ones has none
        props = {}
    found = {k: (_line(v), origin, "") for k, v in props.items() if v and _line(v)}
    if found.get("title") and _JUNK_TITLE.search(found["title"][0]):
        del found["title"]
    if "title" not in found:
        heading = first_line_title(reading)
        if heading:
            found["title"] = (heading, "first_line", heading)
    # A date or an author the brief prints ("Publikacja: 22.10.2025", "Author: …") is its
    # publication's; a file's creation date or account name often is not.
    for k, (value, words) in printed_properties(reading).items():
        found[k] = (value, "printed", words)
    return found


# Month names as a printed date spells them (the full stop after an abbreviation is optional
# in the pattern below, so forms are taken without it).
_MONTH = "|".join(
    re.escape(f) for f in sorted(MONTH_OF, key=len, reverse=True) if not f.endswith(".")
)
# A label a brief prints before its publication date or its author, at the start of a line.
_DATE_LABEL = (
    r"(?:publikacja|opublikowano|data publikacji|data|published(?: on)?|publication date|"
    r"date(?: of publication)?|posted(?: on)?)"
)
_AUTHOR_LABEL = r"(?i:autorzy|autorka|autor|oprac\.|opracowanie|authors?|written by|by)"
# The forms a printed date takes: 22.10.2025, 2025-10-22, 3 marca 2025, March 3, 2025.
_DATE_FORMS = (
    r"(?:(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    rf"|(?P<td>\d{{1,2}})\.?\s+(?P<tm>{_MONTH})\.?,?\s+(?P<ty>\d{{4}})"
    rf"|(?P<em>{_MONTH})\.?\s+(?P<ed>\d{{1,2}}),?\s+(?P<ey>\d{{4}})"
    r")"
)
_PRINTED_DATE = re.compile(rf"^[ \t]*{_DATE_LABEL}\s*:?\s*{_DATE_FORMS}", re.I | re.M)
# A line that is only a date, perhaps after the town it was written in ("Warszawa, 3 marca
# 2025 r."): a dateline, not a title (it is not taken for the publication's date: a letter
# or a report may be dated apart from its publication).
_TOWN = r"(?-i:[A-ZĄĆĘŁŃÓŚŹŻ][\w.-]*(?: [A-ZĄĆĘŁŃÓŚŹŻ][\w.-]*){0,2})"  # "Nowy Sącz"
_DATELINE = re.compile(rf"(?:{_TOWN},\s*)?{_DATE_FORMS}\s*(?:r\.?|roku)?", re.I)
_PRINTED_AUTHOR = re.compile(
    rf"^[ \t]*{_AUTHOR_LABEL}\s*:?\s+(?P<who>[A-ZĄĆĘŁŃÓŚŹŻ][\w.'’-]+(?:[ ,]+(?:and |i |oraz )?"
    r"[A-ZĄĆĘŁŃÓŚŹŻ][\w.'’-]+){1,7})[ \t]*$",
    re.M,
)
#: Where a brief prints its date and author: its head (and its foot, where some put them).
_HEAD, _FOOT = 3000, 1500


def printed_properties(reading: str) -> dict[str, tuple[str, str]]:
    """The publication date (``date_start``, ISO) and ``author`` a brief prints on a line of
    their own near its top or bottom ("Publikacja: 22.10.2025", "Published 3 March 2025",
    "Autor: Jan Kowalski"), each with the words it was read from."""
    parts = [reading[:_HEAD]]
    if len(reading) > _HEAD:
        parts.append(reading[max(_HEAD, len(reading) - _FOOT) :])
    out: dict[str, tuple[str, str]] = {}
    for part in parts:
        if "date_start" not in out and (m := _PRINTED_DATE.search(part)):
            when = _printed_date(m)
            if when:
                out["date_start"] = (when, _line(m.group(0)))
        if "author" not in out and (m := _PRINTED_AUTHOR.search(part)):
            out["author"] = (_line(m.group("who")).rstrip(" ,"), _line(m.group(0)))
    return out


def _printed_date(m: re.Match[str]) -> str:
    g = m.groupdict()
    if g["y"]:
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
    elif g["iy"]:
        y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["ty"]:
        y, mo, d = int(g["ty"]), MONTH_OF[g["tm"].lower()], int(g["td"])
    else:
        y, mo, d = int(g["ey"]), MONTH_OF[g["em"].lower()], int(g["ed"])
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return ""


def byline(line: str) -> bool:
    """Whether one line of a text is furniture of its head, never its title: a printed date
    ("Publikacja: 22.10.2025"), a dateline ("Warszawa, 3 marca 2025 r.") or an author line
    ("Autor: Jan Kowalski", "By Anna Nowak")."""
    line = line.strip()
    return bool(
        line
        and (
            _PRINTED_DATE.match(line)
            or _PRINTED_AUTHOR.match(line)
            or _DATELINE.fullmatch(line.rstrip(" ,;"))
        )
    )


def first_line_title(reading: str) -> str:
    """The first line of a text when it reads as a title: a Markdown heading, or a short
    line with no full stop that a blank line follows; else "". Date and author lines above
    it (``byline``) are passed over: "Publikacja: 22.10.2025" is not a title."""
    lines = reading.lstrip().split("\n")
    i = 0
    while i < min(len(lines), 8) and (not lines[i].strip() or byline(lines[i])):
        i += 1
    if i >= len(lines):
        return ""
    first = lines[i]
    md = re.match(r"#{1,6}\s+(.+?)\s*#*\s*$", first)
    if md:
        return _line(md.group(1))
    first = first.strip()
    blank_after = i + 1 < len(lines) and not lines[i + 1].strip()
    if 0 < len(first) <= 150 and blank_after and not first.endswith((".", ",", ";", ":")):
        return _line(first)
    return ""


def _line(value: object) -> str:
    return " ".join(str(value).split())[:300]


def _pdf(data: bytes) -> dict[str, str]:
    from pypdf import PdfReader

    info = PdfReader(io.BytesIO(data)).metadata or {}
    out = {
        "title": str(info.get("/Title") or ""),
        "author": str(info.get("/Author") or ""),
    }
    when = _pdf_date(str(info.get("/CreationDate") or ""))
    if when:
        out["date_start"] = when
    return out


def _pdf_date(value: str) -> str:
    m = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", value)
    if not m:
        return ""
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)).isoformat()
    except ValueError:
        return ""


def _docx(data: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = _part(z, "docProps/core.xml")
        app = _part(z, "docProps/app.xml")
    if core:
        out["title"] = _xml_field(core, "dc:title")
        out["author"] = _xml_field(core, "dc:creator")
        created = _xml_field(core, "dcterms:created")
        if re.match(r"\d{4}-\d{2}-\d{2}", created):
            out["date_start"] = created[:10]
    if app:
        out["publisher"] = _xml_field(app, "Company")
    return out


def _part(z: zipfile.ZipFile, name: str) -> str:
    try:
        info = z.getinfo(name)
    except KeyError:
        return ""
    if info.file_size > _MAX_PART:
        return ""
    with z.open(info) as fh:
        return fh.read(_MAX_PART).decode("utf-8", "replace")


def _xml_field(xml: str, tag: str) -> str:
    m = re.search(rf"<{tag}(?:\s[^>]*)?>(.*?)</{tag}>", xml, re.S)
    if not m:
        return ""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))


_HTML_META = {
    "title": ("citation_title", "dc.title", "og:title", "twitter:title"),
    "author": ("citation_author", "author", "dc.creator", "article:author"),
    "publisher": ("citation_publisher", "dc.publisher", "og:site_name", "publisher"),
    "date_start": (
        "citation_publication_date",
        "citation_date",
        "article:published_time",
        "dc.date",
        "date",
    ),
    "url": ("og:url", "citation_abstract_html_url"),
}


def _html(data: bytes) -> dict[str, str]:
    from bs4 import BeautifulSoup

    head = data[:_MAX_PART]
    cut = head.lower().find(b"</head>")
    if cut > 0:
        head = head[: cut + 7]
    soup = BeautifulSoup(head.decode("utf-8", "replace"), "html.parser")
    metas: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or "").strip().lower()
        if key and tag.get("content") and key not in metas:
            metas[key] = str(tag.get("content"))
    out: dict[str, str] = {}
    for field, keys in _HTML_META.items():
        for key in keys:
            if metas.get(key):
                out[field] = metas[key]
                break
    if "title" not in out and soup.title and soup.title.string:
        out["title"] = str(soup.title.string)
    canonical = soup.find("link", rel="canonical")
    if "url" not in out and canonical and canonical.get("href"):
        out["url"] = str(canonical.get("href"))
    if out.get("url") and not re.match(r"https?://\S+$", out["url"]):
        del out["url"]
    if out.get("date_start"):
        m = re.match(r"(\d{4})[-/](\d{2})[-/](\d{2})", out["date_start"])
        out["date_start"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""
    return out
