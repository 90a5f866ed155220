"""The timeline: dated mentions per month, on a real time axis; a period dragged across it
becomes the event-date filter."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import streamlit as st

from briefmap.i18n import t
from briefmap.store import Filters
from layers.event_symbols import event_symbol, kind_label
from ui.page_data import StoreKey, events, facets
from ui.state import K
from ui.store_access import open_store, store_key


@st.cache_data(show_spinner=False, max_entries=64)
def event_months(key: StoreKey, f: Filters) -> dict[str, int]:
    """Dated mentions under ``f`` per month (``YYYY-MM``)."""
    return open_store(*key).event_months(f)


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _as_date(value: object) -> date | None:
    """A date from a chart selection: epoch milliseconds (Vega's time) or an ISO string."""
    try:
        if isinstance(value, (int, float)) and math.isfinite(value):
            return datetime.fromtimestamp(value / 1000, tz=timezone.utc).date()
        return date.fromisoformat(str(value)[:10])
    except (ValueError, OverflowError, OSError):
        return None


def on_period() -> None:
    """A period brushed on the timeline becomes the event-date filter."""
    value = st.session_state.get(K.timeline)
    try:
        chosen = value["selection"]["period"]
    except (KeyError, TypeError):
        chosen = getattr(getattr(value, "selection", None), "period", None)
    span = next(iter(chosen.values()), None) if isinstance(chosen, Mapping) and chosen else None
    ends = sorted(d for d in map(_as_date, span or ()) if d is not None)
    bounds = facets(store_key())["event_dates"]
    if len(ends) != 2 or not bounds or not bounds[0] or not bounds[1]:
        return
    a, b = ends
    lo, hi = date.fromisoformat(bounds[0][:10]), date.fromisoformat(bounds[1][:10])
    a, b = max(lo, min(a, hi)), max(lo, min(b, hi))
    st.session_state[K.event] = (a, b)


def event_marks(events: list[Mapping], months: Mapping[str, int], lang: str) -> list[dict]:
    """The timeline's event marks: one per month and kind of dated event (``Store.events``
    rows), at the top of the month's bar (``months``: dated mentions per month), the kinds of
    one month side by side; its glyph, colour and name as on the map."""
    per: dict[tuple[str, str], int] = {}
    for ev in events:
        day = str(ev.get("date") or "")
        if len(day) >= 7 and ev.get("kind"):
            key = (day[:7], str(ev["kind"]))
            per[key] = per.get(key, 0) + 1
    rows = []
    order: dict[str, int] = {}
    for (month, kind), n in sorted(per.items()):
        i = order.get(month, 0)
        order[month] = i + 1
        glyph, colour = event_symbol(kind)
        spot = date.fromisoformat(month + "-01") + timedelta(days=4 + 6 * (i % 4))
        rows.append(
            {"day": spot.isoformat(), "n": months.get(month, 0), "kind": kind, "glyph": glyph,
             "colour": colour, "label": kind_label(kind, lang), "count": n, "month": month}
        )  # fmt: skip
    return rows


@st.cache_data(show_spinner=False, max_entries=64)
def timeline_spec(key: StoreKey, f: Filters, lang: str) -> dict | None:
    """The timeline's Vega-Lite spec under ``f`` (every filter but the event dates; the
    chosen period shaded), built once per filter: the chart is the same for every filter
    but its values, so it is written once per language (``_chart``) and each filter only
    fills in its data (a test validates the result)."""
    months = event_months(key, replace(f, event_from=None, event_to=None))
    if not months:
        return None
    chosen = (
        (date.fromisoformat(f.event_from), date.fromisoformat(f.event_to))
        if f.event_from and f.event_to
        else None
    )
    rows = []
    for month, n in months.items():
        start = date.fromisoformat(month + "-01")
        end = _month_end(start)
        inside = chosen is None or (start <= chosen[1] and end > chosen[0])
        rows.append(
            {"month": start.isoformat(), "end": end.isoformat(), "n": n, "in": inside,
             "label": month}
        )  # fmt: skip
    marks = event_marks(events(key, replace(f, event_from=None, event_to=None)), months, lang)
    # the values inline, where the chart names its data: Streamlit turns named data sets
    # into Arrow tables on every page run (a tenth of a second at 10,000 briefs)
    return _filled(_chart(lang, bool(marks)), {"months": rows, "marks": marks})


def _filled(spec: object, values: Mapping[str, list]) -> object:
    """A copy of ``spec`` with each ``{"name": N}`` data reference of ``values`` replaced
    by ``{"values": values[N]}``."""
    if isinstance(spec, dict):
        if set(spec) == {"name"} and spec["name"] in values:
            return {"values": values[spec["name"]]}
        return {k: _filled(v, values) for k, v in spec.items()}
    if isinstance(spec, list):
        return [_filled(v, values) for v in spec]
    return spec


@functools.lru_cache(maxsize=4)
def _chart(lang: str, marks: bool) -> dict:
    """The timeline's Vega-Lite chart without its data (data named ``months`` and, with
    ``marks``, ``marks``, which ``timeline_spec`` fills in). Written as the spec itself,
    not through Altair, whose import and chart building took two seconds of the server's
    first page (a test validates it against Altair's Vega-Lite schema)."""
    bars = {
        "name": "bars",
        "data": {"name": "months"},
        "mark": {"type": "bar", "color": "#4a6fa5"},
        "encoding": {
            "x": {
                "field": "month", "type": "temporal", "title": None,
                "axis": {"format": "%Y-%m", "labelAngle": 0},
            },
            "x2": {"field": "end"},
            "y": {"field": "n", "type": "quantitative", "title": None},
            "y2": {"datum": 0},
            "opacity": {"condition": {"test": "datum.in", "value": 0.95}, "value": 0.25},
            "tooltip": [
                {"field": "label", "type": "nominal", "title": t("month", lang)},
                {"field": "n", "type": "quantitative", "title": t("n_dated", lang)},
            ],
        },
    }  # fmt: skip
    period = {"name": "period", "select": {"type": "interval", "encodings": ["x"]}}
    spec: dict = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300}},
        "height": 130,
    }
    if not marks:
        del bars["name"]
        return {**spec, **bars, "params": [period]}
    # the events of the briefs, as on the map: a square of the kind's colour with its glyph
    pl = lang == "pl"
    event = {
        "data": {"name": "marks"},
        "encoding": {
            "x": {"field": "day", "type": "temporal"},
            "y": {"field": "n", "type": "quantitative"},
            "tooltip": [
                {"field": "label", "type": "nominal", "title": "Wydarzenie" if pl else "Event"},
                {"field": "month", "type": "nominal", "title": t("month", lang)},
                {"field": "count", "type": "quantitative", "title": "Liczba" if pl else "Count"},
            ],
        },
    }
    squares = {
        **event,
        "mark": {"type": "square", "size": 110, "yOffset": -9, "opacity": 1, "stroke": "#fff"},
        "encoding": {
            **event["encoding"], "color": {"field": "colour", "type": "nominal", "scale": None}
        },
    }  # fmt: skip
    glyphs = {
        **event,
        "mark": {"type": "text", "yOffset": -9, "color": "#fff", "fontSize": 8,
                 "fontWeight": "bold"},
        "encoding": {**event["encoding"], "text": {"field": "glyph", "type": "nominal"}},
    }  # fmt: skip
    return {**spec, "layer": [bars, squares, glyphs], "params": [{**period, "views": ["bars"]}]}


def timeline(key: StoreKey, f: Filters, lang: str) -> None:
    """When: dated mentions per month under every filter but the event dates, on a real
    time axis; a period dragged across it becomes the event-date filter (shown shaded)."""
    st.caption(t("timeline", lang))
    spec = timeline_spec(key, f, lang)
    if spec is None:
        st.caption(t("no_dates", lang))
        return
    st.vega_lite_chart(
        spec, key=K.timeline, on_select=on_period, selection_mode="period", width="stretch"
    )
    chosen = (f.event_from, f.event_to) if f.event_from and f.event_to else None
    if chosen:
        note, clear = st.columns([5, 1], vertical_alignment="center")
        note.caption(t("period", lang, start=chosen[0], end=chosen[1]))
        clear.button(t("clear_period", lang), on_click=st.session_state.pop, args=(K.event, None))
    else:
        st.caption(t("timeline_help", lang))
