"""Sentence spans of a reading text, for excerpts and for cue linking.

Offsets are into the text given. Paragraph breaks ("\\n\\n") always end a sentence; a full
stop ends one when the next word starts with a capital, a digit or a quote, unless the word
before it is an abbreviation that does not end sentences ("m.in.", "np.", "tys.", "nr",
initials). "r." and "br." do end sentences ("… w grudniu 2019 r. Białoruś nie zgodziła…").

A sentence is at most ``MAX_SENTENCE`` characters long: a longer stretch without a stop (a
list, a table flattened to text, a file with no punctuation) is cut at the last comma or
space before the limit. Every stage that reads a sentence (excerpts, cue links, flows,
themes) then costs time and memory in proportion to the text, not to its longest sentence.
"""

from __future__ import annotations

import re

_NO_END = {
    "m.in",
    "in",
    "np",
    "tzw",
    "ok",
    "nr",
    "św",
    "ul",
    "dr",
    "prof",
    "gen",
    "płk",
    "ks",
    "tj",
    "tys",
    "mln",
    "mld",
    "dol",
    "zł",
    "im",
    "zob",
    "por",
    "wlk",
    "płn",
    "pd",
    "wsch",
    "zach",
    "ang",
    "ros",
    "ur",
    "zm",
    "godz",
    "pkt",
    "art",
    "ust",
    "poz",
    "vs",
    "mr",
    "mrs",
    "st",
    "no",
    "e.g",
    "i.e",
    "cf",
    "jr",
    "sr",
    "prez",
    "min",
    "woj",
    "pow",
    "gm",
    "płd",
}
MAX_SENTENCE = 1000
_END = re.compile(
    r"[.!?…]+[\"”»)]*(?=\s+[\"„“«(]?[A-ZĄĆĘŁŃÓŚŹŻ0-9])"  # a stop, then a capital
    r"|\n\s*\n"  # a paragraph break
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` spans of the sentences of ``text``, stripped of spaces."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group().startswith("."):
            # the word before the stop (a bounded look-back: abbreviations are short)
            before = re.search(r"([\w.]+)$", text[max(start, m.start() - 12) : m.start()])
            word = before.group(1).lower() if before else ""
            if word in _NO_END or (len(word) == 1 and word.isalpha()):
                continue
        end = m.end() if not m.group().startswith("\n") else m.start()
        _push(text, start, end, spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = _cut(text, start, start + MAX_SENTENCE)
        _push(text, start, cut, spans)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end a piece of an over-long sentence: after the last comma or semicolon in
    the second half of ``text[start:limit]``, else at its last space, else at ``limit``."""
    half = start + (limit - start) // 2
    for stops in (",;", " \n\t"):
        k = max(text.rfind(c, half, limit) for c in stops)
        if k > start:
            return k + 1
    return limit


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The span containing ``offset`` (spans sorted, as returned by ``sentence_spans``)."""
    lo, hi = 0, len(spans) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s, e = spans[mid]
        if offset < s:
            hi = mid - 1
        elif offset >= e:
            lo = mid + 1
        else:
            return spans[mid]
    return (offset, offset)
