"""The news of a brief: what it adds to the archive as the archive stood before it.

"Before" is the archive's order (``briefmap.store.news_queries``): briefs of an earlier day
(publication date, else the day added), and of the same day those added before it. Against
that archive, a brief's news is:

- **places** it mentions that no earlier brief did (``new``), or that no brief mentioned for
  ``quiet_months`` months before its day (``returning``, with the last mention);
- **status changes** of the places it mentions, from status records (:class:`StatusRecord`):
  a crossing closed, reopened or restricted (an exercise, a deployment… once events give
  records of them) between the last time the archive mentioned the place (else
  ``quiet_months`` before the brief) and the brief's day. Today the records are the curated
  status history of the crossings (``geodata/places.toml``, copied into each place's
  ``attrs``); the events of a brief plug in by passing their records to
  :func:`brief_news` (``status_records``, e.g. :func:`status_records_from_events` of the
  stored event records): those of this brief are its own status changes,
  those of earlier briefs can contradict them;
- **flows** that appear (a route — origin, stops, destination — no earlier brief gave) and
  flows it says **ended** (kind ``former``, and the routes a rerouting replaced) that no
  earlier brief already said ended;
- **contradictions**: it and an earlier brief disagree on the same days about a place's
  status (status records of both) or about a route (one says goods move on it, the other
  that they no longer do), each side with its excerpt.

A brief added twice (the same text) is refused by the library: adding it again has no news.
A brief with the same places, routes and statuses as the archive's latest has none either.
Offsets (``start``/``end``) index the brief's reading text."""

from briefmap.news.findings import (
    brief_news,
    flow_contradictions,
    flow_news,
    status_changes,
    status_contradictions,
)
from briefmap.news.items import (
    QUIET_MONTHS,
    Contradiction,
    FlowNews,
    News,
    PlaceNews,
    Side,
    StatusChange,
    StatusRecord,
    curated_status_records,
    disagree,
    months_before,
    quiet_months_setting,
    status_records_from_events,
)
from briefmap.news.wording import CHANGES, CLAIMS, news_text

__all__ = [
    "CHANGES",
    "CLAIMS",
    "QUIET_MONTHS",
    "Contradiction",
    "FlowNews",
    "News",
    "PlaceNews",
    "Side",
    "StatusChange",
    "StatusRecord",
    "brief_news",
    "curated_status_records",
    "disagree",
    "flow_contradictions",
    "flow_news",
    "months_before",
    "news_text",
    "quiet_months_setting",
    "status_changes",
    "status_contradictions",
    "status_records_from_events",
]
