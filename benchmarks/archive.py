"""A realistic archive of N briefs for the benchmarks (not a test fixture).

An archive of thousands of briefs names thousands of places, most of them rarely: the
generator draws each brief's places from the gazetteer with a long-tailed (Zipf-like)
frequency — countries of the region very often, its towns often, a long tail of towns of
the rest of the world rarely — and spreads themes, dates, languages and publishers as the
seed briefs do (about 65 mentions of 7–25 places per brief, three quarters of them
country-level; 9 % of mentions without a theme, most with one or two; 16 % dated). The
texts are made of sentences that name the places, so every offset and excerpt is exact and
the reader and the search work on them. One brief in 50 is a copy of a seed brief, parsed
by the real pipeline, so the flows layer (linked from the seeds' words) is drawn too.

``write_archive(path, n)`` writes the store; ``python benchmarks/archive.py N PATH`` too.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
import sqlite3
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefmap.model import Brief, Mention, Place  # noqa: E402
from briefmap.pipeline import parse_brief  # noqa: E402
from briefmap.places.gazetteer import load_gazetteer  # noqa: E402
from briefmap.store import create_schema, write_brief  # noqa: E402
from briefmap.text.corpus import load_corpus  # noqa: E402

try:  # the store writes every curated place since schema 4
    from briefmap.store import write_place
except ImportError:  # an older checkout (the benchmark's baseline)
    write_place = None
from briefmap.analysis.themes import load_taxonomy  # noqa: E402

#: how much more often a brief of this corpus names a town of a country (the region first)
COUNTRY_WEIGHT = {
    **dict.fromkeys(("BY", "LT", "PL", "UA", "LV"), 30.0),
    **dict.fromkeys(("RU", "EE", "MD", "GE", "AM", "AZ", "KZ"), 10.0),
    **dict.fromkeys(("DE", "FI", "SE", "CZ", "SK", "HU", "RO", "NO", "DK", "FR", "GB"), 3.0),
    **dict.fromkeys(("US", "CN", "TR", "IR", "BE", "NL", "IT", "AT", "RS", "KG", "UZ"), 2.0),
}
#: share of a brief's distinct places by precision (seeds: mostly countries, some towns)
SLOTS = (("country", 0.36), ("settlement", 0.46), ("region", 0.1), ("point", 0.08))
THEMES_PER_MENTION = ((0, 0.09), (1, 0.49), (2, 0.29), (3, 0.11), (4, 0.02))
DATED = 0.16
SEED_EVERY = 50

WORDS_PL = {
    "military": "ćwiczenia wojskowe i rozmieszczenie jednostek",
    "transit_economy": "tranzyt towarów, eksport i ruch w portach",
    "energy": "dostawy ropy, gazu i energii elektrycznej",
    "border_hybrid": "sytuację na granicy i presję migracyjną",
    "diplomacy_sanctions": "rozmowy dyplomatyczne i nowe sankcje",
    "repression_rights": "represje wobec opozycji i więźniów politycznych",
    "intelligence": "działania służb specjalnych",
    "political_integration": "integrację polityczną w ramach państwa związkowego",
}
WORDS_EN = {
    "military": "military exercises and troop deployments",
    "transit_economy": "the transit of goods, exports and port traffic",
    "energy": "supplies of oil, gas and electricity",
    "border_hybrid": "the situation on the border and migration pressure",
    "diplomacy_sanctions": "diplomatic talks and new sanctions",
    "repression_rights": "repression of the opposition and political prisoners",
    "intelligence": "the activity of the security services",
    "political_integration": "political integration within the union state",
}
MONTHS_PL = ["styczniu", "lutym", "marcu", "kwietniu", "maju", "czerwcu", "lipcu",
             "sierpniu", "wrześniu", "październiku", "listopadzie", "grudniu"]  # fmt: skip
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip


class Zipf:
    """Draws items by rank with probability ∝ 1 / (rank + offset) ** s."""

    def __init__(self, items: list, s: float = 1.0, offset: float = 3.0) -> None:
        self.items = items
        weights = [1 / (r + offset) ** s for r in range(len(items))]
        self.cum = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


def place_pools(gaz) -> dict[str, Zipf]:
    """The places a brief can name, by precision, most likely first."""
    cur = [p for p in gaz.places.values() if p.id.startswith("bm:")]

    def weight(p: Place) -> float:
        return COUNTRY_WEIGHT.get(p.country, 0.5) * math.log10(p.population + 10)

    first = ("BY", "RU", "LT", "PL", "UA", "LV", "US", "DE", "EE", "CN")
    countries = sorted(
        (p for p in gaz.places.values() if p.precision == "country"),
        key=lambda p: (
            first.index(p.country) if p.country in first else 99,
            -COUNTRY_WEIGHT.get(p.country, 0.2),
        ),
    )
    towns = [p for p in cur if p.precision == "settlement"]
    for gid, rec in gaz.gn_records.items():
        _, cc, _, _, pop = rec.split("\t")
        if int(pop) >= 20_000 and (cc in COUNTRY_WEIGHT or int(pop) >= 500_000):
            towns.append(gaz.place(f"gn:{gid}"))
    towns.sort(key=lambda p: -(COUNTRY_WEIGHT.get(p.country, 0.3) * (p.population + 5e4)))
    regions = sorted((p for p in cur if p.precision == "region"), key=lambda p: -weight(p))
    points = [p for p in cur if p.precision == "point"]
    return {
        "country": Zipf(countries, 1.3, 1),
        "settlement": Zipf(towns, 1.2, 10),
        "region": Zipf(regions, 1.0, 3),
        "point": Zipf(points, 0.8, 2),
    }


def _pick(rng: random.Random, table) -> object:
    x, acc = rng.random(), 0.0
    for value, p in table:
        acc += p
        if x < acc:
            return value
    return table[-1][0]


def synthetic_brief(i: int, rng: random.Random, pools, themes: list[str]):
    """Brief ``i`` and its mentions: sentences naming its places, offsets exact."""
    lang = "pl" if rng.random() < 0.7 else "en"
    day = date(2014, 1, 1) + timedelta(days=rng.randrange(4400))
    k = rng.randint(6, 25)
    chosen: dict[str, Place] = {}
    while len(chosen) < k:
        p = pools[_pick(rng, SLOTS)].draw(rng)
        chosen[p.id] = p
    places = list(chosen.values())
    # A brief leans on two or three themes; countries are named again and again.
    focus = rng.sample(themes, 3)
    weights = [5 if t in focus[:2] else 2 if t == focus[2] else 0.4 for t in themes]
    repeats = [6 if p.precision == "country" else 2 for p in places]
    n_mentions = rng.randint(30, 100)
    text_parts: list[str] = []
    pos = 0
    mentions: list[Mention] = []
    brief_id = f"arch-{i:05d}"
    while len(mentions) < n_mentions:
        named = rng.choices(places, weights=repeats, k=rng.choice((1, 1, 2, 2, 3)))
        named = list(dict.fromkeys(named))
        n_themes = _pick(rng, THEMES_PER_MENTION)
        sent_themes = tuple(dict.fromkeys(rng.choices(themes, weights=weights, k=n_themes)))
        dated = rng.random() < DATED
        when = day - timedelta(days=rng.randrange(900))
        names = [p.name_pl if lang == "pl" else p.name for p in named]
        words = WORDS_PL if lang == "pl" else WORDS_EN
        topic = (
            " oraz ".join(words[t] for t in sent_themes)
            if lang == "pl"
            else (" and ".join(words[t] for t in sent_themes))
        )
        topic = topic or ("bieżące wydarzenia" if lang == "pl" else "current events")
        if lang == "pl":
            head = f"W {MONTHS_PL[when.month - 1]} {when.year} r. " if dated else "Według analizy "
            sentence = f"{head}{', '.join(names)} – raport opisuje {topic}."
        else:
            head = f"In {MONTHS_EN[when.month - 1]} {when.year}, " if dated else "According to "
            head += "" if dated else "the analysis, "
            sentence = f"{head}{', '.join(names)}: the report describes {topic}."
        s0 = pos
        for p, name in zip(named, names, strict=True):
            at = s0 + sentence.index(name)
            month = (when.replace(day=1), (when.replace(day=28) + timedelta(days=4)).replace(day=1))
            dates = (
                ((head.strip(), month[0].isoformat(), (month[1] - timedelta(days=1)).isoformat()),)
                if dated
                else ()
            )
            mentions.append(
                Mention(
                    brief_id=brief_id,
                    start=at,
                    end=at + len(name),
                    surface=name,
                    place=p,
                    link="cue" if p.precision == "point" and rng.random() < 0.5 else "name",
                    evidence=f"lemma: curated name '{name}'",
                    confidence=0.9,
                    excerpt_start=s0,
                    excerpt_end=s0 + len(sentence),
                    orig_start=at,
                    orig_end=at + len(name),
                    excerpt_orig_start=s0,
                    excerpt_orig_end=s0 + len(sentence),
                    excerpt=sentence,
                    themes=sent_themes,
                    theme_evidence={t: (words[t].split()[0],) for t in sent_themes},
                    dates=dates,
                )
            )
        text_parts.append(sentence + " ")
        pos += len(sentence) + 1
    text = "".join(text_parts)
    brief = Brief(
        id=brief_id,
        path=f"{brief_id}.txt",
        original=text,
        reading=text,
        offsets=list(range(len(text) + 1)),
        language=lang,
        title=f"{'Analiza' if lang == 'pl' else 'Brief'} {i}: {places[0].name}",
        publisher=f"Institute {i % 25}",
        date_start=day,
        date_end=day,
    )
    return brief, mentions


def write_archive(path: Path, n: int, seed: int = 1) -> dict:
    """Write an archive of ``n`` briefs to a new store at ``path``; returns its figures."""
    rng = random.Random(seed)
    gaz = load_gazetteer()
    pools = place_pools(gaz)
    themes = list(load_taxonomy().ids)
    seeds = [(b, parse_brief(b, gaz)) for b in load_corpus()]
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    create_schema(con)
    t0 = time.perf_counter()
    with con:
        if write_place is not None:  # as `briefmap build` does: every curated place
            for place in gaz.places.values():
                if place.id.startswith("bm:"):
                    write_place(con, place)
        for i in range(n):
            if i % SEED_EVERY == 0:
                brief, parsed = seeds[(i // SEED_EVERY) % len(seeds)]
                day = date(2015, 1, 1) + timedelta(days=rng.randrange(4000))
                copy = replace(brief, id=f"{brief.id}-{i}", date_start=day, date_end=day)
                _write_seed(con, copy, parsed, gaz)
            else:
                brief, mentions = synthetic_brief(i, rng, pools, themes)
                write_brief(con, brief, mentions, flows=())
    figures = {
        "briefs": n,
        "mentions": con.execute("SELECT count(*) FROM mentions").fetchone()[0],
        "places": con.execute("SELECT count(DISTINCT place_id) FROM mentions").fetchone()[0],
        "seconds": time.perf_counter() - t0,
    }
    con.close()
    figures["mb"] = path.stat().st_size / 1e6
    return figures


def _write_seed(con: sqlite3.Connection, copy, parsed, gaz) -> None:
    """A parsed seed brief stored again under ``copy``'s id and dates, with its flows (the
    pipeline's ``ParsedBrief``; an older pipeline gave a list of mentions and linked the
    flows of geodata/flows.toml when writing)."""
    if not hasattr(parsed, "mentions"):
        write_brief(con, copy, [replace(m, brief_id=copy.id) for m in parsed])
        return
    flows = [replace(fl, brief_id=copy.id) for fl in parsed.flows]
    ends = {
        ep.place_id: gaz.place(ep.place_id)
        for fl in flows
        for ep in (fl.origin, *fl.via, fl.destination, *fl.former)
        if ep is not None
    }
    mentions = [replace(m, brief_id=copy.id) for m in parsed.mentions]
    write_brief(con, copy, mentions, flows=flows, places=ends)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "var" / f"archive-{n}.sqlite"
    out.parent.mkdir(parents=True, exist_ok=True)
    print(write_archive(out, n))
