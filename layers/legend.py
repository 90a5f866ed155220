"""The legend: what is drawn under the current filters, and how many of each.

A row per theme that has mentions (its colour, label and count), then a row per kind of
symbol on the map with the number drawn: places by precision, border crossings by status,
flows by kind, the state borders and the Suwałki gap. Nothing that is not drawn is listed.
Each row names what it stands for in ``data-legend`` (``theme:<id>``, ``symbol:<precision>``,
``crossing:<status>``, ``flow:<kind>``, ``event:<kind>``, ``border``, ``gap``).

``Legend`` is a Leaflet control that lives and dies with its parent layer (a FeatureGroup):
streamlit-folium replaces the filter-dependent layers on every change of the filters, and
the legend, with its counts, goes with them. Its HTML is built from escaped text only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import folium
from folium.template import Template

from briefmap.i18n import STRINGS, t
from layers.borders import BORDER_COLOUR, GAP_COLOUR
from layers.crossings import STATUS_COLOURS, UNKNOWN_COLOUR
from layers.elements import Scripted
from layers.escape import escape
from layers.event_symbols import event_symbol, kind_label
from layers.flow_lines import FLOW_STYLES, group_routes, stops
from layers.place_symbols import AREA_COLOUR, OTHER_COLOUR, OTHER_THEME

CSS = """
.bm-legend { background: rgba(255,255,255,.94); padding: 4px 8px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 230px; font-size: 11.5px;
  line-height: 1.3; max-height: calc(100vh - 90px); overflow-y: auto; }
.bm-legend summary { cursor: pointer; font-weight: 600; }
.bm-legend .bm-legend-row { display: flex; align-items: center; gap: 5px; margin: 1px 0; }
.bm-legend .bm-legend-row .n { margin-left: auto; padding-left: 6px; color: #444; }
.bm-legend .sw { flex: none; display: inline-block; width: 11px; height: 11px;
  border-radius: 50%; border: 1px solid rgba(0,0,0,.4); box-sizing: border-box; }
.bm-legend .sw.sq { border-radius: 2px; border-color: #222; }
.bm-legend .sw.area { border-radius: 2px; width: 14px; height: 10px; }
.bm-legend .sw.dashed { border: 1.5px dashed #444; background: rgba(74,79,87,.12); }
.bm-legend .sw.diamond { width: 9px; height: 9px; border-radius: 0; transform: rotate(45deg);
  border: 1.5px solid #222; }
.bm-legend .sw.line { width: 16px; height: 0; border: none; border-radius: 0;
  border-top: 3px solid #555; }
.bm-legend .sw.line.dashed { border-top-style: dashed; background: none; }
.bm-legend .sw.line.thick { border-top-width: 6px; }
.bm-legend h4 { margin: 5px 0 1px 0; font-size: 11px; color: #555; font-weight: 600; }
"""


class Legend(Scripted):
    """A control at ``position`` showing ``html`` (already escaped), added to the map when
    its parent layer is and removed with it. https://leafletjs.com/reference.html#control"""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function () {
                var group = {{ this._parent.get_name() }};
                var legend = L.control({position: {{ this.position|tojson }}});
                legend.onAdd = function () {
                    var div = L.DomUtil.create("div", "bm-legend");
                    div.innerHTML = {{ this.html|tojson }};
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                };
                group.on("add", function () { legend.addTo(group._map); });
                group.on("remove", function () { legend.remove(); });
                if (group._map) { legend.addTo(group._map); }
                window.bmLegend = legend;
                // folded where it would cover places (layers.elements.MapManners)
                group.on("add", function () {
                    if (window.bmFoldLegend) { setTimeout(window.bmFoldLegend, 0); }
                });
                if (window.bmFoldLegend) { setTimeout(window.bmFoldLegend, 0); }
            })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "bottomright") -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.position = position


def _row(key: str, swatch: str, label: str, n: int | None = None) -> str:
    count = f"<span class='n'>{n}</span>" if n is not None else ""
    return (
        f'<div class="bm-legend-row" data-legend="{escape(key)}">{swatch}'
        f"<span>{escape(label)}</span>{count}</div>"
    )


def _swatch(classes: str = "", style: str = "") -> str:
    return f'<span class="sw {classes}" style="{style}"></span>'


def legend_html(
    themes: Sequence,
    counts: Mapping[str, int],
    language: str = "en",
    symbols: Mapping[str, int] | None = None,
    crossings: Mapping[str, int] | None = None,
    flows: Mapping[str, int] | None = None,
    borders: bool = False,
    events: Mapping[str, int] | None = None,
) -> str:
    """Escaped legend HTML. ``counts``: mentions per theme id (``OTHER_THEME`` for those
    without one); ``symbols``: places drawn per precision; ``crossings``: crossings drawn
    per status; ``flows``: flows drawn per kind; ``borders``: the border layer is drawn;
    ``events``: event symbols drawn per kind (``layers.event_symbols.event_kinds``)."""
    rows = []
    items = [(th.id, th.label(language), th.colour) for th in themes]
    items.append((OTHER_THEME, t("legend_other", language), OTHER_COLOUR))
    for theme_id, label, colour in items:
        n = counts.get(theme_id, 0)
        if n:
            rows.append(
                _row(f"theme:{theme_id}", _swatch(style=f"background:{escape(colour)}"), label, n)
            )
    if rows:
        rows.insert(0, f"<h4>{escape(t('legend_themes', language))}</h4>")
    marks = []
    samples = {
        "settlement": _swatch(
            style="background:#bbb;border:1.5px solid #fff;outline:1px solid #777"
        ),
        "point": _swatch(style="background:#bbb;border:1.5px solid #222"),
        "region": _swatch("area dashed"),
        "country": _swatch("area", f"background:rgba(74,79,87,.15);border-color:{AREA_COLOUR}"),
    }
    for precision, sample in samples.items():
        n = (symbols or {}).get(precision, 0)
        if n:
            key = {"point": "legend_site", "country": "legend_country_area"}.get(
                precision, f"legend_{precision}"
            )
            marks.append(_row(f"symbol:{precision}", sample, t(key, language), n))
    for status, n in (crossings or {}).items():
        if n:
            colour = STATUS_COLOURS.get(status, UNKNOWN_COLOUR)
            key = f"status_{status}" if status in STATUS_COLOURS else "status_unknown"
            label = t("legend_crossing", language, status=t(key, language))
            marks.append(
                _row(f"crossing:{status}", _swatch("diamond", f"background:{colour}"), label, n)
            )
    for kind, n in (flows or {}).items():
        if n:
            style = FLOW_STYLES.get(kind, FLOW_STYLES["current"])
            dash = "dotted" if str(style.get("dash_array") or "").startswith("2") else "dashed"
            line = (
                f"border-top:3px {dash if style.get('dash_array') else 'solid'} "
                f"{escape(style['color'])}"
            )
            label = t("legend_flow", language, kind=flow_kind_label(kind, language))
            marks.append(_row(f"flow:{kind}", _swatch("line", line), label, n))
    for kind, n in (events or {}).items():
        if n:
            glyph, colour = event_symbol(kind)
            sample = (
                f'<span class="sw sq" style="background:{colour};color:#fff;font-size:8px;'
                f'line-height:9px;text-align:center">{escape(glyph)}</span>'
            )
            marks.append(_row(f"event:{kind}", sample, kind_label(kind, language), n))
    if borders:
        marks.append(
            _row("border", _swatch("line", f"border-top-color:{BORDER_COLOUR}"),
                 t("legend_border", language))
        )  # fmt: skip
        marks.append(
            _row("gap", _swatch("line thick", f"border-top-color:{GAP_COLOUR}"),
                 t("legend_gap", language))
        )  # fmt: skip
    if marks:
        rows.append(f"<h4>{escape(t('legend_symbols', language))}</h4>")
        rows.extend(marks)
    # A <details> the reader can fold away when the legend covers what they want to see.
    title = escape(t("legend_heading", language))
    return f"<details open><summary>{title}</summary>{''.join(rows)}</details>"


def flow_kind_label(kind: str, language: str = "en") -> str:
    """The name of a flow kind in ``language`` (the kind itself when it has none)."""
    key = f"flow_kind_{kind}"
    return t(key, language) if key in STRINGS["en"] else kind


def flow_kinds(rows: Sequence[Mapping]) -> Counter:
    """How many lines of each kind ``layers.flow_lines.flow_layer`` draws for ``rows``
    (``Store.flows``): a route per group of rows with two stops or more, and a former route
    to the earlier stops of a rerouted flow (counted as "former")."""
    kinds: Counter = Counter()
    for routes in group_routes(rows):
        first = routes[0]
        if len({p["place_id"] for p in stops(first)}) < 2:
            continue
        kinds[str(first.get("kind") or "current")] += 1
        origin = first.get("origin")
        if origin is not None and any(
            old["place_id"] != origin["place_id"] for old in first.get("former") or ()
        ):
            kinds["former"] += 1
    return kinds


def crossing_statuses(crossings: Sequence[Mapping]) -> Counter:
    """How many crossings of each status ``layers.crossings.crossing_layer`` draws."""
    return Counter(str(c.get("status") or "unknown") for c in crossings)


def legend_layer(
    themes: Sequence,
    counts: Mapping[str, int],
    language: str = "en",
    symbols: Mapping[str, int] | None = None,
    crossings: Mapping[str, int] | None = None,
    flows: Mapping[str, int] | None = None,
    borders: bool = False,
    events: Mapping[str, int] | None = None,
) -> folium.FeatureGroup:
    """A layer holding only the legend (kept out of the layer control)."""
    group = folium.FeatureGroup(name="legend", overlay=True, control=False, show=True)
    html = legend_html(themes, counts, language, symbols, crossings, flows, borders, events)
    group.add_child(Legend(html))
    return group
