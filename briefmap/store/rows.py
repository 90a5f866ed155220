"""Rows and the objects they store: a :class:`Place`, a :class:`Brief` and its offset map
to the columns they are written as and back, and a read row to the plain dict a page gets
(JSON columns decoded). No SQL is run here."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from array import array
from collections.abc import Mapping, Sequence
from datetime import date

from briefmap.model import Brief, Place


def iso(d: date | None) -> str | None:
    """A date as the store keeps it (ISO text), None for none."""
    return d.isoformat() if d else None


def text_sha256(text: str) -> str:
    """The hash a brief's original text is found by (the same brief added twice)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# -- places ----------------------------------------------------------------------------------
def place_row(p: Place) -> tuple:
    """The ``places`` columns of ``p``, in table order (its other names go in ``attrs``)."""
    attrs = dict(p.attrs)
    if p.names:
        attrs["names"] = {k: list(v) for k, v in p.names.items()}
    return (
        p.id,
        p.name,
        p.name_pl,
        p.kind,
        p.country,
        p.lat,
        p.lon,
        p.precision,
        p.source,
        p.population,
        json.dumps(attrs, ensure_ascii=False, default=str),
    )


def place_from_row(r: Mapping) -> Place:
    """A stored place as a :class:`Place` (names from its attrs)."""
    attrs = json.loads(r["attrs"] or "{}") if isinstance(r["attrs"], str) else dict(r["attrs"])
    names = {k: tuple(v) for k, v in (attrs.pop("names", None) or {}).items()}
    return Place(
        id=r["id"],
        name=r["name"],
        name_pl=r["name_pl"],
        kind=r["kind"],
        country=r["country"] or "",
        lat=r["lat"],
        lon=r["lon"],
        precision=r["precision"],
        source=r["source"] or "",
        population=r["population"] or 0,
        names=names,
        attrs=attrs,
    )


def place_json(p: Place) -> str:
    """A place as the reviews log keeps a copy of it."""
    cols = ("id", "name", "name_pl", "kind", "country", "lat", "lon", "precision", "source")
    row = dict(zip((*cols, "population", "attrs"), place_row(p), strict=True))
    return json.dumps(row, ensure_ascii=False)


def place_dict(r: sqlite3.Row) -> dict:
    """A ``places`` row as a page gets it (``attrs`` decoded)."""
    d = {
        k: r[k]
        for k in (
            "id",
            "name",
            "name_pl",
            "kind",
            "country",
            "lat",
            "lon",
            "precision",
            "source",
            "population",
        )
    }
    d["attrs"] = json.loads(r["attrs"] or "{}")
    return d


# -- mentions --------------------------------------------------------------------------------
def mention_dict(r: sqlite3.Row) -> dict:
    """A mention row (with whatever columns were joined to it) as a page gets it: its JSON
    columns decoded."""
    d = dict(r)
    for k in ("themes", "theme_evidence", "dates", "marks", "auto_themes"):
        if k in d:
            d[k] = json.loads(d[k])
    return d


# -- flows -----------------------------------------------------------------------------------
def flow_dict(r: sqlite3.Row) -> dict:
    """A flow row (with whatever columns were joined to it) as a page gets it: its ends and
    JSON columns decoded (``origin``/``destination`` None when the row has none)."""
    d = dict(r)
    for k in ("via", "former", "countries", "evidence", "themes", "dates"):
        if k in d:
            d[k] = json.loads(d[k])
    for k in ("origin", "destination"):
        if k in d:
            d[k] = json.loads(d[k]) if d[k] else None
    return d


# -- briefs ----------------------------------------------------------------------------------
def pack_offsets(offsets: Sequence[int]) -> str:
    """The reading -> original offset map as runs: ``[[i, o], …, n]`` says reading index
    ``i`` maps to ``o`` and the following ones step by one, until the next run; ``n`` is
    the map's length. A brief's map has a run per repaired line break, not one number per
    character: at 10,000 briefs that is the difference between megabytes and a gigabyte."""
    runs: list[list[int]] = []
    for i, o in enumerate(offsets):
        if not runs or o != runs[-1][1] + (i - runs[-1][0]):
            runs.append([i, o])
    return json.dumps([*runs, len(offsets)], separators=(",", ":"))


def unpack_offsets(packed: str) -> array[int]:
    """The inverse of :func:`pack_offsets` (as an ``array`` of machine integers)."""
    *runs, n = json.loads(packed)
    out: array[int] = array("q")
    for k, (i, o) in enumerate(runs):
        end = runs[k + 1][0] if k + 1 < len(runs) else n
        out.extend(range(o, o + end - i))
    return out


def brief_from_row(r: Mapping) -> Brief:
    """A stored brief as a :class:`Brief`."""
    return Brief(
        id=r["id"],
        path=r["path"],
        original=r["original"],
        reading=r["reading"],
        offsets=unpack_offsets(r["offsets"]),
        language=r["language"],
        title=r["title"],
        title_is_descriptive=bool(r["title_is_descriptive"]),
        publisher=r["publisher"] or "",
        series=r["series"] or "",
        author=r["author"] or "",
        date_start=date.fromisoformat(r["date_start"]) if r["date_start"] else None,
        date_end=date.fromisoformat(r["date_end"]) if r["date_end"] else None,
        date_note=r["date_note"] or "",
        url=r["url"] or "",
    )
