"""The view a page URL describes, read the way the dashboard writes it.

The dashboard keeps its view in the query string: ``themes``, ``briefs``, ``publishers``,
``countries``, ``precision`` (comma-separated), ``event`` and ``published``
(``YYYY-MM-DD..YYYY-MM-DD``), ``q`` (search), ``brief`` (the brief in the reader),
``place``, ``lat``/``lon``/``zoom``, ``lang``, ``since`` (``YYYY-MM-DD``: briefs added or
published since that day). The briefing page reads the same parameters (so a dashboard
link with its path changed to ``/briefing`` presents that view) and adds ``briefing`` (a
file of ``geodata/briefings``), ``order`` (``text`` or ``date``), ``step`` and ``places``
(comma-separated place ids: present only those, as the news page asks). No Streamlit here:
these functions take and return plain mappings.

One module reads and writes a link: :func:`check_params` reads every page's parameters
(the dashboard's and the briefing page's, through :func:`read_view`), and
:func:`view_query` writes a view back in the form it reads.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
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
FILTER_PARAMS = (*LIST_PARAMS.values(), *RANGE_PARAMS, "q", "since")


#: every parameter a page of briefmap reads; any other is named as ignored
VIEW_PARAMS = frozenset(
    {*LIST_PARAMS.values(), *RANGE_PARAMS, "lang", "q", "place", "brief", "lat", "lon", "zoom"}
    | {"since"}
)
MAX_PARAM = 2000  # characters: longer values are not ours
MIN_ZOOM, MAX_ZOOM = 1, 12
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class CheckedUrl:
    """The usable values of a link's parameters, and what was left out and why.

    ``values``: list parameters -> tuple of known values; ``event``/``published`` ->
    ``(date, date)``; ``lang``, ``q``, ``place``, ``brief`` -> str; ``view`` ->
    ``{"lat", "lon", "zoom"}``; the page's own extra parameters -> str, as given.
    ``notices``: ``(parameter, reason)`` pairs, the reason an ``i18n`` key ("bad_param",
    "bad_chars", "too_long", "bad_language", "bad_values", "bad_dates", "reversed_dates",
    "bad_place", "bad_brief", "bad_number", "bad_range", "bad_zoom", "needs_position")."""

    values: dict[str, object] = field(default_factory=dict)
    notices: list[tuple[str, str]] = field(default_factory=list)


def finite_number(value: str) -> float:
    """A finite number; ``ValueError`` for anything else (nan, inf, 1e400, words)."""
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(value)
    return x


def _date_range(value: str) -> tuple[date, date]:
    """``YYYY-MM-DD..YYYY-MM-DD``; ``ValueError`` otherwise."""
    a, b = value.split("..")
    return date.fromisoformat(a), date.fromisoformat(b)


def check_params(
    q: Mapping[str, str],
    known: Mapping[str, Collection[str]] | None = None,
    place_exists: Callable[[str], bool] | None = None,
    extra: Collection[str] = (),
) -> CheckedUrl:
    """Check a link's parameters ``q`` once, the same way for every page: a parameter that
    cannot be used (not one of ``VIEW_PARAMS`` or ``extra``, with control characters, too
    long, not finite, out of range, unknown, a reversed range) is left out and named in
    ``notices``; nothing of it reaches a query or the map. ``known`` maps a list parameter
    ("themes", "briefs", …) to its allowed values (all values pass when it is not given);
    ``known["brief"]`` the brief ids; ``place_exists`` says whether a place id is known."""
    out = CheckedUrl()
    notices = out.notices
    allowed = VIEW_PARAMS | set(extra)
    clean: dict[str, str] = {}
    for name, value in q.items():
        value = str(value or "")
        if name not in allowed:
            notices.append((re.sub(r"[^\w-]", "", name)[:24] or "?", "bad_param"))
        elif CONTROL_CHARS.search(value):
            notices.append((name, "bad_chars"))
        elif len(value) > MAX_PARAM:
            notices.append((name, "too_long"))
        elif value:
            clean[name] = value
    v = out.values
    for name in extra:
        if name in clean:
            v[name] = clean[name]
    if "lang" in clean:  # "pl", "pl-PL", "en-GB"; not "xx"
        lang = clean["lang"].lower()
        if any(lang == code or lang.startswith(code + "-") for code in i18n.LANGUAGES):
            v["lang"] = i18n.language(lang)
        else:
            notices.append(("lang", "bad_language"))
    for param in LIST_PARAMS.values():
        if param in clean:
            values = _split(clean[param])
            ok = known.get(param) if known else None
            good = tuple(x for x in values if ok is None or x in ok)
            if len(good) < len(values):
                notices.append((param, "bad_values"))
            if good:
                v[param] = good
    for param in RANGE_PARAMS:
        if param in clean:
            try:
                rng = _date_range(clean[param])
            except ValueError:
                notices.append((param, "bad_dates"))
                continue
            if rng[1] < rng[0]:
                notices.append((param, "reversed_dates"))
            else:
                v[param] = rng
    if "q" in clean:
        v["q"] = clean["q"]
    if "since" in clean:
        try:
            v["since"] = date.fromisoformat(clean["since"])
        except ValueError:
            notices.append(("since", "bad_dates"))
    if "place" in clean:
        if place_exists is None or place_exists(clean["place"]):
            v["place"] = clean["place"]
        else:
            notices.append(("place", "bad_place"))
    if "brief" in clean:
        ids = known.get("brief") if known else None
        if ids is None or clean["brief"] in ids:
            v["brief"] = clean["brief"]
        else:
            notices.append(("brief", "bad_brief"))
    view: dict[str, float] = {}
    for name, lo, hi in (("lat", -85.0, 85.0), ("lon", -180.0, 180.0)):
        if name in clean:
            try:
                x = finite_number(clean[name])
            except ValueError:
                notices.append((name, "bad_number"))
                continue
            if lo <= x <= hi:
                view[name] = x
            else:
                notices.append((name, "bad_range"))
    zoom = 5.0
    if "zoom" in clean:
        try:
            z = finite_number(clean["zoom"])
            if not MIN_ZOOM <= z <= MAX_ZOOM:
                raise ValueError(z)
            zoom = round(z * 4) / 4  # the map's zoom steps
        except ValueError:
            notices.append(("zoom", "bad_zoom"))
        else:
            if len(view) < 2:
                notices.append(("zoom", "needs_position"))
    if len(view) == 2:
        v["view"] = {"lat": view["lat"], "lon": view["lon"], "zoom": zoom}
    return out


#: the order in which :func:`view_query` writes a view's parameters
QUERY_ORDER = ("lang", *LIST_PARAMS.values(), *RANGE_PARAMS, "since", "q", "place", "brief", "view")


def view_query(values: Mapping[str, object]) -> dict[str, str]:
    """The query parameters of a view, written as :func:`check_params` reads them back.

    ``values`` has the shapes of ``CheckedUrl.values`` (list parameters -> sequences of
    ids, ``event``/``published`` -> ``(date, date)``, ``view`` -> ``{"lat", "lon",
    "zoom"}``, the rest strings); empty values, and names not in ``QUERY_ORDER``, are left
    out. Positions are written to 4 decimals (about 10 m)."""
    params: dict[str, str] = {}
    for name in QUERY_ORDER:
        value = values.get(name)
        if not value:
            continue
        if name in RANGE_PARAMS:
            a, b = value  # type: ignore[misc]
            params[name] = f"{a.isoformat()}..{b.isoformat()}"
        elif name == "view":
            view: Mapping = value  # type: ignore[assignment]
            params.update(
                lat=f"{view['lat']:.4f}", lon=f"{view['lon']:.4f}", zoom=f"{view['zoom']:g}"
            )
        elif isinstance(value, str):
            params[name] = value
        elif isinstance(value, date):
            params[name] = value.isoformat()
        else:  # a list parameter
            params[name] = ",".join(value)  # type: ignore[call-overload]
    return params


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
    notices: list[tuple[str, str]] = field(default_factory=list)  # left out: (param, why)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


#: the briefing page's own parameters
BRIEFING_PARAMS = ("briefing", "order", "step", "places")


def read_view(
    q: Mapping[str, str],
    known: Mapping[str, Collection[str]] | None = None,
    place_exists: Callable[[str], bool] | None = None,
) -> UrlView:
    """The view of query parameters ``q`` for the briefing page, checked as the dashboard
    checks its own (:func:`check_params`); ``UrlView.notices`` names what was left out."""
    checked = check_params(q, known, place_exists, extra=BRIEFING_PARAMS)
    c = checked.values
    kw: dict[str, object] = {k: c.get(p, ()) for k, p in LIST_PARAMS.items()}
    for param, (lo, hi) in RANGE_PARAMS.items():
        if param in c:
            a, b = c[param]  # type: ignore[misc]
            kw[lo], kw[hi] = a.isoformat(), b.isoformat()
    kw["search"] = str(c.get("q", "")).strip()
    if "since" in c:
        kw["since"] = c["since"].isoformat()  # type: ignore[attr-defined]
    places = _split(str(c.get("places", "")))
    kw["places"] = tuple(p for p in places if place_exists is None or place_exists(p))
    view = UrlView(filters=Filters(**kw), language=i18n.language(c.get("lang")))  # type: ignore[arg-type]
    view.notices = checked.notices
    if len(kw["places"]) < len(places):  # type: ignore[arg-type]
        view.notices.append(("places", "bad_place"))
    view.brief = str(c.get("brief", "")).strip()
    view.briefing = str(c.get("briefing", "")).strip()
    view.order = "date" if c.get("order") == "date" else "text"
    try:
        view.step = max(1, int(str(c.get("step", ""))))
    except ValueError:
        view.step = None
    centre = c.get("view")
    view.centre = (
        (centre["lat"], centre["lon"], int(centre["zoom"])) if isinstance(centre, dict) else None
    )
    view.params = {p: str(q[p]) for p in FILTER_PARAMS if p in c}  # those that were usable
    return view


def notice_text(notices: list[tuple[str, str]], lang: str = "en") -> str:
    """The one-line message that names the parameters a page left out, and why."""
    items = "; ".join(
        f"{name} ({i18n.t(reason, lang, lo=MIN_ZOOM, hi=MAX_ZOOM)})" for name, reason in notices
    )
    return i18n.t("url_ignored", lang, items=items)


def describe(params: Mapping[str, str]) -> str:
    """The filter parameters as "themes=military · q=granica" (plain text)."""
    return " · ".join(f"{k}={v}" for k, v in params.items())
