"""One way to read and write a link (``ui.view_url``), and the page's scripts as files
(``layers.assets.script``)."""

from __future__ import annotations

from datetime import date

import pytest

from layers.assets import SCRIPTS_DIR, script
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


def test_scripts_are_read_from_layers_static_by_plain_name():
    assert script("bridge.js").startswith("export default function")
    assert script("bridge.js") is script("bridge.js")  # read once
    assert {p.name for p in SCRIPTS_DIR.glob("*.js")} >= {"map_behaviour.js", "reader.js"}
    for bad in ("../assets.py", "static/bridge.js", "bridge.css"):
        with pytest.raises(ValueError):
            script(bad)
