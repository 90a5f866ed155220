"""Review: what was found in a brief, and the analyst's word on each of it.

For the chosen brief, a table of every mention (words, place, coordinates, precision,
confidence, link, themes, status); for the chosen mention: accept, reject, re-assign to
another gazetteer place (searched by any of its names), move the point, set the precision,
change the themes, or reset it to what the parser said — each stored with its time and an
optional note. The brief's events are reviewed below it the same way (accept, reject, edit
their kind, place, date or actor, reset: ``ui.review_events``). A place the parser missed
is added by selecting its words in the text, as a gazetteer place or a new one saved to the
user's gazetteer. Re-parsing keeps every
decision and says which could not be re-attached. A page of the dashboard's app (Streamlit's
``pages/`` folder); the work is ``briefmap.library``'s.
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
import streamlit as st

from briefmap import i18n, i18n_evidence
from briefmap.analysis.themes import load_taxonomy
from briefmap.i18n import t
from briefmap.library import AddError
from briefmap.model import PRECISIONS
from briefmap.places.curated import KINDS
from briefmap.store import Filters
from layers.event_symbols import kind_label
from ui.library_access import library, select_component, snap_to_words, store
from ui.page_lang import add_error_text, page_language
from ui.place_search import place_search
from ui.review_events import events_section

PICK = "review_pick"  # the mention chosen: "start:end:link:cue place"
SELECTION = "review_selection"  # words selected in the text: (brief, start, end)
SAID = "review_said"  # what the last action did, shown once
LANG = "review_lang"  # the language switch


def status_label(status: str, lang: str) -> str:
    return t(f"rv_status_{status}", lang)


def place_label(m: Mapping, lang: str) -> str:
    """The name of a mention's place in the reader's language."""
    return i18n.place_name({"name": m.get("place_name"), "name_pl": m.get("place_name_pl")}, lang)


def link_label(link: str, lang: str) -> str:
    return t("link_tag_cue" if link == "cue" else "link_tag_name", lang)


def main() -> None:
    lang = i18n.language(st.session_state.get(LANG) or st.query_params.get("lang"))
    st.set_page_config(page_title=t("rv_page_title", lang), page_icon=":world_map:", layout="wide")
    lang = page_language(LANG)
    st.title(t("rv_title", lang))
    s = store()
    briefs = s.briefs()
    if not briefs:
        st.info(t("rv_no_briefs", lang))
        return
    by_id = {b["id"]: b for b in briefs}
    ids = sorted(by_id, key=lambda i: (by_id[i]["origin"] != "added", _neg(by_id[i])))
    wanted = st.query_params.get("brief")
    if st.session_state.get("review_brief") not in by_id:
        st.session_state["review_brief"] = wanted if wanted in by_id else ids[0]
    brief_id = st.selectbox(
        t("rv_brief", lang),
        ids,
        key="review_brief",
        format_func=lambda i: (
            f"{by_id[i]['title'][:90]}"
            + (t("rv_added_by_you", lang) if by_id[i]["origin"] == "added" else "")
        ),
    )
    st.query_params["brief"] = brief_id  # a reload comes back to this brief
    said = st.session_state.pop(SAID, None)
    if said:
        (st.warning if said.startswith("!") else st.success)(said.lstrip("!"))
    brief = s.brief(brief_id)
    metadata(brief, lang)
    counts = s.status_counts(brief_id)
    c1, c2 = st.columns([3, 1])
    c1.caption(t("rv_counts", lang, **counts))
    if c2.button(t("rv_reparse", lang), key="reparse"):
        reparse(brief_id, lang)
    mentions = s.mentions(Filters(include_rejected=True), brief_id=brief_id)
    mention_table(mentions, lang)
    if mentions:
        decide_panel(brief, mentions, lang)
    events_section(brief, mentions, lang, SAID)
    st.subheader(t("rv_add_head", lang))
    add_panel(brief, mentions, lang)
    history(brief_id, lang)


def _neg(b: Mapping) -> str:
    # newest first: added briefs by when they were added, others by publication date
    key = b.get("added_at") if b["origin"] == "added" else b.get("date_start")
    return "".join(chr(0x10FFFF - ord(c)) for c in (key or ""))


def metadata(brief: dict, lang: str) -> None:
    publisher = brief["publisher"] or t("rv_no_publisher", lang)
    with st.expander(f"{brief['title']} — {publisher}"):
        if brief["origin"] != "added":
            st.caption(t("rv_shipped", lang))
            return
        with st.form("meta"):
            c1, c2 = st.columns(2)
            fields = {
                "title": c1.text_input(t("field_title", lang), brief["title"]),
                "publisher": c2.text_input(t("field_publisher", lang), brief["publisher"] or ""),
                "author": c1.text_input(t("field_author", lang), brief["author"] or ""),
                "url": c2.text_input(t("field_url", lang), brief["url"] or ""),
                "date_start": c1.text_input(t("rv_date_field", lang), brief["date_start"] or ""),
            }
            if st.form_submit_button(t("rv_save_meta", lang)):
                try:
                    library().edit(brief["id"], **fields)
                except (AddError, ValueError) as exc:
                    st.error(add_error_text(exc, lang))
                else:
                    st.session_state[SAID] = t("rv_meta_saved", lang)
                    st.rerun()


def _key(m: Mapping) -> str:
    return f"{m['start']}:{m['end']}:{m['link']}:{m['auto_place_id'] or ''}"


def mention_table(mentions: list[dict], lang: str) -> None:
    if not mentions:
        st.info(t("rv_nothing", lang))
        return
    labels = {x.id: x.label(lang) for x in load_taxonomy().themes}

    def col(name: str) -> str:
        return t(f"rv_col_{name}", lang)

    st.dataframe(
        [
            {
                col("words"): m["surface"],
                col("place"): place_label(m, lang),
                col("lat"): round(m["lat"], 4),
                col("lon"): round(m["lon"], 4),
                col("precision"): i18n.precision_name(m["precision"], lang),
                col("confidence"): round(m["confidence"] or 0, 2),
                col("link"): link_label(m["link"], lang),
                col("themes"): ", ".join(labels.get(x, x) for x in m["themes"]),
                col("status"): status_label(m["status"], lang),
                col("note"): m["review_note"] or "",
                col("at"): f"{m['start']}–{m['end']}",
            }
            for m in mentions
        ],
        hide_index=True,
        key="review_table",
    )


def decide_panel(brief: dict, mentions: list[dict], lang: str) -> None:
    lib = library()
    by_key = {_key(m): m for m in mentions}
    if st.session_state.get(PICK) not in by_key:
        st.session_state[PICK] = next(iter(by_key))

    def option(k: str) -> str:
        m = by_key[k]
        status, link = status_label(m["status"], lang), link_label(m["link"], lang)
        return t(
            "rv_mention_option",
            lang,
            surface=m["surface"],
            place=place_label(m, lang),
            status=status,
            link=link,
            start=m["start"],
        )

    key = st.selectbox(t("rv_mention", lang), list(by_key), key=PICK, format_func=option)
    m = by_key[key]
    said = i18n_evidence.evidence(m["evidence"] or "", lang)
    st.caption(t("rv_evidence", lang, evidence=said, excerpt=m["excerpt"]))
    note = st.text_input(t("rv_note", lang), key=f"note:{key}")
    common = {
        "link": m["link"],
        "cue_place_id": m["auto_place_id"] if m["link"] == "cue" else "",
        "note": note,
    }

    def act(action: str, done: str, **kw) -> None:
        try:
            lib.decide(brief["id"], m["start"], m["end"], action, **common, **kw)
        except (AddError, KeyError, ValueError) as exc:
            st.session_state[SAID] = f"!{add_error_text(exc, lang)}"
        else:
            st.session_state[SAID] = done
        st.rerun()

    surface = m["surface"]
    c = st.columns(3)
    if c[0].button(t("rv_accept", lang), key="accept", type="primary"):
        act("accept", t("rv_accepted", lang, surface=surface, place=place_label(m, lang)))
    if c[1].button(t("rv_reject", lang), key="reject"):
        act("reject", t("rv_rejected", lang, surface=surface))
    if c[2].button(t("rv_reset", lang), key="reset"):
        act("reset", t("rv_was_reset", lang, surface=surface))

    with st.expander(t("rv_reassign_head", lang), expanded=True):
        place_id = place_search(
            f"reassign:{key}", lang, default=surface, label=t("rv_reassign_to", lang)
        )
        if st.button(t("rv_reassign", lang), key="reassign", disabled=place_id is None):
            act("reassign", t("rv_reassigned", lang, surface=surface), place_id=place_id)
    with st.expander(t("rv_move_head", lang)):
        lat, lon = point_picker(key, m, lang)
        c1, c2 = st.columns([2, 1])
        if c2.button(t("rv_move", lang), key="move"):
            moved = t("rv_moved", lang, surface=surface, lat=f"{lat:.4f}", lon=f"{lon:.4f}")
            act("move", moved, lat=lat, lon=lon)
        precision = c1.selectbox(
            t("rv_precision", lang),
            PRECISIONS,
            index=PRECISIONS.index(m["precision"]),
            format_func=lambda p: i18n.precision_name(p, lang),
            key=f"prec:{key}",
        )
        if c2.button(t("rv_set_precision", lang), key="precision"):
            said = i18n.precision_name(precision, lang)
            act(
                "precision",
                t("rv_precision_set", lang, surface=surface, precision=said),
                precision=precision,
            )
    with st.expander(t("rv_themes_head", lang)):
        themes = load_taxonomy().themes
        chosen = st.multiselect(
            t("rv_themes", lang),
            [x.id for x in themes],
            default=[x for x in m["themes"] if x in {y.id for y in themes}],
            format_func={x.id: x.label(lang) for x in themes}.get,
            key=f"themes:{key}",
        )
        if st.button(t("rv_set_themes", lang), key="themes"):
            act("themes", t("rv_themes_set", lang, surface=surface), themes=chosen)


def point_picker(key: str, m: Mapping, lang: str) -> tuple[float, float]:
    """Latitude and longitude fields, which a click on the (offline) map fills in."""
    state = st.session_state
    lat_key, lon_key, seen_key = f"lat:{key}", f"lon:{key}", f"clicked:{key}"
    state.setdefault(lat_key, float(m["lat"]))
    state.setdefault(lon_key, float(m["lon"]))
    if st.toggle(t("rv_click_map", lang), key=f"map_on:{key}"):
        from streamlit_folium import st_folium

        fmap = point_map(lang)
        folium.CircleMarker(
            (state[lat_key], state[lon_key]), radius=7, color="#1a73e8", fill=True
        ).add_to(fmap)
        out = st_folium(
            fmap,
            key=f"move_map:{key}",
            height=340,
            center=(state[lat_key], state[lon_key]),
            zoom=8,
            returned_objects=["last_clicked"],
        )
        click = out.get("last_clicked") if isinstance(out, Mapping) else None
        if click and state.get(seen_key) != click:
            state[seen_key] = click
            state[lat_key], state[lon_key] = float(click["lat"]), float(click["lng"])
            st.rerun()
    c1, c2 = st.columns(2)
    lat = c1.number_input(t("rv_lat", lang), -90.0, 90.0, format="%.5f", key=lat_key)
    lon = c2.number_input(t("rv_lon", lang), -180.0, 180.0, format="%.5f", key=lon_key)
    return lat, lon


def point_map(lang: str):
    """A fresh offline map (the dashboard's base map, no online tiles)."""
    from layers.basemap import offline_map

    return offline_map(boundaries(), lang, online_tiles=False)


@st.cache_resource(show_spinner=False)
def boundaries():
    from layers.boundaries import load_boundaries

    return load_boundaries()


def on_select() -> None:
    value = st.session_state.get("review_text")
    try:
        choice = value["select"]
    except (KeyError, TypeError):
        choice = getattr(value, "select", None)
    if isinstance(choice, Mapping) and "start" in choice:
        st.session_state[SELECTION] = (
            str(choice.get("brief") or ""),
            int(choice["start"]),
            int(choice["end"]),
        )


def add_panel(brief: dict, mentions: list[dict], lang: str) -> None:
    lib = library()
    text = brief["reading"]
    picked = st.session_state.get(PICK, "")
    st.caption(t("rv_select_help", lang))
    select_component()(
        key="review_text",
        data={
            "brief": brief["id"],
            "language": brief["language"],
            "text": text,
            "label": t("rv_text_label", lang),
            "marks": [
                {
                    "start": m["start"],
                    "end": m["end"],
                    "status": m["status"],
                    "label": f"{place_label(m, lang)} ({status_label(m['status'], lang)})",
                    "picked": _key(m) == picked,
                }
                for m in mentions
            ],
            "picked": picked,
        },
        on_select_change=on_select,
    )
    sel = st.session_state.get(SELECTION)
    if not sel or sel[0] != brief["id"]:
        return
    start, end = snap_to_words(text, sel[1], sel[2])
    if end <= start:
        return
    words = text[start:end]
    st.markdown(t("rv_selected", lang, words=words, start=start, end=end))
    tab_known, tab_new = st.tabs([t("rv_tab_known", lang), t("rv_tab_new", lang)])
    with tab_known:
        place_id = place_search("add", lang, default=words, label=t("rv_search_for_it", lang))
        note = st.text_input(t("rv_note_short", lang), key="add_note")
        add = t("rv_add_place", lang)
        if st.button(add, key="add", type="primary", disabled=place_id is None):
            _add(brief["id"], start, end, words, note, lang, place_id=place_id)
    with tab_new, st.form("new_place"):
        c1, c2 = st.columns(2)
        name_pl = c1.text_input(t("rv_name_pl", lang), words)
        name_en = c2.text_input(t("rv_name_en", lang), words)
        kind = c1.selectbox(
            t("rv_kind", lang),
            KINDS,
            index=KINDS.index("facility"),
            format_func=lambda k: t(f"kind_{k}", lang),
        )
        precision = c2.selectbox(
            t("rv_precision", lang),
            PRECISIONS,
            index=0,
            format_func=lambda p: i18n.precision_name(p, lang),
        )
        country = c1.text_input(t("rv_country", lang), "")
        lat = c1.number_input(t("rv_lat", lang), -90.0, 90.0, 52.0, format="%.5f")
        lon = c2.number_input(t("rv_lon", lang), -180.0, 180.0, 21.0, format="%.5f")
        note = st.text_input(t("rv_note_short", lang))
        if st.form_submit_button(t("rv_save_place", lang)):
            try:
                place = lib.save_place(
                    name_en, name_pl, kind, precision, country, lat, lon,
                    names={"pl": [name_pl], "en": [name_en]},
                )  # fmt: skip
            except ValueError as exc:
                st.error(str(exc))
                return
            _add(brief["id"], start, end, words, note, lang, place_id=place.id)


def _add(
    brief_id: str, start: int, end: int, words: str, note: str, lang: str, place_id: str
) -> None:
    try:
        library().decide(brief_id, start, end, "add", place_id=place_id, note=note)
    except (AddError, KeyError, ValueError) as exc:
        st.session_state[SAID] = f"!{add_error_text(exc, lang)}"
    else:
        st.session_state[SAID] = t("rv_added", lang, words=words)
        st.session_state.pop(SELECTION, None)
    st.rerun()


def reparse(brief_id: str, lang: str) -> None:
    bar = st.progress(0.0, text=t("rv_parsing", lang))

    def progress(stage: str, share: float) -> None:
        key = f"stage_{stage}"
        bar.progress(share, text=t(key, lang) if key in i18n.STRINGS["en"] else stage)

    try:
        report = library().reparse(brief_id, progress=progress)
    except (AddError, KeyError) as exc:
        st.session_state[SAID] = f"!{add_error_text(exc, lang)}"
        st.rerun()
    if report.lost:
        lines = "; ".join(d.describe() for d in report.lost)
        said = t(
            "rv_reparsed_lost", lang, mentions=report.mentions, lost=len(report.lost), lines=lines
        )
        st.session_state[SAID] = f"!{said}"
    else:
        st.session_state[SAID] = t("rv_reparsed", lang, mentions=report.mentions)
    st.rerun()


def event_change(d: Mapping, lang: str) -> str:
    """What a decision about an event was about and set: "Closure → Exercise, 2025-09"."""
    if d["link"] != "event":
        return ""
    out = kind_label(d["event_kind"], lang)
    set_ = [kind_label(d["kind"], lang)] if d["kind"] else []
    if d["date"] is not None:
        set_.append(d["date"] or t("rv_ev_no_date", lang))
    if d["actor"] is not None:
        set_.append(d["actor"] or t("rv_ev_no_actor", lang))
    return out + (f" → {', '.join(set_)}" if set_ else "")


def history(brief_id: str, lang: str) -> None:
    decisions = store().decisions(brief_id)
    st.subheader(t("rv_decisions", lang, n=len(decisions)))
    if not decisions:
        st.caption(t("rv_no_decision", lang))
        return
    taxonomy = load_taxonomy()

    def col(name: str) -> str:
        return t(f"rv_col_{name}", lang)

    st.table(
        [
            {
                col("when"): d["created_at"],
                col("action"): t(f"rv_action_{d['action']}", lang),
                col("words"): d["surface"],
                col("place"): place_label(d, lang) if d["place_name"] else "",
                col("point"): f"{d['lat']:.4f}, {d['lon']:.4f}" if d["lat"] is not None else "",
                col("precision"): i18n.precision_name(d["precision"], lang)
                if d["precision"]
                else "",
                col("themes"): ", ".join(
                    taxonomy[x].label(lang) if x in taxonomy else x for x in d["themes"] or []
                ),
                col("event"): event_change(d, lang),
                col("note"): d["note"],
                col("attached"): t("rv_yes", lang) if d["attached"] else t("rv_not_found", lang),
            }
            for d in reversed(decisions)
        ],
    )


main()
