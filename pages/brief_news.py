"""News of a brief: what a brief adds to the archive as it stood before it (``briefmap.news``).

A page of the dashboard (``/brief_news``; not ``news.py``: no two modules share a name, and
``briefmap.news`` is one). ``?brief=ID`` chooses the brief (else the one added last),
``?months=N`` the quiet months that make a place news again, ``?since=YYYY-MM-DD`` lists
only briefs added or published since that day (the dashboard's "since" filter), ``?lang``
the language. The map is the brief's own map with the new things marked
(``briefmap.present.news_map``); "present what this brief changes" opens the briefing page
on the brief with only the places of its news.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from briefmap import i18n
from briefmap.i18n import t
from briefmap.news import quiet_months_setting
from briefmap.present.html_export import html_document
from briefmap.present.news_map import news_map
from layers.assets import VENDOR_URL
from layers.escape import escape
from ui.news_panel import CSS, counts_line, news_of, present_href, show_contradictions, show_lists
from ui.page_data import StoreKey, briefs, short
from ui.store_access import open_store, store_key_or_stop

MAP_HEIGHT = 520
MAX_MONTHS = 120


class K:
    """Session-state keys of this page (the dashboard's are its own)."""

    ready = "nw_ready"
    lang = "nw_lang"
    brief = "nw_brief"
    months = "nw_months"
    since = "nw_since"


@st.cache_data(show_spinner=False, max_entries=16)
def map_html(key: StoreKey, brief_id: str, months: int, lang: str) -> str:
    """The page of the news map (Leaflet from this app's static files)."""
    store = open_store(*key)
    news = news_of(key, brief_id, months)
    return html_document(news_map(store, news, lang, vendor=VENDOR_URL), inline=False)


def read_url_once(ids: set[str]) -> None:
    """On the page's first run in a session, set the widgets from the URL (what cannot be
    used is left out: the defaults stay)."""
    state = st.session_state
    if state.get(K.ready):
        return
    state[K.ready] = True
    q = st.query_params
    state[K.lang] = i18n.language(q.get("lang") or state.get("lang"))
    if q.get("brief") in ids:
        state[K.brief] = q["brief"]
    try:
        state[K.months] = max(1, min(MAX_MONTHS, int(q.get("months", ""))))
    except ValueError:
        state[K.months] = quiet_months_setting()
    try:
        state[K.since] = date.fromisoformat(q.get("since", ""))
    except ValueError:
        state[K.since] = None


def sidebar(key: StoreKey) -> tuple[str, str | None, int]:
    """The language, the brief and the quiet months the sidebar chose."""
    sb = st.sidebar
    sb.radio(
        t("language", st.session_state.get(K.lang, "en")),
        i18n.LANGUAGES,
        format_func=i18n.LANGUAGE_NAMES.get,
        key=K.lang,
        horizontal=True,
    )
    lang = i18n.language(st.session_state.get(K.lang))
    since = sb.date_input(t("since", lang), key=K.since, help=t("since_help", lang))
    since = since if isinstance(since, date) else None
    listed = briefs(key)
    if since:
        day = since.isoformat()
        listed = [
            b
            for b in listed
            if (b["origin"] == "added" and (b["added_at"] or "") >= day)
            or (b["date_end"] or b["date_start"] or "") >= day
        ]
        sb.caption(t("news_since_briefs", lang, day=day, n=len(listed)))
    by_id = {b["id"]: b for b in listed}
    if not listed:
        return lang, None, st.session_state.get(K.months, quiet_months_setting())
    if st.session_state.get(K.brief) not in by_id:  # the brief added last
        st.session_state[K.brief] = max(listed, key=lambda b: (b["added_at"] or "", b["id"]))["id"]
    brief = sb.selectbox(
        t("news_brief", lang),
        list(by_id),
        key=K.brief,
        format_func=lambda i: f"{short(by_id[i]['title'], 60)} ({by_id[i]['date_start'] or '–'})",
    )
    months = sb.number_input(
        t("news_quiet", lang), min_value=1, max_value=MAX_MONTHS, step=1, key=K.months
    )
    return lang, brief, int(months)


def write_url(lang: str, brief: str | None, months: int) -> None:
    params = {"brief": brief} if brief else {}
    if lang != "en":
        params["lang"] = lang
    if months != quiet_months_setting():
        params["months"] = str(months)
    since = st.session_state.get(K.since)
    if isinstance(since, date):
        params["since"] = since.isoformat()
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def main() -> None:
    st.set_page_config(page_title="briefmap · news", page_icon=":world_map:", layout="wide")
    lang = i18n.language(st.session_state.get(K.lang) or st.query_params.get("lang"))
    key = store_key_or_stop(lang)
    read_url_once({b["id"] for b in briefs(key)})
    lang, brief, months = sidebar(key)
    st.html(CSS)
    st.markdown(f"### {escape(t('news_page', lang))}", help=t("news_intro", lang))
    if brief is None:
        st.info(t("news_no_briefs", lang))
        write_url(lang, None, months)
        return
    news = news_of(key, brief, months)
    b = news.brief
    cite = [b["title"], b.get("publisher") or "", b["day"]]
    st.markdown(
        " · ".join(f"**{escape(x)}**" if k == 0 else escape(x) for k, x in enumerate(cite) if x)
    )
    summary = counts_line(news, lang)
    if news.empty:
        st.info(summary)
    else:
        said, link = st.columns([3, 1], vertical_alignment="center")
        said.success(summary)
        link.html(
            f"<a class='bm-news-present' href='{escape(present_href(news, lang))}' "
            f"target='_self'>▶ {escape(t('news_present', lang))}</a>"
        )
    left, right = st.columns([7, 4], gap="medium")
    with left:
        st.iframe(map_html(key, brief, months, lang), height=MAP_HEIGHT)
        st.caption(t("news_map_caption", lang))
    with right:
        show_lists(news, lang)
    show_contradictions(news, lang)
    write_url(lang, brief, months)


main()
