"""The news of a brief on a page (``pages/brief_news.py``, and its summary on the Add briefs
page): read once per store revision, brief and quiet months (``briefmap.news``), drawn as
lists, contradictions side by side with both excerpts, and the link that presents it on
the briefing page. Every text from a brief is escaped (``layers.escape``)."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from briefmap.i18n import t
from briefmap.news import CHANGES, CLAIMS, News, brief_news, quiet_months_setting
from layers.escape import escape
from ui.page_data import StoreKey
from ui.store_access import open_store, store_key
from ui.view_url import MAX_PARAM

CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 1.6rem; }
.bm-news-list ul { margin: 2px 0 8px 0; padding-left: 18px; }
.bm-news-list li { margin: 2px 0; }
.bm-news-side { border-left: 3px solid #0072B2; padding: 2px 0 2px 10px; }
.bm-news-side.bm-this { border-color: #D55E00; }
.bm-news-ex { margin: 4px 0; }
.bm-news-present { display: inline-block; margin: 6px 0; font-weight: 600; }
</style>
"""


@st.cache_data(show_spinner=False, max_entries=32)
def news_of(key: StoreKey, brief_id: str, quiet_months: int) -> News:
    """The news of ``brief_id`` (``KeyError`` for a brief the store does not have)."""
    return brief_news(open_store(*key), brief_id, quiet_months)


def counts_line(news: News, lang: str) -> str:
    """One line: how many of each kind of news (or that there is none)."""
    if news.empty:
        return t("news_nothing", lang)
    new = sum(p.news == "new" for p in news.places)
    return t(
        "news_counts",
        lang,
        new=new,
        back=len(news.places) - new,
        status=len(news.status_changes),
        flows=len(news.new_flows),
        ended=len(news.ended_flows),
        contra=len(news.contradictions),
    )


def present_href(news: News, lang: str) -> str:
    """The briefing page on this brief with only the places its news is about."""
    params = {"brief": news.brief["id"]}
    if lang != "en":
        params["lang"] = lang
    ids: list[str] = []
    for pid in news.place_ids():  # as many as a link parameter holds
        if len(",".join([*ids, pid])) > MAX_PARAM:
            break
        ids.append(pid)
    if ids:
        params["places"] = ",".join(ids)
    return "briefing?" + urlencode(params)


def show_lists(news: News, lang: str) -> None:
    """The news as lists: places, status changes, routes."""
    pl = lang == "pl"
    out: list[str] = []

    def section(title: str, items: list[str]) -> None:
        if items:
            out.append(f"<b>{escape(title)}</b><ul>{''.join(items)}</ul>")

    new = [p for p in news.places if p.news == "new"]
    back = [p for p in news.places if p.news == "returning"]
    section(
        t("news_new_places", lang, n=len(new)),
        [f"<li class='bm-news-place'>{escape(p.name_pl if pl else p.name)}</li>" for p in new],
    )
    section(
        t("news_returning_places", lang, n=len(back), months=news.quiet_months),
        [
            f"<li class='bm-news-place'>{escape(p.name_pl if pl else p.name)} <span "
            f"class='bm-muted'>({escape(_last_seen(p, lang))})</span></li>"
            for p in back
        ],
    )
    items = []
    for s in news.status_changes:
        what = t(f"news_change_{s.change}", lang) if s.change in CHANGES else s.change
        src = t("news_curated", lang) if s.brief_id is None else s.brief_id
        items.append(
            f"<li class='bm-news-status'><b>{escape(s.name_pl if pl else s.name)}</b>: "
            f"{escape(what)} {escape(s.day)} <span class='bm-muted' title='{escape(s.source)}'>"
            f"({escape(src)})</span></li>"
        )
    section(t("news_status_changes", lang, n=len(items)), items)
    for flows, key, cls in (
        (news.new_flows, "news_new_flows", "bm-news-flow-item"),
        (news.ended_flows, "news_ended_flows", "bm-news-ended-item"),
    ):
        section(
            t(key, lang, n=len(flows)),
            [
                f"<li class='{cls}'>{escape(fl.commodity_pl if pl else fl.commodity)}: "
                f"{escape(fl.route_pl if pl else fl.route)}</li>"
                for fl in flows
            ],
        )
    st.html(f"<div class='bm-news-list'>{''.join(out)}</div>")


def show_contradictions(news: News, lang: str) -> None:
    """Each contradiction with both sides side by side: this brief's words and the earlier."""
    if not news.contradictions:
        return
    st.markdown(f"**{escape(t('news_contradictions', lang, n=len(news.contradictions)))}**")
    pl = lang == "pl"
    for c in news.contradictions:
        st.markdown(f"≠ **{escape(c.subject_pl if pl else c.subject)}**")
        cols = st.columns(2)
        for col, side, label, cls in (
            (cols[0], c.this, "news_this_brief", "bm-this"),
            (cols[1], c.earlier, "news_earlier_brief", "bm-earlier"),
        ):
            claim = t(f"news_claim_{side.claim}", lang) if side.claim in CLAIMS else side.claim
            col.html(
                f"<div class='bm-news-side {cls}'><b>{escape(t(label, lang))}</b> "
                f"{escape(side.title)} <span class='bm-muted'>({escape(side.day)})</span><br>"
                f"<i>{escape(claim)}</i> <span class='bm-muted'>{escape(side.days[0])} – "
                f"{escape(side.days[1])}</span><p class='bm-news-ex'>“{escape(side.excerpt)}”</p>"
                "</div>"
            )


def _last_seen(p, lang: str) -> str:
    return t("news_last_seen", lang, day=p.last_day, title=p.last_title)


def news_summary(brief_id: str, lang: str | None = None) -> None:
    """What a brief just added brings (one line), and the link to its news page."""
    lang = lang or str(st.session_state.get("lang") or "en")
    try:
        news = news_of(store_key(), brief_id, quiet_months_setting())
    except KeyError:  # not in the store after all (replaced meanwhile)
        return
    st.caption(counts_line(news, lang))
    st.page_link(
        "pages/brief_news.py",
        label=t("news_open_page", lang),
        query_params={"brief": brief_id} | ({"lang": lang} if lang != "en" else {}),
    )
