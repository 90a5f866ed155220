"""The places layer: one symbol per place, showing all of its themes, styled by precision.

Input is one row per place (``Store.place_summary``: the place, its mention count and its
mentions per theme), never one object per mention, so an archive of thousands of briefs
draws as many symbols as it has places; the symbols of points and settlements travel as
one compact JSON table (``PlaceMarkers``) that the browser turns into markers.

A place's themes are the slices of its symbol (a pie whose slices are proportional to its
mentions per theme, grey for mentions without a theme); with a theme filter, only the
chosen themes' slices are drawn. The symbol never claims more precision than the text has:

- ``point`` / ``settlement``: a round pie, sized by the number of mentions on a log scale
  (a point — a port, a base — has a dark rim, a settlement a white one);
- ``region``: the region's polygon (``Boundaries.region``, from
  ``geodata/boundaries/regions.geojson``), translucent; a region with no polygon there gets a
  dashed circle of its approximate extent (radius ``sqrt(area_km2 / π)`` from the place's
  attrs, else 40 km); both labelled region-level; and a small square pie at its centre;
- ``country``: the country's polygon from ``geodata/boundaries``, shaded (a country with no
  polygon there gets a faint dotted circle that says so), and a small square pie near its
  anchor (its capital);
- ``continent`` (or anything coarser): nothing is drawn; the panel lists it.

Border crossings are drawn by ``layers.crossings`` (their status is their symbol), so they
are left out here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import folium
from folium.template import Template

from briefmap.i18n import citation, count, place_name, precision_name, t
from layers.boundaries import Boundaries, region_code
from layers.elements import (
    Area,
    Circle,
    CountryArea,
    RegionArea,
    SafePopup,
    SafeTooltip,
    Scripted,
    SelectOnClick,
    js_json,
    with_options,
)
from layers.escape import escape, marked, window
from layers.static_files import static_text

DRAWN_PRECISIONS = ("point", "settlement", "region", "country")
OTHER_THEME = "_none"
OTHER_COLOUR = "#777777"
AREA_COLOUR = "#4a4f57"  # the outline of an area whose mentions have several themes
REGION_RADIUS_KM = 40.0
COUNTRY_FALLBACK_RADIUS_KM = 350.0
#: marker kinds, as PlaceMarkers rows and the ``bmKind`` option of each marker name them
KINDS = ("point", "settlement", "region", "country")
#: drawn by their own layer (layers.crossings), not as a place symbol
OWN_LAYER_KINDS = ("border_crossing",)

CSS = """
.bm-pie { border-radius: 50%; box-sizing: border-box; border: 1.5px solid #fff;
  box-shadow: 0 0 0 1px rgba(0,0,0,.45); }
.bm-pie.bm-k0 { border-color: #222; }
.bm-pie.bm-k2, .bm-pie.bm-k3 { border-radius: 2px; border-color: #222; }
.bm-pie.bm-selected { box-shadow: 0 0 0 3px #fff, 0 0 0 6px #111, 0 0 12px 6px rgba(0,0,0,.45); }
"""


def slices(
    place: Mapping,
    unthemed: int,
    theme_ids: Sequence[str],
    only: Sequence[str] = (),
) -> list[tuple[str, int]]:
    """The pie of a place: (theme id, mentions) in legend order, ``OTHER_THEME`` last for
    mentions without a theme; only the themes of ``only`` when a theme filter is set."""
    themes = place.get("themes") or {}
    out = [(tid, int(themes.get(tid, 0))) for tid in theme_ids if not only or tid in only]
    if unthemed and not only:
        out.append((OTHER_THEME, int(unthemed)))
    return [(tid, n) for tid, n in out if n > 0]


def drawn_places(
    places: Sequence[Mapping],
    theme_ids: Sequence[str],
    unthemed: Mapping[str, int] | None = None,
    only: Sequence[str] = (),
) -> list[tuple[Mapping, list[tuple[str, int]]]]:
    """The places of ``places`` this layer draws, each with its pie (see ``slices``), big
    shapes first (so that within a pane the small ones stay on top)."""
    unthemed = unthemed or {}
    order = {"country": 0, "region": 1}
    out = []
    for place in sorted(places, key=lambda p: order.get(p["precision"], 2)):
        if place.get("precision") not in DRAWN_PRECISIONS or place.get("kind") in OWN_LAYER_KINDS:
            continue
        pie = slices(place, unthemed.get(place["id"], 0), theme_ids, only)
        if pie:
            out.append((place, pie))
    return out


def place_layer(
    places: Sequence[Mapping],
    themes: Sequence,
    language: str = "en",
    boundaries: Boundaries | None = None,
    unthemed: Mapping[str, int] | None = None,
    only: Sequence[str] = (),
    examples: Mapping[str, Mapping] | None = None,
    drawn: list[tuple[Mapping, list[tuple[str, int]]]] | None = None,
    shared_regions: bool = False,
) -> folium.FeatureGroup:
    """One overlay with a symbol per place of ``places`` (``Store.place_summary`` rows),
    its slices coloured by ``themes`` (``Theme`` objects, in legend order).
    ``shared_regions``: the page defines ``window.bmRegions`` (the dashboard's served
    basemap data), so a region's outline is taken from there, not inlined.

    ``unthemed`` maps a place id to its mentions without a theme; ``only`` is the theme
    filter; ``examples`` maps a place id to one of its mentions (a ``Store.mentions`` row)
    shown in a popup — for a saved map, where there is no excerpt panel to click into.
    ``drawn``: what ``drawn_places`` gives for the same arguments, if the caller has it."""
    examples = examples or {}
    palette = [(th.id, th.colour, th.label(language)) for th in themes]
    palette.append((OTHER_THEME, OTHER_COLOUR, t("legend_other", language)))
    index = {tid: i for i, (tid, _, _) in enumerate(palette)}
    colour_of = {tid: colour for tid, colour, _ in palette}
    group = folium.FeatureGroup(name=t("layer_places", language), overlay=True)
    group.add_child(SelectOnClick())
    rows: list[list] = []
    if drawn is None:
        drawn = drawn_places(places, [th.id for th in themes], unthemed, only)
    drawn = list(drawn)  # sorted below: the caller's list stays as it was
    # On the canvas the last drawn is on top: areas' squares first, then towns, most
    # mentioned first, so that a small town is never hidden under a big one.
    drawn.sort(
        key=lambda pp: (pp[0]["precision"] in ("point", "settlement"), -sum(n for _, n in pp[1]))
    )
    for place, pie in drawn:
        outline = has_outline(place, boundaries)
        if place["precision"] == "region" or (place["precision"] == "country" and outline):
            colours = {colour_of[tid] for tid, _ in pie}
            colour = colours.pop() if len(colours) == 1 else AREA_COLOUR
            area = place_symbol(
                place, sum(n for _, n in pie), colour, language, boundaries,
                shared_regions=shared_regions,
            )  # fmt: skip
            if area is not None:
                group.add_child(area)
        example = examples.get(place["id"])
        rows.append(marker_row(place, pie, index, language, example, outline))
    group.add_child(PlaceMarkers(rows, palette, language))
    return group


def has_outline(place: Mapping, boundaries: Boundaries | None) -> bool:
    """Whether a country-level place has its outline in the boundaries (anything else:
    True, it needs none)."""
    if place.get("precision") != "country":
        return True
    return boundaries is not None and str(place.get("country") or "") in boundaries


def drawn_counts(drawn: Sequence[tuple[Mapping, object]]) -> dict[str, int]:
    """How many places ``drawn_places`` draws per precision (for the legend)."""
    out: dict[str, int] = {}
    for place, _ in drawn:
        out[place["precision"]] = out.get(place["precision"], 0) + 1
    return out


def marker_row(
    place: Mapping,
    pie: Sequence[tuple[str, int]],
    index: Mapping[str, int],
    language: str = "en",
    example: Mapping | None = None,
    outline: bool = True,
) -> list:
    """One row of ``PlaceMarkers``: id, lat, lon, kind (the index of its precision in
    ``KINDS``; 4: a country with no outline in the boundaries, drawn with a dotted circle),
    mentions, escaped name, slices ``[palette index, n, …]`` (``index`` maps a theme id to
    its place in the palette) and, with an example, the escaped popup HTML. Kept small: an
    archive sends thousands."""
    total = int(place.get("mentions") or sum(n for _, n in pie))
    kind = KINDS.index(place["precision"])
    row = [
        str(place["id"]),
        round(float(place["lat"]), 4),
        round(float(place["lon"]), 4),
        4 if kind == 3 and not outline else kind,
        total,
        escape(place_name(place, language)),
        [x for tid, n in pie for x in (index[tid], n)],
    ]
    if example:
        row.append(popup_html(place, total, language, example))
    return row


class PlaceMarkers(Scripted):
    """The pies of many places, drawn in the browser from one JSON table (see
    ``marker_row``) on one canvas: an archive's thousands of places as DOM elements made
    every zoom take a second. Each pie is a ``L.CircleMarker`` (so Leaflet's canvas finds
    the one under the pointer) with the place id in ``options.bmPlace`` (what
    ``SelectOnClick`` reports) and its kind in ``options.bmKind``; ``bmRing(on)`` rings it.
    Pies at the same spot are fanned out a few pixels so that none hides another; a
    country's square sits beside its capital. https://leafletjs.com/reference.html#canvas"""

    code = static_text("place_markers.js")  # read once, when this module is imported
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function () {
                var palette = {{ this.palette }};
                var words = {{ this.words }};
                var rows = {{ this.rows }};
                ({{ this.code }})({{ this._parent.get_name() }}, palette, words, rows);
            })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        rows: Sequence[Sequence],
        palette: Sequence[tuple[str, str, str]],
        language: str = "en",
    ) -> None:
        super().__init__()
        self._name = "PlaceMarkers"
        self.rows = js_json(list(rows))
        self.words = js_json(
            {
                "mentions": t("mentions", language).split("|"),
                "kinds": [escape(precision_name(k, language)) for k in KINDS]
                + [escape(t("tip_country_no_outline", language))],
                "area": AREA_COLOUR,
                "fallbackKm": COUNTRY_FALLBACK_RADIUS_KM,
            }
        )
        # [colour, escaped label] per palette index
        self.palette = js_json([[colour, escape(label)] for _, colour, label in palette])


def place_symbol(
    place: Mapping,
    n: int,
    colour: str,
    language: str = "en",
    boundaries: Boundaries | None = None,
    example: Mapping | None = None,
    shared_regions: bool = False,
):
    """The folium object for one place: its pie (a one-row ``PlaceMarkers``) for a point
    or a settlement, its area outlined in ``colour`` for a region or a country; ``None``
    when the place's precision is too coarse to draw (a continent)."""
    precision = place.get("precision")
    name = place_name(place, language)
    total = int(place.get("mentions", n))
    head = f"<b>{escape(name)}</b> · {escape(count(total, 'mentions', language))}"
    tip = SafeTooltip(head)
    popup = SafePopup(popup_html(place, total, language, example))
    location = (float(place["lat"]), float(place["lon"]))
    if precision in ("point", "settlement"):
        row = marker_row(place, [("one", total)], {"one": 0}, language, example)
        return PlaceMarkers([row], [("one", colour, "")], language)
    elif precision == "region":
        code = region_code(place) if boundaries is not None else None
        style = {"color": colour, "weight": 1.5, "fillColor": colour, "fillOpacity": 0.15}
        outline = boundaries.region_drawn(place) if boundaries is not None else None
        if outline is not None and shared_regions and code:  # the page has the outlines
            symbol = RegionArea(code, style, place_id=place["id"])
            note = t("tip_region_outline", language)
        elif outline is not None:  # the region's own boundary (geodata/boundaries/regions)
            symbol = Area(outline, style=style, pane="bm-regions", place_id=place["id"])
            note = t("tip_region_outline", language)
        else:  # no polygon: a dashed circle of the approximate extent
            symbol = Circle(
                location,
                radius=region_radius_km(place) * 1000,
                color=colour,
                weight=2,
                dash_array="6 5",
                fill_color=colour,
                fill_opacity=0.12,
            )
            with_options(symbol, pane="bm-regions", bmPlace=place["id"], bmKind="region")
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
        else:  # the square and a dotted circle that says the outline is not known
            row = marker_row(place, [("one", total)], {"one": 0}, language, example, False)
            return PlaceMarkers([row], [("one", colour, "")], language)
        tip = SafeTooltip(f"{head}<br><i>{escape(note)}</i>")
    else:
        return None
    symbol.add_child(tip)
    if example:
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
