"""The legend: each theme's colour and mention count, and what the symbols mean.

``Legend`` is a Leaflet control that lives and dies with its parent layer (a FeatureGroup):
streamlit-folium replaces the filter-dependent layers on every change of the filters, and
the legend, with its counts, goes with them. Its HTML is built from escaped text only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
from folium.elements import MacroElement
from folium.template import Template

from briefmap.i18n import t
from layers.crossings import STATUS_COLOURS
from layers.text import escape
from layers.themes import OTHER_COLOUR, OTHER_THEME


class Legend(MacroElement):
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
                    return div;
                };
                group.on("add", function () { legend.addTo(group._map); });
                group.on("remove", function () { legend.remove(); });
                if (group._map) { legend.addTo(group._map); }
                window.bmLegend = legend;
            })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str = "bottomright") -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.position = position


def legend_html(
    themes: Sequence,
    counts: Mapping[str, int],
    language: str = "en",
    crossings: bool = True,
) -> str:
    """Escaped legend HTML: a row per theme with mentions (colour, label, count)."""
    rows = []
    items = [(th.id, th.label(language), th.colour) for th in themes]
    items.append((OTHER_THEME, t("legend_other", language), OTHER_COLOUR))
    for theme_id, label, colour in items:
        n = counts.get(theme_id, 0)
        if n:
            rows.append(
                f'<div class="bm-legend-row" data-theme="{escape(theme_id)}">'
                f'<span class="sw" style="background:{escape(colour)}"></span>'
                f"{escape(label)} <span class='n'>{n}</span></div>"
            )
    notes = [t(k, language) for k in ("legend_point", "legend_region", "legend_country")]
    rows.append(f'<div class="note">{" · ".join(escape(n) for n in notes)}</div>')
    if crossings:
        marks = " ".join(
            f'<span class="sw" style="background:{c};border-radius:0;transform:rotate(45deg)">'
            f"</span>{escape(t('status_' + s, language))}"
            for s, c in STATUS_COLOURS.items()
        )
        rows.append(f'<div class="note">{escape(t("layer_crossings", language))}: {marks}</div>')
    # A <details> the reader can fold away when the legend covers what they want to see.
    title = escape(t("legend_title", language))
    return f"<details open><summary><b>{title}</b></summary>{''.join(rows)}</details>"


def legend_layer(
    themes: Sequence, counts: Mapping[str, int], language: str = "en", crossings: bool = True
) -> folium.FeatureGroup:
    """A layer holding only the legend (kept out of the layer control)."""
    group = folium.FeatureGroup(name="legend", overlay=True, control=False, show=True)
    group.add_child(Legend(legend_html(themes, counts, language, crossings)))
    return group
