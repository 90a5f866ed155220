"""briefmap dashboard: the places policy briefs talk about, linked both ways to their words.

``streamlit run dashboard.py`` (``make run``). Reads the corpus store at ``$BRIEFMAP_STORE``
(default: the data folder's, ``briefmap.datafolder``). This file is the page's table of
contents (``page``); each part is one call into its own module under ``ui/``:

- ``ui.sidebar``: the language and the filters, and the link to the briefing page;
- ``ui.header``: the title, the counters and the notices;
- ``ui.map_view``: the map (its layers from ``layers/``) and the bridge of its clicks;
- ``ui.panel``: the excerpts of the selected place, or the list of places;
- ``ui.timeline``: dated mentions per month, a period brushed on it filters;
- ``ui.reader``: the brief's text, every place mention clickable.

Under them: ``ui.state`` (the session-state keys ``K``, their mirror in the URL, the
selection), ``ui.page_data`` (what several parts read from the store, cached),
``ui.view_url`` (how every page reads and writes a link) and ``ui.store_access``. Their
scripts are ``layers/static/*.js``. The data come from ``briefmap.store``.

Speed: the map's script is built once per filter and language and sent as is. A click on
the map goes straight to the excerpt panel, a fragment of its own (``panel_fragment``), so
it reruns the panel only; the map follows the selection the panel shows
(``.bm-selection[data-place]``) in the browser, so a selection needs no redraw of the map's
layers.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from briefmap import i18n
from briefmap.i18n import t
from briefmap.store import Filters, StoreOutdated
from ui.header import empty_notice, header, url_notice
from ui.map_view import map_bridge, map_view
from ui.page_data import StoreKey, map_data
from ui.panel import panel
from ui.reader import reader
from ui.sidebar import present_link, sidebar_filters
from ui.state import K, read_url_once, write_url
from ui.store_access import open_store, store_key, store_path
from ui.timeline import timeline

ROOT = Path(__file__).resolve().parent
LOG = logging.getLogger("briefmap.dashboard")

PAGE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 1.6rem; }
.bm-title { font-size: 1.05rem; line-height: 1.3; padding-bottom: 0.35rem; }
.bm-title b { font-size: 1.6rem; margin-right: 0.4rem; }
[data-testid="stMetric"] { padding: 0; }
[data-testid="stMetricValue"] { font-size: 1.5rem; }
/* The map takes the height the window has below it (measured by the map's script). */
iframe[title="streamlit_folium.st_folium"] { height: var(--bm-map-height, 560px) !important; }
.bm-excerpts { max-height: calc(var(--bm-map-height, 560px) - 140px); overflow-y: auto;
  padding-right: 4px; }
.bm-open { font: inherit; font-size: 0.85rem; margin: 4px 0 10px 13px; padding: 2px 10px;
  border: 1px solid rgba(49, 51, 63, 0.25); border-radius: 6px; background: #fff;
  cursor: pointer; }
.bm-open:hover { border-color: #b35900; color: #b35900; }
.bm-card { border-left: 3px solid #e0b000; padding: 2px 0 2px 10px; margin: 4px 0 0 0; }
.bm-card mark { background: #ffe58a; padding: 0 2px; }
.bm-cite, .bm-muted { color: #5f6368; font-size: 0.85rem; }
.bm-excerpt { margin: 4px 0; }
.bm-meta { font-size: 0.8rem; color: #444; }
.bm-link { font-family: monospace; padding: 0 4px; border-radius: 3px; background: #e8eaed; }
.bm-link-cue { background: #fde2c8; }
.bm-present { display: inline-block; margin-top: 8px; font-weight: 600; }
.bm-status { font-weight: 600; padding: 0 4px; border-radius: 3px; }
.bm-status-reviewed { background: #d7f5dd; color: #1e5e2e; }
.bm-status-rejected { background: #f1f3f4; color: #5f6368; text-decoration: line-through; }
.bm-places ul { margin: 4px 0 0 0; padding-left: 18px; }
</style>
"""


@contextlib.contextmanager
def error_boundary(lang: str):
    """Whatever fails inside shows a short message on the page and its details in the
    server's log, never a traceback. Streamlit's own control flow (``st.rerun``,
    ``st.stop``) raises BaseExceptions, which pass through."""
    try:
        yield
    except Exception:
        LOG.exception("briefmap: a part of the page failed")
        st.error(t("page_error", lang))


def page(lang: str) -> None:
    """The page, top to bottom: the sidebar, the header, the map beside the excerpt panel,
    the timeline and the reader; or why there is no page (no store, an outdated one)."""
    if not store_path().exists():
        st.title(t("page_title", lang))
        st.error(t("no_store", lang, path=_shown_path(store_path())))
        return
    key = store_key()
    try:
        open_store(*key)
    except StoreOutdated:
        st.error(t("store_outdated", lang))
        return
    except Exception:  # a corrupt or foreign file: say so instead of a traceback
        LOG.exception("briefmap: cannot open the store %s", store_path())
        st.error(t("store_unreadable", lang))
        return
    read_url_once(key)
    lang = i18n.language(st.session_state.get(K.lang))  # the link may name the language
    st.html(PAGE_CSS)
    f, f_state = sidebar_filters(key, lang)
    lang = i18n.language(st.session_state.get(K.lang))
    data = map_data(key, f)
    header(data, lang)
    url_notice(lang)
    if data["totals"]["mentions"] == 0:
        empty_notice(key, f, f_state, lang)
    st.session_state.pop(K.reload, None)  # this run draws the reader anyway
    left, right = st.columns([7, 4], gap="medium")
    with left, error_boundary(lang):
        map_view(key, f, lang)
    with right:
        panel_fragment(key, f, f_state, lang)
    with error_boundary(lang):
        timeline(key, f, lang)
    with error_boundary(lang):
        reader(key, lang)
    write_url(f_state)
    present_link(lang)


@st.fragment
def panel_fragment(key: StoreKey, f: Filters, f_state: Mapping, lang: str) -> None:
    """The excerpt panel and the bridge from the map: a click on the map reruns only this."""
    if st.session_state.pop(K.reload, False):
        st.rerun()  # a selection for the reader, which is outside this fragment
    with error_boundary(lang):
        map_bridge()
        panel(key, f, lang)
        write_url(f_state)


def _shown_path(path: Path) -> str:
    """The store's path as the page may show it: relative to the project, else its name
    (no server path reaches the page)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return path.name


def main() -> None:
    st.set_page_config(page_title="briefmap", page_icon=":world_map:", layout="wide")
    lang = i18n.language(st.session_state.get(K.lang))
    with error_boundary(lang):
        page(lang)


main()
