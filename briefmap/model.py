"""The records that cross module boundaries: Brief, Place, Mention.

Offsets are character offsets into Python strings (code points), half-open ``[start, end)``.
``reading`` offsets index ``Brief.reading`` (the clean text a person reads); ``original``
offsets index ``Brief.original`` (the file's text exactly as decoded).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

#: Geo-precision, in the spirit of ACLED's geo_precision: how exactly a mention places itself.
PRECISIONS = ("point", "settlement", "region", "country", "continent")
LINK_KINDS = ("name", "cue")


@dataclass
class Brief:
    """One brief: its metadata, its original text and the clean reading text derived from it.

    ``offsets[i]`` is the index in ``original`` of the character ``reading[i]`` came from;
    ``offsets`` has ``len(reading) + 1`` entries, the last one mapping the end of the text.
    """

    id: str
    path: str
    original: str
    reading: str
    offsets: Sequence[int]  # an array("q") from normalise; any sequence of ints will do
    language: str = "pl"
    title: str = ""
    title_is_descriptive: bool = False  # True: a label we chose (e.g. a heading), not a title
    publisher: str = ""
    series: str = ""
    author: str = ""
    date_start: date | None = None  # publication date, or the earliest it can be
    date_end: date | None = None  # latest publication date when only a range is known
    date_note: str = ""
    url: str = ""

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a reading-text span to the span of ``original`` it was derived from."""
        if end <= start:
            o = self.offsets[start]
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1

    @property
    def reference_date(self) -> date | None:
        """The date relative expressions ("br.", "w lutym") are resolved against."""
        return self.date_end or self.date_start


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a curated feature from ``geodata/`` or a GeoNames/CLDR fallback."""

    # One canonical id per place, owned by the gazetteer: "cc:<ISO2>" for every country
    # (curated or CLDR), "cldr:<code>" for a continent, "bm:<slug>" for other curated places,
    # "gn:<geonameid>" for GeoNames towns.
    id: str
    name: str  # English
    name_pl: str
    kind: str  # country | region | city | town | port | military_site | border_crossing ...
    country: str  # ISO 3166-1 alpha-2, "" where none
    lat: float
    lon: float
    precision: str  # one of PRECISIONS
    source: str  # where the coordinates come from
    population: int = 0
    names: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)
    cues: tuple[tuple[str, ...], ...] = ()  # each: lemmas that must all occur in one sentence
    attrs: dict[str, object] = field(default_factory=dict, hash=False, compare=False)


@dataclass(slots=True)
class Mention:
    """A place the brief names (``link == "name"``) or talks about (``link == "cue"``).

    ``start``/``end`` and ``excerpt_start``/``excerpt_end`` index the brief's reading text;
    the ``orig_*`` fields index its original text. For a cue link, ``start:end`` is the span of
    the first word that anchors it (the region, a country of the border) and ``marks`` are all
    the anchor words (reading offsets); the evidence names the cue words and the anchor.
    """

    brief_id: str
    start: int
    end: int
    surface: str
    place: Place
    link: str  # "name" | "cue"
    evidence: str  # how it was linked: lemma matched, cue words, disambiguation reason
    confidence: float
    excerpt_start: int = 0
    excerpt_end: int = 0
    orig_start: int = 0
    orig_end: int = 0
    excerpt_orig_start: int = 0
    excerpt_orig_end: int = 0
    excerpt: str = ""
    themes: tuple[str, ...] = ()
    theme_evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dates: tuple[tuple[str, str, str], ...] = ()  # (surface, iso start, iso end)
    marks: tuple[tuple[int, int], ...] = ()  # words to highlight, when not just start:end


EVENT_KINDS = (
    "closure",
    "opening",
    "restriction",
    "exercise",
    "deployment",
    "construction",
    "incident",
)


@dataclass(slots=True)
class Event:
    """Something a brief reports happening at a place: a crossing closed, an exercise held.

    ``start``/``end`` (the words that name or stand for the place) and ``excerpt_start``/
    ``excerpt_end`` index the brief's reading text; the ``orig_*`` fields index its original
    text. ``date`` is an ISO day ("2025-09-12") or month ("2025-09") as ``date_precision``
    ("day" | "month") says; "" when the text gives none. ``mood`` is the clause's: "current",
    "planned" or "former". ``traffic`` says whom a restriction is for ("cars", "trucks",
    "buses", "rail", "pedestrians").
    """

    brief_id: str
    kind: str  # one of EVENT_KINDS
    place: Place
    start: int
    end: int
    surface: str
    trigger: str  # the words that say what happened
    actor: str = ""
    date: str = ""
    date_precision: str = ""
    date_surface: str = ""
    mood: str = "current"
    traffic: tuple[str, ...] = ()
    evidence: str = ""
    confidence: float = 0.0
    excerpt: str = ""
    excerpt_start: int = 0
    excerpt_end: int = 0
    orig_start: int = 0
    orig_end: int = 0
    excerpt_orig_start: int = 0
    excerpt_orig_end: int = 0
