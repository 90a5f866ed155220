"""Adding one brief to an archive of 10,000 (not a test): incremental, no rebuild.

Makes a throw-away data folder whose store holds N briefs (the two seeds, then their parsed
mentions written again under N-2 other ids, as ``bench_store.py`` does), then times, best
of a few runs each: parsing a new brief alone; adding it (read, parse, write, commit,
checkpoint) — the difference is what the store costs; one review decision on it; one
decision about an event of a seed brief; and parsing it again with its decisions. Run:
``make bench`` or ``.venv/bin/python benchmarks/bench_add.py [N]``.
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

from briefmap import store  # noqa: E402
from briefmap.library import Library  # noqa: E402
from briefmap.pipeline import parse_brief  # noqa: E402
from briefmap.text.corpus import load_brief  # noqa: E402

TEXT = (
    "Ciężarówki na granicy z Litwą {k}\n\n"
    "W poniedziałek w Wilnie spotkali się ministrowie Litwy i Polski. Rozmawiali o sytuacji "
    "na granicy z Białorusią, gdzie w rejonie Grodna i Brześcia stoją tysiące ciężarówek. "
    "Przewoźnicy z Kłajpedy i Kowna apelują o otwarcie przejść, a rząd w Mińsku milczy. "
    "Ładunki potasu z Soligorska płyną teraz przez Ust-Ługę zamiast przez Kłajpedę.\n"
)


def fill(lib: Library, n: int) -> None:
    """Write n-2 copies of the seed briefs' mentions under other ids, one transaction."""
    con = store.connect(lib.folder.store)
    seeds = [
        store.brief_from_row(r) for r in con.execute("SELECT * FROM briefs ORDER BY id").fetchall()
    ]
    parsed = [(b, store.read_mentions(con, b.id)[0]) for b in seeds]
    t0 = time.perf_counter()
    with store.transaction(con):
        for i in range(n - len(seeds)):
            brief, mentions = parsed[i % len(parsed)]
            day = date(2015, 1, 1) + timedelta(days=i % 4000)
            copy = replace(
                brief,
                id=f"{brief.id}-{i}",
                date_start=day,
                date_end=day,
                publisher=f"Publisher {i % 25}",
                original=f"{brief.original}\n{i}",
            )
            store.write_brief(
                con,
                copy,
                [replace(r, mention=replace(r.mention, brief_id=copy.id)) for r in mentions],
            )
    store.checkpoint(con)
    rows = store.count(con, "mentions")
    con.close()
    size = lib.folder.store.stat().st_size / 1e6
    took = time.perf_counter() - t0
    print(f"archive: {n} briefs, {rows} mentions, {size:.0f} MB, written in {took:.0f} s")


def best(fn, repeat: int = 3) -> float:
    out = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t0)
    return out


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "data")
        lib.ensure()
        fill(lib, n)
        gaz = lib.gazetteer()
        files = []
        for k in range(4):
            f = Path(tmp) / f"new{k}.txt"
            f.write_text(TEXT.format(k=k), encoding="utf-8")
            files.append(f)
        brief = load_brief(files[0], meta={"id": "x"})
        parse_brief(brief, gaz)  # warm the per-word caches, as a running app has them
        parse = best(lambda: parse_brief(brief, gaz))
        adds = []
        for f in files[1:]:
            t0 = time.perf_counter()
            added = lib.add_file(f)
            adds.append(time.perf_counter() - t0)
        add = min(adds)
        print(f"parse one brief alone:        {parse * 1000:7.1f} ms")
        print(
            f"add it (read+parse+store):    {add * 1000:7.1f} ms   (best of {len(adds)};"
            f" worst {max(adds) * 1000:.1f} ms)"
        )
        print(f"  of which the store:         {(add - parse) * 1000:7.1f} ms")
        s = store.Store(lib.folder.store)
        m = next(x for x in s.mentions(brief_id=added.brief_id) if x["link"] == "name")
        decide = best(lambda: lib.decide(added.brief_id, m["start"], m["end"], "accept"))
        print(f"one review decision:          {decide * 1000:7.1f} ms")
        ev = s.events()[0]  # a seed brief's (events are reviewed the same way)
        a = ev["auto"]
        kw = {"link": "event", "event_kind": a["kind"], "cue_place_id": a["place_id"]}
        decide_ev = best(lambda: lib.decide(ev["brief_id"], ev["start"], ev["end"], "accept", **kw))
        print(f"one event review decision:    {decide_ev * 1000:7.1f} ms")
        reparse = best(lambda: lib.reparse(added.brief_id))
        print(f"re-parse it, decisions kept:  {reparse * 1000:7.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
