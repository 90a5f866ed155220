"""The Review page's events: what a brief reports happening where and when, and the
analyst's word on each (accept, reject, edit its kind, place, date or actor, reset).

A table of the brief's events (rejected ones too, with their status); for the chosen one a
card — kind, place, date, actor, the excerpt with the event's words marked, evidence,
confidence, and what the parser said when an edit changed it — and the controls. Each
decision goes through ``Library.decide`` (``link="event"``) into the one review log the
mentions' decisions are in, and is kept through re-parses and rebuilds as theirs are.
Everything a brief says reaches the page escaped (``layers.escape``) or as a table cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from briefmap import i18n
from briefmap.i18n import t
from briefmap.library import AddError
from briefmap.model import EVENT_KINDS
from briefmap.store import Filters
from layers.escape import escape, marked
from layers.event_symbols import kind_label
from ui.library_access import library, store
from ui.page_lang import add_error_text
from ui.place_search import place_search

PICK = "review_event_pick"  # the event chosen: "start:end:parser's kind:parser's place"

CARD_CSS = """
<style>
.bm-ev-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 6px; padding: 8px 12px;
  line-height: 1.6; }
.bm-ev-card mark { background: #fff1b8; border-bottom: 2px solid #e0b000; padding: 0 1px; }
.bm-ev-card .bm-ev-excerpt { font-family: Georgia, serif; margin: 6px 0; }
.bm-ev-card .bm-ev-meta { color: #5f6368; font-size: 0.9em; }
.bm-ev-card .bm-ev-rejected { text-decoration: line-through; }
</style>
"""


def event_pick_key(ev: Mapping) -> str:
    """How the page names an event: its words, with the parser's kind and place (the key
    its decisions have in the log)."""
    a = ev["auto"]
    return f"{ev['start']}:{ev['end']}:{a['kind']}:{a['place_id']}"


def place_label(place: Mapping, lang: str) -> str:
    """An event's place (the ``place`` dict of a ``Store.events`` row) in ``lang``."""
    return i18n.place_name(place, lang) if place.get("name") else str(place.get("place_id", ""))


def date_label(date: str, lang: str) -> str:
    return date or t("rv_ev_no_date", lang)


def event_spans(ev: Mapping) -> list[tuple[int, int]]:
    """Where the event's words are in its excerpt: the words of its place and the words
    that say what happened (found in the excerpt, which may be cut)."""
    text = str(ev["excerpt"])
    spans = []
    surface = str(ev["surface"])
    at = int(ev["start"]) - int(ev["excerpt_start"])
    if text[at : at + len(surface)] != surface:
        at = text.find(surface)
    if surface and at >= 0:
        spans.append((at, at + len(surface)))
    for word in str(ev.get("trigger") or "").split(", "):
        k = text.find(word) if word else -1
        if k >= 0:
            spans.append((k, k + len(word)))
    return spans


def event_card(ev: Mapping, lang: str, parser_place: str = "") -> str:
    """One event as escaped HTML: kind, place, date, actor and status; the excerpt with
    the event's words marked; evidence and confidence; what the parser said, when a
    decision changed it (``parser_place``: the name of the parser's place)."""
    status = str(ev.get("status") or "auto")
    head = " · ".join(
        [
            f"<b>{escape(kind_label(str(ev['kind']), lang))}</b>",
            escape(place_label(ev["place"], lang)),
            escape(date_label(str(ev["date"] or ""), lang)),
            f"{escape(t('rv_ev_col_actor', lang))}: "
            + escape(ev["actor"] or t("rv_ev_no_actor", lang)),
            escape(t(f"rv_status_{status}", lang)),
        ]
    )
    css = " bm-ev-rejected" if status == "rejected" else ""
    excerpt = marked(str(ev["excerpt"]), event_spans(ev))
    meta = [
        f"{escape(t('evidence', lang))}: {escape(ev.get('evidence') or '')}",
        escape(t("rv_ev_confidence", lang, value=f"{float(ev.get('confidence') or 0):.2f}")),
    ]
    if ev.get("review_note"):
        meta.append(f"{escape(t('rv_col_note', lang))}: {escape(ev['review_note'])}")
    a = ev.get("auto") or {}
    changed = (a.get("kind"), a.get("place_id"), a.get("date"), a.get("actor")) != (
        ev["kind"],
        ev["place_id"],
        ev["date"],
        ev["actor"],
    )
    if a and changed:
        said = t(
            "rv_ev_parser_said",
            lang,
            kind=kind_label(str(a.get("kind") or ""), lang),
            place=parser_place or a.get("place_id") or "",
            date=date_label(str(a.get("date") or ""), lang),
            actor=a.get("actor") or t("rv_ev_no_actor", lang),
        )
        meta.append(escape(said))
    return (
        f"<div class='bm-ev-card'><div class='bm-ev-head{css}'>{head}</div>"
        f"<div class='bm-ev-excerpt'>“{excerpt}”</div>"
        f"<div class='bm-ev-meta'>{'<br>'.join(meta)}</div></div>"
    )


def events_table(events: list[dict], lang: str) -> None:
    def col(name: str) -> str:  # lower case, as the mentions' table heads are
        if name in ("kind", "date", "actor"):
            return t(f"rv_ev_col_{name}", lang).lower()
        return t(f"rv_col_{name}", lang)

    st.dataframe(
        [
            {
                col("kind"): kind_label(ev["kind"], lang),
                col("place"): place_label(ev["place"], lang),
                col("date"): date_label(ev["date"], lang),
                col("actor"): ev["actor"] or "",
                col("confidence"): round(ev["confidence"] or 0, 2),
                col("status"): t(f"rv_status_{ev['status']}", lang),
                col("words"): ev["surface"],
                col("note"): ev["review_note"] or "",
                col("at"): f"{ev['start']}–{ev['end']}",
            }
            for ev in events
        ],
        hide_index=True,
        key="review_events_table",
    )


def events_section(brief: Mapping, mentions: list[dict], lang: str, said_key: str) -> None:
    """The brief's events with the controls for the chosen one (``mentions``: the brief's,
    whose places an edit offers first; ``said_key``: where the page keeps what the last
    action did, shown once)."""
    s = store()
    events = s.events(Filters(briefs=(brief["id"],), include_rejected=True))
    st.subheader(t("rv_events_head", lang, n=len(events)))
    if not events:
        st.caption(t("rv_no_events", lang))
        return
    events_table(events, lang)
    by_key = {event_pick_key(ev): ev for ev in events}
    if st.session_state.get(PICK) not in by_key:
        st.session_state[PICK] = next(iter(by_key))

    def option(k: str) -> str:
        ev = by_key[k]
        return t(
            "rv_event_option",
            lang,
            kind=kind_label(ev["kind"], lang),
            place=place_label(ev["place"], lang),
            date=date_label(ev["date"], lang),
            status=t(f"rv_status_{ev['status']}", lang),
            start=ev["start"],
        )

    key = st.selectbox(t("rv_event", lang), list(by_key), key=PICK, format_func=option)
    ev = by_key[key]
    parser_place = s.place(ev["auto"]["place_id"]) or {}
    st.html(CARD_CSS + event_card(ev, lang, place_label(parser_place, lang)))
    note = st.text_input(t("rv_note", lang), key=f"ev_note:{key}")
    act = _actor(brief["id"], ev, note, lang, said_key)
    kind, place = kind_label(ev["kind"], lang), place_label(ev["place"], lang)
    c = st.columns(3)
    if c[0].button(t("rv_ev_accept", lang), key="ev_accept", type="primary"):
        act("accept", t("rv_ev_accepted", lang, kind=kind, place=place))
    if c[1].button(t("rv_ev_reject", lang), key="ev_reject"):
        act("reject", t("rv_ev_rejected", lang, kind=kind, place=place))
    if c[2].button(t("rv_ev_reset", lang), key="ev_reset"):
        act("reset", t("rv_ev_was_reset", lang, place=place))
    with st.expander(t("rv_ev_edit_head", lang)):
        edit_panel(key, ev, mentions, lang, act)


def _actor(brief_id: str, ev: Mapping, note: str, lang: str, said_key: str) -> Callable[..., None]:
    """Stores one decision about ``ev`` and says what it did (or why not) on the rerun."""

    def act(action: str, done: str, **kw) -> None:
        a = ev["auto"]
        try:
            library().decide(
                brief_id,
                ev["start"],
                ev["end"],
                action,
                link="event",
                event_kind=a["kind"],
                cue_place_id=a["place_id"],
                note=note,
                **kw,
            )
        except (AddError, KeyError, ValueError) as exc:
            st.session_state[said_key] = f"!{add_error_text(exc, lang)}"
        else:
            st.session_state[said_key] = done
        st.rerun()

    return act


def edit_panel(
    key: str, ev: Mapping, mentions: list[dict], lang: str, act: Callable[..., None]
) -> None:
    """Kind, place (a place the brief names, or any of the gazetteer), date and actor;
    only what was changed is stored."""
    kind = st.selectbox(
        t("rv_ev_col_kind", lang),
        EVENT_KINDS,
        index=EVENT_KINDS.index(ev["kind"]) if ev["kind"] in EVENT_KINDS else 0,
        format_func=lambda k: kind_label(k, lang),
        key=f"ev_kind:{key}",
    )
    named = {}
    for m in mentions:
        if m["status"] != "rejected" and m["place_id"] != ev["place_id"]:
            named.setdefault(
                m["place_id"], {"name": m["place_name"], "name_pl": m["place_name_pl"]}
            )
    here = place_label(ev["place"], lang)
    chosen = st.selectbox(
        t("rv_place", lang),
        ["", *named],
        format_func=lambda p: (
            t("rv_ev_place_brief", lang, place=i18n.place_name(named[p], lang))
            if p
            else t("rv_ev_place_keep", lang, place=here)
        ),
        key=f"ev_place:{key}",
    )
    searched = place_search(f"ev_place:{key}", lang, label=t("rv_ev_place_search", lang))
    place_id = searched or chosen or None
    c1, c2 = st.columns(2)
    date = c1.text_input(t("rv_ev_date", lang), ev["date"] or "", key=f"ev_date:{key}")
    actor = c2.text_input(t("rv_ev_col_actor", lang), ev["actor"] or "", key=f"ev_actor:{key}")
    if st.button(t("rv_ev_save", lang), key="ev_edit"):
        changes = {
            "kind": kind if kind != ev["kind"] else None,
            "place_id": place_id if place_id and place_id != ev["place_id"] else None,
            "date": date.strip() if date.strip() != (ev["date"] or "") else None,
            "actor": actor.strip() if actor.strip() != (ev["actor"] or "") else None,
        }
        changes = {k: v for k, v in changes.items() if v is not None}
        if not changes:
            st.warning(t("rv_ev_unchanged", lang))
            return
        act("edit", t("rv_ev_edited", lang, place=here), **changes)
