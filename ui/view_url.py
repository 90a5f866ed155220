"""The view a page URL describes, read the way the dashboard writes it.

The dashboard keeps its view in the query string: ``themes``, ``briefs``, ``publishers``,
``countries``, ``precision`` (comma-separated), ``event`` and ``published``
(``YYYY-MM-DD..YYYY-MM-DD``), ``q`` (search), ``brief`` (the brief in the reader),
``place``, ``lat``/``lon``/``zoom``, ``lang``. The briefing page reads the same parameters
(so a dashboard link with its path changed to ``/briefing`` presents that view) and adds
``briefing`` (a file of ``geodata/briefings``), ``order`` (``text`` or ``date``) and
``step``. No Streamlit here: these functions take and return plain mappings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from briefmap import i18n
from briefmap.store import Filters

#: Filters field -> query parameter, for the comma-separated lists (as dashboard.py)
LIST_PARAMS = {
    "themes": "themes",
    "briefs": "briefs",
    "publishers": "publishers",
    "countries": "countries",
    "precisions": "precision",
}
RANGE_PARAMS = {
    "event": ("event_from", "event_to"),
    "published": ("published_from", "published_to"),
}
#: the parameters that say what is filtered (kept as they came when the page rewrites its URL)
FILTER_PARAMS = (*LIST_PARAMS.values(), *RANGE_PARAMS, "q")


@dataclass
class UrlView:
    """What a URL asks the briefing page to show."""

    filters: Filters = field(default_factory=Filters)
    language: str = "en"
    brief: str = ""
    briefing: str = ""
    order: str = "text"
    step: int | None = None
    centre: tuple[float, float, int] | None = None
    params: dict[str, str] = field(default_factory=dict)  # the filter parameters as given


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


def _range(value: str | None) -> tuple[str, str] | None:
    try:
        a, b = (value or "").split("..")
        return date.fromisoformat(a).isoformat(), date.fromisoformat(b).isoformat()
    except ValueError:
        return None


def read_view(q: Mapping[str, str]) -> UrlView:
    """The view of query parameters ``q`` (values as strings; unknown or malformed values
    are ignored, as the dashboard ignores them)."""
    kw: dict[str, object] = {k: _split(q.get(p)) for k, p in LIST_PARAMS.items()}
    for param, (lo, hi) in RANGE_PARAMS.items():
        rng = _range(q.get(param))
        if rng:
            kw[lo], kw[hi] = rng
    kw["search"] = (q.get("q") or "").strip()
    view = UrlView(filters=Filters(**kw), language=i18n.language(q.get("lang")))  # type: ignore[arg-type]
    view.brief = (q.get("brief") or "").strip()
    view.briefing = (q.get("briefing") or "").strip()
    view.order = "date" if q.get("order") == "date" else "text"
    try:
        view.step = max(1, int(q.get("step") or ""))
    except ValueError:
        view.step = None
    try:
        view.centre = (float(q["lat"]), float(q["lon"]), int(q.get("zoom") or 5))
    except (KeyError, ValueError):
        view.centre = None
    view.params = {p: str(q[p]) for p in FILTER_PARAMS if q.get(p)}
    return view


def describe(params: Mapping[str, str]) -> str:
    """The filter parameters as "themes=military · q=granica" (plain text)."""
    return " · ".join(f"{k}={v}" for k, v in params.items())
