"""Everything the pipeline reads besides the brief, gathered in one object handed to it.

:class:`Resources` holds the shipped data the stages use, each read by the loader its stage
already has (so there is one way to read each file) from package data
(``briefmap.shipped.GEODATA_DIR``):

- ``gazetteer``: ``places.gazetteer.load_gazetteer`` — ``places.toml`` and ``world.toml``,
  CLDR and GeoNames names, and the user's own ``places.toml`` when ``local`` is given;
- ``taxonomy``: ``analysis.themes.load_taxonomy`` — ``themes.toml``;
- ``flow_words``: ``analysis.flow_words.load_flow_words`` — ``flow_words.toml``;
- ``border_cues``: the matchers of ``border_cues.toml`` by language ("pl", "en"), as
  ``analysis.cues`` builds them;
- ``region`` and ``border_countries``: ``places.region`` — ``region.toml``.

Nothing here holds offsets: the resources are the same for every brief.

Each loader caches what it read (the taxonomy and the flow words until their file changes),
so :func:`load_resources` costs a few ``stat`` calls once the files are read, and
:func:`shared_resources` gathers the defaults once per process. ``pipeline.parse_brief``
takes a :class:`Resources` (``resources=``); without one it gathers them itself, as before.
The geoparser still reads the region and the cue linker its border cues on their own (their
modules take no such argument yet); they get the very objects held here, from the same
caches, so nothing is read twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefmap.analysis.cues import _border_matcher
from briefmap.analysis.flow_words import FlowWords, load_flow_words
from briefmap.analysis.themes import Taxonomy, load_taxonomy
from briefmap.places.gazetteer import Gazetteer, load_gazetteer
from briefmap.places.region import BORDER_COUNTRIES, REGION_COUNTRIES
from briefmap.text.matcher import Matcher


@dataclass(frozen=True)
class Resources:
    """The data every stage of the pipeline reads, loaded once (see the module docstring).
    ``region``: ISO 3166-1 alpha-2 codes of the countries the briefs are about;
    ``border_countries``: those and their neighbours."""

    gazetteer: Gazetteer
    taxonomy: Taxonomy
    flow_words: FlowWords
    border_cues: dict[str, Matcher]
    region: frozenset[str]
    border_countries: frozenset[str]


def load_resources(
    gazetteer: Gazetteer | None = None, local: Path | str | None = None
) -> Resources:
    """The resources as their files are now: ``gazetteer`` when given, else the gazetteer
    with the user's places from the file ``local`` (none when None)."""
    return Resources(
        gazetteer=gazetteer or load_gazetteer(local=local),
        taxonomy=load_taxonomy(),
        flow_words=load_flow_words(),
        border_cues={"pl": _border_matcher(True), "en": _border_matcher(False)},
        region=REGION_COUNTRIES,
        border_countries=BORDER_COUNTRIES,
    )


@lru_cache(maxsize=1)
def shared_resources() -> Resources:
    """The shipped resources (no user places), gathered on first use and kept for the
    process: for a batch or a server that must read one taxonomy throughout."""
    return load_resources()
