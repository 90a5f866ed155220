"""Where a sentence's clauses begin and end, for ``briefmap.analysis.frames``: at ``;`` and
parentheses, before a subordinator or relative word after a comma, before "after" with a
verb of its own, and where a comma, colon, dash or coordinator separates two finite verbs;
a verbless list after a colon or between dashes stays in its clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from briefmap.text.document import Document


class CutRules(Protocol):
    """The word lists a cut reads (``briefmap.analysis.frames`` rules have them)."""

    @property
    def split(self) -> frozenset[str]: ...
    @property
    def coordinators(self) -> frozenset[str]: ...
    @property
    def clause_prepositions(self) -> frozenset[str]: ...


_HARD_BREAK = re.compile(r"[;:()]|\s[–—-]\s")
#: A colon or a dash ends a clause only when what follows has its own verb: a verbless
#: list or apposition after it ("na trzech przejściach: Kuźnica…, Siemianówka…", "cztery
#: przejścia – w Sławatyczach, Połowcach – pozostają zamknięte") belongs to the clause.
_SOFT_BREAK = re.compile(r"^[^;()]*$")
_DASH = re.compile(r"\s[–—-]\s")


def cut_clauses(
    doc: Document,
    rules: CutRules,
    low: Callable[[int], str],
    finite: Callable[[int], bool],
    lo: int,
    hi: int,
) -> list[tuple[int, int]]:
    """Token ranges of the clauses of tokens ``lo:hi`` (see ``briefmap.analysis.frames``):
    ``low`` gives a token's lower-case form, ``finite`` whether it may be the verb."""
    text, toks = doc.text, doc.tokens
    pieces: list[tuple[int, int]] = []
    start = lo
    subordinate: set[int] = set()  # pieces opened by "after" with a verb of their own
    for i in range(lo + 1, hi):
        gap = text[toks[i - 1].end : toks[i].start]
        if low(i) in rules.clause_prepositions and _verb_follows(doc, finite, i, hi):
            subordinate.add(i)
        elif not (_HARD_BREAK.search(gap) or "," in gap or low(i) in rules.coordinators):
            continue
        pieces.append((start, i))
        start = i
    pieces.append((start, hi))
    # Merge: a piece is its own clause when it opens with a subordinator or a relative
    # word, or when it has its own finite verb and the clause so far has one too.
    # A verbless piece opened by "i"/"and" after a clause with a verb is held apart
    # while the pieces after it (up to a dash or comma) may bring its verb ("…will be
    # closed and passage through the other — at Medininkai — will be restricted"); only
    # pieces after a dash may, and if none does, it was a list and goes back to the
    # clause before.
    clauses: list[list[int]] = []
    held = False  # is clauses[-1] such a piece, still without a verb?
    dashes = 0  # dashes since it began: inside a pair of dashes a comma does not end it
    for a, b in pieces:
        gap = text[toks[a - 1].end : toks[a].start] if a > lo else ""
        hard = bool(_HARD_BREAK.search(gap)) and not _SOFT_BREAK.match(gap)
        coordinated = low(a) in rules.coordinators and b > a + 1
        first = a + 1 if coordinated else a
        opener = low(first) in rules.split or a in subordinate
        verb = any(finite(i) for i in range(a, b))
        dash = bool(_DASH.search(gap))
        dashes += dash
        if held and (hard or opener or not (dash or dashes % 2)):
            _unhold(clauses)
            held = False
        if not clauses or hard or opener:
            clauses.append([a, b])
            continue
        ca, cb = clauses[-1]
        if held:
            clauses[-1][1] = b
            held = not verb
        elif verb and any(finite(i) for i in range(ca, cb)):
            clauses.append([a, b])
        elif coordinated and any(finite(i) for i in range(ca, cb)):
            clauses.append([a, b])
            held, dashes = True, 0
        else:
            clauses[-1][1] = b
    if held:
        _unhold(clauses)
    return [(a, b) for a, b in clauses]


def _verb_follows(doc: Document, finite: Callable[[int], bool], i: int, hi: int) -> bool:
    """Is there a finite verb after token ``i`` before the next comma or break (so a
    preposition such as "after" opens a clause, not a noun phrase)?"""
    toks, text = doc.tokens, doc.text
    for j in range(i + 1, hi):
        gap = text[toks[j - 1].end : toks[j].start]
        if "," in gap or _HARD_BREAK.search(gap):
            return False
        if finite(j):
            return True
    return False


def _unhold(clauses: list[list[int]]) -> None:
    """A held piece that got no verb is part of the clause before it."""
    _a, b = clauses.pop()
    clauses[-1][1] = b
