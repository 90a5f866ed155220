// A click on any place drawn in ``parent`` selects that place in the page
// (``layers.elements.SelectOnClick``, whose docstring says how it is reported).
function bmSelectOnClick(parent) {
    parent.on("click", function (e) {
        var layer = e.sourceTarget || e.propagatedFrom || e.layer;
        var id = layer && ((layer.options && layer.options.bmPlace) ||
            (layer.feature && layer.feature.properties &&
             layer.feature.properties.bm_place));
        if (!id) { return; }
        // taken: the map's own click (``MapManners``) does not look for an area under it
        if (e.originalEvent) { e.originalEvent.bmTaken = true; }
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
}
