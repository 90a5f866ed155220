"""The first page prepared at server start (ui.warmup, ui.serve): the warm-up fills the very
cache entries the dashboard's first page reads, so that page makes no map query of its own;
and the map's data read with one aggregate fewer (ui.page_data.map_data) count the same.

The store is test_dashboard's hand-made one (two briefs written for those tests)."""

from __future__ import annotations

import gc
import logging
import time
import urllib.error
import urllib.request

import pytest
import streamlit as st
from app_server import serve_dashboard
from streamlit.testing.v1 import AppTest
from test_dashboard import APP, build_store

from briefmap.store import Filters, Store
from layers.place_symbols import OTHER_THEME
from ui.page_data import map_data
from ui.store_access import store_key
from ui.warmup import warm_caches, warm_in_background


@pytest.fixture
def fresh_caches():
    """A server that has just started: nothing cached (and nothing left for other tests)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_first_page_after_warm_up_makes_no_map_query(tmp_path, monkeypatch, fresh_caches):
    path = build_store(tmp_path / "briefmap.sqlite")
    monkeypatch.setenv("BRIEFMAP_STORE", str(path))
    took = warm_caches()
    assert set(took) == {"store", "en", "pl"}

    def not_again(*args, **kwargs):
        raise AssertionError("the first page computed the map again")

    for name in ("place_summary", "theme_counts", "totals", "unthemed_counts", "facets"):
        monkeypatch.setattr(Store, name, not_again)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert not at.error  # the error boundary would show the AssertionError as a notice


def test_without_warm_up_the_page_does_query(tmp_path, monkeypatch, fresh_caches):
    """The other side: the check above would catch a page that computes the map."""
    path = build_store(tmp_path / "briefmap.sqlite")
    monkeypatch.setenv("BRIEFMAP_STORE", str(path))
    calls = []
    real = Store.place_summary
    monkeypatch.setattr(
        Store, "place_summary", lambda s, *a, **k: calls.append(1) or real(s, *a, **k)
    )
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert calls


def test_warm_up_without_a_store_only_logs(tmp_path, monkeypatch, caplog, fresh_caches):
    monkeypatch.setenv("BRIEFMAP_STORE", str(tmp_path / "none.sqlite"))
    with caplog.at_level(logging.WARNING, logger="briefmap.warmup"):
        warm_in_background()
    assert "not prepared" in caplog.text


def test_warm_up_puts_what_it_prepared_out_of_the_collectors_sight(
    tmp_path, monkeypatch, fresh_caches
):
    """The prepared caches live as long as the server: frozen, later page runs do not pay
    for garbage collections that walk them; without a store nothing is frozen."""
    gc.unfreeze()
    monkeypatch.setenv("BRIEFMAP_STORE", str(tmp_path / "none.sqlite"))
    warm_in_background()
    assert gc.get_freeze_count() == 0
    monkeypatch.setenv("BRIEFMAP_STORE", str(build_store(tmp_path / "briefmap.sqlite")))
    try:
        warm_in_background()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    "f",
    [
        Filters(),
        Filters(themes=("military",)),
        Filters(themes=("energy", "transit_economy")),
        Filters(search="port"),
        Filters(publishers=("Instytut A",)),
    ],
)
def test_map_data_counts_are_the_stores_theme_counts(tmp_path, f, fresh_caches):
    """The legend's counts, added up from the places' themes, equal ``theme_counts``."""
    path = build_store(tmp_path / "briefmap.sqlite")
    key = store_key(path)
    expected = dict(Store(path).theme_counts(f))
    got = {k: n for k, n in map_data(key, f)["counts"].items() if k != OTHER_THEME}
    assert got == expected
    assert list(got) == sorted(got)


def test_no_unthemed_mentions_under_a_theme_filter(tmp_path):
    """Both sides on the hand-made store: an unthemed mention (Europa) is counted with no
    filter and with a search, and the SQL itself finds none under a theme filter."""
    path = build_store(tmp_path / "briefmap.sqlite")
    store = Store(path)
    assert store.unthemed_counts(Filters()) == {"cldr:150": 1}
    assert store.unthemed_counts(Filters(search="Europa")) == {"cldr:150": 1}
    assert store.unthemed_counts(Filters(themes=("military", "energy"))) == {}
    n = store.con.execute(
        "SELECT count(*) FROM mentions m JOIN mention_themes t ON t.mention_id = m.id"
        " WHERE m.n_themes = 0"
    ).fetchone()[0]
    assert n == 0


MAP_FRAME = "/component/streamlit_folium.st_folium/index.html"


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.slow
def test_make_run_serves_the_map_frame_after_its_warm_up(tmp_path):
    """``python -m ui.serve`` imports streamlit-folium in its warm-up thread, before any page
    runs: the map's frame must still be served (it was a 404, an empty grey map)."""
    store = build_store(tmp_path / "briefmap.sqlite")
    with serve_dashboard({"BRIEFMAP_STORE": str(store)}, tmp_path, ("ui.serve",)) as url:
        log = tmp_path / "streamlit.log"
        deadline = time.monotonic() + 120
        while "first page prepared" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.25)
        assert _status(url + MAP_FRAME) == 200


@pytest.mark.slow
def test_an_unregistered_map_frame_is_not_served(tmp_path):
    """The other side: before any page run, with no warm-up, nothing has registered it."""
    store = build_store(tmp_path / "briefmap.sqlite")
    env = {"BRIEFMAP_STORE": str(store), "BRIEFMAP_NO_WARMUP": "1"}
    with serve_dashboard(env, tmp_path, ("ui.serve",)) as url:
        assert _status(url + MAP_FRAME) == 404
