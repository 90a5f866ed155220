# ruff: noqa: F811  (the fixtures of test_browser, imported by name, are parameters here)
"""What the map draws answers and reads cleanly (issue 16, items 2, 5 and 6), in a real
browser (Debian's Chromium via Playwright) at 1366×768 and 1920×1080:

- a click anywhere inside a region's or a country's area selects it; a symbol on top wins;
- tooltips stay inside the map;
- the legend draws lines for flows and borders, keeps counts apart from labels, and is not
  open over a place;
- the world's land is drawn under far places;
- the briefing page draws every label once: none over another, none twice, none cut at the
  map's edge, a step's callout never over a crossing's name, both ends of a flow in view.

The store and the server are ``tests/test_browser.py``'s (the seed briefs and one hostile
brief through the real pipeline, ``streamlit run dashboard.py`` on a free loopback port).
"""

from __future__ import annotations

import pytest
from app_server import wait_idle
from test_browser import (  # noqa: F401  (fixtures, found by pytest by name)
    DESKTOP,
    browser,
    built,
    map_frame,
    page,
    panel_shows,
    pie,
    screenshot,
    seed_ids,
    server,
    size,
    store,
    wait_for,
)

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), DESKTOP]
both_sizes = pytest.mark.parametrize(
    "size", SIZES, indirect=True, ids=lambda wh: f"{wh[0]}x{wh[1]}"
)

#: a spot inside the area of place ``pid``, at least 22 px from any symbol, crossing, line
#: or smaller area; in page pixels of the map's frame (null when the area shows none)
BARE_SPOT = """(pid) => {
  const map = window.map, size = map.getSize();
  let area = null;
  map.eachLayer((l) => {
    const id = l.feature && l.feature.properties && l.feature.properties.bm_place;
    if (id === pid && l._containsPoint && l._parts) area = l;
  });
  if (!area) return {error: "no area"};
  const marks = [];
  map.eachLayer((l) => {
    if (l.bmRing && l._map && l._point) marks.push(map.layerPointToContainerPoint(l._spot()));
    else if (l._icon) marks.push(map.latLngToContainerPoint(l.getLatLng()));
  });
  const others = [];
  map.eachLayer((l) => {
    const pane = l.options && l.options.pane;
    if (l !== area && l._containsPoint && !(l._renderer instanceof L.Canvas) &&
        ["bm-flows", "bm-regions", "bm-areas"].includes(pane) && l.options.interactive !== false)
      others.push(l);
  });
  const why = {inside: 0, marks: 0, others: 0};
  for (let y = 40; y < size.y - 40; y += 4) {
    for (let x = 60; x < size.x - 60; x += 4) {
      const p = L.point(x, y), lp = map.containerPointToLayerPoint(p);
      if (!area._containsPoint(lp)) continue;
      why.inside++;
      if (marks.some((m) => m.distanceTo(p) < 22)) continue;
      why.marks++;
      if (others.some((o) => o._containsPoint(lp) && (!o.getBounds || !area.getBounds ||
          o.getBounds().getNorth() - o.getBounds().getSouth() <
          area.getBounds().getNorth() - area.getBounds().getSouth()))) continue;
      why.others++;
      const at = document.elementFromPoint(x + map.getContainer().getBoundingClientRect().left,
                                           y + map.getContainer().getBoundingClientRect().top);
      if (!at || at.closest(".leaflet-control, .bm-edge")) continue;
      return {x, y};
    }
  }
  return {error: JSON.stringify(why)};
}"""


def click_in_map(pg, fr, spot: dict) -> None:
    box = fr.frame_element().bounding_box()
    inner = fr.evaluate("() => window.map.getContainer().getBoundingClientRect().toJSON()")
    pg.mouse.click(box["x"] + inner["x"] + spot["x"], box["y"] + inner["y"] + spot["y"])


def selected(pg) -> str | None:
    """The place the panel shows as selected."""
    return pg.evaluate(
        "() => { const e = document.querySelector('.bm-selection');"
        " return e ? e.getAttribute('data-place') : null; }"
    )


@both_sizes
def test_a_click_inside_an_area_selects_it_and_a_symbol_on_top_wins(page, seed_ids):
    page.goto(page.base)
    fr = map_frame(page)
    wait_idle(page)
    for name in ("Grodno Oblast", "Belarus"):
        spot = fr.evaluate(BARE_SPOT, seed_ids[name])
        assert "x" in spot, f"no bare spot inside {name} in the first view: {spot}"
        click_in_map(page, fr, spot)
        wait_for(
            lambda n=name: selected(page) == seed_ids[n] and panel_shows(page, n),
            message=lambda n=name: f"{n} was not selected: {selected(page)}",
        )
    # Minsk's pie lies inside Belarus: a click on it selects Minsk, not the country
    spot = pie(fr, seed_ids["Minsk"])
    box = fr.frame_element().bounding_box()
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    wait_for(
        lambda: selected(page) == seed_ids["Minsk"] and panel_shows(page, "Minsk"),
        message="the pie on top did not win",
    )


TOOLTIP = """() => {
  const t = document.querySelector(".leaflet-tooltip");
  if (!t) return null;
  const r = t.getBoundingClientRect(), m = window.map.getContainer().getBoundingClientRect();
  return {text: t.textContent, inside: r.left >= m.left && r.right <= m.right &&
          r.top >= m.top && r.bottom <= m.bottom, width: r.width};
}"""


@both_sizes
def test_tooltips_stay_inside_the_map(page, seed_ids):
    page.goto(page.base)
    fr = map_frame(page)
    wait_idle(page)
    size = fr.evaluate("() => window.map.getSize()")
    edges = ((size["x"] - 10, size["y"] // 2), (size["x"] // 2, size["y"] - 10),
             (size["x"] // 2, 10))  # fmt: skip
    for corner in edges:
        # Minsk's pie moved to an edge of the map (clear of the controls), then hovered
        fr.evaluate(
            """([pid, x, y]) => { const map = window.map; let pie = null;
              map.eachLayer((l) => { if (l.bmRing && l.options.bmPlace === pid) pie = l; });
              const at = map.latLngToContainerPoint(pie.getLatLng());
              map.panBy([at.x - x, at.y - y], {animate: false}); }""",
            [seed_ids["Minsk"], *corner],
        )
        spot = pie(fr, seed_ids["Minsk"])
        assert spot["clickable"], (corner, spot)
        box = fr.frame_element().bounding_box()
        page.mouse.move(box["x"] + spot["x"] - 3, box["y"] + spot["y"] - 1)
        page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
        wait_for(lambda: fr.evaluate(TOOLTIP), message="no tooltip")
        tip = fr.evaluate(TOOLTIP)
        assert "Minsk" in tip["text"] and tip["inside"], (corner, tip)
        page.mouse.move(box["x"] + 5, box["y"] + 5)


LEGEND = """() => {
  const d = document.querySelector(".bm-legend details");
  const out = {open: d.open, rows: {}};
  d.open = true;
  for (const row of document.querySelectorAll(".bm-legend [data-legend]")) {
    const sw = row.querySelector(".sw").getBoundingClientRect();
    const style = getComputedStyle(row.querySelector(".sw"));
    const label = row.children[1].getBoundingClientRect();
    const n = row.querySelector(".n");
    out.rows[row.dataset.legend] = {
      line: sw.width >= 2 * sw.height && style.borderRadius === "0px",
      round: style.borderRadius !== "0px" && Math.abs(sw.width - sw.height) < 1,
      gap: n ? n.getBoundingClientRect().left - label.right : null};
  }
  d.open = out.open;
  return out;
}"""

#: the anchors of the places drawn that lie under the open legend
UNDER_LEGEND = """() => {
  const d = document.querySelector(".bm-legend details");
  if (!d.open) return [];
  const r = d.parentElement.getBoundingClientRect(), m = window.map.getContainer()
    .getBoundingClientRect(), out = [];
  window.map.eachLayer((l) => {
    if (!l.options || !l.options.bmPlace || !l.getLatLng || l.options.pane === "bm-areas")
      return;
    const p = l._spot && l._point ? window.map.layerPointToContainerPoint(l._spot())
      : window.map.latLngToContainerPoint(l.getLatLng());
    const x = p.x + m.left, y = p.y + m.top;
    if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) out.push(l.options.bmPlace);
  });
  return out;
}"""


def check_legend(fr) -> None:
    legend = fr.evaluate(LEGEND)
    rows = legend["rows"]
    lines = [k for k in rows if k.startswith("flow:") or k in ("border", "gap")]
    assert {"border", "gap"} <= set(lines) and any(k.startswith("flow:") for k in lines)
    assert all(rows[k]["line"] for k in lines), {k: rows[k] for k in lines}
    themes = [k for k in rows if k.startswith("theme:")]
    assert themes and all(rows[k]["round"] for k in themes)
    gaps = [r["gap"] for r in rows.values() if r["gap"] is not None]
    assert gaps and min(gaps) >= 4, gaps  # "Energy 9", never "Energy9"
    assert fr.evaluate(UNDER_LEGEND) == []


@both_sizes
def test_the_legend_uses_its_symbols_and_is_not_open_over_places(page):
    page.goto(page.base)
    fr = map_frame(page)
    wait_idle(page)
    page.wait_for_timeout(1600)  # the legend's late checks (the page's layout settling)
    check_legend(fr)
    screenshot(page, f"legend-{page.viewport_size['width']}.png")


@both_sizes
def test_far_places_are_drawn_on_land(page, seed_ids):
    """After "show everything", the United States' square sits on land (the world's land
    at 1:110m), not in the sea's colour."""
    from io import BytesIO

    from PIL import Image

    page.goto(page.base)
    fr = map_frame(page)
    wait_idle(page)
    fr.locator(".bm-show-all").click()
    wait_for(lambda: pie(fr, seed_ids["United States"]) is not None)
    page.wait_for_timeout(300)
    spot = pie(fr, seed_ids["United States"])
    box = fr.frame_element().bounding_box()
    shot = Image.open(BytesIO(page.screenshot())).convert("RGB")
    # 12 px west of Washington (some 400 km at this zoom): land, under the country's faint
    # dotted circle: nearer the land's colour than the sea's
    x, y = round(box["x"] + spot["x"] - 12), round(box["y"] + spot["y"])
    inner = fr.evaluate("() => window.map.getContainer().getBoundingClientRect().toJSON()")
    assert x > box["x"] + inner["x"]  # inside the map
    colour = shot.getpixel((x, y))

    def dist(a, b):
        return sum((p - q) ** 2 for p, q in zip(a, b, strict=True))

    assert dist(colour, (0xF4, 0xF1, 0xEA)) < dist(colour, (0xD7, 0xE6, 0xEF)), colour


#: the labels visible in the briefing player's map, with their boxes
LABELS = """() => {
  const m = document.querySelector(".folium-map").getBoundingClientRect(), out = [];
  const kinds = [[".bm-brief-label", "callout"], [".bm-edge", "edge"],
                 [".bm-crossing-name", "crossing"], [".bm-town span", "town"]];
  for (const [sel, kind] of kinds) {
    for (const e of document.querySelectorAll(sel)) {
      const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
      const tip = e.closest(".leaflet-tooltip");  // a callout fading out is gone
      if (!r.width || cs.display === "none" || cs.visibility === "hidden" ||
          (tip && tip.style.opacity === "0")) continue;
      out.push({kind, text: e.textContent.trim(), l: r.left, t: r.top, r: r.right, b: r.bottom,
                inside: r.left >= m.left - 0.5 && r.right <= m.right + 0.5 &&
                        r.top >= m.top - 0.5 && r.bottom <= m.bottom + 0.5});
    }
  }
  return out;
}"""


def overlapping(a: dict, b: dict) -> bool:
    return (
        a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1
    )


@pytest.mark.parametrize("viewport", SIZES, ids=lambda wh: f"{wh[0]}x{wh[1]}")
def test_the_briefing_page_draws_every_label_once(browser, server, viewport):
    """Every step of the briefing of all briefs (places, crossings, flows): no label over
    another, none twice, none cut at the map's edge; a callout never over a crossing's
    name; both ends of a flow in view with their names whole; the legend folded where it
    would cover a place."""
    from test_briefing_browser import player_frame, settled

    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    pg = context.new_page()
    pg.goto(f"{server}/briefing")
    fr = player_frame(pg)
    n = fr.evaluate("() => window.bmBriefing.steps.length")
    kinds = set()
    for i in range(n):
        fr.evaluate(f"() => window.bmBriefing.go({i}, {{animate: false}})")
        step = settled(fr, i)
        fr.wait_for_timeout(150)  # the labels' pass after the move
        labels = fr.evaluate(LABELS)
        where = f"step {i + 1} ({step['key']})"
        kinds |= {x["kind"] for x in labels}
        texts = [x["text"] for x in labels]
        twice = sorted({t for t in texts if texts.count(t) > 1})
        assert not twice, (where, twice)
        for j, a in enumerate(labels):
            if a["kind"] in ("callout", "crossing"):
                assert a["inside"], f"{where}: {a}"
            for b in labels[j + 1 :]:
                assert not overlapping(a, b), (where, a, b)
        if step["key"].startswith("flow:"):
            ends = fr.evaluate(
                "() => { const s = window.bmBriefing.current(), m = window.bmBriefing.map;"
                " return s.shape.ends.map((e) => m.getBounds().contains([e.lat, e.lon])); }"
            )
            assert all(ends), (where, ends)
            assert sum(x["kind"] == "callout" for x in labels) >= 2, (where, labels)
        assert fr.evaluate(UNDER_LEGEND.replace("window.map", "window.bmBriefing.map")) == []
    assert {"callout", "crossing", "town"} <= kinds  # the steps did show each kind
    screenshot(pg, f"briefing-labels-{viewport[0]}.png")
    check = LEGEND.replace("window.map", "window.bmBriefing.map")
    rows = fr.evaluate(check)["rows"]
    assert all(rows[k]["line"] for k in rows if k.startswith("flow:") or k in ("border", "gap"))
    gaps = [r["gap"] for r in rows.values() if r["gap"] is not None]
    assert gaps and min(gaps) >= 4, gaps
    context.close()


@pytest.mark.parametrize("viewport", SIZES, ids=lambda wh: f"{wh[0]}x{wh[1]}")
def test_the_exported_html_marks_what_lies_outside_and_shows_everything(
    browser, store, tmp_path, viewport
):
    """The offline HTML file (the same player as the briefing page): the edge marks and
    "show everything" work from disk, the legend draws its symbols and is not open over a
    place."""
    from test_briefing_browser import player_frame

    from briefmap.present.export import export
    from briefmap.present.view import View
    from briefmap.store import Filters, Store

    out = export(Store(store), "html", tmp_path / "all.html", View(Filters()))
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(out.as_uri())
    fr = player_frame(pg)
    first = fr.evaluate("() => window.bmFirstView")
    n = next(p for p in Store(store).place_summary() if p["name"] == "United States")
    assert [e["text"] for e in first["edges"]][:1] == [f"United States, {n['mentions']} mentions"]
    fr.locator(".bm-show-all").click()
    us = [first["edges"][0]["lat"], first["edges"][0]["lon"]]
    wait_for(
        lambda: fr.evaluate("(p) => window.bmBriefing.map.getBounds().contains(p)", us),
        message="show everything did not show the United States",
    )
    rows = fr.evaluate(LEGEND.replace("window.map", "window.bmBriefing.map"))["rows"]
    assert all(rows[k]["line"] for k in rows if k.startswith("flow:") or k in ("border", "gap"))
    assert fr.evaluate(UNDER_LEGEND.replace("window.map", "window.bmBriefing.map")) == []
    assert errors == []
    context.close()
