// The briefing player in the browser (layers/briefing_player.py adds it to a map and says
// what it does). A function expression, called by the player's template with the map, the
// player's data (steps, strings, options) and the map's layer groups by name.
(function (map, data, groups) {
  var steps = data.steps, S = data.strings, doc = document;
  var P = {steps: steps, i: -1, timer: null, highlight: null, moving: false, full: false,
           groups: groups, map: map};
  window.bmBriefing = P;
  map.keyboard && map.keyboard.disable();  // the arrow keys step, they do not pan
  map.createPane("bm-brief").style.zIndex = 445;
  map.getPane("bm-brief").style.pointerEvents = "none";
  var initial = {};
  Object.keys(groups).forEach(function (k) {
    initial[k] = groups[k].map(function (g) { return map.hasLayer(g); });
  });

  function el(tag, cls, parent, text) {
    var e = doc.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function fmt(s, v) { return s.replace(/\{(\w+)\}/g, function (_, k) { return v[k]; }); }

  doc.body.classList.add("bm-briefing");
  var root = el("aside", "bm-brief", doc.body);
  root.setAttribute("aria-label", data.title || "briefing");
  var head = el("div", "bm-brief-head", root);
  el("div", "bm-brief-title", head, data.title || "");
  var prog = el("div", "bm-brief-progress", head);
  var progText = el("span", "bm-brief-n", prog);
  progText.setAttribute("aria-live", "polite");
  var bar = el("span", "bm-brief-bar", prog);
  var barFill = el("i", "", bar);
  var body = el("div", "bm-brief-body", root);
  var placeEl = el("h2", "bm-brief-place", body);
  var kindEl = el("div", "bm-brief-kind", body);
  var captionEl = el("p", "bm-brief-caption", body);
  var excerptEl = el("blockquote", "bm-brief-excerpt", body);
  var citeEl = el("div", "bm-brief-cite", body);
  var evidenceEl = el("div", "bm-brief-evidence", body);
  if (data.more) { el("div", "bm-brief-evidence", body, data.more); }
  var ctr = el("div", "bm-brief-controls", root);
  function button(label, cls, fn) {
    var b = el("button", cls, ctr, label);
    b.type = "button";
    b.addEventListener("click", function (e) { e.preventDefault(); fn(); });
    return b;
  }
  var prevB = button(S.brief_prev, "bm-prev", function () { P.prev(); });
  var nextB = button(S.brief_next, "bm-next bm-primary", function () { P.next(); });
  var playB = button(S.brief_play, "bm-play", function () { P.toggleAutoplay(); });
  var fullB = button(S.brief_full, "bm-full", function () { P.toggleFull(); });
  var copyB = button(S.brief_copy, "bm-copy", function () { P.copyLink(); });
  var status = el("span", "bm-brief-status", ctr);
  status.setAttribute("aria-live", "polite");
  var linkEl = el("input", "bm-brief-link", ctr);
  linkEl.readOnly = true;
  el("div", "bm-brief-keys", ctr, S.brief_keys);
  map.invalidateSize();

  // -- the URL: ?step=N of the page around the iframe, #step=N (or ?step=N) of a file
  function host() {
    try {
      if (window.parent !== window && window.parent.location.href) { return window.parent; }
    } catch (e) { /* another origin: keep to this window */ }
    return window;
  }
  function stepFromUrl() {
    var here = window.location, m = /[#&?]step=(\d+)/.exec(here.hash + "&" + here.search);
    if (!m && host() !== window) {
      m = /[?&]step=(\d+)/.exec(host().location.search);
    }
    return m ? parseInt(m[1], 10) : null;
  }
  function linkFor(n) {
    var w = host(), loc = w.location;
    if (w !== window || /^https?:/.test(loc.protocol)) {
      var q = new URLSearchParams(loc.search);
      q.set("step", String(n));
      return loc.origin + loc.pathname + "?" + q.toString();
    }
    return loc.href.split("#")[0] + "#step=" + n;
  }
  function writeUrl(n) {
    var w = host();
    try {
      if (w !== window || /^https?:/.test(w.location.protocol)) {
        var q = new URLSearchParams(w.location.search);
        q.set("step", String(n));
        w.history.replaceState(w.history.state, "", w.location.pathname + "?" + q.toString());
      } else {
        w.history.replaceState(null, "", "#step=" + n);
      }
    } catch (e) { /* a sandboxed frame: the link button still shows it */ }
  }

  // -- one step: panel, layers, highlight, view
  function highlightOf(s) {
    var g = L.featureGroup([], {pane: "bm-brief"});
    var style = {color: data.colour, weight: 4, opacity: 1, fill: true, fillOpacity: 0.08,
                 pane: "bm-brief", interactive: false};
    var sh = s.shape || {type: "point"};
    var label = function (lat, lon, name) {
      var text = doc.createElement("span");
      text.textContent = name;  // a name is text, never markup
      g.addLayer(L.tooltip({permanent: true, direction: "right", offset: [22, 0],
                            className: "bm-brief-label", pane: "bm-brief"})
        .setLatLng([lat, lon]).setContent(text));
    };
    if (sh.type === "area") {
      g.addLayer(L.geoJSON(sh.geometry, {style: style, pane: "bm-brief", interactive: false}));
    } else if (sh.type === "country") {
      var geom = (window.bmCountries || {})[sh.iso2];
      if (geom) {
        g.addLayer(L.geoJSON(geom, {style: style, pane: "bm-brief", interactive: false}));
      }
    } else if (sh.type === "circle") {
      g.addLayer(L.circle([s.lat, s.lon], Object.assign({radius: sh.radius,
        dashArray: "8 6"}, style)));
    } else if (sh.type === "flow") {
      g.addLayer(L.polyline(sh.path, {color: data.colour, weight: 8, opacity: 0.75,
        pane: "bm-brief", interactive: false}));
      sh.ends.forEach(function (e) {
        g.addLayer(L.circleMarker([e.lat, e.lon], {radius: 9, color: data.colour, weight: 3,
          fill: true, fillColor: "#fff", fillOpacity: 1, pane: "bm-brief",
          interactive: false}));
      });
    }
    if (sh.type === "point") {
      g.addLayer(L.circleMarker([s.lat, s.lon], {radius: 20, color: data.colour, weight: 5,
        fill: false, pane: "bm-brief", interactive: false, className: "bm-brief-ring"}));
      g.addLayer(L.circleMarker([s.lat, s.lon], {radius: 4, color: data.colour, weight: 2,
        fill: true, fillOpacity: 1, pane: "bm-brief", interactive: false}));
    }
    if (sh.type === "flow") {
      sh.ends.forEach(function (e) { label(e.lat, e.lon, e.name); });
    } else {
      label(s.lat, s.lon, s.name);
    }
    g.bmKey = s.key;
    return g;
  }

  function showLayers(s) {
    Object.keys(groups).forEach(function (k) {
      groups[k].forEach(function (g, j) {
        var on = s.layers ? s.layers.indexOf(k) >= 0 : initial[k][j];
        if (on && !map.hasLayer(g)) { map.addLayer(g); }
        if (!on && map.hasLayer(g)) { map.removeLayer(g); }
      });
    });
  }

  // Where a step's view ends: Leaflet's own fit of its bounds, or its point at its zoom.
  // The padding keeps room beside the bounds for the callouts (a name beside each end of a
  // flow), so that the far end's name is not cut off at the map's edge.
  function boundsOptions(s) {
    var size = map.getSize(), pad = Math.round(Math.min(size.x, size.y) * 0.08);
    var names = s.shape && s.shape.type === "flow"
      ? s.shape.ends.map(function (e) { return e.name; }) : [s.name];
    var widest = Math.max.apply(null, names.map(function (n) { return String(n).length; }));
    var room = Math.min(Math.round(size.x * 0.25), 30 + 9 * widest);
    // on both sides, so that the step's bounds stay centred
    return {padding: [pad + room, pad + 10], maxZoom: s.kind === "flow" ? 8 : 9};
  }
  function targetOf(s) {
    if (s.bounds && !s.fixed_zoom) {
      return map._getBoundsCenterZoom(L.latLngBounds(s.bounds), boundsOptions(s));
    }
    var z = Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), s.zoom));
    return {center: L.latLng(s.lat, s.lon), zoom: z};
  }
  function arrived() {
    var t = P.target;
    if (!t) { return true; }
    var p = map.latLngToContainerPoint(t.center), size = map.getSize();
    return Math.abs(map.getZoom() - t.zoom) < 0.01 && Math.abs(p.x - size.x / 2) <= 2 &&
      Math.abs(p.y - size.y / 2) <= 2;
  }
  function fly(s, animate) {
    P.moving = true;
    root.dataset.state = "moving";
    P.target = targetOf(s);
    if (animate) {
      map.flyTo(P.target.center, P.target.zoom, {duration: 0.9});
    } else {
      map.setView(P.target.center, P.target.zoom, {animate: false});
    }
  }
  // "still" once the map has arrived where the step wanted it (a move that was cut short by
  // another, or by a resize, is not an arrival)
  map.on("moveend", function () {
    if (arrived()) {
      P.moving = false;
      root.dataset.state = "still";
    }
  });
  // a new size (full screen, a resized window) fits the step again
  map.on("resize", function () {
    if (P.i >= 0) { P.go(P.i, {refly: true, animate: false, url: false}); }
  });

  P.index = function () { return P.i; };
  P.current = function () { return steps[P.i]; };
  P.go = function (i, opts) {
    opts = opts || {};
    if (!steps.length) { return; }
    i = Math.max(0, Math.min(steps.length - 1, i));
    var same = i === P.i;
    P.i = i;
    var s = steps[i];
    root.dataset.step = String(i + 1);
    root.dataset.key = s.key;
    progText.textContent = fmt(S.brief_step_of, {n: i + 1, total: steps.length});
    barFill.style.width = (100 * (i + 1) / steps.length) + "%";
    placeEl.textContent = s.name;
    kindEl.textContent = s.precision_label;
    captionEl.innerHTML = s.caption_html;  // escaped by layers.escape
    captionEl.style.display = s.caption_html ? "" : "none";
    excerptEl.innerHTML = s.excerpt_html || "";  // escaped by layers.escape, <mark> added
    excerptEl.lang = s.excerpt_lang || "";
    citeEl.innerHTML = s.citation_html || "";
    evidenceEl.innerHTML = s.evidence_html || "";
    body.scrollTop = 0;
    prevB.disabled = i === 0;
    nextB.disabled = i === steps.length - 1;
    showLayers(s);
    if (P.highlight) { map.removeLayer(P.highlight); }
    P.highlight = highlightOf(s).addTo(map);
    if (window.bmDeclutter) { window.bmDeclutter(); }  // labels drawn once (MapManners)
    if (!same || opts.refly) { fly(s, opts.animate !== false && !data.still); }
    if (opts.url !== false) { writeUrl(i + 1); }
    if (P.i === steps.length - 1) { P.stopAutoplay(); }
  };
  P.next = function () { P.go(P.i + 1); };
  P.prev = function () { P.go(P.i - 1); };
  P.stopAutoplay = function () {
    if (P.timer) { clearInterval(P.timer); P.timer = null; }
    playB.textContent = S.brief_play;
  };
  P.toggleAutoplay = function () {
    if (P.timer) { P.stopAutoplay(); return; }
    if (P.i === steps.length - 1) { P.go(0); }
    P.timer = setInterval(function () { P.next(); }, 1000 * (data.autoplay || 8));
    playB.textContent = S.brief_pause;
  };

  // -- full screen: the frame covers its window (and the window its screen, if allowed)
  var frame = null;
  try { frame = window.frameElement; } catch (e) { frame = null; }
  var saved = null;
  function parentDoc() {
    try { return frame ? frame.ownerDocument : null; } catch (e) { return null; }
  }
  P.enterFull = function () {
    if (P.full) { return; }
    P.full = true;
    doc.body.classList.add("bm-full");
    fullB.textContent = S.brief_leave_full;
    var pd = parentDoc();
    if (frame && pd) {
      if (!pd.getElementById("bm-presenting-css")) {
        var st = pd.createElement("style");
        st.id = "bm-presenting-css";
        st.textContent = data.parent_css;
        pd.head.appendChild(st);
      }
      saved = frame.getAttribute("style") || "";
      frame.setAttribute("style", "position:fixed;left:0;top:0;width:100vw;height:100vh;" +
        "max-width:none;border:0;z-index:1000000;background:#fff;");
      pd.body.classList.add("bm-presenting");
    }
    var target = pd ? pd.documentElement : doc.documentElement;
    try {
      var req = target.requestFullscreen && target.requestFullscreen();
      if (req && req.catch) { req.catch(function () {}); }
    } catch (e) { /* not allowed here: the window-filling view stays */ }
    setTimeout(function () { map.invalidateSize(); }, 60);
  };
  P.exitFull = function () {
    if (!P.full) { return; }
    P.full = false;
    doc.body.classList.remove("bm-full");
    fullB.textContent = S.brief_full;
    var pd = parentDoc();
    if (frame && pd) {
      frame.setAttribute("style", saved || "");
      pd.body.classList.remove("bm-presenting");
      fitFrame();
    }
    var d = pd || doc;
    try {
      if (d.fullscreenElement && d.exitFullscreen) {
        var ex = d.exitFullscreen();
        if (ex && ex.catch) { ex.catch(function () {}); }
      }
    } catch (e) { /* already left */ }
    setTimeout(function () { map.invalidateSize(); }, 60);
  };
  P.toggleFull = function () { if (P.full) { P.exitFull(); } else { P.enterFull(); } };
  // In the page around the iframe, the frame fills the window below its top edge, so the
  // presentation fits a 1366×768 laptop as well as a 1920×1080 projector.
  function fitFrame() {
    var pd = parentDoc();
    if (!frame || !pd || P.full) { return; }
    var win = pd.defaultView, main = frame.closest ? frame.closest("[data-testid=stMain]") : null;
    var top = frame.getBoundingClientRect().top + (main ? main.scrollTop : win.scrollY);
    var h = Math.max(data.min_height || 420, Math.floor(win.innerHeight - top - 12));
    if (Math.abs(frame.getBoundingClientRect().height - h) > 2) {
      frame.style.height = h + "px";
      map.invalidateSize();
    }
  }
  P.fitFrame = fitFrame;
  try {
    var pwin = parentDoc() && parentDoc().defaultView;
    if (pwin) { pwin.addEventListener("resize", fitFrame); }
  } catch (e) { /* no page around */ }
  fitFrame();

  [doc, parentDoc()].forEach(function (d) {
    if (!d) { return; }
    d.addEventListener("fullscreenchange", function () {
      if (!d.fullscreenElement && P.full) { P.exitFull(); }
    });
  });

  // -- copy link
  P.copyLink = function () {
    var url = linkFor(P.i + 1);
    linkEl.value = url;
    linkEl.classList.add("shown");
    var done = function () { status.textContent = S.brief_copied; };
    var fallback = function () {
      linkEl.focus();
      linkEl.select();
      var ok = false;
      try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
      status.textContent = ok ? S.brief_copied : S.brief_copy_failed;
    };
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, fallback);
        return url;
      }
    } catch (e) { /* no clipboard here */ }
    fallback();
    return url;
  };

  // -- keys, from this document and from the page around the iframe
  function onKey(e) {
    if (!doc.defaultView) { return; }  // this frame was replaced
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var t = e.target, tag = t && t.tagName ? t.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "textarea" || tag === "select" ||
        (t && t.isContentEditable)) { return; }
    var k = e.key;
    if (k === "ArrowRight" || k === "ArrowDown" || k === "PageDown" || k === " ") {
      P.next();
    } else if (k === "ArrowLeft" || k === "ArrowUp" || k === "PageUp") {
      P.prev();
    } else if (k === "Home") {
      P.go(0);
    } else if (k === "End") {
      P.go(steps.length - 1);
    } else if (k === "Escape") {
      P.stopAutoplay();
      P.exitFull();
      return;
    } else if (k === "f" || k === "F") {
      P.toggleFull();
    } else {
      return;
    }
    e.preventDefault();
  }
  doc.addEventListener("keydown", onKey);
  var outer = parentDoc();
  if (outer && outer !== doc) {
    outer.addEventListener("keydown", onKey);
    window.addEventListener("pagehide", function () {
      outer.removeEventListener("keydown", onKey);
      try { outer.defaultView.removeEventListener("resize", fitFrame); } catch (e) { /* gone */ }
      if (P.full) {  // the frame goes away while presenting: give the page back
        P.full = false;
        try { outer.body.classList.remove("bm-presenting"); } catch (e) { /* gone */ }
      }
    });
  }

  if (!steps.length) {
    if (window.bmFitFirst) { window.bmFitFirst(); }  // where most mentions are
    placeEl.textContent = S.brief_no_steps;
    prevB.disabled = nextB.disabled = playB.disabled = copyB.disabled = true;
    return;
  }
  var start = stepFromUrl() || data.start || 1;
  P.go(start - 1, {animate: false, url: false, refly: true});
  if (data.autoplay && data.autostart) { P.toggleAutoplay(); }
})
