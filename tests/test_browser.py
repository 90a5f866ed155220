"""The dashboard in a real browser: headless Chromium (Debian's) driven by Playwright.

A store is built from the seed corpus plus one brief full of hostile HTML, through the real
pipeline; ``streamlit run dashboard.py`` serves it on a free loopback port. Every request
to a host other than the loopback is aborted and counted, and so is every dialog (an
``alert`` that got through). Screenshots go to ``test-artifacts/``.

Run on their own with ``make browser-test`` (``pytest -m browser``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}

HOSTILE_ID = "zz-hostile"
HOSTILE_TEXT = (
    "Atak <script>alert(1)</script> na granicy koło Wilna. "
    "Zdjęcie <img src=x onerror=alert(1)> z portu w Kłajpedzie. "
    'Zobacz <a href="javascript:alert(1)">raport</a> oraz [raport](javascript:alert(1)) '
    "o rozmowach w Mińsku ${alert(1)}.\n"
)
HOSTILE_META = {
    "id": HOSTILE_ID,
    "title": "<script>alert('title')</script><img src=x onerror=alert('title')>",
    "publisher": "<img src=x onerror=alert('publisher')> Institute",
    "language": "pl",
    "date_start": date(2026, 4, 1),
}

#: the seed places of the pipeline issue (English name, precision)
SEED_PLACES = {
    "Belarus": "country",
    "Russia": "country",
    "Ukraine": "country",
    "Poland": "country",
    "Lithuania": "country",
    "Latvia": "country",
    "United States": "country",
    "Grodno Oblast": "region",
    "Nizhny Novgorod Oblast": "region",
    "Kaliningrad Oblast": "region",
    "Ust-Luga": "settlement",
    "Saint Petersburg": "settlement",
    "Klaipėda": "settlement",
    "Sochi": "settlement",
    "Minsk": "settlement",
    "Vilnius": "settlement",
}

if not Path(CHROMIUM).exists():  # pragma: no cover - .ci/run installs it
    pytest.skip(f"{CHROMIUM} missing (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


# -- fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The seed corpus plus the hostile brief, through the real pipeline; and the ids the
    gazetteer gave the seed places."""
    from briefmap.build import build_store
    from briefmap.corpus import load_brief, load_corpus
    from briefmap.store import Store

    tmp = tmp_path_factory.mktemp("browser")
    hostile = tmp / f"{HOSTILE_ID}.txt"
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    path = tmp / "briefmap.sqlite"
    build_store(path, briefs=[*load_corpus(), load_brief(hostile, meta=HOSTILE_META)])
    ids = {p["name"]: p["id"] for p in Store(path).place_summary()}
    missing = set(SEED_PLACES) - set(ids)
    assert not missing, f"the pipeline lost seed places: {missing}"
    return path, {name: ids[name] for name in SEED_PLACES}


@pytest.fixture(scope="module")
def store(built) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def seed_ids(built) -> dict[str, str]:
    return built[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(store, tmp_path_factory):
    from briefmap.assets import REQUIRED, copy_assets

    if not all((ROOT / "static" / "vendor" / f).exists() for f in REQUIRED):
        copy_assets()  # what `make assets` does
    port = _free_port()
    log = (tmp_path_factory.mktemp("server") / "streamlit.log").open("w")
    env = {**os.environ, "BRIEFMAP_STORE": str(store)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"streamlit did not start: {Path(log.name).read_text()[-2000:]}")
        time.sleep(0.25)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


class Watch:
    """What the page tried that it must not: requests off the loopback, dialogs."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1500, "height": 1300})
    watch = Watch()

    def route(r):
        url = r.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOOPBACK:
            watch.external.append(url)
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)
    pg = context.new_page()

    def on_dialog(d):
        watch.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.watch = watch
    pg.base = server
    yield pg
    context.close()


# -- helpers ---------------------------------------------------------------------------------
def map_frame(pg, timeout: float = 60):
    """The st_folium iframe, once Leaflet has drawn the base map and the dynamic layers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for fr in pg.frames:
            try:
                ready = fr.evaluate(
                    "() => !!(window.map && window.map._loaded && window.feature_group"
                    " && window.feature_group.length && window.layer_control)"
                )
            except Exception:
                continue
            if ready:
                return fr
        time.sleep(0.25)
    raise AssertionError("the map did not load")


DRAWN_PLACES = """() => {
  const ids = {};
  window.map.eachLayer((l) => {
    const id = (l.options && l.options.bmPlace) ||
      (l.feature && l.feature.properties && l.feature.properties.bm_place);
    if (!id) { return; }
    const kind = l.getRadius ? (l instanceof L.CircleMarker && !(l instanceof L.Circle)
      ? "marker" : "circle") : (l._icon ? "icon" : "area");
    const drawn = !!(l._path || l._icon);
    ids[id] = ids[id] || [];
    ids[id].push([kind, drawn]);
  });
  return ids;
}"""


def click_place(pg, fr, place_id: str, timeout: float = 20) -> None:
    """Click the topmost symbol of ``place_id`` where the user would see it, once the map
    has settled (st_folium may still be resizing or re-centring the map just after load,
    which moves the marker under the pointer)."""
    locate = """(pid) => {
      let target = null;
      window.map.eachLayer((l) => {
        if (l.options && l.options.bmPlace === pid && l.getLatLng && !target) target = l;
      });
      if (!target) return {x: 0, y: 0, hitPlace: null, hit: "no such layer"};
      const p = window.map.latLngToContainerPoint(target.getLatLng());
      const r = window.map.getContainer().getBoundingClientRect();
      const x = p.x + r.left, y = p.y + r.top;
      const hit = document.elementFromPoint(x, y);
      let hitPlace = null;
      window.map.eachLayer((l) => { if (l._path === hit) hitPlace = l.options.bmPlace; });
      const moving = !!(window.map._animatingZoom || window.map._panAnim &&
        window.map._panAnim._inProgress);
      return {x, y, hitPlace, moving,
              hit: hit ? hit.tagName + "." + (hit.getAttribute("class") || "") : null};
    }"""
    wait_idle(pg)  # a click that lands while the script reruns can be dropped by st_folium
    deadline = time.monotonic() + timeout
    point = fr.evaluate(locate, place_id)
    while point["hitPlace"] != place_id or point["moving"]:
        if time.monotonic() > deadline:
            raise AssertionError(f"{place_id} is not clickable on the map: {point}")
        time.sleep(0.3)
        point = fr.evaluate(locate, place_id)
    box = fr.frame_element().bounding_box()
    pg.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def wait_idle(pg, timeout: float = 30, quiet: float = 0.6) -> None:
    """Wait until the Streamlit script has not been running for ``quiet`` seconds."""
    state = "() => document.querySelector('[data-testid=stApp]')"
    state += "?.getAttribute('data-test-script-state')"
    deadline = time.monotonic() + timeout
    calm_since = None
    while time.monotonic() < deadline:
        if pg.evaluate(state) in ("running", "initial", None):
            calm_since = None
        elif calm_since is None:
            calm_since = time.monotonic()
        elif time.monotonic() - calm_since >= quiet:
            return
        time.sleep(0.1)
    raise AssertionError("the app kept running")


def panel_place(pg) -> str:
    return pg.locator(".bm-place").first.inner_text(timeout=20_000)


def wait_for(predicate, timeout: float = 20, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(message or "timed out")
        time.sleep(0.2)


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    pg.screenshot(path=str(path))
    return path


# -- tests -----------------------------------------------------------------------------------
def test_offline_and_every_seed_place_drawn(page, seed_ids):
    page.goto(page.base)
    fr = map_frame(page)
    drawn = fr.evaluate(DRAWN_PLACES)
    # precision is honest: a country is its shaded outline (or, with no outline in the
    # offline boundaries, a dashed circle), a region a dashed circle, a settlement a marker
    symbols = {"country": {"area"}, "region": {"circle"}, "settlement": {"marker"}}
    for name, precision in SEED_PLACES.items():
        pid = seed_ids[name]
        assert pid in drawn, f"{name} ({pid}) not on the map"
        assert any(ok for _, ok in drawn[pid]), f"{name} ({pid}) has no element"
        kinds = {k for k, _ in drawn[pid]}
        if name == "United States":
            assert kinds == {"circle"}, kinds
        else:
            assert kinds == symbols[precision], (name, kinds)
    assert fr.evaluate("Object.keys(window.bmCountries).length") > 30  # offline basemap
    page.wait_for_timeout(1500)  # let late requests (fonts, tiles, telemetry) show up
    screenshot(page, "dashboard.png")
    if os.environ.get("BRIEFMAP_DOCS_SCREENSHOT"):  # refresh docs/screenshot.png
        shutil.copy(ARTIFACTS / "dashboard.png", os.environ["BRIEFMAP_DOCS_SCREENSHOT"])
    assert page.watch.external == []
    assert page.watch.dialogs == []


def test_toggling_a_theme_layer_hides_its_markers(page):
    page.goto(page.base)
    fr = map_frame(page)
    find = """(label) => {
      const o = window.layer_control._layers.find((x) => x.name.includes(label));
      const leaves = [];
      const walk = (l) => (l.eachLayer ? l.eachLayer(walk) : leaves.push(l));
      walk(o.layer);
      return {on: window.map.hasLayer(o.layer), n: leaves.length,
              drawn: leaves.filter((l) => l._map && (l._path || l._icon)).length};
    }"""
    before = fr.evaluate(find, "Military and security")
    assert before["on"] and before["n"] > 0 and before["drawn"] == before["n"]
    fr.locator(".leaflet-control-layers").hover()
    label = fr.locator(".leaflet-control-layers-overlays label", has_text="Military and security")
    label.locator("input").click()
    after = fr.evaluate(find, "Military and security")
    assert not after["on"] and after["drawn"] == 0
    other = fr.evaluate(find, "Transit and economy")
    assert other["on"] and other["drawn"] > 0  # the other themes stay
    assert page.watch.external == []


def test_clicking_klaipeda_shows_the_potash_excerpt(page, seed_ids):
    page.goto(page.base)
    fr = map_frame(page)
    click_place(page, fr, seed_ids["Klaipėda"])
    card = page.locator(".bm-card", has_text="eksportu soli potasowych")
    try:
        card.first.wait_for(timeout=20_000)
    except Exception as exc:
        state = fr.evaluate(
            "() => ({clicks: window.bmClicks, last: window.bmLastClicked,"
            " tip: window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.last_object_clicked_tooltip})"
        )
        raise AssertionError(f"the panel did not follow the click; map state {state}") from exc
    assert "Klaipėda" in panel_place(page)
    assert card.first.locator("mark").inner_text() == "Kłajpedzie"
    assert "Polski Instytut Spraw Międzynarodowych" in card.first.inner_text()
    # the marker's popup holds the same words, escaped
    assert "Kłajpedzie" in fr.locator(".leaflet-popup-content").inner_text(timeout=10_000)
    screenshot(page, "klaipeda.png")
    assert page.watch.external == [] and page.watch.dialogs == []


def test_clicking_ust_ludze_in_the_reader_selects_ust_luga(page, seed_ids):
    page.goto(page.base + "/?brief=000_79404beda8656f54")
    fr = map_frame(page)
    page.get_by_role("button", name="Ust-Łudze", exact=True).click()
    wait_for(lambda: "Ust-Luga" in panel_place(page), message="panel did not follow")
    wait_for(
        lambda: seed_ids["Ust-Luga"].replace(":", "%3A") in page.evaluate("location.search"),
        message="URL did not follow",
    )
    centre = fr.evaluate("window.map.getCenter()")

    def centred() -> bool:
        c = fr.evaluate("window.map.getCenter()")
        return abs(c["lat"] - 59.67) < 0.3 and abs(c["lng"] - 28.29) < 0.5

    wait_for(centred, message=f"map not centred on Ust-Luga: {centre}")
    assert page.locator(".bm-card mark", has_text="Ust-Łudze").count() >= 1
    assert page.watch.external == []


def test_hostile_brief_is_shown_as_text_and_runs_nothing(page, seed_ids):
    page.goto(page.base + f"/?brief={HOSTILE_ID}&place={seed_ids['Vilnius']}")
    fr = map_frame(page)
    reader = page.locator(".bm-reader")
    reader.wait_for(timeout=20_000)
    text = reader.inner_text()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert '<a href="javascript:alert(1)">raport</a>' in text
    assert "[raport](javascript:alert(1))" in text
    cards = page.locator(".bm-card", has_text="Atak").first
    assert "<script>alert(1)</script>" in cards.inner_text()
    assert "<script>alert('title')</script>" in page.locator(".bm-cite").first.inner_text()
    # popups render the hostile excerpt (the newest brief) as text too
    click_place(page, fr, seed_ids["Vilnius"])
    popup = fr.locator(".leaflet-popup-content")
    assert "<script>alert(1)</script>" in popup.inner_text(timeout=10_000)
    page.wait_for_timeout(1500)
    for frame in page.frames:
        assert frame.locator("img[src='x']").count() == 0
        assert frame.locator("a[href^='javascript:']").count() == 0
    screenshot(page, "hostile.png")
    assert page.watch.dialogs == []
    assert page.watch.external == []
