"""Text from briefs and data files, made safe for HTML: escaped, shortened, marked.

Everything a brief or a data file says reaches the page through these functions. They
escape first and add markup after, so no text can become markup. The escaped form is
also safe inside JavaScript template literals, where folium puts tooltip text: besides
``& < > " '`` it encodes the backtick, ``$`` and the backslash as character references.
"""

from __future__ import annotations

import html

_JS_TEMPLATE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def escape(text: object) -> str:
    """``text`` as HTML text: nothing in it can open a tag, an attribute or a JS expression."""
    return html.escape("" if text is None else str(text), quote=True).translate(_JS_TEMPLATE)


def marked(text: str, spans: list[tuple[int, int]], tag: str = "mark") -> str:
    """``text`` escaped, with each ``[start, end)`` span (offsets into ``text``) wrapped in
    ``<tag>``. Overlapping or out-of-range spans are clipped; the rest is escaped text."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        out.append(escape(text[pos:start]))
        out.append(f"<{tag}>{escape(text[start:end])}</{tag}>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def window(text: str, start: int, end: int, width: int = 240) -> tuple[str, int, int]:
    """At most about ``width`` characters of ``text`` around ``[start, end)``, cut at spaces
    with "…" where cut; returns the shortened text and the span's offsets in it."""
    if len(text) <= width:
        return text, start, end
    room = max(width - (end - start), 0)
    lo = max(0, start - room // 2)
    hi = min(len(text), end + room - (start - lo))
    lo = max(0, min(lo, hi - width))
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    return prefix + text[lo:hi] + suffix, start - lo + len(prefix), end - lo + len(prefix)
