// A legend control (``layers.legend.Legend``): shown while ``group`` is on the map.
// ``html`` is escaped HTML made by the page. Called with the layer's data.
function bmAddLegend(group, position, html) {
    var legend = L.control({position: position});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "bm-legend");
        div.innerHTML = html;
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    group.on("add", function () { legend.addTo(group._map); });
    group.on("remove", function () { legend.remove(); });
    if (group._map) { legend.addTo(group._map); }
    window.bmLegend = legend;
}
