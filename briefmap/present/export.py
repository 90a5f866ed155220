"""Exports of a view of the store: an offline HTML presentation, data files, a picture.

A view is what the dashboard shows: ``Filters`` (briefs, themes, …), a language, and how
the briefing steps through it (text or date order, or a curated briefing file). Formats:

- ``html``: ONE file that works with no network: the map (offline basemap, theme layers,
  crossings, borders, flows, legend) and the briefing player (``layers.briefing_player``), with
  Leaflet, every style and image inlined (read from the pinned ``xstatic`` packages). The
  page is the dashboard briefing page's document with its libraries inlined; its texts are
  escaped by ``layers.escape``, as on the page.
- ``geojson``: a FeatureCollection, one Point per mention (``record = "mention"``), then one
  LineString per flow (``record = "flow"``, through its stops origin → via → destination).
- ``csv``: one row per mention (UTF-8 with a byte-order mark, so spreadsheet programs read
  Polish letters right); ``flows=True`` writes the flows instead, their line as WKT.
- ``gpkg``: layers ``mentions`` (points), ``flows`` (lines) and ``areas`` (the polygons of
  the regions and countries the view mentions, one row per place).
- ``png`` / ``svg``: a picture of the view for a slide, with its legend and a source line
  (geopandas and matplotlib, Web Mercator like the map).

Honest geometry: a mention's point is its place's anchor. ``precision`` says what it
stands for, and ``location_meaning`` says it in words: for a region or a country the
point is where the map anchors it, not where anything happened; the polygon is in
``areas`` (GeoPackage) and the picture draws the area, never a pin. Data files carry the
briefs' text verbatim (they are data: escape it where you render it).

Every file is written to a temporary name next to ``out`` and renamed into place, so a
failed export never leaves a half-written file. SQL stays in ``briefmap.store``.
"""

from __future__ import annotations

import base64
import csv
import importlib
import json
import mimetypes
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from briefmap import i18n
from briefmap.i18n import t
from briefmap.present.steps import (
    Steps,
    briefing_steps,
    load_briefing,
    view_steps,
)
from briefmap.store import Filters, Store

FORMATS = ("html", "geojson", "csv", "gpkg", "png", "svg")
MIME = {
    "html": "text/html",
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "gpkg": "application/geopackage+sqlite3",
    "png": "image/png",
    "svg": "image/svg+xml",
}
#: the prefix the map's script and style links get while rendering, replaced by the files
_INLINE = "bm-inline:"
#: where each inlined library file is read from: folder under static/vendor -> package
_VENDOR_PACKAGES = {"leaflet": "xstatic.pkg.leaflet"}

MENTION_FIELDS = (
    "record",
    "mention_id",
    "brief_id",
    "place_id",
    "place_name",
    "place_name_pl",
    "place_kind",
    "country",
    "precision",
    "location_meaning",
    "lat",
    "lon",
    "surface",
    "start",
    "end",
    "orig_start",
    "orig_end",
    "excerpt",
    "excerpt_start",
    "excerpt_end",
    "excerpt_orig_start",
    "excerpt_orig_end",
    "link",
    "evidence",
    "confidence",
    "themes",
    "theme_words",
    "dates",
    "date_words",
    "event_from",
    "event_to",
    "brief_title",
    "brief_title_is_label",
    "publisher",
    "series",
    "author",
    "published",
    "published_end",
    "brief_url",
    "brief_language",
    "brief_file",
    "citation",
)
FLOW_FIELDS = (
    "record",
    "flow_id",
    "brief_id",
    "kind",
    "commodity",
    "commodity_pl",
    "commodity_words",
    "origin_id",
    "origin",
    "via_ids",
    "via",
    "destination_id",
    "destination",
    "former_ids",
    "former",
    "countries",
    "excerpt",
    "excerpt_start",
    "excerpt_end",
    "excerpt_orig_start",
    "excerpt_orig_end",
    "evidence",
    "confidence",
    "themes",
    "dates",
    "event_from",
    "event_to",
    "brief_title",
    "publisher",
    "published",
    "published_end",
    "brief_url",
    "brief_language",
    "brief_file",
    "citation",
)
AREA_FIELDS = ("place_id", "place_name", "place_name_pl", "precision", "country", "mentions")

_MEANING = {
    "point": "the place itself",
    "settlement": "the town or city (its centre)",
    "region": "anchor of a region: the whole region is meant, not this point",
    "country": "anchor of a country: the whole country is meant, not this point",
    "continent": "anchor of a continent: the whole continent is meant, not this point",
}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


class ExportError(ValueError):
    """An export that cannot be made (an unknown brief or theme, an empty path, …): the
    message is one line saying what to do."""


@dataclass(frozen=True)
class View:
    """What an export shows: ``filters``; steps in ``order`` ("text" or "date") or from a
    curated ``briefing`` file; ``start`` step; ``centre`` (lat, lon, zoom) of the map's
    current view for a picture (else the picture fits the places)."""

    filters: Filters = field(default_factory=Filters)
    language: str = "en"
    order: str = "text"
    briefing: str | None = None
    start: int = 1
    centre: tuple[float, float, int] | None = None


# -- checking a view -------------------------------------------------------------------------
def check_view(store: Store, view: View) -> None:
    """Raise :class:`ExportError` when the view names a brief or a theme the store does not
    have (a typo would otherwise export an empty file without a word)."""
    from briefmap.analysis.themes import load_taxonomy

    known = {b["id"] for b in store.briefs()}
    for b in view.filters.briefs:
        if b not in known:
            raise ExportError(
                f"no brief {b!r} in {store.path}; known: {', '.join(sorted(known)) or 'none'}"
            )
    themes = {th.id for th in load_taxonomy()}
    for th in view.filters.themes:
        if th not in themes:
            raise ExportError(f"no theme {th!r}; known: {', '.join(sorted(themes))}")
    if view.order not in ("text", "date"):
        raise ExportError(f"order must be text or date, not {view.order!r}")


def resolve(view: View) -> View:
    """``view``, with the briefs of its briefing file as its brief filter when it names no
    brief itself: the map and the data of a briefing are those of the briefs it presents."""
    if not view.briefing or view.filters.briefs:
        return view
    briefs = tuple(dict.fromkeys(s.brief for s in load_briefing(view.briefing).steps if s.brief))
    return replace(view, filters=replace(view.filters, briefs=briefs))


def steps_of(store: Store, view: View) -> Steps:
    """The briefing steps of ``view`` (a curated file's, else the view's own)."""
    if view.briefing:
        return briefing_steps(load_briefing(view.briefing), store)
    return view_steps(store, view.filters, view.order)


def view_title(store: Store, view: View, steps: Steps | None = None) -> str:
    """The briefing's title, the one brief's title, or "Places in N briefs"."""
    if steps is not None and steps.title:
        return steps.title
    briefs = {b["id"]: b for b in store.briefs()}
    chosen = [briefs[b] for b in view.filters.briefs if b in briefs]
    if len(chosen) == 1:
        return i18n.citation(chosen[0], view.language)
    n = len(chosen) or store.totals(view.filters)["briefs"]
    return t("export_title_view", view.language, n=n)


# -- the map (HTML export and the briefing page) -----------------------------------------------
@dataclass
class MapData:
    """What the map of a view draws, read once from the store (one row per place)."""

    places: list[dict]
    counts: dict[str, int]
    unthemed: dict[str, int]
    examples: dict[str, dict]
    flows: list[dict]
    crossings: list[dict]
    totals: dict[str, int] = field(default_factory=dict)


def map_data(store: Store, f: Filters) -> MapData:
    """The store's answers for the map under ``f`` (as the dashboard asks them)."""
    from layers.place_symbols import OTHER_THEME

    places = store.place_summary(f)
    unthemed = store.unthemed_counts(f)
    counts = store.theme_counts(f)
    if unthemed:
        counts[OTHER_THEME] = sum(unthemed.values())
    return MapData(
        places=places,
        counts=counts,
        unthemed=unthemed,
        examples=store.place_examples(f),
        flows=store.flows(f),
        crossings=crossing_rows(places),
        totals=store.totals(f),
    )


def crossing_rows(places: Sequence[Mapping]) -> list[dict]:
    """The curated border crossings with their mentions among ``places`` (place_summary
    rows), as ``layers.crossings`` draws them."""
    from briefmap.places.curated import load_curated

    counts = {p["id"]: p["mentions"] for p in places}
    return [
        {**rec, "name": rec["name_en"], "mentions": counts.get(rec["id"], 0)}
        for rec in load_curated()
        if rec.get("kind") == "border_crossing"
    ]


def briefing_map(
    store: Store,
    view: View,
    vendor: str | None = None,
    steps: Steps | None = None,
    data: MapData | None = None,
):
    """The folium map of ``view`` with every layer and the briefing player. ``vendor`` is
    the URL prefix of Leaflet (``layers.assets.VENDOR_URL`` on the page); ``None`` marks
    the links for :func:`html_document` to inline."""
    import folium

    from briefmap.analysis.themes import load_taxonomy
    from layers.basemap import offline_map
    from layers.borders import border_layer
    from layers.boundaries import load_boundaries
    from layers.briefing_player import BriefingPlayer, player_steps
    from layers.crossings import crossing_layer
    from layers.escape import escape
    from layers.flow_lines import flow_layer
    from layers.legend import crossing_statuses, flow_kinds, legend_layer
    from layers.place_symbols import drawn_counts, drawn_places, place_layer

    lang = i18n.language(view.language)
    steps = steps if steps is not None else steps_of(store, view)
    view = resolve(view)
    data = data or map_data(store, view.filters)
    taxonomy = list(load_taxonomy())
    bounds = load_boundaries()
    m = offline_map(bounds, lang, vendor=vendor or _INLINE, online_tiles=False)
    borders = border_layer(bounds, lang).add_to(m)
    ids = [th.id for th in taxonomy]
    only = tuple(x for x in view.filters.themes if x in ids)
    places = place_layer(
        data.places, taxonomy, lang, bounds, data.unthemed, only, examples=data.examples
    )
    themes = [places.add_to(m)]
    crossings = crossing_layer(data.crossings, lang).add_to(m)
    flows = flow_layer(data.flows, lang).add_to(m)
    drawn = drawn_counts(drawn_places(data.places, ids, data.unthemed, only))
    counts = {k: n for k, n in data.counts.items() if not only or k in only}
    legend_layer(
        taxonomy,
        counts,
        lang,
        drawn,
        crossing_statuses(data.crossings),
        flow_kinds(data.flows),
        borders=True,
    ).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    title = view_title(store, view, steps)
    more = ""
    if steps.total > len(steps):
        more = t("brief_more", lang, shown=len(steps), total=steps.total)
    m.add_child(
        BriefingPlayer(
            player_steps(steps.steps, lang, bounds),
            {"themes": themes, "flows": [flows], "crossings": [crossings], "borders": [borders]},
            language=lang,
            title=title,
            start=view.start,
            autoplay=_autoplay(view),
            more=more,
        )
    )
    m.get_root().title = escape(title)  # branca puts it into <title> as it is
    return m


def _autoplay(view: View) -> float:
    if not view.briefing:
        return 0.0
    try:
        return load_briefing(view.briefing).autoplay
    except ValueError:
        return 0.0


def html_document(m, inline: bool = True) -> str:
    """The map as one HTML document; with ``inline``, every script and style it links is
    put into the page (images in styles as data URIs). Raises ``ExportError`` if anything
    would still be fetched from elsewhere."""
    html = m.get_root().render()
    if not inline:
        return html

    def script(match: re.Match) -> str:
        code = _vendor_file(match.group(1)).decode("utf-8")
        code = re.sub(r"//# sourceMappingURL=\S+", "", code)
        return "<script>" + code.replace("</script", "<\\/script") + "</script>"

    def style(match: re.Match) -> str:
        name = match.group(1)
        css = _vendor_file(name).decode("utf-8")
        folder = name.rsplit("/", 1)[0]
        css = re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", css)
        css = re.sub(
            r"url\((['\"]?)([^)'\"]+)\1\)",
            lambda u: _data_url(folder, u.group(2)),
            css,
        )
        return "<style>" + css.replace("</style", "<\\/style") + "</style>"

    html = re.sub(rf'<script src="{_INLINE}/([^"]+)"></script>', script, html)
    html = re.sub(rf'<link rel="stylesheet" href="{_INLINE}/([^"]+)"\s*/?>', style, html)
    leftover = re.findall(
        r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["'](?!data:)""", html
    )
    if leftover or _INLINE in html:
        raise ExportError(f"the HTML export would still load files: {leftover[:3]}")
    return html


def _data_url(folder: str, ref: str) -> str:
    if ref.startswith(("data:", "#")):
        return f"url({ref})"
    body = _vendor_file(f"{folder}/{ref}")
    mime = mimetypes.guess_type(ref)[0] or "application/octet-stream"
    return f"url(data:{mime};base64,{base64.b64encode(body).decode('ascii')})"


@lru_cache(maxsize=16)
def _vendor_file(name: str) -> bytes:
    """A file of static/vendor by its path there (``leaflet/leaflet.js``), read from the
    pinned package that ships it, so an export needs no ``make assets``."""
    folder, _, rest = name.partition("/")
    module = _VENDOR_PACKAGES.get(folder)
    if module is None:
        raise ExportError(f"no package ships {name}")
    base = Path(importlib.import_module(module).BASE_DIR)
    path = (base / rest).resolve()
    if base.resolve() not in path.parents:
        raise ExportError(f"{name} is outside its package")
    return path.read_bytes()


def export_html(store: Store, view: View) -> str:
    """The offline HTML presentation of ``view`` as text."""
    return html_document(briefing_map(store, view, vendor=None), inline=True)


# -- data rows ---------------------------------------------------------------------------------
def mention_row(m: Mapping, language: str = "en") -> dict:
    """A ``Store.export_mentions`` row flattened for GeoJSON/CSV/GeoPackage (text as the
    brief has it; lists joined with "; ")."""
    dates = m.get("dates") or []
    words = m.get("theme_evidence") or {}
    return {
        "record": "mention",
        "mention_id": m["id"],
        "brief_id": m["brief_id"],
        "place_id": m["place_id"],
        "place_name": m.get("place_name") or "",
        "place_name_pl": m.get("place_name_pl") or "",
        "place_kind": m.get("kind") or "",
        "country": m.get("country") or "",
        "precision": m.get("precision") or "",
        "location_meaning": _MEANING.get(str(m.get("precision")), ""),
        "lat": float(m["lat"]),
        "lon": float(m["lon"]),
        "surface": m["surface"],
        "start": m["start"],
        "end": m["end"],
        "orig_start": m.get("orig_start"),
        "orig_end": m.get("orig_end"),
        "excerpt": m["excerpt"],
        "excerpt_start": m.get("excerpt_start"),
        "excerpt_end": m.get("excerpt_end"),
        "excerpt_orig_start": m.get("excerpt_orig_start"),
        "excerpt_orig_end": m.get("excerpt_orig_end"),
        "link": m["link"],
        "evidence": m.get("evidence") or "",
        "confidence": m.get("confidence"),
        "themes": "; ".join(m.get("themes") or ()),
        "theme_words": "; ".join(f"{k}: {', '.join(v)}" for k, v in words.items()),
        "dates": "; ".join(f"{d[1]}/{d[2]}" for d in dates),
        "date_words": "; ".join(str(d[0]) for d in dates),
        "event_from": m.get("date_min") or "",
        "event_to": m.get("date_max") or "",
        "brief_title": m.get("title") or "",
        "brief_title_is_label": bool(m.get("title_is_descriptive")),
        "publisher": m.get("publisher") or "",
        "series": m.get("series") or "",
        "author": m.get("author") or "",
        "published": m.get("published_start") or "",
        "published_end": m.get("published_end") or "",
        "brief_url": m.get("url") or "",
        "brief_language": m.get("language") or "",
        "brief_file": Path(str(m.get("brief_path") or "")).name,
        "citation": i18n.citation(m, language),
    }


def flow_row(fl: Mapping, language: str = "en") -> dict:
    """A ``Store.flows`` row flattened like :func:`mention_row`; ends by name and id, stops
    joined with " > "."""

    def name(p: Mapping | None) -> str:
        return str(p["name"]) if p else ""

    def pid(p: Mapping | None) -> str:
        return str(p["place_id"]) if p else ""

    via, former = fl.get("via") or [], fl.get("former") or []
    dates = fl.get("dates") or []
    return {
        "record": "flow",
        "flow_id": fl["id"],
        "brief_id": fl["brief_id"],
        "kind": fl.get("kind") or "",
        "commodity": fl.get("commodity") or "",
        "commodity_pl": fl.get("commodity_pl") or "",
        "commodity_words": fl.get("commodity_words") or "",
        "origin_id": pid(fl.get("origin")),
        "origin": name(fl.get("origin")),
        "via_ids": " > ".join(pid(v) for v in via),
        "via": " > ".join(name(v) for v in via),
        "destination_id": pid(fl.get("destination")),
        "destination": name(fl.get("destination")),
        "former_ids": " > ".join(pid(v) for v in former),
        "former": " > ".join(name(v) for v in former),
        "countries": "; ".join(fl.get("countries") or ()),
        "excerpt": fl["excerpt"],
        "excerpt_start": fl.get("excerpt_start"),
        "excerpt_end": fl.get("excerpt_end"),
        "excerpt_orig_start": fl.get("excerpt_orig_start"),
        "excerpt_orig_end": fl.get("excerpt_orig_end"),
        "evidence": " | ".join(str(x) for x in fl.get("evidence") or ()),
        "confidence": fl.get("confidence"),
        "themes": "; ".join(fl.get("themes") or ()),
        "dates": "; ".join(f"{d[1]}/{d[2]}" for d in dates),
        "event_from": fl.get("date_min") or "",
        "event_to": fl.get("date_max") or "",
        "brief_title": fl.get("title") or "",
        "publisher": fl.get("publisher") or "",
        "published": fl.get("published_start") or "",
        "published_end": fl.get("published_end") or "",
        "brief_url": fl.get("url") or "",
        "brief_language": fl.get("language") or "",
        "brief_file": Path(str(fl.get("brief_path") or "")).name,
        "citation": i18n.citation(fl, language),
    }


def flow_line(fl: Mapping) -> list[tuple[float, float]]:
    """(lon, lat) of a flow's stops in order: origin, via…, destination (the ends it names;
    straight between them — the map's curves are drawing, not data)."""
    ends = [fl.get("origin"), *(fl.get("via") or ()), fl.get("destination")]
    return [(float(p["lon"]), float(p["lat"])) for p in ends if p]


def _flows_drawn(store: Store, f: Filters) -> list[dict]:
    """Flows under ``f`` with a line (two different stops at least)."""
    return [fl for fl in store.flows(f) if len(set(flow_line(fl))) >= 2]


# -- writing files -------------------------------------------------------------------------------
@contextmanager
def _atomic(out: Path, binary: bool = False):
    """A temporary file next to ``out`` (yielded as a path), renamed to ``out`` when the
    block succeeds and removed when it fails."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=f".part{out.suffix}", dir=out.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if tmp_path.exists():  # mkstemp makes it private: give it the usual permissions
            os.chmod(tmp_path, 0o666 & ~_UMASK)
        os.replace(tmp_path, out)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_html(store: Store, view: View, out: Path) -> Path:
    text = export_html(store, view)
    with _atomic(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return out


def write_geojson(store: Store, view: View, out: Path) -> Path:
    """Mentions (Points) then flows (LineStrings), streamed: an archive is not held in
    memory as one document."""
    f = view.filters
    with _atomic(out) as tmp, tmp.open("w", encoding="utf-8") as fh:
        fh.write('{"type": "FeatureCollection", "features": [')
        first = True
        for feature in _features(store, f, view.language):
            fh.write(("\n" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
            first = False
        fh.write("\n]}\n")
    return out


def _features(store: Store, f: Filters, language: str) -> Iterator[dict]:
    for m in store.export_mentions(f):
        row = mention_row(m, language)
        yield {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": row,
        }
    for fl in _flows_drawn(store, f):
        yield {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [list(p) for p in flow_line(fl)]},
            "properties": flow_row(fl, language),
        }


def write_csv(store: Store, view: View, out: Path, flows: bool = False) -> Path:
    """One row per mention, or with ``flows`` one per flow (its line as WKT in ``wkt``).
    UTF-8 with a byte-order mark (pandas reads it with ``encoding="utf-8-sig"``, and reads
    the column names right even without)."""
    f = view.filters
    with _atomic(out) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        if flows:
            w = csv.DictWriter(fh, fieldnames=(*FLOW_FIELDS, "wkt"))
            w.writeheader()
            for fl in _flows_drawn(store, f):
                line = ", ".join(f"{x} {y}" for x, y in flow_line(fl))
                w.writerow({**flow_row(fl, view.language), "wkt": f"LINESTRING ({line})"})
        else:
            w = csv.DictWriter(fh, fieldnames=MENTION_FIELDS)
            w.writeheader()
            for m in store.export_mentions(f):
                w.writerow(mention_row(m, view.language))
    return out


def write_gpkg(store: Store, view: View, out: Path, chunk: int = 20000) -> Path:
    """Layers ``mentions`` (Point), ``flows`` (LineString), ``areas`` (MultiPolygon of the
    regions and countries mentioned, where the boundaries have them), EPSG:4326."""
    import geopandas as gpd
    from shapely.geometry import LineString, MultiPolygon, Point, Polygon

    f = view.filters
    with _atomic(out) as tmp:
        tmp.unlink()  # GDAL creates the file itself

        def write(rows: list[dict], geoms: list, layer: str, gtype: str, fields, append: bool):
            frame = gpd.GeoDataFrame(
                {k: [r[k] for r in rows] for k in fields}, geometry=geoms, crs="EPSG:4326"
            )
            frame.to_file(
                tmp,
                layer=layer,
                driver="GPKG",
                engine="pyogrio",
                geometry_type=gtype,
                append=append,
            )

        rows: list[dict] = []
        written = False
        for m in store.export_mentions(f):
            rows.append(mention_row(m, view.language))
            if len(rows) >= chunk:
                write(
                    rows,
                    [Point(r["lon"], r["lat"]) for r in rows],
                    "mentions",
                    "Point",
                    MENTION_FIELDS,
                    written,
                )
                written, rows = True, []
        if rows or not written:
            write(
                rows,
                [Point(r["lon"], r["lat"]) for r in rows],
                "mentions",
                "Point",
                MENTION_FIELDS,
                written,
            )
        flows = _flows_drawn(store, f)
        write(
            [flow_row(fl, view.language) for fl in flows],
            [LineString(flow_line(fl)) for fl in flows],
            "flows",
            "LineString",
            FLOW_FIELDS,
            False,
        )
        areas, shapes = [], []
        for rec, geom in _areas(store, f):
            areas.append(rec)
            shapes.append(MultiPolygon([geom]) if isinstance(geom, Polygon) else geom)
        write(areas, shapes, "areas", "MultiPolygon", AREA_FIELDS, False)
    return out


def _areas(store: Store, f: Filters) -> Iterator[tuple[dict, object]]:
    """(row, polygon) of every region and country place under ``f`` that has a polygon."""
    from layers.boundaries import load_boundaries

    bounds = load_boundaries()
    for p in store.place_summary(f):
        geom = None
        if p["precision"] == "region":
            geom = bounds.region(p)
        elif p["precision"] == "country" and p.get("country") in bounds:
            geom = bounds.countries[p["country"]]
        if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        yield (
            {
                "place_id": p["id"],
                "place_name": p["name"],
                "place_name_pl": p["name_pl"],
                "precision": p["precision"],
                "country": p.get("country") or "",
                "mentions": p["mentions"],
            },
            geom,
        )


def write_picture(store: Store, view: View, out: Path, fmt: str = "png", **kw) -> Path:
    """The picture of the view (``briefmap.present.picture``) as PNG or SVG."""
    from briefmap.present.picture import draw_picture

    with _atomic(out) as tmp:
        draw_picture(store, view, tmp, fmt, **kw)
    return out


def export(
    store: Store, fmt: str, out: Path | str, view: View = View(), flows: bool = False
) -> Path:
    """Write ``view`` of ``store`` in ``fmt`` (one of :data:`FORMATS`) to ``out``."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if view.briefing:
        steps_of(store, view)  # a briefing that does not fit the store says why, step by step
    view = resolve(view)
    check_view(store, view)
    writers: dict[str, Callable[..., Path]] = {
        "html": write_html,
        "geojson": write_geojson,
        "gpkg": write_gpkg,
    }
    if fmt == "csv":
        return write_csv(store, view, out, flows=flows)
    if fmt in ("png", "svg"):
        return write_picture(store, view, out, fmt)
    return writers[fmt](store, view, out)


def export_bytes(store: Store, fmt: str, view: View = View(), flows: bool = False) -> bytes:
    """The file :func:`export` would write, as bytes (for the page's download buttons)."""
    with tempfile.TemporaryDirectory(prefix="briefmap-export-") as d:
        path = export(store, fmt, Path(d) / f"view.{fmt}", view, flows=flows)
        return path.read_bytes()


def file_name(view: View, fmt: str, flows: bool = False, today: date | None = None) -> str:
    """A file name for an export of ``view``: ``briefmap-<brief or briefing>-<date>.<fmt>``."""
    what = "view"
    if view.briefing:
        what = Path(view.briefing).stem
    elif len(view.filters.briefs) == 1:
        what = view.filters.briefs[0]
    what = re.sub(r"[^A-Za-z0-9_.-]+", "-", what)[:60]
    suffix = "-flows" if flows and fmt == "csv" else ""
    return f"briefmap-{what}{suffix}-{(today or date.today()).isoformat()}.{fmt}"


def sources(store: Store, f: Filters, language: str, limit: int = 3) -> list[str]:
    """Citations of the briefs with a mention under ``f``, newest first (at most ``limit``,
    then "+ N")."""
    briefs = {b["id"]: b for b in store.briefs()}
    ids = store.brief_ids(f)
    shown = [i18n.citation(briefs[b], language) for b in ids[:limit] if b in briefs]
    if len(ids) > limit:
        shown.append(f"+ {len(ids) - limit}")
    return shown
