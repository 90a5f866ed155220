"""The excerpt panel: the excerpts of the selected place, each with "Show in the brief",
or the list of places when none is selected; and the place picker.

The selection element the panel draws (``.bm-selection``, with ``data-place`` and
``data-fit``) is what the map and the reader follow in the browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from briefmap import i18n, i18n_evidence
from briefmap.analysis.themes import load_taxonomy
from briefmap.i18n import t
from briefmap.store import Filters
from layers.escape import escape, marked
from layers.place_symbols import DRAWN_PRECISIONS
from layers.static_files import static_text
from ui.page_data import LISTED, StoreKey, find_place, map_data
from ui.state import K, component_value, select_place, show_in_reader
from ui.store_access import open_store

PANEL_LIMIT = 25  # excerpts the panel shows at first ("Show more" adds as many again)


@st.cache_data(show_spinner=False, max_entries=256)
def place_excerpts(
    key: StoreKey, f: Filters, place_id: str, limit: int = PANEL_LIMIT
) -> list[dict]:
    """The first ``limit`` excerpts of a place under ``f`` (each a mention with its text)."""
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
    # the labels, not ``label``: the session keeps its widgets' format_func (see ui.sidebar),
    # and ``label`` holds every place's mention count of this run
    labels = {pid: label(pid) for pid in options}
    st.selectbox(
        t("place", lang),
        options,
        index=options.index(selected),
        key=widget,
        format_func=labels.__getitem__,
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


def on_place_pick(widget: str) -> None:
    """The place picker changed: select its place (or none), the reader following."""
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


@st.cache_resource(show_spinner=False)
def excerpt_list():
    """The excerpts of the selected place, each with its "Show in the brief" button: one
    element for the page to update, however many excerpts (50 cards and 50 buttons as
    separate elements took a second to draw)."""
    return st.components.v2.component(
        "briefmap_excerpts", js=static_text("excerpts.js"), isolate_styles=False
    )


def on_open_excerpt() -> None:
    """An excerpt's "Show in the brief" was pressed: show it in the reader."""
    choice = component_value(K.excerpts, "open")
    if isinstance(choice, Mapping) and choice.get("place") and choice.get("brief"):
        show_in_reader(str(choice["place"]), str(choice["brief"]), int(choice.get("start") or 0))


def excerpt_card(m: Mapping, lang: str) -> str:
    """One excerpt as escaped HTML: the mention marked, citation, link kind and evidence."""
    x0 = int(m["excerpt_start"])
    # a cue link marks the words that anchor it (the region, the countries of a border),
    # never the common words of its cue; a name marks itself
    spans = [(int(a) - x0, int(b) - x0) for a, b in (m.get("marks") or ())]
    text = marked(str(m["excerpt"]), spans or [(int(m["start"]) - x0, int(m["end"]) - x0)])
    link = "cue" if m["link"] == "cue" else "name"
    evidence = i18n_evidence.evidence(m.get("evidence") or "", lang)
    meta = [
        f"<span class='bm-link bm-link-{link}'>{escape(t('link_tag_' + link, lang))}</span> "
        f"{escape(t('link_' + link, lang))}",
        f"{escape(t('evidence', lang))}: {escape(evidence)}",
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
