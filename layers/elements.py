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

from folium.elements import MacroElement
from folium.template import Template

#: Leaflet panes (z-index) that keep small things clickable above big ones
PANES = {
    "bm-land": 190,  # the offline basemap, under everything else
    "bm-areas": 405,  # countries
    "bm-regions": 410,  # regions
    "bm-borders": 412,  # above the shaded countries, so the Suwałki gap stays visible
    "bm-flows": 420,
    "bm-points": 430,  # places and crossings
}


class SafeTooltip(MacroElement):
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


class SafePopup(MacroElement):
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


class Area(MacroElement):
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


class CountryShapes(MacroElement):
    """The country outlines, defined once per page as ``window.bmCountries`` (ISO2 ->
    GeoJSON geometry), for the basemap and for every country-level mention (``CountryArea``),
    so a country shaded in several theme layers does not repeat its coordinates."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            window.bmCountries = {{ this.json }};
        {% endmacro %}
        """
    )

    def __init__(self, shapes: Mapping[str, Mapping]) -> None:
        super().__init__()
        self._name = "CountryShapes"
        self.json = js_json(dict(shapes))


class Land(MacroElement):
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


class CountryArea(MacroElement):
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


class SelectOnClick(MacroElement):
    """Make a click on any place drawn in the parent layer select that place in the page.

    A layer names its place in ``options.bmPlace`` (markers, circles) or in the
    ``bm_place`` property of its GeoJSON feature. The handler rings the place at once
    (``window.bmSelect``, see ``MapBehaviour``) and reports the click as
    ``place:<id>#<mount>-<n>``: through ``window.bmReport`` to the page (at once), else as
    streamlit-folium's clicked tooltip (250 ms later). The counter ``n`` (and ``mount``,
    random per page) makes every click a new value, so clicking the same marker again
    (after the selection moved elsewhere) still reaches Python as a new click."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.on("click", function (e) {
                var layer = e.sourceTarget || e.propagatedFrom || e.layer;
                var id = layer && ((layer.options && layer.options.bmPlace) ||
                    (layer.feature && layer.feature.properties &&
                     layer.feature.properties.bm_place));
                if (!id) { return; }
                window.bmClicks = (window.bmClicks || 0) + 1;
                window.bmMount = window.bmMount || Math.random().toString(36).slice(2);
                var token = "place:" + id + "#" + window.bmMount + "-" + window.bmClicks;
                window.bmLastClicked = id;
                if (window.bmSelect) { window.bmSelect(id); }
                // After streamlit-folium's own click handler, which writes the tooltip text.
                setTimeout(function () {
                    if (!(window.bmReport && window.bmReport(token, id)) &&
                        window.__GLOBAL_DATA__) {
                        window.__GLOBAL_DATA__.last_object_clicked_tooltip = token;
                    }
                }, 0);
            });
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "SelectOnClick"


class MapBehaviour(MacroElement):
    """How the dashboard's map behaves, on top of what Leaflet and streamlit-folium do:

    - a press on the map focuses it without scrolling the page (Leaflet's keyboard handler
      focuses the map on mousedown; inside the page's iframe that scrolled the page by up
      to 150 px, and the release landed beside the marker: the first click was lost);
    - the map takes the height the window has below it (``--bm-map-height`` on the page,
      which the page's CSS gives the map's frame) and keeps it when the window changes;
    - the first view fits every drawn place (unless ``keep_view``: the link named a view),
      fitted before the places' layers are drawn, so they are drawn once; a "fit all"
      button brings that view back; the legend starts folded when, open, it would cover a
      place or much of the map;
    - ``window.bmSelect(id)`` rings the place's symbols; the page's excerpt panel says
      which place is selected (``.bm-selection[data-place]``), and the map follows it: a
      new ``data-fit`` there (a selection made in the panel or the reader) fits the place
      and scrolls the map into view;
    - ``window.bmReport(token, id)`` posts a click to the page (``{bm: "select"}``), and
      the map posts its view after a move (``{bm: "view"}``): the page's ``MapBridge``
      hands them to Python.

    Everything that touches the page is guarded: in a saved map with no page around it,
    only the fit and the rings work. ``fit_label`` is the button's (plain text) title."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function () {
                var map = {{ this._parent.get_name() }};
                var keepView = {{ this.keep_view|tojson }};
                var kb = map.keyboard;
                if (kb && kb._onMouseDown) {
                    L.DomEvent.off(map._container, "mousedown", kb._onMouseDown, kb);
                    kb._onMouseDown = function () {
                        if (!this._focused) { this._map._container.focus({preventScroll: true}); }
                    };
                    L.DomEvent.on(map._container, "mousedown", kb._onMouseDown, kb);
                }
                var frame = null, page = null;
                try { frame = window.frameElement; page = frame && frame.ownerDocument; }
                catch (err) { frame = null; page = null; }

                function fitHeight() {
                    if (!frame || !page) { return; }
                    var win = page.defaultView, el = frame, scrolled = 0;
                    while (el && el !== page.body) {
                        scrolled += el.scrollTop || 0;
                        el = el.parentElement;
                    }
                    var top = frame.getBoundingClientRect().top + scrolled;
                    var h = Math.max(360, Math.round(win.innerHeight - top - 14));
                    page.documentElement.style.setProperty("--bm-map-height", h + "px");
                    var div = map.getContainer();
                    if (div.style.height !== h + "px") {
                        div.style.height = h + "px";
                        map.invalidateSize(false);
                    }
                }

                function isArea(l) {
                    var pane = l.options && l.options.pane;
                    return pane === "bm-areas";
                }
                function placeOf(l) {
                    var o = l.options || {};
                    return o.bmPlace || (l.feature && l.feature.properties &&
                        l.feature.properties.bm_place) || null;
                }
                // The anchors of the places drawn (the pies, the crossings: what a reader
                // looks for), or every part of one place (its area too) for ``only``.
                function drawnBounds(only) {
                    var b = L.latLngBounds([]);
                    map.eachLayer(function (l) {
                        var id = placeOf(l);
                        if (!id || (only && id !== only)) { return; }
                        var area = l.options.pane === "bm-regions" || isArea(l);
                        if (l.getLatLng && !area) {
                            b.extend(l.getLatLng());
                        } else if (only && l.getBounds) {
                            b.extend(l.getBounds());
                        }
                    });
                    return b;
                }
                function fitAll() {
                    var b = drawnBounds(null);
                    if (!b.isValid()) { return; }
                    map.fitBounds(b, {padding: [24, 24], maxZoom: 8, animate: false});
                }
                window.bmFitAll = fitAll;

                var FitAll = L.Control.extend({
                    options: {position: "topleft"},
                    onAdd: function () {
                        var div = L.DomUtil.create("div", "leaflet-bar bm-fit-all");
                        var a = L.DomUtil.create("a", "", div);
                        a.href = "#";
                        a.setAttribute("role", "button");
                        a.title = {{ this.fit_label|tojson }};
                        a.setAttribute("aria-label", a.title);
                        a.textContent = "\u2922";
                        L.DomEvent.disableClickPropagation(div);
                        L.DomEvent.on(a, "click", function (e) {
                            L.DomEvent.preventDefault(e);
                            fitAll();
                        });
                        return div;
                    }
                });
                new FitAll().addTo(map);

                var selected = "";
                var saved = [];
                function unring() {
                    saved.forEach(function (s) {
                        if (s.pie) {
                            s.layer.bmRing(false);
                        } else if (s.icon) {
                            L.DomUtil.removeClass(s.icon, "bm-selected");
                            s.layer.setZIndexOffset(s.z);
                        } else if (s.layer.setStyle) {
                            s.layer.setStyle(s.style);
                        }
                    });
                    saved = [];
                }
                function ring() {
                    unring();
                    if (!selected) { return; }
                    map.eachLayer(function (l) {
                        if (placeOf(l) !== selected) { return; }
                        if (l.bmRing) {
                            saved.push({layer: l, pie: true});
                            l.bmRing(true);
                        } else if (l._icon) {
                            saved.push({layer: l, icon: l._icon, z: l.options.zIndexOffset || 0});
                            L.DomUtil.addClass(l._icon, "bm-selected");
                            l.setZIndexOffset(100000);
                        } else if (l.setStyle && l.options) {
                            saved.push({layer: l, style: {color: l.options.color,
                                weight: l.options.weight, opacity: l.options.opacity,
                                dashArray: l.options.dashArray}});
                            l.setStyle({color: "#111111", weight: 4, opacity: 1, dashArray: null});
                            if (l.bringToFront) { l.bringToFront(); }
                        }
                    });
                }
                window.bmSelect = function (id) { selected = id || ""; ring(); };

                function fitPlace(id, el) {
                    var b = drawnBounds(id);
                    var zoom = {point: 8, settlement: 7, region: 6, country: 5};
                    var precision = el && el.getAttribute("data-precision");
                    if (b.isValid() && (b.getEast() - b.getWest() < 60)) {
                        var pad = L.point(30, 30);
                        map.fitBounds(b, {padding: pad, maxZoom: zoom[precision] || 8});
                    } else if (el && el.getAttribute("data-lat")) {
                        map.setView([+el.getAttribute("data-lat"), +el.getAttribute("data-lon")],
                                    zoom[precision] || 5);
                    }
                    if (frame && frame.scrollIntoView) {
                        frame.scrollIntoView({block: "nearest", behavior: "smooth"});
                    }
                }

                var seenFit = null, queued = false;
                function follow() {
                    queued = false;
                    var el = page && page.querySelector(".bm-selection");
                    if (!el) { return; }
                    var id = el.getAttribute("data-place") || "";
                    var fit = el.getAttribute("data-fit");
                    if (id !== selected) { window.bmSelect(id); }
                    if (seenFit !== null && fit !== seenFit && id) { fitPlace(id, el); }
                    seenFit = fit;
                }
                if (page && page.defaultView && page.defaultView.MutationObserver) {
                    new page.defaultView.MutationObserver(function () {
                        if (!queued) { queued = true; requestAnimationFrame(follow); }
                    }).observe(page.body, {childList: true, subtree: true, attributes: true,
                                           attributeFilter: ["data-place", "data-fit"]});
                    requestAnimationFrame(follow);
                    page.defaultView.addEventListener("resize", fitHeight);
                }

                // Clicks and views go to the page as messages; the page's excerpt panel
                // (a fragment of its own) takes them, so a click reruns the panel only
                // and the map's layers are not sent again.
                function tell(message) {
                    if (!page || !page.defaultView) { return false; }
                    message.bm = message.bm || "select";
                    page.defaultView.postMessage(message, page.defaultView.location.origin);
                    return true;
                }
                window.bmReport = function (token, id) {
                    return tell({bm: "select", place: id, token: token});
                };
                // Only the reader's own moves are reported (not the fits made here).
                var moved = null, touched = 0;
                ["mousedown", "wheel", "touchstart", "keydown", "dblclick"].forEach(function (k) {
                    L.DomEvent.on(map.getContainer(), k, function () { touched = Date.now(); });
                });
                map.on("moveend", function () {
                    if (!fitted || Date.now() - touched > 1500) { return; }
                    clearTimeout(moved);
                    moved = setTimeout(function () {
                        var c = map.getCenter();
                        tell({bm: "view", lat: c.lat, lon: c.lng, zoom: map.getZoom()});
                    }, 600);
                });

                // The legend stays open when it covers little of the map and no place
                // under it; else it starts folded (the reader's own choice is kept).
                var legendChoice = null;
                function placesUnder(rect) {
                    var hit = false, box = map.getContainer().getBoundingClientRect();
                    map.eachLayer(function (l) {
                        if (hit || !placeOf(l) || !l.getLatLng || isArea(l)) { return; }
                        var p = l._spot ? map.layerPointToContainerPoint(l._spot())
                            : map.latLngToContainerPoint(l.getLatLng());
                        var x = p.x + box.left, y = p.y + box.top;
                        hit = x >= rect.left && x <= rect.right && y >= rect.top &&
                            y <= rect.bottom;
                    });
                    return hit;
                }
                function foldLegend() {
                    var details = map.getContainer().querySelector(".bm-legend details");
                    if (!details || details.bmWatched) { return; }
                    details.bmWatched = true;
                    if (legendChoice === null) {
                        details.open = true;
                        var size = map.getSize(), legend = details.parentElement;
                        details.open = legend.offsetHeight * legend.offsetWidth <
                            0.22 * size.x * size.y && legend.offsetHeight < 0.6 * size.y &&
                            !placesUnder(legend.getBoundingClientRect());
                    } else {
                        details.open = legendChoice;
                    }
                    details.querySelector("summary").addEventListener("click", function () {
                        legendChoice = !details.open;
                    });
                }
                // ... and folds when the map's size or view later puts a place under it
                // (the page may still be laying the map out when it is first drawn)
                function checkLegend() {
                    var details = map.getContainer().querySelector(".bm-legend details");
                    if (details && details.open && legendChoice === null &&
                        placesUnder(details.parentElement.getBoundingClientRect())) {
                        details.open = false;
                    }
                }
                map.on("resize moveend", checkLegend);
                function allInView() {
                    var view = map.getBounds(), b = drawnBounds(null);
                    return !b.isValid() || view.contains(b);
                }

                // The first view is fitted to the places' anchors before their layers are
                // on the map (``PlaceMarkers`` calls this), so that they are drawn once.
                var fitted = false;
                window.bmEarlyFit = function (latlngs) {
                    if (fitted || keepView || !latlngs.length) { return; }
                    fitted = true;
                    fitHeight();
                    map.fitBounds(L.latLngBounds(latlngs), {padding: [24, 24], maxZoom: 8,
                                                            animate: false});
                };
                window.bmAfterDraw = function () {
                    fitHeight();
                    if (!fitted) {
                        fitted = true;
                        if (!keepView) { fitAll(); }
                    } else if (!keepView && window.bmDrawn === undefined && !allInView()) {
                        fitAll();  // a crossing or a region's edge beyond the places' anchors
                    }
                    foldLegend();
                    [300, 1500].forEach(function (ms) { setTimeout(checkLegend, ms); });
                    follow();
                    ring();
                    window.bmDrawn = (window.bmDrawn || 0) + 1;  // for tests and benchmarks
                };
                fitHeight();
            })();
        {% endmacro %}
        """
    )

    def __init__(self, fit_label: str, keep_view: bool = False) -> None:
        super().__init__()
        self._name = "MapBehaviour"
        self.fit_label = fit_label
        self.keep_view = bool(keep_view)


class Panes(MacroElement):
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


class Css(MacroElement):
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
