"""The body of a DOCX read as a stream of XML tags: relationships, styles, paragraphs.

No tree is built: memory holds the text, time grows with the XML. The zip archive itself is
opened and checked (zip bombs) by ``briefmap.text.reading``.
"""

from __future__ import annotations

import posixpath
import zipfile

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_STYLES = "/styles"


def parse_xml(z: zipfile.ZipFile, part: str, target: object) -> object:
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
    target = parse_xml(z, rels_part, _Relationship(kind))
    if target is None:
        return None
    if target.startswith("/"):  # from the package's root
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


def main_part(z: zipfile.ZipFile) -> str | None:
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


def paragraph_styles(z: zipfile.ZipFile, main: str) -> tuple[dict[str, str | None], str]:
    """Style names by style id (None: not a paragraph style), the default paragraph style's."""
    folder, file = posixpath.split(main)
    part = _relationship(z, posixpath.join(folder, "_rels", file + ".rels"), _STYLES, folder)
    if part is None or part not in z.NameToInfo:
        return {}, ""
    return parse_xml(z, part, _Styles())


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


class Body:
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
