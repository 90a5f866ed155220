"""The map of a brief's news: the brief's own map (the layers the dashboard and the briefing
draw: offline basemap, borders, theme symbols, crossings, flows, legend) with what is new
marked on top, one overlay of its own ("What is new"):

- a ring around each place the brief brings (``bm-news-new``; ``bm-news-returning`` for a
  place back after the quiet months), a ``!`` beside a crossing whose status changed
  (``bm-news-status``), a ``≠`` where the brief contradicts an earlier one
  (``bm-news-contradiction``);
- routes that appear drawn thick (``bm-news-flow``), routes that ended dashed
  (``bm-news-ended``).

The view fits the new things (else the brief's places). Texts are escaped by
``layers.escape``."""

from __future__ import annotations

import folium

from briefmap import i18n
from briefmap.analysis.themes import load_taxonomy
from briefmap.i18n import t
from briefmap.news import CHANGES, News
from briefmap.present.view import map_data
from briefmap.store import Filters, Store
from layers.basemap import offline_map
from layers.borders import border_layer
from layers.boundaries import load_boundaries
from layers.crossings import crossing_layer
from layers.elements import Css, SafeTooltip
from layers.escape import escape
from layers.flow_lines import flow_layer
from layers.legend import Legend, crossing_statuses, flow_kinds, legend_layer
from layers.place_symbols import drawn_counts, drawn_places, place_layer

#: the marks' colours (Okabe-Ito, as the themes): new, back, status, contradiction
COLOURS = {
    "new": "#D55E00",
    "returning": "#CC79A7",
    "status": "#C0182A",
    "contradiction": "#0072B2",
    "flow": "#D55E00",
    "ended": "#555555",
}
CSS = """
.bm-news-mark { font: 700 13px/18px system-ui, sans-serif; width: 18px; height: 18px;
  border-radius: 9px; text-align: center; color: #fff; box-shadow: 0 0 0 2px #fff; }
"""


def news_map(store: Store, news: News, language: str = "en", vendor: str | None = None):
    """The folium map of ``news`` (see the module docstring); ``vendor`` is the URL prefix of
    Leaflet (``layers.assets.VENDOR_URL`` on a page)."""
    lang = i18n.language(language)
    data = map_data(store, Filters(briefs=(news.brief["id"],)))
    taxonomy = list(load_taxonomy())
    bounds = load_boundaries()
    kw = {"vendor": vendor} if vendor else {}
    m = offline_map(bounds, lang, online_tiles=False, **kw)
    m.add_child(Css(CSS))
    border_layer(bounds, lang).add_to(m)
    ids = [th.id for th in taxonomy]
    place_layer(data.places, taxonomy, lang, bounds, data.unthemed, examples=data.examples).add_to(
        m
    )
    crossing_layer(data.crossings, lang).add_to(m)
    flow_layer(data.flows, lang).add_to(m)
    legend = legend_layer(
        taxonomy,
        data.counts,
        lang,
        drawn_counts(drawn_places(data.places, ids, data.unthemed)),
        crossing_statuses(data.crossings),
        flow_kinds(data.flows),
        borders=True,
    )
    for child in legend._children.values():  # folded: the marks of the news are the point
        if isinstance(child, Legend):
            child.html = child.html.replace("<details open>", "<details>", 1)
    legend.add_to(m)
    marks = news_layer(news, lang)
    marks.add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    points = news_points(news) or [(p["lat"], p["lon"]) for p in data.places]
    if points:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(40, 40), max_zoom=8)
    m.get_root().title = escape(t("news_of", lang, **_title(news)))
    return m


def news_points(news: News) -> list[tuple[float, float]]:
    """Where the news is: its places, status changes and the ends of its routes."""
    out = [(p.lat, p.lon) for p in news.places]
    out += [(s.lat, s.lon) for s in news.status_changes]
    for fl in (*news.new_flows, *news.ended_flows):
        out += list(fl.points)
    return [(float(a), float(b)) for a, b in out if a is not None and b is not None]


def news_layer(news: News, language: str = "en") -> folium.FeatureGroup:
    """The overlay that marks what is new (see the module docstring)."""
    pl = language == "pl"
    group = folium.FeatureGroup(name=t("news_page", language), overlay=True)
    for fl in news.new_flows:
        line = folium.PolyLine(
            fl.points, color=COLOURS["flow"], weight=6, opacity=0.55, class_name="bm-news-flow"
        )
        line.add_child(SafeTooltip(escape(f"{fl.commodity_pl if pl else fl.commodity}: "
                                          f"{fl.route_pl if pl else fl.route}")))  # fmt: skip
        group.add_child(line)
    for fl in news.ended_flows:
        line = folium.PolyLine(
            fl.points,
            color=COLOURS["ended"],
            weight=4,
            opacity=0.8,
            dash_array="2 8",
            class_name="bm-news-ended",
        )
        line.add_child(SafeTooltip(escape(f"✕ {fl.route_pl if pl else fl.route}")))
        group.add_child(line)
    for p in news.places:
        colour = COLOURS[p.news]
        ring = folium.CircleMarker(
            (p.lat, p.lon),
            radius=20,
            color=colour,
            weight=3,
            fill=False,
            class_name=f"bm-news bm-news-{p.news}",
        )
        name = p.name_pl if pl else p.name
        label = t("news_new_places", language, n="").split(" (")[0]
        if p.news == "returning":
            label = t("news_last_seen", language, day=p.last_day, title=p.last_title)
        ring.add_child(SafeTooltip(f"<b>{escape(name)}</b><br>{escape(label)}"))
        group.add_child(ring)
    for s in news.status_changes:
        what = t(f"news_change_{s.change}", language) if s.change in CHANGES else s.change
        tip = f"<b>{escape(s.name_pl if pl else s.name)}</b>: {escape(what)} {escape(s.day)}"
        group.add_child(_badge(s.lat, s.lon, "!", "status", tip, (-14, 22)))
    for c in news.contradictions:
        tip = f"≠ {escape(c.subject_pl if pl else c.subject)}"
        if c.point:
            group.add_child(_badge(*c.point, "≠", "contradiction", tip, (22, 22)))
    return group


def _badge(lat, lon, text: str, kind: str, tip: str, anchor: tuple[int, int]) -> folium.Marker:
    icon = folium.DivIcon(
        html=f'<div class="bm-news-mark bm-news-{kind}" style="background:{COLOURS[kind]}">'
        f"{escape(text)}</div>",
        icon_size=(18, 18),
        icon_anchor=anchor,
        class_name="bm-news-badge",
    )
    marker = folium.Marker((lat, lon), icon=icon)
    marker.add_child(SafeTooltip(tip))
    return marker


def _title(news: News) -> dict:
    b = news.brief
    return {"title": b["title"], "id": b["id"], "day": b["day"]}
