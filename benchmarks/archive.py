"""An archive of N briefs for the benchmarks (not a test fixture), made of real parser output.

A benchmark measured on template sentences measures the templates: their places, themes and
flows have the spread the generator gave them, not the spread briefs have. So every brief
here is what the real pipeline (``briefmap.pipeline.parse_brief``) found in real text:

- the BSNLP Polish news texts (``$BRIEFMAP_EVAL/bsnlp-dev/*/text/*.txt``, 588 articles on
  two stories, Brexit and Asia Bibi; ``BRIEFMAP_EVAL`` defaults to ``../shared/eval`` from
  the repository root, as the Makefile's ``EVAL``);
- the seed briefs (``briefmap/geodata/briefs``);
- the sentences of the evaluation sets ``tests/data/{events,flows,themes}_eval.jsonl``
  (Polish and English sentences on Belarus, Russia and the Baltics, quoted from the press),
  a few of one language at a time as one short text, so that events and flows are found.

Each source text is parsed once; the results are cached in ``var/archive-sources-<key>.pickle``,
the key a hash of the package's files and of the source texts, so a rerun after a change of
the code parses again and a plain rerun only composes and writes. Brief ``i`` of the archive
is 1–4 parsed sources of one language (mostly of one story; a text on the region opens a
brief more often than a BSNLP article, see ``REGION_WEIGHT``) joined by blank lines, every
offset of its mentions, flows and events shifted to stay exact in the joined text, with a
date drawn over 2014–2026, a publisher and an author drawn with a long tail; each source
appears in many briefs, as a story is retold. Dates the parser read in the text stay as
parsed. The store is written with the store's own writer, so every table (mention_themes,
theme_places, flows, events, the search index) is filled as ``briefmap build`` fills it.

Without the BSNLP texts (an analyst's machine) the archive is made of the seeds and the
evaluation sentences only, and says so: far fewer distinct places.

``write_archive(path, n)`` writes the store; ``python benchmarks/archive.py N PATH`` too
(``--check``: then read it back and count records whose offsets miss their text;
``python benchmarks/archive.py N PATH --spread``: what an existing store names).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import random
import sqlite3
import sys
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefmap.model import Brief  # noqa: E402
from briefmap.pipeline import parse_brief  # noqa: E402
from briefmap.places.gazetteer import load_gazetteer  # noqa: E402
from briefmap.resources import load_resources  # noqa: E402
from briefmap.store import create_schema, write_brief  # noqa: E402
from briefmap.store.rows import unpack_offsets  # noqa: E402
from briefmap.text.corpus import load_brief, load_corpus  # noqa: E402

try:  # the store writes every curated place since schema 4
    from briefmap.store import write_place
except ImportError:  # an older checkout (the benchmark's baseline)
    write_place = None

EVAL = Path(os.environ.get("BRIEFMAP_EVAL", ROOT.parent / "shared" / "eval"))
EVAL_SETS = ("events_eval.jsonl", "flows_eval.jsonl", "themes_eval.jsonl")
#: how many sources a brief joins, and how often
PARTS = ((1, 0.35), (2, 0.3), (3, 0.2), (4, 0.15))
#: how often a brief's further sources come from the same story as its first
SAME_STORY = 0.7
#: how much likelier a text on the region (a seed, evaluation sentences) is to open a brief
#: than a BSNLP article: the region's texts are few, but they are what the project's briefs
#: are about (unweighted, Britain would be named three times as often as Belarus and Russia
#: together)
REGION_WEIGHT = {"seed": 10.0, "eval-pl": 3.0, "eval-en": 3.0}
SENTENCES_PER_TEXT = (3, 6)
SEPARATOR = "\n\n"
PUBLISHERS = (
    "Ośrodek Studiów Wschodnich", "Polski Instytut Spraw Międzynarodowych",
    "Instytut Europy Środkowej", "Centrum Stosunków Międzynarodowych", "Warsaw Institute",
    "Fundacja Wolność i Demokracja", "Instytut Zachodni", "Fundacja im. Kazimierza Pułaskiego",
    "Akademia Sztuki Wojennej", "Belarus Digest", "Centre for Eastern Studies",
    "International Centre for Defence and Security", "Foreign Policy Research Institute",
    "Lithuanian Institute of International Relations", "Latvian Institute of International Affairs",
    "Jamestown Foundation", "Carnegie Endowment", "ECFR", "Chatham House", "RUSI",
)  # fmt: skip
AUTHORS = (
    "Anna Maria Dyner", "Kamil Kłysiński", "Piotr Żochowski", "Marek Menkiszak",
    "Wojciech Konończuk", "Agnieszka Legucka", "Jakub Olchowski", "Katarzyna Chawryło",
    "Andrzej Wilk", "Justyna Gotkowska", "Rafał Sadowski", "Jadwiga Rogoża",
    "Tomas Janeliūnas", "Māris Andžāns", "Artyom Shraibman", "Ryhor Astapenia",
)  # fmt: skip


@dataclass
class Source:
    """One source text and what the pipeline found in it (``parsed``: a ``ParsedBrief``)."""

    key: str
    story: str  # the BSNLP story, "seed", or "eval-<lang>"
    brief: Brief
    parsed: object


def source_briefs() -> tuple[list[tuple[str, Brief]], list[str]]:
    """The source texts as briefs with their story, and notes on what is missing."""
    out: list[tuple[str, Brief]] = []
    notes: list[str] = []
    files = sorted(EVAL.glob("bsnlp-dev/*/text/*.txt"))
    if not files:
        notes.append(f"no BSNLP texts under {EVAL}: seeds and evaluation sentences only")
    for f in files:
        b = load_brief(f, {}, language="pl")
        out.append((f.parent.parent.name, replace(b, id=f"bsnlp-{f.parent.parent.name}-{f.stem}")))
    out.extend(("seed", b) for b in load_corpus())
    rng = random.Random(7)
    by_lang: dict[str, list[dict]] = {}
    for name in EVAL_SETS:
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                by_lang.setdefault(rec.get("lang", "pl"), []).append(rec)
    for lang, recs in sorted(by_lang.items()):
        rng.shuffle(recs)
        k = 0
        while k < len(recs):
            group = recs[k : k + rng.randint(*SENTENCES_PER_TEXT)]
            k += len(group)
            text = " ".join(r["text"].strip() for r in group)
            dates = sorted(r["date"] for r in group if r.get("date"))
            day = date.fromisoformat(dates[-1]) if dates else None
            b = Brief(
                id=f"eval-{lang}-{len(out)}", path=f"eval-{lang}-{len(out)}.txt",
                original=text, reading=text, offsets=list(range(len(text) + 1)),
                language=lang, title=group[0]["text"][:80], date_start=day, date_end=day,
            )  # fmt: skip
            out.append((f"eval-{lang}", b))
    return out, notes


def cache_key(sources: list[tuple[str, Brief]]) -> str:
    """A hash of the package's files and of the source texts: it changes when either does."""
    h = hashlib.sha256()
    for f in sorted((ROOT / "briefmap").rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(ROOT)).encode())
            h.update(f.read_bytes())
    for story, b in sources:
        h.update(f"{story}\0{b.id}\0{b.language}\0{b.date_start}\0".encode())
        h.update(b.original.encode())
    return h.hexdigest()[:16]


def parsed_sources(cache_dir: Path | None = None) -> tuple[list[Source], dict]:
    """Every source parsed by the pipeline, from the cache when its key matches."""
    t0 = time.perf_counter()
    briefs, notes = source_briefs()
    cache_dir = cache_dir or ROOT / "var"
    path = cache_dir / f"archive-sources-{cache_key(briefs)}.pickle"
    info = {"sources": len(briefs), "notes": notes, "cache": str(path)}
    if path.exists():
        with path.open("rb") as fh:
            sources = pickle.load(fh)
        info["parse_seconds"] = 0.0
    else:
        res = load_resources()
        sources = [Source(b.id, story, b, parse_brief(b, resources=res)) for story, b in briefs]
        info["parse_seconds"] = time.perf_counter() - t0
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("archive-sources-*.pickle"):
            old.unlink()  # a stale cache of other code or texts
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(sources, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    return sources, info


def _pick(rng: random.Random, table) -> object:
    x, acc = rng.random(), 0.0
    for value, p in table:
        acc += p
        if x < acc:
            return value
    return table[-1][0]


def compose(brief_id: str, parts: list[Source], **meta) -> tuple[Brief, list, list, list]:
    """One brief whose text is the ``parts``' texts joined by blank lines, with their
    mentions, flows and events moved to it: every reading offset shifted by where its part
    starts in the joined reading text, every original offset by where it starts in the
    joined original. ``meta``: the brief's other fields (title, dates, publisher…)."""
    reading: list[str] = []
    original: list[str] = []
    offsets: list[int] = []
    mentions, flows, events = [], [], []
    r0 = o0 = 0
    for j, src in enumerate(parts):
        b, p = src.brief, src.parsed
        if j:  # the separator: reading and original alike
            reading.append(SEPARATOR)
            original.append(SEPARATOR)
            offsets.extend(range(o0, o0 + len(SEPARATOR)))
            r0, o0 = r0 + len(SEPARATOR), o0 + len(SEPARATOR)
        reading.append(b.reading)
        original.append(b.original)
        offsets.extend(o + o0 for o in list(b.offsets)[: len(b.reading)])
        mentions += [_moved_mention(m, brief_id, r0, o0) for m in p.mentions]
        flows += [_moved_flow(fl, brief_id, r0, o0) for fl in getattr(p, "flows", ())]
        events += [_moved_event(ev, brief_id, r0, o0) for ev in getattr(p, "events", ())]
        r0, o0 = r0 + len(b.reading), o0 + len(b.original)
    offsets.append(o0)
    text, orig = "".join(reading), "".join(original)
    brief = Brief(
        id=brief_id, path=f"{brief_id}.txt", original=orig, reading=text, offsets=offsets,
        language=parts[0].brief.language, **meta,
    )  # fmt: skip
    return brief, mentions, flows, events


def _moved_mention(m, brief_id: str, r: int, o: int):
    return replace(
        m, brief_id=brief_id, start=m.start + r, end=m.end + r,
        excerpt_start=m.excerpt_start + r, excerpt_end=m.excerpt_end + r,
        orig_start=m.orig_start + o, orig_end=m.orig_end + o,
        excerpt_orig_start=m.excerpt_orig_start + o, excerpt_orig_end=m.excerpt_orig_end + o,
        marks=tuple((a + r, b + r) for a, b in m.marks),
    )  # fmt: skip


def _moved_end(ep, r: int):
    if ep is None or ep.start < 0:
        return ep
    return replace(ep, start=ep.start + r, end=ep.end + r)


def _moved_flow(fl, brief_id: str, r: int, o: int):
    return replace(
        fl, brief_id=brief_id, origin=_moved_end(fl.origin, r),
        via=tuple(_moved_end(v, r) for v in fl.via), destination=_moved_end(fl.destination, r),
        former=tuple(_moved_end(v, r) for v in fl.former),
        excerpt_start=fl.excerpt_start + r, excerpt_end=fl.excerpt_end + r,
        excerpt_orig_start=fl.excerpt_orig_start + o, excerpt_orig_end=fl.excerpt_orig_end + o,
    )  # fmt: skip


def _moved_event(ev, brief_id: str, r: int, o: int):
    return replace(
        ev, brief_id=brief_id, start=ev.start + r, end=ev.end + r,
        excerpt_start=ev.excerpt_start + r, excerpt_end=ev.excerpt_end + r,
        orig_start=ev.orig_start + o, orig_end=ev.orig_end + o,
        excerpt_orig_start=ev.excerpt_orig_start + o, excerpt_orig_end=ev.excerpt_orig_end + o,
    )  # fmt: skip


def archive_briefs(sources: list[Source], n: int, seed: int = 1):
    """The ``n`` composed briefs, one at a time: ``(brief, mentions, flows, events)``."""
    rng = random.Random(seed)
    by_lang: dict[str, list[Source]] = {}
    by_story: dict[str, list[Source]] = {}
    for s in sources:
        by_lang.setdefault(s.brief.language, []).append(s)
        by_story.setdefault(s.story, []).append(s)
    # publishers and authors with a long tail: a few write most of the archive
    pub_w = [1 / (r + 1) for r in range(len(PUBLISHERS))]
    auth_w = [1 / (r + 2) for r in range(len(AUTHORS))]
    first_w = [REGION_WEIGHT.get(s.story, 1.0) for s in sources]
    for i in range(n):
        first = rng.choices(sources, first_w)[0]
        parts = [first]
        for _ in range(_pick(rng, PARTS) - 1):
            same = by_story[first.story] if rng.random() < SAME_STORY else None
            parts.append(rng.choice(same or by_lang[first.brief.language]))
        day = date(2014, 1, 1) + timedelta(days=rng.randrange(13 * 365))
        title = first.brief.title.strip().splitlines()[0][:150] if first.brief.title else ""
        yield compose(
            f"arch-{i:05d}", parts,
            title=title or f"Brief {i}", title_is_descriptive=first.brief.title_is_descriptive,
            publisher=rng.choices(PUBLISHERS, pub_w)[0],
            author="" if rng.random() < 0.3 else rng.choices(AUTHORS, auth_w)[0],
            date_start=day, date_end=day,
        )  # fmt: skip


def write_archive(path: Path, n: int, seed: int = 1, cache_dir: Path | None = None) -> dict:
    """Write an archive of ``n`` briefs to a new store at ``path``; returns its figures."""
    sources, info = parsed_sources(cache_dir)
    for note in info["notes"]:
        print(f"archive: {note}", file=sys.stderr)
    gaz = load_gazetteer()
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    create_schema(con)
    t0 = time.perf_counter()
    with con:
        if write_place is not None:  # as `briefmap build` does: every curated place
            for place in gaz.places.values():
                if place.id.startswith("bm:"):
                    write_place(con, place)
        for brief, mentions, flows, events in archive_briefs(sources, n, seed):
            ends = _flow_places(gaz, flows)
            write_brief(con, brief, mentions, flows=flows, places=ends, events=events)

    def one(sql: str) -> int:
        return con.execute(sql).fetchone()[0]

    figures = {
        "briefs": n,
        "sources": info["sources"],
        "mentions": one("SELECT count(*) FROM mentions"),
        "places": one("SELECT count(DISTINCT place_id) FROM mentions"),
        "flows": one("SELECT count(*) FROM flows"),
        "events": one("SELECT count(*) FROM events"),
        "parse_seconds": round(info["parse_seconds"], 1),
        "write_seconds": round(time.perf_counter() - t0, 1),
    }
    con.close()
    figures["mb"] = round(path.stat().st_size / 1e6, 1)
    if info["notes"]:
        figures["notes"] = info["notes"]
    return figures


def _flow_places(gaz, flows) -> dict:
    """The gazetteer's places at the flows' ends (an end it does not know, a group of
    ports, is stored from what the flow says of it)."""
    out = {}
    for fl in flows:
        for ep in (fl.origin, *fl.via, fl.destination, *fl.former):
            if ep is not None and ep.place_id not in out:
                try:
                    place = gaz.place(ep.place_id)
                except KeyError:
                    continue
                if place is not None:
                    out[ep.place_id] = place
    return out


def check(path: Path, sample: int = 5000, seed: int = 1) -> dict[str, list[int]]:
    """Read back a sample of a store's mentions, and all its events and flows: how many of
    each disagree with their brief's text (``[wrong, checked]`` by test). A record is exact
    when its reading span is its surface (its excerpt for a flow), its excerpt span its
    excerpt, and the brief's offset map takes its reading span to its original span."""
    con = sqlite3.connect(path)
    briefs = {
        bid: (reading, unpack_offsets(packed))
        for bid, reading, packed in con.execute("SELECT id, reading, offsets FROM briefs")
    }
    out: dict[str, list[int]] = {}

    def tally(name: str, ok: bool) -> None:
        got = out.setdefault(name, [0, 0])
        got[0] += not ok
        got[1] += 1

    def orig(offsets, s: int, e: int) -> tuple[int, int]:  # as Brief.to_original
        return (offsets[s], offsets[s]) if e <= s else (offsets[s], offsets[e - 1] + 1)

    cols = 'brief_id, start, "end", surface, excerpt_start, excerpt_end, excerpt, orig_start,'
    cols += " orig_end, excerpt_orig_start, excerpt_orig_end"
    rows = con.execute(f"SELECT {cols} FROM mentions").fetchall()
    rows = random.Random(seed).sample(rows, min(sample, len(rows)))
    for what, found in (("mention", rows), ("event", con.execute(f"SELECT {cols} FROM events"))):
        for bid, s, e, surface, xs, xe, excerpt, os_, oe, xos, xoe in found:
            reading, offsets = briefs[bid]
            tally(f"{what} surface", reading[s:e] == surface)
            tally(f"{what} excerpt", reading[xs:xe] == excerpt)
            tally(f"{what} original", orig(offsets, s, e) == (os_, oe))
            tally(f"{what} excerpt original", orig(offsets, xs, xe) == (xos, xoe))
    for bid, xs, xe, excerpt, xos, xoe, ends in con.execute(
        "SELECT brief_id, excerpt_start, excerpt_end, excerpt, excerpt_orig_start,"
        " excerpt_orig_end, json_array(origin, destination) FROM flows"
    ):
        reading, offsets = briefs[bid]
        tally("flow excerpt", reading[xs:xe] == excerpt)
        tally("flow excerpt original", orig(offsets, xs, xe) == (xos, xoe))
        for ep in json.loads(ends):
            ep = json.loads(ep) if isinstance(ep, str) else ep
            if ep and ep.get("start") is not None:
                tally("flow end words", reading[ep["start"] : ep["end"]] == ep["words"])
    con.close()
    return out


def spread(path: Path) -> dict:
    """What the archive names: distinct places, mentions per brief, the share of mentions
    by precision, flows, events and the ten places named most."""
    con = sqlite3.connect(path)

    def one(sql: str):
        return con.execute(sql).fetchone()[0]

    n = one("SELECT count(*) FROM briefs")
    mentions = one("SELECT count(*) FROM mentions")
    pairs = one("SELECT count(*) FROM (SELECT DISTINCT brief_id, place_id FROM mentions)")
    by_precision = con.execute(
        "SELECT p.precision, count(*) FROM mentions m JOIN places p ON p.id = m.place_id"
        " GROUP BY p.precision ORDER BY 2 DESC"
    ).fetchall()
    top = con.execute(
        "SELECT p.name, count(*) FROM mentions m JOIN places p ON p.id = m.place_id"
        " GROUP BY m.place_id ORDER BY 2 DESC LIMIT 10"
    ).fetchall()
    out = {
        "briefs": n,
        "places": one("SELECT count(DISTINCT place_id) FROM mentions"),
        "mentions": mentions,
        "mentions_per_brief": round(mentions / max(n, 1), 1),
        "places_per_brief": round(pairs / max(n, 1), 1),
        "precision": {p: round(c / max(mentions, 1), 3) for p, c in by_precision},
        "flows": one("SELECT count(*) FROM flows"),
        "events": one("SELECT count(*) FROM events"),
        "briefs_with_flows": one("SELECT count(DISTINCT brief_id) FROM flows"),
        "briefs_with_events": one("SELECT count(DISTINCT brief_id) FROM events"),
        "top_places": top,
        "languages": dict(con.execute("SELECT language, count(*) FROM briefs GROUP BY 1")),
    }
    con.close()
    return out


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 10_000
    out = Path(args[1]) if len(args) > 1 else ROOT / "var" / f"archive-{n}.sqlite"
    if "--spread" in sys.argv:  # figures of an existing store, written by this or not
        print(json.dumps(spread(out), ensure_ascii=False, indent=1))
        sys.exit()
    out.parent.mkdir(parents=True, exist_ok=True)
    print(write_archive(out, n))
    if "--check" in sys.argv:
        print(check(out))
