// The pies of many places on one canvas (``layers.place_symbols.PlaceMarkers``, whose
// docstring says how): ``group`` is the layer, ``palette`` theme index -> [colour, label],
// ``words`` the few words the tooltips need, ``rows`` one row per place (``marker_row``).
function bmPlaceMarkers(group, palette, words, rows) {
    var kinds = ["point", "settlement", "region", "country", "country"];
    function mentions(n) {  // the noun's form for n (Polish has three)
        var f = words.mentions;
        if (f.length < 3) { return f[n === 1 ? 0 : 1]; }
        if (n === 1) { return f[0]; }
        var few = n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14);
        return f[few ? 1 : 2];
    }
    if (!window.BmPie) {
        window.BmPie = L.CircleMarker.extend({
            _spot: function () { return this._point.add(this.options.bmShift); },
            _updatePath: function () {
                var R = this._renderer;
                if (!R._drawing || this._empty()) { return; }
                var ctx = R._ctx, p = this._spot(), r = this._radius;
                var o = this.options, parts = o.bmParts, sum = 0, a = -Math.PI / 2;
                var square = o.bmKind === "region" || o.bmKind === "country";
                parts.forEach(function (x) { sum += x[1]; });
                ctx.save();
                if (o.bmSelected) {
                    ctx.beginPath();
                    ctx.arc(p.x, p.y, r + 7, 0, 2 * Math.PI);
                    ctx.fillStyle = "rgba(255,255,255,0.85)";
                    ctx.fill();
                    ctx.lineWidth = 3;
                    ctx.strokeStyle = "#111";
                    ctx.stroke();
                }
                ctx.beginPath();
                if (square) { ctx.rect(p.x - r, p.y - r, 2 * r, 2 * r); }
                else { ctx.arc(p.x, p.y, r, 0, 2 * Math.PI); }
                ctx.clip();
                parts.forEach(function (x) {
                    var b = a + 2 * Math.PI * x[1] / sum;
                    ctx.beginPath();
                    ctx.moveTo(p.x, p.y);
                    ctx.arc(p.x, p.y, r * 1.5, a, b);
                    ctx.closePath();
                    ctx.fillStyle = x[0];
                    ctx.fill();
                    a = b;
                });
                ctx.restore();
                ctx.beginPath();
                if (square) { ctx.rect(p.x - r, p.y - r, 2 * r, 2 * r); }
                else { ctx.arc(p.x, p.y, r, 0, 2 * Math.PI); }
                ctx.lineWidth = 1.5;
                ctx.strokeStyle = o.bmKind === "settlement" ? "#ffffff" : "#222222";
                ctx.stroke();
                if (o.bmKind === "settlement") {
                    ctx.beginPath();
                    ctx.arc(p.x, p.y, r + 1, 0, 2 * Math.PI);
                    ctx.lineWidth = 0.8;
                    ctx.strokeStyle = "rgba(0,0,0,0.5)";
                    ctx.stroke();
                }
            },
            _containsPoint: function (q) {
                var reach = this._radius + this._clickTolerance();
                return q.distanceTo(this._spot()) <= reach;
            },
            bmRing: function (on) {
                this.options.bmSelected = !!on;
                if (on) { this.bringToFront(); }
                this.redraw();
            }
        });
    }
    var canvas = window.bmPieCanvas = window.bmPieCanvas ||
        L.canvas({pane: "bm-points", padding: 0.3});
    var biggest = 1;
    rows.forEach(function (r) { if (r[3] < 2 && r[4] > biggest) { biggest = r[4]; } });
    if (window.bmEarlyFit) {
        window.bmEarlyFit(rows.map(function (r) { return [r[1], r[2]]; }));
    }
    var seen = {};
    rows.forEach(function (r) {
        var id = r[0], kind = r[3], total = r[4], parts = r[6];
        var slices = [], lines = [];
        for (var j = 0; j < parts.length; j += 2) {
            var p = palette[parts[j]] || ["#777777", ""];
            slices.push([p[0], parts[j + 1]]);
            if (p[1]) {
                lines.push('<span class="bm-swatch" style="background:' + p[0] +
                    '"></span>' + p[1] + " " + parts[j + 1]);
            }
        }
        // size by mentions, on a log scale up to the most mentioned place drawn
        var radius = kind >= 2 ? 6
            : Math.round(5 + 10 * Math.log(1 + total) / Math.log(1 + biggest));
        var spot = r[1] + "," + r[2], shift = -11;  // a country's square: beside
        if (kind < 3) {                                 // its capital
            var k = seen[spot] = (seen[spot] || 0) + 1;
            shift = k > 1 ? 9 * Math.ceil((k - 1) / 2) * ((k % 2) ? -1 : 1) : 0;
        }
        var m = new window.BmPie([r[1], r[2]], {
            renderer: canvas, pane: "bm-points", radius: radius,
            bmPlace: id, bmKind: kinds[kind], bmParts: slices,
            bmShift: L.point(shift, shift)
        });
        var head = "<b>" + r[5] + "</b> · " + total + " " + mentions(total);
        if (kind >= 2) { head += "<br><i>" + words.kinds[kind] + "</i>"; }
        if (kind === 4) {  // a country with no outline: a dotted circle
            var colour = slices.length === 1 ? slices[0][0] : words.area;
            var ring = L.circle([r[1], r[2]], {
                radius: words.fallbackKm * 1000, color: colour, weight: 1.5,
                dashArray: "2 6", fillColor: colour, fillOpacity: 0.06,
                pane: "bm-areas", bmPlace: id, bmKind: "country"
            });
            ring.bindTooltip(head, {sticky: true});
            ring.addTo(group);
        }
        m.bindTooltip(head + (lines.length ? "<br>" + lines.join(" · ") : ""),
            {sticky: true, direction: "auto", offset: [shift, shift]});
        if (r[7]) { m.bindPopup(r[7], {maxWidth: 340}); }
        m.addTo(group);
    });
    if (window.bmAfterDraw) { setTimeout(window.bmAfterDraw, 0); }
}
