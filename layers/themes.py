"""Theme layers: one FeatureGroup per theme, one symbol per place, styled by precision.

Input is one row per place (``Store.place_summary``: the place, its mention count and its
mentions per theme), never one object per mention, so an archive of thousands of briefs
draws as many symbols as it has places. A place mentioned under several themes is drawn in
each of their layers.

The symbol never claims more precision than the text has:

- ``point`` / ``settlement``: a circle marker, sized by the number of mentions;
- ``region``: the region's polygon (``Boundaries.region``, from
  ``geodata/boundaries/regions.geojson``), translucent; a region with no polygon there gets a
  dashed circle of its approximate extent (radius ``sqrt(area_km2 / π)`` from the place's
  attrs, else 40 km); both labelled region-level;
- ``country``: the country's polygon from ``geodata/boundaries``, shaded; a country with
  no polygon there gets a faint dotted circle that says so;
- ``continent`` (or anything coarser): nothing is drawn; the panel lists it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import folium

from briefmap.i18n import citation, count, place_name, precision_name, t
from layers.boundaries import Boundaries
from layers.elements import (
    Area,
    CountryArea,
    SafePopup,
    SafeTooltip,
    SelectOnClick,
    with_options,
)
from layers.text import escape, marked, window

DRAWN_PRECISIONS = ("point", "settlement", "region", "country")
OTHER_THEME = "_none"
OTHER_COLOUR = "#777777"
REGION_RADIUS_KM = 40.0
COUNTRY_FALLBACK_RADIUS_KM = 350.0


def theme_layers(
    places: Sequence[Mapping],
    themes: Sequence,
    language: str = "en",
    boundaries: Boundaries | None = None,
    examples: Mapping[str, Mapping] | None = None,
    unthemed: Mapping[str, int] | None = None,
    counts: Mapping[str, int] | None = None,
) -> list[folium.FeatureGroup]:
    """One overlay per theme of ``themes`` (``Theme`` objects, in legend order) that has a
    place in ``places``, plus a "no theme" overlay for mentions without a theme.

    ``examples`` maps a place id to one of its mentions (a ``Store.mentions`` row) shown in
    the popup; ``unthemed`` maps a place id to its mentions without a theme; ``counts``
    maps a theme id to its mentions (for the layer name; else summed from ``places``)."""
    examples = examples or {}
    unthemed = unthemed or {}
    groups: list[folium.FeatureGroup] = []
    layers = [(th.id, th.label(language), th.colour) for th in themes]
    layers.append((OTHER_THEME, t("legend_other", language), OTHER_COLOUR))
    for theme_id, label, colour in layers:
        members = [
            (p, n)
            for p in places
            if (
                n := unthemed.get(p["id"], 0)
                if theme_id == OTHER_THEME
                else p.get("themes", {}).get(theme_id, 0)
            )
            > 0
        ]
        if not members:
            continue
        total = (counts or {}).get(theme_id, sum(n for _, n in members))
        group = folium.FeatureGroup(name=layer_name(label, colour, total), overlay=True)
        group.add_child(SelectOnClick())
        # Big shapes first, so that within a pane the small ones stay on top.
        order = {"country": 0, "region": 1}
        for place, n in sorted(members, key=lambda pn: order.get(pn[0]["precision"], 2)):
            symbol = place_symbol(place, n, colour, language, boundaries, examples.get(place["id"]))
            if symbol is not None:
                group.add_child(symbol)
        groups.append(group)
    return groups


def layer_name(label: str, colour: str, total: int) -> str:
    """Layer-control label (Leaflet inserts it as HTML): swatch, escaped label, count."""
    return (
        f'<span class="bm-swatch" style="background:{escape(colour)}"></span>'
        f"{escape(label)} ({total})"
    )


def place_symbol(
    place: Mapping,
    n: int,
    colour: str,
    language: str = "en",
    boundaries: Boundaries | None = None,
    example: Mapping | None = None,
):
    """The folium object for one place in one theme layer, or ``None`` when the place's
    precision is too coarse to draw (a continent)."""
    precision = place.get("precision")
    name = place_name(place, language)
    total = int(place.get("mentions", n))
    head = f"<b>{escape(name)}</b> · {escape(count(total, 'mentions', language))}"
    tip = SafeTooltip(head)
    popup = SafePopup(popup_html(place, total, language, example))
    location = (float(place["lat"]), float(place["lon"]))
    if precision in ("point", "settlement"):
        radius = min(5 + 2.2 * math.sqrt(n), 16)
        symbol = folium.CircleMarker(
            location,
            radius=radius,
            color="#ffffff" if precision == "settlement" else "#222222",
            weight=1.5,
            fill_color=colour,
            fill_opacity=0.9,
        )
        with_options(symbol, pane="bm-points", bmPlace=place["id"])
    elif precision == "region":
        outline = boundaries.region_drawn(place) if boundaries is not None else None
        if outline is not None:  # the region's own boundary (geodata/boundaries/regions)
            symbol = Area(
                outline,
                style={"color": colour, "weight": 1.5, "fillColor": colour, "fillOpacity": 0.15},
                pane="bm-regions",
                place_id=place["id"],
            )
            note = t("tip_region_outline", language)
        else:  # no polygon: a dashed circle of the approximate extent
            symbol = folium.Circle(
                location,
                radius=region_radius_km(place) * 1000,
                color=colour,
                weight=2,
                dash_array="6 5",
                fill_color=colour,
                fill_opacity=0.12,
            )
            with_options(symbol, pane="bm-regions", bmPlace=place["id"])
            note = t("tip_region", language)
        tip = SafeTooltip(f"{head}<br><i>{escape(note)}</i>")
    elif precision == "country":
        iso2 = str(place.get("country") or "")
        if boundaries is not None and iso2 in boundaries:
            symbol = CountryArea(
                iso2,
                style={"color": colour, "weight": 1.5, "fillColor": colour, "fillOpacity": 0.08},
                place_id=place["id"],
            )
            note = t("tip_country", language)
        else:
            symbol = folium.Circle(
                location,
                radius=COUNTRY_FALLBACK_RADIUS_KM * 1000,
                color=colour,
                weight=1.5,
                dash_array="2 6",
                fill_color=colour,
                fill_opacity=0.06,
            )
            with_options(symbol, pane="bm-areas", bmPlace=place["id"])
            note = t("tip_country_no_outline", language)
        tip = SafeTooltip(f"{head}<br><i>{escape(note)}</i>")
    else:
        return None
    symbol.add_child(tip)
    symbol.add_child(popup)
    return symbol


def region_radius_km(place: Mapping) -> float:
    """Radius of a circle with the region's area (``attrs.area_km2``), else 40 km."""
    attrs = place.get("attrs") or {}
    try:
        area = float(attrs.get("area_km2") or 0)
    except (TypeError, ValueError):
        area = 0.0
    return math.sqrt(area / math.pi) if area > 0 else REGION_RADIUS_KM


def popup_html(place: Mapping, total: int, language: str, example: Mapping | None) -> str:
    """Escaped popup: the place, one short excerpt with the mention marked, its citation."""
    parts = [
        f"<b>{escape(place_name(place, language))}</b> "
        f"<span class='bm-cite'>{escape(precision_name(str(place.get('precision')), language))}"
        "</span>"
    ]
    if example:
        text = str(example.get("excerpt") or "")
        start = int(example["start"]) - int(example.get("excerpt_start") or 0)
        end = int(example["end"]) - int(example.get("excerpt_start") or 0)
        short, s, e = window(text, start, end, 260)
        parts.append(f"<div>{marked(short, [(s, e)])}</div>")
        parts.append(f"<div class='bm-cite'>{escape(citation(example, language))}</div>")
        if total > 1:
            parts.append(
                f"<div class='bm-cite'>{escape(t('more_in_panel', language, n=total - 1))}</div>"
            )
    return "".join(parts)
