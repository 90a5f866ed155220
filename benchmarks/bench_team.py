"""A team on one server: concurrent sessions of the dashboard while others write (not a test).

Serves the dashboard as ``make run`` does (``python -m ui.serve dashboard.py``, on a free
loopback port, ``BRIEFMAP_STORE`` a copy of the 10,000-brief archive of
``benchmarks/archive.py``) and drives it with headless Chromium (one browser, one context
per session, Playwright's async API). Each session loads the page, chooses one theme in the
sidebar and clicks towns on the map, timing what ``bench_browser.py`` times (its page
scripts are imported, not copied). Meanwhile a writer process adds briefs and records review
decisions through ``briefmap.library.Library`` (what the Add and Review pages call).

The run, on one server process:

1. **first**: one session alone, then the server's RSS (``/proc``, with its children);
2. **soak**: ``--sessions`` sessions at once for ``--minutes``, each opening, working and
   closing again and again, the writer writing;
3. **memory**: more sessions in waves of ``--sessions`` until ``--memory-sessions`` (50) have
   opened and closed in all, then ``--idle`` seconds with none, and the RSS again (target:
   within 1.5× of *first*);
4. every decision the writer recorded is read back from the store.

Reports p50/p95 of click → panel (browser clock: the click event to the panel showing the
place and an excerpt) and of page load (navigation start to every place of the store drawn;
polled every 0.2 s in the page), the errors (sessions that failed, Streamlit exception boxes
``[data-testid=stException]``; JavaScript errors are listed apart), the RSS over time, and
decisions recorded / read back. Saves the run to ``var/bench-team.json``.

Usage::

    bench_team.py [--sessions 20] [--minutes 2] [--store S] [--memory-sessions 50]
    bench_team.py --table [FILE...]     # the saved runs' table, measuring nothing
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_browser import (  # noqa: E402
    CHROMIUM,
    CLICK_CLOCK,
    DRAWN,
    KEY_CLOCK,
    LOCATE,
    PANEL_CLOCK,
    VIEWPORT,
    archive_store,
    scenario_data,
)
from serving import serve as serve_app  # noqa: E402

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS_FILE = ROOT / "var" / "bench-team.json"
STATE = (
    "() => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state')"
)
EXCEPTIONS = "() => document.querySelectorAll('[data-testid=stException]').length"
# The places on the map: bench_browser's DRAWN (event symbols and unpainted shapes as it says)
PLACES_DRAWN = DRAWN
# Every place of ``kept`` drawn and none of ``gone``: when it first held (absolute ms). Polled
# every 200 ms, not bench_browser's 20 ms: twenty pages walking thousands of layers fifty times a
# second would take the cores the server needs.
DRAWN_CLOCK = (
    "([kept, gone, name]) => { window[name] = null; const drawn = "
    + PLACES_DRAWN
    + """;
  const timer = setInterval(() => {
    const f = drawn();
    if (f && kept.every((i) => f.has(i)) && !gone.some((i) => f.has(i))) {
      window[name] = performance.timeOrigin + performance.now();
      clearInterval(timer);
    }
  }, 200);
}"""
)
TEXT = (
    "Ruch na granicy {k}\n\n"
    "Ministrowie Litwy i Polski spotkali się w Wilnie po raz {k}. Rozmawiali o sytuacji na"
    " granicy z Białorusią, gdzie w rejonie Grodna i Brześcia stoją ciężarówki. Przewoźnicy z"
    " Kłajpedy i Kowna apelują o otwarcie przejść, a rząd w Mińsku milczy. Ładunki potasu z"
    " Soligorska płyną przez Ust-Ługę zamiast przez Kłajpedę. Notatka numer {k}.\n"
)


# -- the server and its memory ---------------------------------------------------------------
@contextmanager
def serve(store: Path, log_path: Path):
    """``python -m ui.serve dashboard.py`` (what ``make run`` starts) on ``store``; yields
    (url, pid) once ``/_stcore/health`` answers."""
    with serve_app(ROOT, store, log_path, "ui.serve") as got:
        yield got


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with suppress(OSError):
            out += [int(x) for x in task.read_text().split()]
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB (``VmRSS``)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        todo += _children(p)
    return total / 1024


class RssSampler(threading.Thread):
    """Samples the server's RSS every ``every`` seconds, with the phase of the run."""

    def __init__(self, pid: int, t0: float, every: float = 3.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.t0, self.every = pid, t0, every
        self.phase = "start"
        self.samples: list[tuple[float, float, str]] = []
        self.stop = threading.Event()

    def sample(self) -> float:
        mb = rss_mb(self.pid)
        self.samples.append((round(time.monotonic() - self.t0, 1), round(mb, 1), self.phase))
        return mb

    def run(self) -> None:
        while not self.stop.wait(self.every):
            self.sample()


# -- the writer ------------------------------------------------------------------------------
def writer(data: Path, seconds: float, every: float, out: Path) -> None:
    """Add a brief and record decisions every ``every`` seconds for ``seconds`` (a process
    of its own, as a colleague's session or the CLI would be); one JSON line per write."""
    from briefmap import store
    from briefmap.library import AddError, Library

    lib = Library(data)
    reader = store.Store(lib.folder.store)
    archive = [b["id"] for b in reader.briefs()[:2000]]
    rng = random.Random(7)
    deadline = time.monotonic() + seconds
    k = 0
    with out.open("a") as log:

        def put(**row) -> None:
            log.write(json.dumps(row) + "\n")
            log.flush()

        while time.monotonic() < deadline:
            k += 1
            f = data / f"team-{k}.txt"
            f.write_text(TEXT.format(k=k), encoding="utf-8")
            try:
                t0 = time.perf_counter()
                added = lib.add_file(f, language="pl")
                put(kind="brief", id=added.brief_id, s=time.perf_counter() - t0)
                named = [m for m in reader.mentions(brief_id=added.brief_id) if m["link"] == "name"]
                other = rng.choice(archive)
                named_other = [m for m in reader.mentions(brief_id=other) if m["link"] == "name"]
                for m, action in ((named[0], "accept"), (named[-1], "reject")) + (
                    ((rng.choice(named_other), "accept"),) if named_other else ()
                ):
                    t0 = time.perf_counter()
                    did = lib.decide(m["brief_id"], m["start"], m["end"], action)
                    put(kind="decision", id=did, brief=m["brief_id"], start=m["start"],
                        end=m["end"], action=action, s=time.perf_counter() - t0)  # fmt: skip
            except (AddError, OSError) as exc:
                put(kind="error", error=str(exc))
            time.sleep(max(0.0, min(every, deadline - time.monotonic())))
    reader.close()


def read_back(store_path: Path, log: Path) -> dict:
    """Every decision the writer recorded, looked up in the store by id."""
    from briefmap import store

    rows = [json.loads(x) for x in log.read_text().splitlines()] if log.exists() else []
    recorded = [r for r in rows if r["kind"] == "decision"]
    con = store.connect_readonly(store_path)
    stored = {d.id: d for d in store.read_decisions(con)}
    con.close()
    found = [
        r
        for r in recorded
        if r["id"] in stored
        and (stored[r["id"]].brief_id, stored[r["id"]].start, stored[r["id"]].end)
        == (r["brief"], r["start"], r["end"])
        and stored[r["id"]].action == r["action"]
    ]
    return {
        "briefs_added": sum(r["kind"] == "brief" for r in rows),
        "decisions_recorded": len(recorded),
        "decisions_read_back": len(found),
        "write_errors": [r["error"] for r in rows if r["kind"] == "error"],
        "decision_s_p95": _pct([r["s"] for r in recorded], 95),
        "add_s_p95": _pct([r["s"] for r in rows if r["kind"] == "brief"], 95),
    }


# -- the sessions ----------------------------------------------------------------------------
def _pct(xs: list[float], p: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


async def _poll(fn, timeout: float, what: str, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        got = await fn()
        if got:
            return got
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(step)


async def _idle(pg, quiet: float = 0.8, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    calm = None
    while time.monotonic() < deadline:
        if await pg.evaluate(STATE) in ("running", "initial", None):
            calm = None
        elif calm is None:
            calm = time.monotonic()
        elif time.monotonic() - calm >= quiet:
            return
        await asyncio.sleep(0.2)
    raise TimeoutError("the app kept running")


async def _map_frame(pg, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for fr in pg.frames:
            try:
                if await fr.evaluate("() => !!(window.map && window.map._loaded)"):
                    return fr
            except Exception:
                continue
        await asyncio.sleep(0.2)
    raise TimeoutError("no map")


class Plan:
    """What the sessions expect: every place drawn at first, and per theme the places it
    keeps and removes and the towns it leaves to click."""

    def __init__(self, store: Path, n_themes: int = 5) -> None:
        first = scenario_data(store, None, None)
        self.expected = first["expected"]
        names = {p["id"]: p["name"] for p in first["towns"]}
        from briefmap.store import Store

        s = Store(store)
        counts = s.theme_counts()
        s.close()
        ranked = sorted((t for t in counts if counts[t]), key=counts.get)
        mid = len(ranked) // 2
        picked = ranked[max(0, mid - n_themes // 2) :][:n_themes] or [first["theme"]]
        self.themes = []
        for theme in picked:
            d = scenario_data(store, theme, None)
            kept = set(d["kept"])
            towns = [p["id"] for p in d["towns"] if p["id"] in kept]
            self.themes.append(
                {"theme": theme, "label": d["label"], "kept": d["kept"], "gone": d["gone"],
                 "towns": towns[:2000], "names": {t: names[t] for t in towns[:2000]}}
            )  # fmt: skip


class Stats:
    def __init__(self) -> None:
        self.load: list[float] = []
        self.click: list[float] = []
        self.filter: list[float] = []
        self.sessions = 0
        self.failed: list[str] = []
        self.exceptions = 0
        self.js_errors: list[str] = []
        self.lost_clicks = 0
        self.no_target = 0

    def as_dict(self) -> dict:
        return {
            "sessions": self.sessions,
            "load": self.load,
            "click": self.click,
            "filter": self.filter,
            "failed": self.failed,
            "exceptions": self.exceptions,
            "js_errors": self.js_errors[:20],
            "js_error_count": len(self.js_errors),
            "lost_clicks": self.lost_clicks,
            "no_target": self.no_target,
        }


async def _filter(pg, fr, th: dict) -> float:
    await _idle(pg)
    await pg.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first.click()
    await pg.keyboard.type(th["label"])
    await pg.get_by_role("option", name=th["label"]).first.wait_for(timeout=60_000)
    await fr.evaluate(DRAWN_CLOCK, [th["kept"], th["gone"], "bmTeamFiltered"])
    await pg.evaluate(KEY_CLOCK)
    await pg.keyboard.press("Enter")
    done = await _poll(lambda: fr.evaluate("() => window.bmTeamFiltered"), 300, "filtered", 0.2)
    return (done - await pg.evaluate("() => window.bmBenchKey")) / 1000


async def _click(pg, fr, th: dict, rng: random.Random, avoid: str | None, stats: Stats):
    """One town of the theme on screen and on top; click → panel (s), and its id."""
    await _idle(pg)
    ids = [t for t in th["towns"] if t != avoid]
    rng.shuffle(ids)
    for _ in range(4):  # a click the page loses is counted, then repeated
        spot = await fr.evaluate(LOCATE, [ids])
        if spot is None:
            stats.no_target += 1
            return None, avoid
        name = th["names"][spot["id"]]
        await fr.evaluate(CLICK_CLOCK)
        await pg.evaluate(PANEL_CLOCK, [name])
        box = await (await fr.frame_element()).bounding_box()
        n = await fr.evaluate("() => window.bmClicks || 0")
        await pg.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
        try:
            await _poll(lambda n=n: fr.evaluate(f"() => (window.bmClicks || 0) > {n}"), 10, "click")
        except TimeoutError:
            stats.lost_clicks += 1
            await _idle(pg)
            continue
        shown = await _poll(lambda: pg.evaluate("() => window.bmBenchPanel"), 300, name, 0.1)
        return (shown - await fr.evaluate("() => window.bmBenchClick")) / 1000, spot["id"]
    raise TimeoutError("four clicks lost")


async def session(browser, url: str, plan: Plan, n: int, clicks: int, stats: Stats) -> None:
    """One analyst: open the page, choose a theme, click ``clicks`` towns, close."""
    th = plan.themes[n % len(plan.themes)]
    rng = random.Random(n)
    ctx = await browser.new_context(viewport=VIEWPORT)
    pg = await ctx.new_page()
    pg.on("pageerror", lambda e: stats.js_errors.append(str(e)[:200]))
    step = "load"
    try:
        await pg.goto(url, wait_until="commit", timeout=120_000)
        fr = await _map_frame(pg, 300)
        await fr.evaluate(DRAWN_CLOCK, [plan.expected, [], "bmTeamLoaded"])
        loaded = await _poll(lambda: fr.evaluate("() => window.bmTeamLoaded"), 300, "map", 0.2)
        stats.load.append((loaded - await pg.evaluate("() => performance.timeOrigin")) / 1000)
        step = "filter"
        stats.filter.append(await _filter(pg, fr, th))
        avoid = None
        for _ in range(clicks):
            step = "click"
            took, avoid = await _click(pg, fr, th, rng, avoid, stats)
            if took is not None:
                stats.click.append(took)
        stats.exceptions += await pg.evaluate(EXCEPTIONS)
    except Exception as exc:
        stats.failed.append(f"{step}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
        with suppress(Exception):
            stats.exceptions += await pg.evaluate(EXCEPTIONS)
    finally:
        stats.sessions += 1
        await ctx.close()
        print(f"  session {n} closed ({stats.sessions} in this phase, {len(stats.failed)} failed)",
              flush=True)  # fmt: skip


async def drive(url: str, plan: Plan, a, sampler: RssSampler, store: Path, data: Path) -> dict:
    from playwright.async_api import async_playwright

    out: dict = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        counter = iter(range(1_000_000))

        # 1. one session alone
        sampler.phase = "first"
        first = Stats()
        await session(browser, url, plan, next(counter), a.clicks, first)
        await asyncio.sleep(5)
        out["first"] = first.as_dict()
        out["rss_first"] = sampler.sample()
        print(f"first session: {_line(first)}; RSS {out['rss_first']:.0f} MB", flush=True)

        # 2. the soak, with a writer
        sampler.phase = "soak"
        log = data / "writes.jsonl"
        seconds = a.minutes * 60
        w = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--writer", str(data),
             str(seconds), str(a.write_every), str(log)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        soak = Stats()
        deadline = time.monotonic() + seconds

        async def worker(i: int) -> None:
            await asyncio.sleep(i * 1.0)  # not all at the same instant
            while time.monotonic() < deadline:
                await session(browser, url, plan, next(counter), a.clicks, soak)

        t0 = time.monotonic()
        await asyncio.gather(*(worker(i) for i in range(a.sessions)))
        out["soak_s"] = time.monotonic() - t0
        await asyncio.to_thread(w.wait)
        out["soak"] = soak.as_dict()
        print(f"soak ({out['soak_s'] / 60:.1f} min): {_line(soak)}", flush=True)

        # 3. memory: more sessions in waves until memory_sessions have opened and closed
        sampler.phase = "waves"
        waves = Stats()
        while first.sessions + soak.sessions + waves.sessions < a.memory_sessions:
            left = a.memory_sessions - first.sessions - soak.sessions - waves.sessions
            await asyncio.gather(
                *(session(browser, url, plan, next(counter), 1, waves)
                  for _ in range(min(a.sessions, left)))
            )  # fmt: skip
        out["waves"] = waves.as_dict()
        if waves.sessions:
            print(f"waves: {_line(waves)}", flush=True)
        await browser.close()
    sampler.phase = "idle"
    print(f"idle {a.idle:.0f} s (closed sessions are kept by the server for a while)…", flush=True)
    await asyncio.sleep(a.idle)
    out["rss_end"] = sampler.sample()
    out["writes"] = read_back(store, data / "writes.jsonl")
    return out


def _line(s: Stats) -> str:
    def q(xs):
        return f"{_pct(xs, 50):.2f}/{_pct(xs, 95):.2f} s" if xs else "–"

    return (
        f"{s.sessions} sessions, load p50/p95 {q(s.load)}, click {q(s.click)} (n={len(s.click)}),"
        f" filter {q(s.filter)}, failed {len(s.failed)}, exceptions {s.exceptions},"
        f" js errors {len(s.js_errors)}"
    )


# -- the table -------------------------------------------------------------------------------
def summary(r: dict) -> dict:
    """The figures of the table, from a saved run (all its sessions together)."""
    parts = [r["first"], r["soak"], r.get("waves") or {}]
    load = [x for p in parts for x in p.get("load", [])]
    click = [x for p in parts for x in p.get("click", [])]
    rss = [s[1] for s in r["rss"]]
    return {
        "date": r["date"],
        "sessions": r["sessions"],
        "minutes": r["minutes"],
        "opened": sum(p.get("sessions", 0) for p in parts),
        "click": (_pct(click, 50), _pct(click, 95), len(click)),
        "load": (_pct(load, 50), _pct(load, 95), len(load)),
        "errors": sum(len(p.get("failed", [])) + p.get("exceptions", 0) for p in parts),
        "rss": (r["rss_first"], max([*rss, r["rss_first"], r["rss_end"]]), r["rss_end"]),
        "decisions": (r["writes"]["decisions_recorded"], r["writes"]["decisions_read_back"]),
    }


def table(runs: list[dict]) -> str:
    head = (
        "| date | sessions at once (min) | opened | click → panel p50 / p95 | load p50 / p95 |"
        " errors | RSS first / peak / end | end ÷ first | decisions recorded / read back |"
    )
    rows = [head, "|---" * 9 + "|"]
    for r in runs:
        s = summary(r)
        first, peak, end = s["rss"]
        rows.append(
            f"| {s['date']} | {s['sessions']} ({s['minutes']:g}) | {s['opened']} |"
            f" {s['click'][0]:.2f} / {s['click'][1]:.2f} s |"
            f" {s['load'][0]:.1f} / {s['load'][1]:.1f} s |"
            f" {s['errors']} | {first:.0f} / {peak:.0f} / {end:.0f} MB | {end / first:.2f} |"
            f" {s['decisions'][0]} / {s['decisions'][1]} |"
        )
    return "\n".join(rows)


def main() -> None:
    if sys.argv[1:2] == ["--writer"]:
        data, seconds, every, out = sys.argv[2:6]
        writer(Path(data), float(seconds), float(every), Path(out))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=20, help="sessions at once (20)")
    ap.add_argument("--minutes", type=float, default=2.0, help="length of the soak (2)")
    ap.add_argument("--store", type=Path, help="a store to copy (else the 10,000-brief archive)")
    ap.add_argument("--memory-sessions", type=int, default=50)
    ap.add_argument("--clicks", type=int, default=3, help="towns each session clicks (3)")
    ap.add_argument("--write-every", type=float, default=30.0, help="s between writes (30)")
    ap.add_argument("--idle", type=float, default=150.0, help="s idle before the end RSS")
    ap.add_argument("--out", type=Path, default=RESULTS_FILE)
    ap.add_argument("--table", nargs="*", type=Path, help="print saved runs, measure nothing")
    a = ap.parse_args()
    if a.table is not None:
        files = a.table or [*sorted((ROOT / "benchmarks").glob("team-*.json")), RESULTS_FILE]
        print(table([json.loads(f.read_text()) for f in files if f.exists()]))
        return
    source = a.store or archive_store(10_000)
    with tempfile.TemporaryDirectory(prefix="briefmap-team-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        store = data / "briefmap.sqlite"
        shutil.copy(source, store)  # the writes go to a copy
        print(f"store: copy of {source}; planning the sessions…", flush=True)
        plan = Plan(store)
        print("themes: " + ", ".join(t["theme"] for t in plan.themes), flush=True)
        t0 = time.monotonic()
        log_path = Path(tmp) / "server.log"
        with serve(store, log_path) as (url, pid):
            sampler = RssSampler(pid, t0)
            sampler.sample()
            sampler.start()
            try:
                out = asyncio.run(drive(url, plan, a, sampler, store, data))
            finally:
                sampler.stop.set()
            log_tail = log_path.read_text()[-3000:]
        result = {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "commit": subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip(),
            "machine": f"{os.cpu_count()} cores, browsers on the same machine",
            "sessions": a.sessions,
            "minutes": a.minutes,
            "write_every": a.write_every,
            "idle": a.idle,
            **out,
            "rss": sampler.samples,
            "server_log_tail": log_tail,
        }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    w = result["writes"]
    print(
        f"\nwrites: {w['briefs_added']} briefs added (p95 {w['add_s_p95'] or 0:.2f} s),"
        f" {w['decisions_recorded']} decisions (p95 {w['decision_s_p95'] or 0:.2f} s),"
        f" {len(w['write_errors'])} write errors"
    )
    print(f"RSS (MB, every 3 s): {[s[1] for s in result['rss']][::5]}")
    print()
    print(table([result]))
    print(f"\n{result['date']}, {result['machine']}; saved to {a.out}")


if __name__ == "__main__":
    main()
