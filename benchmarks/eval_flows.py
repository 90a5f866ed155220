"""Flow precision and recall on labelled sentences (not a test).

The sentences are ``tests/data/flows_eval.jsonl`` (described in ``tests/data/README.md``):
Polish and English sentences from public news (each with its source) and sentences written
for the set, each with the flows a careful reader draws from it. An end is written as an
ISO2 code for a country, ``ports:<ISO2>`` for a country's ports, else the place's English
name in the gazetteer. A found flow counts as right when its origin, its destination, its
set of stops and its set of replaced routes are all those of a labelled flow; the kind is not
scored. ``split`` "dev" sentences were looked at while the rules were written; "blind" ones
were labelled afterwards and scored once before anything was changed. Run: ``make eval`` or
``.venv/bin/python benchmarks/eval_flows.py [--lang pl|en] [--split dev|blind] [--errors]
[FILE]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefmap.model import Brief  # noqa: E402
from briefmap.pipeline import parse_brief  # noqa: E402
from briefmap.places.gazetteer import load_gazetteer  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "flows_eval.jsonl"


def end_key(ep) -> str | None:
    """How the labels write an end: ISO2, "ports:<ISO2>", or the English name."""
    if ep is None:
        return None
    if ep.place_id.startswith("ports:"):
        return "ports:" + ep.country
    return ep.country if ep.precision == "country" else ep.name


def flow_key(origin, via, destination, former) -> tuple:
    return (origin, frozenset(via), destination, frozenset(former))


def found_flows(text: str, language: str, gazetteer) -> list[tuple]:
    """The flows the pipeline finds in ``text``, as :func:`flow_key` tuples."""
    b = Brief("e", "e.txt", text, text, list(range(len(text) + 1)), language=language)
    b.date_start = date(2024, 1, 1)
    return [
        flow_key(
            end_key(f.origin),
            [end_key(v) for v in f.via],
            end_key(f.destination),
            [end_key(v) for v in f.former],
        )
        for f in parse_brief(b, gazetteer).flows
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--lang", choices=("pl", "en"), help="only the sentences in this language")
    ap.add_argument("--split", help="only the sentences of this split (dev, blind)")
    ap.add_argument("--errors", action="store_true", help="list the sentences scored wrong")
    args = ap.parse_args(argv)
    gazetteer = load_gazetteer()
    rows = [json.loads(line) for line in Path(args.file).read_text("utf-8").splitlines() if line]
    rows = [
        r
        for r in rows
        if (not args.lang or r["lang"] == args.lang)
        and (not args.split or r.get("split") == args.split)
    ]
    tp = fp = fn = 0
    by_source: Counter[str] = Counter()
    wrong = []
    for r in rows:
        gold = Counter(
            flow_key(g["origin"], g["via"], g["destination"], g["former"]) for g in r["flows"]
        )
        got = Counter(found_flows(r["text"], r["lang"], gazetteer))
        hit = sum((gold & got).values())
        tp += hit
        fp += sum(got.values()) - hit
        fn += sum(gold.values()) - hit
        by_source["public" if r["source"].startswith("http") else "written"] += 1
        if gold != got:
            wrong.append((r, gold - got, got - gold))
    p = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    which = ", ".join(x for x in (args.lang, args.split) if x) or "all"
    print(
        f"flows on {len(rows)} sentences ({Path(args.file).name}: {which}; "
        f"{by_source['public']} public, {by_source['written']} written for the set)"
    )
    print(f"precision {p:.2f}  recall {rec:.2f}  (tp {tp}, fp {fp}, fn {fn})")
    print(f"sentences with exactly the labelled flows: {len(rows) - len(wrong)}/{len(rows)}")
    if args.errors:
        for r, missed, extra in wrong:
            print(f"- {r['id']}: {r['text']}")
            for k in missed:
                print(f"    missed {k[0]} > {sorted(k[1])} > {k[2]} (former {sorted(k[3])})")
            for k in extra:
                print(f"    extra  {k[0]} > {sorted(k[1])} > {k[2]} (former {sorted(k[3])})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
