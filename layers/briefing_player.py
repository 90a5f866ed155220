"""The briefing player: a map story that steps through places in the browser, with no server.

``BriefingPlayer`` is added to a map (last, after its layers) and turns the page into a
presentation: the map on the left, and beside it the step's place, the presenter's caption,
the excerpt (large, the mention marked) with its citation, and "step 3 of 12". Each step
flies the map to its place at a fitting zoom (a region or a country shows whole, a flow both
ends), highlights it and shows the layers the step asks for. Stepping happens in the
browser, so the same player runs in the dashboard's briefing page (inside an iframe) and
in the offline HTML export (a file opened from disk):

- keys: → ↓ Page Down Space (presentation clickers send Page Up/Down) go forward,
  ← ↑ Page Up back, Home/End to the ends, F toggles full screen, Escape leaves it; keys
  pressed in the page around the iframe reach it too (same origin), except in text fields;
- full screen hides everything but the presentation: in an iframe, the frame covers the
  window and the page's sidebar is hidden; the browser's own full screen where allowed;
- the step is kept in the URL (``?step=3`` of the page around the iframe, ``#step=3`` of a
  file), and "Copy link" copies that URL;
- autoplay moves on every ``autoplay`` seconds (play/pause button).

Every text reaches the page escaped: the step records carry HTML made by ``layers.escape``
(the functions the dashboard uses), and the player inserts names and labels as text.
``window.bmBriefing`` exposes the state for tests (``index()``, ``go(n)``, ``steps``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

from folium.elements import MacroElement
from folium.template import Template
from shapely.geometry import box

from briefmap.i18n import citation, place_name, t
from layers.boundaries import Boundaries
from layers.elements import js_json
from layers.escape import escape, marked, window
from layers.flow_lines import curve, flow_label, stops
from layers.place_symbols import DRAWN_PRECISIONS, region_radius_km

#: zoom of a step whose place has no extent to fit (the dashboard's zoom on selection)
POINT_ZOOM = {"point": 8, "settlement": 7, "region": 6, "country": 5}
#: a country wider than this (degrees of longitude) is fitted to the part around its anchor
COUNTRY_SPAN = 70.0
EXCERPT_CHARS = 700  # longer excerpts are cut around the mention (with "…")
HIGHLIGHT = "#d81b60"

STRING_KEYS = (
    "brief_step_of",
    "brief_prev",
    "brief_next",
    "brief_play",
    "brief_pause",
    "brief_full",
    "brief_leave_full",
    "brief_copy",
    "brief_copied",
    "brief_copy_failed",
    "brief_keys",
    "brief_no_steps",
)


def player_steps(
    steps: Sequence, language: str = "en", boundaries: Boundaries | None = None
) -> list[dict]:
    """The records the player shows, one per ``briefmap.present.steps.Step``: what to fly to
    (``lat``/``lon``/``zoom`` or ``bounds`` [[south, west], [north, east]]), what to
    highlight (``shape``), and the escaped HTML of the excerpt, caption and citation."""
    out = []
    for n, step in enumerate(steps, 1):
        rec = _flow_record(step, language) if step.kind == "flow" else None
        if step.kind != "flow":
            rec = _place_record(step, language, boundaries)
        if rec is None:
            continue
        rec.update(
            n=n,
            key=step.key,
            caption_html=escape(step.caption or ""),
            layers=list(step.layers) if step.layers is not None else None,
        )
        if step.zoom is not None:
            rec["zoom"] = int(step.zoom)
            rec["fixed_zoom"] = True
        out.append(rec)
    return out


def _place_record(step, language: str, boundaries: Boundaries | None) -> dict | None:
    m = step.mention or {}
    place = dict(step.place or {})
    precision = str(place.get("precision") or m.get("precision") or "")
    if precision not in DRAWN_PRECISIONS:
        return None
    lat, lon = float(place.get("lat", m.get("lat"))), float(place.get("lon", m.get("lon")))
    rec: dict = {
        "kind": "place",
        "place": str(place.get("id") or m.get("place_id")),
        "name": place_name(place or {"name": m.get("place_name")}, language),
        "precision": precision,
        "precision_label": t(f"brief_precision_{precision}", language),
        "lat": lat,
        "lon": lon,
        "zoom": POINT_ZOOM[precision],
        "bounds": None,
        "shape": {"type": "point"},
    }
    if precision == "region":
        geom = boundaries.region(place) if boundaries is not None else None
        if geom is not None:
            rec["shape"] = {"type": "area", "geometry": boundaries.region_drawn(place)}
            rec["bounds"] = _bounds(geom.bounds)
        else:
            radius = region_radius_km(place) * 1000
            rec["shape"] = {"type": "circle", "radius": radius}
            rec["bounds"] = _circle_bounds(lat, lon, radius)
    elif precision == "country":
        iso2 = str(place.get("country") or "")
        if boundaries is not None and iso2 in boundaries:
            rec["shape"] = {"type": "country", "iso2": iso2}
            rec["bounds"] = _bounds(country_extent(boundaries.countries[iso2], lon))
        else:
            rec["shape"] = {"type": "circle", "radius": 350_000.0}
            rec["zoom"] = 4
    if m:
        rec.update(_excerpt_fields(m, language))
    return rec


def country_extent(geom, anchor_lon: float) -> tuple[float, float, float, float]:
    """(west, south, east, north) to fit a country to: its bounds, or for a country wider
    than ``COUNTRY_SPAN`` degrees (Russia, or one across the antimeridian) the bounds of
    its part within half that span of its anchor, so the step shows where the brief's
    country is rather than a whole hemisphere."""
    west, south, east, north = geom.bounds
    if east - west <= COUNTRY_SPAN:
        return west, south, east, north
    half = COUNTRY_SPAN / 2
    part = geom.intersection(box(anchor_lon - half, -90, anchor_lon + half, 90))
    return part.bounds if not part.is_empty else (west, south, east, north)


def _bounds(b: Sequence[float]) -> list[list[float]]:
    """(west, south, east, north) as Leaflet bounds, rounded outwards to 1e-4 degrees."""
    west, south, east, north = b

    def down(x: float) -> float:
        return math.floor(x * 1e4) / 1e4

    def up(x: float) -> float:
        return math.ceil(x * 1e4) / 1e4

    return [[down(south), down(west)], [up(north), up(east)]]


def _circle_bounds(lat: float, lon: float, radius_m: float) -> list[list[float]]:
    dlat = radius_m / 111_320
    dlon = dlat / max(math.cos(math.radians(lat)), 0.1)
    return _bounds((lon - dlon, lat - dlat, lon + dlon, lat + dlat))


def _excerpt_fields(m: Mapping, language: str) -> dict:
    """Escaped excerpt of a mention row with its mention (or cue anchors) marked, and its
    citation, link kind and evidence."""
    text = str(m.get("excerpt") or "")
    x0 = int(m.get("excerpt_start") or 0)
    spans = [(int(a) - x0, int(b) - x0) for a, b in (m.get("marks") or [])]
    if not spans:
        spans = [(int(m["start"]) - x0, int(m["end"]) - x0)]
    lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
    short, s, _ = window(text, lo, hi, EXCERPT_CHARS)
    shift = s - lo
    kind = t("link_cue" if m.get("link") == "cue" else "link_name", language)
    return {
        "excerpt_html": marked(short, [(a + shift, b + shift) for a, b in spans]),
        "excerpt_lang": str(m.get("language") or ""),
        "citation_html": escape(_citation(m, language)),
        "evidence_html": f"{escape(kind)} · {escape(t('evidence', language))}: "
        f"{escape(m.get('evidence') or '')}",
        "brief": str(m.get("brief_id") or ""),
        "mention": m.get("id"),
    }


def _citation(row: Mapping, language: str) -> str:
    cite = citation(row, language)
    url = str(row.get("url") or "")
    return f"{cite} · {url}" if url else cite


def _flow_record(step, language: str) -> dict | None:
    row = step.flow or {}
    points = stops(row)
    if len({p["place_id"] for p in points}) < 2:
        return None
    path: list[tuple[float, float]] = []
    for a, b in itertools.pairwise(points):
        seg = curve((a["lat"], a["lon"]), (b["lat"], b["lon"]), bend=0.12)
        path.extend(seg if not path else seg[1:])
    ends = [*points, *(row.get("former") or ())]
    lats = [p[0] for p in path] + [float(e["lat"]) for e in ends]
    lons = [p[1] for p in path] + [float(e["lon"]) for e in ends]
    text = str(row.get("excerpt") or "")
    x0 = int(row.get("excerpt_start") or 0)
    spans = [
        (int(p["start"]) - x0, int(p["end"]) - x0)
        for p in ends
        if p.get("start") is not None and int(p["start"]) >= x0
    ]
    lo = min((s for s, _ in spans), default=0)
    hi = max((e for _, e in spans), default=min(len(text), 1))
    short, s, _ = window(text, lo, hi, EXCERPT_CHARS)
    shift = s - lo
    evidence = "; ".join(str(x) for x in row.get("evidence") or ())
    return {
        "kind": "flow",
        "place": None,
        "flow": row.get("id"),
        "name": flow_label(row, language),
        "precision": "flow",
        "precision_label": t(f"flow_kind_{row.get('kind') or 'current'}", language),
        "lat": (min(lats) + max(lats)) / 2,
        "lon": (min(lons) + max(lons)) / 2,
        "zoom": 5,
        "bounds": _bounds((min(lons), min(lats), max(lons), max(lats))),
        "shape": {
            "type": "flow",
            "path": [list(p) for p in path],
            "ends": [
                {"lat": float(e["lat"]), "lon": float(e["lon"]), "name": place_name(e, language)}
                for e in ends
            ],
        },
        "excerpt_html": marked(short, [(a + shift, b + shift) for a, b in spans]),
        "excerpt_lang": str(row.get("language") or ""),
        "citation_html": escape(_citation(row, language)),
        "evidence_html": f"{escape(t('evidence', language))}: {escape(evidence)}",
        "brief": str(row.get("brief_id") or ""),
        "mention": None,
    }


def player_strings(language: str = "en") -> dict[str, str]:
    """The player's interface strings in ``language`` (plain text: inserted as text)."""
    return {k: t(k, language) for k in STRING_KEYS}


CSS = """
body.bm-briefing { display: flex; flex-direction: row; overflow: hidden; background: #fff; }
body.bm-briefing > .folium-map { flex: 1 1 auto; width: auto !important;
  height: 100% !important; min-width: 0; }
.bm-brief { flex: 0 0 clamp(300px, 36%, 780px); height: 100%; box-sizing: border-box;
  display: flex; flex-direction: column; background: #fffdf8; color: #1d1d1f;
  border-left: 1px solid #d9d4c7; font: 16px/1.45 system-ui, -apple-system, "Segoe UI",
  Roboto, "Noto Sans", sans-serif; }
.bm-brief-head { padding: 14px 20px 8px; border-bottom: 1px solid #ebe6da; }
.bm-brief-title { font-size: clamp(13px, 0.95vw, 17px); color: #5f5b52; margin: 0 0 6px; }
.bm-brief-progress { display: flex; align-items: center; gap: 10px;
  font-size: clamp(14px, 1.05vw, 19px); font-weight: 600; }
.bm-brief-bar { flex: 1; height: 6px; background: #ebe6da; border-radius: 3px; overflow: hidden; }
.bm-brief-bar i { display: block; height: 100%; background: #d81b60; width: 0; }
.bm-brief-body { flex: 1 1 auto; overflow-y: auto; padding: 14px 20px 10px; }
.bm-brief-place { font-size: clamp(22px, 1.9vw, 36px); font-weight: 700; line-height: 1.15;
  margin: 0 0 4px; }
.bm-brief-kind { color: #6b665c; font-size: clamp(13px, 0.95vw, 17px); margin-bottom: 12px; }
.bm-brief-caption { font-size: clamp(17px, 1.35vw, 26px); font-weight: 600; line-height: 1.35;
  margin: 0 0 14px; }
.bm-brief-excerpt { margin: 0 0 12px; padding: 4px 0 4px 16px; border-left: 5px solid #e0b000;
  font-family: Georgia, "Times New Roman", serif; font-size: clamp(17px, 1.3vw, 25px);
  line-height: 1.5; }
.bm-brief-excerpt mark { background: #ffe066; padding: 0 2px; border-radius: 2px; color: inherit; }
.bm-brief-cite { color: #4d4a44; font-size: clamp(13px, 0.95vw, 17px); margin-bottom: 4px; }
.bm-brief-evidence { color: #6b665c; font-size: clamp(12px, 0.8vw, 15px); }
.bm-brief-controls { display: flex; flex-wrap: wrap; gap: 8px; padding: 10px 20px;
  border-top: 1px solid #ebe6da; align-items: center; }
.bm-brief-controls button { font: inherit; font-size: clamp(14px, 1vw, 18px); cursor: pointer;
  padding: 7px 14px; border: 1px solid #b9b3a6; border-radius: 6px; background: #fff; }
.bm-brief-controls button.bm-primary { background: #1d1d1f; color: #fff; border-color: #1d1d1f; }
.bm-brief-controls button:disabled { opacity: .4; cursor: default; }
.bm-brief-controls button:focus-visible { outline: 3px solid #d81b60; outline-offset: 1px; }
.bm-brief-keys { flex-basis: 100%; color: #6b665c; font-size: clamp(12px, 0.8vw, 14px); }
.bm-brief-link { flex-basis: 100%; font: 12px monospace; padding: 4px; display: none; }
.bm-brief-link.shown { display: block; }
.bm-brief-status { color: #0b6b3a; font-size: 14px; }
.bm-brief-label { font: 700 15px/1.2 system-ui, sans-serif; color: #1d1d1f;
  background: rgba(255,255,255,.92); border: 2px solid #d81b60; border-radius: 4px; }
.bm-brief-label:before { display: none; }
.bm-brief-ring { animation: bm-pulse 1.6s ease-out infinite; }
@keyframes bm-pulse { 0% { stroke-opacity: 1; } 100% { stroke-opacity: .25; } }
@media (prefers-reduced-motion: reduce) { .bm-brief-ring { animation: none; } }
@media (max-width: 760px) {
  body.bm-briefing { flex-direction: column; }
  body.bm-briefing > .folium-map { flex: 1 1 55%; width: 100% !important; height: auto !important; }
  .bm-brief { flex: 0 0 45%; height: auto; border-left: none; border-top: 1px solid #d9d4c7; }
}
"""

#: injected into the page around the iframe (the dashboard's briefing page) while presenting
PARENT_CSS = """
body.bm-presenting [data-testid="stSidebar"], body.bm-presenting header,
body.bm-presenting [data-testid="stSidebarCollapsedControl"],
body.bm-presenting [data-testid="stToolbar"] { display: none !important; }
body.bm-presenting { overflow: hidden !important; }
"""

JS = r"""
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
  // On a small map the legend would cover the step's place: fold it (one click opens it).
  if (map.getSize().x < 760) {
    Array.prototype.forEach.call(doc.querySelectorAll(".bm-legend details"), function (d) {
      d.open = false;
    });
  }

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
  function boundsOptions(s) {
    var pad = Math.round(Math.min(map.getSize().x, map.getSize().y) * 0.08);
    return {padding: [pad, pad], maxZoom: s.kind === "flow" ? 8 : 9};
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
    placeEl.textContent = S.brief_no_steps;
    prevB.disabled = nextB.disabled = playB.disabled = copyB.disabled = true;
    return;
  }
  var start = stepFromUrl() || data.start || 1;
  P.go(start - 1, {animate: false, url: false, refly: true});
  if (data.autoplay && data.autostart) { P.toggleAutoplay(); }
})
"""


class BriefingPlayer(MacroElement):
    """The client-side briefing player (see the module docstring), added to a map after
    the layers it switches. ``groups`` names the map's layers a step can show, by the
    names of ``briefmap.present.steps.LAYERS``; ``steps`` are :func:`player_steps` records."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            {{ this.js }}({{ this._parent.get_name() }}, {{ this.data_json }}, {
            {%- for name, layers in this.groups.items() %}
                {{ name|tojson }}: [{% for g in layers %}{{ g.get_name() }}{% if not loop.last %}, {% endif %}{% endfor %}],
            {%- endfor %}
            });
        {% endmacro %}
        """  # noqa: E501
    )

    def __init__(
        self,
        steps: Sequence[Mapping],
        groups: Mapping[str, Sequence] | None = None,
        language: str = "en",
        title: str = "",
        start: int = 1,
        autoplay: float = 0.0,
        more: str = "",
        still: bool = False,
    ) -> None:
        """``start``: the step shown first (1-based) unless the URL names one; ``autoplay``:
        seconds per step when played (0: the play button uses 8 s); ``more``: a note under
        the excerpt (e.g. that only the first steps of a large view are shown); ``still``:
        jump instead of flying (for pictures and tests of the final view)."""
        super().__init__()
        self._name = "BriefingPlayer"
        self.css = CSS
        self.js = JS
        self.groups = {k: list(v) for k, v in (groups or {}).items()}
        self.data_json = js_json(
            {
                "steps": list(steps),
                "strings": player_strings(language),
                "title": title,
                "start": int(start),
                "autoplay": float(autoplay or 0),
                "more": more,
                "still": bool(still),
                "colour": HIGHLIGHT,
                "parent_css": PARENT_CSS,
            }
        )
