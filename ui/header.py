"""The top of the dashboard: the title and the counters, the notice naming what a link
asked for and could not be used, and the warning naming the filters that leave nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import streamlit as st

from briefmap.i18n import t
from briefmap.store import Filters
from layers.escape import escape
from ui.page_data import StoreKey, totals
from ui.state import FILTER_LISTS, K
from ui.view_url import notice_text


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
    active = [k for k in (K.search, *FILTER_LISTS, K.event, K.published, K.since) if f_state.get(k)]
    fields = {
        K.search: ("search",),
        K.themes: ("themes",),
        K.briefs: ("briefs",),
        K.publishers: ("publishers",),
        K.countries: ("countries",),
        K.precisions: ("precisions",),
        K.event: ("event_from", "event_to"),
        K.published: ("published_from", "published_to"),
        K.since: ("since",),
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


def url_notice(lang: str) -> None:
    """Name the parameters of the link that were left out, until dismissed."""
    notices = st.session_state.get(K.notices)
    if not notices:
        return
    box, close = st.columns([12, 1], vertical_alignment="center")
    box.warning(notice_text(notices, lang), icon="⚠️")
    close.button(t("url_dismiss", lang), on_click=st.session_state.pop, args=(K.notices, None))
