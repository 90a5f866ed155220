"""The curated geodata shipped in ``geodata/``: the gazetteer and the country boundaries.

``load_curated`` reads ``geodata/places.toml`` and returns its ``[[place]]`` records as plain
dicts after checking every field (a bad record raises ``ValueError`` naming its id and the
field). ``load_countries`` reads ``geodata/boundaries/countries.geojson`` into shapely
geometries keyed by ISO 3166-1 alpha-2 code. Where the data come from: ``geodata/README.md``.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from shapely.geometry import shape

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10 (pyproject allows it): the same parser as tomli
    import tomli as tomllib

from briefmap.model import PRECISIONS
from briefmap.shipped import GEODATA_DIR

PLACES_PATH = GEODATA_DIR / "places.toml"
COUNTRY_WORDS_PATH = GEODATA_DIR / "country_words.toml"
COUNTRIES_PATH = GEODATA_DIR / "boundaries" / "countries.geojson"

KINDS = (
    "country",
    "region",
    "city",
    "port",
    "military_site",
    "facility",
    "border_crossing",
    "corridor",
    "sea",  # a sea or gulf: precision region, no country
    "macro_region",  # a region of several countries ("Baltic states"): precision region
)
#: Kinds whose record names no single country (``country = ""``).
MULTINATIONAL = ("sea", "macro_region")
MODES = ("road", "rail")
STATUSES = ("open", "closed", "restricted")
NAME_LANGS = ("en", "pl", "ru", "be", "lt", "lv")

REQUIRED = ("id", "kind", "precision", "country", "lat", "lon", "source", "name_en", "name_pl")
CROSSING_REQUIRED = ("mode", "countries", "sides", "status", "status_since", "status_source")
OPTIONAL = (
    "names",
    "population",
    "coast_tolerance_km",
    "adjective_pl",
    "adjective_pl_alt",
    "adjective_pl_forms",
    "head_pl",
    "area_km2",
    "cues",
    "cues_en",
    "cue_anchors",
    "cue_not",
    "cue_not_en",
    "status_note",
    "status_history",
    "iso3166_2",
)
KNOWN_FIELDS = frozenset(REQUIRED + CROSSING_REQUIRED + OPTIONAL)

_ID = re.compile(r"^bm:[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_ISO3166_2 = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


def _fail(pid: str, fld: str, why: str) -> ValueError:
    return ValueError(f"places.toml: place {pid!r}, field {fld!r}: {why}")


def _str(rec: dict, pid: str, fld: str) -> str:
    val = rec[fld]
    if not isinstance(val, str) or not val.strip():
        raise _fail(pid, fld, f"must be a non-empty string, got {val!r}")
    return val


def _str_list(val: Any, pid: str, fld: str, *, lower: bool = False) -> list[str]:
    if not isinstance(val, list) or not val:
        raise _fail(pid, fld, f"must be a non-empty list of strings, got {val!r}")
    for item in val:
        if not isinstance(item, str) or not item.strip():
            raise _fail(pid, fld, f"must hold non-empty strings, got {item!r}")
        if lower and item != item.lower():
            raise _fail(pid, fld, f"{item!r} must be lower case (a Morfeusz lemma)")
    return val


def _iso_date(val: Any, pid: str, fld: str) -> date:
    if isinstance(val, date):  # TOML local dates arrive as datetime.date
        return val
    if isinstance(val, str):
        try:
            return date.fromisoformat(val)
        except ValueError:
            pass
    raise _fail(pid, fld, f"must be an ISO date (YYYY-MM-DD), got {val!r}")


def _number(rec: dict, pid: str, fld: str, lo: float, hi: float) -> float:
    val = rec[fld]
    if isinstance(val, bool) or not isinstance(val, int | float) or not lo <= val <= hi:
        raise _fail(pid, fld, f"must be a number in [{lo}, {hi}], got {val!r}")
    return float(val)


def validate_place(rec: dict) -> dict:
    """Check one raw ``[[place]]`` record; return it unchanged or raise ``ValueError``."""
    pid = rec.get("id", "<no id>") if isinstance(rec, dict) else "<not a table>"
    if not isinstance(rec, dict):
        raise _fail(str(pid), "place", "must be a table")
    for fld in REQUIRED:
        if fld not in rec:
            raise _fail(str(pid), fld, "missing")
    pid = _str(rec, str(pid), "id")
    if rec.get("kind") == "country":
        # One canonical id per country, whichever tier names it (CLDR's are "cc:" too).
        if pid != f"cc:{rec.get('country')}":
            raise _fail(pid, "id", 'a country\'s id must be "cc:" + its ISO 3166-1 code')
    elif not _ID.match(pid):
        raise _fail(pid, "id", 'must be "bm:" + a lower-case slug (a-z, 0-9, hyphens)')
    unknown = sorted(set(rec) - KNOWN_FIELDS)
    if unknown:
        raise _fail(pid, unknown[0], "unknown field")

    kind = _str(rec, pid, "kind")
    if kind not in KINDS:
        raise _fail(pid, "kind", f"{kind!r} is not one of {KINDS}")
    if _str(rec, pid, "precision") not in PRECISIONS:
        raise _fail(pid, "precision", f"{rec['precision']!r} is not one of {PRECISIONS}")
    if kind in MULTINATIONAL:
        if rec["country"] != "" or rec.get("precision") != "region":
            raise _fail(pid, "country", f'a {kind} has country = "" and precision "region"')
    elif not _ISO2.match(_str(rec, pid, "country")):
        raise _fail(pid, "country", f"must be an ISO 3166-1 alpha-2 code, got {rec['country']!r}")
    _number(rec, pid, "lat", -90, 90)
    _number(rec, pid, "lon", -180, 180)
    for fld in ("source", "name_en", "name_pl"):
        _str(rec, pid, fld)

    names = rec.get("names", {})
    if not isinstance(names, dict):
        raise _fail(pid, "names", "must be a table of language -> list of names")
    for lang, lst in names.items():
        if lang not in NAME_LANGS:
            raise _fail(pid, f"names.{lang}", f"language must be one of {NAME_LANGS}")
        _str_list(lst, pid, f"names.{lang}")

    if "population" in rec:
        _number(rec, pid, "population", 0, 50_000_000)
    if "coast_tolerance_km" in rec:
        if kind != "port":
            raise _fail(pid, "coast_tolerance_km", "only allowed on a port")
        _number(rec, pid, "coast_tolerance_km", 0, 3)
    if "adjective_pl" in rec:
        adj = _str(rec, pid, "adjective_pl")
        if adj != adj.lower():
            raise _fail(pid, "adjective_pl", "must be a lower-case lemma")
        if "head_pl" not in rec:
            raise _fail(pid, "head_pl", "required with adjective_pl")
    for fld in ("adjective_pl_alt", "adjective_pl_forms"):
        if fld in rec:
            if "adjective_pl" not in rec:
                raise _fail(pid, fld, "only allowed with adjective_pl")
            _str_list(rec[fld], pid, fld, lower=True)
    if "head_pl" in rec:  # one head noun lemma, or a list of them ("przesmyk", "korytarz")
        heads = rec["head_pl"]
        if isinstance(heads, str):
            heads = [_str(rec, pid, "head_pl")]
        _str_list(heads, pid, "head_pl", lower=True)
    if "area_km2" in rec:
        _number(rec, pid, "area_km2", 1, 20_000_000)
    if "iso3166_2" in rec:  # links a region to its polygon in boundaries/regions.geojson
        code = _str(rec, pid, "iso3166_2")
        if kind != "region":
            raise _fail(pid, "iso3166_2", "only allowed on a region")
        if not _ISO3166_2.match(code) or code[:2] != rec["country"]:
            raise _fail(
                pid,
                "iso3166_2",
                f"must be an ISO 3166-2 code of {rec['country']} "
                f"({rec['country']}-XX), got {code!r}",
            )

    for fld in ("cues", "cues_en"):
        if fld in rec:
            cues = rec[fld]
            if not isinstance(cues, list) or not cues:
                raise _fail(pid, fld, "must be a non-empty list of lists of words")
            for cue in cues:
                _str_list(cue, pid, fld, lower=True)
            if "cue_anchors" not in rec:
                raise _fail(pid, "cue_anchors", f"required with {fld}")
    for fld in ("cue_not", "cue_not_en"):  # words of other facilities of the same kind
        if fld in rec:
            _str_list(rec[fld], pid, fld, lower=True)
            if not any(c in rec for c in ("cues", "cues_en")):
                raise _fail(pid, fld, "only with cues")
    if "cue_anchors" in rec:
        anchors = rec["cue_anchors"]
        if not isinstance(anchors, list) or not anchors:
            raise _fail(pid, "cue_anchors", "must be a non-empty list of lists")
        for alternative in anchors:
            for ref in _str_list(alternative, pid, "cue_anchors"):
                if not (_ISO2.match(ref) or _ID.match(ref)):
                    raise _fail(pid, "cue_anchors", f"{ref!r} is neither an ISO2 code nor a bm: id")

    if kind == "border_crossing":
        _validate_crossing(rec, pid)
    else:
        for fld in (*CROSSING_REQUIRED, "status_note", "status_history"):
            if fld in rec:
                raise _fail(pid, fld, "only allowed on a border_crossing")
    return rec


def _validate_crossing(rec: dict, pid: str) -> None:
    for fld in CROSSING_REQUIRED:
        if fld not in rec:
            raise _fail(pid, fld, "missing (required on a border_crossing)")
    if rec["mode"] not in MODES:
        raise _fail(pid, "mode", f"{rec['mode']!r} is not one of {MODES}")
    countries = _str_list(rec["countries"], pid, "countries")
    if len(countries) != 2 or len(set(countries)) != 2 or not all(map(_ISO2.match, countries)):
        raise _fail(pid, "countries", f"must be two different ISO2 codes, got {countries!r}")
    if rec["country"] not in countries:
        raise _fail(pid, "country", f"must be one of countries {countries!r}")
    if len(_str_list(rec["sides"], pid, "sides")) != 2:
        raise _fail(pid, "sides", "must name exactly two sides")
    if rec["status"] not in STATUSES:
        raise _fail(pid, "status", f"{rec['status']!r} is not one of {STATUSES}")
    _iso_date(rec["status_since"], pid, "status_since")
    _str(rec, pid, "status_source")
    if "status_note" in rec:
        _str(rec, pid, "status_note")
    history = rec.get("status_history", [])
    if not isinstance(history, list):
        raise _fail(pid, "status_history", "must be a list of tables")
    for i, entry in enumerate(history):
        fld = f"status_history[{i}]"
        if not isinstance(entry, dict) or set(entry) != {"status", "since", "until", "source"}:
            raise _fail(pid, fld, "must have exactly status, since, until, source")
        if entry["status"] not in STATUSES:
            raise _fail(pid, f"{fld}.status", f"{entry['status']!r} is not one of {STATUSES}")
        since = _iso_date(entry["since"], pid, f"{fld}.since")
        until = _iso_date(entry["until"], pid, f"{fld}.until")
        if until <= since:
            raise _fail(pid, f"{fld}.until", "must be after since")
        if not isinstance(entry["source"], str) or not entry["source"].strip():
            raise _fail(pid, f"{fld}.source", "must be a non-empty string")


def load_curated(path: str | Path | None = None) -> list[dict]:
    """The validated raw ``[[place]]`` records of ``places.toml`` (default: the repo's): a
    fresh copy per call, read again when the file changes."""
    path = Path(path) if path is not None else PLACES_PATH
    st = path.stat()
    # Parsing and validating the TOML took 80 ms, and every map draw asks for the crossings
    return copy.deepcopy(_read_curated(str(path), st.st_mtime_ns, st.st_size))


@functools.lru_cache(maxsize=4)
def _read_curated(path: str, mtime_ns: int, size: int) -> list[dict]:
    """``load_curated``'s reading, once per version of the file (``mtime_ns``, ``size``)."""
    path = Path(path)
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    records = data.get("place")
    if not isinstance(records, list) or not records:
        raise ValueError(f"{path}: no [[place]] tables")
    seen: set[str] = set()
    for rec in records:
        validate_place(rec)
        if rec["id"] in seen:
            raise _fail(rec["id"], "id", "duplicate id")
        seen.add(rec["id"])
    return records


def load_country_words(path: str | Path | None = None) -> dict[str, dict[str, list[str]]]:
    """``geodata/country_words.toml``: ISO2 -> {"pl": adjective lemmas, "en": adjectives};
    a malformed entry raises ``ValueError`` naming it."""
    p = Path(path) if path else COUNTRY_WORDS_PATH
    with p.open("rb") as fh:
        data = tomllib.load(fh)
    out: dict[str, dict[str, list[str]]] = {}
    for code, entry in data.items():
        if not _ISO2.match(code) or not isinstance(entry, dict):
            raise ValueError(f"{p.name}: [{code}] must be an ISO2 code with a table")
        if set(entry) - {"pl", "en"}:
            raise ValueError(f"{p.name}: [{code}]: only the fields pl and en are known")
        words: dict[str, list[str]] = {}
        for lang in ("pl", "en"):
            val = entry.get(lang, [])
            if not isinstance(val, list) or not all(isinstance(w, str) and w for w in val):
                raise ValueError(f"{p.name}: [{code}].{lang} must be a list of words")
            if lang == "pl" and any(w != w.lower() for w in val):
                raise ValueError(f"{p.name}: [{code}].pl holds lemmas: lower case")
            words[lang] = list(val)
        out[code] = words
    return out


def load_countries(path: str | Path | None = None) -> dict[str, Any]:
    """``{iso2: shapely geometry}`` from the boundary GeoJSON (default: the repo's)."""
    path = Path(path) if path is not None else COUNTRIES_PATH
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for feat in data["features"]:
        iso2 = feat["properties"]["iso2"]
        out[iso2] = shape(feat["geometry"])
    return out
