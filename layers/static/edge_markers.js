// The first view and the marks at the map's edge (``layers.edges.EdgeMarkers``, whose
// docstring says what they do). ``group`` is the layer they live and die with; ``data``:
// {box, all, edges: [{text, lat, lon, names}], show, back, title}; every text is plain
// text, inserted as text.
function bmEdgeMarkers(group, data) {
    window.bmFirstView = data;
    var arrows = ["→", "↘", "↓", "↙", "←", "↖", "↑", "↗"];
    function showAll(map) {
        if (window.bmFitAll) { window.bmFitAll(); return; }
        if (data.all) {
            map.fitBounds(data.all, {padding: [30, 30], maxZoom: 8, animate: false});
        }
    }
    function showFirst(map) {
        if (data.box) {
            map.fitBounds(data.box, {padding: [24, 24], maxZoom: 8, animate: false});
        }
    }
    window.bmFitFirst = function () { if (group._map) { showFirst(group._map); } };
    var Edges = L.Layer.extend({
        onAdd: function (map) {
            var box = this._box = L.DomUtil.create("div", "bm-edges", map.getContainer());
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            this._marks = data.edges.map(function (e) {
                var a = L.DomUtil.create("button", "bm-edge", box);
                a.type = "button";
                a.title = data.title + " " + e.names.join(", ");
                a.setAttribute("aria-label", e.text + ". " + data.show);
                var arrow = L.DomUtil.create("span", "bm-edge-arrow", a);
                var label = L.DomUtil.create("span", "bm-edge-text", a);
                label.textContent = e.text;
                a.bmArrow = arrow;
                a.bmAt = L.latLng(e.lat, e.lon);
                a.bmExtent = e.extent ? L.latLngBounds(e.extent) : null;
                L.DomEvent.on(a, "click", function (ev) {
                    L.DomEvent.preventDefault(ev);
                    showAll(map);
                });
                return a;
            });
            this._control = new (L.Control.extend({
                options: {position: "topleft"},
                onAdd: function () {
                    var div = L.DomUtil.create("div", "leaflet-bar bm-fit-all");
                    [["⤢", data.show, function () { showAll(map); }, "bm-show-all"],
                     ["◎", data.back, function () { showFirst(map); }, "bm-first-view"]]
                        .forEach(function (b) {
                            if (b[3] === "bm-first-view" && !data.edges.length) { return; }
                            var a = L.DomUtil.create("a", b[3], div);
                            a.href = "#";
                            a.setAttribute("role", "button");
                            a.title = b[1];
                            a.setAttribute("aria-label", b[1]);
                            a.textContent = b[0];
                            L.DomEvent.on(a, "click", function (ev) {
                                L.DomEvent.preventDefault(ev);
                                b[2]();
                            });
                        });
                    L.DomEvent.disableClickPropagation(div);
                    return div;
                }
            }))();
            this._control.addTo(map);
            map.on("moveend zoomend resize", this._place, this);
            this._place();
        },
        onRemove: function (map) {
            map.off("moveend zoomend resize", this._place, this);
            L.DomUtil.remove(this._box);
            this._control.remove();
        },
        // Each mark where the line from the map's centre to its place leaves the map,
        // kept inside, and moved along the edge off the marks already placed.
        _place: function () {
            var map = this._map;
            if (!map) { return; }
            var size = map.getSize(), view = map.getBounds(), taken = [];
            var cx = size.x / 2, cy = size.y / 2, inset = 6;
            this._marks.forEach(function (a) {
                if (view.contains(a.bmAt) || (a.bmExtent && view.intersects(a.bmExtent))) {
                    a.style.display = "none";
                    return;
                }
                a.style.display = "";
                var p = map.latLngToContainerPoint(a.bmAt);
                var dx = p.x - cx, dy = p.y - cy;
                var angle = Math.atan2(dy, dx);
                a.bmArrow.textContent = arrows[((Math.round(angle / (Math.PI / 4)) % 8) + 8) % 8];
                a.classList.toggle("bm-edge-left", dx < 0);
                var w = a.offsetWidth, h = a.offsetHeight;
                var k = Math.min(
                    dx ? (cx - inset) / Math.abs(dx) : Infinity,
                    dy ? (cy - inset) / Math.abs(dy) : Infinity);
                var x = cx + dx * k, y = cy + dy * k;
                // the mark's box, its pointing side at the edge point, inside the map
                var left = dx >= 0 ? x - w : x, top = y - h / 2;
                left = Math.max(inset, Math.min(size.x - w - inset, left));
                top = Math.max(inset, Math.min(size.y - h - inset, top));
                for (var guard = 0; guard < 20; guard++) {
                    var hit = taken.filter(function (t) {
                        return left < t[2] && t[0] < left + w && top < t[3] && t[1] < top + h;
                    })[0];
                    if (!hit) { break; }
                    top = hit[3] + 2 + h > size.y - inset ? hit[1] - h - 2 : hit[3] + 2;
                }
                taken.push([left, top, left + w, top + h]);
                a.style.left = Math.round(left) + "px";
                a.style.top = Math.round(top) + "px";
            });
        }
    });
    new Edges().addTo(group);
}
