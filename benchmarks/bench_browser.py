"""Browser timings of the dashboard in headless Chromium (not a test).

For a store, starts ``dashboard.py`` of an app folder as ``make run`` does (this checkout, or
another commit's, to compare) on a free loopback port and measures, in a 1440×900 window,
the median over several runs (each a new browser session, after one warm-up session):

- **first load → map**: the warm-up session's load, the first after the server started (as
  ``make run`` starts it: ``python -m ui.serve``, whose warm-up prepares the first page);
- **load → map**: from navigation to every place of the store drawn on the map;
- **click → excerpt**: from a click on a town's marker to the panel showing that place and
  its excerpts;
- **filter → map**: from choosing one theme in the sidebar to the map showing exactly that
  theme's places (one that has none of it gone, every one that has it drawn);
- **payload**: bytes the page received over its websocket until the map was drawn (the
  map's data is most of it).

Usage::

    bench_browser.py              # this checkout at 2 and 10,000 briefs, then the table
    bench_browser.py --baseline   # the same for commit 7e3a987 (saved in benchmarks/)
    bench_browser.py --table      # the saved table, measuring nothing
    bench_browser.py --store S [--url U] [--commit REV] [--runs N] [--click NAME]

The seed store is built, and the archive (``benchmarks/archive.py``, once per store schema
into ``var/``) written, by the code of the app measured; ``--commit REV`` measures that
commit's dashboard (checked out with ``git archive`` into a temporary folder). ``make
bench`` measures this checkout and prints the table beside the saved baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The code that reads and writes stores: this checkout's, or (in the helper processes of a
# measurement of another commit) that commit's.
sys.path.insert(0, os.environ.get("BRIEFMAP_APP") or str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import free_port  # noqa: E402
from serving import serve as serve_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1440, "height": 900}
DRAWABLE = ("point", "settlement", "region", "country")

# The places on the map: an SVG path, an icon, or a shape on a canvas renderer once it is on
# the map, painted or not (the canvas skips the shapes out of view: at 10,000 briefs, ~600
# places outside the first view). An event's symbol names its place too, but events follow
# the filters by their own rules: it is not counted.
DRAWN = """() => {
  if (!(window.map && window.map._loaded)) return null;
  const ids = new Set();
  window.map.eachLayer((l) => {
    const id = (l.options && l.options.bmPlace) ||
      (l.feature && l.feature.properties && l.feature.properties.bm_place);
    if (!id || (l.options && l.options.bmKind === "event")) return;
    if (l._path || l._icon || (l._renderer && l._map)) ids.add(id);
  });
  return ids;
}"""


def _free_port() -> int:
    return free_port()


@contextmanager
def serve(app: Path, store: Path):
    """``app``/dashboard.py on ``store`` as ``make run`` serves it (``ui.serve``: the first
    page prepared as the server starts), or as ``streamlit run`` for an app that predates
    it; yields the URL."""
    log = Path(tempfile.mkstemp(suffix=".log")[1])
    launcher = "ui.serve" if (app / "ui" / "serve.py").exists() else "streamlit"
    with serve_app(app, store, log, launcher, timeout=120) as (url, _pid):
        yield url


def _map_frame(pg, deadline: float):
    while time.monotonic() < deadline:
        for fr in pg.frames:
            try:
                if fr.evaluate("() => !!(window.map && window.map._loaded)"):
                    return fr
            except Exception:
                continue
        time.sleep(0.05)
    raise TimeoutError("no map")


def _drawn(fr, ids: list[str]) -> tuple[int, set[str]]:
    """How many of ``ids`` the map draws, and which of them it does not."""
    got = fr.evaluate(
        "([ids]) => { const f = (" + DRAWN + ")(); if (!f) return null;"
        " return ids.filter((i) => !f.has(i)); }",
        [ids],
    )
    if got is None:
        return 0, set(ids)
    return len(ids) - len(got), set(got)


def _wait(predicate, timeout: float, what: str, step: float = 0.03) -> float:
    """Poll ``predicate`` until true; returns the time.perf_counter() it was first true."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return time.perf_counter()
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(step)


def _idle(pg, quiet: float = 0.8, timeout: float = 120) -> None:
    state = "() => document.querySelector('[data-testid=stApp]')"
    state += "?.getAttribute('data-test-script-state')"
    deadline = time.monotonic() + timeout
    calm = None
    while time.monotonic() < deadline:
        if pg.evaluate(state) in ("running", "initial", None):
            calm = None
        elif calm is None:
            calm = time.monotonic()
        elif time.monotonic() - calm >= quiet:
            return
        time.sleep(0.1)
    raise TimeoutError("the app kept running")


LOCATE = """([ids]) => {
  const want = new Set(ids);
  const r = window.map.getContainer().getBoundingClientRect();
  const size = window.map.getSize();
  const found = {};
  window.map.eachLayer((l) => {
    const id = l.options && l.options.bmPlace;
    if (!id || !want.has(id) || !l.getLatLng || found[id]) return;
    let p = window.map.latLngToContainerPoint(l.getLatLng());
    if (l._icon) {  // an icon may sit beside its point (fanned out): aim at the icon
      const b = l._icon.getBoundingClientRect();
      p = {x: b.left + b.width / 2 - r.left, y: b.top + b.height / 2 - r.top};
    }
    let lp = null;
    if (l._spot) {  // a pie drawn beside its point (fanned out)
      lp = l._spot();
      p = window.map.layerPointToContainerPoint(lp);
    }
    if (p.x < 20 || p.y < 20 || p.x > size.x - 20 || p.y > size.y - 20) return;
    const hit = document.elementFromPoint(p.x + r.left, p.y + r.top);
    const el = l._icon || l._path || (l._renderer && l._renderer._container);
    let top = hit && el && (hit === el || el.contains(hit));
    if (top && lp && l._renderer._drawFirst) {
      // on a canvas the last shape drawn under the point is the one a click reaches
      let last = null;
      for (let o = l._renderer._drawFirst; o; o = o.next) {
        if (o.layer.options.interactive && o.layer._containsPoint(lp)) {
          last = o.layer;
        }
      }
      top = last === l;
    }
    if (top) { found[id] = {x: p.x + r.left, y: p.y + r.top}; }
  });
  for (const id of ids) { if (found[id]) return {id, ...found[id]}; }
  return null;
}"""


# Clocks kept in the page (absolute milliseconds, comparable between the page and the map's
# frame): when the click and the key press happened, and when their effect showed.
CLICK_CLOCK = """() => {
  window.bmBenchClick = null;
  document.addEventListener("click", () => {
    window.bmBenchClick = performance.timeOrigin + performance.now();
  }, {capture: true, once: true});
}"""
PANEL_CLOCK = """([name]) => {
  window.bmBenchPanel = null;
  const done = () => {
    const h = document.querySelector(".bm-place");
    const c = document.querySelector(".bm-card mark");
    if (h && h.innerText.includes(name) && c && !window.bmBenchPanel) {
      window.bmBenchPanel = performance.timeOrigin + performance.now();
      obs.disconnect();
    }
  };
  const obs = new MutationObserver(done);
  obs.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""
KEY_CLOCK = """() => {
  window.bmBenchKey = null;
  document.addEventListener("keydown", () => {
    window.bmBenchKey = performance.timeOrigin + performance.now();
  }, {capture: true, once: true});
}"""
REDRAW_CLOCK = (
    """([kept, gone]) => {
  window.bmBenchRedrawn = null;
  const drawn = """
    + DRAWN
    + """;
  const timer = setInterval(() => {
    const f = drawn();
    if (f && kept.every((i) => f.has(i)) && !gone.some((i) => f.has(i))) {
      window.bmBenchRedrawn = performance.timeOrigin + performance.now();
      clearInterval(timer);
    }
  }, 20);
}"""
)


def scenario_data(store: Path, theme: str | None, click_name: str | None) -> dict:
    """The places a run expects to see drawn, the theme it filters by and the towns it may
    click, read with the store code of the app measured (see ``BRIEFMAP_APP``)."""
    from briefmap.analysis.themes import load_taxonomy
    from briefmap.store import Filters, Store

    st = Store(store)
    everything = [p for p in st.place_summary() if p["precision"] in DRAWABLE]
    taxonomy = load_taxonomy()
    counts = st.theme_counts()
    if theme is None:  # the median theme by mentions: a typical narrowing
        ranked = sorted((t for t in counts if t in taxonomy), key=counts.get)
        theme = ranked[len(ranked) // 2]
    narrowed = st.place_summary(Filters(themes=(theme,)))
    kept = [p["id"] for p in narrowed if p["precision"] in DRAWABLE]
    # crossings stay on the map whatever the filters (their own layer)
    crossing = {p["id"] for p in everything if p["kind"] == "border_crossing"}
    towns = [
        {"id": p["id"], "name": p["name"]}
        for p in everything
        if p["precision"] in ("settlement", "point") and p["kind"] != "border_crossing"
    ]
    if click_name:
        towns = [p for p in towns if p["name"] == click_name] + towns
    st.close()
    return {
        "expected": [p["id"] for p in everything],
        "theme": theme,
        "label": taxonomy[theme].label("en"),
        "kept": kept,
        "gone": sorted({p["id"] for p in everything} - set(kept) - crossing)[:200],
        "towns": towns,
    }


def in_app(app: Path, *args: str) -> str:
    """Run this file with ``args`` on the code of ``app``; its standard output."""
    env = {**os.environ, "BRIEFMAP_APP": str(app), "PYTHONPATH": str(app)}
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        cwd=app, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if out.returncode:
        raise RuntimeError(f"{args[0]} failed in {app}: {out.stderr[-2000:]}")
    return out.stdout


class Scenario:
    """What one run does, and the places and theme it expects to see."""

    def __init__(self, app: Path, store: Path, theme: str | None, click: str | None) -> None:
        data = json.loads(in_app(app, "--scenario", str(store), theme or "", click or ""))
        self.expected, self.kept, self.gone = data["expected"], data["kept"], data["gone"]
        self.theme, self.label, self.towns = data["theme"], data["label"], data["towns"]

    def run(self, browser, url: str) -> dict:
        """One new session: load, click, filter; returns the timings (s) and the payload."""
        ctx = browser.new_context(viewport=VIEWPORT)
        pg = ctx.new_page()
        received = [0]

        def on_frame(data) -> None:
            received[0] += len(data if isinstance(data, bytes) else data.encode())

        pg.on("websocket", lambda ws: ws.on("framereceived", on_frame))
        try:
            t0 = time.perf_counter()
            pg.goto(url, wait_until="commit")
            fr = _map_frame(pg, time.monotonic() + 300)
            done = _wait(lambda: _drawn(fr, self.expected)[0] == len(self.expected), 300, "map")
            out = {"load": done - t0, "payload": received[0]}
            out.update(self.click(pg, fr))
            out["filter"] = self.filter(pg, fr)
            return out
        finally:
            ctx.close()

    def click(self, pg, fr) -> dict:
        """The first town (most mentioned first) on screen and on top: from the click event
        to the panel showing the place and an excerpt, both timed in the browser."""
        _idle(pg)
        if pg.evaluate("() => !!document.querySelector('.bm-place')"):
            raise RuntimeError("a place is selected before the click")
        lost = 0
        for attempt in range(4):  # a click the page loses is counted, then repeated
            spot = fr.evaluate(LOCATE, [[p["id"] for p in self.towns]])
            if spot is None:
                raise RuntimeError("no town marker to click in the first view")
            name = next(p["name"] for p in self.towns if p["id"] == spot["id"])
            fr.evaluate(CLICK_CLOCK)
            pg.evaluate(PANEL_CLOCK, [name])
            box = fr.frame_element().bounding_box()
            clicks = fr.evaluate("() => window.bmClicks || 0")
            pg.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
            try:  # the map's click handler counts the clicks that reach a place
                _wait(lambda n=clicks: fr.evaluate("() => window.bmClicks || 0") > n, 3, "click")
            except TimeoutError:
                if attempt == 3:
                    raise
                lost += 1
                _idle(pg)
                continue
            _wait(lambda: pg.evaluate("() => window.bmBenchPanel"), 300, name)
            break
        shown = pg.evaluate("() => window.bmBenchPanel")
        return {"click": (shown - fr.evaluate("() => window.bmBenchClick")) / 1000,
                "lost": lost, "clicked": name}  # fmt: skip

    def filter(self, pg, fr) -> float:
        """One theme chosen in the sidebar: from the key press that chooses it to the map
        drawing exactly that theme's places (timed in the browser)."""
        _idle(pg)
        pg.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first.click()
        pg.keyboard.type(self.label)
        pg.get_by_role("option", name=self.label).first.wait_for(timeout=10_000)
        fr.evaluate(REDRAW_CLOCK, [self.kept, self.gone])
        pg.evaluate(KEY_CLOCK)
        pg.keyboard.press("Enter")
        try:
            _wait(lambda: fr.evaluate("() => window.bmBenchRedrawn"), 120, "map filtered")
        except TimeoutError:
            _, missing = _drawn(fr, self.kept + self.gone)
            raise TimeoutError(
                f"map not filtered by {self.theme}: kept missing {set(self.kept) & missing}, "
                f"still drawn {set(self.gone) - missing}"
            ) from None
        redrawn = fr.evaluate("() => window.bmBenchRedrawn")
        return (redrawn - pg.evaluate("() => window.bmBenchKey")) / 1000


def measure(
    app: Path, url: str, store: Path, runs: int, theme: str | None, click_name: str | None
) -> dict:
    """Medians over ``runs`` sessions (after one warm-up session) of ``app`` at ``url``."""
    from playwright.sync_api import sync_playwright

    scenario = Scenario(app, store, theme, click_name)
    out: dict[str, list] = {
        "first": [], "load": [], "click": [], "filter": [], "payload": [], "lost": []
    }  # fmt: skip
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )  # fmt: skip
        for run in range(runs + 1):  # run 0 warms the server's caches and is not counted
            r = scenario.run(browser, url)
            if not run:  # the first page load after the server started
                out["first"] = [r["load"]]
            if run:
                for k in out:
                    if k != "first":
                        out[k].append(r[k])
            print(
                f"  run {run}{' (warm-up)' if not run else ''}: load {r['load']:.2f} s, "
                f"click {r['clicked']} {r['click']:.2f} s, filter {scenario.label} "
                f"{r['filter']:.2f} s, payload {r['payload'] / 1e6:.2f} MB"
                + (f", {r['lost']} click(s) lost" if r["lost"] else ""),
                flush=True,
            )
        browser.close()
    return {
        "places": len(scenario.expected),
        "theme": scenario.theme,
        "runs": out,
        "median": {k: statistics.median(v) for k, v in out.items() if k != "lost"},
        "lost_clicks": sum(out["lost"]),
    }


def checkout(rev: str) -> Path:
    """``rev``'s files in a temporary folder (with this checkout's static/vendor)."""
    tmp = Path(tempfile.mkdtemp(prefix=f"briefmap-{rev[:7]}-"))
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive.stdout, check=True)
    shutil.copytree(ROOT / "static", tmp / "static", dirs_exist_ok=True)
    return tmp


def seed_store(app: Path = ROOT) -> Path:
    """The seed corpus, built by ``app``'s code into a temporary store."""
    path = Path(tempfile.mkdtemp(prefix="briefmap-seeds-")) / "briefmap.sqlite"
    in_app(app, "--build-seeds", str(path))
    return path


def archive_store(n: int, app: Path = ROOT) -> Path:
    """The archive of ``n`` briefs (``benchmarks/archive.py``), written once per store
    schema into ``var/`` by ``app``'s code."""
    version = in_app(app, "--schema").strip()
    path = ROOT / "var" / f"archive-{n}-schema{version}.sqlite"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (app / "benchmarks" / "archive.py").exists():
            shutil.copy(Path(__file__).with_name("archive.py"), app / "benchmarks" / "archive.py")
        print(f"writing an archive of {n} briefs to {path} (once)…", flush=True)
        env = {**os.environ, "PYTHONPATH": str(app)}
        subprocess.run(
            [sys.executable, str(app / "benchmarks" / "archive.py"), str(n), str(path)],
            cwd=app, env=env, check=True,
        )  # fmt: skip
    return path


def helper(argv: list[str]) -> bool:
    """The helper commands ``in_app`` runs on another app's code; True if one ran."""
    if argv[:1] == ["--scenario"]:
        store, theme, click = argv[1:4]
        print(json.dumps(scenario_data(Path(store), theme or None, click or None)))
    elif argv[:1] == ["--build-seeds"]:
        try:
            from briefmap.build import build_store
        except ImportError:  # before the build had a module of its own
            from briefmap.store import build_store
        build_store(Path(argv[1]))
    elif argv[:1] == ["--schema"]:
        from briefmap.store import SCHEMA_VERSION

        print(SCHEMA_VERSION)
    else:
        return False
    return True


BASELINE = "7e3a987"  # the dashboard before the map-truth work: one folium object per symbol
BASELINE_FILE = ROOT / "benchmarks" / f"browser-{BASELINE}.json"
RESULTS_FILE = ROOT / "var" / "bench-browser.json"
TARGETS = {"first": 4.0, "load": 3.0, "click": 0.3, "filter": 0.5, "payload": 2e6}
CLICK_AT_SEEDS = "Klaipėda"  # the slowest click the map-truth issue measured


def table(before: dict, now: dict) -> str:
    """The Markdown table of the medians: each store, before and now, against the target."""
    stores = list(now or before)
    head = "| median of runs | target | " + " | ".join(
        f"{s}: {BASELINE} | {s}: now" for s in stores
    )
    rows = [head + " |", "|---" * (2 + 2 * len(stores)) + "|"]
    names = {
        "first": "first page load after the server started → map drawn",
        "load": "page load → map drawn",
        "click": "marker click → excerpt in the panel",
        "filter": "theme filter → map redrawn",
        "payload": "page payload until the map is drawn",
    }

    def cell(result: dict | None, k: str) -> str:
        if not result or k not in result["median"]:
            return "–"
        x = result["median"][k]
        return f"{x / 1e6:.2f} MB" if k == "payload" else f"{x:.2f} s"

    for k, name in names.items():
        goal = f"≤ {TARGETS[k] / 1e6:.0f} MB" if k == "payload" else f"≤ {TARGETS[k]} s"
        cells = [f"{cell(before.get(s), k)} | {cell(now.get(s), k)}" for s in stores]
        rows.append(f"| {name} | {goal} | " + " | ".join(cells) + " |")

    def lost(result: dict | None) -> str:
        return f"{result['lost_clicks']} of {result['runs_n']}" if result else "–"

    def places(result: dict | None) -> str:
        return str(result["places"]) if result else "–"

    cells = [f"{lost(before.get(s))} | {lost(now.get(s))}" for s in stores]
    rows.append("| first clicks lost (then clicked again) | 0 | " + " | ".join(cells) + " |")
    cells = [f"{places(before.get(s))} | {places(now.get(s))}" for s in stores]
    rows.append("| places drawn | | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    if helper(sys.argv[1:]):
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, help="measure one store (else: the seeds and --archive)")
    ap.add_argument("--archive", type=int, default=10_000, help="briefs in the archive (10000)")
    ap.add_argument("--app", type=Path, default=ROOT)
    ap.add_argument("--commit", help="measure this commit's dashboard")
    ap.add_argument("--baseline", action="store_true", help=f"measure {BASELINE}, save it")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--theme")
    ap.add_argument("--click", help="English name of the town to click when on screen")
    ap.add_argument("--url", help="measure a server already running on --store")
    ap.add_argument("--table", action="store_true", help="print the saved table, measure nothing")
    a = ap.parse_args()
    before = json.loads(BASELINE_FILE.read_text()) if BASELINE_FILE.exists() else {}
    if a.table:
        now = json.loads(RESULTS_FILE.read_text()) if RESULTS_FILE.exists() else {}
        print(table(before, now))
        return
    app = checkout(BASELINE if a.baseline else a.commit) if (a.baseline or a.commit) else a.app
    if a.store:
        stores = {a.store.name: (a.store, a.click)}
    else:
        stores = {
            "2 briefs": (seed_store(app), a.click or CLICK_AT_SEEDS),
            f"{a.archive:,} briefs": (archive_store(a.archive, app), a.click),
        }
    results = {}
    for label, (store, click) in stores.items():
        print(f"{app} on {label} ({store}):", flush=True)
        if a.url:
            r = measure(app, a.url, store, a.runs, a.theme, click)
        else:
            with serve(app, store) as url:
                r = measure(app, url, store, a.runs, a.theme, click)
        results[label] = {**r, "runs_n": a.runs, "date": time.strftime("%Y-%m-%d")}
    if not a.store and not a.url:
        out = BASELINE_FILE if a.baseline else RESULTS_FILE
        if not a.commit:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print()
    print(table(results, {}) if a.baseline else table(before, results))
    print(f"\n{time.strftime('%Y-%m-%d')}, headless Chromium {VIEWPORT['width']}x"
          f"{VIEWPORT['height']}, medians of {a.runs} runs after a warm-up run")  # fmt: skip


if __name__ == "__main__":
    main()
