// How the dashboard's map behaves (``layers.elements.MapBehaviour``, whose docstring
// says what it does). ``map`` is the Leaflet map; ``keepView`` is true when the link
// named a view. The controls "show everything" and "back to the first view" are
// ``layers.edges``'s.
function bmMapBehaviour(map, keepView) {
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
    window.bmFitAll = fitAll;  // "show everything" (``layers.edges``) calls it
    // The first view: where most mentions are (``layers.edges``), else every place.
    function fitFirst() {
        var first = window.bmFirstView;
        if (first && first.box) {
            map.fitBounds(first.box, {padding: [24, 24], maxZoom: 8, animate: false});
        } else {
            fitAll();
        }
    }

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


    // The first view (where most mentions are, ``window.bmFirstView``, else the
    // places' anchors) is fitted before the places' layers are on the map
    // (``PlaceMarkers`` calls this), so that they are drawn once.
    var fitted = false;
    window.bmEarlyFit = function (latlngs) {
        if (fitted || keepView || !latlngs.length) { return; }
        fitted = true;
        fitHeight();
        var first = window.bmFirstView;
        map.fitBounds(first && first.box ? first.box : L.latLngBounds(latlngs),
                      {padding: [24, 24], maxZoom: 8, animate: false});
    };
    window.bmAfterDraw = function () {
        fitHeight();
        if (!fitted) {
            fitted = true;
            if (!keepView) { fitFirst(); }
        }
        if (window.bmFoldLegend) {  // layers.elements.MapManners
            [0, 300, 1500].forEach(function (ms) { setTimeout(window.bmFoldLegend, ms); });
        }
        follow();
        ring();
        window.bmDrawn = (window.bmDrawn || 0) + 1;  // for tests and benchmarks
    };
    fitHeight();
}
