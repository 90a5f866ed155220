"""The events layer in a real browser at 1366×768 (Debian's Chromium through Playwright): a
store built from one brief whose sentences were written for this test (a closure of the
Kuźnica crossing, an exercise near Grodno) draws a symbol per event, the legend lists both
kinds, and a click on the exercise's symbol opens its popup with the kind, the place, the
date, the actor, the brief (its title escaped) and the excerpt. Screenshot in
``test-artifacts/``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from app_server import launch_chromium, serve_dashboard, wait_idle
from playwright import sync_api
from test_browser import legend_keys, map_frame

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
TEXT = (
    "On 3 March 2025 Poland closed the Kuźnica border crossing with Belarus. In September "
    "2025 Russian and Belarusian troops held military exercises near Grodno.\n"
)
TITLE = "Border <b>week</b>"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from briefmap.build import build_store
    from briefmap.text.corpus import load_brief

    tmp = tmp_path_factory.mktemp("events")
    brief = tmp / "ev-brief.txt"
    brief.write_text(TEXT, encoding="utf-8")
    meta = {"id": "ev-brief", "title": TITLE, "publisher": "Test", "language": "en",
            "date_start": date(2025, 10, 1)}  # fmt: skip
    path = tmp / "briefmap.sqlite"
    build_store(path, briefs=[load_brief(brief, meta=meta)])
    with serve_dashboard({"BRIEFMAP_STORE": str(path)}, tmp) as url:
        yield url


def test_event_symbols_their_legend_and_a_popup(server):
    with sync_api.sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            pg = browser.new_page(viewport={"width": 1366, "height": 768})
            pg.goto(server)
            fr = map_frame(pg)
            wait_idle(pg)
            kinds = fr.evaluate(
                "() => [...document.querySelectorAll('.bm-event')].map((e) => e.dataset.kind)"
            )
            assert sorted(kinds) == ["closure", "exercise"]
            keys = legend_keys(fr)
            assert "event:closure" in keys and "event:exercise" in keys
            fr.locator(".bm-event[data-kind=exercise]").click()
            popup = fr.locator(".leaflet-popup-content")
            popup.wait_for(timeout=10_000)
            text = popup.inner_text()
            for part in ("Exercise", "Grodno", "2025-09", "Russia", TITLE, "military exercises"):
                assert part in text, f"{part!r} not in the popup: {text!r}"
            assert popup.locator("b", has_text="week").count() == 0  # the title stays text
            ARTIFACTS.mkdir(exist_ok=True)
            pg.screenshot(path=str(ARTIFACTS / "events-1366x768.png"))
            # the timeline draws the events' marks beside its bars, without an error
            chart = pg.locator("[data-testid=stVegaLiteChart]").first
            chart.scroll_into_view_if_needed()
            chart.locator("canvas, svg").first.wait_for(timeout=20_000)
            assert pg.locator("[data-testid=stException]").count() == 0
            pg.screenshot(path=str(ARTIFACTS / "events-timeline-1366x768.png"))
        finally:
            browser.close()
