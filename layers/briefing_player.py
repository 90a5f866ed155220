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

The player's JavaScript and CSS are files of ``layers/static/`` (``briefing_player.js``,
``briefing_player.css``, ``briefing_player_parent.css``). Every text reaches the page
escaped: the step records carry HTML made by ``layers.escape`` (the functions the dashboard
uses), and the player inserts names and labels as text.
``window.bmBriefing`` exposes the state for tests (``index()``, ``go(n)``, ``steps``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

from folium.template import Template
from shapely.geometry import box

from briefmap.i18n import citation, place_name, t
from briefmap.i18n_evidence import evidence
from layers.boundaries import Boundaries
from layers.elements import Scripted, js_json
from layers.escape import escape, marked, window
from layers.flow_lines import curve, flow_label, stops
from layers.place_symbols import DRAWN_PRECISIONS, region_radius_km
from layers.static_files import static_text

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
        f"{escape(evidence(m.get('evidence') or '', language))}",
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


#: the player's page, the page around its iframe while presenting, and the player itself
#: (layers/static/, read once)
CSS = static_text("briefing_player.css")
PARENT_CSS = static_text("briefing_player_parent.css")
JS = static_text("briefing_player.js")


class BriefingPlayer(Scripted):
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
