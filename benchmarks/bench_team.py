"""A team on one server: concurrent sessions of the dashboard while others write (not a test).

Serves the dashboard as ``make run`` does (``python -m ui.serve dashboard.py``, on a free
loopback port, ``BRIEFMAP_STORE`` a copy of the 10,000-brief archive of
``benchmarks/archive.py``, or of ``--store``) and drives it with websocket clients that speak
Streamlit's own protocol (``benchmarks/st_client.py``), as many at once as a team has
browsers open. No browser runs: the server does all a browser's visits would make it do,
and the two cores are left to it (``bench_browser.py`` measures what a browser adds). A
session: opens the page (the first run, with the map of every place), chooses one theme in
the sidebar's multiselect, clicks ``--clicks`` towns of it on the map (what the map's bridge,
``layers/static/bridge.js``, sends for a click: a components.v2 trigger, in the panel's
fragment), then closes, ``--think`` seconds (on average) between actions. Meanwhile a writer
process adds briefs and records review decisions through ``briefmap.library.Library`` (what
the Add and Review pages call).

The run, on one server process:

1. **first**: one session alone, then the server's RSS (``/proc``, with its children);
2. **soak**: ``--sessions`` sessions at once for ``--minutes``, each opening, working and
   closing again and again, the writer writing;
3. **memory**: more sessions in waves of ``--sessions`` until ``--memory-sessions`` (50) have
   opened and closed in all, then ``--idle`` seconds with none, and the RSS again (target:
   within 1.5× of *first*);
4. every decision the writer recorded is read back from the store.

Times (the client's clock): *load* = connect → the first run finished with the map's
message received (naming a sample of the store's places); *filter* = the rerun asked → the
map of the theme received; *click → panel* = the click sent → the panel's heading of that
place and its excerpt cards (a marked mention) received. Errors: sessions that failed
(closed connections, timeouts, a widget missing), Streamlit exceptions and the page's own
error boxes in the messages, clicks whose run ended without the place's excerpts. Also the
RSS over time, and decisions recorded / read back. Saves the run to ``var/bench-team.json``.

Usage::

    bench_team.py [--sessions 20] [--minutes 2] [--store S] [--memory-sessions 50]
    bench_team.py --table [FILE...]     # the saved runs' table (with dates), measuring nothing
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_browser import archive_store, scenario_data  # noqa: E402
from serving import serve as serve_app  # noqa: E402
from st_client import (  # noqa: E402
    NotShown,
    Run,
    StreamlitClient,
    bidi_state,
    bidi_trigger,
    string_array,
)
from streamlit.proto.Alert_pb2 import Alert  # noqa: E402

RESULTS_FILE = ROOT / "var" / "bench-team.json"
K_THEMES = "f_themes"  # ui.state.K.themes: the theme multiselect's key
K_BRIDGE = "bridge"  # ui.state.K.bridge: the map bridge's key
ERROR_ALERT = Alert.Format.ERROR
FIRST_VIEW = {"lat": 54.5, "lon": 25.0, "zoom": 5.0}  # a view the map may report (the Baltics)
SAMPLE = 25  # places of a map looked for in its message (all 7,585 would cost the client more)
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


class Plan:
    """What the sessions expect: places the first map must name, and per theme its label,
    places its map must name and the towns it leaves to click."""

    def __init__(self, store: Path, n_themes: int = 5) -> None:
        first = scenario_data(store, None, None)
        rng = random.Random(1)
        self.expected = first["expected"]
        self.sample = rng.sample(self.expected, min(SAMPLE, len(self.expected)))
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
                {"theme": theme, "label": d["label"], "towns": towns[:2000],
                 "sample": rng.sample(d["kept"], min(SAMPLE, len(d["kept"])))}
            )  # fmt: skip


class Stats:
    def __init__(self) -> None:
        self.load: list[float] = []
        self.click: list[float] = []
        self.filter: list[float] = []
        self.sessions = 0
        self.failed: list[str] = []
        self.exceptions = 0
        self.error_boxes = 0
        self.no_excerpt = 0
        self.received_mb = 0.0

    def as_dict(self) -> dict:
        return {
            "sessions": self.sessions,
            "load": self.load,
            "click": self.click,
            "filter": self.filter,
            "failed": self.failed,
            "exceptions": self.exceptions,
            "error_boxes": self.error_boxes,
            "no_excerpt": self.no_excerpt,
            "received_mb": round(self.received_mb, 1),
        }


def _map_with(ids: list[str]) -> Callable[[Run], bool]:
    """The run has sent the map (streamlit-folium's component) naming every place of ``ids``
    (a JSON string in the layers' script, itself a JSON string in the component's args)."""
    marks = [(f'"{i}\\"'.encode(), f'"{i}"'.encode()) for i in ids]

    def done(run: Run) -> bool:
        return any(
            e.kind == "component_instance" and all(a in e.raw or b in e.raw for a, b in marks)
            for e in run.elements
        )

    return done


def _panel_of(place: str) -> Callable[[Run], bool]:
    """The run has sent the panel of ``place``: its heading (``.bm-selection`` naming it) and
    the excerpt list (a card with the mention marked)."""
    head = f"data-place='{html.escape(place)}'".encode()

    def done(run: Run) -> bool:
        return any(e.kind == "html" and head in e.raw for e in run.elements) and any(
            e.kind == "bidi_component" and b"<mark" in e.raw for e in run.elements
        )

    return done


def _count_errors(c: StreamlitClient, stats: Stats) -> None:
    """Exceptions shown, and the page's own error boxes (``error_boundary``'s st.error)."""
    stats.exceptions += len(c.exceptions)
    c.exceptions.clear()
    for e in c.run.elements:
        if e.kind == "alert" and e.proto.format == ERROR_ALERT:
            stats.error_boxes += 1


async def session(
    url: str, plan: Plan, n: int, clicks: int, stats: Stats, think: float, timeout: float
) -> None:
    """One analyst (a websocket client speaking Streamlit's protocol): open the page, choose a
    theme in the sidebar, click ``clicks`` towns of it on the map, close; ``think`` s between
    actions. Times: load = connect → the first run finished with the map sent; filter = the
    rerun asked → the map of the theme sent; click → panel = the bridge's trigger sent → the
    panel's heading and excerpts of the place received."""
    th = plan.themes[n % len(plan.themes)]
    rng = random.Random(n)
    c = StreamlitClient(url)
    step = "load"
    try:
        t0 = time.monotonic()
        await c.connect(timeout)
        await c.rerun()
        stats.load.append(await c.until(_map_with(plan.sample), timeout) - t0)
        _count_errors(c, stats)
        await asyncio.sleep(think * rng.random() * 2)

        bridge = c.widget("bidi_component", K_BRIDGE)
        if bridge is None:
            raise LookupError("no map bridge")
        # The map reports its view once drawn (bridge.js: setStateValue("view")), and the
        # browser sends the bridge's state with every later run. Without a state held,
        # Streamlit 1.67 does not present a trigger of a fragment's run to the callback
        # (on_map_select reads None): a click before the map's first view would be lost.
        c.hold(bidi_state(bridge.proto.id, {"view": FIRST_VIEW}))

        step = "filter"
        themes = c.widget("multiselect", K_THEMES)
        if themes is None or th["label"] not in themes.proto.options:
            raise LookupError("no theme filter offering " + th["label"])
        c.hold(string_array(themes.proto.id, [th["label"]]))
        t0 = time.monotonic()
        await c.rerun()
        stats.filter.append(await c.until(_map_with(th["sample"]), timeout, settle=True) - t0)
        _count_errors(c, stats)

        towns = list(th["towns"])
        rng.shuffle(towns)
        for k, place in enumerate(towns[:clicks]):
            await asyncio.sleep(think * rng.random() * 2)
            step = "click"
            bridge = c.widget("bidi_component", K_BRIDGE)
            if bridge is None:
                raise LookupError("no map bridge")
            # what layers/static/bridge.js sends for a click (setTriggerValue), in the panel's
            # fragment as the browser sends it
            click = bidi_trigger(
                bridge.proto.id, "select", {"place": place, "token": f"place:{place}#{n}.{k}"}
            )
            t0 = time.monotonic()
            await c.rerun([click], fragment_id=bridge.fragment_id)
            try:
                stats.click.append(await c.until(_panel_of(place), timeout, settle=True) - t0)
            except NotShown:
                stats.no_excerpt += 1  # the run ended without the place's excerpts
            _count_errors(c, stats)
    except Exception as exc:
        stats.failed.append(f"{step}: {type(exc).__name__}: {str(exc)[:160]}")
        _count_errors(c, stats)
    finally:
        stats.sessions += 1
        stats.received_mb += c.received_bytes / 1e6
        with suppress(Exception):
            await c.close()


async def drive(url: str, plan: Plan, a, sampler: RssSampler, store: Path, data: Path) -> dict:
    out: dict = {}
    counter = iter(range(1_000_000))

    def one(stats: Stats, clicks: int = a.clicks):
        return session(url, plan, next(counter), clicks, stats, a.think, a.timeout)

    # 1. one session alone
    sampler.phase = "first"
    first = Stats()
    await one(first)
    await asyncio.sleep(5)
    out["first"] = first.as_dict()
    out["rss_first"] = sampler.sample()
    print(f"first session: {_line(first)}; RSS {out['rss_first']:.0f} MB", flush=True)

    # 2. the soak, with a writer
    sampler.phase = "soak"
    log = data / "writes.jsonl"
    seconds = a.minutes * 60
    soak = Stats()
    if seconds > 0:
        w = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--writer", str(data),
             str(seconds), str(a.write_every), str(log)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        deadline = time.monotonic() + seconds

        async def worker(i: int) -> None:
            await asyncio.sleep(i * 1.0)  # not all at the same instant
            while time.monotonic() < deadline:
                await one(soak)

        async def report() -> None:
            while time.monotonic() < deadline:
                await asyncio.sleep(60)
                print(f"  {_line(soak)}; RSS {sampler.samples[-1][1]:.0f} MB", flush=True)

        t0 = time.monotonic()
        reporter = asyncio.create_task(report())
        await asyncio.gather(*(worker(i) for i in range(a.sessions)))
        reporter.cancel()
        out["soak_s"] = time.monotonic() - t0
        await asyncio.to_thread(w.wait)
    out["soak"] = soak.as_dict()
    out["rss_soak_end"] = sampler.sample()
    print(f"soak ({a.minutes:g} min): {_line(soak)}", flush=True)

    # 3. memory: more sessions in waves until memory_sessions have opened and closed
    sampler.phase = "waves"
    waves = Stats()
    while first.sessions + soak.sessions + waves.sessions < a.memory_sessions:
        left = a.memory_sessions - first.sessions - soak.sessions - waves.sessions
        await asyncio.gather(*(one(waves, 1) for _ in range(min(a.sessions, left))))
    out["waves"] = waves.as_dict()
    if waves.sessions:
        print(f"waves: {_line(waves)}", flush=True)
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
        f" error boxes {s.error_boxes}, no excerpt {s.no_excerpt}"
    )


# -- the table -------------------------------------------------------------------------------
def summary(r: dict) -> dict:
    """The figures of the table, from a saved run (all its sessions together)."""
    parts = [r["first"], r["soak"], r.get("waves") or {}]

    def pct(name: str) -> tuple:
        xs = [x for p in parts for x in p.get(name, [])]
        return (_pct(xs, 50), _pct(xs, 95), len(xs))

    rss = [s[1] for s in r["rss"]]
    return {
        "date": r["date"],
        "clients": r.get("clients", "Chromium"),
        "sessions": r["sessions"],
        "minutes": r["minutes"],
        "opened": sum(p.get("sessions", 0) for p in parts),
        "click": pct("click"),
        "load": pct("load"),
        "filter": pct("filter"),
        "errors": sum(
            len(p.get("failed", []))
            + p.get("exceptions", 0)
            + p.get("error_boxes", 0)
            + p.get("no_excerpt", 0)
            for p in parts
        ),
        "rss": (r["rss_first"], max([*rss, r["rss_first"], r["rss_end"]]), r["rss_end"]),
        "decisions": (r["writes"]["decisions_recorded"], r["writes"]["decisions_read_back"]),
    }


def table(runs: list[dict]) -> str:
    """The saved runs, one row each, with their dates."""

    def q(x: tuple, digits: int) -> str:
        return f"{x[0]:.{digits}f} / {x[1]:.{digits}f} s" if x[2] else "–"

    head = (
        "| date | clients | sessions at once (min) | opened | click → panel p50 / p95 |"
        " load p50 / p95 | filter p50 / p95 | errors | RSS first / peak / end | end ÷ first |"
        " decisions recorded / read back |"
    )
    rows = [head, "|---" * 11 + "|"]
    for r in runs:
        s = summary(r)
        first, peak, end = s["rss"]
        rows.append(
            f"| {s['date']} | {s['clients']} | {s['sessions']} ({s['minutes']:g}) |"
            f" {s['opened']} | {q(s['click'], 2)} | {q(s['load'], 1)} | {q(s['filter'], 1)} |"
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
    ap.add_argument("--think", type=float, default=2.0, help="mean s between a session's actions")
    ap.add_argument("--timeout", type=float, default=300.0, help="s an answer may take")
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
            "machine": f"{os.cpu_count()} cores, the clients on the same machine",
            "clients": "websocket",
            "think": a.think,
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
