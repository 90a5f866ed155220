"""State borders of the region and the Suwałki gap, derived from ``geodata/boundaries``.

The land borders are the lines two neighbouring country polygons share; the Suwałki gap is
the one the Poland and Lithuania polygons share, which runs from Belarus to Kaliningrad
Oblast (``layers.boundaries.suwalki_gap`` checks both ends). No coordinate is typed here.
"""

from __future__ import annotations

import folium
from shapely.geometry import mapping

from briefmap.i18n import country_name, t
from briefmap.places.region import BORDER_COUNTRIES
from layers.boundaries import Boundaries, land_borders, length_km, simplified, suwalki_gap
from layers.elements import Area, SafeTooltip
from layers.escape import escape

BORDER_COLOUR = "#5b5346"
GAP_COLOUR = "#C0182A"


def border_layer(
    boundaries: Boundaries, language: str = "en", region: frozenset[str] = BORDER_COUNTRIES
) -> folium.FeatureGroup:
    """One overlay: the land borders between countries of ``region`` and the Suwałki gap."""
    group = folium.FeatureGroup(name=t("layer_borders", language), overlay=True, show=True)
    for a, b, line in land_borders(boundaries):
        if a not in region and b not in region:
            continue
        area = Area(
            mapping(line),
            style={"color": BORDER_COLOUR, "weight": 1.6, "opacity": 0.8},
            pane="bm-borders",
        )
        names = (country_name(a, language), country_name(b, language))
        area.add_child(SafeTooltip(escape(t("border", language, a=names[0], b=names[1]))))
        group.add_child(area)
    group.add_child(suwalki_gap_area(boundaries, language))
    return group


def suwalki_gap_area(boundaries: Boundaries, language: str = "en") -> Area:
    """The Poland–Lithuania border, thick and red, with its length in the tooltip."""
    gap = suwalki_gap(boundaries)
    area = Area(
        mapping(simplified(gap, 0.002)),
        style={"color": GAP_COLOUR, "weight": 7, "opacity": 0.75, "lineCap": "round"},
        pane="bm-borders",
    )
    km = round(length_km(gap))
    area.add_child(SafeTooltip(f"<b>{escape(t('suwalki', language, km=km))}</b>"))
    return area
