// The town names of the offline basemap (``layers.labels.TownLabels``): ``data`` is the
// flat array [lat, lon, zoom, name, ...] (lat and lon times ``scale``), drawn by view and
// zoom in ``paneName`` (z-index ``z``), at most ``max`` names per view, on ``parent``.
function bmTownLabels(parent, data, scale, paneName, z, max) {
    var esc = function (s) {
        return String(s).replace(/[&<>"']/g, function (c) {
            return "&#" + c.charCodeAt(0) + ";";
        });
    };
    var Labels = L.Layer.extend({
        onAdd: function (map) {
            if (!map.getPane(paneName)) {
                var pane = map.createPane(paneName);
                pane.style.zIndex = z;
                pane.style.pointerEvents = "none";
            }
            this._group = L.layerGroup().addTo(map);
            map.on("moveend", this._draw, this);  // also fired after a zoom
            this._draw();
        },
        onRemove: function (map) {
            map.off("moveend", this._draw, this);
            map.removeLayer(this._group);
        },
        _draw: function () {
            var map = this._map, zoom = map.getZoom(), taken = [], n = 0;
            var view = map.getBounds().pad(0.05);
            this._group.clearLayers();
            for (var i = 0; i < data.length && n < max; i += 4) {
                if (data[i + 2] > zoom) { continue; }
                var ll = L.latLng(data[i] / scale, data[i + 1] / scale);
                if (!view.contains(ll)) { continue; }
                var city = data[i + 2] <= zoom - 3, name = data[i + 3];
                var p = map.latLngToContainerPoint(ll);
                var box = [p.x - 3, p.y - 8, p.x + 8 + name.length * (city ? 7.2 : 6.3),
                           p.y + 8];
                var free = true;
                for (var j = 0; j < taken.length && free; j++) {
                    var t = taken[j];
                    free = box[0] > t[2] || box[2] < t[0] || box[1] > t[3] || box[3] < t[1];
                }
                if (!free) { continue; }
                taken.push(box);
                n += 1;
                L.marker(ll, {
                    pane: paneName, interactive: false, keyboard: false,
                    icon: L.divIcon({
                        className: city ? "bm-town bm-city" : "bm-town",
                        iconSize: null,
                        html: "<i></i><span>" + esc(name) + "</span>"
                    })
                }).addTo(this._group);
            }
        }
    });
    new Labels().addTo(parent);
}
