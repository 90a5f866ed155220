"""Gazetteer start-up: time and memory of ``load_gazetteer()`` with the GeoNames index built
(not a test). Budget (issue 15): under 2 s and at most 150 MB more memory.

Each measure runs in a fresh interpreter, so nothing is cached but the index file itself:

* **load**: import briefmap's gazetteer and call ``load_gazetteer()`` (curated and CLDR
  tiers, the user's file when given, and opening the SQLite index); the memory is the
  process's resident set size (``/proc/self/statm``, Linux) after, less before the import;
* **look-ups**: every distinct word of the two seed briefs looked up once in a fresh
  gazetteer (cold: each key is one SQLite query), in keys per second.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_gazetteer.py``. Exits 1 when
the budget is exceeded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD_BUDGET_S = 2.0
MEMORY_BUDGET_MB = 150.0

_CHILD = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[1])

def rss_mb():
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
before = rss_mb()
t0 = time.perf_counter()
from briefmap.places.gazetteer import load_gazetteer, token_keys
gaz = load_gazetteer()
load_s = time.perf_counter() - t0
after = rss_mb()
from pathlib import Path
words = set()
for p in sorted((Path(sys.argv[1]) / "briefmap" / "geodata" / "briefs").glob("*.txt")):
    words |= set(p.read_text(encoding="utf-8").split())
keys = {k for w in words for k in token_keys(w.strip(".,;:()„”\"'"))}
t0 = time.perf_counter()
found = sum(bool(gaz.candidates(frozenset({k}))) for k in keys)
look_s = time.perf_counter() - t0
print(json.dumps({"load_s": load_s, "mb": after - before, "total_mb": after,
                  "keys": len(keys), "found": found, "look_s": look_s,
                  "index": str(gaz.gn_db.path) if gaz.gn_db else "",
                  "names": gaz.gn_db.meta.get("names") if gaz.gn_db else ""}))
"""


def main() -> int:
    # One run first builds the index if it is missing (not what is measured).
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--if-missing"])
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(ROOT)], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["load_s"])
    mb = max(r["mb"] for r in runs)
    print(
        f"gazetteer load                     {best['load_s']:.2f} s (best of 3; budget"
        f" {LOAD_BUDGET_S:.0f} s), +{mb:.0f} MB resident (budget {MEMORY_BUDGET_MB:.0f} MB;"
        f" process {best['total_mb']:.0f} MB); {best['names']} indexed names in {best['index']}"
    )
    print(
        f"gazetteer look-ups, cold           {best['keys'] / best['look_s']:,.0f} keys/s"
        f" ({best['keys']} keys of the seed briefs, {best['found']} with candidates)"
    )
    ok = best["load_s"] < LOAD_BUDGET_S and mb <= MEMORY_BUDGET_MB
    if not ok:
        print("gazetteer start-up is over its budget", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
