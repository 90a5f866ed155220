"""The brief reader: a brief's reading text, a page at a time, every place mention a button
that selects the place; the brief picker and the pager.

A page run sends one page of a long brief (``READER_PAGE`` characters), never the whole of
it and all its mentions. The reader marks the mentions of the place the excerpt panel
shows as selected, in the browser (``layers/static/reader.js``).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from briefmap import i18n
from briefmap.i18n import t
from layers.escape import escape
from layers.static_files import static_text
from ui.page_data import StoreKey, brief_mentions_of, briefs, listed, short
from ui.state import K, select_place
from ui.store_access import open_store

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


@st.cache_resource(show_spinner=False)
def reader_component():
    """The brief reader: the brief's text with every place mention as a button. Defined once
    per server (a component is registered under its name)."""
    return st.components.v2.component(
        "briefmap_reader", css=READER_CSS, js=static_text("reader.js")
    )


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
    ids = listed([b["id"] for b in all_briefs], [brief_id])
    widget = K.pick_brief + brief_id
    # the titles shown, not ``by_id``: the session keeps its widgets' format_func (see
    # ui.sidebar), and a lambda over every brief's row kept a copy of them per session
    titles = {i: short(by_id[i]["title"], 90) for i in ids}
    st.selectbox(
        t("brief", lang),
        ids,
        index=ids.index(brief_id),
        key=widget,
        on_change=on_brief_pick,
        args=(widget,),
        format_func=titles.__getitem__,
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
    """Turn the reader ``step`` pages on (back when negative) in a brief."""
    state = st.session_state
    pages = state.setdefault(K.reader_page, {})
    pages[brief_id] = pages.get(brief_id, 0) + step
    state[K.mark] = (brief_id, None)  # turned by hand: no mention pulls the page back


def on_reader_select() -> None:
    """A mention in the reader was pressed: select its place, at that mention."""
    value = st.session_state.get(K.reader)
    try:  # a mapping-like view of the component's state and triggers
        choice = value["select"]
    except (KeyError, TypeError):
        choice = getattr(value, "select", None)
    if isinstance(choice, Mapping) and choice.get("place"):
        select_place(str(choice["place"]), str(choice.get("brief") or ""), choice.get("start"))


def on_brief_pick(widget: str) -> None:
    """The brief picker changed: show that brief in the reader (no mention asked for)."""
    if widget != K.pick_brief + (st.session_state.get(K.brief) or ""):
        return  # a stale picker of an earlier brief (see on_place_pick)
    choice = st.session_state.get(widget)
    if choice:
        st.session_state[K.brief] = choice
        st.session_state[K.mark] = None
