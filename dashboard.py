"""briefmap dashboard: the places policy briefs talk about, linked both ways to their words.

``streamlit run dashboard.py`` (``make run``). Reads the corpus store at ``$BRIEFMAP_STORE``
(default ``var/briefmap.sqlite``). The page, top to bottom: sidebar filters, a header with
the counters, the map beside the excerpt panel, the timeline and the brief reader. UI only:
the data come from ``briefmap.store``, the map layers from ``layers/``.

State lives in ``st.session_state`` under the keys of ``K`` and is mirrored in the URL
(``st.query_params``), so a link reproduces the view: filters, selected place, brief in the
reader, map centre and zoom, language. A link's parameters are checked before use; what
cannot be used is left out and named in a notice.

Speed: the map's script is built once per filter and language (``base_args``,
``layer_args``) and sent as is. A click on the map goes straight to the excerpt panel, a
fragment of its own (``panel_fragment``), so it reruns the panel only; the map follows the
selection the panel shows (``.bm-selection[data-place]``) in the browser, so a selection
needs no redraw of the map's layers.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

import folium
import streamlit as st
import streamlit_folium

from briefmap import i18n
from briefmap.analysis.themes import load_taxonomy
from briefmap.i18n import t
from briefmap.store import Filters, StoreOutdated
from layers.assets import asset_links
from layers.basemap import offline_map
from layers.borders import border_layer
from layers.boundaries import load_boundaries
from layers.crossings import crossing_layer
from layers.elements import Css, MapBehaviour
from layers.escape import escape, marked
from layers.flow_lines import flow_layer
from layers.legend import CSS as LEGEND_CSS
from layers.legend import crossing_statuses, flow_kinds, legend_layer
from layers.place_symbols import CSS as PLACES_CSS
from layers.place_symbols import (
    DRAWN_PRECISIONS,
    OTHER_THEME,
    drawn_counts,
    drawn_places,
    place_layer,
)
from ui.store_access import open_store, store_key, store_path
from ui.view_url import (
    CONTROL_CHARS,
    MAX_ZOOM,
    MIN_ZOOM,
    check_params,
    finite_number,
    notice_text,
)

ROOT = Path(__file__).resolve().parent
PANEL_LIMIT = 25  # excerpts the panel shows at first ("Show more" adds as many again)
LISTED = 300  # briefs or places a picker offers at most (an archive has thousands)
MAP_HEIGHT = 560  # until the map's script measures the window (MapBehaviour)
LOG = logging.getLogger("briefmap.dashboard")
StoreKey = tuple[str, int, int]  # ui.store_access.store_key: path, inode, revision


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
    bridge = "bridge"  # the map's clicks and views (see map_bridge)
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


FILTER_LISTS = {  # widget key -> query parameter, for the multiselect filters
    K.themes: "themes",
    K.briefs: "briefs",
    K.publishers: "publishers",
    K.countries: "countries",
    K.precisions: "precision",
}
DATE_FILTERS = {K.event: "event", K.published: "published"}


# -- data (cached) ----------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def map_data(key: StoreKey, f: Filters) -> dict:
    """Everything the map and the counters need under ``f``: one row per place."""
    store = open_store(*key)
    unthemed = store.unthemed_counts(f)
    counts = store.theme_counts(f)
    if unthemed:
        counts[OTHER_THEME] = sum(unthemed.values())
    return {
        "places": store.place_summary(f),
        "counts": counts,
        "unthemed": unthemed,
        "totals": store.totals(f),
    }


@st.cache_data(show_spinner=False, max_entries=128)
def totals(key: StoreKey, f: Filters) -> dict[str, int]:
    return open_store(*key).totals(f)


@st.cache_data(show_spinner=False, max_entries=64)
def flow_data(key: StoreKey, f: Filters) -> list[dict]:
    """Flows found in the briefs' words under ``f`` (each with its ends and excerpt)."""
    return open_store(*key).flows(f)


@st.cache_data(show_spinner=False)
def crossings(key: StoreKey, f: Filters) -> list[dict]:
    """The curated border crossings, with their mentions under ``f``."""
    from briefmap.places.curated import load_curated

    counts = {p["id"]: p["mentions"] for p in map_data(key, f)["places"]}
    out = []
    for rec in load_curated():
        if rec.get("kind") == "border_crossing":
            out.append({**rec, "name": rec["name_en"], "mentions": counts.get(rec["id"], 0)})
    return out


@st.cache_data(show_spinner=False)
def find_place(key: StoreKey, place_id: str) -> dict | None:
    """A place of the store by its id (the one id the gazetteer gives it): every place a
    brief names, every end of a flow and every curated feature is stored."""
    return open_store(*key).place(place_id)


@st.cache_data(show_spinner=False)
def briefs(key: StoreKey) -> list[dict]:
    return open_store(*key).briefs()


@st.cache_data(show_spinner=False)
def facets(key: StoreKey) -> dict:
    return open_store(*key).facets()


@st.cache_data(show_spinner=False, max_entries=256)
def place_excerpts(
    key: StoreKey, f: Filters, place_id: str, limit: int = PANEL_LIMIT
) -> list[dict]:
    return open_store(*key).mentions(f, place_id=place_id, limit=limit)


@st.cache_data(show_spinner=False, max_entries=64)
def panel_places(key: StoreKey, f: Filters) -> dict:
    """What the panel needs of the places under ``f`` (a click reruns the panel: it should
    not unpack every place's row): the most mentioned ``LISTED`` places and every place's
    mention count."""
    rows = map_data(key, f)["places"]
    fields = ("id", "name", "name_pl", "precision", "lat", "lon", "country", "mentions")
    return {
        "listed": [{k: p.get(k) for k in fields} for p in rows[:LISTED]],
        "mentions": {p["id"]: p["mentions"] for p in rows},
    }


READER_PAGE = 20_000  # characters a page of the reader holds at most (cut at a paragraph)


def page_bounds(text: str, size: int = READER_PAGE) -> list[tuple[int, int]]:
    """``[start, end)`` pages of ``text`` of at most about ``size`` characters, each ending
    at a paragraph break, else a line break, else a space, where one is near the limit."""
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            for stop in ("\n\n", "\n", " "):
                k = text.rfind(stop, start + size // 2, end)
                if k > start:
                    end = k + len(stop)
                    break
        out.append((start, end))
        start = end
    return out or [(0, 0)]


@st.cache_data(show_spinner=False, max_entries=64)
def reader_pages(key: StoreKey, brief_id: str) -> list[tuple[int, int]]:
    """The pages of a brief's reading text (only their bounds are kept)."""
    return page_bounds(open_store(*key).reading(brief_id) or "")


@st.cache_data(show_spinner=False, max_entries=128)
def reader_page(key: StoreKey, brief_id: str, start: int, end: int) -> tuple[str, list[dict]]:
    """One page of a brief: its text and the mentions in it. A page run sends this, never
    the whole of a long brief and all its mentions."""
    store = open_store(*key)
    return store.reading_slice(brief_id, start, end), store.reader_mentions(brief_id, start, end)


def brief_mentions_of(key: StoreKey, brief_id: str, place_id: str) -> int | None:
    """Where the first mention of ``place_id`` in a brief starts (for the reader's focus)."""
    rows = open_store(*key).mentions(Filters(), place_id=place_id, brief_id=brief_id, limit=1)
    return rows[0]["start"] if rows else None


@st.cache_data(show_spinner=False, max_entries=64)
def event_months(key: StoreKey, f: Filters) -> dict[str, int]:
    return open_store(*key).event_months(f)


@st.cache_resource(show_spinner=False)
def boundaries():
    return load_boundaries()


# -- state: URL <-> session -------------------------------------------------------------------
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
    """Mirror the current view in the URL (only what differs from the defaults)."""
    state = st.session_state
    params: dict[str, str] = {}
    if state.get(K.lang, "en") != "en":
        params["lang"] = state[K.lang]
    for key, param in FILTER_LISTS.items():
        if f_state.get(key):
            params[param] = ",".join(f_state[key])
    for key, param in DATE_FILTERS.items():
        rng = f_state.get(key)
        if rng:
            params[param] = f"{rng[0].isoformat()}..{rng[1].isoformat()}"
    if f_state.get(K.search):
        params["q"] = f_state[K.search]
    if state.get(K.place):
        params["place"] = state[K.place]
    if state.get(K.brief):
        params["brief"] = state[K.brief]
    view = state.get(K.view)
    if view:
        params.update(lat=f"{view['lat']:.4f}", lon=f"{view['lon']:.4f}", zoom=f"{view['zoom']:g}")
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def url_notice(lang: str) -> None:
    """Name the parameters of the link that were left out, until dismissed."""
    notices = st.session_state.get(K.notices)
    if not notices:
        return
    box, close = st.columns([12, 1], vertical_alignment="center")
    box.warning(notice_text(notices, lang), icon="⚠️")
    close.button(t("url_dismiss", lang), on_click=st.session_state.pop, args=(K.notices, None))


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


def _remember_view(value: Mapping) -> None:
    centre, zoom = value.get("center"), value.get("zoom")
    if not (isinstance(centre, Mapping) and isinstance(zoom, (int, float))):
        return
    try:
        lat, lon = finite_number(str(centre["lat"])), finite_number(str(centre["lng"]))
    except (KeyError, ValueError):
        return
    # Leaflet reports longitudes past ±180 after panning round the world.
    lon = (lon + 180) % 360 - 180
    zoom = min(max(float(zoom), MIN_ZOOM), MAX_ZOOM) if math.isfinite(zoom) else 5
    st.session_state[K.view] = {"lat": lat, "lon": lon, "zoom": round(zoom * 4) / 4}


def on_reader_select() -> None:
    value = st.session_state.get(K.reader)
    try:  # a mapping-like view of the component's state and triggers
        choice = value["select"]
    except (KeyError, TypeError):
        choice = getattr(value, "select", None)
    if isinstance(choice, Mapping) and choice.get("place"):
        select_place(str(choice["place"]), str(choice.get("brief") or ""), choice.get("start"))


def on_place_pick(widget: str) -> None:
    # The picker's key names the selection it was drawn for. A picker of an earlier
    # selection can still report its (unchanged) value when a map click reruns the page
    # first: that stale report must not undo the click (seen in the browser test).
    if widget != K.pick + (st.session_state.get(K.place) or ""):
        return
    choice = st.session_state.get(widget)
    if choice:
        select_place(choice)
    else:
        st.session_state[K.place] = ""
    st.session_state[K.reload] = True  # the reader shows a brief about the place


def on_brief_pick(widget: str) -> None:
    if widget != K.pick_brief + (st.session_state.get(K.brief) or ""):
        return  # a stale picker of an earlier brief (see on_place_pick)
    choice = st.session_state.get(widget)
    if choice:
        st.session_state[K.brief] = choice
        st.session_state[K.mark] = None


def clear_filters() -> None:
    for key in (*FILTER_LISTS, K.event, K.published, K.search):
        st.session_state.pop(key, None)


# -- page parts -------------------------------------------------------------------------------
def sidebar_filters(key: StoreKey, lang: str) -> tuple[Filters, dict]:
    """The filters of the sidebar; returns them as ``Filters`` and as widget values."""
    taxonomy = load_taxonomy()
    fac = facets(key)
    all_briefs = {b["id"]: b for b in briefs(key)}
    sb = st.sidebar
    sb.radio(
        t("language", lang),
        i18n.LANGUAGES,
        format_func=i18n.LANGUAGE_NAMES.get,
        key=K.lang,
        horizontal=True,
    )
    sb.header(t("filters", lang))
    options = filter_options(key)
    for k, opts in options.items():  # values an old session named, now gone
        if k in st.session_state:
            allowed = set(opts)
            st.session_state[k] = [v for v in st.session_state[k] if v in allowed]
    themes = sb.multiselect(
        t("themes", lang),
        options[K.themes],
        key=K.themes,
        placeholder=t("choose", lang),
        format_func=lambda i: taxonomy[i].label(lang),
    )
    listed = _listed(options[K.briefs], st.session_state.get(K.briefs) or [])
    chosen_briefs = sb.multiselect(
        t("briefs", lang),
        listed,
        key=K.briefs,
        placeholder=t("choose", lang),
        format_func=lambda i: _short(all_briefs[i]["title"], 70),
        help=t("briefs_listed", lang, n=LISTED, total=len(all_briefs))
        if len(listed) < len(all_briefs)
        else None,
    )
    publishers = sb.multiselect(
        t("publishers", lang),
        options[K.publishers],
        key=K.publishers,
        placeholder=t("choose", lang),
    )
    countries = sb.multiselect(
        t("countries", lang),
        options[K.countries],
        key=K.countries,
        placeholder=t("choose", lang),
        format_func=lambda c: f"{i18n.country_name(c, lang)} ({c})",
    )
    precisions = sb.multiselect(
        t("precision", lang),
        options[K.precisions],
        key=K.precisions,
        placeholder=t("choose", lang),
        format_func=lambda p: i18n.precision_name(p, lang),
    )
    event = _date_filter(sb, t("event_dates", lang), fac["event_dates"], K.event)
    published = _date_filter(sb, t("published_dates", lang), fac["published"], K.published)
    search = sb.text_input(t("search", lang), key=K.search, help=t("search_help", lang))
    search = CONTROL_CHARS.sub(" ", search).strip()
    sb.button(t("reset", lang), on_click=clear_filters)
    f = Filters(
        themes=tuple(themes),
        briefs=tuple(chosen_briefs),
        publishers=tuple(publishers),
        countries=tuple(countries),
        precisions=tuple(precisions),
        event_from=event[0].isoformat() if event else None,
        event_to=event[1].isoformat() if event else None,
        published_from=published[0].isoformat() if published else None,
        published_to=published[1].isoformat() if published else None,
        search=search,
    )
    values = {
        K.themes: themes,
        K.briefs: chosen_briefs,
        K.publishers: publishers,
        K.countries: countries,
        K.precisions: precisions,
        K.event: event,
        K.published: published,
        K.search: search,
    }
    return f, values


def _listed(options: list[str], keep: list[str] | tuple[str, ...]) -> list[str]:
    """The first ``LISTED`` of ``options`` and the ones in ``keep`` (already chosen)."""
    if len(options) <= LISTED:
        return options
    head = options[:LISTED]
    shown = set(head)
    return head + [k for k in keep if k not in shown and k in set(options)]


def _date_filter(sb, label: str, bounds: list, key: str) -> tuple[date, date] | None:
    """A date-range input over ``bounds``; the range only when it is narrower than them
    (an event-date filter leaves undated excerpts out, so it is off until narrowed)."""
    if not bounds or not bounds[0] or not bounds[1]:
        return None
    lo, hi = date.fromisoformat(bounds[0][:10]), date.fromisoformat(bounds[1][:10])
    current = st.session_state.get(key)
    if not (isinstance(current, (tuple, list)) and len(current) == 2):
        st.session_state[key] = (lo, hi)
    elif not (lo <= current[0] <= hi and lo <= current[1] <= hi):
        st.session_state[key] = (max(lo, min(current[0], hi)), max(lo, min(current[1], hi)))
    value = sb.date_input(label, min_value=lo, max_value=hi, key=key)
    if isinstance(value, (tuple, list)) and len(value) == 2 and (value[0], value[1]) != (lo, hi):
        return value[0], value[1]
    return None


def header(data: dict, lang: str) -> None:
    """The title and the counters, on one line, so the map starts high on the page."""
    title, a, b, c = st.columns([5, 1.3, 1.3, 1.3], vertical_alignment="bottom")
    title.html(
        f"<div class='bm-title'><b>{escape(t('page_title', lang))}</b> "
        f"<span class='bm-muted'>{escape(t('tagline', lang))}</span></div>"
    )
    a.metric(t("n_mentions", lang), data["totals"]["mentions"])
    b.metric(t("n_places", lang), data["totals"]["places"])
    c.metric(t("n_briefs", lang), data["totals"]["briefs"])


def empty_notice(key: StoreKey, f: Filters, f_state: Mapping, lang: str) -> None:
    """When the filters leave nothing, say which of them does."""
    active = [k for k in (K.search, *FILTER_LISTS, K.event, K.published) if f_state.get(k)]
    fields = {
        K.search: ("search",),
        K.themes: ("themes",),
        K.briefs: ("briefs",),
        K.publishers: ("publishers",),
        K.countries: ("countries",),
        K.precisions: ("precisions",),
        K.event: ("event_from", "event_to"),
        K.published: ("published_from", "published_to"),
    }
    culprits = []
    for k in active:  # a filter that leaves nothing on its own
        alone = replace(Filters(), **{x: getattr(f, x) for x in fields[k]})
        if totals(key, alone)["mentions"] == 0:
            if k == K.search:
                culprits.append(t("empty_search", lang, q=f.search))
            else:
                culprits.append(t("empty_filter", lang, name=t(k, lang)))
    if not culprits:  # else the ones whose removal would bring excerpts back
        names = [
            t(k, lang)
            for k in active
            if totals(key, replace(f, **{x: getattr(Filters(), x) for x in fields[k]}))["mentions"]
        ]
        culprits.append(
            t("empty_combination", lang, names=", ".join(names or [t(k, lang) for k in active]))
        )
    st.warning(t("empty_filters", lang, culprits="; ".join(culprits)))


@st.cache_data(show_spinner=False, max_entries=8)
def base_args(lang: str, keep_view: bool) -> dict:
    """The map that stays mounted: Leaflet, the offline basemap, the borders, the
    behaviour of the dashboard's map; as the arguments streamlit-folium's component takes."""
    bounds = boundaries()
    m = offline_map(bounds, lang)
    # Quarter zoom steps, so that "every place" fits snugly (a whole step is a factor 2).
    m.options.update(minZoom=MIN_ZOOM, zoomSnap=0.25, zoomDelta=0.5, worldCopyJump=True)
    m.add_child(Css(PLACES_CSS + LEGEND_CSS + MAP_CSS))
    m.add_child(MapBehaviour(t("fit_all", lang), keep_view))
    border_layer(bounds, lang).add_to(m)
    m.get_root().render()
    m.render()
    leaflet = streamlit_folium._get_map_string(m)
    js, css = asset_links(m)
    return {
        "script": leaflet,
        "header": streamlit_folium._get_header(m),
        "html": streamlit_folium._get_html(m),
        "id": streamlit_folium.get_full_id(m),
        "js_links": js,
        "css_links": css,
        "hash": streamlit_folium.generate_js_hash(leaflet, "map", False),
    }


@st.cache_data(show_spinner=False, max_entries=32)
def layer_args(key: StoreKey, f: Filters, lang: str) -> dict:
    """The layers that follow the filters, rendered once per filter and language: places,
    crossings, flows and the legend of what they draw."""
    taxonomy = load_taxonomy()
    data = map_data(key, f)
    bounds = boundaries()
    only = tuple(x for x in f.themes if x in taxonomy)
    drawn = drawn_places(data["places"], list(taxonomy.ids), data["unthemed"], only)
    groups = [place_layer(data["places"], list(taxonomy), lang, bounds, data["unthemed"], only)]
    cross = crossings(key, f)
    groups.append(crossing_layer(cross, lang))
    flows = flow_data(key, f)
    groups.append(flow_layer(flows, lang))
    counts = {k: n for k, n in data["counts"].items() if not only or k in only}
    statuses = crossing_statuses(cross)
    kinds = flow_kinds(flows)
    groups.append(
        legend_layer(
            list(taxonomy), counts, lang, drawn_counts(drawn), statuses, kinds, borders=True
        )
    )
    host = folium.Map(tiles=None)  # streamlit-folium names the map "map_div" in the script
    script = "".join(
        streamlit_folium._get_feature_group_string(g, host, i) for i, g in enumerate(groups)
    )
    control = folium.LayerControl(collapsed=True, position="topright")
    return {
        "feature_group": script,
        "layer_control": streamlit_folium._get_layer_control_string(control, host),
    }


def map_view(key: StoreKey, f: Filters, lang: str) -> None:
    """The map: a base map that stays mounted, and the layers of the current filters.

    streamlit-folium's ``st_folium`` renders the whole folium tree on every run (at 10,000
    briefs, seconds); the same arguments, rendered once per filter and language by
    ``base_args`` and ``layer_args``, go to its component here. The component returns
    nothing: clicks and views reach Python through ``map_bridge`` in the panel's fragment,
    so that they rerun the panel, not the map."""
    url_view = st.session_state.get(K.url_view)
    base = base_args(lang, bool(url_view))
    layers = layer_args(key, f, lang)
    streamlit_folium._component_func(
        script=base["script"],
        header=base["header"],
        html=base["html"],
        id=base["id"],
        key=base["hash"],
        height=MAP_HEIGHT,
        width=None,
        returned_objects=[],
        default={},
        # The view the link named, applied once to the live map (not a remount).
        zoom=url_view["zoom"] if url_view else None,
        center=(url_view["lat"], url_view["lon"]) if url_view else None,
        feature_group=layers["feature_group"],
        return_on_hover=False,
        layer_control=layers["layer_control"],
        pixelated=False,
        css_links=base["css_links"],
        js_links=base["js_links"],
        wrap_longitude=True,
    )


BRIDGE_JS = """
export default function (component) {
  const { setTriggerValue, setStateValue } = component;
  // The map (in its own frame) posts {bm: "select", place, token} on a click and
  // {bm: "view", lat, lon, zoom} after a move; only messages of this page's origin count.
  if (window.bmBridge) { window.removeEventListener("message", window.bmBridge); }
  window.bmBridge = (event) => {
    const d = event.data;
    if (event.origin !== window.location.origin || !d || typeof d !== "object") { return; }
    if (d.bm === "select" && typeof d.place === "string") {
      setTriggerValue("select", { place: d.place, token: String(d.token || "") });
    } else if (d.bm === "view" && [d.lat, d.lon, d.zoom].every(Number.isFinite)) {
      setStateValue("view", { lat: d.lat, lon: d.lon, zoom: d.zoom });
    }
  };
  window.addEventListener("message", window.bmBridge);
}
"""


@st.cache_resource(show_spinner=False)
def map_bridge():
    """Hands the map's clicks and views to Python (see ``BRIDGE_JS``); draws nothing."""
    return st.components.v2.component("briefmap_bridge", js=BRIDGE_JS)


def _component_value(key: str, name: str) -> object:
    value = st.session_state.get(key)
    try:  # a mapping-like view of a v2 component's state and triggers
        return value[name]
    except (KeyError, TypeError):
        return getattr(value, name, None)


def on_map_select() -> None:
    """A click on the map: select the place (once per click); the map is not moved."""
    choice = _component_value(K.bridge, "select")
    if not isinstance(choice, Mapping) or not isinstance(choice.get("place"), str):
        return
    token = str(choice.get("token") or "")
    if token and token == st.session_state.get(K.click):
        return
    st.session_state[K.click] = token
    select_place(choice["place"], centre=False, reader=False)


def on_map_view() -> None:
    view = _component_value(K.bridge, "view")
    if isinstance(view, Mapping):
        _remember_view({"center": {"lat": view.get("lat"), "lng": view.get("lon")},
                        "zoom": view.get("zoom")})  # fmt: skip


@st.fragment
def panel_fragment(key: StoreKey, f: Filters, f_state: Mapping, lang: str) -> None:
    """The excerpt panel and the bridge from the map: a click on the map reruns only this."""
    if st.session_state.pop(K.reload, False):
        st.rerun()  # a selection for the reader, which is outside this fragment
    with error_boundary(lang):
        map_bridge()(key=K.bridge, on_select_change=on_map_select, on_view_change=on_map_view)
        panel(key, f, lang)
        write_url(f_state)


def panel(key: StoreKey, f: Filters, lang: str) -> None:
    """The excerpts of the selected place, or the list of places when none is selected."""
    data = panel_places(key, f)
    places = {p["id"]: p for p in data["listed"]}
    selected = st.session_state.get(K.place) or ""
    if selected and selected not in places and find_place(key, selected) is None:
        selected = st.session_state[K.place] = ""  # e.g. a link to a place since removed
    options = ["", *places]
    if selected and selected not in places:
        options.append(selected)

    def label(pid: str) -> str:
        if not pid:
            return t("no_place", lang)
        p = places.get(pid) or find_place(key, pid) or {"id": pid}
        n = data["mentions"].get(pid, 0)
        return t("place_option", lang, name=i18n.place_name(p, lang), n=n)

    widget = K.pick + selected
    st.selectbox(
        t("place", lang),
        options,
        index=options.index(selected),
        key=widget,
        format_func=label,
        on_change=on_place_pick,
        args=(widget,),
    )
    place = (places.get(selected) or find_place(key, selected)) if selected else None
    # The map and the reader follow what this element says (layers.elements.MapBehaviour):
    # they ring the place, and the map fits it when data-fit changes (a selection made in
    # the panel or the reader; a click on the map does not move the map).
    attrs = f"data-place='{escape(selected if place else '')}' "
    attrs += f"data-fit='{int(st.session_state.get(K.fit, 0))}'"
    if place is None:
        st.html(
            f"<div class='bm-selection bm-muted' {attrs}>{escape(t('no_selection', lang))}</div>"
        )
        st.html(places_list(data["listed"], lang))
        return
    total = data["mentions"].get(selected, 0)
    note = i18n.precision_name(str(place.get("precision")), lang)
    attrs += (
        f" data-precision='{escape(place.get('precision'))}'"
        f" data-lat='{float(place['lat']):.5f}' data-lon='{float(place['lon']):.5f}'"
    )
    st.html(
        f"<div class='bm-selection' {attrs}><div class='bm-place'>"
        f"<b>{escape(i18n.place_name(place, lang))}</b> "
        f"<span class='bm-muted'>{escape(note)} · "
        f"{escape(i18n.count(total, 'excerpts', lang))}</span></div></div>"
    )
    more = st.session_state.get(K.more) or {}
    limit = more.get("limit", PANEL_LIMIT) if more.get("place") == selected else PANEL_LIMIT
    excerpts = place_excerpts(key, f, selected, limit)
    if not excerpts:
        st.info(t("no_excerpts", lang, name=i18n.place_name(place, lang)))
        return
    if total > len(excerpts):
        note, button = st.columns([3, 2], vertical_alignment="center")
        note.caption(t("showing_first", lang, shown=len(excerpts), total=total))
        button.button(
            t("show_more", lang),
            on_click=st.session_state.__setitem__,
            args=(K.more, {"place": selected, "limit": limit + 4 * PANEL_LIMIT}),
        )
    excerpt_list()(
        key=K.excerpts,
        data={
            "label": t("show_in_reader", lang),
            "cards": [
                {
                    "html": excerpt_card(m, lang),
                    "place": m["place_id"],
                    "brief": m["brief_id"],
                    "start": m["start"],
                }
                for m in excerpts
            ],
        },
        on_open_change=on_open_excerpt,
    )


EXCERPTS_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data) { return; }
  let root = parentElement.querySelector(".bm-excerpts");
  if (!root) {
    root = document.createElement("div");
    root.className = "bm-excerpts";
    parentElement.appendChild(root);
  }
  const key = JSON.stringify(data);
  if (root.dataset.key === key) { return; }
  root.dataset.key = key;
  root.textContent = "";
  root.scrollTop = 0;
  for (const c of data.cards) {
    // The card is escaped HTML made by the page (excerpt_card), as st.html would show it.
    const holder = document.createElement("div");
    holder.innerHTML = c.html;
    root.appendChild(holder);
    const b = document.createElement("button");
    b.type = "button";
    b.className = "bm-open";
    b.textContent = data.label;
    b.addEventListener("click", () => {
      setTriggerValue("open", { place: c.place, brief: c.brief, start: c.start });
    });
    root.appendChild(b);
  }
}
"""


@st.cache_resource(show_spinner=False)
def excerpt_list():
    """The excerpts of the selected place, each with its "Show in the brief" button: one
    element for the page to update, however many excerpts (50 cards and 50 buttons as
    separate elements took a second to draw)."""
    return st.components.v2.component("briefmap_excerpts", js=EXCERPTS_JS, isolate_styles=False)


def on_open_excerpt() -> None:
    choice = _component_value(K.excerpts, "open")
    if isinstance(choice, Mapping) and choice.get("place") and choice.get("brief"):
        show_in_reader(str(choice["place"]), str(choice["brief"]), int(choice.get("start") or 0))


def excerpt_card(m: Mapping, lang: str) -> str:
    """One excerpt as escaped HTML: the mention marked, citation, link kind and evidence."""
    x0 = int(m["excerpt_start"])
    # a cue link marks the words that anchor it (the region, the countries of a border),
    # never the common words of its cue; a name marks itself
    spans = [(int(a) - x0, int(b) - x0) for a, b in (m.get("marks") or ())]
    text = marked(str(m["excerpt"]), spans or [(int(m["start"]) - x0, int(m["end"]) - x0)])
    kind = t("link_cue" if m["link"] == "cue" else "link_name", lang)
    meta = [
        f"<span class='bm-link bm-link-{escape(m['link'])}'>{escape(m['link'])}</span> "
        f"{escape(kind)}",
        f"{escape(t('evidence', lang))}: {escape(i18n.evidence(m.get('evidence') or '', lang))}",
    ]
    status = str(m.get("status") or "auto")
    if status != "auto":  # an analyst's decision: say so, with its note
        note = f" — {m['review_note']}" if m.get("review_note") else ""
        meta.insert(
            0,
            f"<span class='bm-status bm-status-{escape(status)}'>"
            f"{escape(t('status_' + status, lang))}{escape(note)}</span>",
        )
    if m.get("themes"):
        taxonomy = load_taxonomy()
        names = [taxonomy[x].label(lang) if x in taxonomy else x for x in m["themes"]]
        meta.append(f"{escape(t('themes_label', lang))}: {escape(', '.join(names))}")
    if m.get("dates"):
        spans = [
            f"{d[0]} ({d[1]}–{d[2]})" if d[1] != d[2] else f"{d[0]} ({d[1]})" for d in m["dates"]
        ]
        meta.append(f"{escape(t('dates_label', lang))}: {escape('; '.join(spans))}")
    meta.append(
        escape(
            t(
                "offsets_label",
                lang,
                start=m["start"],
                end=m["end"],
                orig_start=m.get("orig_start"),
                orig_end=m.get("orig_end"),
                file=Path(str(m.get("brief_path") or m["brief_id"])).name,
            )
        )
    )
    return (
        f"<div class='bm-card' lang='{escape(m.get('language') or '')}'>"
        f"<div class='bm-cite'>{escape(i18n.citation(m, lang))}</div>"
        f"<p class='bm-excerpt'>{text}</p>"
        f"<div class='bm-meta'>{' · '.join(meta)}</div></div>"
    )


def places_list(places: list[dict], lang: str, limit: int = 40) -> str:
    """Escaped list of the places under the filters, coarse ones (not drawn) marked."""
    rows = []
    for p in places[:limit]:
        precision = i18n.precision_name(str(p.get("precision")), lang)
        if p.get("precision") not in DRAWN_PRECISIONS:  # a continent: listed, never drawn
            precision = t("not_drawn", lang, precision=precision)
        note = f" <span class='bm-muted'>{escape(precision)}</span>"
        rows.append(f"<li>{escape(i18n.place_name(p, lang))} <b>{p['mentions']}</b>{note}</li>")
    return (
        f"<div class='bm-places'><b>{escape(t('places_here', lang))}</b>"
        f"<ul>{''.join(rows)}</ul></div>"
    )


# -- timeline ---------------------------------------------------------------------------------
def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _as_date(value: object) -> date | None:
    """A date from a chart selection: epoch milliseconds (Vega's time) or an ISO string."""
    try:
        if isinstance(value, (int, float)) and math.isfinite(value):
            return datetime.fromtimestamp(value / 1000, tz=timezone.utc).date()
        return date.fromisoformat(str(value)[:10])
    except (ValueError, OverflowError, OSError):
        return None


def on_period() -> None:
    """A period brushed on the timeline becomes the event-date filter."""
    value = st.session_state.get(K.timeline)
    try:
        chosen = value["selection"]["period"]
    except (KeyError, TypeError):
        chosen = getattr(getattr(value, "selection", None), "period", None)
    span = next(iter(chosen.values()), None) if isinstance(chosen, Mapping) and chosen else None
    ends = sorted(d for d in map(_as_date, span or ()) if d is not None)
    bounds = facets(store_key())["event_dates"]
    if len(ends) != 2 or not bounds or not bounds[0] or not bounds[1]:
        return
    a, b = ends
    lo, hi = date.fromisoformat(bounds[0][:10]), date.fromisoformat(bounds[1][:10])
    a, b = max(lo, min(a, hi)), max(lo, min(b, hi))
    st.session_state[K.event] = (a, b)


@st.cache_data(show_spinner=False, max_entries=64)
def timeline_spec(key: StoreKey, f: Filters, lang: str) -> dict | None:
    """The timeline's Vega-Lite spec under ``f`` (every filter but the event dates; the
    chosen period shaded), built once per filter: Altair validates a chart when it turns
    it into a spec, which took a quarter of a second on every run of the page."""
    import altair as alt

    months = event_months(key, replace(f, event_from=None, event_to=None))
    if not months:
        return None
    chosen = (
        (date.fromisoformat(f.event_from), date.fromisoformat(f.event_to))
        if f.event_from and f.event_to
        else None
    )
    rows = []
    for month, n in months.items():
        start = date.fromisoformat(month + "-01")
        end = _month_end(start)
        inside = chosen is None or (start <= chosen[1] and end > chosen[0])
        rows.append(
            {"month": start.isoformat(), "end": end.isoformat(), "n": n, "in": inside,
             "label": month}
        )  # fmt: skip
    period = alt.selection_interval(encodings=["x"], name="period")
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#4a6fa5")
        .encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(labelAngle=0, format="%Y-%m")),
            x2="end:T",
            y=alt.Y("n:Q", title=None),
            y2=alt.datum(0),
            opacity=alt.condition("datum.in", alt.value(0.95), alt.value(0.25)),
            tooltip=[
                alt.Tooltip("label:N", title=t("month", lang)),
                alt.Tooltip("n:Q", title=t("n_dated", lang)),
            ],
        )
        .add_params(period)
        .properties(height=130)
    )
    return bars.to_dict()


def timeline(key: StoreKey, f: Filters, lang: str) -> None:
    """When: dated mentions per month under every filter but the event dates, on a real
    time axis; a period dragged across it becomes the event-date filter (shown shaded)."""
    st.caption(t("timeline", lang))
    spec = timeline_spec(key, f, lang)
    if spec is None:
        st.caption(t("no_dates", lang))
        return
    st.vega_lite_chart(
        spec, key=K.timeline, on_select=on_period, selection_mode="period", width="stretch"
    )
    chosen = (f.event_from, f.event_to) if f.event_from and f.event_to else None
    if chosen:
        note, clear = st.columns([5, 1], vertical_alignment="center")
        note.caption(t("period", lang, start=chosen[0], end=chosen[1]))
        clear.button(t("clear_period", lang), on_click=st.session_state.pop, args=(K.event, None))
    else:
        st.caption(t("timeline_help", lang))


# -- reader -----------------------------------------------------------------------------------
READER_CSS = """
.bm-reader { white-space: pre-wrap; line-height: 1.6; max-height: 460px; overflow-y: auto;
  padding: 8px 12px; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 6px;
  font-family: Georgia, serif; font-size: 15px; }
.bm-mention { font: inherit; border: none; padding: 0 2px; margin: 0; cursor: pointer;
  background: #fff1b8; border-bottom: 2px solid #e0b000; border-radius: 2px; color: inherit; }
.bm-mention:hover, .bm-mention:focus { background: #ffe066; outline: none; }
.bm-mention.sel { background: #ffd23f; border-bottom-color: #b35900; }
.bm-mention.focus { box-shadow: 0 0 0 2px #b35900; }
"""

READER_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data) { return; }
  let root = parentElement.querySelector(".bm-reader");
  if (!root) {
    root = document.createElement("div");
    root.className = "bm-reader";
    root.setAttribute("role", "document");
    parentElement.appendChild(root);
    // The selection the excerpt panel shows (a map click reruns only the map and the
    // panel): its mentions in this brief are marked as selected.
    const follow = () => {
      const el = document.querySelector(".bm-selection");
      const id = el ? el.getAttribute("data-place") : "";
      if (root.dataset.selected === id) { return; }
      root.dataset.selected = id;
      root.querySelectorAll(".bm-mention").forEach((b) => {
        b.classList.toggle("sel", b.dataset.place === id);
      });
    };
    let queued = false;
    new MutationObserver(() => {
      if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; follow(); }); }
    }).observe(document.body, {childList: true, subtree: true, attributes: true,
                               attributeFilter: ["data-place"]});
    root.bmFollow = follow;
  }
  root.lang = data.language || "";
  // The text and the names are data, put into the page as text nodes: never parsed as HTML.
  const base = data.base || 0;  // the page's start in the brief's reading text
  const key = JSON.stringify([data.brief, base, data.text.length, data.mentions]);
  if (root.dataset.key !== key) {
    root.dataset.key = key;
    root.dataset.focus = "";
    root.dataset.selected = "";
    root.textContent = "";
    let pos = 0;
    for (const m of data.mentions) {
      const s = m.start - base, e = m.end - base;
      if (s < pos) { continue; }
      root.appendChild(document.createTextNode(data.text.slice(pos, s)));
      const b = document.createElement("button");
      b.type = "button";
      b.className = "bm-mention" + (m.selected ? " sel" : "");
      b.textContent = data.text.slice(s, e);
      b.title = m.label;
      b.dataset.place = m.place;
      b.dataset.start = String(m.start);
      b.addEventListener("click", () => {
        setTriggerValue("select", { place: m.place, brief: data.brief, start: m.start });
      });
      root.appendChild(b);
      pos = e;
    }
    root.appendChild(document.createTextNode(data.text.slice(pos)));
  }
  if (root.bmFollow) { root.bmFollow(); }
  const focus = data.focus === null || data.focus === undefined ? "" : String(data.focus);
  if (focus && root.dataset.focus !== focus) {
    root.dataset.focus = focus;
    root.querySelectorAll(".bm-mention.focus").forEach((el) => el.classList.remove("focus"));
    const el = root.querySelector('.bm-mention[data-start="' + Number(focus) + '"]');
    if (el) {
      el.classList.add("focus");
      root.scrollTop = Math.max(0, el.offsetTop - root.offsetTop - root.clientHeight / 3);
    }
  }
  // "Show in the brief": bring the reader, at the excerpt, into view (once per request).
  const scroll = String(data.scroll || 0);
  if (root.dataset.scroll === undefined) { root.dataset.scroll = scroll; }
  if (root.dataset.scroll !== scroll) {
    root.dataset.scroll = scroll;
    const el = root.querySelector(".bm-mention.focus") || root;
    requestAnimationFrame(() => el.scrollIntoView({block: "center", behavior: "smooth"}));
  }
}
"""


@st.cache_resource(show_spinner=False)
def reader_component():
    """The brief reader: the brief's text with every place mention as a button. Defined once
    per server (a component is registered under its name)."""
    return st.components.v2.component("briefmap_reader", css=READER_CSS, js=READER_JS)


def reader(key: StoreKey, lang: str) -> None:
    """The full reading text of a brief, every place mention clickable."""
    st.subheader(t("reader", lang))
    all_briefs = briefs(key)
    if not all_briefs:
        st.info(t("no_briefs", lang))
        return
    by_id = {b["id"]: b for b in all_briefs}
    if st.session_state.get(K.brief) not in by_id:
        st.session_state[K.brief] = all_briefs[0]["id"]
    brief_id = st.session_state[K.brief]
    ids = _listed([b["id"] for b in all_briefs], [brief_id])
    widget = K.pick_brief + brief_id
    st.selectbox(
        t("brief", lang),
        ids,
        index=ids.index(brief_id),
        key=widget,
        on_change=on_brief_pick,
        args=(widget,),
        format_func=lambda i: _short(by_id[i]["title"], 90),
    )
    brief = by_id[brief_id]
    st.html(f"<div class='bm-cite'>{escape(i18n.citation(brief, lang))}</div>")
    st.caption(t("reader_help", lang))
    selected = st.session_state.get(K.place)
    mark = st.session_state.get(K.mark)
    if mark and mark[0] == brief_id:
        focus = mark[1]  # None when the page was turned by hand
    else:
        focus = brief_mentions_of(key, brief_id, selected) if selected else None
    pages = reader_pages(key, brief_id)
    chosen = st.session_state.setdefault(K.reader_page, {})
    n = chosen.get(brief_id, 0)
    if focus is not None:  # the page that holds the mention asked for
        n = next((k for k, (a, b) in enumerate(pages) if a <= focus < b), n)
    n = min(max(n, 0), len(pages) - 1)
    chosen[brief_id] = n
    start, end = pages[n]
    text, mentions = reader_page(key, brief_id, start, end)
    if len(pages) > 1:
        reader_pager(brief_id, n, len(pages), lang)
    reader_component()(
        key=K.reader,
        data={
            "brief": brief_id,
            "language": brief.get("language") or "",
            "text": text,
            "base": start,  # mention offsets index the whole reading text
            "focus": focus,
            "scroll": st.session_state.get(K.scroll, 0),
            "mentions": [
                {
                    "start": m["start"],
                    "end": m["end"],
                    "place": m["place_id"],
                    "label": i18n.place_name(
                        {"name": m["place_name"], "name_pl": m["place_name_pl"]}, lang
                    ),
                    "selected": m["place_id"] == selected,
                }
                for m in mentions
            ],
        },
        on_select_change=on_reader_select,
    )


def reader_pager(brief_id: str, n: int, total: int, lang: str) -> None:
    """Previous / next page of a long brief, and where the reader is in it."""
    prev, where, nxt = st.columns([1, 3, 1], vertical_alignment="center")
    prev.button(
        "◀",
        key=f"page-prev-{brief_id}",
        on_click=turn_page,
        args=(brief_id, -1),
        disabled=n == 0,
        help=t("page_prev", lang),
    )
    where.caption(t("page_of", lang, n=n + 1, total=total))
    nxt.button(
        "▶",
        key=f"page-next-{brief_id}",
        on_click=turn_page,
        args=(brief_id, 1),
        disabled=n == total - 1,
        help=t("page_next", lang),
    )


def turn_page(brief_id: str, step: int) -> None:
    state = st.session_state
    pages = state.setdefault(K.reader_page, {})
    pages[brief_id] = pages.get(brief_id, 0) + step
    state[K.mark] = (brief_id, None)  # turned by hand: no mention pulls the page back


MAP_CSS = """
.leaflet-marker-icon.bm-selected { z-index: 100000 !important; }
.bm-fit-all a { font-size: 17px; line-height: 26px; text-decoration: none; color: #222; }
"""

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


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- the page ---------------------------------------------------------------------------------
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


#: the view parameters the briefing page reads as the dashboard writes them (ui/view_url.py)
_PRESENTED = ("lang", "themes", "briefs", "publishers", "countries", "precision", "event")
_PRESENTED += ("published", "q")  # not "brief": the reader always shows one


def present_link(lang: str) -> None:
    """A link that opens the briefing page on this view (its filters and brief): present the
    places of what is on the screen, one step at a time."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k in _PRESENTED}
    href = "briefing" + ("?" + urlencode(params) if params else "")
    st.sidebar.html(
        f"<a class='bm-present' href='{escape(href)}' target='_self'>"
        f"▶ {escape(t('present_view', lang))}</a>"
    )


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
