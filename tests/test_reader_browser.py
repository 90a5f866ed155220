"""A long brief in the reader (issue 7): a page run sends the visible page of the brief and
its mentions, not the whole text, and the reader pages through it.

A store holds the seed briefs and one brief of about 1 MB (the seeds' text again and
again), built through the real pipeline; the dashboard runs in Debian's Chromium and every
websocket frame the page receives is counted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from app_server import launch_chromium, serve_dashboard, wait_idle
from playwright import sync_api

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
BIG = "long-brief"
MB = 1_000_000


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    from briefmap.build import build_store
    from briefmap.text.corpus import load_brief, load_corpus

    tmp = tmp_path_factory.mktemp("reader")
    seeds = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("briefmap/geodata/briefs/*.txt"))
    )
    text = (seeds + "\n\n") * (MB // len(seeds) + 1)
    (tmp / f"{BIG}.txt").write_text(text[:MB], encoding="utf-8")
    big = load_brief(
        tmp / f"{BIG}.txt", meta={"id": BIG, "title": "A long brief", "language": "pl"}
    )
    path = tmp / "briefmap.sqlite"
    build_store(path, briefs=[*load_corpus(), big])
    return path


@pytest.fixture(scope="module")
def server(store, tmp_path_factory):
    with serve_dashboard({"BRIEFMAP_STORE": str(store)}, tmp_path_factory.mktemp("srv")) as url:
        yield url


def test_a_1_mb_brief_costs_a_page_run_under_1_mb_and_pages_through(server):
    received: list[int] = []
    with sync_api.sync_playwright() as pw:
        browser = launch_chromium(pw)
        pg = browser.new_page(viewport={"width": 1440, "height": 900})
        pg.on(
            "websocket",
            lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))),
        )
        pg.goto(f"{server}/?brief={BIG}")
        pg.locator(".bm-reader").first.wait_for(timeout=90_000)
        wait_idle(pg)
        total = sum(received)
        assert total < MB, f"the page run received {total:,} bytes"
        shown = pg.locator(".bm-reader").first.inner_text()
        assert 1_000 < len(shown) < 40_000  # one page of the brief, not the whole of it
        assert pg.get_by_text("page 1 of").count() == 1
        first = shown[:200]
        pg.get_by_role("button", name="▶").first.click()
        wait_idle(pg)
        assert pg.get_by_text("page 2 of").count() == 1
        assert pg.locator(".bm-reader").first.inner_text()[:200] != first
        # the marked places of page 2 are buttons with their own offsets in the whole brief
        starts = pg.eval_on_selector_all(
            ".bm-reader .bm-mention", "(els) => els.map((e) => Number(e.dataset.start))"
        )
        assert starts and min(starts) > 10_000
        browser.close()
