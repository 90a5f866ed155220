"""Review: what was found in a brief, and the analyst's word on each of it.

For the chosen brief, a table of every mention (words, place, coordinates, precision,
confidence, link, themes, status); for the chosen mention: accept, reject, re-assign to
another gazetteer place (searched by any of its names), move the point, set the precision,
change the themes, or reset it to what the parser said — each stored with its time and an
optional note. A place the parser missed is added by selecting its words in the text, as
a gazetteer place or a new one saved to the user's gazetteer. Re-parsing keeps every
decision and says which could not be re-attached. A page of the dashboard's app (Streamlit's
``pages/`` folder); the work is ``briefmap.library``'s.
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
import streamlit as st

from briefmap.analysis.themes import load_taxonomy
from briefmap.library import AddError
from briefmap.model import PRECISIONS
from briefmap.places.curated import KINDS
from briefmap.store import Filters
from ui.library_access import library, select_component, snap_to_words, store

PICK = "review_pick"  # the mention chosen: "start:end:link:cue place"
SELECTION = "review_selection"  # words selected in the text: (brief, start, end)
SAID = "review_said"  # what the last action did, shown once
STATUS_LABEL = {"auto": "automatic", "reviewed": "reviewed", "rejected": "rejected"}


def main() -> None:
    st.set_page_config(page_title="Review · briefmap", page_icon=":world_map:", layout="wide")
    st.title("Review what was found")
    s = store()
    briefs = s.briefs()
    if not briefs:
        st.info("No briefs yet: add some on the Add briefs page.")
        return
    by_id = {b["id"]: b for b in briefs}
    ids = sorted(by_id, key=lambda i: (by_id[i]["origin"] != "added", _neg(by_id[i])))
    wanted = st.query_params.get("brief")
    if st.session_state.get("review_brief") not in by_id:
        st.session_state["review_brief"] = wanted if wanted in by_id else ids[0]
    brief_id = st.selectbox(
        "Brief",
        ids,
        key="review_brief",
        format_func=lambda i: (
            f"{by_id[i]['title'][:90]}"
            + (" (added by you)" if by_id[i]["origin"] == "added" else "")
        ),
    )
    st.query_params["brief"] = brief_id  # a reload comes back to this brief
    said = st.session_state.pop(SAID, None)
    if said:
        (st.warning if said.startswith("!") else st.success)(said.lstrip("!"))
    brief = s.brief(brief_id)
    metadata(brief)
    counts = s.status_counts(brief_id)
    c1, c2 = st.columns([3, 1])
    c1.caption(
        f"{counts['auto']} automatic, {counts['reviewed']} reviewed, {counts['rejected']}"
        " rejected. Decisions are kept when the brief is parsed again."
    )
    if c2.button("Re-parse this brief", key="reparse"):
        reparse(brief_id)
    mentions = s.mentions(Filters(include_rejected=True), brief_id=brief_id)
    mention_table(mentions)
    if mentions:
        decide_panel(brief, mentions)
    st.subheader("Add a place the parser missed")
    add_panel(brief, mentions)
    history(brief_id)


def _neg(b: Mapping) -> str:
    # newest first: added briefs by when they were added, others by publication date
    key = b.get("added_at") if b["origin"] == "added" else b.get("date_start")
    return "".join(chr(0x10FFFF - ord(c)) for c in (key or ""))


def metadata(brief: dict) -> None:
    with st.expander(f"{brief['title']} — {brief['publisher'] or 'no publisher'}"):
        if brief["origin"] != "added":
            st.caption("A brief of the shipped corpus: its metadata is in geodata/briefs.")
            return
        with st.form("meta"):
            c1, c2 = st.columns(2)
            fields = {
                "title": c1.text_input("Title", brief["title"]),
                "publisher": c2.text_input("Publisher", brief["publisher"] or ""),
                "author": c1.text_input("Author", brief["author"] or ""),
                "url": c2.text_input("Address (URL)", brief["url"] or ""),
                "date_start": c1.text_input(
                    "Publication date (YYYY-MM-DD)", brief["date_start"] or ""
                ),
            }
            if st.form_submit_button("Save the metadata"):
                try:
                    library().edit(brief["id"], **fields)
                except (AddError, ValueError) as exc:
                    st.error(str(exc))
                else:
                    st.session_state[SAID] = "Metadata saved."
                    st.rerun()


def _key(m: Mapping) -> str:
    return f"{m['start']}:{m['end']}:{m['link']}:{m['auto_place_id'] or ''}"


def mention_table(mentions: list[dict]) -> None:
    if not mentions:
        st.info("Nothing was found in this brief. Add places below.")
        return
    labels = {t.id: t.label_en for t in load_taxonomy().themes}
    st.dataframe(
        [
            {
                "words": m["surface"],
                "place": m["place_name"],
                "lat": round(m["lat"], 4),
                "lon": round(m["lon"], 4),
                "precision": m["precision"],
                "confidence": round(m["confidence"] or 0, 2),
                "link": m["link"],
                "themes": ", ".join(labels.get(t, t) for t in m["themes"]),
                "status": STATUS_LABEL[m["status"]],
                "note": m["review_note"] or "",
                "at": f"{m['start']}–{m['end']}",
            }
            for m in mentions
        ],
        hide_index=True,
        key="review_table",
    )


def decide_panel(brief: dict, mentions: list[dict]) -> None:
    lib = library()
    by_key = {_key(m): m for m in mentions}
    if st.session_state.get(PICK) not in by_key:
        st.session_state[PICK] = next(iter(by_key))
    key = st.selectbox(
        "Mention",
        list(by_key),
        key=PICK,
        format_func=lambda k: (
            f"“{by_key[k]['surface']}” → {by_key[k]['place_name']}"
            f" ({STATUS_LABEL[by_key[k]['status']]}, {by_key[k]['link']}, at {by_key[k]['start']})"
        ),
    )
    m = by_key[key]
    st.caption(f"Evidence: {m['evidence']}. Excerpt: {m['excerpt']}")
    note = st.text_input("Note (optional, kept with the decision)", key=f"note:{key}")
    common = {
        "link": m["link"],
        "cue_place_id": m["auto_place_id"] if m["link"] == "cue" else "",
        "note": note,
    }

    def act(action: str, done: str, **kw) -> None:
        try:
            lib.decide(brief["id"], m["start"], m["end"], action, **common, **kw)
        except (AddError, KeyError, ValueError) as exc:
            st.session_state[SAID] = f"!{exc}"
        else:
            st.session_state[SAID] = done
        st.rerun()

    c = st.columns(3)
    if c[0].button("Accept", key="accept", type="primary"):
        act("accept", f"Accepted “{m['surface']}” as {m['place_name']}.")
    if c[1].button("Reject", key="reject"):
        act("reject", f"Rejected “{m['surface']}”: off the map.")
    if c[2].button("Reset to the parser's", key="reset"):
        act("reset", f"“{m['surface']}” is as the parser found it again.")

    with st.expander("Re-assign to another place", expanded=True):
        place_id = place_search(f"reassign:{key}", default=m["surface"], label="Re-assign to")
        if st.button("Re-assign", key="reassign", disabled=place_id is None):
            act("reassign", f"Re-assigned “{m['surface']}”.", place_id=place_id)
    with st.expander("Move the point, set the precision"):
        lat, lon = point_picker(key, m)
        c1, c2 = st.columns([2, 1])
        if c2.button("Move the point", key="move"):
            act("move", f"Moved “{m['surface']}” to {lat:.4f}, {lon:.4f}.", lat=lat, lon=lon)
        precision = c1.selectbox(
            "Precision", PRECISIONS, index=PRECISIONS.index(m["precision"]), key=f"prec:{key}"
        )
        if c2.button("Set the precision", key="precision"):
            act(
                "precision",
                f"“{m['surface']}” is now at {precision} precision.",
                precision=precision,
            )
    with st.expander("Change the themes"):
        themes = load_taxonomy().themes
        chosen = st.multiselect(
            "Themes",
            [t.id for t in themes],
            default=[t for t in m["themes"] if t in {x.id for x in themes}],
            format_func={t.id: t.label_en for t in themes}.get,
            key=f"themes:{key}",
        )
        if st.button("Set the themes", key="themes"):
            act("themes", f"Themes of “{m['surface']}” set.", themes=chosen)


def point_picker(key: str, m: Mapping) -> tuple[float, float]:
    """Latitude and longitude fields, which a click on the (offline) map fills in."""
    state = st.session_state
    lat_key, lon_key, seen_key = f"lat:{key}", f"lon:{key}", f"clicked:{key}"
    state.setdefault(lat_key, float(m["lat"]))
    state.setdefault(lon_key, float(m["lon"]))
    if st.toggle("Click the new point on a map", key=f"map_on:{key}"):
        from streamlit_folium import st_folium

        fmap = point_map()
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
    lat = c1.number_input("Latitude", -90.0, 90.0, format="%.5f", key=lat_key)
    lon = c2.number_input("Longitude", -180.0, 180.0, format="%.5f", key=lon_key)
    return lat, lon


def point_map():
    """A fresh offline map (the dashboard's base map, no online tiles)."""
    from layers.basemap import offline_map

    return offline_map(boundaries(), "en", online_tiles=False)


@st.cache_resource(show_spinner=False)
def boundaries():
    from layers.boundaries import load_boundaries

    return load_boundaries()


def place_search(key: str, default: str = "", label: str = "Search the gazetteer") -> str | None:
    """Search the gazetteer by any name; returns the id of the place chosen, if any."""
    lib = library()
    query = st.text_input(f"{label} (any name, any language)", default, key=f"q:{key}")
    found = lib.search_places(query, 15) if query.strip() else []
    if not found:
        if query.strip():
            st.caption("No place of that name in the gazetteer.")
        return None
    options = {p.id: (p, name) for p, name in found}
    return st.selectbox(
        "Place",
        list(options),
        key=f"pick:{key}:{query}",
        format_func=lambda pid: (
            f"{options[pid][0].name} ({options[pid][0].country or '—'}, {options[pid][0].kind},"
            f" {options[pid][0].precision}) — “{options[pid][1]}” · {pid}"
        ),
    )


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


def add_panel(brief: dict, mentions: list[dict]) -> None:
    lib = library()
    text = brief["reading"]
    picked = st.session_state.get(PICK, "")
    st.caption(
        "Select the words that name the place in the text below (drag over them with the"
        " mouse). Marked: yellow automatic, green reviewed, grey rejected."
    )
    select_component()(
        key="review_text",
        data={
            "brief": brief["id"],
            "language": brief["language"],
            "text": text,
            "marks": [
                {
                    "start": m["start"],
                    "end": m["end"],
                    "status": m["status"],
                    "label": f"{m['place_name']} ({STATUS_LABEL[m['status']]})",
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
    st.markdown(f"**Selected:** “{words}” (characters {start}–{end})")
    tab_known, tab_new = st.tabs(["A place of the gazetteer", "A new place"])
    with tab_known:
        place_id = place_search("add", default=words, label="Search the gazetteer for it")
        note = st.text_input("Note (optional)", key="add_note")
        if st.button("Add this place", key="add", type="primary", disabled=place_id is None):
            _add(brief["id"], start, end, words, note, place_id=place_id)
    with tab_new, st.form("new_place"):
        c1, c2 = st.columns(2)
        name_pl = c1.text_input("Name (Polish)", words)
        name_en = c2.text_input("Name (English)", words)
        kind = c1.selectbox("Kind", KINDS, index=KINDS.index("facility"))
        precision = c2.selectbox("Precision", PRECISIONS, index=0)
        country = c1.text_input("Country (ISO code, e.g. PL)", "")
        lat = c1.number_input("Latitude", -90.0, 90.0, 52.0, format="%.5f")
        lon = c2.number_input("Longitude", -180.0, 180.0, 21.0, format="%.5f")
        note = st.text_input("Note (optional)")
        if st.form_submit_button("Save to my gazetteer and add"):
            try:
                place = lib.save_place(
                    name_en, name_pl, kind, precision, country, lat, lon,
                    names={"pl": [name_pl], "en": [name_en]},
                )  # fmt: skip
            except ValueError as exc:
                st.error(str(exc))
                return
            _add(brief["id"], start, end, words, note, place_id=place.id)


def _add(brief_id: str, start: int, end: int, words: str, note: str, place_id: str) -> None:
    try:
        library().decide(brief_id, start, end, "add", place_id=place_id, note=note)
    except (AddError, KeyError, ValueError) as exc:
        st.session_state[SAID] = f"!{exc}"
    else:
        st.session_state[SAID] = f"Added “{words}” as a place."
        st.session_state.pop(SELECTION, None)
    st.rerun()


def reparse(brief_id: str) -> None:
    bar = st.progress(0.0, text="Parsing again…")
    try:
        report = library().reparse(
            brief_id, progress=lambda stage, share: bar.progress(share, text=stage)
        )
    except (AddError, KeyError) as exc:
        st.session_state[SAID] = f"!{exc}"
        st.rerun()
    if report.lost:
        lines = "; ".join(d.describe() for d in report.lost)
        st.session_state[SAID] = (
            f"!Parsed again: {report.mentions} mentions. {len(report.lost)} decisions could not"
            f" be re-attached (their words are not in the text any more; they are kept): {lines}"
        )
    else:
        st.session_state[SAID] = (
            f"Parsed again: {report.mentions} mentions; every decision re-attached."
        )
    st.rerun()


def history(brief_id: str) -> None:
    decisions = store().decisions(brief_id)
    st.subheader(f"Decisions ({len(decisions)})")
    if not decisions:
        st.caption("No decision yet.")
        return
    st.table(
        [
            {
                "when": d["created_at"],
                "action": d["action"],
                "words": d["surface"],
                "place": d["place_name"] or "",
                "point": f"{d['lat']:.4f}, {d['lon']:.4f}" if d["lat"] is not None else "",
                "precision": d["precision"] or "",
                "themes": ", ".join(d["themes"] or []),
                "note": d["note"],
                "re-attached": "yes" if d["attached"] else "no — words not found",
            }
            for d in reversed(decisions)
        ],
    )


main()
