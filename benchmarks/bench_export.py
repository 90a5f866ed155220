"""Briefing steps and exports at archive scale (not a test).

Builds a throw-away archive as ``bench_store.py`` does (the seed briefs parsed once and
written again, with their flows, under N brief ids, dates and publishers):
``bench_export.py [N [STORE]]`` builds it at STORE (or in a temporary folder) unless it is
there already, then times the briefing steps of a view and each export of one publisher's
briefs and of the whole archive.
Run: ``.venv/bin/python benchmarks/bench_export.py 2000 var/archive.sqlite``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefmap.pipeline import parse_brief  # noqa: E402
from briefmap.places.gazetteer import load_gazetteer  # noqa: E402
from briefmap.present.export import export  # noqa: E402
from briefmap.present.steps import view_steps  # noqa: E402
from briefmap.present.view import View  # noqa: E402
from briefmap.store import Filters, Store, connect, write_brief  # noqa: E402
from briefmap.text.corpus import load_corpus  # noqa: E402


def timed(label: str, fn) -> None:
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    size = f"{out.stat().st_size / 1e6:7.1f} MB" if isinstance(out, Path) else f"{len(out)} steps"
    print(f"  {label:<46} {dt:7.2f} s  {size}")


def build(n: int, path: Path) -> None:
    """N copies of the seed briefs, with their mentions and flows, in a new store."""
    from briefmap.build import build_store

    seeds = list(load_corpus())
    build_store(path, briefs=[])  # the schema and the curated places
    gaz = load_gazetteer()
    parsed = [parse_brief(b, gaz) for b in seeds]
    con = connect(path)
    t0 = time.perf_counter()
    with con:
        for i in range(n):
            pb = parsed[i % len(parsed)]
            day = date(2015, 1, 1) + timedelta(days=i % 4000)
            copy = replace(
                pb.brief, id=f"{pb.brief.id}-{i}", date_start=day, date_end=day,
                publisher=f"Publisher {i % 25}",
            )  # fmt: skip
            mentions = [replace(m, brief_id=copy.id) for m in pb.mentions]
            flows = [replace(fl, brief_id=copy.id) for fl in pb.flows]
            write_brief(con, copy, mentions, flows=flows)
    con.close()
    print(f"wrote {n} briefs in {time.perf_counter() - t0:.1f} s")


def main(n: int, path: Path) -> None:
    if not path.exists():
        build(n, path)
    store = Store(path)
    totals = store.totals()
    print(f"archive: {totals['briefs']} briefs, {totals['mentions']} mentions")
    one = Filters(publishers=("Publisher 3",))
    print(f"one publisher: {store.totals(one)['mentions']} mentions")
    timed("steps, whole archive, text order", lambda: view_steps(store).steps)
    timed("steps, whole archive, date order", lambda: view_steps(store, order="date").steps)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for fmt in ("html", "geojson", "csv", "gpkg", "png"):
            timed(
                f"{fmt}, one publisher",
                lambda fmt=fmt: export(store, fmt, out / f"p.{fmt}", View(one)),
            )
        for fmt in ("csv", "geojson", "gpkg"):
            timed(
                f"{fmt}, whole archive",
                lambda fmt=fmt: export(store, fmt, out / f"a.{fmt}", View()),
            )


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    keep = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    if keep:
        main(n, keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            main(n, Path(tmp) / "archive.sqlite")
