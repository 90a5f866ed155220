"""The dashboard's state: its session-state keys, their mirror in the URL, the selection.

State lives in ``st.session_state`` under the keys of ``K`` and is mirrored in the URL
(``st.query_params``), so a link reproduces the view: filters, selected place, brief in the
reader, map centre and zoom, language. A link is read once per session and checked as every
page checks one (``ui.view_url``); what cannot be used is left out and named in
``K.notices``. A selection (``select_place``) is made in callbacks, before the widgets are
drawn, and every part follows it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import streamlit as st

from briefmap.analysis.themes import load_taxonomy
from briefmap.store import Filters
from ui.page_data import StoreKey, brief_mentions_of, briefs, facets, find_place
from ui.store_access import open_store, store_key
from ui.view_url import LIST_PARAMS, RANGE_PARAMS, check_params, view_query


class K:
    """Session-state keys (widget keys where a widget owns the value)."""

    lang = "lang"  # "en" | "pl" (radio)
    place = "place"  # selected place id, "" for none
    fit = "fit"  # bumped when a selection asks the map to fit the place (panel, reader)
    brief = "brief"  # brief shown in the reader
    mark = "mark"  # (brief id, start) of the mention to show in the reader
    scroll = "scroll"  # bumped when "Show in the brief" asks the reader to come into view
    reader_page = "reader_page"  # brief id -> the page of it the reader shows
    view = "view"  # the map's live view, as it last reported it: {lat, lon, zoom}
    url_view = "url_view"  # the view the link named when the session started, else None
    bridge = "bridge"  # the map's clicks and views (ui.map_view.map_bridge)
    click = "click"  # the last map click acted on ("place:<id>#<nonce>")
    reader = "reader"  # the reader component's value
    excerpts = "excerpts"  # the excerpt list's value ("Show in the brief")
    more = "more"  # {place, limit}: how many excerpts of a place "Show more" asked for
    reload = "reload"  # a fragment asks for a run of the whole page
    notices = "notices"  # [(parameter, reason)] the link named and the page could not use
    timeline = "timeline"  # the timeline chart's selection
    # The place and brief pickers are widgets keyed by what they show ("pick:<place id>"):
    # the selection itself is kept in K.place / K.brief, which no widget owns, so a widget
    # value the browser sends while a rerun interrupts another cannot undo a selection.
    pick = "pick:"
    pick_brief = "pick-brief:"
    ready = "ready"  # query parameters were read into the state
    themes = "f_themes"
    briefs = "f_briefs"
    publishers = "f_publishers"
    countries = "f_countries"
    precisions = "f_precisions"
    event = "f_event"
    published = "f_published"
    search = "f_search"
    since = "f_since"  # briefs added or published since a day (a date, or None)


#: widget key -> query parameter, for the multiselect filters and the date ranges (the
#: parameters are ui.view_url's; a widget is keyed by its Filters field)
FILTER_LISTS = {getattr(K, field): param for field, param in LIST_PARAMS.items()}
DATE_FILTERS = {getattr(K, param): param for param in RANGE_PARAMS}


def read_url_once(key: StoreKey) -> None:
    """On a session's first run, put the view the URL describes into the state, checked
    as every page checks a link (``ui.view_url.check_params``): what cannot be used is
    left out and named in ``K.notices``; nothing of it reaches a query or the map."""
    state = st.session_state
    if state.get(K.ready):
        return
    state[K.ready] = True
    options = filter_options(key)
    known: dict[str, Collection[str]] = {p: options[w] for w, p in FILTER_LISTS.items()}
    known["brief"] = {b["id"] for b in briefs(key)}
    checked = check_params(
        {k: st.query_params.get(k) or "" for k in st.query_params},
        known,
        place_exists=lambda pid: find_place(key, pid) is not None,
    )
    v = checked.values
    state[K.lang] = v.get("lang", state.get(K.lang, "en"))
    for widget, param in FILTER_LISTS.items():
        if param in v:
            state[widget] = list(v[param])  # type: ignore[call-overload]
    for widget, param in DATE_FILTERS.items():
        if param in v:
            state[widget] = v[param]
    if "q" in v:
        state[K.search] = v["q"]
    if "since" in v:
        state[K.since] = v["since"]
    if "place" in v:
        state[K.place] = v["place"]
    if "brief" in v:
        state[K.brief] = v["brief"]
    if "view" in v:
        state[K.view] = state[K.url_view] = dict(v["view"])  # type: ignore[call-overload]
    state[K.notices] = checked.notices


def filter_options(key: StoreKey) -> dict[str, list[str]]:
    """The values each multiselect filter offers."""
    fac = facets(key)
    return {
        K.themes: list(load_taxonomy().ids),
        K.briefs: [b["id"] for b in briefs(key)],
        K.publishers: fac["publishers"],
        K.countries: fac["countries"],
        K.precisions: fac["precisions"],
    }


def write_url(f_state: Mapping[str, object]) -> None:
    """Mirror the current view in the URL (only what differs from the defaults), written
    as ``ui.view_url`` reads it."""
    state = st.session_state
    lang = state.get(K.lang, "en")
    values: dict[str, object] = {p: f_state.get(w) for w, p in FILTER_LISTS.items()}
    values.update({p: f_state.get(w) for w, p in DATE_FILTERS.items()})
    values.update(
        lang=lang if lang != "en" else "",
        q=f_state.get(K.search),
        since=f_state.get(K.since),
        place=state.get(K.place),
        brief=state.get(K.brief),
        view=state.get(K.view),
    )
    params = view_query(values)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


# -- selection --------------------------------------------------------------------------------
def select_place(
    place_id: str,
    brief_id: str | None = None,
    start: int | None = None,
    centre: bool = True,
    reader: bool = True,
) -> None:
    """Select a place everywhere: the panel, and (if ``reader``) the reader — a brief that
    mentions it; if ``centre``, ask the map to fit it and come into view. Runs in
    callbacks, before the widgets are drawn."""
    state = st.session_state
    key = store_key()
    if find_place(key, place_id) is None:
        return
    state[K.place] = place_id
    if reader:
        if brief_id is None:
            current = state.get(K.brief)
            here = brief_mentions_of(key, current, place_id) if current else None
            start = here if start is None else start
            if here is None:
                first = open_store(*key).mentions(Filters(), place_id=place_id, limit=1)
                brief_id = first[0]["brief_id"] if first else current
                start = first[0]["start"] if first else None
        if brief_id:
            state[K.brief] = brief_id
            state[K.mark] = (brief_id, start)
    if centre:
        state[K.fit] = state.get(K.fit, 0) + 1


def show_in_reader(place_id: str, brief_id: str, start: int) -> None:
    """ "Show in the brief": the excerpt's brief in the reader, the mention marked, the
    reader scrolled into view (the reader is outside the fragment: the page reruns)."""
    select_place(place_id, brief_id, start, centre=False)
    st.session_state[K.scroll] = st.session_state.get(K.scroll, 0) + 1
    st.session_state[K.reload] = True


def component_value(key: str, name: str) -> object:
    """The value ``name`` (a state or a trigger) of the v2 component keyed ``key``."""
    value = st.session_state.get(key)
    try:  # a mapping-like view of a v2 component's state and triggers
        return value[name]
    except (KeyError, TypeError):
        return getattr(value, name, None)
