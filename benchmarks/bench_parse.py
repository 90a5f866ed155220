"""Parse throughput of the geoparser, in MB of text per second on one core (not a test).

Measures, after start-up (the gazetteer is loaded first and timed on its own), the place
finding alone (``Document`` + ``find_places``) and the whole pipeline (``parse_brief``:
places, cue links, themes, dates, flows). Two corpora:

* the two seed briefs (``geodata/briefs``), repeated to make ~1 MB;
* when ``../shared/eval/bsnlp-dev`` exists next to the repository, its 588 Polish news
  texts (1.4 MB) — read only as text, their annotations are not looked at.

"cold" is the first pass over a corpus (every word form is new to the caches); "warm" is
a second pass over the same texts (Morfeusz readings and gazetteer look-ups cached per
form, as in a long-running process). Run: ``make bench`` or
``.venv/bin/python benchmarks/bench_parse.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefmap.model import Brief  # noqa: E402
from briefmap.pipeline import parse_brief  # noqa: E402
from briefmap.places.gazetteer import load_gazetteer  # noqa: E402
from briefmap.places.geoparse import find_places  # noqa: E402
from briefmap.text.corpus import load_corpus  # noqa: E402
from briefmap.text.document import Document  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "bsnlp-dev"


def _mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def _places(texts: list[str], gaz) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = sum(len(find_places(Document(text, "pl"), gaz)) for text in texts)
    return time.perf_counter() - t0, n


def _pipeline(texts: list[str], gaz) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = 0
    for k, text in enumerate(texts):
        b = Brief(str(k), f"{k}.txt", text, text, range(len(text) + 1), language="pl")
        n += len(parse_brief(b, gaz).flows)
    return time.perf_counter() - t0, n


def bench(label: str, texts: list[str], gaz) -> None:
    mb = _mb(texts)
    cold, n = _places(texts, gaz)
    warm, _ = _places(texts, gaz)
    whole, flows = _pipeline(texts, gaz)
    print(
        f"{label:<34} {len(texts):5d} texts {mb:6.2f} MB  places: cold {mb / cold:5.2f} MB/s, "
        f"warm {mb / warm:5.2f} MB/s ({n} mentions); whole pipeline {mb / whole:5.2f} MB/s "
        f"({flows} flows)"
    )


def main() -> None:
    t0 = time.perf_counter()
    gaz = load_gazetteer()
    print(f"start-up (gazetteer load)          {time.perf_counter() - t0:.2f} s")
    seeds = [
        p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "briefmap" / "geodata" / "briefs").glob("*.txt"))
    ]
    t0 = time.perf_counter()
    briefs = load_corpus()
    mentions = sum(len(parse_brief(b, gaz).mentions) for b in briefs)
    print(
        f"the {len(briefs)} seed briefs, whole pipeline     {time.perf_counter() - t0:.3f} s  "
        f"(read, normalise, places, cues, excerpts, themes, dates, flows; {mentions} mentions)"
    )
    if seeds:
        reps = max(1, round(1e6 / (_mb(seeds) * 1e6)))
        bench(f"seed briefs x{reps}", seeds * reps, gaz)
    if EVAL.is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted(EVAL.glob("*/text/*.txt"))]
        bench("BSNLP dev (../shared/eval)", texts, gaz)
    else:
        print("no ../shared/eval/bsnlp-dev: eval texts not measured")


if __name__ == "__main__":
    main()
