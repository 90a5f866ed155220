"""Store queries at archive scale: 10,000 briefs (not a test).

Builds a throw-away store of N briefs by parsing the two seed briefs once and writing their
mentions again under N different brief ids, dates and publishers (the store does not care
that the texts repeat), then times the queries the dashboard makes on every rerun: the
per-place summary that draws the map, the theme counts of the legend, a place's excerpts
for the panel, and an excerpt search — without filters and with a typical filter.
Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_store.py [N [STORE]]`` (with
STORE, the archive is kept there and reused by the next run).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefmap.corpus import load_corpus  # noqa: E402
from briefmap.pipeline import parse_brief  # noqa: E402
from briefmap.store import Filters, Store, create_schema, write_brief  # noqa: E402


def timed(label: str, fn, repeat: int = 5) -> None:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    print(f"  {label:<44} {best * 1000:8.1f} ms  ({len(out)} rows)")


def main(n: int) -> None:
    seeds = [(b, parse_brief(b).mentions) for b in load_corpus()]
    keep = Path(sys.argv[2]) if len(sys.argv) > 2 else None  # reuse a store from a run
    with tempfile.TemporaryDirectory() as tmp:
        path = keep or Path(tmp) / "archive.sqlite"
        if keep and keep.exists():
            _query(Store(path))
            return
        con = sqlite3.connect(path)
        create_schema(con)
        t0 = time.perf_counter()
        with con:
            for i in range(n):
                brief, mentions = seeds[i % len(seeds)]
                day = date(2015, 1, 1) + timedelta(days=i % 4000)
                copy = replace(
                    brief,
                    id=f"{brief.id}-{i}",
                    date_start=day,
                    date_end=day,
                    publisher=f"Publisher {i % 25}",
                )
                write_brief(con, copy, [replace(m, brief_id=copy.id) for m in mentions])
        con.close()
        size = path.stat().st_size / 1e6
        print(f"wrote {n} briefs in {time.perf_counter() - t0:.1f} s ({size:.0f} MB)")
        _query(Store(path))


def _query(store: Store) -> None:
    mentions = store.con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    print(f"{mentions} mentions; best of 5 per query:")
    some = Filters(themes=("transit_economy",), published_from="2020-01-01", countries=("LT", "BY"))
    for label, f in (("no filter", Filters()), ("theme + date + countries", some)):
        print(f" {label}")
        timed("place_summary (map symbols)", lambda f=f: store.place_summary(f))
        timed("theme_counts (legend)", lambda f=f: list(store.theme_counts(f)))
        timed(
            "mentions of Klaipėda (panel, first 200)",
            lambda f=f: store.mentions(f, place_id="bm:lt-klaipeda", limit=200),
        )
        timed(
            "totals + unthemed + popup examples",
            lambda f=f: [store.totals(f), store.unthemed_counts(f), store.place_examples(f)],
        )
    timed(
        "search 'potasowych' (place_summary)",
        lambda: store.place_summary(Filters(search="potasowych")),
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
