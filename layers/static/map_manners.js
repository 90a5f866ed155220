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
            var at = L.DomUtil.getPosition(el), p = m.layerPointToContainerPoint(at);
            var size = m.getSize(), w = el.offsetWidth, h = el.offsetHeight, gap = 4;
            var dx = Math.max(gap - p.x, Math.min(0, size.x - gap - w - p.x));
            var dy = Math.max(gap - p.y, Math.min(0, size.y - gap - h - p.y));
            if (dx || dy) { L.DomUtil.setPosition(el, at.add([dx, dy])); }
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
            x.shown = r.width > 0 && r.height > 0 && getComputedStyle(x.el).display !== "none";
        });
        all.filter(function (x) { return x.shown; })
            .sort(function (a, b) { return b.w - a.w || a.i - b.i; })
            .forEach(function (x) {
                var text = (x.el.textContent || "").trim().toLowerCase(), r = x.r;
                var over = kept.some(function (k) {
                    return r.left < k.right - 1 && k.left < r.right - 1 &&
                        r.top < k.bottom - 1 && k.top < r.bottom - 1;
                });
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
