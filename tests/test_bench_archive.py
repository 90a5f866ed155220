"""The benchmark archive joins parsed texts into briefs: every record still points at its
words (a reader opened on an archive brief highlights the place it names, not a neighbour)."""

from __future__ import annotations

import sqlite3

from benchmarks.archive import Source, check, compose
from briefmap.model import Brief
from briefmap.pipeline import parse_brief
from briefmap.store import create_schema, write_brief
from briefmap.text.normalise import normalise

# a word hyphenated at a line break: the reading text is shorter than the original, so the
# original offsets are shifted by their own amount
TEXTS = (
    "We wtorek Litwa zamknę-\nła przejście graniczne w Miednikach. Białoruski potas jedzie\n"
    "przez Litwę do portu w Kłajpedzie.",
    "Rosja przeniosła ćwiczenia wojskowe pod Grodno. Ropa z Rosji płynie do Niemiec przez "
    "Polskę rurociągiem.",
)


def _source(i: int, original: str) -> Source:
    reading, offsets = normalise(original)
    brief = Brief(f"s{i}", f"s{i}.txt", original, reading, offsets, language="pl")
    return Source(brief.id, "test", brief, parse_brief(brief))


def test_composed_briefs_keep_every_offset_exact(tmp_path):
    a, b = (_source(i, t) for i, t in enumerate(TEXTS))
    assert len(a.brief.reading) < len(a.brief.original)  # the hyphenation was repaired
    assert a.parsed.events and b.parsed.flows and b.parsed.events
    path = tmp_path / "a.sqlite"
    con = sqlite3.connect(path)
    create_schema(con)
    composed = [compose("one", [b]), compose("two", [a, b]), compose("three", [b, a, a])]
    with con:
        for brief, mentions, flows, events in composed:
            write_brief(con, brief, mentions, flows=flows, events=events)
    con.close()

    brief, mentions, flows, events = composed[2]
    assert len(mentions) == len(b.parsed.mentions) + 2 * len(a.parsed.mentions)
    assert len(events) == len(b.parsed.events) + 2 * len(a.parsed.events)
    # the last part's mentions are the first part's words, found again further on
    last = mentions[-len(a.parsed.mentions) :]
    assert [m.surface for m in last] == [m.surface for m in a.parsed.mentions]
    assert all(m.start > len(b.brief.reading) + len(a.brief.reading) for m in last)

    counts = check(path)
    assert {k for k in counts} >= {"mention surface", "event original", "flow excerpt"}
    assert all(wrong == 0 and seen > 0 for wrong, seen in counts.values()), counts
