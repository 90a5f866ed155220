"""layers/: data in, folium objects out — symbols by precision, escaping, offline assets,
borders and the Suwałki gap, crossings, flows, legend; and the flows linking and i18n they
use. Rendered output is compared, not internals, where it can be."""

from __future__ import annotations

import json
import math
import re

import folium
import pytest
from streamlit_folium import _get_feature_group_string, generate_leaflet_string

from briefmap import i18n, i18n_evidence
from briefmap.analysis.themes import load_taxonomy
from briefmap.vendor import REQUIRED, copy_assets
from layers.assets import asset_links
from layers.basemap import offline_map
from layers.borders import border_layer
from layers.boundaries import length_km, load_boundaries, suwalki_gap
from layers.crossings import STATUS_COLOURS, crossing_layer, crossing_popup, crossing_tooltip
from layers.elements import BindAll, CountryArea, js_json
from layers.escape import escape, marked, window
from layers.flow_lines import curve, flow_layer
from layers.legend import legend_layer
from layers.place_symbols import (
    OTHER_COLOUR,
    OTHER_THEME,
    PlaceMarkers,
    drawn_counts,
    drawn_places,
    place_layer,
    place_symbol,
    region_radius_km,
)

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>${alert(3)}`x`\\"


def summary(pid, name, precision, lat=54.0, lon=25.0, themes=None, mentions=1, **kw):
    return {
        "id": pid,
        "name": name,
        "name_pl": kw.pop("name_pl", name),
        "kind": kw.pop("kind", "city"),
        "country": kw.pop("country", ""),
        "lat": lat,
        "lon": lon,
        "precision": precision,
        "attrs": kw.pop("attrs", {}),
        "mentions": mentions,
        "themes": themes or {},
        **kw,
    }


PLACES = [
    summary(
        "bm:lt-klaipeda",
        "Klaipėda",
        "settlement",
        55.71,
        21.13,
        {"transit_economy": 2, "energy": 1},
        2,
        name_pl="Kłajpeda",
    ),
    summary(
        "bm:by-grodno-oblast",
        "Grodno Oblast",
        "region",
        53.68,
        23.83,
        {"military": 1},
        attrs={"area_km2": 25130},
    ),
    summary("bm:ru-sochi", "Sochi", "settlement", 43.6, 39.7, {}),
    summary("cc:BY", "Belarus", "country", 53.9, 27.56, {"military": 3}, 3, country="BY"),
    summary(
        "cc:US", "United States", "country", 38.9, -77.0, {"diplomacy_sanctions": 1}, country="US"
    ),
    summary("cldr:150", "Europe", "continent", 54.0, 15.0, {"military": 1}),
    summary("bm:evil", EVIL, "point", 54.0, 26.0, {"military": 1}, name_pl=EVIL),
]
_POTASH_PL = "Eksport soli potasowych szedł przez port w Kłajpedzie."
EXAMPLE = {
    "excerpt": _POTASH_PL,
    "start": 100 + _POTASH_PL.index("Kłajpedzie"),
    "end": 100 + _POTASH_PL.index("Kłajpedzie") + len("Kłajpedzie"),
    "excerpt_start": 100,
    "title": EVIL,
    "publisher": "PISM",
    "published_start": "2021-06-01",
    "published_end": "2021-09-10",
}


@pytest.fixture(scope="module")
def bounds():
    return load_boundaries()


@pytest.fixture(scope="module")
def taxonomy():
    return list(load_taxonomy())


def render(*elements: folium.Element) -> str:
    """The HTML of a map holding ``elements`` (as an offline export would save it), with
    the ``\\uXXXX`` escapes of its JSON strings decoded: what the browser's strings hold.
    Markup that was HTML-escaped stays escaped (``&lt;``); markup that was not shows."""
    m = offline_map(online_tiles=False)
    for el in elements:
        el.add_to(m)
    html = m.get_root().render()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda x: chr(int(x.group(1), 16)), html)


def symbols(group: folium.FeatureGroup) -> dict[str, object]:
    """The areas of a places layer by place id (the pies are rows of its PlaceMarkers)."""
    out = {}
    for child in group._children.values():
        props = getattr(child, "properties", None) or (
            getattr(child, "data", {}).get("properties") or {}
        )
        pid = getattr(child, "options", {}).get("bmPlace") or props.get("bm_place")
        if pid:
            out[pid] = child
    return out


def pies(group: folium.FeatureGroup) -> dict[str, list[tuple[str, int]]]:
    """The pies of a places layer: place id -> [(colour, mentions), …]."""
    markers = next(c for c in group._children.values() if isinstance(c, PlaceMarkers))
    palette = json.loads(markers.palette)
    return {
        r[0]: [(palette[r[6][i]][0], r[6][i + 1]) for i in range(0, len(r[6]), 2)]
        for r in json.loads(markers.rows)
    }


# -- text --------------------------------------------------------------------------------------
def test_escape_leaves_no_markup_and_no_template_expression():
    out = escape(EVIL)
    assert "<" not in out and ">" not in out
    assert "`" not in out and "${" not in out and "\\" not in out
    assert out.startswith("&lt;script&gt;alert(1)&lt;/script&gt;")


def test_marked_escapes_around_and_inside_the_span():
    text = "a <b> Kłajpedzie <i>"
    s = text.index("Kłajpedzie")
    assert marked(text, [(s, s + 10)]) == "a &lt;b&gt; <mark>Kłajpedzie</mark> &lt;i&gt;"
    assert marked("<x>", [(0, 3), (1, 2)]) == "<mark>&lt;x&gt;</mark>"


def test_window_keeps_the_span_and_marks_cuts():
    text = (
        " ".join(f"w{i}" for i in range(200)) + " TARGET " + " ".join("z" * 3 for _ in range(200))
    )
    s = text.index("TARGET")
    short, a, b = window(text, s, s + 6, 80)
    assert short[a:b] == "TARGET"
    assert short.startswith("…") and short.endswith("…") and len(short) <= 90


# -- places layer ----------------------------------------------------------------------------
def test_one_pie_per_place_with_a_slice_per_theme(taxonomy, bounds):
    group = place_layer(PLACES, taxonomy, "en", bounds, unthemed={"bm:ru-sochi": 1})
    drawn = pies(group)
    # Klaipėda: transit (blue) and energy (yellow), one symbol with both, in legend order
    assert drawn["bm:lt-klaipeda"] == [("#0072B2", 2), ("#F0E442", 1)]
    assert drawn["bm:ru-sochi"] == [(OTHER_COLOUR, 1)]  # mentions without a theme: grey
    assert "cldr:150" not in drawn  # a continent is never drawn
    assert set(drawn) == {p["id"] for p in PLACES} - {"cldr:150"}
    # a region and a country are areas too, outlined in their one theme's colour
    areas = symbols(group)
    assert set(areas) == {"bm:by-grodno-oblast", "cc:BY"}
    markers = next(c for c in group._children.values() if isinstance(c, PlaceMarkers))
    kinds = {r[0]: r[3] for r in json.loads(markers.rows)}
    assert kinds["cc:US"] == 4 and kinds["cc:BY"] == 3  # no outline: drawn in the browser
    assert areas["cc:BY"].options["style"]["color"] == "#D55E00"


def test_a_theme_filter_draws_only_its_slices(taxonomy, bounds):
    group = place_layer(PLACES, taxonomy, "en", bounds, {"bm:ru-sochi": 1}, only=("energy",))
    assert pies(group) == {"bm:lt-klaipeda": [("#F0E442", 1)]}


def test_areas_with_several_themes_are_outlined_neutrally(taxonomy, bounds):
    both = {**PLACES[3], "themes": {"military": 1, "energy": 1}}
    area = symbols(place_layer([both], taxonomy, "en", bounds))["cc:BY"]
    assert area.options["style"]["color"] == "#4a4f57"


def test_crossings_are_left_to_their_own_layer():
    crossing = summary("bm:x", "X", "point", kind="border_crossing", themes={"military": 1})
    site = summary("bm:y", "Y", "point", kind="port", themes={"military": 1})
    drawn = drawn_places([crossing, site], ["military"])
    assert [p["id"] for p, _ in drawn] == ["bm:y"]
    assert drawn_counts(drawn) == {"point": 1}


def test_symbols_never_claim_more_precision_than_the_text(bounds):
    settlement = place_symbol(PLACES[0], 2, "#000000", "en", bounds)
    assert isinstance(settlement, PlaceMarkers)
    assert json.loads(settlement.rows)[0][3] == 1  # drawn as a settlement's pie

    # a region with no polygon in geodata/boundaries/regions.geojson (tests/test_regions.py
    # has the regions drawn as their polygons)
    unmapped = {**PLACES[1], "id": "bm:xx-unmapped-region", "attrs": {"area_km2": 25130}}
    region = place_symbol(unmapped, 1, "#000000", "en", bounds)
    assert isinstance(region, folium.Circle) and not isinstance(region, folium.CircleMarker)
    assert region.options["radius"] == pytest.approx(math.sqrt(25130 / math.pi) * 1000)
    assert region.options["dashArray"]
    assert "region-level" in json.dumps(render(region))

    no_area = place_symbol({**unmapped, "attrs": {}}, 1, "#000000", "en", bounds)
    assert no_area.options["radius"] == pytest.approx(40_000)
    assert region_radius_km({"attrs": {"area_km2": "bad"}}) == 40

    country = place_symbol(PLACES[3], 3, "#000000", "en", bounds)
    assert isinstance(country, CountryArea) and country.iso2 == "BY"

    abroad = place_symbol(PLACES[4], 1, "#000000", "en", bounds)  # no outline in geodata
    assert isinstance(abroad, PlaceMarkers)
    assert json.loads(abroad.rows)[0][3] == 4  # its square and a dotted circle, said so
    assert "outline not in the offline boundaries" in render(abroad)

    assert place_symbol(PLACES[5], 1, "#000000", "en", bounds) is None  # continent


def test_tooltip_has_name_and_count_popup_has_excerpt_and_citation(bounds):
    html = render(place_symbol(PLACES[0], 2, "#0072B2", "pl", bounds, EXAMPLE))
    # the tooltip says "<name> · <n> <noun>", the noun in the three Polish forms
    assert "Kłajpeda" in html and '"mentions":["wzmianka","wzmianki","wzmianek"]' in html
    assert "<mark>Kłajpedzie</mark>" in html
    assert "PISM" in html and "opublikowano między 2021-06-01 a 2021-09-10" in html


def test_hostile_names_and_titles_are_escaped_in_the_rendered_map(taxonomy, bounds):
    examples = {"bm:evil": {**EXAMPLE, "excerpt": EVIL, "start": 100, "end": 108}}
    html = render(place_layer(PLACES, taxonomy, "en", bounds, examples=examples))
    for bad in ("<script>alert", "<img src=x", "${alert", "`x`"):
        assert bad not in html
    assert "&lt;script&gt;alert(1)" in html  # the text is there, as text


def test_layer_script_is_the_same_for_the_same_data(taxonomy, bounds):
    """streamlit-folium redraws every layer when their script changes: it must not change
    between reruns with the same filters (no random ids)."""

    def script() -> str:
        m = offline_map(bounds)
        generate_leaflet_string(m)
        group = place_layer(PLACES, taxonomy, "en", bounds, examples={"bm:lt-klaipeda": EXAMPLE})
        return _get_feature_group_string(group, m, 0)

    assert script() == script()


# -- basemap and assets -------------------------------------------------------------------
def test_every_asset_is_local(taxonomy, bounds):
    m = offline_map(bounds)
    border_layer(bounds).add_to(m)
    place_layer(PLACES, taxonomy, "en", bounds).add_to(m)
    crossing_layer([{"id": "x", "name": "X", "lat": 54, "lon": 25, "status": "open"}]).add_to(m)
    legend_layer(taxonomy, {"military": 1}).add_to(m)
    js, css = asset_links(m)
    assert js == ["/app/static/vendor/leaflet/leaflet.js"]
    assert css == ["/app/static/vendor/leaflet/leaflet.css"]
    html = m.get_root().render()
    assert not re.findall(r'(?:src|href)="https?://', html)


def test_online_tiles_are_an_option_not_the_default(bounds):
    m = offline_map(bounds)
    tiles = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert len(tiles) == 1 and tiles[0].show is False and tiles[0].overlay is False
    html = m.get_root().render()
    assert f"{tiles[0].get_name()}.addTo" not in html
    assert "window.bmCountries" in html  # the basemap is drawn from geodata/boundaries


def test_copy_assets_brings_leaflet_jquery_and_markercluster(tmp_path):
    copy_assets(tmp_path)
    for f in REQUIRED:
        assert (tmp_path / f).stat().st_size > 0
    assert "Leaflet" in (tmp_path / "leaflet/leaflet.js").read_text(encoding="utf-8")[:400]


def test_js_json_cannot_close_a_script():
    out = js_json({"t": "</script><script>alert(1)</script>\u2028"})
    assert "</" not in out and "<" not in out and "\u2028" not in out
    assert json.loads(out)["t"].startswith("</script>")


# -- borders -------------------------------------------------------------------------------
def test_suwalki_gap_runs_from_belarus_to_kaliningrad(bounds):
    gap = suwalki_gap(bounds)
    ends = [gap.coords[0], gap.coords[-1]]
    from shapely.geometry import Point

    by = min(bounds.countries["BY"].distance(Point(p)) for p in ends)
    ru = min(bounds.countries["RU"].distance(Point(p)) for p in ends)
    assert by < 0.01 and ru < 0.01
    assert 60 < length_km(gap) < 130  # the Polish–Lithuanian border is about 100 km


def test_border_layer_draws_the_region_and_the_gap(bounds):
    html = render(border_layer(bounds, "pl"))
    assert "Przesmyk suwalski" in html
    assert "Granica: Białoruś – Litwa" in html or "Granica: Litwa – Białoruś" in html


# -- crossings -----------------------------------------------------------------------------
def test_crossings_coloured_by_status_with_date_and_source():
    crossings = [
        {
            "id": "bm:a",
            "name_en": "A – B",
            "name_pl": "A – B",
            "lat": 54.5,
            "lon": 25.7,
            "mode": "road",
            "status": s,
            "status_since": "2025-11-20",
            "status_source": f"decision {EVIL}",
            "mentions": 2,
        }
        for s in STATUS_COLOURS
    ]
    html = render(crossing_layer(crossings))
    for colour in STATUS_COLOURS.values():
        assert colour in html
    tip = crossing_tooltip(crossings[2], "en")
    assert "closed since 2025-11-20" in tip and "2 mentions" in tip
    assert "source: decision &lt;script&gt;" in crossing_popup(crossings[2], "en")
    assert "<script>alert" not in html


# -- flows ---------------------------------------------------------------------------------
SENTENCE = (
    "W lutym oba państwa podpisały porozumienie o przekierowaniu eksportu części "
    "białoruskich produktów ropopochodnych z Litwy i Łotwy do rosyjskich portów w Ust-Łudze "
    "i Petersburgu."
)


def _flow_rows(text: str, language: str = "pl") -> list[dict]:
    """Flow records of ``text`` through the real pipeline, with a citation, as the store
    gives them to the layer."""
    from briefmap.model import Brief
    from briefmap.pipeline import parse_brief

    b = Brief("b", "b.txt", text, text, list(range(len(text) + 1)), language=language)
    rows = []
    for fl in parse_brief(b).flows:
        rec = fl.record("b.txt")
        rec.update(
            excerpt=rec["excerpt"]["text"],
            excerpt_start=fl.excerpt_start,
            title="Białoruś i <b>Rosja</b>",
            publisher="PISM",
            published_start="2021-06-01",
        )
        rows.append(rec)
    return rows


def test_flow_layer_draws_each_route_with_the_words_that_gave_its_ends():
    rows = _flow_rows(SENTENCE)
    assert {r["destination"]["name"] for r in rows} == {"Ust-Luga", "Saint Petersburg"}
    group = flow_layer(rows, "en")
    lines = [c for c in group._children.values() if isinstance(c, folium.PolyLine)]
    # per route: the line, its arrowhead and a dashed line to each route it replaced (LT, LV)
    assert len(lines) == 2 * (2 + 2)
    html = render(group)
    assert "Oil products: Belarus → Ust-Luga (rerouted; formerly via Lithuania, Latvia)" in html
    assert "<mark>białoruskich</mark>" in html and "<mark>Ust-Łudze</mark>" in html
    assert "Białoruś i &lt;b&gt;Rosja&lt;/b&gt;" in html  # the citation, escaped
    pl = render(flow_layer(rows, "pl"))
    assert "Produkty ropopochodne: Białoruś → Ust-Ługa (przekierowane" in pl
    # each route's words once, bound to all four of its parts (line, arrowhead, former)
    binds = [c for c in group._children.values() if isinstance(c, BindAll)]
    assert len(binds) == 2 and all(len(b.names.split(", ")) == 4 for b in binds)
    assert html.count("<mark>Ust-Łudze</mark>") == 1 and html.count("bindPopup(") == 2


def test_flow_layer_draws_nothing_for_a_flow_with_one_known_point():
    row = {
        "origin": {"place_id": "cc:BY", "name": "Belarus", "lat": 53.9, "lon": 27.5},
        "via": [],
        "destination": None,
        "former": [],
        "kind": "current",
        "excerpt": "x",
    }
    group = flow_layer([row], "en")
    assert not [c for c in group._children.values() if isinstance(c, folium.PolyLine)]


def test_flows_of_the_same_route_are_one_line_with_every_sentence():
    rows = _flow_rows(SENTENCE + " " + SENTENCE.replace("W lutym", "W marcu"))
    group = flow_layer(rows, "en")
    html = render(group)
    assert html.count("W marcu") >= 1 and html.count("W lutym") >= 1
    lines = [c for c in group._children.values() if isinstance(c, folium.PolyLine)]
    assert len(lines) == 2 * (2 + 2)  # still two routes


def test_curve_starts_and_ends_at_the_places():
    pts = curve((53.9, 27.56), (55.71, 21.13))
    assert pts[0] == pytest.approx((53.9, 27.56)) and pts[-1] == pytest.approx((55.71, 21.13))
    assert curve((53.9, 27.56), (55.71, 21.13), bend=0.3)[12] != pts[12]


# -- legend ----------------------------------------------------------------------------------
def test_legend_shows_colour_and_count_of_each_theme(taxonomy):
    html = render(legend_layer(taxonomy, {"military": 3, "energy": 1, OTHER_THEME: 2}, "en"))
    assert "<span>Military and security</span><span class='n'>3</span>" in html
    assert "#D55E00" in html and "No theme" in html
    assert "Diplomacy" not in html  # themes without mentions are left out


def test_legend_lists_each_kind_of_symbol_drawn_and_nothing_else(taxonomy):
    html = render(
        legend_layer(
            taxonomy,
            {"military": 1},
            "pl",
            symbols={"settlement": 4, "region": 1},
            crossings={"closed": 2},
            flows={"rerouted": 1, "planned": 2},
            borders=True,
        )
    )
    keys = re.findall(r'data-legend=\\?"([^"\\]+)', html)
    assert keys == [
        "theme:military",
        "symbol:settlement",
        "symbol:region",
        "crossing:closed",
        "flow:rerouted",
        "flow:planned",
        "border",
        "gap",
    ]
    assert "przejście graniczne, zamknięte" in html and "przepływ: planowane" in html
    bare = render(legend_layer(taxonomy, {"military": 1}))
    assert re.findall(r'data-legend=\\?"([^"\\]+)', bare) == ["theme:military"]


def test_legend_names_an_unknown_flow_kind_as_it_is(taxonomy):
    html = render(legend_layer(taxonomy, {}, flows={"seasonal": 1}))
    assert "flow: seasonal" in html


def test_legend_escapes_labels():
    class Evil:
        id, colour = "evil", "#000000"

        def label(self, language):
            return EVIL

    html = render(legend_layer([Evil()], {"evil": 1}))
    assert "<script>alert" not in html and "&lt;script&gt;" in html


# -- i18n ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "wzmianka"),
        (2, "wzmianki"),
        (5, "wzmianek"),
        (12, "wzmianek"),
        (22, "wzmianki"),
        (25, "wzmianek"),
    ],
)
def test_polish_plurals(n, word):
    assert i18n.count(n, "mentions", "pl") == f"{n} {word}"


def test_names_follow_the_interface_language():
    p = {"name": "Klaipėda", "name_pl": "Kłajpeda"}
    assert i18n.place_name(p, "en") == "Klaipėda" and i18n.place_name(p, "pl") == "Kłajpeda"
    assert i18n.country_name("BY", "pl") == "Białoruś"
    assert set(i18n.STRINGS["pl"]) == set(i18n.STRINGS["en"])


@pytest.mark.parametrize(
    ("evidence", "en", "pl"),
    [
        (
            "lemma: curated name 'Kłajpeda'",
            "name “Kłajpeda” in briefmap's gazetteer, matched through its dictionary form",
            "nazwa „Kłajpeda” z gazetera briefmap, dopasowana przez formę słownikową",
        ),
        (
            "declension: geonames name 'Brest'; chose Brest (BY) over Brest (FR): BY is named "
            "in this text",
            "; chose Brest (BY) over Brest (FR): Belarus is named in this text",
            "; wybrano Brest (BY) zamiast Brest (FR): w tym tekście wymieniono: Białoruś",
        ),
        (
            "cue lemmas zamknąć + granica (zamknięcie, granicy); context: LT, BY named in the text",
            "linked by the words zamknięcie, granicy (dictionary forms zamknąć + granica); "
            "LT, BY named in the text",
            "powiązane słowami zamknięcie, granicy (formy słownikowe zamknąć + granica); "
            "w tekście wymieniono LT, BY",
        ),
        (
            "region adjective: obwód + grodzieński",
            "region named by its adjective: obwód + grodzieński",
            "region nazwany przymiotnikiem: obwód + grodzieński",
        ),
    ],
)
def test_evidence_is_worded_in_the_interface_language(evidence, en, pl):
    assert en in i18n_evidence.evidence(evidence, "en")
    assert pl in i18n_evidence.evidence(evidence, "pl")


def test_evidence_in_another_form_is_left_as_it_is():
    for text in ("lemma: Kłajpedzie", "reviewed by hand", "", "cue lemmas without words"):
        assert i18n_evidence.evidence(text, "pl") == text


def test_a_title_the_brief_does_not_print_is_in_brackets():
    record = {"title": "Zakładnicy", "title_is_descriptive": 1, "publisher": "IEŚ"}
    assert i18n.citation(record, "pl") == "[Zakładnicy] · IEŚ"
    assert i18n.citation({**record, "title_is_descriptive": 0}, "en") == "Zakładnicy · IEŚ"
    assert "label" not in i18n.citation(record, "en")
