"""The events layer: what the briefs report happening where (``Store.events`` rows).

One small square symbol per place and kind of event, its glyph and colour by kind
(closure, opening, restriction, exercise, deployment, construction, incident; any other
kind gets a neutral one), with the number of reports on it when several briefs (or
sentences) report that kind of event there. The symbols of one place are nudged apart so
that each can be clicked. A symbol's popup names the kind and the place and gives the
newest reports (date, actor, brief, excerpt, all escaped by ``layers.escape``); a click
also selects the place, so that the panel lists every excerpt. One symbol per place and
kind, not per report, keeps the page's size bounded by the places an archive names, not by
how often it repeats them. Streamlit-free: the dashboard (``ui.map_view``) and the
exported HTML (``briefmap.present.html_export``) both draw it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import folium

from briefmap.i18n import language as lang_of
from briefmap.i18n import place_name
from layers.elements import (
    DivIcon,
    Marker,
    SafePopup,
    SafeTooltip,
    SelectOnClick,
    with_options,
)
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
    "en": {"layer": "Events", "date": "Date", "actor": "By", "brief": "Brief", "none": "no date",
           "reports": "{n} reports", "more": "and {n} more: the panel lists every excerpt"},
    "pl": {"layer": "Wydarzenia", "date": "Data", "actor": "Kto", "brief": "Raport",
           "none": "bez daty", "reports": "zgłoszeń: {n}",
           "more": "i {n} więcej: panel pokazuje wszystkie fragmenty"},
}  # fmt: skip
#: the reports a symbol's popup gives in full (the newest); the panel lists all of them
POPUP_REPORTS = 3

CSS = """
.bm-event { width: 14px; height: 14px; border-radius: 3px; border: 1px solid #fff;
  box-shadow: 0 0 0 1px rgba(0,0,0,.5); color: #fff; font: 700 10px/14px system-ui,
  sans-serif; text-align: center; box-sizing: border-box; position: relative; }
.bm-event-n { position: absolute; left: 11px; top: -7px; min-width: 12px; padding: 0 2px;
  border-radius: 6px; background: #fff; color: #222; box-shadow: 0 0 0 1px rgba(0,0,0,.45);
  font: 700 9px/11px system-ui, sans-serif; }
"""


def kind_label(kind: str, language: str = "en") -> str:
    """The name of an event kind in ``language`` (the kind itself when it has none)."""
    return KIND_LABELS[lang_of(language)].get(kind, kind)


def event_symbol(kind: str) -> tuple[str, str]:
    """The glyph and the colour of an event of ``kind``."""
    return EVENT_SYMBOLS.get(kind, OTHER_SYMBOL)


def symbol_html(kind: str, count: int = 1) -> str:
    """The symbol's HTML (``data-kind`` names the kind, escaped; ``data-count`` the reports,
    shown on the symbol when more than one)."""
    glyph, colour = event_symbol(kind)
    badge = f'<span class="bm-event-n">{count}</span>' if count > 1 else ""
    return (
        f'<div class="bm-event" data-kind="{escape(kind)}" data-count="{count}" '
        f'style="background:{colour}">{escape(glyph)}{badge}</div>'
    )


def _excerpt(ev: Mapping) -> str:
    ex = ev.get("excerpt")
    return str(ex.get("text", "") if isinstance(ex, Mapping) else ex or "")


def _heading(ev: Mapping, language: str) -> str:
    place = ev.get("place") or {}
    name = place_name(place, language) if place.get("name") else place.get("place_id", "")
    return f"<b>{escape(kind_label(str(ev.get('kind') or ''), language))}</b> · {escape(name)}"


def _report(ev: Mapping, language: str) -> str:
    """One report of an event, escaped: date; actor (when known); the brief (title, else
    id); the excerpt."""
    words = _WORDS[lang_of(language)]
    parts = [f"{escape(words['date'])}: {escape(ev.get('date') or words['none'])}"]
    if ev.get("actor"):
        parts.append(f"{escape(words['actor'])}: {escape(ev['actor'])}")
    brief = ev.get("title") or ev.get("brief_id") or ""
    parts.append(f"{escape(words['brief'])}: {escape(brief)}")
    text = _excerpt(ev)
    cite = f"<div class='bm-cite'>“{escape(text)}”</div>" if text else ""
    return "<br>".join(parts) + cite


def event_popup(ev: Mapping, language: str = "en") -> str:
    """Escaped popup HTML for an event row: kind and place; date; actor (when known); the
    brief (title, else id); the excerpt."""
    return _heading(ev, language) + "<br>" + _report(ev, language)


def group_popup(reports: Sequence[Mapping], language: str = "en") -> str:
    """Escaped popup HTML for the reports of one kind of event at one place (newest
    first): the kind and the place, then the first :data:`POPUP_REPORTS` reports in full,
    then how many more the panel lists."""
    if len(reports) == 1:
        return event_popup(reports[0], language)
    words = _WORDS[lang_of(language)]
    head = _heading(reports[0], language) + f" · {escape(words['reports'].format(n=len(reports)))}"
    shown = "".join(
        f"<div class='bm-event-report'>{_report(ev, language)}</div>"
        for ev in reports[:POPUP_REPORTS]
    )
    more = len(reports) - POPUP_REPORTS
    tail = f"<div class='bm-cite'>{escape(words['more'].format(n=more))}</div>" if more > 0 else ""
    return head + shown + tail


def _spots(events: Sequence[Mapping]) -> list[tuple[float, float]]:
    """Where each symbol is drawn: its place, nudged round a small circle when several
    symbols share the place (so that each can be clicked)."""
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
    """How many reports of each kind :func:`event_layer` draws for ``events``."""
    return Counter(str(ev.get("kind") or "") for ev in drawable(events))


def _place_key(ev: Mapping) -> tuple:
    p = ev["place"]
    return (p.get("place_id") or "", float(p["lat"]), float(p["lon"]))


def event_groups(events: Sequence[Mapping]) -> list[list[Mapping]]:
    """The drawable events by place and kind, in the order of each group's first event
    (``Store.events`` gives the newest brief first, so each group starts with its newest
    report)."""
    groups: dict[tuple, list[Mapping]] = {}
    for ev in drawable(events):
        groups.setdefault((_place_key(ev), str(ev.get("kind") or "")), []).append(ev)
    return list(groups.values())


def _date_span(reports: Sequence[Mapping], none: str) -> str:
    dates = sorted(str(ev["date"]) for ev in reports if ev.get("date"))
    if not dates:
        return none
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}"


def event_layer(
    events: Sequence[Mapping], language: str = "en", show: bool = True
) -> folium.FeatureGroup:
    """One overlay with a symbol per place and kind of the drawable events (see
    :func:`drawable`, :func:`event_groups`); a click on a symbol selects its place."""
    words = _WORDS[lang_of(language)]
    group = folium.FeatureGroup(name=words["layer"], overlay=True, show=show)
    group.add_child(SelectOnClick())
    reports = event_groups(events)
    for rows, spot in zip(reports, _spots([r[0] for r in reports]), strict=True):
        kind = str(rows[0].get("kind") or "")
        icon = DivIcon(
            html=symbol_html(kind, len(rows)), icon_size=(14, 14), icon_anchor=(-3, 17),
            class_name="bm-event-icon",
        )  # fmt: skip
        marker = Marker(spot, icon=icon)
        # bmKind: a badge beside its place's own symbol, not a symbol of the place
        with_options(marker, bmPlace=rows[0]["place"].get("place_id") or None, bmKind="event")
        tip = f"{kind_label(kind, language)} · {_date_span(rows, words['none'])}"
        if len(rows) > 1:
            tip += f" · {words['reports'].format(n=len(rows))}"
        marker.add_child(SafeTooltip(escape(tip), sticky=False))
        marker.add_child(SafePopup(group_popup(rows, language)))
        group.add_child(marker)
    return group
