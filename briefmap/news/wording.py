"""The news of a brief as plain text, in either interface language (excerpts as written):
what ``briefmap news`` and ``briefmap add`` print."""

from __future__ import annotations

from briefmap.i18n import t
from briefmap.news.items import News


def news_text(news: News, lang: str = "en") -> str:
    """The news as plain text, in the interface language ``lang`` (excerpts as written)."""
    b = news.brief
    pl = lang == "pl"
    lines = [t("news_of", lang, title=b["title"], id=b["id"], day=b["day"])]
    if news.empty:
        lines.append(t("news_nothing", lang))
        return "\n".join(lines)

    def name(x) -> str:
        return x.name_pl if pl else x.name

    new = [p for p in news.places if p.news == "new"]
    back = [p for p in news.places if p.news == "returning"]
    if new:
        lines.append(t("news_new_places", lang, n=len(new)))
        lines += [f"  + {name(p)} — “{_cut(p.excerpt)}”" for p in new]
    if back:
        lines.append(t("news_returning_places", lang, n=len(back), months=news.quiet_months))
        for p in back:
            since = t("news_last_seen", lang, day=p.last_day, title=p.last_title)
            lines.append(f"  ↺ {name(p)} ({since})")
    if news.status_changes:
        lines.append(t("news_status_changes", lang, n=len(news.status_changes)))
        for s in news.status_changes:
            what = t(f"news_change_{s.change}", lang) if s.change in CHANGES else s.change
            src = t("news_curated", lang) if s.brief_id is None else s.brief_id
            lines.append(f"  ! {name(s)}: {what} {s.day} ({src}: {_cut(s.source, 120)})")
    for flows, key, mark in (
        (news.new_flows, "news_new_flows", "→"),
        (news.ended_flows, "news_ended_flows", "✕"),
    ):
        if flows:
            lines.append(t(key, lang, n=len(flows)))
            for fl in flows:
                goods = fl.commodity_pl if pl else fl.commodity
                route = fl.route_pl if pl else fl.route
                lines.append(f"  {mark} {goods}: {route} — “{_cut(fl.excerpt)}”")
    if news.contradictions:
        lines.append(t("news_contradictions", lang, n=len(news.contradictions)))
        for c in news.contradictions:
            lines.append(f"  ≠ {c.subject_pl if pl else c.subject}")
            for side, label in ((c.this, "news_this_brief"), (c.earlier, "news_earlier_brief")):
                claim = t(f"news_claim_{side.claim}", lang) if side.claim in CLAIMS else side.claim
                lines.append(
                    f"    {t(label, lang)} {side.title} ({side.day}): {claim}"
                    f" [{side.days[0]}..{side.days[1]}] — “{_cut(side.excerpt, 240)}”"
                )
    return "\n".join(lines)


CHANGES = (
    "closed",
    "reopened",
    "opened",
    "restricted",
    "exercise",
    "deployment",
    "construction",
    "incident",
)
CLAIMS = ("active", "ended", "open", "closed", "restricted")


def _cut(text: str, n: int = 160) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"
