"""Flows layer: a line per route the briefs describe, through its stops, linked to the words.

Input: ``Store.flows`` rows (or ``Flow.record`` dicts): each a flow found in one sentence of
a brief, with its ``origin``, ``via``, ``destination`` and ``former`` ends. Rows that describe
the same route (same ends, kind and goods) are drawn as one line whose popup lists every
sentence behind it, with the words that gave each end its role marked, the evidence and the
citation. A rerouted flow also draws the route it replaced (dashed, grey) to each former
stop. A line is drawn only through ends the flow names: nothing here adds a place. An end
the text gives only as a country's ports (``approximate``) is a point standing for those
ports: the segments to it are dashed and the tooltip says "approximate".
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import folium

from briefmap.i18n import citation, place_name, t
from briefmap.i18n import language as ui_language
from layers.elements import BindAll, PolyLine, with_options
from layers.escape import escape, marked, window

#: How each kind of flow is drawn (the legend uses the same table).
FLOW_STYLES: dict[str, dict[str, object]] = {
    "current": {"color": "#7a3b00", "weight": 3.5, "dash_array": None},
    "rerouted": {"color": "#c2410c", "weight": 3.5, "dash_array": None},
    "planned": {"color": "#2563eb", "weight": 3.0, "dash_array": "2 7"},
    "former": {"color": "#8c8c8c", "weight": 2.5, "dash_array": "7 6"},
}
FORMER_ROUTE_STYLE = {"color": "#8c8c8c", "weight": 2.0, "dash_array": "7 6"}
#: The dashes of a segment to an approximate end (a country's ports, not a named place).
APPROXIMATE_DASH = "1 6"
_APPROXIMATE = {"en": "approximate", "pl": "w przybliżeniu"}


def stops(row: Mapping) -> list[Mapping]:
    """The known stops of a flow row in order: origin, via…, destination."""
    via = list(row.get("via") or ())
    return [p for p in (row.get("origin"), *via, row.get("destination")) if p]


def ends(row: Mapping) -> list[Mapping]:
    """Every end a flow row names: its stops and the stops of the route it replaced."""
    return stops(row) + list(row.get("former") or ())


def route_key(row: Mapping) -> tuple:
    """What makes two flow rows the same line: ends, kind and goods."""

    def pid(p: Mapping | None) -> str:
        return str(p["place_id"]) if p else ""

    return (
        pid(row.get("origin")),
        tuple(pid(v) for v in row.get("via") or ()),
        pid(row.get("destination")),
        row.get("kind") or "current",
        row.get("commodity") or "",
    )


def group_routes(rows: Sequence[Mapping]) -> list[list[Mapping]]:
    """Flow rows grouped by :func:`route_key`, in the order each route first appears."""
    groups: dict[tuple, list[Mapping]] = {}
    for r in rows:
        groups.setdefault(route_key(r), []).append(r)
    return list(groups.values())


def flow_layer(
    rows: Sequence[Mapping], language: str = "en", show: bool = True
) -> folium.FeatureGroup:
    """One overlay with a line per route of ``rows`` (see the module docstring)."""
    group = folium.FeatureGroup(name=t("layer_flows", language), overlay=True, show=show)
    drawn: dict[tuple[str, str], int] = {}
    for routes in group_routes(rows):
        first = routes[0]
        points = stops(first)
        if len({p["place_id"] for p in points}) < 2:
            continue
        kind = str(first.get("kind") or "current")
        style = dict(FLOW_STYLES.get(kind, FLOW_STYLES["current"]))
        tip = f"<b>{escape(flow_label(first, language))}</b>"
        html = flow_popup(routes, language)
        path: list[tuple[float, float]] = []
        segments = []  # (points, to or from an approximate end)
        for a, b in itertools.pairwise(points):
            key = (a["place_id"], b["place_id"])
            k = drawn.get(key, 0)
            drawn[key] = k + 1
            seg = curve((a["lat"], a["lon"]), (b["lat"], b["lon"]), bend=0.12 + 0.1 * k)
            path.extend(seg if not path else seg[1:])
            segments.append((seg, bool(a.get("approximate") or b.get("approximate"))))
        if any(approx for _seg, approx in segments):
            dashed = {**style, "dash_array": APPROXIMATE_DASH}
            parts = [
                PolyLine(seg, opacity=0.85, **_style(dashed if approx else style))
                for seg, approx in segments
            ]
        else:
            parts = [PolyLine(path, opacity=0.85, **_style(style))]
        head = _style({**style, "dash_array": None})
        parts.append(PolyLine(arrowhead(path), opacity=0.85, **head))
        origin = first.get("origin")
        for old in first.get("former") or ():
            if origin is None or old["place_id"] == origin["place_id"]:
                continue
            seg = curve((origin["lat"], origin["lon"]), (old["lat"], old["lon"]), bend=-0.12)
            parts.append(PolyLine(seg, opacity=0.8, **_style(FORMER_ROUTE_STYLE)))
        for part in parts:
            with_options(part, pane="bm-flows")
            group.add_child(part)
        # the route's text once for all its parts (a busy route's popup is kilobytes)
        group.add_child(BindAll(parts, tip, html, max_width=400))
    return group


def _style(style: Mapping[str, object]) -> dict[str, object]:
    return {k: v for k, v in style.items() if v is not None}


def flow_label(row: Mapping, language: str = "en") -> str:
    """ "Oil products: Belarus → Ust-Luga (rerouted)" in the interface language; an end that
    is only a country's ports says "(approximate)"."""
    approx = f" ({_APPROXIMATE[ui_language(language)]})"
    route = " → ".join(
        place_name(p, language) + (approx if p.get("approximate") else "") for p in stops(row)
    )
    goods = (row.get("commodity_pl") if language.startswith("pl") else row.get("commodity")) or ""
    kind = t(f"flow_kind_{row.get('kind') or 'current'}", language)
    head = f"{goods[:1].upper()}{goods[1:]}: " if goods else ""
    former = row.get("former") or ()
    was = (
        f"; {t('flow_formerly', language)} {', '.join(place_name(p, language) for p in former)}"
        if former
        else ""
    )
    return f"{head}{route} ({kind}{was})"


def flow_popup(rows: Sequence[Mapping], language: str = "en", limit: int = 5) -> str:
    """Escaped popup: the route, then each sentence behind it with the words that gave its
    ends their roles marked, the evidence and the citation."""
    parts = [f"<b>{escape(flow_label(rows[0], language))}</b>"]
    for row in rows[:limit]:
        text = str(row.get("excerpt") or "")
        x0 = int(row.get("excerpt_start") or 0)
        spans = []
        for p in ends(row):
            if p.get("start") is not None and p["start"] >= x0:
                spans.append((p["start"] - x0, p["end"] - x0))
        lo = min((s for s, _ in spans), default=0)
        hi = max((e for _, e in spans), default=min(len(text), 200))
        short, s, _e = window(text, lo, hi, 460)
        shift = s - lo
        text_html = marked(short, [(a + shift, b + shift) for a, b in spans])
        parts.append(f"<div style='margin-top:6px'>{text_html}</div>")
        evidence = "; ".join(str(x) for x in row.get("evidence") or ())
        label = escape(t("evidence", language))
        parts.append(f"<div class='bm-cite'>{label}: {escape(evidence)}</div>")
        parts.append(f"<div class='bm-cite'>{escape(citation(row, language))}</div>")
    if len(rows) > limit:
        more = escape(t("more_in_panel", language, n=len(rows) - limit))
        parts.append(f"<div class='bm-cite'>{more}</div>")
    return "".join(parts)


def curve(
    a: tuple[float, float], b: tuple[float, float], bend: float = 0.15, steps: int = 24
) -> list[tuple[float, float]]:
    """Points of a quadratic Bézier from ``a`` to ``b`` (lat, lon), bent to the left by
    ``bend`` times the distance, so flows with the same ends stay apart."""
    (lat1, lon1), (lat2, lon2) = a, b
    k = math.cos(math.radians((lat1 + lat2) / 2)) or 1.0
    dx, dy = (lon2 - lon1) * k, lat2 - lat1
    cx = (lon1 + lon2) / 2 * k - dy * bend
    cy = (lat1 + lat2) / 2 + dx * bend
    pts = []
    for i in range(steps + 1):
        s = i / steps
        x = (1 - s) ** 2 * lon1 * k + 2 * (1 - s) * s * cx + s**2 * lon2 * k
        y = (1 - s) ** 2 * lat1 + 2 * (1 - s) * s * cy + s**2 * lat2
        pts.append((round(y, 5), round(x / k, 5)))
    return pts


def arrowhead(path: Sequence[tuple[float, float]], size: float = 0.22) -> list:
    """Two short strokes at the end of ``path`` (lat, lon), ``size`` degrees long."""
    (lat1, lon1), (lat2, lon2) = path[-2], path[-1]
    k = math.cos(math.radians(lat2)) or 1.0
    angle = math.atan2(lat2 - lat1, (lon2 - lon1) * k)
    wings = []
    for turn in (math.radians(155), -math.radians(155)):
        wings.append(
            (
                round(lat2 + size * math.sin(angle + turn), 5),
                round(lon2 + size * math.cos(angle + turn) / k, 5),
            )
        )
    return [wings[0], (lat2, lon2), wings[1]]
