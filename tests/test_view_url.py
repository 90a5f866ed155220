"""One way to read and write a link (``ui.view_url``), and the page's scripts as files
(``layers.static_files``)."""

from __future__ import annotations

from datetime import date

from layers.static_files import STATIC_DIR, static_text
from ui.view_url import check_params, view_query


def test_a_view_written_is_read_back_as_it_was():
    values = {
        "lang": "pl",
        "themes": ("military", "energy"),
        "precision": ("settlement",),
        "event": (date(2021, 1, 1), date(2021, 6, 30)),
        "q": "granica",
        "place": "bm:lt-klaipeda",
        "brief": "pism-2021",
        "view": {"lat": 54.6872, "lon": 25.2797, "zoom": 6.25},
    }
    params = view_query(values)
    assert list(params) == [
        "lang", "themes", "precision", "event", "q", "place", "brief", "lat", "lon", "zoom"
    ]  # fmt: skip
    checked = check_params(params)
    assert checked.notices == []
    assert checked.values == values


def test_empty_values_are_left_out_of_a_link():
    assert view_query({"lang": "", "themes": [], "q": None, "view": None}) == {}


def test_the_pages_scripts_are_files_of_layers_static_read_once():
    assert static_text("bridge.js").startswith("export default function")
    assert static_text("bridge.js") is static_text("bridge.js")  # read once
    names = {p.name for p in STATIC_DIR.glob("*.js")}
    assert names >= {"bridge.js", "excerpts.js", "reader.js", "map_behaviour.js"}
