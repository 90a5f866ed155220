"""The dashboard's first page, computed once when the server starts, before anyone asks.

At 10,000 briefs the first page of a fresh server spends its seconds in a few cached
readers: the map's per-place aggregates (``ui.page_data.map_data``), the folium rendering
of the map and its layers (``ui.map_view.base_args``, ``layer_args``), the sidebar's
facets and the timeline. They are ``st.cache_data``/``st.cache_resource`` functions, whose
caches are per server process, so calling them here with the arguments the first page
passes (no filter, no view in the link) fills the very entries that page then reads.
A session that arrives while this runs waits on the same entry (Streamlit computes one key
once), never computes it twice.

``python -m ui.serve`` (``make run``) starts :func:`warm_caches` in a thread beside the
server. It is best effort: a missing or outdated store is left to the page to explain.
"""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path

import streamlit_folium

from briefmap.store import Filters
from ui.map_view import base_args, layer_args
from ui.page_data import briefs, facets, map_data
from ui.panel import panel_places
from ui.store_access import store_key
from ui.timeline import timeline_spec

LOG = logging.getLogger("briefmap.warmup")
#: the page's default language first (``i18n.language(None)``), then the other one
LANGUAGES = ("en", "pl")


def warm_caches(path: Path | str | None = None, langs: tuple[str, ...] = LANGUAGES) -> dict:
    """Compute what the dashboard's first page reads under no filter, in ``langs``; return
    the seconds each step took (``{"store": …, "en": …}``). Raises what the store raises
    (no file, an outdated one)."""
    took: dict[str, float] = {}
    t0 = time.perf_counter()
    key = store_key(path)
    f = Filters()  # what the sidebar gives when nothing is chosen
    map_data(key, f)
    facets(key)
    briefs(key)
    panel_places(key, f)
    took["store"] = time.perf_counter() - t0
    for lang in langs:
        t0 = time.perf_counter()
        base_args(lang, False)  # no view named in the link
        layer_args(key, f, lang)
        timeline_spec(key, f, lang)
        took[lang] = time.perf_counter() - t0
    return took


def register_map_component() -> None:
    """Register streamlit-folium's map component with the running server.

    Streamlit registers a v1 component when its module declares it inside a page run. This
    thread imports ``streamlit_folium`` (through ``ui.map_view``) before any page runs, so the
    declaration finds no page, nothing is registered, and no page imports the module again:
    the map's frame would be a 404 (an empty grey box) for every visitor of ``make run``."""
    from streamlit.runtime import Runtime

    if Runtime.exists():
        Runtime.instance().component_registry.register_component(streamlit_folium._component_func)


def warm_in_background(path: Path | str | None = None) -> None:
    """:func:`warm_caches`, logging what it took or why it could not (never raises)."""
    # The cached readers warn that no page is running; here that is the point.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    register_map_component()
    try:
        took = warm_caches(path)
    except Exception as exc:  # the page says what is wrong with the store
        LOG.warning("briefmap: the first page was not prepared in advance: %s", exc)
        return
    # What the server holds now (modules, the first page's caches: millions of objects at
    # 10,000 briefs) stays for its life: out of the garbage collector's sight, a filter's
    # run no longer pays for full collections that walk all of it (a theme filter's map
    # data and layers took a quarter less time, benchmarks/bench_filter.py).
    gc.freeze()
    LOG.warning(
        "briefmap: first page prepared in %.1f s (%s)",
        sum(took.values()),
        ", ".join(f"{k} {v:.1f} s" for k, v in took.items()),
    )
