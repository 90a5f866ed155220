"""The news of a brief, found (see :mod:`briefmap.news`): the archive before a brief
asked through ``briefmap.store.news_queries``, and compared with what the brief says."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from briefmap.news.items import (
    ACTIVE_KINDS,
    Contradiction,
    FlowNews,
    News,
    PlaceNews,
    Side,
    StatusChange,
    StatusRecord,
    as_day,
    curated_status_records,
    disagree,
    months_before,
    quiet_months_setting,
    status_records_from_events,
)
from briefmap.store import Filters, Store


# -- the news --------------------------------------------------------------------------------
def brief_news(
    store: Store,
    brief_id: str,
    quiet_months: int | None = None,
    status_records: Iterable[StatusRecord] | None = None,
) -> News:
    """The news of ``brief_id`` against the archive before it. ``status_records`` are
    records briefs reported; by default those of the stored events (closures, openings,
    restrictions, exercises… of every brief) at the places this brief names. The curated
    history of the places is always used. Raises ``KeyError`` for a brief the store does
    not have."""
    brief = store.news_brief(brief_id)
    if brief is None:
        raise KeyError(brief_id)
    n = quiet_months if quiet_months is not None else quiet_months_setting()
    day = as_day(brief["day"])
    end = max(day, as_day(brief["date_end"]) or day)
    quiet_since = months_before(day, n)
    news = News(brief=brief, quiet_months=n)
    places = store.brief_places(brief_id)
    if status_records is None and places:
        # read in the store, at this brief's places only: not every event of the archive
        ids = tuple(sorted({p["id"] for p in places}))
        status_records = status_records_from_events(store.events(places=ids))
    reported = list(status_records or ())
    windows: dict[str, tuple[date, date]] = {}
    for p in places:
        last = store.last_mention_before(p["id"], brief)
        last_day = as_day(last["day"]) if last else None
        if last is None or last_day < quiet_since:  # type: ignore[operator]
            news.places.append(_place_news(p, last))
        # a status changed since the archive last spoke of the place (else in N months)
        windows[p["id"]] = (last_day if last_day and last_day > quiet_since else quiet_since, end)
    records = [r for p in places for r in curated_status_records(p)]
    earlier_reports = [r for r in reported if r.brief_id and r.brief_id != brief_id]
    known = store.briefs_before(brief, [r.brief_id for r in earlier_reports])  # type: ignore[misc]
    earlier_reports = [r for r in earlier_reports if r.brief_id in known]
    said = {(r.place_id, r.status, r.since) for r in earlier_reports}
    # what this brief reports is news unless an earlier brief reported it already
    records += [
        r
        for r in reported
        if r.brief_id == brief_id and (r.place_id, r.status, r.since) not in said
    ]
    news.status_changes = status_changes(records, places, windows)
    flows = store.flows(Filters(briefs=(brief_id,)))
    news.new_flows, news.ended_flows = flow_news(store, brief, flows)
    mine = [r for r in reported if r.brief_id == brief_id]
    news.contradictions = status_contradictions(store, brief, places, mine, earlier_reports)
    news.contradictions += flow_contradictions(store, brief, flows)
    return news


def status_changes(
    records: Sequence[StatusRecord],
    places: Sequence[Mapping],
    windows: Mapping[str, tuple[date, date]],
) -> list[StatusChange]:
    """The status changes of ``records`` for the ``places`` (store rows of the brief's
    places, with its first ``excerpt``), in the brief's order of places, then by day: a
    curated record (no ``brief_id``) that took effect inside its place's window ``(after,
    until]`` (``windows``: place id -> days), and every record a brief reported (pass only
    the brief's own). A record is a change when the status in force the day before (by all
    of ``records``) was another; to ``open`` from another status is ``reopened``."""
    by_place: dict[str, list[StatusRecord]] = {}
    for r in records:
        by_place.setdefault(r.place_id, []).append(r)
    out: list[StatusChange] = []
    for p in places:
        window = windows.get(p["id"])
        if window is None:
            continue
        history = sorted(by_place.get(p["id"], ()), key=lambda r: (r.since, r.brief_id or ""))
        seen: set[tuple[str, date]] = set()
        for r in history:
            inside = r.brief_id is not None or window[0] < r.since <= window[1]
            if not inside or (r.status, r.since) in seen:
                continue
            seen.add((r.status, r.since))
            before = _status_on(history, r.since - timedelta(days=1))
            if before == r.status:
                continue
            change = r.status
            if r.status == "open":
                change = "reopened" if before in ("closed", "restricted") else "opened"
            out.append(
                StatusChange(
                    p["id"],
                    p["name"],
                    p["name_pl"],
                    p["lat"],
                    p["lon"],
                    change,
                    r.status,
                    before,
                    r.since.isoformat(),
                    r.source,
                    r.brief_id,
                    r.excerpt or p.get("excerpt") or "",
                )
            )
    return out


def flow_news(
    store: Store, brief: Mapping, flows: Sequence[Mapping]
) -> tuple[list[FlowNews], list[FlowNews]]:
    """The brief's flows (``Store.flows`` rows) that are news: routes no earlier brief gave
    as active, and routes the brief says ended that no earlier brief said ended."""
    earlier = _earlier_flows(store, brief, flows)
    active_before = {_route(fl) for fl in earlier if fl["kind"] in ACTIVE_KINDS}
    ended_before = {key for fl in earlier for key, _ in _ended_routes(fl)}
    new: list[FlowNews] = []
    ended: list[FlowNews] = []
    shown: set = set()
    for fl in flows:
        route = _route(fl)
        if (
            fl["kind"] in ACTIVE_KINDS
            and route not in active_before
            and ("new", route) not in shown
        ):
            shown.add(("new", route))
            new.append(_flow_news(fl, "new", _ends(fl)))
        for key, ends in _ended_routes(fl):
            if key not in ended_before and ("ended", key) not in shown:
                shown.add(("ended", key))
                ended.append(_flow_news(fl, "ended", ends))
    return new, ended


def status_contradictions(
    store: Store,
    brief: Mapping,
    places: Sequence[Mapping],
    records: Sequence[StatusRecord],
    earlier: Sequence[StatusRecord],
) -> list[Contradiction]:
    """This brief's status records (``records`` with its id) against those of earlier
    briefs (``earlier``): the same place, overlapping days, and statuses that cannot both
    hold (:func:`~briefmap.news.items.disagree`: closed against open or restricted; an
    exercise beside a closure is no contradiction)."""
    mine = [r for r in records if r.brief_id == brief["id"]]
    if not mine or not earlier:
        return []
    before = store.briefs_before(dict(brief), [r.brief_id for r in earlier if r.brief_id])
    names = {p["id"]: p for p in places}
    out = []
    for r in mine:
        for e in earlier:
            if e.place_id != r.place_id or not disagree(e.status, r.status):
                continue
            if e.brief_id not in before:
                continue
            a, b = _record_days(r, brief["day"]), _record_days(e, before[e.brief_id]["day"])
            if a[0] <= b[1] and b[0] <= a[1]:
                p = names.get(r.place_id) or {"name": r.place_id, "name_pl": r.place_id}
                out.append(
                    Contradiction(
                        "status",
                        p["name"],
                        p["name_pl"],
                        [r.place_id],
                        Side(brief["id"], brief["title"], brief["day"], r.status, a, r.excerpt),
                        Side(
                            e.brief_id,  # type: ignore[arg-type]
                            before[e.brief_id]["title"],
                            before[e.brief_id]["day"],
                            e.status,
                            b,
                            e.excerpt,
                        ),
                        (p["lat"], p["lon"]) if "lat" in p else None,
                    )
                )
    return out


def flow_contradictions(
    store: Store, brief: Mapping, flows: Sequence[Mapping]
) -> list[Contradiction]:
    """This brief and an earlier one on one route (the same goods from the same origin
    — either may leave it unsaid — to or through the same place) on overlapping days: one
    says they move, the other that they no longer do."""
    earlier = _earlier_flows(store, brief, flows)
    out: list[Contradiction] = []
    seen: set = set()
    for claim in _claims(flows, brief["day"]):
        for other in _claims(earlier, None):
            if claim["value"] == other["value"] or not _same_route(claim, other):
                continue
            if not (claim["days"][0] <= other["days"][1] and other["days"][0] <= claim["days"][1]):
                continue
            key = (claim["row"]["id"], other["row"]["id"])
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Contradiction(
                    "flow",
                    claim["route"],
                    claim["route_pl"],
                    [x for x in (claim["origin"], claim["stop"]) if x],
                    _side(claim, brief["title"], brief["day"]),
                    _side(other, other["row"]["title"], other["row"]["day"]),
                    claim["point"],
                )
            )
    return out


# -- helpers -----------------------------------------------------------------------------------
def _place_news(p: Mapping, last: Mapping | None) -> PlaceNews:
    return PlaceNews(
        p["id"],
        p["name"],
        p["name_pl"],
        p["kind"],
        p["country"] or "",
        p["precision"],
        p["lat"],
        p["lon"],
        "returning" if last else "new",
        p["mentions"],
        p["excerpt"],
        p["start"],
        p["end"],
        last["day"] if last else None,
        last["brief_id"] if last else None,
        last["title"] if last else None,
    )


def _status_on(history: Sequence[StatusRecord], day: date) -> str | None:
    """The status in force on ``day`` by ``history`` (the latest that began by then and had
    not ended), None when no record covers it."""
    found = None
    for r in history:
        if r.since <= day and (r.until is None or day < r.until):
            found = r.status
    return found


def _record_days(r: StatusRecord, reported: str) -> tuple[str, str]:
    """The days a status record speaks of: since its start until its end, else until the day
    its brief reported it."""
    until = r.until - timedelta(days=1) if r.until else max(r.since, as_day(reported) or r.since)
    return (r.since.isoformat(), until.isoformat())


def _ends(fl: Mapping) -> list[Mapping]:
    return [e for e in (fl["origin"], *fl["via"], fl["destination"]) if e]


def _route(fl: Mapping) -> tuple:
    """A route: its origin, its stops in order and its destination (place ids)."""
    return tuple(e["place_id"] if e else "" for e in (fl["origin"], *fl["via"], fl["destination"]))


def _ended_routes(fl: Mapping) -> list[tuple[tuple, list[Mapping]]]:
    """The routes a flow says ended, with their ends: a ``former`` flow's own route (by
    goods); the routes a reroute replaced (its origin to each former place)."""
    out = []
    if fl["kind"] == "former":
        out.append(((fl["commodity"], *_route(fl)), _ends(fl)))
    for old in fl["former"]:
        ends = [e for e in (fl["origin"], old) if e]
        out.append(((fl["commodity"], *(e["place_id"] for e in ends)), ends))
    return out


def _earlier_flows(store: Store, brief: Mapping, flows: Sequence[Mapping]) -> list[dict]:
    """Flows before ``brief`` that start where ``flows`` start, or end where they end, pass
    or used to go (on the flows' end indexes). An earlier flow that only passes through one
    of those places, from another origin, is not among them: the routes compared all share
    an origin, or (with none named) a destination."""
    if not flows:
        return []
    origins = {fl["origin"]["place_id"] for fl in flows if fl["origin"]}
    ends = {
        e["place_id"] for fl in flows for e in (*fl["via"], fl["destination"], *fl["former"]) if e
    }
    return store.flows_before(dict(brief), origins, ends)


def _points(ends: Sequence[Mapping]) -> list[tuple[float, float]]:
    return [(e["lat"], e["lon"]) for e in ends if e.get("lat") is not None]


def _route_name(ends: Sequence[Mapping], pl: bool) -> str:
    return " → ".join(str(e["name_pl" if pl else "name"]) for e in ends)


def _flow_news(fl: Mapping, news: str, ends: Sequence[Mapping]) -> FlowNews:
    return FlowNews(
        fl["id"],
        news,
        fl["kind"],
        fl["commodity"],
        fl["commodity_pl"],
        [e["place_id"] for e in ends],
        _route_name(ends, False),
        _route_name(ends, True),
        _points(ends),
        fl["excerpt"],
        fl["excerpt_start"],
        fl["dates"],
    )


def _claims(flows: Sequence[Mapping], reported: str | None) -> list[dict]:
    """What each flow says about each of its routes' stops: ``active`` on its dates (else
    its brief's day), or ``ended`` from the day it names (else its brief's day) to its
    brief's day. ``reported``: the brief's day (None: each row's own ``day``)."""
    out = []
    for fl in flows:
        day = reported or fl.get("day") or fl.get("published") or ""
        lo, hi = fl.get("date_min") or day, fl.get("date_max") or day
        origin = fl["origin"]["place_id"] if fl["origin"] else None
        if fl["kind"] in ("current", "rerouted"):
            for stop in (*fl["via"], fl["destination"]):
                if stop:
                    out.append(_claim(fl, "active", origin, stop, (lo, hi)))
        ended = []
        if fl["kind"] == "former":
            ended += [s for s in (*fl["via"], fl["destination"]) if s]
            start = fl.get("date_max") or day
        else:
            start = lo
        ended += list(fl["former"])
        for stop in ended:
            out.append(_claim(fl, "ended", origin, stop, (min(start, day), day)))
    return out


def _claim(fl: Mapping, value: str, origin: str | None, stop: Mapping, days: tuple) -> dict:
    ends = [e for e in (fl["origin"], stop) if e]
    return {
        "row": fl,
        "value": value,
        "commodity": fl["commodity"],
        "origin": origin,
        "stop": stop["place_id"],
        "days": days,
        "route": f"{fl['commodity']}: {_route_name(ends, False)}",
        "route_pl": f"{fl['commodity_pl']}: {_route_name(ends, True)}",
        "point": (stop["lat"], stop["lon"]) if stop.get("lat") is not None else None,
    }


def _same_route(a: Mapping, b: Mapping) -> bool:
    return (
        a["commodity"] == b["commodity"]
        and a["stop"] == b["stop"]
        and (a["origin"] is None or b["origin"] is None or a["origin"] == b["origin"])
    )


def _side(claim: Mapping, title: str, day: str) -> Side:
    row = claim["row"]
    return Side(row["brief_id"], title, day, claim["value"], tuple(claim["days"]), row["excerpt"])
