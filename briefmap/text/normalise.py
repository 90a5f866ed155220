"""From a brief's extracted text to the clean text a person reads, with a character map back.

``normalise(original)`` returns ``(reading, offsets)``: ``offsets[i]`` is the index in
``original`` of the character ``reading[i]`` came from, and ``offsets`` has one more entry
than ``reading`` (the end of the last mapped character). Every reading character is a
character of ``original`` except:

* a joiner space that replaces a line break inside a paragraph: it maps to the ``"\\n"``
  ending the line before it (where that line is the text's last, to another ``"\\n"``);
* a space that stands for a run of whitespace inside a line (tabs, several spaces, a
  no-break space): it maps to the run's first space, else to its first whitespace character;
* the ``"\\n\\n"`` between paragraphs: each maps to a ``"\\n"`` of the original (to other
  whitespace only in a text without any newline, cut in two by a displaced block).

So for every ``i``: ``reading[i] == original[offsets[i]]``, or ``reading[i]`` is ``" "`` or
``"\\n"`` and ``original[offsets[i]]`` is whitespace.

Repairs, all of them conservative (when in doubt a line break becomes a space):

* stray whitespace at line starts and ends is dropped, runs inside a line become one space;
* lines broken by PDF columns are joined into paragraphs; a paragraph ends at a blank line
  (unless the text plainly runs on: the line before it has no final punctuation and the next
  starts in lower case — a page or column break), before a list item, after a short line
  ending a sentence when the next starts with a capital, and after a short heading line;
* hyphenation: ``"przy-\\nkład"`` becomes ``"przykład"``; ``"społeczno-\\ngospodarczej"``
  keeps its hyphen (an adjectival compound whose first part ends in -o); the Polish
  convention ``"amerykańsko-\\n-białoruskich"`` keeps one hyphen; a hyphen before a capital
  or a digit is kept (``"Ust-\\nŁudze"``); the text's own spellings decide first;
* lines that are nothing but a URL are dropped;
* blocks the extraction put in the wrong place (``displaced``) are moved to just after the
  first line (the title), as one paragraph, and the text around their old place is rejoined.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["normalise"]

_URL_LINE = re.compile(r"<?(?:https?://|www\.)\S+?>?")
_HYPHENS = "-\u2010"  # hyphen-minus, hyphen
_SOFT_HYPHEN = "\u00ad"
_INVISIBLE = frozenset("\u00ad\u200b\u2060\ufeff")  # dropped from the reading text
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'„“«(["
_FINAL = ".!?…"
# whitespace inside a line, with any invisible characters next to it: one space
_WS_RUN = re.compile(r"[\u00ad\u200b\u2060\ufeff]*(?:[^\S\n][\u00ad\u200b\u2060\ufeff]*)+")
_WORDS = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_LIST_ITEM = re.compile(r"(?:\d{1,2}[.)]|[a-z]\)|[IVX]{1,4}\.)\s+\S")
_BULLET = re.compile(r"[•▪●◦■►]\s*\S")
_DASH_ITEM = re.compile(r"[-–—]\s+\S")

# A split word whose first part ends in -o is nevertheless a hyphenated adjectival compound
# ("społeczno-gospodarczej", "polsko-litewskie") when the first part looks like an adjective
# stem and the second part like an inflected adjective.
_COMPOUND_STEM = re.compile(r"(?:sko|cko|zko|czno|cno|alno|rno|owo|nio|arczo)$")
_NOT_COMPOUND_STEMS = frozenset({"jedno", "wielo", "samo", "nowo", "biało"})
_ADJ_ENDING = re.compile(r"(?:y|i|a|e|ą|ego|ej|emu|ym|im|ych|ich|ymi|imi)$")

#: A line shorter than this share of the usual line length ends its paragraph when it ends
#: a sentence and the next line starts with a capital.
SHORT_LINE = 0.75
#: A one-line paragraph shorter than this share, with no final punctuation, is a heading.
HEADING_LINE = 0.6
#: The same, for the first line of the text (the title, when there is one).
TITLE_LINE = 0.85


@dataclass
class _Line:
    start: int  # content span in the original, whitespace stripped
    end: int
    nl: int  # index of a newline (or other whitespace) after the content; -1 if none
    soft: bool = False  # the line ends in a soft hyphen (stripped from the content)


@dataclass
class _Blank:
    nl: int


@dataclass
class _Para:
    chars: list[str] = field(default_factory=list)
    # machine integers, not a list of int objects: a 2 MB brief's map is 16 MB, not 90
    offs: array[int] = field(default_factory=lambda: array("q"))
    nlines: int = 0
    first: str = ""  # the text of its first line
    sep: tuple[int, int] = (-1, -1)  # where the "\n\n" after it maps to


def normalise(original: str, displaced: Iterable[Sequence[str]] = ()) -> tuple[str, array[int]]:
    """Return ``(reading, offsets)`` for ``original``; offsets index ``original``.

    ``displaced`` lists ``(first words, last words)`` of blocks the extraction put in the
    wrong place; each is found in ``original`` (whitespace between words may be any run of
    whitespace, line breaks included) and moved, as one paragraph, after the first line.
    Raises ``ValueError`` when a displaced block cannot be found.
    """
    spans = sorted(_find_block(original, first, last) for first, last in displaced)
    for (_, a_end), (b_start, _) in itertools.pairwise(spans):
        if b_start < a_end:
            raise ValueError("displaced blocks overlap")
    # Keep the caller's order for the moved blocks.
    order = [_find_block(original, first, last) for first, last in displaced]

    main, blocks = _items(original, spans)
    lines = [it for it in main if isinstance(it, _Line)]
    for b in blocks.values():
        lines += [it for it in b if isinstance(it, _Line)]
    width = _usual_width(original, lines)
    words = _spellings(original)

    paras = _assemble(original, main, width, words, title_break=bool(spans))
    moved: list[_Para] = []
    for span in order:
        moved += _assemble(original, blocks[span], width, words, one_paragraph=True)
    if moved and paras:
        paras = paras[:1] + moved + paras[1:]
    elif moved:
        paras = moved

    chars: list[str] = []
    offs: array[int] = array("q")
    last: _Para | None = None
    for p in paras:
        if not p.chars:
            continue
        if last is not None:
            chars += ["\n", "\n"]
            offs.extend(last.sep)
        chars += p.chars
        offs += p.offs
        p.chars, p.offs = [], array("q")  # freed as soon as copied
        last = p
    offs.append(offs[-1] + 1 if offs else 0)
    return "".join(chars), offs


def _find_block(original: str, first: str, last: str) -> tuple[int, int]:
    def pattern(phrase: str) -> re.Pattern[str]:
        words = phrase.split()
        if not words:
            raise ValueError("a displaced block needs its first and last words")
        return re.compile(r"\s+".join(re.escape(w) for w in words))

    m1 = pattern(first).search(original)
    if not m1:
        raise ValueError(f"displaced block starting {first!r} is not in the text")
    m2 = pattern(last).search(original, m1.start())
    if not m2:
        raise ValueError(f"displaced block ending {last!r} is not in the text after {first!r}")
    return m1.start(), m2.end()


def _items(
    original: str, spans: list[tuple[int, int]]
) -> tuple[list[_Line | _Blank], dict[tuple[int, int], list[_Line | _Blank]]]:
    """Split ``original`` into lines and blank lines: those outside ``spans``, and those in.

    Where a block is cut out, the main sequence gets a blank (a gap) that later joins the
    text around it like a page break: one sentence when it plainly runs on.
    """
    main: list[_Line | _Blank] = []
    blocks: dict[tuple[int, int], list[_Line | _Blank]] = {s: [] for s in spans}
    gapped: set[tuple[int, int]] = set()

    def owner(pos: int) -> tuple[int, int] | None:
        for s in spans:
            if s[0] <= pos < s[1]:
                return s
        return None

    pos = 0
    n = len(original)
    while pos <= n:
        nl = original.find("\n", pos)
        end = n if nl < 0 else nl
        # cut the line where blocks start and end
        cuts = sorted({pos, end} | {c for s in spans for c in s if pos < c < end})
        pieces = [(a, b) for a, b in itertools.pairwise(cuts)] or [(pos, end)]
        had_content = False
        for a, b in pieces:
            s, e = _strip(original, a, b)
            if s >= e:
                continue
            soft = original[s:b].rstrip().endswith(_SOFT_HYPHEN)
            had_content = True
            if _URL_LINE.fullmatch(original, s, e):
                continue
            who = owner(s)
            # what a joiner or separator after the piece maps to: the line's newline, else
            # (last line) another newline of the text
            after = nl if nl >= 0 else _last_newline(original, s)
            line = _Line(s, e, after, soft)
            if who is None:
                main.append(line)
            else:
                if who not in gapped:
                    gapped.add(who)
                    main.append(_Blank(_last_newline(original, who[0])))
                blocks[who].append(line)
        if not had_content:
            who = owner(pos)
            (main if who is None else blocks[who]).append(_Blank(nl))
        if nl < 0:
            break
        pos = nl + 1
    return main, blocks


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    """The span ``[a, b)`` without whitespace and invisible characters at its ends."""
    while a < b and (text[a].isspace() or text[a] in _INVISIBLE):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in _INVISIBLE):
        b -= 1
    return a, b


def _last_newline(text: str, pos: int) -> int:
    """A whitespace position to map a separator to when there is no newline after a line:
    the last newline before ``pos``, else the first after it, else any whitespace."""
    i = text.rfind("\n", 0, pos)
    if i < 0:
        i = text.find("\n", pos)
    if i < 0:
        m = re.search(r"\s", text)
        i = m.start() if m else max(pos - 1, 0)
    return i


def _usual_width(original: str, lines: list[_Line]) -> float:
    lengths = sorted(ln.end - ln.start for ln in lines)
    if not lengths:
        return 0.0
    return float(lengths[min(len(lengths) - 1, int(len(lengths) * 0.8))])


def _spellings(original: str) -> set[str]:
    """Words as the text spells them within a line, lower-cased (hyphenated ones whole)."""
    return set(_WORDS.findall(original.lower()))


def _lead(text: str) -> str:
    """The first letter or digit of a line, past opening quotes and brackets."""
    t = text.lstrip(_OPENERS)
    return t[:1]


def _ends_sentence(text: str) -> bool:
    t = text.rstrip(_CLOSERS)
    return bool(t) and t[-1] in _FINAL


def _word_hyphen(text: str) -> bool:
    """True when the line ends in a hyphen attached to a word ("przy-"), not a dash (" -")."""
    return len(text) >= 2 and text[-1] in _HYPHENS and text[-2].isalpha()


def _keeps_hyphen(stem: str, cont: str, words: set[str]) -> bool:
    """Whether ``stem-`` at a line end and ``cont`` on the next line form one hyphenated word."""
    s, c = stem.lower(), cont.lower()
    joined, hyphenated = s + c, f"{s}-{c}"
    if hyphenated in words and joined not in words:
        return True
    if joined in words and hyphenated not in words:
        return False
    return (
        len(s) >= 5
        and s not in _NOT_COMPOUND_STEMS
        and _COMPOUND_STEM.search(s) is not None
        and len(c) >= 5
        and not c.startswith(("ść", "ści"))
        and _ADJ_ENDING.search(c) is not None
    )


def _is_break(prev: str, nxt: str, blank: bool, cur: _Para, width: float, first: bool) -> bool:
    """Whether a paragraph ends between line ``prev`` and line ``nxt``."""
    lead = _lead(nxt)
    if blank:
        # A blank line ends a paragraph unless the sentence plainly runs on across it.
        tail = prev.rstrip(_CLOSERS)[-1:]
        runs_on = lead.islower() and not (_ends_sentence(prev) or (tail and tail in ":;"))
        return not runs_on
    if _BULLET.match(nxt):
        return True
    if _LIST_ITEM.match(nxt) and (_ends_sentence(prev) or prev.endswith((":", ";"))):
        return True
    if _DASH_ITEM.match(nxt) and (
        prev.endswith((":", ";")) or (_ends_sentence(prev) and _DASH_ITEM.match(cur.first))
    ):
        return True
    if not (lead.isupper() or lead.isdigit()):
        return False
    short = len(prev) < SHORT_LINE * width
    if _ends_sentence(prev):
        return short
    heading = (
        cur.nlines == 1
        and _lead(prev)[:1].isupper()
        and prev[-1] not in ",;:-–—(\u2010"
        and len(prev) < (TITLE_LINE if first else HEADING_LINE) * width
    )
    return heading


def _emit(original: str, line: _Line, para: _Para, skip: int = 0) -> None:
    start, _ = _strip(original, line.start + skip, line.end)
    pos = start
    for m in _WS_RUN.finditer(original, start, line.end):
        run = m.group()
        if run == " ":
            continue  # a plain space stays as it is
        _emit_chars(original, pos, m.start(), para)
        sp = run.find(" ")
        if sp < 0:
            sp = next(i for i, c in enumerate(run) if c.isspace())
        para.chars.append(" ")
        para.offs.append(m.start() + sp)
        pos = m.end()
    _emit_chars(original, pos, line.end, para)
    if para.nlines == 0:
        para.first = original[line.start : line.end]
    para.nlines += 1


def _emit_chars(original: str, a: int, b: int, para: _Para) -> None:
    if not _INVISIBLE_RE.search(original, a, b):
        para.chars.extend(original[a:b])
        para.offs.extend(range(a, b))
        return
    for i in range(a, b):
        c = original[i]
        if c not in _INVISIBLE:
            para.chars.append(c)
            para.offs.append(i)


def _assemble(
    original: str,
    items: list[_Line | _Blank],
    width: float,
    words: set[str],
    *,
    title_break: bool = False,
    one_paragraph: bool = False,
) -> list[_Para]:
    """Join a sequence of lines and blanks into paragraphs."""
    paras: list[_Para] = []
    cur: _Para | None = None
    prev: _Line | None = None
    blank: int | None = None  # newline of the first blank line since ``prev``
    first_line = True
    for item in items:
        if isinstance(item, _Blank):
            if prev is not None and blank is None:
                blank = item.nl
            continue
        nxt = original[item.start : item.end]
        if cur is None or prev is None:
            cur = _Para()
            _emit(original, item, cur)
            prev, blank = item, None
            continue
        before = original[prev.start : prev.end]
        skip = 0
        if prev.soft:
            pass  # the soft hyphen is not emitted: the word continues
        elif _word_hyphen(before):
            if nxt[:1] in _HYPHENS:
                skip = 1  # "amerykańsko-" / "-białoruskich": one hyphen
            elif nxt[:1].islower():
                stem = re.search(r"[^\W\d_]+(?=.$)", before)
                cont = re.match(r"[^\W\d_]+", nxt)
                s, c = (stem.group() if stem else ""), (cont.group() if cont else "")
                if not _keeps_hyphen(s, c, words):
                    cur.chars.pop()
                    cur.offs.pop()
        elif not one_paragraph and (
            (title_break and first_line)
            or _is_break(before, nxt, blank is not None, cur, width, first_line)
        ):
            cur.sep = (prev.nl, blank if blank is not None else prev.nl)
            paras.append(cur)
            cur = _Para()
            _emit(original, item, cur)
            prev, blank, first_line = item, None, False
            continue
        else:
            cur.chars.append(" ")
            cur.offs.append(prev.nl)
        _emit(original, item, cur, skip)
        prev, blank, first_line = item, None, False
    if cur is not None and prev is not None:
        cur.sep = (prev.nl, prev.nl)
        paras.append(cur)
    return paras
