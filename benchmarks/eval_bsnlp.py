"""Score the geoparser on the BSNLP Polish dev set, on a tuned part and a held-out part.

Usage: ``eval_bsnlp.py EVAL_DIR PRED_JSONL [--errors]`` where ``EVAL_DIR`` holds
``bsnlp-dev/<topic>/{text,annotated}`` and ``PRED_JSONL`` is ``briefmap parse --lang pl
--format jsonl`` over ``bsnlp-dev/*/text/*.txt`` (``make eval`` does both).

Why two parts: the geoparser's rules were tuned by reading this set's errors, so its
scores on it flatter the rules. A fixed third of the documents is held out — the ones with
``sha256("briefmap-heldout-v1:" + stem) % 3 == 0`` — and is never looked at while tuning:
this script prints only the held-out totals, never its documents, false positives or
misses. ``--errors`` lists the false positives and misses of the tuned part only.

The scoring is that of ``../shared/eval/score_bsnlp.py`` (document level: precision over
every predicted surface, recall over GPE and over all LOC surfaces), repeated here so that
both parts are scored the same way; run that script too for the official whole-set figure.
"""

from __future__ import annotations

import collections
import hashlib
import json
import pathlib
import re
import sys

SALT = "briefmap-heldout-v1:"


def held_out(stem: str) -> bool:
    """Is the document with this file stem in the held-out third?"""
    return int(hashlib.sha256((SALT + stem).encode("utf-8")).hexdigest(), 16) % 3 == 0


def _norm(s: str) -> str:
    return re.sub(r"[^0-9a-ząćęłńóśźżäöüéèáíúčšžėįųūā]", "", s.lower())


def _matches(ps: str, gs: str) -> bool:
    a, b = _norm(ps), _norm(gs)
    return a == b or (len(a) > 3 and len(b) > 3 and (a in b or b in a))


def load_gold(gold_dir: pathlib.Path) -> dict[str, dict[str, tuple[str, str]]]:
    """doc stem -> {surface: (type, cross-lingual id)}."""
    gold: dict[str, dict[str, tuple[str, str]]] = {}
    for out in sorted(gold_dir.glob("*/annotated/*.out")):
        rows = {}
        for line in out.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) >= 4:
                rows[parts[0].strip()] = (parts[2].strip(), parts[3].strip())
        gold[out.name.replace(".out", "")] = rows
    return gold


def load_pred(path: str, docs: set[str]) -> dict[str, dict[str, str]]:
    """doc stem -> {predicted surface: English name}; flow records skipped."""
    pred: dict[str, dict[str, str]] = collections.defaultdict(dict)
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        p = r.get("properties", r)
        if p.get("type") == "flow" or r.get("type") == "flow":
            continue
        doc = re.sub(r"\.(txt|md)$", "", pathlib.Path(str(p.get("doc", ""))).name)
        if doc in docs:
            pred[doc][p.get("surface", "").strip()] = str(p.get("name", ""))
    return pred


def score(gold, pred, docs):
    """Counts and the false positives / misses over ``docs``."""
    tp_g = fn_g = tp_l = fn_l = fp = tp_p = name_ok = name_n = 0
    fps: collections.Counter = collections.Counter()
    fns: collections.Counter = collections.Counter()
    for doc in docs:
        rows, got = gold[doc], pred.get(doc, {})
        for surf, (typ, gid) in rows.items():
            if typ != "LOC":
                continue
            hit = [ps for ps in got if _matches(ps, surf)]
            gpe = gid.startswith("GPE-")
            if gpe:
                tp_g += bool(hit)
                fn_g += not hit
                if not hit:
                    fns[surf] += 1
            tp_l += bool(hit)
            fn_l += not hit
            if hit and gpe:
                name_n += 1
                want = _norm(gid.split("-", 1)[1])
                if any(
                    _norm(got[h]) == want or want in _norm(got[h]) or _norm(got[h]) in want
                    for h in hit
                    if got[h]
                ):
                    name_ok += 1
        for ps in got:
            if any(_matches(ps, gs) and t == "LOC" for gs, (t, _) in rows.items()):
                tp_p += 1
            else:
                fp += 1
                fps[ps] += 1
    return {
        "docs": len(docs),
        "precision": (tp_p, tp_p + fp),
        "recall_GPE": (tp_g, tp_g + fn_g),
        "recall_LOC": (tp_l, tp_l + fn_l),
        "name_accuracy_GPE": (name_ok, name_n),
        "fps": fps,
        "fns": fns,
    }


def _line(label: str, s: dict) -> str:
    parts = [f"{label:<9} docs={s['docs']:3d}"]
    for k in ("precision", "recall_GPE", "recall_LOC", "name_accuracy_GPE"):
        a, b = s[k]
        parts.append(f"{k}={a / b if b else 0:.3f} ({a}/{b})")
    return "  ".join(parts)


def main(argv: list[str]) -> int:
    errors = "--errors" in argv
    args = [a for a in argv if a != "--errors"]
    if len(args) != 2:
        print(__doc__)
        return 2
    gold_dir = pathlib.Path(args[0]) / "bsnlp-dev"
    gold = load_gold(gold_dir)
    pred = load_pred(args[1], set(gold))
    tuned = sorted(d for d in gold if not held_out(d))
    held = sorted(d for d in gold if held_out(d))
    st = score(gold, pred, tuned)
    print(_line("tuned", st))
    print(_line("held-out", score(gold, pred, held)))
    print(_line("all", score(gold, pred, sorted(gold))))
    if errors:  # the tuned part only: the held-out documents are never looked at
        print("tuned false positives:", st["fps"].most_common(40))
        print("tuned misses (GPE):", st["fns"].most_common(40))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
