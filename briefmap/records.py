"""Records: the dicts that mentions and flows become when they leave the pipeline.

Every record of a mention or a flow that a person or a file sees is built here, and nowhere
else. There are two shapes, for two readers:

- the **parse record** of a pipeline object (:func:`mention_record`, :func:`flow_record`,
  :func:`endpoint_record`): what ``briefmap parse`` prints as JSON lines or GeoJSON
  properties, with offsets into the brief and a flow's stops as nested endpoint records
  (the store keeps those endpoint records as they are, as JSON). The CLI's CSV flattens it
  (:func:`mention_csv_row`, :func:`flow_csv_row`; columns :data:`CSV_FIELDS`,
  :data:`FLOW_CSV_FIELDS`);
- the **export row** of a store row (:func:`mention_row`, :func:`flow_row`,
  :func:`area_row`): one flat row with the brief's metadata and citation, as the exports
  (GeoJSON, CSV, GeoPackage) write it; columns :data:`MENTION_FIELDS`,
  :data:`FLOW_FIELDS`, :data:`AREA_FIELDS`.

The two shapes differ because files in users' hands already have them; making them one is a
change of file format, not of this module. An event gets its :func:`event_record` (and
:func:`event_csv_row`, columns :data:`EVENT_CSV_FIELDS`) here beside them.

A bottom module: it imports only ``briefmap.model`` and ``briefmap.i18n`` and reads a flow by
its attributes, so every floor (the flows stage too) may use it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias

from briefmap import i18n
from briefmap.model import Event, Mention

# The flows stage's ``Endpoint`` and ``Flow`` (briefmap.analysis.flows), named for the reader
# only: that stage imports this module to build its records, so this one reads them by their
# attributes and does not import them (an import back would be a circle).
Endpoint: TypeAlias = Any
Flow: TypeAlias = Any


# -- parse records (briefmap parse) -------------------------------------------------------------
#: the CLI's CSV columns of a mention (``briefmap parse --format csv``)
CSV_FIELDS = (
    "doc",
    "surface",
    "start",
    "end",
    "place_id",
    "name",
    "name_pl",
    "kind",
    "country",
    "precision",
    "lat",
    "lon",
    "link",
    "evidence",
    "excerpt",
    "themes",
    "dates",
    "confidence",
)
#: the CLI's CSV columns of a flow (``briefmap parse --format csv --flows``)
FLOW_CSV_FIELDS = (
    "doc",
    "kind",
    "commodity",
    "commodity_words",
    "origin",
    "origin_country",
    "via",
    "destination",
    "destination_country",
    "former",
    "excerpt",
    "excerpt_start",
    "excerpt_end",
    "orig_start",
    "orig_end",
    "evidence",
    "confidence",
)


#: the CLI's CSV columns of an event (``briefmap parse --format csv --events``)
EVENT_CSV_FIELDS = (
    "doc",
    "kind",
    "place_id",
    "place",
    "country",
    "lat",
    "lon",
    "surface",
    "actor",
    "date",
    "date_precision",
    "mood",
    "for",
    "excerpt",
    "excerpt_start",
    "excerpt_end",
    "orig_start",
    "orig_end",
    "evidence",
    "confidence",
)


def mention_record(m: Mention, doc: str) -> dict:
    """The flat record ``briefmap parse`` prints for one mention (GeoJSON properties)."""
    p = m.place
    return {
        "type": "mention",
        "doc": doc,
        "brief_id": m.brief_id,
        "surface": m.surface,
        "start": m.start,
        "end": m.end,
        "orig_start": m.orig_start,
        "orig_end": m.orig_end,
        "place_id": p.id,
        "name": p.name,
        "name_pl": p.name_pl,
        "kind": p.kind,
        "country": p.country,
        "precision": p.precision,
        "lat": p.lat,
        "lon": p.lon,
        "link": m.link,
        "evidence": m.evidence,
        "marks": [list(x) for x in m.marks],
        "excerpt": m.excerpt,
        "excerpt_start": m.excerpt_start,
        "excerpt_end": m.excerpt_end,
        "excerpt_orig_start": m.excerpt_orig_start,
        "excerpt_orig_end": m.excerpt_orig_end,
        "themes": list(m.themes),
        "theme_evidence": {k: list(v) for k, v in m.theme_evidence.items()},
        "dates": _dates(m.dates),
        "confidence": m.confidence,
        "source": p.source,
    }


def endpoint_record(ep: Endpoint) -> dict:
    """One stop of a flow: its place, and the words (with their span, ``None`` for an end
    the sentence does not name) that gave it its role; ``approximate`` when the text names
    only a country's ports and the point stands for a group of them."""
    return {
        "place_id": ep.place_id,
        "name": ep.name,
        "name_pl": ep.name_pl,
        "country": ep.country,
        "lat": ep.lat,
        "lon": ep.lon,
        "precision": ep.precision,
        "words": ep.words,
        "start": ep.start if ep.start >= 0 else None,
        "end": ep.end if ep.end >= 0 else None,
        "approximate": ep.approximate,
    }


def flow_record(fl: Flow, doc: str) -> dict:
    """The record ``briefmap parse`` prints for one flow (``"type": "flow"``);
    ``approximate`` is true when a stop is only a country's ports."""
    return {
        "type": "flow",
        "doc": doc,
        "brief_id": fl.brief_id,
        "origin": endpoint_record(fl.origin) if fl.origin else None,
        "via": [endpoint_record(v) for v in fl.via],
        "destination": endpoint_record(fl.destination) if fl.destination else None,
        "former": [endpoint_record(v) for v in fl.former],
        "commodity": fl.commodity,
        "commodity_pl": fl.commodity_pl,
        "commodity_words": fl.commodity_words,
        "kind": fl.kind,
        "approximate": fl.approximate,
        "excerpt": {
            "text": fl.excerpt,
            "start": fl.excerpt_start,
            "end": fl.excerpt_end,
            "orig_start": fl.excerpt_orig_start,
            "orig_end": fl.excerpt_orig_end,
        },
        "evidence": list(fl.evidence),
        "confidence": fl.confidence,
        "themes": list(fl.themes),
        "dates": _dates(fl.dates),
    }


def event_record(ev: Event, doc: str) -> dict:
    """The record ``briefmap parse`` prints for one event (``"type": "event"``): its place
    as an object, its date (ISO day or month, "" when none) and precision, the words that
    stand for the place (``start``/``end`` and ``orig_start``/``orig_end``), and the
    excerpt with its own offsets into the reading and the original text."""
    p = ev.place
    return {
        "type": "event",
        "doc": doc,
        "brief_id": ev.brief_id,
        "kind": ev.kind,
        "place": {
            "place_id": p.id,
            "name": p.name,
            "name_pl": p.name_pl,
            "kind": p.kind,
            "country": p.country,
            "lat": p.lat,
            "lon": p.lon,
        },
        "surface": ev.surface,
        "start": ev.start,
        "end": ev.end,
        "orig_start": ev.orig_start,
        "orig_end": ev.orig_end,
        "trigger": ev.trigger,
        "actor": ev.actor,
        "date": ev.date,
        "date_precision": ev.date_precision,
        "date_surface": ev.date_surface,
        "mood": ev.mood,
        "for": list(ev.traffic),
        "excerpt": {
            "text": ev.excerpt,
            "start": ev.excerpt_start,
            "end": ev.excerpt_end,
            "orig_start": ev.excerpt_orig_start,
            "orig_end": ev.excerpt_orig_end,
        },
        "evidence": ev.evidence,
        "confidence": ev.confidence,
    }


def event_csv_row(rec: Mapping) -> dict:
    """An :func:`event_record` flattened for CSV (columns :data:`EVENT_CSV_FIELDS`)."""
    place, excerpt = rec["place"], rec["excerpt"]
    return {
        "doc": rec["doc"],
        "kind": rec["kind"],
        "place_id": place["place_id"],
        "place": place["name"],
        "country": place["country"],
        "lat": place["lat"],
        "lon": place["lon"],
        "surface": rec["surface"],
        "actor": rec["actor"],
        "date": rec["date"],
        "date_precision": rec["date_precision"],
        "mood": rec["mood"],
        "for": "; ".join(rec["for"]),
        "excerpt": excerpt["text"],
        "excerpt_start": excerpt["start"],
        "excerpt_end": excerpt["end"],
        "orig_start": excerpt["orig_start"],
        "orig_end": excerpt["orig_end"],
        "evidence": rec["evidence"],
        "confidence": rec["confidence"],
    }


def _dates(dates: Sequence[tuple[str, str, str]]) -> list[dict]:
    return [{"surface": d[0], "start": d[1], "end": d[2]} for d in dates]


def mention_csv_row(rec: Mapping) -> dict:
    """A :func:`mention_record` for CSV: themes joined by ";", dates as "start/end" joined
    by ";" (the other keys as they are; the writer keeps those of :data:`CSV_FIELDS`)."""
    return {
        **rec,
        "themes": ";".join(rec["themes"]),
        "dates": ";".join(f"{d['start']}/{d['end']}" for d in rec["dates"]),
    }


def flow_csv_row(rec: Mapping) -> dict:
    """A :func:`flow_record` flattened for CSV: ends by name, stops joined by " > "."""

    def name(p: Mapping | None) -> str:
        return p["name"] if p else ""

    return {
        "doc": rec["doc"],
        "kind": rec["kind"],
        "commodity": rec["commodity"],
        "commodity_words": rec["commodity_words"],
        "origin": name(rec["origin"]),
        "origin_country": rec["origin"]["country"] if rec["origin"] else "",
        "via": " > ".join(name(v) for v in rec["via"]),
        "destination": name(rec["destination"]),
        "destination_country": rec["destination"]["country"] if rec["destination"] else "",
        "former": " > ".join(name(v) for v in rec["former"]),
        "excerpt": rec["excerpt"]["text"],
        "excerpt_start": rec["excerpt"]["start"],
        "excerpt_end": rec["excerpt"]["end"],
        "orig_start": rec["excerpt"]["orig_start"],
        "orig_end": rec["excerpt"]["orig_end"],
        "evidence": " | ".join(rec["evidence"]),
        "confidence": rec["confidence"],
    }


# -- export rows (briefmap export) --------------------------------------------------------------
#: the excerpt's columns of every export row (offsets into the reading, then the original)
EXCERPT_FIELDS = (
    "excerpt",
    "excerpt_start",
    "excerpt_end",
    "excerpt_orig_start",
    "excerpt_orig_end",
)
#: the brief's columns of every export row (``store.query_base.BRIEF_COLUMNS``)
BRIEF_FIELDS = (
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
    *EXCERPT_FIELDS,
    "link",
    "evidence",
    "confidence",
    "themes",
    "theme_words",
    "dates",
    "date_words",
    "event_from",
    "event_to",
    *BRIEF_FIELDS,
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
    *EXCERPT_FIELDS,
    "evidence",
    "confidence",
    "themes",
    "dates",
    "event_from",
    "event_to",
    *BRIEF_FIELDS,
)
AREA_FIELDS = ("place_id", "place_name", "place_name_pl", "precision", "country", "mentions")

#: what a mention's point stands for, by its precision (the export's ``location_meaning``)
_MEANING = {
    "point": "the place itself",
    "settlement": "the town or city (its centre)",
    "region": "anchor of a region: the whole region is meant, not this point",
    "country": "anchor of a country: the whole country is meant, not this point",
    "continent": "anchor of a continent: the whole continent is meant, not this point",
}


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
        **_excerpt_cells(m),
        "link": m["link"],
        "evidence": m.get("evidence") or "",
        "confidence": m.get("confidence"),
        "themes": "; ".join(m.get("themes") or ()),
        "theme_words": "; ".join(f"{k}: {', '.join(v)}" for k, v in words.items()),
        "dates": "; ".join(f"{d[1]}/{d[2]}" for d in dates),
        "date_words": "; ".join(str(d[0]) for d in dates),
        "event_from": m.get("date_min") or "",
        "event_to": m.get("date_max") or "",
        **_brief_cells(m, language),
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
        **_excerpt_cells(fl),
        "evidence": " | ".join(str(x) for x in fl.get("evidence") or ()),
        "confidence": fl.get("confidence"),
        "themes": "; ".join(fl.get("themes") or ()),
        "dates": "; ".join(f"{d[1]}/{d[2]}" for d in dates),
        "event_from": fl.get("date_min") or "",
        "event_to": fl.get("date_max") or "",
        **_brief_cells(fl, language),
    }


def _excerpt_cells(r: Mapping) -> dict:
    """The :data:`EXCERPT_FIELDS` of a store row."""
    return {
        "excerpt": r["excerpt"],
        "excerpt_start": r.get("excerpt_start"),
        "excerpt_end": r.get("excerpt_end"),
        "excerpt_orig_start": r.get("excerpt_orig_start"),
        "excerpt_orig_end": r.get("excerpt_orig_end"),
    }


def _brief_cells(r: Mapping, language: str) -> dict:
    """The :data:`BRIEF_FIELDS` of a store row (its brief's columns)."""
    return {
        "brief_title": r.get("title") or "",
        "brief_title_is_label": bool(r.get("title_is_descriptive")),
        "publisher": r.get("publisher") or "",
        "series": r.get("series") or "",
        "author": r.get("author") or "",
        "published": r.get("published_start") or "",
        "published_end": r.get("published_end") or "",
        "brief_url": r.get("url") or "",
        "brief_language": r.get("language") or "",
        "brief_file": Path(str(r.get("brief_path") or "")).name,
        "citation": i18n.citation(r, language),
    }


def area_row(p: Mapping) -> dict:
    """A ``Store.place_summary`` row of a region or a country, for the GeoPackage's
    ``areas`` layer (its polygon is the geometry)."""
    return {
        "place_id": p["id"],
        "place_name": p["name"],
        "place_name_pl": p["name_pl"],
        "precision": p["precision"],
        "country": p.get("country") or "",
        "mentions": p["mentions"],
    }
