"""The first view on the map, and marks at its edge for what lies outside it.

``first_view_layer`` computes the first view of the places and flows drawn
(``layers.first_view``: the smallest box holding 90 % of the mentions) and adds a layer,
kept out of the layer control, that:

- tells the map's script where the first view is (``window.bmFirstView``: ``box`` to fit
  first, ``all`` to show everything), which the dashboard's ``MapBehaviour`` fits before the
  places are drawn; a saved map or the briefing player fits it too;
- marks each group of places outside it at the map's edge, where a line from the map's centre
  to the place leaves the map ("United States, 12 mentions →"), hidden while the place is in
  view; a click on a mark shows everything;
- adds the controls "show everything" (⤢) and, when something lies outside, "back to where
  the mentions are" (◎).

The marks live and die with the layer, so a new filter brings its own. Their texts are
plain text (``layers/static/edge_markers.js`` inserts them as text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
from folium.template import Template

from briefmap.i18n import t
from layers.boundaries import Boundaries
from layers.elements import Scripted, js_json
from layers.first_view import FirstView, Spot, edge_labels, first_view, spots_of
from layers.static_files import static_text

#: at most this many marks at the edge (the most mentioned groups outside)
MAX_EDGES = 8

CSS = """
.bm-edges { position: absolute; inset: 0; pointer-events: none; z-index: 650; }
.bm-edge { position: absolute; pointer-events: auto; display: flex; flex-direction: row-reverse;
  align-items: center; gap: 4px; max-width: 260px; padding: 2px 7px; cursor: pointer;
  font: 600 12px/16px system-ui, sans-serif; color: #222; background: rgba(255,255,255,.93);
  border: 1px solid #8a8478; border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.25); }
.bm-edge.bm-edge-left { flex-direction: row; }
.bm-edge-text { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bm-edge-arrow { font-size: 15px; }
.bm-edge:hover, .bm-edge:focus-visible { background: #fff; border-color: #222; }
.bm-fit-all a { font-size: 17px; line-height: 26px; text-decoration: none; color: #222; }
"""


class EdgeMarkers(Scripted):
    """The first view and the edge marks of ``view`` (see the module docstring), added to
    the parent layer; ``everything`` is the box of every spot ([[s, w], [n, e]])."""

    code = static_text("edge_markers.js")  # read once, when this module is imported
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            ({{ this.code }})({{ this._parent.get_name() }}, {{ this.data }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        view: FirstView,
        everything: list[list[float]] | None,
        language: str = "en",
        max_edges: int = MAX_EDGES,
    ) -> None:
        super().__init__()
        self._name = "EdgeMarkers"
        self.data = js_json(
            {
                "box": view.as_leaflet(),
                "all": everything,
                "edges": edge_labels(view, language)[:max_edges],
                "show": t("show_everything", language),
                "back": t("first_view_back", language),
                "title": t("edge_outside", language),
            }
        )


def drawn_rows(places: Sequence[Mapping], drawn: Sequence[tuple[Mapping, object]]) -> list[Mapping]:
    """The rows of ``places`` a map draws: those of ``drawn`` (``drawn_places``, which
    leaves out places with nothing to show under a theme filter), and the border crossings
    (drawn by their own layer) that have mentions."""
    ids = {str(p["id"]) for p, _ in drawn}
    return [
        p
        for p in places
        if str(p.get("id")) in ids
        or (p.get("kind") == "border_crossing" and int(p.get("mentions") or 0) > 0)
    ]


def everything_box(spots: Sequence[Spot]) -> list[list[float]] | None:
    """The box of every spot ([[south, west], [north, east]]), or ``None``."""
    if not spots:
        return None
    lats = [s.lat for s in spots]
    lons = [s.lon for s in spots]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def first_view_layer(
    places: Sequence[Mapping],
    flows: Sequence[Mapping] = (),
    language: str = "en",
    boundaries: Boundaries | None = None,
) -> folium.FeatureGroup:
    """A layer (kept out of the layer control) holding the first view of ``places``
    (``Store.place_summary`` rows) and ``flows`` (``Store.flows`` rows) and its edge
    marks; add it to the map before the places' layer. With ``boundaries``, a country
    whose outline is in the view is not marked as outside."""
    outlines = {}
    if boundaries is not None:
        for p in places:
            iso2 = str(p.get("country") or "")
            if p.get("precision") == "country" and iso2 in boundaries:
                outlines[iso2] = tuple(boundaries.countries[iso2].bounds)
    spots = spots_of(places, flows, language, outlines)
    group = folium.FeatureGroup(name="first view", overlay=True, control=False, show=True)
    group.add_child(EdgeMarkers(first_view(spots), everything_box(spots), language))
    return group
