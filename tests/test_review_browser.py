"""Bring your own brief, in a real browser: upload a Polish text file on the Add briefs page,
watch the progress, then on the Review page accept one match, re-assign another, add a
missed place by selecting its words with the mouse, reload: the three decisions are still
there (and in the store the map and the panel read); re-parsing keeps them.

Headless Chromium (Debian's) via Playwright, as tests/test_browser.py; the app is served by
``streamlit run dashboard.py`` (its ``pages/`` are the two pages) on a free loopback port,
with a data folder of the test's own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from app_server import launch_chromium, serve_dashboard, wait_idle
from playwright import sync_api

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


FIRST = (
    "Ciężarówki na granicy z Litwą\n\n"
    "W poniedziałek w Wilnie spotkali się ministrowie Litwy i Polski. Rozmawiali o sytuacji "
    "na granicy z Białorusią, gdzie w rejonie Grodna stoją tysiące ciężarówek, a rząd w "
    "Mińsku milczy. Ćwiczenia wojskowe odbyły się w Zakątku Leśnym pod Sejnami.\n\n"
)
# More paragraphs, so that parsing takes long enough for its stages to be seen.
MORE = (
    "Przewoźnicy z Kłajpedy apelują o otwarcie przejść (akapit {n}). Eksperci ostrzegają, że "
    "kolejki będą rosły, jeśli przejścia nie zostaną otwarte przed końcem miesiąca, a straty "
    "firm transportowych są już bardzo duże.\n\n"
)


@pytest.fixture(scope="module")
def app(seeded_folder, tmp_path_factory):
    """The app on a copy of the seeded data folder: (base url, data folder)."""
    tmp = tmp_path_factory.mktemp("byob")
    data = tmp / "data"
    shutil.copytree(seeded_folder, data)
    env = {"BRIEFMAP_DATA": str(data), "BRIEFMAP_STORE": str(data / "briefmap.sqlite")}
    with serve_dashboard(env, tmp) as url:
        yield url, data


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = launch_chromium(pw)
        yield b
        b.close()


def choose(pg, label: str, text: str) -> None:
    """Pick the first option containing ``text`` in the selectbox labelled ``label``."""
    box = pg.locator("[data-testid=stSelectbox]").filter(has_text=label).first
    box.click()
    pg.keyboard.type(text)
    pg.locator("[role=option]").filter(has_text=text).first.click()
    wait_idle(pg)


def said(pg) -> str:
    return pg.locator("[data-testid=stAlert]").first.inner_text(timeout=20_000)


def history(pg) -> list[tuple[str, ...]]:
    """The rows of the decision history table: (action, words, place) of each."""
    return [
        tuple(cell.strip() for cell in row[1:4])
        for row in pg.evaluate(
            """() => [...document.querySelectorAll('[data-testid=stTable] tbody tr')]
              .map(tr => [...tr.querySelectorAll('th, td')].map(c => c.innerText))"""
        )
    ]


def select_words(pg, words: str) -> None:
    """Drag the mouse over ``words`` in the brief's text, as a reader selects them."""
    box = pg.evaluate(
        """(words) => {
          const root = document.querySelector('.bm-select');
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode, at = node.textContent.indexOf(words);
            if (at < 0) { continue; }
            const r = document.createRange();
            r.setStart(node, at); r.setEnd(node, at + words.length);
            r.startContainer.parentElement.scrollIntoView({block: 'center'});
            const rects = r.getClientRects(), a = rects[0], b = rects[rects.length - 1];
            return {x1: a.left + 1, y1: a.top + a.height / 2,
                    x2: b.right - 1, y2: b.top + b.height / 2};
          }
          return null;
        }""",
        words,
    )
    assert box, f"{words!r} is not in the text"
    pg.mouse.move(box["x1"], box["y1"])
    pg.mouse.down()
    pg.mouse.move((box["x1"] + box["x2"]) / 2, box["y2"], steps=4)
    pg.mouse.move(box["x2"], box["y2"], steps=4)
    pg.mouse.up()
    wait_idle(pg)


def test_upload_review_reload_reparse(app, browser, tmp_path):
    from briefmap.store import Filters, Store

    base, data = app
    brief_file = tmp_path / "granica.txt"
    brief_file.write_text(FIRST + "".join(MORE.format(n=n) for n in range(800)), "utf-8")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    pg = context.new_page()
    pg.goto(f"{base}/add_briefs")
    wait_idle(pg)
    pg.locator("input[type=file]").set_input_files(str(brief_file))
    pg.get_by_text("Ready to add: 1").wait_for(timeout=60_000)
    wait_idle(pg)
    sync_api.expect(pg.get_by_label("Title", exact=True)).to_have_value(
        "Ciężarówki na granicy z Litwą", timeout=20_000
    )  # the title found in the file, editable before adding
    # record every text the progress bar shows while the brief is added
    pg.evaluate(
        """() => { window.__stages = [];
          new MutationObserver(() => document.querySelectorAll('[data-testid=stProgress]')
            .forEach(el => window.__stages.push(el.innerText))).observe(document.body,
            {subtree: true, childList: true, characterData: true}); }"""
    )
    pg.get_by_role("button", name="Add 1 brief").click()
    pg.get_by_text("Added granica.txt").wait_for(timeout=120_000)
    stages = " | ".join(pg.evaluate("() => window.__stages"))
    # the bar names each stage as it starts (finding places, themes…, storing); the brief is
    # long enough (~180 KB) for its stages to last more than a frame, so at least one of
    # them is seen, and then the end
    assert "granica.txt (1/1): " in stages and "Done: 1 file" in stages, stages
    assert any(s in stages for s in ("finding places", "themes", "storing")), stages
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "byob-added.png"))

    pg.get_by_text("Review what was found in").click()
    pg.get_by_text("Review what was found", exact=True).wait_for()
    wait_idle(pg)
    store = Store(data / "briefmap.sqlite")
    bid = next(b["id"] for b in store.briefs() if b["origin"] == "added")
    assert f"brief={bid}" in pg.url

    # 1. accept the first "Wilnie"
    choose(pg, "Mention", "“Wilnie” → Vilnius")
    pg.get_by_role("button", name="Accept", exact=True).click()
    wait_idle(pg)
    assert "Accepted “Wilnie”" in said(pg)
    # 2. re-assign "Mińsku" (the city) to Minsk Oblast, found by its Polish name
    choose(pg, "Mention", "“Mińsku”")
    search = pg.get_by_label("Re-assign to (any name, any language)")
    search.fill("obwód miński")
    search.press("Enter")
    wait_idle(pg)
    choose(pg, "Place", "Minsk Oblast")
    pg.get_by_role("button", name="Re-assign", exact=True).click()
    wait_idle(pg)
    assert "Re-assigned “Mińsku”" in said(pg)
    # 3. add the place the parser missed, by selecting its words in the text
    assert not [
        m for m in store.mentions(Filters(), brief_id=bid) if m["surface"] == "Zakątku Leśnym"
    ]
    select_words(pg, "Zakątku Leśnym")
    pg.get_by_text("Selected: “Zakątku Leśnym”").wait_for(timeout=20_000)
    search = pg.get_by_label("Search the gazetteer for it (any name, any language)")
    search.fill("Sejny")
    search.press("Enter")
    wait_idle(pg)
    pg.get_by_role("button", name="Add this place").click()
    wait_idle(pg)
    assert "Added “Zakątku Leśnym”" in said(pg)

    def check(where: str) -> None:
        rows = history(pg)
        assert sorted(rows) == [
            ("accept", "Wilnie", "Vilnius"),
            ("add", "Zakątku Leśnym", "Sejny"),
            ("reassign", "Mińsku", "Minsk Oblast"),
        ], (where, rows)
        s = Store(data / "briefmap.sqlite")
        got = {m["surface"]: m for m in s.mentions(Filters(), brief_id=bid)}
        assert got["Zakątku Leśnym"]["place_name"] == "Sejny"
        assert got["Zakątku Leśnym"]["status"] == "reviewed"
        assert got["Mińsku"]["place_id"] == "bm:by-minsk-oblast"
        # the map's rows: the new place is drawn, and counts a reviewed mention
        drawn = {p["name"]: p for p in s.place_summary(Filters(briefs=(bid,)))}
        assert drawn["Sejny"]["reviewed"] == 1 and drawn["Minsk Oblast"]["reviewed"] == 1

    check("before reload")
    pg.reload()
    wait_idle(pg)
    pg.get_by_text("Decisions (3)").wait_for(timeout=30_000)
    check("after reload")
    pg.screenshot(path=str(ARTIFACTS / "byob-review.png"))

    pg.get_by_role("button", name="Re-parse this brief").click()
    wait_idle(pg)
    assert "every decision re-attached" in said(pg)
    check("after re-parse")
    context.close()


@pytest.mark.parametrize("size", [(1366, 768), (1440, 900), (1920, 1080)])
def test_the_pages_fit_the_screen(app, browser, size):
    base, _data = app
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    pg = context.new_page()
    for path, title in (("add_briefs", "Add briefs"), ("review", "Review what was found")):
        pg.goto(f"{base}/{path}")
        pg.get_by_text(title, exact=True).first.wait_for(timeout=60_000)
        wait_idle(pg)
        overflow = pg.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, (path, size, overflow)
    context.close()
