"""Small folium elements that every layer shares: safe tooltips and popups, areas, clicks.

Why not folium's own ``Tooltip``/``Popup``: they put their text into a JavaScript template
literal (so ``${…}`` in a brief would run) and ``Popup`` names its content element with a
random id, which changes the layer's script on every rerun and makes streamlit-folium
redraw every layer. These elements pass their HTML as a JSON string instead (escaped by
``layers.escape`` before it gets here) and render the same script for the same data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import folium
from branca.element import Element, Figure
from folium.elements import MacroElement
from folium.template import Template

from layers.static_files import static_text

#: Leaflet panes (z-index) that keep small things clickable above big ones
PANES = {
    "bm-land": 190,  # the offline basemap, under everything else
    "bm-areas": 405,  # countries
    "bm-regions": 410,  # regions
    "bm-borders": 412,  # above the shaded countries, so the Suwałki gap stays visible
    "bm-flows": 420,
    "bm-points": 430,  # places and crossings
}


class RawText(Element):
    """Text a figure holds as it is. Branca's ``Element(text)`` compiles the text as a
    Jinja template, which is what ``MacroElement.render`` puts each script in: at an
    archive's thousands of places that compiling took half of the layers' rendering."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class Scripted(MacroElement):
    """A ``MacroElement`` whose rendered header, html and script go into the figure as
    they are (``RawText``), not compiled again as templates: the same page, rendered once.
    (A rendered macro of ours holds no template syntax: names and excerpts reach it as
    JSON or escaped HTML.)"""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "render an element inside a figure"
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(RawText(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class Marker(Scripted, folium.Marker):
    """folium's ``Marker``, rendered once (``Scripted``): folium's own rendering compiles
    each marker's script and its icon's as templates (a twentieth of a second for the
    crossings' layer, on every filter)."""

    def render(self, **kwargs) -> None:
        # what folium.Marker.render does before rendering: set the icon after both exist
        if self.icon is not None and not any(
            isinstance(c, _SetIcon) for c in self._children.values()
        ):
            self.add_child(_SetIcon(marker=self, icon=self.icon))
        Scripted.render(self, **kwargs)


class _SetIcon(Scripted, folium.Marker.SetIcon):
    """folium's ``Marker.SetIcon``, rendered once."""


class DivIcon(Scripted, folium.DivIcon):
    """folium's ``DivIcon``, rendered once."""


class PolyLine(Scripted, folium.PolyLine):
    """folium's ``PolyLine``, rendered once."""


class Circle(Scripted, folium.Circle):
    """folium's ``Circle``, rendered once."""


class SafeTooltip(Scripted):
    """``bindTooltip`` with ``html`` (already escaped) passed as a JSON string.
    https://leafletjs.com/reference.html#tooltip"""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindTooltip({{ this.html|tojson }},
                {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, sticky: bool = True, **options: object) -> None:
        super().__init__()
        self._name = "Tooltip"
        self.html = html
        self.options = {"sticky": sticky, **options}


class SafePopup(Scripted):
    """``bindPopup`` with ``html`` (already escaped) passed as a JSON string.
    https://leafletjs.com/reference.html#popup"""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindPopup({{ this.html|tojson }},
                {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, max_width: int = 340, **options: object) -> None:
        super().__init__()
        self._name = "Popup"
        self.html = html
        self.options = {"maxWidth": max_width, **options}


class Area(Scripted):
    """A GeoJSON geometry (or Feature, FeatureCollection) drawn with one style, e.g. a
    country shaded for a country-level mention. ``place_id`` makes a click on a bare
    geometry select that place (see ``SelectOnClick``).
    https://leafletjs.com/reference.html#geojson"""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJSON({{ this.data|tojson }},
                {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        geometry: Mapping,
        style: Mapping[str, object],
        pane: str = "bm-areas",
        place_id: str | None = None,
        interactive: bool = True,
    ) -> None:
        super().__init__()
        self._name = "Area"
        if geometry.get("type") in ("Feature", "FeatureCollection"):
            self.data = dict(geometry)
        else:
            props = {"bm_place": place_id} if place_id else {}
            self.data = {"type": "Feature", "properties": props, "geometry": dict(geometry)}
        self.options = {"style": dict(style), "pane": pane, "interactive": interactive}


def js_json(value: object) -> str:
    """Compact JSON that is safe inside a ``<script>`` (``<``, ``>``, ``&``, quotes and the
    JS line separators are escaped)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("'", "\\u0027"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


class BasemapData(Scripted):
    """The basemap's data, defined once per page: ``window.bmCountries`` (ISO2 -> GeoJSON
    geometry, for the land and for every country-level mention, ``CountryArea``, so a
    country shaded in several theme layers does not repeat its coordinates),
    ``window.bmWorldLand`` and ``window.bmWater`` (GeoJSON collections).

    ``script`` is that data as one script (``layers.basemap.basemap_data_script``). With
    ``url``, the page loads it from there (a file the server serves and the browser keeps
    between page runs, see ``ui.static_publish``) and nothing is put in the map's script;
    without, it is inlined (the exports, which must work as one file)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {% if not this.url %}{{ this.script }}{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, script: str, url: str | None = None) -> None:
        super().__init__()
        self._name = "BasemapData"
        self.script = script
        self.url = url
        if url:
            # st_folium loads these links, in order, before it runs the map's script
            self.default_js = [("bm_basemap", url)]


class Land(Scripted):
    """Every country of ``window.bmCountries``, filled: the offline basemap's land."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJSON({
                type: "FeatureCollection",
                features: Object.keys(window.bmCountries || {}).map(function (k) {
                    return {type: "Feature", properties: {iso2: k},
                            geometry: window.bmCountries[k]};
                })
            }, {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, style: Mapping[str, object], pane: str = "bm-land") -> None:
        super().__init__()
        self._name = "Land"
        self.options = {"style": dict(style), "pane": pane, "interactive": False}


class CountryArea(Scripted):
    """A country of ``window.bmCountries`` drawn with one style; a click on it selects
    ``place_id`` (see ``SelectOnClick``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJSON({
                type: "Feature", properties: {{ this.properties|tojson }},
                geometry: (window.bmCountries || {})[{{ this.iso2|tojson }}] ||
                    {type: "MultiPolygon", coordinates: []}
            }, {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self, iso2: str, style: Mapping[str, object], place_id: str, pane: str = "bm-areas"
    ) -> None:
        super().__init__()
        self._name = "CountryArea"
        self.iso2 = iso2
        self.properties = {"bm_place": place_id, "iso2": iso2}
        self.options = {"style": dict(style), "pane": pane}


class RegionArea(Scripted):
    """A region of ``window.bmRegions`` (its ISO 3166-2 ``code``; see
    ``layers.basemap.basemap_data_script``) drawn with one style; a click on it selects
    ``place_id``. What ``Area`` draws with the outline inlined, for a page that has the
    outlines as a served file."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJSON({
                type: "Feature", properties: {{ this.properties|tojson }},
                geometry: (window.bmRegions || {})[{{ this.code|tojson }}] ||
                    {type: "MultiPolygon", coordinates: []}
            }, {{ this.options|tojson }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self, code: str, style: Mapping[str, object], place_id: str, pane: str = "bm-regions"
    ) -> None:
        super().__init__()
        self._name = "RegionArea"
        self.code = code
        self.properties = {"bm_place": place_id}
        self.options = {"style": dict(style), "pane": pane, "interactive": True}


class BindAll(Scripted):
    """One tooltip and one popup (``html``, already escaped) bound to each of ``parts``
    (elements already rendered in the same layer): the parts of one drawn thing (a flow's
    segments and arrowhead) carry the text once, not once per part."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (tip, popup) {
                [{{ this.names }}].forEach(function (l) {
                    if (tip) { l.bindTooltip(tip, {{ this.tip_options|tojson }}); }
                    if (popup) { l.bindPopup(popup, {{ this.popup_options|tojson }}); }
                });
            })({{ this.tip|tojson }}, {{ this.popup|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, parts: list, tip: str = "", popup: str = "", max_width: int = 340) -> None:
        super().__init__()
        self._name = "BindAll"
        self.names = ", ".join(p.get_name() for p in parts)
        self.tip, self.popup = tip, popup
        self.tip_options = {"sticky": True}
        self.popup_options = {"maxWidth": max_width}


class SelectOnClick(Scripted):
    """Make a click on any place drawn in the parent layer select that place in the page.

    A layer names its place in ``options.bmPlace`` (markers, circles) or in the
    ``bm_place`` property of its GeoJSON feature. The handler rings the place at once
    (``window.bmSelect``, see ``MapBehaviour``) and reports the click as
    ``place:<id>#<mount>-<n>``: through ``window.bmReport`` to the page (at once), else as
    streamlit-folium's clicked tooltip (250 ms later). The counter ``n`` (and ``mount``,
    random per page) makes every click a new value, so clicking the same marker again
    (after the selection moved elsewhere) still reaches Python as a new click."""

    code = static_text("select_on_click.js")  # read once, when this module is imported
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            ({{ this.code }})({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "SelectOnClick"


class MapBehaviour(Scripted):
    """How the dashboard's map behaves, on top of what Leaflet and streamlit-folium do:

    - a press on the map focuses it without scrolling the page (Leaflet's keyboard handler
      focuses the map on mousedown; inside the page's iframe that scrolled the page by up
      to 150 px, and the release landed beside the marker: the first click was lost);
    - the map takes the height the window has below it (``--bm-map-height`` on the page,
      which the page's CSS gives the map's frame) and keeps it when the window changes;
    - the first view fits where most mentions are (``layers.edges`` says where, unless
      ``keep_view``: the link named a view), fitted before the places' layers are drawn, so
      they are drawn once; "show everything" (``window.bmFitAll``) fits every drawn place;
    - ``window.bmSelect(id)`` rings the place's symbols; the page's excerpt panel says
      which place is selected (``.bm-selection[data-place]``), and the map follows it: a
      new ``data-fit`` there (a selection made in the panel or the reader) fits the place
      and scrolls the map into view;
    - ``window.bmReport(token, id)`` posts a click to the page (``{bm: "select"}``), and
      the map posts its view after a move (``{bm: "view"}``): the dashboard's bridge
      (``ui.map_view.map_bridge``) hands them to Python.

    Everything that touches the page is guarded: in a saved map with no page around it,
    only the fit and the rings work. The script is ``layers/static/map_behaviour.js``."""

    code = static_text("map_behaviour.js")  # read once, when this module is imported
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            ({{ this.code }})({{ this._parent.get_name() }}, {{ this.keep_view|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, keep_view: bool = False) -> None:
        super().__init__()
        self._name = "MapBehaviour"
        self.keep_view = bool(keep_view)


class MapManners(Scripted):
    """What every map does, on every page and in exports (``layers/static/map_manners.js``):

    - tooltips stay inside the map (moved in from an edge they would cross: a name at the
      right edge was cut), and popups are never taller than the map (Leaflet pans to them);
    - a click inside an area (a country, a region) or on a line selects it: the places'
      canvas lies over the areas, so such a click reached only the map; symbols on top win
      (``SelectOnClick`` marks the click as taken);
    - labels are drawn once: after every move a town's or a crossing's name that would
      cover a label of more weight (a briefing callout, an edge mark, an earlier name), or
      that repeats it, is hidden (``window.bmDeclutter``);
    - the legend starts folded where, open, it would cover a place or much of the map, and
      folds when a move puts a place under it, unless the reader chose
      (``window.bmFoldLegend``, called by ``layers.legend.Legend``)."""

    code = static_text("map_manners.js")  # read once, when this module is imported
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            ({{ this.code }})({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapManners"


class Panes(Scripted):
    """Create the panes of ``PANES`` on the map, in z-order (all of them clickable).
    https://leafletjs.com/examples/map-panes/"""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {%- for name, z in this.panes.items() %}
            {{ this._parent.get_name() }}.createPane({{ name|tojson }}).style.zIndex = {{ z }};
            {%- endfor %}
        {% endmacro %}
        """
    )

    def __init__(self, panes: Mapping[str, int] = PANES) -> None:
        super().__init__()
        self._name = "Panes"
        self.panes = dict(panes)


class Css(Scripted):
    """A ``<style>`` block in the page header (``css`` is ours, never text from a brief)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self, css: str) -> None:
        super().__init__()
        self._name = "Css"
        self.css = css


def with_options(layer, **options: object):
    """Set Leaflet options folium's constructors do not pass through (``pane``,
    ``bmPlace``); returns ``layer``."""
    layer.options.update({k: v for k, v in options.items() if v is not None})
    return layer
