"""The timeline: dated mentions per month, on a real time axis; a period dragged across it
becomes the event-date filter."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import streamlit as st

from briefmap.i18n import t
from briefmap.store import Filters
from ui.page_data import StoreKey, facets
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


@st.cache_data(show_spinner=False, max_entries=64)
def timeline_spec(key: StoreKey, f: Filters, lang: str) -> dict | None:
    """The timeline's Vega-Lite spec under ``f`` (every filter but the event dates; the
    chosen period shaded), built once per filter: Altair validates a chart when it turns
    it into a spec, which took a quarter of a second on every run of the page."""
    import altair as alt

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
    period = alt.selection_interval(encodings=["x"], name="period")
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#4a6fa5")
        .encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(labelAngle=0, format="%Y-%m")),
            x2="end:T",
            y=alt.Y("n:Q", title=None),
            y2=alt.datum(0),
            opacity=alt.condition("datum.in", alt.value(0.95), alt.value(0.25)),
            tooltip=[
                alt.Tooltip("label:N", title=t("month", lang)),
                alt.Tooltip("n:Q", title=t("n_dated", lang)),
            ],
        )
        .add_params(period)
        .properties(height=130)
    )
    return bars.to_dict()


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
