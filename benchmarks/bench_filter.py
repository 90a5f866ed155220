"""A theme filter at archive scale, server side: what the dashboard's run computes when a
theme is chosen in the sidebar (not a test).

For each theme of the taxonomy, once (a new filter is a miss of every cached reader), the
time of the readers the page calls, in its order: the map's data (``ui.page_data.map_data``:
the store's per-place aggregates, counters and legend), the map's layers
(``ui.map_view.layer_args``: flows, events, crossings and the folium rendering of the
layers) and the rest of the page (the panel's places and the timeline). The browser's
share (drawing) is ``bench_browser.py``'s "filter → map".

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_filter.py [--store S]`` (by
default the 10,000-brief archive of ``benchmarks/archive.py`` in ``var/``, as
``bench_store.py`` writes it). With ``BRIEFMAP_APP=DIR`` the code of another checkout is
measured, for a before/after on copies of the same archive (each of its own schema
version: the writer, ``briefmap.store.connect``, migrates a copy).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("BRIEFMAP_APP") or str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="a store (default: the 10,000-brief archive)")
    ap.add_argument("--lang", default="en")
    args = ap.parse_args()
    if args.store is None:
        from benchmarks.archive import write_archive
        from briefmap.store import SCHEMA_VERSION

        args.store = ROOT / "var" / f"archive-10000-schema{SCHEMA_VERSION}.sqlite"
        if not args.store.exists():  # as bench_store.py writes it
            args.store.parent.mkdir(parents=True, exist_ok=True)
            write_archive(args.store, 10_000)
    os.environ["BRIEFMAP_STORE"] = str(args.store)
    logging.disable(logging.WARNING)  # the cached readers warn that no page is running

    from briefmap.analysis.themes import load_taxonomy
    from briefmap.store import Filters
    from ui.map_view import base_args, layer_args
    from ui.page_data import map_data
    from ui.panel import panel_places
    from ui.store_access import store_key
    from ui.timeline import timeline_spec

    key = store_key()
    # the first page, as the server's warm-up computes it before anyone asks
    map_data(key, Filters())
    base_args(args.lang, False)
    layer_args(key, Filters(), args.lang)
    timeline_spec(key, Filters(), args.lang)
    parts: dict[str, list[float]] = {"map data": [], "layers": [], "panel + timeline": []}
    for theme in load_taxonomy().ids:
        f = Filters(themes=(theme,))
        t0 = time.perf_counter()
        map_data(key, f)
        t1 = time.perf_counter()
        layer_args(key, f, args.lang)
        t2 = time.perf_counter()
        panel_places(key, f)
        timeline_spec(key, f, args.lang)
        t3 = time.perf_counter()
        parts["map data"].append(t1 - t0)
        parts["layers"].append(t2 - t1)
        parts["panel + timeline"].append(t3 - t2)
    totals = [sum(p) for p in zip(*parts.values(), strict=True)]
    n = len(totals)
    print(f"{args.store.name}: a theme filter, server side, median of {n} themes (ms)")
    for label, values in [*parts.items(), ("filter → page data", totals)]:
        print(
            f"  {label:<22} {statistics.median(values) * 1000:7.0f}"
            f"  (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )


if __name__ == "__main__":
    main()
