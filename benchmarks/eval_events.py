"""Event precision and recall on labelled sentences (not a test).

The sentences are ``tests/data/events_eval.jsonl`` (described in ``tests/data/README.md``):
Polish and English sentences from public news pages (each with its source) and sentences
written for the set, each with the brief's date and the events a careful reader marks on a
map: kind, place, and where the text gives them the date and the actor. A found event is
right when its kind is the labelled one and its place is the labelled place: the place's
English or Polish name, or for a road crossing the village before " – " ("Kuźnica" is
"Kuźnica – Bruzgi", not "Kuźnica – Grodno (rail)"). Events marked ``optional`` (a country
around a named range, an incident told only as a closure's cause) are neither missed nor
wrong. Dates and actors are scored apart, over the right events whose label gives them.

``split``: "dev" sentences are looked at while the rules are tuned; "heldout" ones (a fixed
third, chosen by hash of the id) are not: for them only totals are printed, never the
sentences, misses or false events; "fresh" ones were collected and labelled after the rules
were written and scored once (totals only, like the held-out third). Run: ``make eval`` or
``.venv/bin/python benchmarks/eval_events.py [--lang pl|en] [--split dev|heldout|fresh]
[--errors] [FILE]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefmap.model import Brief, Event  # noqa: E402
from briefmap.pipeline import parse_brief  # noqa: E402
from briefmap.places.gazetteer import load_gazetteer  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "events_eval.jsonl"
#: dev: tuned on; heldout: a third never read while tuning; fresh: public sentences
#: collected and labelled after the rules were written, scored once.
SPLITS = ("dev", "heldout", "fresh")
KINDS = ("closure", "opening", "restriction", "exercise", "deployment", "construction",
         "incident")  # fmt: skip


def fold(s: str) -> str:
    """Lower case without diacritics ("Šalčininkai" = "salcininkai")."""
    s = unicodedata.normalize("NFKD", s.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


def place_is(gold: dict, event: Event) -> bool:
    """Does the labelled place (or one of its ``also`` names) name the event's place?"""
    p = event.place
    names = {fold(p.name), fold(p.name_pl)}
    if p.kind == "border_crossing" and "(rail)" not in p.name:
        names |= {fold(p.name.split(" – ")[0]), fold(p.name_pl.split(" – ")[0])}
    return any(fold(label) in names for label in [gold["place"], *gold.get("also", ())])


def found_events(text: str, language: str, day: str, gazetteer) -> list[Event]:
    b = Brief("e", "e.txt", text, text, list(range(len(text) + 1)), language=language)
    b.date_start = date.fromisoformat(day)
    return parse_brief(b, gazetteer).events


def score(rows: list[dict], gazetteer) -> tuple[dict, list]:
    """Counts per kind (tp, fp, fn), date and actor hits, and the rows scored wrong."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    dates = [0, 0]
    actors = [0, 0]
    wrong = []
    for r in rows:
        got = found_events(r["text"], r["lang"], r["date"], gazetteer)
        gold = list(r["events"])
        used: set[int] = set()
        extra, bad = [], []
        for e in got:
            hit = next(
                (
                    i
                    for i, g in enumerate(gold)
                    if i not in used and g["kind"] == e.kind and place_is(g, e)
                ),
                None,
            )
            if hit is None:
                fp[e.kind] += 1
                extra.append(e)
                continue
            used.add(hit)
            g = gold[hit]
            if g.get("optional"):
                continue
            tp[e.kind] += 1
            if g.get("date"):
                dates[1] += 1
                dates[0] += e.date == g["date"]
                if e.date != g["date"]:
                    bad.append(f"date {e.date!r} for {g['date']!r} ({g['kind']} {g['place']})")
            if g.get("actor"):
                actors[1] += 1
                actors[0] += e.actor == g["actor"]
                if e.actor != g["actor"]:
                    bad.append(f"actor {e.actor!r} for {g['actor']!r} ({g['kind']} {g['place']})")
        missed = [g for i, g in enumerate(gold) if i not in used and not g.get("optional")]
        for g in missed:
            fn[g["kind"]] += 1
        if extra or missed or bad:
            wrong.append((r, missed, extra, bad))
    return {"tp": tp, "fp": fp, "fn": fn, "dates": dates, "actors": actors}, wrong


def _pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


def report(name: str, rows: list[dict], counts: dict, per_kind: bool) -> None:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    t, f, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    p, r = _pr(t, f, n)
    public = sum(1 for x in rows if x["source"].startswith("http"))
    print(f"events, {name}: {len(rows)} sentences ({public} public, {len(rows) - public} written)")
    print(f"  overall   precision {p:.2f}  recall {r:.2f}  (tp {t}, fp {f}, fn {n})")
    if per_kind:
        for k in KINDS:
            if tp[k] + fp[k] + fn[k]:
                pk, rk = _pr(tp[k], fp[k], fn[k])
                print(f"  {k:<13}precision {pk:.2f}  recall {rk:.2f}  "
                      f"(tp {tp[k]}, fp {fp[k]}, fn {fn[k]})")  # fmt: skip
    d, a = counts["dates"], counts["actors"]
    print(f"  dates right {d[0]}/{d[1]}, actors right {a[0]}/{a[1]} (of right events so labelled)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--lang", choices=("pl", "en"), help="only the sentences in this language")
    ap.add_argument("--split", choices=SPLITS, help="only this split")
    ap.add_argument("--errors", action="store_true", help="list the dev sentences scored wrong")
    args = ap.parse_args(argv)
    gazetteer = load_gazetteer()
    rows = [json.loads(line) for line in Path(args.file).read_text("utf-8").splitlines() if line]
    rows = [r for r in rows if not args.lang or r["lang"] == args.lang]
    for split in SPLITS:
        if args.split and split != args.split:
            continue
        part = [r for r in rows if r["split"] == split]
        counts, wrong = score(part, gazetteer)
        report(split + (f", {args.lang}" if args.lang else ""), part, counts, True)
        if args.errors and split == "dev":  # never the held-out sentences
            for r, missed, extra, bad in wrong:
                print(f"- {r['id']}: {r['text']}")
                for g in missed:
                    print(f"    missed {g['kind']} at {g['place']}")
                for e in extra:
                    print(f"    extra  {e.kind} at {e.place.name} ({e.evidence})")
                for b in bad:
                    print(f"    {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
