// What every map does, on the dashboard, on the briefing page and in an export
// (``layers.elements.MapManners``, whose docstring says why). ``map`` is the Leaflet map.
function bmMapManners(map) {
    // -- tooltips stay inside the map: moved in from any edge they would cross
    if (!L.Tooltip.prototype.bmKeptInside) {
        var place = L.Tooltip.prototype._setPosition;
        L.Tooltip.prototype._setPosition = function (pos) {
            place.call(this, pos);
            var m = this._map, el = this._container;
            if (!m || !el || !el.offsetWidth) { return; }
            // the boxes as drawn (a tooltip's margin and its pointer included)
            var r = el.getBoundingClientRect(), c = m.getContainer().getBoundingClientRect();
            var gap = 4;
            var dx = Math.max(c.left + gap - r.left, Math.min(0, c.right - gap - r.right));
            var dy = Math.max(c.top + gap - r.top, Math.min(0, c.bottom - gap - r.bottom));
            if (dx || dy) {
                L.DomUtil.setPosition(el, L.DomUtil.getPosition(el).add([dx, dy]));
            }
        };
        L.Tooltip.prototype.bmKeptInside = true;
    }
    // popups: Leaflet pans the map to show them whole; never taller than the map
    map.on("popupopen", function (e) {
        var el = e.popup.getElement(), content = el && el.querySelector(
            ".leaflet-popup-content");
        if (content) {
            content.style.maxHeight = Math.max(120, map.getSize().y - 90) + "px";
            content.style.overflowY = "auto";
            e.popup.update();
        }
    });

    // -- a click inside an area (a country, a region, a line) that no symbol took: the
    // symbols' canvas lies over the areas, so the click reaches the map, not the area.
    function placeOf(l) {
        var o = l.options || {};
        return o.bmPlace || (l.feature && l.feature.properties &&
            l.feature.properties.bm_place) || null;
    }
    var Z = {"bm-flows": 3, "bm-regions": 2, "bm-areas": 1};
    map.on("click", function (e) {
        if (!e.originalEvent || e.originalEvent.bmTaken) { return; }
        var hits = [];
        map.eachLayer(function (l) {
            var pane = l.options && l.options.pane;
            if (!Z[pane] || l.options.interactive === false || !l._containsPoint ||
                l._renderer instanceof L.Canvas) { return; }
            if (!placeOf(l) && !l.getPopup() && !l.listens("click")) { return; }
            var inside = false;
            try { inside = l._containsPoint(e.layerPoint); } catch (err) { inside = false; }
            if (!inside) { return; }
            var b = l.getBounds ? l.getBounds() : null;
            var area = b ? (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest()) : 0;
            hits.push({layer: l, z: Z[pane], area: area});
        });
        if (!hits.length) { return; }
        hits.sort(function (a, b) { return b.z - a.z || a.area - b.area; });
        e.originalEvent.bmTaken = true;
        hits[0].layer.fire("click", {latlng: e.latlng, layerPoint: e.layerPoint,
            containerPoint: e.containerPoint, originalEvent: e.originalEvent}, true);
    });

    // -- labels drawn once: after every move, a label that would cover another, or that
    // says what a label of more weight already says, is hidden. Weight: the briefing's
    // callouts, then the edge marks, the crossings' names, the towns' names.
    var KINDS = [[".bm-brief-label", 4], [".bm-edge", 3], [".bm-crossing-name", 2],
                 [".bm-town span", 1]];
    function declutter() {
        replaceTooltips();
        var root = map.getContainer(), all = [];
        KINDS.forEach(function (k) {
            root.querySelectorAll(k[0]).forEach(function (el, i) {
                el.classList.remove("bm-label-hidden");
                all.push({el: el, w: k[1], i: i});
            });
        });
        var kept = [], said = {}, box = root.getBoundingClientRect();
        all.forEach(function (x) {
            var r = x.el.getBoundingClientRect();
            x.r = r;
            var cs = getComputedStyle(x.el), tip = x.el.closest(".leaflet-tooltip");
            // a callout fading out (Leaflet removes it 200 ms after opacity 0) is gone
            x.shown = r.width > 0 && r.height > 0 && cs.display !== "none" &&
                !(tip && tip.style.opacity === "0");
        });
        all.filter(function (x) { return x.shown; })
            .sort(function (a, b) { return b.w - a.w || a.i - b.i; })
            .forEach(function (x) {
                var text = (x.el.textContent || "").trim().toLowerCase(), r = x.r;
                function covers(r) {
                    return kept.some(function (k) {
                        return r.left < k.right - 1 && k.left < r.right - 1 &&
                            r.top < k.bottom - 1 && k.top < r.bottom - 1;
                    });
                }
                var over = covers(r);
                if (over && x.w === 4 && x.el.classList.contains("leaflet-tooltip")) {
                    // a callout is never hidden: moved up or down, off the ones placed
                    var base = L.DomUtil.getPosition(x.el), h = r.height + 3;
                    for (var k = 1; k <= 8 && over; k++) {
                        var dy = (k % 2 ? 1 : -1) * Math.ceil(k / 2) * h;
                        L.DomUtil.setPosition(x.el, base.add([0, dy]));
                        r = x.el.getBoundingClientRect();
                        over = covers(r) || r.top < box.top || r.bottom > box.bottom;
                    }
                    if (over) {
                        L.DomUtil.setPosition(x.el, base);
                        r = x.el.getBoundingClientRect();
                    }
                }
                var cut = r.left < box.left || r.right > box.right || r.top < box.top ||
                    r.bottom > box.bottom;  // a name cut at the map's edge
                if (x.w < 3 && (over || said[text] || cut)) {
                    x.el.classList.add("bm-label-hidden");
                    return;
                }
                kept.push(r);
                said[text] = true;
            });
    }
    // an open tooltip is placed when it opens or the zoom changes, not when the map pans:
    // after a move, place the open ones again, so they are kept inside from where they are
    function replaceTooltips() {
        map.eachLayer(function (l) {
            var tip = l instanceof L.Tooltip ? l : (l.getTooltip && l.getTooltip());
            if (tip && tip._map && tip._container && tip.options.permanent) {
                tip._updatePosition();
            }
        });
    }
    var queued = null;
    window.bmDeclutter = function () {
        clearTimeout(queued);
        queued = setTimeout(declutter, 0);  // after the towns' own redraw on the move
    };
    map.on("moveend zoomend resize layeradd", window.bmDeclutter);

    // -- the legend starts folded where, open, it would cover a place or much of the map;
    // later moves fold it when a place comes under it; the reader's own choice is kept.
    var choice = null;
    function placesUnder(rect) {
        var hit = false, box = map.getContainer().getBoundingClientRect();
        map.eachLayer(function (l) {
            if (hit || !placeOf(l) || !l.getLatLng || l.options.pane === "bm-areas") {
                return;
            }
            var p = l._spot && l._point ? map.layerPointToContainerPoint(l._spot())
                : map.latLngToContainerPoint(l.getLatLng());
            var x = p.x + box.left, y = p.y + box.top;
            hit = x >= rect.left - 4 && x <= rect.right + 4 && y >= rect.top - 4 &&
                y <= rect.bottom + 4;
        });
        root().querySelectorAll(".bm-brief-label").forEach(function (el) {
            var r = el.getBoundingClientRect();
            hit = hit || (r.left < rect.right && rect.left < r.right &&
                r.top < rect.bottom && rect.top < r.bottom);
        });
        return hit;
    }
    function root() { return map.getContainer(); }
    function fold() {
        var details = root().querySelector(".bm-legend details");
        if (!details) { return; }
        var legend = details.parentElement;
        if (!details.bmWatched) {
            details.bmWatched = true;
            details.querySelector("summary").addEventListener("click", function () {
                choice = !details.open;
            });
            if (choice !== null) { details.open = choice; return; }
            details.open = true;
            var size = map.getSize();
            details.open = legend.offsetHeight * legend.offsetWidth < 0.22 * size.x * size.y &&
                legend.offsetHeight < 0.6 * size.y &&
                !placesUnder(legend.getBoundingClientRect());
        } else if (details.open && choice === null &&
                   placesUnder(legend.getBoundingClientRect())) {
            details.open = false;
        }
    }
    window.bmFoldLegend = fold;
    map.on("moveend resize", function () { setTimeout(fold, 0); });
}
