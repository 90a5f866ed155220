"""The events layer: what the briefs report happening where (``Store.events`` rows).

One small square symbol per event, its glyph and colour by kind (closure, opening,
restriction, exercise, deployment, construction, incident; any other kind gets a neutral
one), placed on the event's place and nudged apart when several events share one place so
that each can be clicked. Its popup names the kind, the place, the date, the actor, the
brief and the excerpt, all escaped (``layers.escape``). Streamlit-free: the dashboard
(``ui.map_view``) and the exported HTML (``briefmap.present.html_export``) both draw it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import folium

from briefmap.i18n import language as lang_of
from briefmap.i18n import place_name
from layers.elements import SafePopup, SafeTooltip
from layers.escape import escape

#: kind -> (glyph, colour); glyphs are plain characters so the symbol needs no icon font
EVENT_SYMBOLS: dict[str, tuple[str, str]] = {
    "closure": ("✕", "#C0182A"),
    "opening": ("✓", "#009E73"),
    "restriction": ("!", "#E69F00"),
    "exercise": ("E", "#0072B2"),
    "deployment": ("D", "#56267A"),
    "construction": ("C", "#8C5A2B"),
    "incident": ("⚡", "#CC3F7A"),
}
OTHER_SYMBOL = ("•", "#555555")

#: the name of each kind, in English and Polish (the kind itself for others)
KIND_LABELS = {
    "en": {
        "closure": "Closure",
        "opening": "Opening",
        "restriction": "Restriction",
        "exercise": "Exercise",
        "deployment": "Deployment",
        "construction": "Construction",
        "incident": "Incident",
    },
    "pl": {
        "closure": "Zamknięcie",
        "opening": "Otwarcie",
        "restriction": "Ograniczenie",
        "exercise": "Ćwiczenia",
        "deployment": "Rozmieszczenie",
        "construction": "Budowa",
        "incident": "Incydent",
    },
}
_WORDS = {
    "en": {"layer": "Events", "date": "Date", "actor": "By", "brief": "Brief", "none": "no date"},
    "pl": {"layer": "Wydarzenia", "date": "Data", "actor": "Kto", "brief": "Raport",
           "none": "bez daty"},
}  # fmt: skip

CSS = """
.bm-event { width: 14px; height: 14px; border-radius: 3px; border: 1px solid #fff;
  box-shadow: 0 0 0 1px rgba(0,0,0,.5); color: #fff; font: 700 10px/14px system-ui,
  sans-serif; text-align: center; box-sizing: border-box; }
"""


def kind_label(kind: str, language: str = "en") -> str:
    """The name of an event kind in ``language`` (the kind itself when it has none)."""
    return KIND_LABELS[lang_of(language)].get(kind, kind)


def event_symbol(kind: str) -> tuple[str, str]:
    """The glyph and the colour of an event of ``kind``."""
    return EVENT_SYMBOLS.get(kind, OTHER_SYMBOL)


def symbol_html(kind: str) -> str:
    """The symbol's HTML (``data-kind`` names the kind, escaped)."""
    glyph, colour = event_symbol(kind)
    return (
        f'<div class="bm-event" data-kind="{escape(kind)}" '
        f'style="background:{colour}">{escape(glyph)}</div>'
    )


def _excerpt(ev: Mapping) -> str:
    ex = ev.get("excerpt")
    return str(ex.get("text", "") if isinstance(ex, Mapping) else ex or "")


def event_popup(ev: Mapping, language: str = "en") -> str:
    """Escaped popup HTML for an event row: kind and place; date; actor (when known); the
    brief (title, else id); the excerpt."""
    words = _WORDS[lang_of(language)]
    place = ev.get("place") or {}
    name = place_name(place, language) if place.get("name") else place.get("place_id", "")
    parts = [f"<b>{escape(kind_label(str(ev.get('kind') or ''), language))}</b> · {escape(name)}"]
    parts.append(f"{escape(words['date'])}: {escape(ev.get('date') or words['none'])}")
    if ev.get("actor"):
        parts.append(f"{escape(words['actor'])}: {escape(ev['actor'])}")
    brief = ev.get("title") or ev.get("brief_id") or ""
    parts.append(f"{escape(words['brief'])}: {escape(brief)}")
    text = _excerpt(ev)
    cite = f"<div class='bm-cite'>“{escape(text)}”</div>" if text else ""
    return "<br>".join(parts) + cite


def _spots(events: Sequence[Mapping]) -> list[tuple[float, float]]:
    """Where each event is drawn: its place, nudged round a small circle when several events
    share the place (so that each symbol can be clicked)."""
    seen: Counter = Counter()
    total = Counter((ev["place"]["lat"], ev["place"]["lon"]) for ev in events)
    out = []
    for ev in events:
        key = (ev["place"]["lat"], ev["place"]["lon"])
        i, n = seen[key], total[key]
        seen[key] += 1
        if n == 1:
            out.append((float(key[0]), float(key[1])))
            continue
        angle = 2 * math.pi * i / n
        r = 0.02  # degrees: about 2 km, apart at the zoom a crossing is read at
        out.append((float(key[0]) + r * math.sin(angle), float(key[1]) + r * math.cos(angle)))
    return out


def drawable(events: Sequence[Mapping]) -> list[Mapping]:
    """The events that have a place with coordinates (the others cannot be drawn)."""
    out = []
    for ev in events:
        p = ev.get("place") or {}
        if p.get("lat") is not None and p.get("lon") is not None:
            out.append(ev)
    return out


def event_kinds(events: Sequence[Mapping]) -> Counter:
    """How many symbols of each kind :func:`event_layer` draws for ``events``."""
    return Counter(str(ev.get("kind") or "") for ev in drawable(events))


def event_layer(
    events: Sequence[Mapping], language: str = "en", show: bool = True
) -> folium.FeatureGroup:
    """One overlay with a symbol per drawable event (see :func:`drawable`)."""
    words = _WORDS[lang_of(language)]
    group = folium.FeatureGroup(name=words["layer"], overlay=True, show=show)
    rows = drawable(events)
    for ev, spot in zip(rows, _spots(rows), strict=True):
        kind = str(ev.get("kind") or "")
        icon = folium.DivIcon(
            html=symbol_html(kind), icon_size=(14, 14), icon_anchor=(-3, 17),
            class_name="bm-event-icon",
        )  # fmt: skip
        marker = folium.Marker(spot, icon=icon)
        tip = f"{kind_label(kind, language)} · {ev.get('date') or words['none']}"
        marker.add_child(SafeTooltip(escape(tip), sticky=False))
        marker.add_child(SafePopup(event_popup(ev, language)))
        group.add_child(marker)
    return group
