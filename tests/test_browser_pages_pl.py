"""Adding files tells the truth about them, in a real browser, in Polish and in English
(issue 16, item 7): on the Add briefs page (``?lang=pl`` or the English default) an upload
whose first line is a sentence, not a heading, is titled by its file name; uploads that
print their date ("Publikacja: 22.10.2025", "Published 3 March 2025") have that date
offered, with the line it was found on; added, they keep both; the Review page and the
dashboard's excerpt cards speak the same language. At 1366×768 and 1920×1080.

Headless Chromium (Debian's) via Playwright, as tests/test_browser.py; the app is served by
``streamlit run dashboard.py`` on a free loopback port, with a data folder of the test's
own. The brief texts were written for this test.
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
SIZES = [(1366, 768), (1920, 1080)]

NO_HEADING = (
    "Rząd Litwy zamknął w poniedziałek przejście w Miednikach, a ciężarówki stoją w kolejce "
    "pod Wilnem ({run}). Przewoźnicy z Kłajpedy apelują do rządu o otwarcie drogi na "
    "Białoruś, bo każdy dzień postoju kosztuje ich firmy tysiące euro.\n"
)
DATED_PL = (
    "Publikacja: 22.10.2025\n\n"
    "Straż Graniczna informuje, że w Kuźnicy ruch ciężarówek wstrzymano ({run}). Kierowcy "
    "czekają pod Sokółką, a rząd w Mińsku zapowiada odpowiedź.\n"
)
DATED_EN = (
    "Published 3 March 2025\n\n"
    "Lithuania closed the Medininkai crossing on Monday ({run}), and lorries queue outside "
    "Vilnius. Carriers from Klaipėda ask the government to reopen the road to Belarus.\n"
)
WORDS = {
    "en": {
        "title": "Add briefs",
        "ready": "Ready to add: 3",
        "field_title": "Title",
        "field_date": "Publication date",
        "pl_date": (2025, 10, 22),
        "en_date": (2025, 3, 3),
        "printed": "printed in the text: “{line}”",
        "file_name": "Title: {title} — the file's name (the text has no heading)",
        "add": "Add 3 briefs",
        "added": "Added {name}",
        "review": "Review what was found in",
        "review_title": "Review what was found",
        "columns": ["words", "place", "lat"],
        "text_label": "the brief's text: select words to add a place",
        "tags": {"name", "cue"},
    },
    "pl": {
        "title": "Dodaj analizy",
        "ready": "Gotowe do dodania: 3",
        "field_title": "Tytuł",
        "field_date": "Data publikacji",
        "pl_date": (2025, 10, 22),
        "en_date": (2025, 3, 3),
        "printed": "wydrukowane w tekście: „{line}”",
        "file_name": "Tytuł: {title} — nazwa pliku (tekst nie ma nagłówka)",
        "add": "Dodaj 3 analizy",
        "added": "Dodano {name}",
        "review": "Przejrzyj, co znaleziono w",
        "review_title": "Przegląd tego, co znaleziono",
        "columns": ["słowa", "miejsce", "szer."],
        "text_label": "tekst analizy: zaznacz słowa, aby dodać miejsce",
        "tags": {"nazwa", "wskazówka"},
    },
}


@pytest.fixture(scope="module")
def app(seeded_folder, tmp_path_factory):
    """The app on a copy of the seeded data folder: (base url, data folder)."""
    tmp = tmp_path_factory.mktemp("pagespl")
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


def draft(pg, name: str):
    """The expander of the draft read from the file ``name``."""
    return pg.locator("[data-testid=stExpander]").filter(has_text=name).first


def date_shown(box, label: str) -> tuple[int, int, int]:
    """The date the date field ``label`` shows: (year, month, day), read from its parts."""
    part = {
        p: box.get_by_role("spinbutton", name=f"{p}, {label}").first.inner_text(timeout=20_000)
        for p in ("year", "month", "day")
    }
    return int(part["year"]), int(part["month"]), int(part["day"])


def no_sideways_scroll(pg) -> None:
    width = pg.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0, f"the page is {width} px wider than the window"


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda wh: f"{wh[0]}x{wh[1]}")
def test_uploads_are_titled_and_dated_truthfully(app, browser, tmp_path, lang, size):
    from briefmap.store import Store

    base, data = app
    w = WORDS[lang]
    run = f"{lang}-{size[0]}"  # each run's texts differ: none is a duplicate of another's
    files = {
        f"raport_granica_{run}.txt": NO_HEADING,
        f"kuznica-{run}.txt": DATED_PL,
        f"medininkai-{run}.txt": DATED_EN,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text.format(run=run), "utf-8")
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    pg = context.new_page()
    pg.goto(f"{base}/add_briefs" + ("?lang=pl" if lang == "pl" else ""))
    wait_idle(pg)
    pg.get_by_role("heading", name=w["title"]).wait_for(timeout=30_000)
    pg.locator("input[type=file]").set_input_files([str(tmp_path / n) for n in files])
    pg.get_by_text(w["ready"]).wait_for(timeout=60_000)
    wait_idle(pg)

    # 1. the first line is a sentence: the title is the uploaded file's name, and it says so
    plain, pl_dated, en_dated = files
    title = f"raport granica {run}"
    box = draft(pg, plain)
    sync_api.expect(box.get_by_label(w["field_title"], exact=True)).to_have_value(title)
    sync_api.expect(box).to_contain_text(w["file_name"].format(title=title))
    assert ".reading" not in box.inner_text()
    # 2. a date printed in the text is offered, with the line it was found on
    for name, line, shown in (
        (pl_dated, "Publikacja: 22.10.2025", w["pl_date"]),
        (en_dated, "Published 3 March 2025", w["en_date"]),
    ):
        box = draft(pg, name)
        assert date_shown(box, w["field_date"]) == shown
        sync_api.expect(box).to_contain_text(w["printed"].format(line=line))
        # the date line is not the title: the file's name is
        sync_api.expect(box.get_by_label(w["field_title"], exact=True)).to_have_value(
            Path(name).stem
        )
    no_sideways_scroll(pg)
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"pages-{lang}-{size[0]}x{size[1]}-drafts.png"))

    # 3. added, the briefs keep the title and the dates offered
    pg.get_by_role("button", name=w["add"], exact=True).click()
    pg.get_by_text(w["added"].format(name=en_dated)).wait_for(timeout=120_000)
    wait_idle(pg)
    stored = {
        b["title"]: b["date_start"]
        for b in Store(data / "briefmap.sqlite").briefs()
        if b["origin"] == "added" and run in b["title"]
    }
    assert stored == {
        title: None,
        Path(pl_dated).stem: "2025-10-22",
        Path(en_dated).stem: "2025-03-03",
    }

    # 4. the Review page follows in the same language; its link tags are translated
    pg.get_by_text(w["review"]).first.click()
    pg.get_by_role("heading", name=w["review_title"]).wait_for(timeout=30_000)
    wait_idle(pg)
    assert ("lang=pl" in pg.url) == (lang == "pl")
    # the table of mentions (a canvas grid; its header cells are in its accessible table),
    # beside the table of events: one table's first three headers are the mentions' own
    tables = """() => [...document.querySelectorAll('[data-testid=stDataFrame]')].map((t) =>
          [...t.querySelectorAll('[role=columnheader]')]
            .map(h => h.innerText.trim()).filter(Boolean))"""
    try:
        pg.wait_for_function(
            f"(want) => ({tables})().some(h => h.slice(0, 3).join('|') === want.join('|'))",
            arg=w["columns"],
            timeout=30_000,
        )
    except Exception as err:  # say what the tables show instead
        raise AssertionError(f"no table headed {w['columns']}: {pg.evaluate(tables)}") from err
    text = pg.locator(".bm-select")
    text.wait_for(timeout=30_000)
    assert text.get_attribute("aria-label") == w["text_label"]
    no_sideways_scroll(pg)
    pg.screenshot(path=str(ARTIFACTS / f"pages-{lang}-{size[0]}x{size[1]}-review.png"))
    context.close()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_excerpt_cards_tags_speak_the_dashboards_language(app, browser, lang):
    """A seed place linked by cue words: each card's link tag, evidence and status words
    are in the interface language."""
    from briefmap.store import Filters, Store

    base, data = app
    s = Store(data / "briefmap.sqlite")
    cue = next(m for m in s.mentions(Filters()) if m["link"] == "cue")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    pg = context.new_page()
    pg.goto(f"{base}/?place={cue['place_id']}" + ("&lang=pl" if lang == "pl" else ""))
    cards = pg.locator(".bm-card")
    cards.first.wait_for(timeout=60_000)
    tags = set(pg.locator(".bm-card .bm-link").all_inner_texts())
    assert tags and tags <= WORDS[lang]["tags"], tags
    meta = " ".join(pg.locator(".bm-card .bm-meta").all_inner_texts())
    if lang == "pl":
        assert "powiązane słowami" in meta and "linked by" not in meta
        assert " words " not in meta and "anchor:" not in meta and "crossing " not in meta
    else:
        assert "linked by" in meta
    context.close()
