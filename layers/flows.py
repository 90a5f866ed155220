"""Flows layer: a curved arrow per flow of ``geodata/flows.toml`` that a brief describes.

Input: ``briefmap.flows.FlowLink`` records (a flow with its matching excerpts) and the
places at their ends (dicts with lat, lon, name, name_pl). A flow without an excerpt is not
drawn. Former routes are dashed; the popup holds the excerpts (cue words marked) with their
citations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import folium

from briefmap.flows import FlowLink
from briefmap.i18n import citation, place_name, t
from layers.elements import SafePopup, SafeTooltip, with_options
from layers.text import escape, marked, window

_KIND_KEY = {"former": "flow_former", "rerouted": "flow_rerouted", "export": "flow_export"}


def flow_layer(
    links: Sequence[FlowLink],
    places: Mapping[str, Mapping],
    language: str = "en",
    show: bool = True,
) -> folium.FeatureGroup:
    """One overlay with an arrow per flow that has at least one excerpt."""
    group = folium.FeatureGroup(name=t("layer_flows", language), overlay=True, show=show)
    drawn: dict[tuple[str, str], int] = {}
    for link in links:
        f = link.flow
        a, b = places.get(f.from_id), places.get(f.to_id)
        if not link.excerpts or a is None or b is None:
            continue
        k = drawn.get((f.from_id, f.to_id), 0)
        drawn[(f.from_id, f.to_id)] = k + 1
        path = curve((a["lat"], a["lon"]), (b["lat"], b["lon"]), bend=0.12 + 0.12 * k)
        style = {
            "color": f.colour,
            "weight": 2.5 if f.kind == "former" else 3.5,
            "opacity": 0.85,
        }
        if f.kind == "former":
            style["dash_array"] = "7 6"
        line = folium.PolyLine(path, **style)
        with_options(line, pane="bm-flows")
        head = folium.PolyLine(arrowhead(path), **{**style, "dash_array": None})
        with_options(head, pane="bm-flows")
        tip = (
            f"<b>{escape(f.label(language))}</b><br>"
            f"{escape(place_name(a, language))} → {escape(place_name(b, language))}"
        )
        html = flow_popup(link, a, b, language)
        for part in (line, head):
            part.add_child(SafeTooltip(tip))
            part.add_child(SafePopup(html, max_width=380))
            group.add_child(part)
    return group


def flow_popup(link: FlowLink, a: Mapping, b: Mapping, language: str = "en") -> str:
    """Escaped popup: the flow, then each excerpt with its cue words marked and citation."""
    f = link.flow
    parts = [
        f"<b>{escape(f.label(language))}</b>",
        f"<div class='bm-cite'>{escape(t(_KIND_KEY.get(f.kind, 'flow_export'), language))}: "
        f"{escape(place_name(a, language))} → {escape(place_name(b, language))}</div>",
    ]
    for ex in link.excerpts[:5]:
        text = str(ex.record.get("excerpt") or "")
        lo, hi = min(s for s, _ in ex.spans), max(e for _, e in ex.spans)
        short, s, _e = window(text, lo, hi, 420)
        shift = s - lo
        spans = [(x + shift, y + shift) for x, y in ex.spans]
        parts.append(f"<div style='margin-top:6px'>{marked(short, spans)}</div>")
        parts.append(f"<div class='bm-cite'>{escape(citation(ex.record, language))}</div>")
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
