"""Per-theme precision and recall of the theme taxonomy on public sentences (not a test).

The sentences are ``tests/data/themes_eval.jsonl`` (described in ``tests/data/README.md``):
Polish and English sentences from public news and think-tank texts (none from the seed
briefs), each labelled by hand with the themes of ``geodata/themes.toml`` it is about, with
its source. ``tests/test_themes.py`` holds the taxonomy to thresholds on the same file.
Run: ``make eval`` or ``.venv/bin/python benchmarks/eval_themes.py [--lang pl|en]
[--split dev|heldout] [--errors] [FILE]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefmap.analysis.themes import evaluate, load_labelled, load_taxonomy  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "themes_eval.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--lang", choices=("pl", "en"), help="only the sentences in this language")
    ap.add_argument("--split", help="only the sentences of this split (dev, heldout)")
    ap.add_argument("--errors", action="store_true", help="list the sentences classified wrong")
    args = ap.parse_args(argv)
    examples = [
        e
        for e in load_labelled(args.file)
        if (not args.lang or e.language == args.lang) and (not args.split or e.split == args.split)
    ]
    taxonomy = load_taxonomy()
    scores, wrong = evaluate(examples, taxonomy)
    which = ", ".join(x for x in (args.lang, args.split) if x) or "all"
    print(f"themes on {len(examples)} sentences ({Path(args.file).name}: {which})")
    print(f"{'theme':24} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    tp = fp = fn = 0
    for theme_id, s in scores.items():
        if not s.tp + s.fp + s.fn:  # neither labelled nor predicted: nothing to score
            print(f"{theme_id:24} {'-':>6} {'-':>6} {'-':>6} {0:4} {0:4} {0:4}")
            continue
        f1 = 2 * s.precision * s.recall / (s.precision + s.recall) if s.tp else 0.0
        print(
            f"{theme_id:24} {s.precision:6.2f} {s.recall:6.2f} {f1:6.2f} {s.tp:4} {s.fp:4} {s.fn:4}"
        )
        tp, fp, fn = tp + s.tp, fp + s.fp, fn + s.fn
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print(f"{'micro-average':24} {p:6.2f} {r:6.2f}")
    exact = len(examples) - len(wrong)
    print(f"sentences with exactly the labelled themes: {exact}/{len(examples)}")
    if args.errors:
        for ex, got in wrong:
            missed = ", ".join(sorted(ex.themes - got)) or "-"
            extra = ", ".join(sorted(got - ex.themes)) or "-"
            print(f"\n{ex.id}: missed {missed}; extra {extra}\n  {ex.text}")
            evidence = taxonomy.classify(ex.text, ex.language)
            for t in sorted(got - ex.themes):
                print(f"  {t}: {', '.join(evidence[t])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
