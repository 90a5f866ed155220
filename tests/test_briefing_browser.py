"""Briefing mode and the offline HTML export in a real browser (Debian's Chromium, Playwright).

- The exported HTML file is opened from disk with every request that is not the file
  itself aborted and counted: none may leave it; the map and its layers draw; the arrow
  keys step through the briefing; each step shows the excerpt the store holds.
- The briefing page (``pages/briefing.py``, served by ``streamlit run dashboard.py``) at
  1366×768 and 1920×1080: each step's place is centred and highlighted, the excerpt shown
  is that step's, the keyboard moves forward and back, full screen hides the sidebar.

Run on their own with ``make browser-test`` (``pytest -m browser``). With
``BRIEFMAP_DOCS_BRIEFING=docs/briefing.png`` the link test refreshes the README's picture.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from app_server import launch_chromium, serve_dashboard
from briefing_store import EN_ID, PL_ID, SEED_PISM, build
from playwright import sync_api

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
EXAMPLE = ROOT / "briefmap" / "geodata" / "briefings" / "pism-belarus-russia-integration.toml"


# -- fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("briefing-browser"))


@pytest.fixture(scope="module")
def store(store_path):
    from briefmap.store import Store

    s = Store(store_path)
    yield s
    s.close()


@pytest.fixture(scope="module")
def server(store_path, tmp_path_factory):
    env = {"BRIEFMAP_STORE": str(store_path)}
    with serve_dashboard(env, tmp_path_factory.mktemp("server")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = launch_chromium(pw)
        yield b
        b.close()


# -- helpers ---------------------------------------------------------------------------------
def wait_for(predicate, timeout: float = 30, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(message or "timed out")
        time.sleep(0.1)


def player_frame(pg, timeout: float = 90):
    """The frame the briefing player runs in, once it shows its first step."""
    ready = "() => !!(window.bmBriefing && window.bmBriefing.index() >= 0)"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for fr in pg.frames:
            try:
                if fr.evaluate(ready):
                    return fr
            except Exception:  # a frame that is going away
                continue
        time.sleep(0.25)
    raise AssertionError("the briefing player did not start")


def settled(fr, index: int, timeout: float = 20) -> dict:
    """Wait until the player shows step ``index`` (0-based) and the map stopped moving;
    returns what it shows."""
    state = """() => {
      const P = window.bmBriefing, root = document.querySelector(".bm-brief");
      return {i: P.index(), still: !P.moving && root.dataset.state === "still",
              key: root.dataset.key, step: root.dataset.step,
              excerpt: document.querySelector(".bm-brief-excerpt").textContent,
              progress: document.querySelector(".bm-brief-n").textContent};
    }"""
    wait_for(
        lambda: (lambda s: s["i"] == index and s["still"])(fr.evaluate(state)),
        timeout,
        f"the player did not settle on step {index + 1}: {fr.evaluate(state)}",
    )
    return fr.evaluate(state)


#: where the current step's place sits in the map, and what is highlighted
PLACEMENT = """() => {
  const P = window.bmBriefing, map = P.map, s = P.current(), size = map.getSize();
  let c, inside = true;
  if (s.bounds && !s.fixed_zoom) {
    const b = L.latLngBounds(s.bounds);
    const sw = map.latLngToContainerPoint(b.getSouthWest());
    const ne = map.latLngToContainerPoint(b.getNorthEast());
    c = {x: (sw.x + ne.x) / 2, y: (sw.y + ne.y) / 2};
    inside = sw.x >= -2 && ne.x <= size.x + 2 && ne.y >= -2 && sw.y <= size.y + 2;
  } else {
    c = map.latLngToContainerPoint([s.lat, s.lon]);
  }
  const drawn = P.highlight ? P.highlight.getLayers().filter((l) => l._map &&
    (l._path || l._container)).length : 0;
  const ends = (s.shape.ends || []).map((e) => map.getBounds().contains([e.lat, e.lon]));
  return {dx: Math.abs(c.x - size.x / 2) / size.x, dy: Math.abs(c.y - size.y / 2) / size.y,
          inside, highlighted: !!P.highlight && map.hasLayer(P.highlight) &&
          P.highlight.bmKey === s.key, drawn, ends, kind: s.kind, key: s.key};
}"""


def expected_steps(store, **kw) -> list[dict]:
    """What each step must show: its key and the excerpt the store holds for it."""
    from briefmap.present.steps import view_steps
    from briefmap.store import Filters

    out = []
    for s in view_steps(store, Filters(**kw)).steps:
        row = s.mention or s.flow
        out.append({"key": s.key, "excerpt": " ".join(row["excerpt"].split())})
    return out


def norm(text: str) -> str:
    return " ".join(text.split())


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    pg.screenshot(path=str(path))
    return path


# -- the offline HTML file -------------------------------------------------------------------
@pytest.fixture(scope="module")
def exported(store, tmp_path_factory) -> Path:
    from briefmap.present.export import export
    from briefmap.present.view import View
    from briefmap.store import Filters

    out = tmp_path_factory.mktemp("html") / "briefing.html"
    return export(store, "html", out, View(Filters(briefs=(PL_ID, EN_ID))))


def _offline_page(browser, viewport=(1366, 768)):
    """A page where every request but a file:// one is aborted and counted."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    left: set[str] = set()  # every URL that would have left the file

    def route(r):
        url = r.request.url
        if url.startswith("file:"):
            r.continue_()
        else:
            left.add(url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    # and whatever the router does not see (a WebSocket, a beacon)
    pg.on("websocket", lambda ws: left.add(ws.url))
    pg.on("request", lambda req: req.url.startswith(("file:", "data:")) or left.add(req.url))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    return context, pg, left, errors


def test_exported_html_works_from_disk_with_no_network(browser, exported, store):
    context, pg, left, errors = _offline_page(browser)
    pg.goto(exported.as_uri())
    fr = player_frame(pg)
    layers = fr.evaluate(
        """() => {
      const map = window.bmBriefing.map, out = {paths: 0, markers: 0, groups: {}};
      map.eachLayer((l) => { if (l._path) out.paths++; if (l._icon) out.markers++; });
      for (const [k, gs] of Object.entries(window.bmBriefing.groups)) {
        out.groups[k] = gs.filter((g) => map.hasLayer(g)).length;
      }
      out.legend = !!document.querySelector(".bm-legend");
      out.control = !!document.querySelector(".leaflet-control-layers");
      out.land = Object.keys(window.bmCountries || {}).length;
      return out;
    }"""
    )
    assert layers["paths"] > 20 and layers["markers"] > 5  # areas, lines, crossings
    assert layers["groups"]["themes"] > 0 and layers["groups"]["flows"] == 1
    assert layers["legend"] and layers["control"] and layers["land"] > 30
    want = expected_steps(store, briefs=(PL_ID, EN_ID))
    seen = []
    for i, step in enumerate(want):
        shown = settled(fr, i)
        assert shown["key"] == step["key"]
        assert norm(shown["excerpt"]) == step["excerpt"]  # the store's words, as text
        assert shown["progress"] == f"Step {i + 1} of {len(want)}"
        seen.append(shown["key"])
        if i < len(want) - 1:
            pg.keyboard.press("ArrowRight")
    assert pg.evaluate("location.hash") == f"#step={len(want)}"
    pg.keyboard.press("ArrowLeft")
    assert settled(fr, len(want) - 2)["key"] == want[-2]["key"]
    pg.keyboard.press("Home")
    settled(fr, 0)
    # the hostile sentence is shown as text and ran nothing
    assert fr.locator("img[src='x']").count() == 0 and fr.locator("script[src]").count() == 0
    screenshot(pg, "briefing-offline.png")
    pg.wait_for_timeout(1000)  # late requests (fonts, tiles) would show up here
    assert left == set() and errors == []
    context.close()


def test_exported_briefing_opens_at_the_step_of_its_link_and_shows_a_flow_whole(
    browser, store, tmp_path
):
    from briefmap.present.export import export
    from briefmap.present.view import View

    out = export(store, "html", tmp_path / "pism.html", View(briefing=str(EXAMPLE)))
    context, pg, left, errors = _offline_page(browser, (1920, 1080))
    pg.goto(out.as_uri() + "#step=8")
    fr = player_frame(pg)
    shown = settled(fr, 7)
    placed = fr.evaluate(PLACEMENT)
    assert placed["kind"] == "flow" and placed["ends"] and all(placed["ends"])  # both ends
    assert placed["highlighted"] and placed["drawn"] >= 3  # the line and its ends
    assert "Ust-Łudze" in shown["excerpt"]
    caption = fr.locator(".bm-brief-caption").inner_text()
    assert caption.startswith("February 2021: Belarusian oil products")
    # the step's layers: the flows and borders, no theme layer
    on = fr.evaluate(
        "() => Object.fromEntries(Object.entries(window.bmBriefing.groups).map(([k, gs]) =>"
        " [k, gs.some((g) => window.bmBriefing.map.hasLayer(g))]))"
    )
    assert on == {"themes": False, "flows": True, "crossings": False, "borders": True}
    pg.keyboard.press("PageUp")  # a presentation clicker's "back"
    settled(fr, 6)
    pg.keyboard.press("PageDown")
    settled(fr, 7)
    assert left == set() and errors == []
    context.close()


# -- the briefing page -----------------------------------------------------------------------
@pytest.mark.parametrize("viewport", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_briefing_page_steps_through_a_brief(browser, server, store, viewport):
    w, h = viewport
    context = browser.new_context(viewport={"width": w, "height": h})
    external: list[str] = []

    def route(r):
        host = urlsplit(r.request.url).hostname or ""
        if r.request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOOPBACK:
            external.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)
    pg = context.new_page()
    pg.goto(f"{server}/briefing?brief={SEED_PISM}")
    fr = player_frame(pg)
    want = expected_steps(store, briefs=(SEED_PISM,))
    box = fr.frame_element().bounding_box()
    assert box["y"] + box["height"] <= h + 1  # the presentation fits the window
    sidebar = pg.locator('[data-testid="stSidebar"]')
    assert sidebar.is_visible()
    checked = 0
    for i in range(min(len(want), 8)):
        shown = settled(fr, i)
        assert shown["key"] == want[i]["key"]
        assert norm(shown["excerpt"]) == want[i]["excerpt"]
        placed = fr.evaluate(PLACEMENT)
        assert placed["highlighted"] and placed["drawn"] >= 1, placed
        assert placed["dx"] < 0.05 and placed["dy"] < 0.05, placed  # centred
        assert placed["inside"], placed  # a region or a country shows whole
        checked += 1
        pg.keyboard.press("ArrowRight")  # pressed in the page, outside the map's frame
    assert checked == 8
    settled(fr, 8)
    pg.keyboard.press("ArrowLeft")
    settled(fr, 7)
    wait_for(lambda: parse_qs(urlsplit(pg.url).query).get("step") == ["8"], 10, pg.url)
    # full screen: the presentation covers the window, the sidebar is gone
    fr.locator(".bm-full").click()
    wait_for(lambda: not sidebar.is_visible(), 10, "the sidebar stayed in full screen")
    box = fr.frame_element().bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, w, h)
    screenshot(pg, f"briefing-full-{w}x{h}.png")
    pg.keyboard.press("ArrowRight")
    settled(fr, 8)
    assert fr.evaluate(PLACEMENT)["dx"] < 0.05
    pg.keyboard.press("Escape")
    wait_for(lambda: sidebar.is_visible(), 10, "Escape did not leave full screen")
    assert external == []
    context.close()


def test_a_link_with_a_step_opens_at_that_step_and_copy_link_gives_it(browser, server, store):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    # a curated briefing, at its fourth step: Grodno Oblast with the presenter's caption
    pg.goto(f"{server}/briefing?briefing={EXAMPLE.stem}&step=4")
    fr = player_frame(pg)
    shown = settled(fr, 3)
    assert shown["key"] == "bm:by-grodno-oblast" and "centrum szkolno-bojowe" in shown["excerpt"]
    assert fr.locator(".bm-brief-caption").inner_text().startswith("First of three joint")
    assert shown["progress"] == "Step 4 of 12"
    if os.environ.get("BRIEFMAP_DOCS_BRIEFING"):
        _docs_picture(pg, os.environ["BRIEFMAP_DOCS_BRIEFING"])
    # a brief's own steps, at the fifth; "Copy link" gives the link of the step shown
    pg.goto(f"{server}/briefing?brief={SEED_PISM}&step=5")
    fr = player_frame(pg)
    want = expected_steps(store, briefs=(SEED_PISM,))
    assert settled(fr, 4)["key"] == want[4]["key"]
    fr.locator(".bm-next").click()
    settled(fr, 5)
    link = fr.evaluate("() => window.bmBriefing.copyLink()")
    query = parse_qs(urlsplit(link).query)
    assert query["step"] == ["6"] and query["brief"] == [SEED_PISM]
    assert urlsplit(link).path == "/briefing"
    wait_for(lambda: fr.locator(".bm-brief-status").inner_text() != "", 5)
    # the export buttons make their file when clicked: the GeoJSON of this brief
    pg.get_by_text("Export this view").click()
    with pg.expect_download(timeout=60_000) as got:
        pg.get_by_role("button", name="GeoJSON (mentions and flows)").click()
    download = got.value
    assert download.suggested_filename.startswith(f"briefmap-{SEED_PISM}-")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    ids = {f["properties"]["brief_id"] for f in data["features"]}
    assert ids == {SEED_PISM} and len(data["features"]) > 50
    context.close()


def _docs_picture(pg, target: str) -> None:
    """The README's picture of briefing mode: this page, a few colours (small)."""
    from PIL import Image

    path = screenshot(pg, "briefing-docs.png")
    Image.open(path).convert("RGB").quantize(colors=96, method=Image.Quantize.MEDIANCUT).save(
        target, optimize=True
    )


def test_play_moves_on_by_itself_and_stops_at_the_last_step(browser, store, tmp_path):
    from briefmap.present.export import export
    from briefmap.present.view import View

    briefing = tmp_path / "auto.toml"
    briefing.write_text(
        f'title = "Auto"\nbrief = "{PL_ID}"\nautoplay = 1\n'
        '[[step]]\nplace = "bm:by-minsk"\n'
        '[[step]]\nplace = "bm:lt-klaipeda"\ncaption = "Kłajpeda <b>port</b> ${x}"\n',
        encoding="utf-8",
    )
    out = export(store, "html", tmp_path / "auto.html", View(briefing=str(briefing)))
    context, pg, left, errors = _offline_page(browser)
    pg.goto(out.as_uri())
    fr = player_frame(pg)
    settled(fr, 0)
    play = fr.locator(".bm-play")
    play.click()
    assert play.inner_text() == "Pause"
    settled(fr, 1, timeout=6)
    wait_for(lambda: play.inner_text() == "Play", 3, "autoplay did not stop at the end")
    # the presenter's caption is text too
    assert fr.locator(".bm-brief-caption").inner_text() == "Kłajpeda <b>port</b> ${x}"
    assert fr.locator(".bm-brief-caption b").count() == 0
    assert left == set() and errors == []
    context.close()
