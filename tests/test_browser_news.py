"""The news of a brief in a real browser at 1366×768 (Debian's Chromium through Playwright):
a brief that reports a crossing closed and a port used is added on the Add briefs page, which
says what it brings; its news page marks those on the map and presents them on the briefing
page; the same brief added again brings nothing new, on both counts (the very same file, and
the same report under another heading a day later).

The brief texts were written for this test (see tests/test_news.py); the closure on
2025-10-29 is the curated status history of Šalčininkai – Benyakoni. Screenshots go to
``test-artifacts/``."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from app_server import launch_chromium, serve_dashboard, wait_idle
from playwright import sync_api

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
BODY = (
    "On 29 October 2025 Lithuania closed the Šalčininkai border crossing with Belarus, and "
    "trucks queued near Vilnius. In November 2025 Belarus exported potash via the port of "
    "Primorsk."
)


def html_brief(title: str, day: str) -> str:
    """An HTML page whose metadata give the brief its title and publication date."""
    return (
        f"<!doctype html><html><head><title>{title}</title>"
        f'<meta name="citation_title" content="{title}">'
        f'<meta name="citation_publication_date" content="{day}">'
        f"</head><body><h1>{title}</h1><p>{BODY}</p></body></html>"
    )


@pytest.fixture(scope="module")
def app(seeded_folder, tmp_path_factory):
    """The app on a copy of the seeded data folder: (base url, data folder)."""
    tmp = tmp_path_factory.mktemp("news")
    data = tmp / "data"
    shutil.copytree(seeded_folder, data)
    env = {"BRIEFMAP_DATA": str(data), "BRIEFMAP_STORE": str(data / "briefmap.sqlite")}
    with serve_dashboard(env, tmp) as url:
        yield url, data


def news_frame(pg, timeout: float = 60):
    """The news map's frame, once Leaflet has drawn the marks of what is new."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for fr in pg.frames:
            try:
                if fr.evaluate("() => document.querySelectorAll('.bm-news').length") > 0:
                    return fr
            except sync_api.Error:
                continue
        time.sleep(0.2)
    raise AssertionError("the news map did not draw its marks")


def upload(pg, path: Path) -> None:
    pg.locator("input[type=file]").set_input_files(str(path))
    wait_idle(pg)


def test_news_of_an_added_brief_and_of_the_same_brief_again(app, tmp_path):
    base, _data = app
    first = tmp_path / "closed.html"
    first.write_text(html_brief("Lithuania closes the border again", "2025/11/05"), "utf-8")
    again = tmp_path / "again.html"
    again.write_text(html_brief("The border, once more", "2025/11/06"), "utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        pg = context.new_page()
        pg.goto(f"{base}/add_briefs")
        wait_idle(pg)
        upload(pg, first)
        pg.get_by_text("Ready to add: 1").wait_for(timeout=60_000)
        wait_idle(pg)
        pg.get_by_role("button", name="Add 1 brief").click()
        pg.get_by_text("Added closed.html").wait_for(timeout=120_000)
        wait_idle(pg)
        said = pg.get_by_text("New places:").inner_text()
        assert "status changes: 1" in said and "New places: 0" not in said, said
        pg.screenshot(path=str(ARTIFACTS / "news-added.png"))

        # the news page: the port and the closure listed, and marked on the map
        pg.get_by_text("See what it changes").click()
        pg.wait_for_url("**/brief_news?*", timeout=30_000)
        wait_idle(pg)
        lists = pg.locator(".bm-news-list").inner_text()
        assert "Primorsk" in lists and "Šalčininkai" in lists and "closed 2025-10-29" in lists
        fr = news_frame(pg)
        rings = fr.evaluate("() => [...document.querySelectorAll('path.bm-news-new')].length")
        assert rings >= 1
        assert fr.locator(".bm-news-status").count() == 1  # the closed crossing's "!"
        assert fr.locator("path.bm-news-flow").count() >= 1  # the new route to Primorsk
        box = fr.locator(".bm-news-status").bounding_box()
        assert box and box["width"] > 0  # drawn inside the view the map fitted
        pg.screenshot(path=str(ARTIFACTS / "news-page-1366x768.png"))

        # "present what this brief changes": the briefing page on this brief and its places
        present = pg.get_by_text("Present what this brief changes")
        href = present.get_attribute("href") or ""
        assert href.startswith("briefing?brief=") and "places=" in href
        assert "bm%3Aru-primorsk" in href and "bm%3Alt-by-salcininkai" in href
        present.click()
        pg.wait_for_url("**/briefing?*", timeout=30_000)
        wait_idle(pg)
        assert "places=" in pg.url
        assert pg.locator("[data-testid=stAlert]").count() == 0
        pg.get_by_text("steps", exact=False).first.wait_for(timeout=30_000)

        # the very same file again: refused, and nothing new
        pg.goto(f"{base}/add_briefs")
        wait_idle(pg)
        upload(pg, first)
        pg.get_by_text("Nothing new: this brief is in the library already.").wait_for(
            timeout=60_000
        )
        # the same report under another heading, a day later: added, and nothing new
        upload(pg, again)
        pg.get_by_text("Ready to add: 1").wait_for(timeout=60_000)
        wait_idle(pg)
        pg.get_by_role("button", name="Add 1 brief").click()
        pg.get_by_text("Added again.html").wait_for(timeout=120_000)
        wait_idle(pg)
        assert pg.get_by_text("Nothing new: the archive before this brief had all of it.").count()
        pg.get_by_text("See what it changes").click()
        pg.wait_for_url("**/brief_news?*", timeout=30_000)
        wait_idle(pg)
        pg.get_by_text("Nothing new: the archive before this brief had all of it.").wait_for()
        assert pg.get_by_text("Present what this brief changes").count() == 0
        pg.screenshot(path=str(ARTIFACTS / "news-nothing-new.png"))
        context.close()
        browser.close()
