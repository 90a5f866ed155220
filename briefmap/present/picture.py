"""A picture of a view for a slide: the map, its legend and a source line (PNG or SVG).

Drawn with geopandas and matplotlib from the same store queries and boundary files as the
interactive map, in Web Mercator like it: the offline basemap's land, rivers and lakes;
countries and regions the view mentions shaded as areas (a region is its polygon or, with
none, a dashed circle of its approximate extent — never a pin); towns and points as dots
sized by mentions and coloured by their main theme; the flows as lines with arrows. The
frame is the dashboard's current view (``View.centre``) or the map's first view: the
smallest box holding 90 % of the mentions (``layers.first_view``, as on the dashboard);
places outside the frame are named under the legend, so the picture never hides that it
cut something.

Text is drawn as text (``parse_math=False``: a ``$`` in a title stays a dollar sign); in
SVG it stays text (``svg.fonttype = none``), escaped by the SVG writer. :func:`draw_picture`
returns where it put the legend's swatches and the source line, in pixels, so the tests
can look at those pixels.
"""

from __future__ import annotations

import itertools
import json
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import box, shape

from briefmap import i18n
from briefmap.analysis.themes import load_taxonomy
from briefmap.errors import Errors
from briefmap.i18n import t
from briefmap.present.view import View, map_data, sources, view_title
from briefmap.store import Store
from layers.basemap import COAST, HOME, LAND, RIVER, SEA, WATER_PATH
from layers.boundaries import load_boundaries
from layers.first_view import Spot, first_view
from layers.flow_lines import FLOW_STYLES, curve, stops
from layers.place_symbols import (
    DRAWN_PRECISIONS,
    OTHER_COLOUR,
    OTHER_THEME,
    region_radius_km,
)

WIDTH_PX, HEIGHT_PX, DPI = 1920, 1080, 120
MAP_BOX = (0.01, 0.105, 0.735, 0.815)  # left, bottom, width, height (figure fraction)
LEGEND_BOX = (0.755, 0.105, 0.235, 0.815)
#: what the offline basemap covers (lon0, lat0, lon1, lat1): geodata/boundaries is clipped
#: to it, so a picture never shows more (beyond it, land would look like sea)
EXTENT = (5.0, 40.0, 50.0, 72.0)
MIN_SPAN_M = 400_000.0
MAX_LABELS = 30
_EARTH = 40_075_016.686  # Web Mercator: metres around the equator


@dataclass
class Picture:
    """Where things were drawn, in pixels of the image (x right, y down from the top)."""

    path: Path
    width: int
    height: int
    swatches: list[tuple[str, str, tuple[int, int]]] = field(default_factory=list)
    legend_box: tuple[int, int, int, int] = (0, 0, 0, 0)
    source_box: tuple[int, int, int, int] = (0, 0, 0, 0)
    source_text: str = ""
    outside: list[str] = field(default_factory=list)


def _merc(lon: float, lat: float) -> tuple[float, float]:
    lat = max(min(lat, 85.0), -85.0)
    x = math.radians(lon) * 6378137.0
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * 6378137.0
    return x, y


def frame_of(
    anchors: Sequence[tuple[float, float, str] | tuple[float, float, str, float]],
    aspect: float,
    centre: tuple[float, float, int] | None = None,
    width_px: float = WIDTH_PX * MAP_BOX[2],
    extent: Sequence[float] = EXTENT,
) -> tuple[tuple[float, float, float, float], list[str]]:
    """(x0, y0, x1, y1) in Web Mercator metres to draw, and the names of the anchors
    ``(lon, lat, name[, mentions])`` left outside. With ``centre`` (lat, lon, zoom), the
    view a map of ``width_px`` shows at that zoom; else the first view of the anchors inside
    ``extent`` (the smallest box holding 90 % of their mentions, ``layers.first_view``;
    an anchor without a count weighs 1), padded, at ``aspect`` (width / height); either
    way moved (and if need be shrunk) into ``extent`` (lon0, lat0, lon1, lat1)."""
    ex0, ey0 = _merc(extent[0], extent[1])
    ex1, ey1 = _merc(extent[2], extent[3])
    if centre is not None:
        lat, lon, zoom = centre
        cx, cy = _merc(lon, lat)
        half_w = width_px / 2 * _EARTH / (256 * 2 ** int(zoom))
        half_h = half_w / aspect
        box = _within((cx - half_w, cy - half_h, cx + half_w, cy + half_h), (ex0, ey0, ex1, ey1))
        outside = [a[2] for a in anchors if not _inside(_merc(a[0], a[1]), box)]
        return box, outside
    if not anchors:
        anchors = [(HOME[1], HOME[0], "")]
    spots = [
        Spot(a[1], a[0], float(a[3]) if len(a) > 3 else 1.0, a[2])
        for a in anchors
        if _inside(_merc(a[0], a[1]), (ex0, ey0, ex1, ey1))
    ] or [Spot(a[1], a[0], float(a[3]) if len(a) > 3 else 1.0, a[2]) for a in anchors]
    view = first_view(spots, aspect=aspect)
    kept = [(s.lon, s.lat) for s in spots if view.box is not None and _held(view.box, s)]
    kept = kept or [(s.lon, s.lat) for s in spots]
    pts = [_merc(a[0], a[1]) for a in kept]
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    w = max(x1 - x0, MIN_SPAN_M) * 1.25
    h = max(y1 - y0, MIN_SPAN_M / aspect) * 1.25
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    box = _within((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), (ex0, ey0, ex1, ey1))
    return box, [a[2] for a in anchors if a[2] and not _inside(_merc(a[0], a[1]), box)]


def _held(box, s) -> bool:
    (south, west), (north, east) = box
    return south <= s.lat <= north and west <= s.lon <= east


def _within(frame: Sequence[float], extent: Sequence[float]) -> tuple[float, float, float, float]:
    """``frame`` shrunk (keeping its aspect) to fit ``extent`` and moved inside it."""
    x0, y0, x1, y1 = frame
    w, h = x1 - x0, y1 - y0
    k = min(1.0, (extent[2] - extent[0]) / w, (extent[3] - extent[1]) / h)
    w, h = w * k, h * k
    cx = min(max((x0 + x1) / 2, extent[0] + w / 2), extent[2] - w / 2)
    cy = min(max((y0 + y1) / 2, extent[1] + h / 2), extent[3] - h / 2)
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def _degrees(frame: Sequence[float]) -> tuple[float, float, float, float]:
    """A Web Mercator (x0, y0, x1, y1) as (lon0, lat0, lon1, lat1)."""

    def lat(y: float) -> float:
        return math.degrees(2 * math.atan(math.exp(y / 6378137.0)) - math.pi / 2)

    x0, y0, x1, y1 = frame
    return math.degrees(x0 / 6378137.0), lat(y0), math.degrees(x1 / 6378137.0), lat(y1)


def _inside(p: tuple[float, float], box: Sequence[float]) -> bool:
    return box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3]


def _top_theme(place: Mapping, unthemed: Mapping[str, int]) -> str | None:
    themes = place.get("themes") or {}
    if themes:
        return max(sorted(themes), key=lambda k: themes[k])
    return None


def draw_picture(
    store: Store,
    view: View,
    out: Path | str,
    fmt: str = "png",
    legend: bool = True,
    width_px: int = WIDTH_PX,
    height_px: int = HEIGHT_PX,
) -> Picture:
    """Draw ``view`` of ``store`` to ``out`` as ``fmt`` ("png" or "svg"); returns where the
    legend and the source line are."""
    # matplotlib and geopandas are slow to import, and only a picture needs them
    import geopandas as gpd
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle
    from matplotlib.patheffects import withStroke

    if fmt not in ("png", "svg"):
        raise ValueError(Errors.E205.format(fmt=fmt))
    lang = i18n.language(view.language)
    f = view.filters
    data = map_data(store, f)
    taxonomy = list(load_taxonomy())
    colours = {th.id: th.colour for th in taxonomy}
    bounds = load_boundaries()

    dpi = DPI * width_px / WIDTH_PX
    aspect = (width_px * MAP_BOX[2]) / (height_px * MAP_BOX[3])
    drawn = [p for p in data.places if p.get("precision") in DRAWN_PRECISIONS]
    not_drawn = [i18n.place_name(p, lang) for p in data.places if p not in drawn]
    anchors: list = [
        (float(p["lon"]), float(p["lat"]), i18n.place_name(p, lang), int(p.get("mentions") or 0))
        for p in drawn
    ]
    for fl in data.flows:  # a flow's ends are drawn, but do not pull the frame
        anchors += [
            (float(s["lon"]), float(s["lat"]), i18n.place_name(s, lang), 0) for s in stops(fl)
        ]
    frame, outside = frame_of(anchors, aspect, view.centre, width_px * MAP_BOX[2])
    x0, y0, x1, y1 = frame
    # a country is outside only when none of its polygon is in the frame (its anchor, the
    # capital, may well be: Russia's is Moscow)
    seen = box(*_degrees(frame))
    inside = {
        i18n.place_name(p, lang)
        for p in drawn
        if p["precision"] == "country"
        and p.get("country") in bounds
        and bounds.countries[p["country"]].intersects(seen)
    }
    outside = [n for n in dict.fromkeys(outside) if n not in inside]

    def to_merc(geom):
        return shapely.transform(geom, _merc_coords)

    # the frame in degrees, a little wider, to clip the polygons before projecting them
    lon0, lat0, lon1, lat1 = _degrees(frame)
    clip = box(lon0 - 2, max(lat0 - 2, -85), lon1 + 2, min(lat1 + 2, 85))

    # detail finer than about a pixel is not drawn (it made SVGs of megabytes)
    tolerance = (x1 - x0) / (width_px * MAP_BOX[2])

    def clipped(geom):
        g = geom.intersection(clip) if geom.intersects(clip) else None
        if g is None or g.is_empty:
            return None
        return to_merc(g).simplify(tolerance, preserve_topology=True)

    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor="white")
        FigureCanvasAgg(fig)
        ax = fig.add_axes(MAP_BOX)
        ax.set_facecolor(SEA)
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ax.spines.values():
            side.set_edgecolor("#9a9488")

        land = [g for g in (clipped(geom) for geom in bounds.countries.values()) if g is not None]
        if land:
            gpd.GeoSeries(land).plot(ax=ax, color=LAND, edgecolor=COAST, linewidth=0.7, zorder=1)
        water = _water(WATER_PATH, clip, lambda g: to_merc(g).simplify(tolerance))
        if water["lakes"]:
            gpd.GeoSeries(water["lakes"]).plot(
                ax=ax, color=SEA, edgecolor=RIVER, linewidth=0.4, zorder=2
            )
        if water["rivers"]:
            gpd.GeoSeries(water["rivers"]).plot(ax=ax, color=RIVER, linewidth=0.7, zorder=2)

        def colour_of(p: Mapping) -> str:
            theme = _top_theme(p, data.unthemed)
            return colours.get(theme or "", OTHER_COLOUR)

        # areas first: countries, then regions, then points on top
        for p in sorted(drawn, key=lambda p: {"country": 0, "region": 1}.get(p["precision"], 2)):
            c = colour_of(p)
            if p["precision"] == "country":
                iso2 = str(p.get("country") or "")
                geom = clipped(bounds.countries[iso2]) if iso2 in bounds else None
                if geom is not None:
                    gpd.GeoSeries([geom]).plot(
                        ax=ax, color=c, alpha=0.13, edgecolor=c, linewidth=1.2, zorder=3
                    )
                continue
            if p["precision"] == "region":
                poly = bounds.region(p)
                geom = clipped(poly) if poly is not None else None
                if geom is not None:
                    gpd.GeoSeries([geom]).plot(
                        ax=ax, color=c, alpha=0.22, edgecolor=c, linewidth=1.5, zorder=4
                    )
                else:  # no polygon: a dashed circle of its approximate extent
                    cx, cy = _merc(float(p["lon"]), float(p["lat"]))
                    r = region_radius_km(p) * 1000 / math.cos(math.radians(float(p["lat"])))
                    ax.add_patch(Circle((cx, cy), r, facecolor=c, alpha=0.15, zorder=4))
                    ax.add_patch(
                        Circle(
                            (cx, cy), r, fill=False, edgecolor=c, linestyle="--", lw=1.6, zorder=4
                        )
                    )
                continue
            cx, cy = _merc(float(p["lon"]), float(p["lat"]))
            size = min(5 + 2.2 * math.sqrt(p["mentions"]), 16) * 2.2
            ax.scatter(
                [cx],
                [cy],
                s=size**2 / 4,
                color=c,
                zorder=7,
                edgecolors="white" if p["precision"] == "settlement" else "#222222",
                linewidths=1.4,
            )

        for fl in data.flows:
            pts = stops(fl)
            if len({s["place_id"] for s in pts}) < 2:
                continue
            style = FLOW_STYLES.get(str(fl.get("kind") or "current"), FLOW_STYLES["current"])
            path: list[tuple[float, float]] = []
            for a, b in itertools.pairwise(pts):
                seg = curve((a["lat"], a["lon"]), (b["lat"], b["lon"]), bend=0.12)
                path.extend(seg if not path else seg[1:])
            xy = [_merc(lon, lat) for lat, lon in path]
            dash = (0, (2, 3)) if style.get("dash_array") else "-"
            ax.plot(
                [p[0] for p in xy],
                [p[1] for p in xy],
                color=style["color"],
                lw=float(style["weight"]) * 0.9,
                linestyle=dash,
                zorder=6,
                alpha=0.9,
            )
            ax.annotate(
                "",
                xy=xy[-1],
                xytext=xy[-3],
                zorder=6,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": style["color"],
                    "lw": 1.5,
                    "mutation_scale": 18,
                },
            )

        # geopandas autoscales the axes as it plots: the frame is set once all is drawn
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_xlabel("")
        ax.set_ylabel("")
        _labels(ax, fig, drawn, lang, withStroke)

        counts = data.totals
        title, byline = _titles(store, view, lang)
        fig.text(
            0.01,
            0.962,
            _short(title, 120),
            fontsize=17,
            fontweight="bold",
            va="center",
            parse_math=False,
        )
        summary = " · ".join(
            x
            for x in (
                byline,
                i18n.count(counts.get("mentions", 0), "mentions", lang),
                f"{t('n_places', lang)}: {counts.get('places', 0)}",
                f"{t('n_briefs', lang)}: {counts.get('briefs', 0)}",
            )
            if x
        )
        fig.text(0.01, 0.93, summary, fontsize=11, color="#444444", va="center", parse_math=False)

        pic = Picture(Path(out), width_px, height_px, outside=outside)
        if legend:
            _legend(fig, taxonomy, data.counts, data.flows, lang, pic, outside, not_drawn)
        source = t("export_source", lang, sources="; ".join(sources(store, f, lang)))
        source += f" {date.today().isoformat()}."
        lines = textwrap.wrap(source, 190)[:3]
        src = fig.text(
            0.01,
            0.082,
            "\n".join(lines),
            fontsize=10.5,
            color="#222222",
            va="top",
            parse_math=False,
            linespacing=1.35,
        )
        pic.source_text = " ".join(lines)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        pic.source_box = _px(src.get_window_extent(renderer), height_px)
        fig.savefig(str(out), format=fmt, dpi=dpi, facecolor="white")
    return pic


def _titles(store: Store, view: View, lang: str) -> tuple[str, str]:
    """The picture's title and the line under it: a brief's title and its publisher and
    date, or the view's title."""
    briefs = {b["id"]: b for b in store.briefs()}
    chosen = [briefs[b] for b in view.filters.briefs if b in briefs]
    if len(chosen) == 1 and not view.briefing:
        b = chosen[0]
        title = str(b["title"])
        if b.get("title_is_descriptive"):
            title = f"{title} {t('untitled', lang)}"
        date_text = i18n.publication_date(b.get("date_start"), b.get("date_end"), lang)
        return title, " · ".join(x for x in (b.get("publisher") or "", date_text) if x)
    return view_title(store, view), ""


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _merc_coords(coords):
    """An (n, 2) array of lon, lat as Web Mercator x, y (for ``shapely.transform``)."""
    lon = coords[:, 0]
    lat = np.clip(coords[:, 1], -85.0, 85.0)
    return np.column_stack(
        (np.radians(lon) * 6378137.0, np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) * 6378137.0)
    )


def _water(path: Path, clip, to_merc) -> dict[str, list]:
    out: dict[str, list] = {"lakes": [], "rivers": []}
    if not Path(path).exists():
        return out
    for feat in json.loads(Path(path).read_text(encoding="utf-8"))["features"]:
        geom = shape(feat["geometry"])
        if not geom.intersects(clip):
            continue
        g = geom.intersection(clip)
        if g.is_empty:
            continue
        kind = feat["properties"].get("kind")
        out["lakes" if kind == "lake" else "rivers"].append(to_merc(g))
    return out


def _labels(ax, fig, drawn: Sequence[Mapping], lang: str, stroke) -> None:
    """Names of the most mentioned places inside the frame, none over another."""
    fig.canvas.draw()
    taken: list[tuple[float, float, float, float]] = []
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    for p in sorted(drawn, key=lambda p: -int(p.get("mentions", 0)))[:MAX_LABELS]:
        if p["precision"] == "country":
            continue  # the country's shading says it; its anchor would read as a town
        cx, cy = _merc(float(p["lon"]), float(p["lat"]))
        if not (x0 <= cx <= x1 and y0 <= cy <= y1):
            continue
        px, py = ax.transData.transform((cx, cy))
        name = i18n.place_name(p, lang)
        if len(name) > 40:
            name = name[:39] + "…"
        w, h = 7.5 * len(name), 16
        boxed = (px + 8, py - h / 2, px + 8 + w, py + h / 2)
        if any(
            boxed[0] < b[2] and b[0] < boxed[2] and boxed[1] < b[3] and b[1] < boxed[3]
            for b in taken
        ):
            continue
        taken.append(boxed)
        ax.annotate(
            name,
            (cx, cy),
            xytext=(8, 0),
            textcoords="offset points",
            fontsize=10.5,
            va="center",
            zorder=9,
            parse_math=False,
            path_effects=[stroke(linewidth=3, foreground="white")],
        )


def _legend(
    fig,
    taxonomy: Sequence,
    counts: Mapping[str, int],
    flows: Sequence[Mapping],
    lang: str,
    pic: Picture,
    outside: Sequence[str],
    not_drawn: Sequence[str],
) -> None:
    """The legend panel: themes with their counts, the symbols, the flows, and what the
    picture leaves out. Records the swatches' pixel centres in ``pic``."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    _lx, _ly, _lw, _lh = LEGEND_BOX
    panel = fig.add_axes(LEGEND_BOX)
    panel.set_xlim(0, 1)
    panel.set_ylim(0, 1)
    panel.set_autoscale_on(False)
    panel.axis("off")
    panel.add_patch(Rectangle((0, 0), 1, 1, facecolor="#fbfaf6", edgecolor="#c9c3b6", lw=1))
    y = 0.965
    _heading(panel, y, t("legend_title", lang), 13)
    y -= 0.05
    rows = [(th.id, th.label(lang), th.colour) for th in taxonomy]
    rows.append((OTHER_THEME, t("legend_other", lang), OTHER_COLOUR))
    for theme_id, label, colour in rows:
        n = counts.get(theme_id, 0)
        if not n:
            continue
        # a marker, not a patch: round whatever the panel's aspect
        panel.scatter([0.075], [y], s=170, color=colour, edgecolors="#333333", linewidths=0.8)
        panel.text(0.13, y, f"{label} ({n})", fontsize=11.5, va="center", parse_math=False)
        px, py = panel.transAxes.transform((0.075, y))
        pic.swatches.append((theme_id, colour, (round(px), round(pic.height - py))))
        y -= 0.045
    y -= 0.01
    for key in ("legend_point", "legend_region_outline", "legend_country"):
        for line in textwrap.wrap(t(key, lang), 46):
            panel.text(0.05, y, line, fontsize=10.5, va="center", color="#333333", parse_math=False)
            y -= 0.032
        y -= 0.008
    kinds = sorted({str(fl.get("kind") or "current") for fl in flows})
    if kinds:
        y -= 0.01
        _heading(panel, y, t("layer_flows", lang), 11)
        y -= 0.04
        for kind in kinds:
            style = FLOW_STYLES.get(kind, FLOW_STYLES["current"])
            panel.add_line(
                Line2D(
                    [0.05, 0.14],
                    [y, y],
                    color=style["color"],
                    lw=3,
                    linestyle=(0, (2, 3)) if style.get("dash_array") else "-",
                )
            )
            panel.text(
                0.17, y, t(f"flow_kind_{kind}", lang), fontsize=10.5, va="center", parse_math=False
            )
            y -= 0.04
    notes = []
    if outside:
        more = f" + {len(outside) - 6}" if len(outside) > 6 else ""
        notes.append(t("export_outside", lang, names=", ".join(outside[:6]) + more))
    if not_drawn:
        more = f" + {len(not_drawn) - 6}" if len(not_drawn) > 6 else ""
        notes.append(t("export_not_drawn", lang, names=", ".join(not_drawn[:6]) + more))
    for note in notes:
        y -= 0.01
        for line in textwrap.wrap(note, 44)[:6]:
            panel.text(0.05, y, line, fontsize=10, va="center", color="#555555", parse_math=False)
            y -= 0.032
    fig.canvas.draw()
    pic.legend_box = _px(panel.get_window_extent(fig.canvas.get_renderer()), pic.height)


def _heading(panel, y: float, text: str, size: float) -> None:
    """A bold heading of the legend panel at height ``y`` (axes fraction)."""
    panel.text(0.05, y, text, fontsize=size, fontweight="bold", va="center", parse_math=False)


def _px(bbox, height: int) -> tuple[int, int, int, int]:
    """A matplotlib display bbox as (left, top, right, bottom) image pixels."""
    return (
        math.floor(bbox.x0),
        math.floor(height - bbox.y1),
        math.ceil(bbox.x1),
        math.ceil(height - bbox.y0),
    )
