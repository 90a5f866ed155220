"""A store for the briefing and export tests: the seed corpus plus two small briefs written
here (one Polish with Polish letters, one English), both with hostile text in the title,
the publisher and the body, built through the real pipeline (``build_store``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

SEED_PISM = "000_79404beda8656f54"
SEED_IES = "003_6c1418ae19367fda"
PL_ID = "zz-export-pl"
EN_ID = "zz-export-en"
EN2_ID = "zz-export-en2"  # names the same flow as EN_ID, in other words

PL_TEXT = (
    "Transport potażu z Mińska do Kłajpedy wstrzymano w marcu 2026 r. "
    "Żółte ciężarówki czekały w obwodzie grodzieńskim. "
    "Europa patrzy na Białoruś z niepokojem <script>alert(1)</script> i $alert(2)$.\n"
)
EN_TEXT = (
    "Lithuania closed its border crossings with Belarus on 29 October 2025. "
    "Trucks queued near Vilnius for weeks <img src=x onerror=alert(1)>. "
    "Russia moved oil products from Belarus to Ust-Luga in 2021.\n"
)
EN2_TEXT = "In 2021 Russia moved oil products from Belarus to Ust-Luga, a Baltic port.\n"
HOSTILE_TITLE = "<script>alert('t')</script> Łódź $x$"
HOSTILE_PUBLISHER = "<img src=x onerror=alert('p')> Instytut"


def build(folder: Path) -> Path:
    """Write the two briefs to ``folder`` and build ``folder/briefmap.sqlite`` from them
    and the seed corpus; returns the store's path."""
    from briefmap.build import build_store
    from briefmap.text.corpus import load_brief, load_corpus

    briefs = list(load_corpus())
    for bid, text, lang, day in (
        (PL_ID, PL_TEXT, "pl", date(2026, 4, 1)),
        (EN_ID, EN_TEXT, "en", date(2026, 4, 2)),
        (EN2_ID, EN2_TEXT, "en", date(2026, 4, 3)),
    ):
        path = folder / f"{bid}.txt"
        path.write_text(text, encoding="utf-8")
        meta = {
            "id": bid,
            "title": HOSTILE_TITLE if bid == PL_ID else f"Borders {bid}",
            "publisher": HOSTILE_PUBLISHER if bid == PL_ID else "Test Institute",
            "language": lang,
            "date_start": day,
            "url": f"https://example.org/{bid}",
        }
        briefs.append(load_brief(path, meta=meta))
    store = folder / "briefmap.sqlite"
    report = build_store(store, briefs=briefs)
    assert not report.errors, report.errors
    return store
