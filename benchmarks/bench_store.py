"""Store queries at archive scale: 10,000 briefs (not a test).

Uses the archive of ``benchmarks/archive.py`` (real texts parsed by the pipeline and joined
into briefs, so places, themes, flows and events are spread as the parser finds them;
written once to ``var/``, one per store schema) and times the queries the dashboard makes:
the per-place summary that draws the map, the theme counts of the legend, a town's excerpts
for the panel, the counters, and an excerpt search — without filters and with a typical filter.
Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_store.py [N]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.archive import write_archive  # noqa: E402
from briefmap.store import SCHEMA_VERSION, Filters, Store  # noqa: E402


def timed(label: str, fn, repeat: int = 5) -> None:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    print(f"  {label:<44} {best * 1000:8.1f} ms  ({len(out)} rows)")


def main(n: int) -> None:
    path = ROOT / "var" / f"archive-{n}-schema{SCHEMA_VERSION}.sqlite"  # as bench_browser
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        figures = write_archive(path, n)
        print(
            f"wrote {n} briefs in {figures['seconds']:.1f} s ({figures['mb']:.0f} MB): "
            f"{figures['mentions']} mentions of {figures['places']} places"
        )
    store = Store(path)
    mentions = store.con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    places = store.con.execute("SELECT count(DISTINCT place_id) FROM mentions").fetchone()[0]
    print(f"{path.name}: {mentions} mentions of {places} places; best of 5 per query:")
    # the most mentioned town, as a click on the map would ask for it
    town = next(p for p in store.place_summary() if p["precision"] == "settlement")
    some = Filters(themes=("transit_economy",), published_from="2020-01-01", countries=("LT", "BY"))
    for label, f in (("no filter", Filters()), ("theme + date + countries", some)):
        print(f" {label}")
        timed("place_summary (map symbols)", lambda f=f: store.place_summary(f))
        timed("theme_counts (legend)", lambda f=f: list(store.theme_counts(f)))
        timed(
            f"mentions of {town['name']} (panel, first 50)",
            lambda f=f: store.mentions(f, place_id=town["id"], limit=50),
        )
        timed(
            "totals + unthemed (counters, no-theme slices)",
            lambda f=f: [store.totals(f), store.unthemed_counts(f)],
        )
        timed("event_months (timeline)", lambda f=f: list(store.event_months(f)))
    timed(
        "search 'eksport' (place_summary)",
        lambda: store.place_summary(Filters(search="eksport")),
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
