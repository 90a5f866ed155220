"""briefmap dashboard: the places policy briefs talk about, linked both ways to their words.

``streamlit run dashboard.py`` (``make run``). Reads the corpus store at ``$BRIEFMAP_STORE``
(default ``var/briefmap.sqlite``). The page, top to bottom: sidebar filters, counters, the
map beside the excerpt panel, and the brief reader. UI only: the data come from
``briefmap.store``, the map layers from ``layers/``.

State lives in ``st.session_state`` under the keys of ``K`` and is mirrored in the URL
(``st.query_params``), so a link reproduces the view: filters, selected place, brief in the
reader, map centre and zoom, language.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from briefmap import i18n
from briefmap.i18n import t
from briefmap.store import Filters, Store
from briefmap.themes import load_taxonomy
from layers.basemap import offline_map
from layers.borders import border_layer
from layers.boundaries import load_boundaries
from layers.crossings import crossing_layer
from layers.flows import flow_layer
from layers.legend import legend_layer
from layers.text import escape, marked
from layers.themes import DRAWN_PRECISIONS, OTHER_THEME, theme_layers

ROOT = Path(__file__).resolve().parent
STORE_PATH = Path(os.environ.get("BRIEFMAP_STORE") or ROOT / "var" / "briefmap.sqlite")
PANEL_LIMIT = 50
MAP_HEIGHT = 660


class K:
    """Session-state keys (widget keys where a widget owns the value)."""

    lang = "lang"  # "en" | "pl" (radio)
    place = "place"  # selected place id, "" for none
    brief = "brief"  # brief shown in the reader
    mark = "mark"  # (brief id, start) of the mention to show in the reader
    focus = "focus"  # the view the page asked the map for: {lat, lon, zoom, n}
    view = "view"  # the map's live view, as it last reported it: {lat, lon, zoom}
    map = "map"  # st_folium's value
    click = "click"  # the last map click acted on ("place:<id>#<nonce>")
    reader = "reader"  # the reader component's value
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


# -- data (cached) ----------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def open_store(path: str, mtime: float) -> Store:
    """One read-only Store per store file version (``mtime`` changes after a rebuild)."""
    return Store(path)


def store_key() -> tuple[str, float]:
    return str(STORE_PATH), STORE_PATH.stat().st_mtime


@st.cache_data(show_spinner=False, max_entries=64)
def map_data(key: tuple[str, float], f: Filters) -> dict:
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
        "examples": store.place_examples(f),
        "totals": store.totals(f),
    }


@st.cache_data(show_spinner=False, max_entries=64)
def flow_data(key: tuple[str, float], f: Filters) -> list[dict]:
    """Flows found in the briefs' words under ``f`` (each with its ends and excerpt)."""
    return open_store(*key).flows(f)


@st.cache_data(show_spinner=False)
def crossings(key: tuple[str, float], f: Filters) -> list[dict]:
    """The curated border crossings, with their mentions under ``f``."""
    from briefmap.geodata import load_curated

    counts = {p["id"]: p["mentions"] for p in map_data(key, f)["places"]}
    out = []
    for rec in load_curated():
        if rec.get("kind") == "border_crossing":
            out.append({**rec, "name": rec["name_en"], "mentions": counts.get(rec["id"], 0)})
    return out


@st.cache_data(show_spinner=False)
def find_place(key: tuple[str, float], place_id: str) -> dict | None:
    """A place of the store by its id (the one id the gazetteer gives it): every place a
    brief names, every end of a flow and every curated feature is stored."""
    return open_store(*key).place(place_id)


@st.cache_data(show_spinner=False)
def briefs(key: tuple[str, float]) -> list[dict]:
    return open_store(*key).briefs()


@st.cache_data(show_spinner=False)
def facets(key: tuple[str, float]) -> dict:
    return open_store(*key).facets()


@st.cache_data(show_spinner=False, max_entries=256)
def place_excerpts(key: tuple[str, float], f: Filters, place_id: str) -> list[dict]:
    return open_store(*key).mentions(f, place_id=place_id, limit=PANEL_LIMIT)


@st.cache_data(show_spinner=False, max_entries=32)
def brief_text(key: tuple[str, float], brief_id: str) -> tuple[dict | None, list[dict]]:
    store = open_store(*key)
    return store.brief(brief_id), store.mentions(Filters(), brief_id=brief_id)


@st.cache_resource(show_spinner=False)
def boundaries():
    return load_boundaries()


# -- state: URL <-> session -------------------------------------------------------------------
def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def _date_range(value: str | None) -> tuple[date, date] | None:
    try:
        a, b = (value or "").split("..")
        return date.fromisoformat(a), date.fromisoformat(b)
    except ValueError:
        return None


def read_url_once() -> None:
    """On a session's first run, put the view the URL describes into the state."""
    state = st.session_state
    if state.get(K.ready):
        return
    state[K.ready] = True
    q = st.query_params
    state[K.lang] = i18n.language(q.get("lang"))
    for key, param in FILTER_LISTS.items():
        if q.get(param):
            state[key] = _split(q.get(param))
    for key, param in ((K.event, "event"), (K.published, "published")):
        rng = _date_range(q.get(param))
        if rng:
            state[key] = rng
    if q.get("q"):
        state[K.search] = q.get("q")
    if q.get("place"):
        state[K.place] = q.get("place")
    if q.get("brief"):
        state[K.brief] = q.get("brief")
    try:
        view = {"lat": float(q["lat"]), "lon": float(q["lon"]), "zoom": int(q.get("zoom", 5))}
        state[K.view] = view
        state[K.focus] = {**view, "n": 0}
    except (KeyError, ValueError):
        pass


def write_url(f_state: Mapping[str, object]) -> None:
    """Mirror the current view in the URL (only what differs from the defaults)."""
    state = st.session_state
    params: dict[str, str] = {}
    if state.get(K.lang, "en") != "en":
        params["lang"] = state[K.lang]
    for key, param in FILTER_LISTS.items():
        if f_state.get(key):
            params[param] = ",".join(f_state[key])
    for key, param in ((K.event, "event"), (K.published, "published")):
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
        params.update(lat=f"{view['lat']:.4f}", lon=f"{view['lon']:.4f}", zoom=str(view["zoom"]))
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


# -- selection --------------------------------------------------------------------------------
def select_place(
    place_id: str, brief_id: str | None = None, start: int | None = None, centre: bool = True
) -> None:
    """Select a place everywhere: the panel, the reader (a brief that mentions it) and,
    if ``centre``, the map's view. Runs in callbacks, before the widgets are drawn."""
    state = st.session_state
    key = store_key()
    place = find_place(key, place_id)
    if place is None:
        return
    state[K.place] = place_id
    if brief_id is None:
        current = state.get(K.brief)
        _, in_current = brief_text(key, current) if current else (None, [])
        if not any(m["place_id"] == place_id for m in in_current):
            first = open_store(*key).mentions(Filters(), place_id=place_id, limit=1)
            brief_id = first[0]["brief_id"] if first else current
            start = first[0]["start"] if first else None
    if brief_id:
        state[K.brief] = brief_id
        state[K.mark] = (brief_id, start)
    if centre:
        zoom = {"point": 8, "settlement": 7, "region": 6, "country": 5}.get(place["precision"])
        view = state.get(K.view) or {}
        old = state.get(K.focus) or {"n": 0}
        state[K.focus] = {
            "lat": float(place["lat"]),
            "lon": float(place["lon"]),
            "zoom": zoom or view.get("zoom") or 5,
            "n": old["n"] + 1,
        }


def on_map_change() -> None:
    """A click on the map: the layer's click handler reports ``place:<id>#<n>``."""
    act_on_map(st.session_state.get(K.map) or {})


def act_on_map(value: Mapping) -> None:
    """Select the clicked place (once per click) and remember the view. Called from the
    change callback and again with the value st_folium returns: a click that arrives while
    the script is already rerunning reaches only the second (seen in the browser test)."""
    tip = value.get("last_object_clicked_tooltip") or ""
    # The value keeps the last click while the map reports moves: act on each click once.
    if tip.startswith("place:") and tip != st.session_state.get(K.click):
        st.session_state[K.click] = tip
        select_place(tip[len("place:") :].rsplit("#", 1)[0], centre=False)
    _remember_view(value)


def _remember_view(value: Mapping) -> None:
    centre, zoom = value.get("center"), value.get("zoom")
    if isinstance(centre, Mapping) and zoom is not None:
        st.session_state[K.view] = {"lat": centre["lat"], "lon": centre["lng"], "zoom": zoom}


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
def sidebar_filters(key: tuple[str, float], lang: str) -> tuple[Filters, dict]:
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
    options = {
        K.themes: list(taxonomy.ids),
        K.briefs: list(all_briefs),
        K.publishers: fac["publishers"],
        K.countries: fac["countries"],
        K.precisions: fac["precisions"],
    }
    for k, opts in options.items():  # values the URL or an old session named, now gone
        if k in st.session_state:
            st.session_state[k] = [v for v in st.session_state[k] if v in opts]
    themes = sb.multiselect(
        t("themes", lang),
        options[K.themes],
        key=K.themes,
        placeholder=t("choose", lang),
        format_func=lambda i: taxonomy[i].label(lang),
    )
    chosen_briefs = sb.multiselect(
        t("briefs", lang),
        options[K.briefs],
        key=K.briefs,
        placeholder=t("choose", lang),
        format_func=lambda i: _short(all_briefs[i]["title"], 70),
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
        search=search.strip(),
    )
    values = {
        K.themes: themes,
        K.briefs: chosen_briefs,
        K.publishers: publishers,
        K.countries: countries,
        K.precisions: precisions,
        K.event: event,
        K.published: published,
        K.search: search.strip(),
    }
    return f, values


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


def counters(data: dict, lang: str) -> None:
    a, b, c = st.columns(3)
    a.metric(t("n_mentions", lang), data["totals"]["mentions"])
    b.metric(t("n_places", lang), data["totals"]["places"])
    c.metric(t("n_briefs", lang), data["totals"]["briefs"])


def map_view(key: tuple[str, float], f: Filters, data: dict, lang: str) -> None:
    """The map: a base map that stays mounted, and the layers of the current filters."""
    taxonomy = load_taxonomy()
    bounds = boundaries()
    m = offline_map(bounds, lang)
    border_layer(bounds, lang).add_to(m)
    groups = theme_layers(
        data["places"],
        list(taxonomy),
        lang,
        bounds,
        data["examples"],
        data["unthemed"],
        data["counts"],
    )
    groups.append(crossing_layer(crossings(key, f), lang))
    groups.append(flow_layer(flow_data(key, f), lang))
    groups.append(legend_layer(list(taxonomy), data["counts"], lang))
    focus = st.session_state.get(K.focus)
    value = st_folium(
        m,
        key=K.map,
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True, position="topright"),
        # Applied to the live map without remounting it; the tiny offset makes a repeated
        # request for the same place a change, so the map centres on it again.
        center=(focus["lat"] + focus["n"] * 1e-7, focus["lon"]) if focus else None,
        zoom=focus["zoom"] if focus else None,
        returned_objects=["last_object_clicked_tooltip", "center", "zoom"],
        on_change=on_map_change,
    )
    if isinstance(value, Mapping):
        act_on_map(value)


def panel(key: tuple[str, float], f: Filters, data: dict, lang: str) -> None:
    """The excerpts of the selected place, or the list of places when none is selected."""
    st.subheader(t("panel", lang))
    places = {p["id"]: p for p in data["places"]}
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
        return t("place_option", lang, name=i18n.place_name(p, lang), n=p.get("mentions", 0))

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
    if not selected:
        st.caption(t("no_selection", lang))
        st.html(places_list(data["places"], lang))
        return
    place = places.get(selected) or find_place(key, selected)
    if place is None:
        return
    excerpts = place_excerpts(key, f, selected)
    total = places.get(selected, {}).get("mentions", 0)
    note = i18n.precision_name(str(place.get("precision")), lang)
    st.html(
        f"<div class='bm-place'><b>{escape(i18n.place_name(place, lang))}</b> "
        f"<span class='bm-muted'>{escape(note)} · "
        f"{escape(i18n.count(total, 'excerpts', lang))}</span></div>"
    )
    if not excerpts:
        st.info(t("no_excerpts", lang, name=i18n.place_name(place, lang)))
        return
    if total > len(excerpts):
        st.caption(t("showing_first", lang, shown=len(excerpts), total=total))
    box = st.container(height=MAP_HEIGHT - 90, border=False)
    for m in excerpts:
        box.html(excerpt_card(m, lang))
        box.button(
            t("show_in_reader", lang),
            key=f"open-{m['id']}",
            on_click=select_place,
            args=(m["place_id"], m["brief_id"], m["start"]),
        )


def excerpt_card(m: Mapping, lang: str) -> str:
    """One excerpt as escaped HTML: the mention marked, citation, link kind and evidence."""
    s = int(m["start"]) - int(m["excerpt_start"])
    e = int(m["end"]) - int(m["excerpt_start"])
    text = marked(str(m["excerpt"]), [(s, e)])
    kind = t("link_cue" if m["link"] == "cue" else "link_name", lang)
    meta = [
        f"<span class='bm-link bm-link-{escape(m['link'])}'>{escape(m['link'])}</span> "
        f"{escape(kind)}",
        f"{escape(t('evidence', lang))}: {escape(m.get('evidence') or '')}",
    ]
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
  }
  root.lang = data.language || "";
  // The text and the names are data, put into the page as text nodes: never parsed as HTML.
  const key = JSON.stringify([data.brief, data.text.length, data.mentions]);
  if (root.dataset.key !== key) {
    root.dataset.key = key;
    root.dataset.focus = "";
    root.textContent = "";
    let pos = 0;
    for (const m of data.mentions) {
      if (m.start < pos) { continue; }
      root.appendChild(document.createTextNode(data.text.slice(pos, m.start)));
      const b = document.createElement("button");
      b.type = "button";
      b.className = "bm-mention" + (m.selected ? " sel" : "");
      b.textContent = data.text.slice(m.start, m.end);
      b.title = m.label;
      b.dataset.place = m.place;
      b.dataset.start = String(m.start);
      b.addEventListener("click", () => {
        setTriggerValue("select", { place: m.place, brief: data.brief, start: m.start });
      });
      root.appendChild(b);
      pos = m.end;
    }
    root.appendChild(document.createTextNode(data.text.slice(pos)));
  }
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
}
"""


@st.cache_resource(show_spinner=False)
def reader_component():
    """The brief reader: the brief's text with every place mention as a button. Defined once
    per server (a component is registered under its name)."""
    return st.components.v2.component("briefmap_reader", css=READER_CSS, js=READER_JS)


@st.cache_data(show_spinner=False, max_entries=64)
def event_months(key: tuple[str, float], f: Filters) -> dict[str, int]:
    return open_store(*key).event_months(f)


def timeline(key: tuple[str, float], f: Filters, lang: str) -> None:
    """When: dated mentions per month under the filters (the event-date filter narrows it)."""
    months = event_months(key, f)
    st.caption(t("timeline", lang))
    if not months:
        st.caption(t("no_dates", lang))
        return
    st.bar_chart(
        {"month": list(months), "n": list(months.values())},
        x="month",
        y="n",
        height=160,
        x_label="",
        y_label="",
    )


def reader(key: tuple[str, float], lang: str) -> None:
    """The full reading text of a brief, every place mention clickable."""
    st.subheader(t("reader", lang))
    all_briefs = briefs(key)
    if not all_briefs:
        st.info(t("no_briefs", lang))
        return
    ids = [b["id"] for b in all_briefs]
    by_id = {b["id"]: b for b in all_briefs}
    if st.session_state.get(K.brief) not in by_id:
        st.session_state[K.brief] = ids[0]
    brief_id = st.session_state[K.brief]
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
    brief, mentions = brief_text(key, brief_id)
    if brief is None:
        return
    st.html(f"<div class='bm-cite'>{escape(i18n.citation(brief, lang))}</div>")
    st.caption(t("reader_help", lang))
    selected = st.session_state.get(K.place)
    mark = st.session_state.get(K.mark)
    focus = mark[1] if mark and mark[0] == brief_id else None
    if focus is None and selected:
        focus = next((m["start"] for m in mentions if m["place_id"] == selected), None)
    reader_component()(
        key=K.reader,
        data={
            "brief": brief_id,
            "language": brief.get("language") or "",
            "text": brief["reading"],
            "focus": focus,
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


PAGE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }
.bm-card { border-left: 3px solid #e0b000; padding: 2px 0 2px 10px; margin: 4px 0 0 0; }
.bm-card mark { background: #ffe58a; padding: 0 2px; }
.bm-cite, .bm-muted { color: #5f6368; font-size: 0.85rem; }
.bm-excerpt { margin: 4px 0; }
.bm-meta { font-size: 0.8rem; color: #444; }
.bm-link { font-family: monospace; padding: 0 4px; border-radius: 3px; background: #e8eaed; }
.bm-link-cue { background: #fde2c8; }
.bm-places ul { margin: 4px 0 0 0; padding-left: 18px; }
</style>
"""


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- the page ---------------------------------------------------------------------------------
def main() -> None:
    st.set_page_config(page_title="briefmap", page_icon=":world_map:", layout="wide")
    read_url_once()
    lang = i18n.language(st.session_state.get(K.lang))
    if not STORE_PATH.exists():
        st.title(t("page_title", lang))
        st.error(t("no_store", lang, path=STORE_PATH))
        st.stop()
    key = store_key()
    try:
        open_store(*key)
    except Exception as exc:  # a corrupt or foreign file: say so instead of a traceback
        st.error(t("store_error", lang, path=STORE_PATH, error=exc))
        st.stop()
    st.html(PAGE_CSS)
    f, f_state = sidebar_filters(key, lang)
    lang = i18n.language(st.session_state.get(K.lang))
    st.title(t("page_title", lang))
    st.caption(t("tagline", lang))
    data = map_data(key, f)
    counters(data, lang)
    left, right = st.columns([7, 4], gap="medium")
    with left:
        map_view(key, f, data, lang)
    with right:
        panel(key, f, data, lang)
    timeline(key, f, lang)
    reader(key, lang)
    write_url(f_state)


main()
