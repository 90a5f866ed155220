"""Border crossings, coloured by status (open / restricted / closed).

Input: crossing records as in ``geodata/places.toml`` (``briefmap.geodata.load_curated``,
kind ``border_crossing``): id, name_en (or name), name_pl, lat, lon, mode, status,
status_since, status_source, status_note; and optionally ``mentions``, how often the
briefs under the current filters talk about the crossing. Each crossing is a small
diamond (a different shape from the theme circles) whose tooltip gives the status, the
date it took effect and where that comes from; clicking it selects it like any place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium

from briefmap.i18n import count, place_name, t
from layers.elements import SafeTooltip, SelectOnClick, with_options
from layers.text import escape

STATUS_COLOURS = {
    "open": "#009E73",  # bluish green
    "restricted": "#E69F00",  # orange
    "closed": "#C0182A",  # red
}
UNKNOWN_COLOUR = "#888888"

CSS = """
.bm-crossing { width: 10px; height: 10px; transform: rotate(45deg);
  border: 1.5px solid #222; box-sizing: border-box; }
"""


def crossing_layer(
    crossings: Sequence[Mapping], language: str = "en", show: bool = True
) -> folium.FeatureGroup:
    """One overlay with a diamond per crossing."""
    group = folium.FeatureGroup(name=t("layer_crossings", language), overlay=True, show=show)
    group.add_child(SelectOnClick())
    for c in crossings:
        status = str(c.get("status") or "")
        colour = STATUS_COLOURS.get(status, UNKNOWN_COLOUR)
        icon = folium.DivIcon(
            html=f'<div class="bm-crossing" style="background:{colour}"></div>',
            icon_size=(12, 12),
            icon_anchor=(6, 6),
            class_name="bm-crossing-icon",
        )
        marker = folium.Marker((float(c["lat"]), float(c["lon"])), icon=icon)
        with_options(marker, bmPlace=str(c["id"]))
        marker.add_child(SafeTooltip(crossing_tooltip(c, language), sticky=False))
        group.add_child(marker)
    return group


def status_text(c: Mapping, language: str = "en") -> str:
    """ "closed since 2025-10-29" (plain text)."""
    status = str(c.get("status") or "")
    label = (
        t(f"status_{status}", language)
        if status in STATUS_COLOURS
        else t("status_unknown", language)
    )
    since = c.get("status_since")
    return t("status_line", language, status=label, date=since) if since else label


def crossing_tooltip(c: Mapping, language: str = "en") -> str:
    """Escaped tooltip HTML: name, mode, status with its date, source, mentions."""
    name = place_name({"name": c.get("name") or c.get("name_en"), **c}, language)
    lines = [f"<b>{escape(name)}</b>" + (f" · {escape(c['mode'])}" if c.get("mode") else "")]
    lines.append(escape(status_text(c, language)))
    if c.get("status_note"):
        lines.append(f"<small>{escape(c['status_note'])}</small>")
    if c.get("status_source"):
        source = t("status_source", language, source=c["status_source"])
        lines.append(f"<small>{escape(source)}</small>")
    if c.get("mentions"):
        lines.append(escape(count(int(c["mentions"]), "mentions", language)))
    return "<br>".join(lines)
