"""Rejecting an event on the Review page takes its symbol off the dashboard's map, in a
real browser at 1366×768 (Debian's Chromium through Playwright, as
tests/test_browser_events.py): a store built from one brief whose sentences were written
for this test (a closure of the Medininkai crossing, exercises near Grodno); the map draws
both symbols; the closure is rejected on the Review page; the map, opened again, draws the
exercise only. Screenshots in ``test-artifacts/``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from app_server import launch_chromium, serve_dashboard, wait_idle
from playwright import sync_api
from test_browser import map_frame

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
TEXT = (
    "On 12 May 2025 Lithuania closed the Medininkai border crossing. In June 2025 "
    "Belarusian troops held military exercises near Grodno.\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from briefmap.build import build_store
    from briefmap.text.corpus import load_brief

    tmp = tmp_path_factory.mktemp("review-events")
    brief = tmp / "rv-events.txt"
    brief.write_text(TEXT, encoding="utf-8")
    meta = {"id": "rv-events", "title": "Border week", "publisher": "Test", "language": "en",
            "date_start": date(2025, 7, 1)}  # fmt: skip
    data = tmp / "data"
    data.mkdir()
    path = data / "briefmap.sqlite"
    build_store(path, briefs=[load_brief(brief, meta=meta)])
    with serve_dashboard({"BRIEFMAP_DATA": str(data), "BRIEFMAP_STORE": str(path)}, tmp) as url:
        yield url


def symbols(pg) -> list[str]:
    fr = map_frame(pg)
    wait_idle(pg)
    return sorted(
        fr.evaluate("() => [...document.querySelectorAll('.bm-event')].map((e) => e.dataset.kind)")
    )


def test_an_event_rejected_on_the_review_page_leaves_the_map(server):
    with sync_api.sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            pg = browser.new_page(viewport={"width": 1366, "height": 768})
            pg.goto(server)
            assert symbols(pg) == ["closure", "exercise"]
            pg.goto(f"{server}/review?brief=rv-events")
            wait_idle(pg)
            card = pg.locator(".bm-ev-card").first
            card.scroll_into_view_if_needed(timeout=30_000)
            assert "Closure" in card.inner_text() and "Medininkai" in card.inner_text()
            assert card.locator("mark", has_text="closed").count() == 1
            ARTIFACTS.mkdir(exist_ok=True)
            pg.screenshot(path=str(ARTIFACTS / "review-events-1366x768.png"))
            pg.locator(".st-key-ev_reject button").click()  # the event's, not a mention's
            wait_idle(pg)
            alert = pg.locator("[data-testid=stAlert]").first.inner_text(timeout=20_000)
            assert "Rejected the event: Closure at Medininkai" in alert
            assert pg.locator("[data-testid=stException]").count() == 0
            pg.goto(server)
            assert symbols(pg) == ["exercise"]
            pg.screenshot(path=str(ARTIFACTS / "review-events-map-1366x768.png"))
        finally:
            browser.close()
