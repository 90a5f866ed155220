"""Aliases the analyst taught in review: a name re-assigned to another place, remembered.

When the analyst re-assigns a mention on the review page ("Mołodecznie" is not the village
the parser chose but the Belarusian town), the name becomes an alias of that place in the
user's gazetteer tier: an ``[[alias]]`` record of ``aliases.toml`` in the data folder,
beside the user's ``places.toml`` (``briefmap.datafolder``). The record keeps the
countries of the brief's other places (its country context) and a copy of the place, so
the alias still resolves when the place is the analyst's own or leaves the gazetteer.

The next brief whose parse finds the same name (the same words, or words with the same
Morfeusz lemmas) and that names a place of one of those countries gets the alias's place,
with the evidence "alias from review" (:func:`apply_aliases`, called by the pipeline right
after the geoparser). A brief about other countries is parsed as before: "Brest" taught in
a brief about Belarus does not move the French port of a brief about France.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from briefmap.model import Place
from briefmap.places.gazetteer import Gazetteer, token_keys
from briefmap.places.geoparse import Found

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: The file name, in the data folder (beside the user's ``places.toml``).
ALIASES_FILE = "aliases.toml"
_PLACE_FIELDS = ("id", "name", "name_pl", "kind", "country", "lat", "lon", "precision", "source")

_HEADER = """\
# Names the analyst re-assigned on briefmap's review page, remembered as aliases: the next
# brief that uses the same name and names a place in one of `countries` resolves it to
# `place_id` (evidence "alias from review"). Written by briefmap; delete a record to forget
# it. `place` is a copy of the place, used when the gazetteer no longer has it.
"""


@dataclass(frozen=True)
class Alias:
    """One remembered name: ``name`` as written in the brief, the place it means there,
    and the countries of the brief it was taught in (empty: any brief)."""

    name: str
    place: Place
    countries: frozenset[str]
    brief_id: str = ""
    taught_on: str = ""

    @property
    def keys(self) -> tuple[frozenset[str], ...]:
        return surface_keys(self.name)


def aliases_path(local_gazetteer: Path) -> Path:
    """The aliases file that goes with the user's gazetteer file ``local_gazetteer``."""
    return Path(local_gazetteer).with_name(ALIASES_FILE)


def surface_keys(surface: str) -> tuple[frozenset[str], ...]:
    """Per word, the keys a name answers to: its folded spelling and Morfeusz lemmas, so
    that "Mołodecznie" and "Mołodecznem" are one name when Morfeusz knows the word."""
    return tuple(token_keys(w) for w in surface.replace("-", " ").split())


def _same_name(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> bool:
    return len(a) == len(b) and all(x & y for x, y in zip(a, b, strict=True))


def load_aliases(path: Path) -> list[Alias]:
    """The aliases in ``path`` (none when it is absent). A record that cannot be read is
    skipped: one bad line of a file the program writes must not stop every parse."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    out = []
    for rec in data.get("alias", ()):
        try:
            p = rec["place"]
            place = Place(
                id=p["id"],
                name=p["name"],
                name_pl=p.get("name_pl") or p["name"],
                kind=p.get("kind", "town"),
                country=p.get("country", ""),
                lat=float(p["lat"]),
                lon=float(p["lon"]),
                precision=p.get("precision", "settlement"),
                source=p.get("source", ""),
            )
            out.append(
                Alias(
                    name=str(rec["name"]),
                    place=place,
                    countries=frozenset(rec.get("countries", ())),
                    brief_id=str(rec.get("brief_id", "")),
                    taught_on=str(rec.get("taught_on", "")),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _toml(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a valid TOML basic string
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def remember_alias(
    path: Path, name: str, place: Place, countries: set[str] | frozenset[str], brief_id: str
) -> Alias:
    """Record that ``name`` means ``place`` in briefs about ``countries`` (replacing an
    alias of the same name and countries); the file is rewritten whole, through a
    temporary file renamed over it, under a lock (two pages deciding at once both keep
    theirs)."""
    import fcntl

    alias = Alias(
        name.strip(),
        place,
        frozenset(c for c in countries if c),
        brief_id,
        date.today().isoformat(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kept = [
            a
            for a in load_aliases(path)
            if not (_same_name(a.keys, alias.keys) and a.countries == alias.countries)
        ]
        blocks = []
        for a in [*kept, alias]:
            p = {f: getattr(a.place, f) for f in _PLACE_FIELDS}
            rec = {
                "name": a.name,
                "countries": sorted(a.countries),
                "brief_id": a.brief_id,
                "taught_on": a.taught_on,
                "place_id": a.place.id,
                "place": p,
            }
            blocks.append("[[alias]]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in rec.items()))
        fd, tmp = tempfile.mkstemp(prefix=".aliases-", dir=path.parent, suffix=".toml")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(_HEADER + "\n" + "\n".join(blocks))
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    return alias


def brief_countries(found: list[Found], gazetteer: Gazetteer, skip: tuple[int, int] = (-1, -1)):
    """The countries of the places found in a brief (but the one at ``skip``)."""
    out: set[str] = set()
    for f in found:
        if (f.start, f.end) == skip:
            continue
        try:
            country = gazetteer.place(f.place_id).country
        except KeyError:
            continue
        if country:
            out.add(country)
    return out


_LOADED: dict[Path, tuple[tuple[int, int], list[Alias]]] = {}


def gazetteer_aliases(gazetteer: Gazetteer) -> list[Alias]:
    """The aliases beside the user's gazetteer file the gazetteer was loaded with (none
    for a gazetteer loaded without one), read again when the file changes."""
    if gazetteer.local_path is None:
        return []
    path = aliases_path(gazetteer.local_path)
    try:
        st = path.stat()
    except OSError:
        return []
    stamp = (st.st_mtime_ns, st.st_size)
    got = _LOADED.get(path)
    if got is None or got[0] != stamp:
        got = _LOADED[path] = (stamp, load_aliases(path))
    return got[1]


def apply_aliases(found: list[Found], gazetteer: Gazetteer) -> list[Found]:
    """``found`` with the names the analyst taught (:func:`gazetteer_aliases`) resolved
    their way: a name link whose words match an alias, in a brief naming a place of one of
    the alias's countries (its other places: the name's own candidate does not count), gets
    the alias's place and the evidence "alias from review"."""
    aliases = gazetteer_aliases(gazetteer)
    if not aliases or not found:
        return found
    out = []
    for f in found:
        keys = surface_keys(f.surface) if f.link == "name" else ()
        hit = None
        for a in aliases:  # the latest alias that fits wins
            if (
                keys
                and _same_name(keys, a.keys)
                and (
                    not a.countries
                    or a.countries & brief_countries(found, gazetteer, (f.start, f.end))
                )
            ):
                hit = a
        if hit is None or hit.place.id == f.place_id:
            out.append(f)
            continue
        if hit.place.id not in gazetteer.places:
            try:
                gazetteer.place(hit.place.id)
            except KeyError:
                gazetteer.places[hit.place.id] = hit.place  # the copy kept with the alias
        where = ", ".join(sorted(hit.countries)) or "any country"
        evidence = (
            f"alias from review: {hit.name!r} re-assigned to {hit.place.name} by the analyst"
            f"{' in brief ' + hit.brief_id if hit.brief_id else ''} (briefs about {where});"
            f" the parser said {f.place_id} ({f.evidence})"
        )
        out.append(replace(f, place_id=hit.place.id, evidence=evidence, confidence=0.95))
    return out
