"""The ends of a flow: the :class:`Endpoint` record; the end a clause gives only as a
country's ports ("do rosyjskich portów nad Bałtykiem", "to Russian terminals"), drawn at
those ports, never at the capital (``geodata/flow_ports.toml``); and the end a clause leaves
unnamed but the brief makes plain. Offsets index the brief's reading text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from briefmap.analysis.flow_words import WordSet
from briefmap.model import Place
from briefmap.places.context import Context
from briefmap.places.gazetteer import Gazetteer
from briefmap.records import endpoint_record
from briefmap.shipped import GEODATA_DIR
from briefmap.text.document import Document
from briefmap.text.matcher import parse_patterns

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 with the tomli backport
    import tomli as tomllib  # type: ignore[no-redef]

PORTS_PATH = GEODATA_DIR / "flow_ports.toml"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One end (or stop) of a flow: a place of the gazetteer (a country: ``cc:<ISO2>``,
    its ``lat``/``lon`` the country's anchor), and the words that gave it its role.
    ``start``/``end`` index the reading text; both are -1 for an end the sentence does not
    name. ``approximate``: the text names only a country's ports, and the point stands for
    a group of them (``place_id`` "ports:<ISO2>:<sea>")."""

    place_id: str
    name: str
    name_pl: str
    country: str
    lat: float
    lon: float
    precision: str
    words: str
    start: int = -1
    end: int = -1
    approximate: bool = False

    def record(self) -> dict:
        """This stop as a record (``briefmap.records.endpoint_record``)."""
        return endpoint_record(self)


def endpoint(place: Place, words: str, start: int = -1, end: int = -1) -> Endpoint:
    """``place`` as a flow end, with the words (span into the reading text) that named it."""
    return Endpoint(
        place.id,
        place.name,
        place.name_pl,
        place.country,
        place.lat,
        place.lon,
        place.precision,
        words,
        start,
        end,
    )


# -- a country's ports --------------------------------------------------------------------------
@dataclass(frozen=True)
class PortGroup:
    """Ports of one country on one sea (``geodata/flow_ports.toml``)."""

    iso2: str
    sea: str
    name_en: str
    name_pl: str
    ports: tuple[str, ...]


@dataclass(frozen=True)
class CountryPorts:
    """Every country's port groups, its default group, and the words of each sea."""

    groups: dict[str, dict[str, PortGroup]]  # ISO2 -> sea -> group
    defaults: dict[str, str]  # ISO2 -> sea
    seas: dict[str, dict[str, WordSet]]  # sea -> language -> words


def parse_country_ports(text: str, source: str = "<string>") -> CountryPorts:
    """The port groups of a ports file's TOML text; ``ValueError`` names a fault."""
    data = tomllib.loads(text)
    seas = {
        key: {
            lang: WordSet(
                parse_patterns(words.get(lang), f"{source}: sea.{key}.{lang}"),
                lang,
                f"{source}: sea.{key}.{lang}",
            )
            for lang in ("pl", "en")
        }
        for key, words in data.get("sea", {}).items()
    }
    groups: dict[str, dict[str, PortGroup]] = {}
    defaults: dict[str, str] = {}
    for n, c in enumerate(data.get("country", [])):
        where = f"{source}: country {n + 1}"
        iso2 = c.get("iso2") or ""
        if len(iso2) != 2:
            raise ValueError(f"{where}: iso2 is required")
        for g in c.get("group", []):
            if g.get("sea") not in seas or not g.get("ports"):
                raise ValueError(f"{where}: a group needs a known sea and ports")
            group = PortGroup(iso2, g["sea"], g["name_en"], g["name_pl"], tuple(g["ports"]))
            groups.setdefault(iso2, {})[group.sea] = group
        if c.get("default"):
            if c["default"] not in groups.get(iso2, {}):
                raise ValueError(f"{where}: default {c['default']!r} is no group of {iso2}")
            defaults[iso2] = c["default"]
    return CountryPorts(groups, defaults, seas)


@lru_cache(maxsize=2)
def load_country_ports(path: str | None = None) -> CountryPorts:
    """The port groups of ``path`` (default ``geodata/flow_ports.toml``)."""
    p = Path(path or PORTS_PATH)
    return parse_country_ports(p.read_text(encoding="utf-8"), str(p))


def ports_end(
    doc: Document,
    gazetteer: Gazetteer,
    iso2: str,
    lo: int,
    hi: int,
    words: str,
    start: int,
    end: int,
) -> tuple[Endpoint, str] | None:
    """The end for "``iso2``'s ports" in tokens ``lo:hi`` of ``doc`` (a clause), and why:
    the group of the sea the clause names ("nad Bałtykiem", "Black Sea"), else the
    country's default group; None when the country has no such group (no line is better
    than a line to the capital). The point is the mean of the group's ports."""
    table = load_country_ports()
    groups = table.groups.get(iso2)
    if not groups:
        return None
    lang = "pl" if doc.polish else "en"
    sea = next(
        (s for s in groups if s in table.seas and table.seas[s][lang].first(doc, lo, hi) >= 0),
        None,
    )
    assumed = sea is None
    sea = sea or table.defaults.get(iso2)
    if sea is None:
        return None
    group = groups[sea]
    places = [gazetteer.place(pid) for pid in group.ports]
    lat = sum(p.lat for p in places) / len(places)
    lon = sum(p.lon for p in places) / len(places)
    ep = Endpoint(
        f"ports:{iso2}:{sea}",
        group.name_en,
        group.name_pl,
        iso2,
        round(lat, 5),
        round(lon, 5),
        "region",
        words,
        start,
        end,
        approximate=True,
    )
    why = (
        f"approximate: the text names only {iso2}'s ports"
        + (" (no sea named: the country's usual ones assumed)" if assumed else "")
        + f"; drawn at {', '.join(p.name for p in places)}"
    )
    return ep, why


class Told(Protocol):
    """A flow found earlier, as :func:`implicit_end` reads it (offsets into the document's
    text)."""

    excerpt_start: int
    origin: Endpoint | None


# -- ends the clause does not name ------------------------------------------------------------
def implicit_end(
    context: Context,
    gazetteer: Gazetteer,
    k: int,
    used: set[str],
    earlier: Sequence[Told],
    refers_back: bool,
) -> tuple[Endpoint, str] | None:
    """The end a clause of sentence ``k`` leaves unnamed but the brief makes plain, and
    why: a country the sentence names outside the clause's roles ("niekorzystna dla
    Białorusi, jednak … eksportu soli potasowych"). Only when the clause refers back
    (``refers_back``: "its", "swój", or a bare "eksport" whose owner is the topic): else
    the country the sentence before names; else the origin of a flow of the two sentences
    before (``earlier``: the flows so far, in text order; only their tail is read); else the brief's
    main country. ``used``: countries of the named ends, never the unnamed one's."""
    searched = ((k, "the sentence is about"), (k - 1, "the sentence before is about"))
    for n, why in searched[: 2 if refers_back else 1]:
        for w in context.countries[n] if n >= 0 else ():
            if w.iso2 not in used and w.how in ("name", "adjective"):
                place = gazetteer.country(w.iso2)
                if place is not None:
                    return endpoint(place, ""), f"{why} {place.name} ('{w.surface}')"
    if not refers_back:
        return None
    s0 = context.doc.sentences[max(0, k - 2)][0]
    for told in reversed(earlier):
        if told.excerpt_start < s0:
            break
        origin = told.origin
        if origin is not None and origin.country not in used:
            return origin, f"the origin of the flow just before ({origin.name})"
    main = gazetteer.country(context.main_country or "")
    if main is None or main.country in used:
        return None
    return endpoint(main, ""), "the country this brief is about"


_THERE_KINDS = frozenset({"port", "city", "town", "region", "border_crossing", "facility"})
_NOT_THERE = frozenset("is are was were will be has have had".split())


def there_end(
    doc: Document,
    context: Context,
    gazetteer: Gazetteer,
    k: int,
    lo: int,
    pred_tokens: Sequence[int],
) -> tuple[Endpoint, str] | None:
    """The place "tam"/"there" refers to, as the destination of a clause of sentence ``k``
    ("… port w Gdańsku. Tam trafiają płody rolne z Ukrainy."): the last place (not a
    country) the sentence before names; the word must stand within two words of the
    predicate, and "there is/are" is no place."""
    if k < 1:
        return None
    p = pred_tokens[0]
    for i in range(max(lo, p - 2), min(len(doc.tokens), p + 3)):
        low = doc.tokens[i].text.lower()
        nxt = doc.tokens[i + 1].text.lower() if i + 1 < len(doc.tokens) else ""
        if low == ("tam" if doc.polish else "there") and nxt not in _NOT_THERE:
            for f in reversed(context.places[k - 1]):
                place = gazetteer.place(f.place_id)
                if f.link == "name" and place.kind in _THERE_KINDS:
                    why = f"'{doc.tokens[i].text}' refers to {place.name} of the sentence before"
                    return endpoint(place, f.surface, f.start, f.end), why
            return None
    return None


def unique(endpoints: Iterable[Endpoint]) -> list[Endpoint]:
    """``endpoints`` without repeats of a place, in order; one place under two ids (its
    curated record and its GeoNames town: "w Ventspilsie (Windawie)") is one."""
    seen: set[str] = set()
    out = []
    for ep in endpoints:
        same = (ep.name, ep.country, round(ep.lat, 2), round(ep.lon, 2))
        if ep.place_id not in seen and str(same) not in seen:
            seen |= {ep.place_id, str(same)}
            out.append(ep)
    return out


def capital_of(place: Place, gazetteer: Gazetteer) -> Place | None:
    """The country whose capital ``place`` is (the gazetteer anchors a country at its
    capital), else None."""
    if place.kind not in ("city", "port", "town") or not place.country:
        return None
    country = gazetteer.country(place.country)
    if country is None:
        return None
    dlat = abs(country.lat - place.lat)
    dlon = abs(country.lon - place.lon)
    return country if dlat < 0.15 and dlon < 0.25 else None
