"""The dashboard's sidebar: the language, the filters (returned as ``Filters``) and the
link that presents the view on the briefing page."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import streamlit as st

from briefmap import i18n
from briefmap.analysis.themes import load_taxonomy
from briefmap.i18n import t
from briefmap.store import Filters
from layers.escape import escape
from ui.page_data import LISTED, StoreKey, briefs, facets, listed, short
from ui.state import FILTER_LISTS, K, filter_options
from ui.view_url import CONTROL_CHARS, FILTER_PARAMS

#: the view parameters the briefing page reads as the dashboard writes them (ui/view_url.py):
#: the language and the filters; not "brief" (the reader always shows one)
PRESENTED = ("lang", *FILTER_PARAMS)


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
    shown = listed(options[K.briefs], st.session_state.get(K.briefs) or [])
    # A widget's format_func stays in the session's widget state for as long as the session
    # (and server.disconnectedSessionTTL after it closes): it must hold the shown titles, not
    # every brief's row. A lambda over ``all_briefs`` kept a copy of all 10,000 briefs per
    # session (with the reader's, ~23 MB a session; benchmarks/bench_team.py: 305 MB after
    # the first session, 1,442 MB after 50 and 150 s idle).
    titles = {i: short(all_briefs[i]["title"], 70) for i in shown}
    chosen_briefs = sb.multiselect(
        t("briefs", lang),
        shown,
        key=K.briefs,
        placeholder=t("choose", lang),
        format_func=titles.__getitem__,
        help=t("briefs_listed", lang, n=LISTED, total=len(all_briefs))
        if len(shown) < len(all_briefs)
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
    # no date until one is chosen (a default would be a filter of its own)
    since = sb.date_input(
        t("since", lang),
        key=K.since,
        help=t("since_help", lang),
        **({} if K.since in st.session_state else {"value": None}),
    )
    since = since if isinstance(since, date) else None
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
        since=since.isoformat() if since else None,
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
        K.since: since,
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


def clear_filters() -> None:
    for key in (*FILTER_LISTS, K.event, K.published, K.search, K.since):
        st.session_state.pop(key, None)


def present_link(lang: str) -> None:
    """A link that opens the briefing page on this view (its filters and brief): present the
    places of what is on the screen, one step at a time."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k in PRESENTED}
    href = "briefing" + ("?" + urlencode(params) if params else "")
    st.sidebar.html(
        f"<a class='bm-present' href='{escape(href)}' target='_self'>"
        f"▶ {escape(t('present_view', lang))}</a>"
    )
