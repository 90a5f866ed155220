"""The region of interest, defined once in ``briefmap/geodata/region.toml``.

:data:`REGION_COUNTRIES` are the countries the briefs are about (the geoparser prefers a
place there over a namesake elsewhere; the basemap labels their small towns);
:data:`BORDER_COUNTRIES` adds their neighbours, whose shared land borders are drawn.
"""

from __future__ import annotations

import sys

from briefmap.shipped import GEODATA_DIR

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REGION_PATH = GEODATA_DIR / "region.toml"


def _load() -> tuple[frozenset[str], frozenset[str]]:
    data = tomllib.loads(REGION_PATH.read_text(encoding="utf-8"))
    countries = frozenset(data["countries"])
    return countries, countries | frozenset(data.get("neighbours", ()))


REGION_COUNTRIES, BORDER_COUNTRIES = _load()
