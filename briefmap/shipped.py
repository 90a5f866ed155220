"""Where the data shipped inside the package lives: ``briefmap/geodata/``.

Curated places, word lists, the theme taxonomy, boundaries, the seed briefs and the
briefings are package data, so an installed wheel finds them as a source checkout does.
Every module names a shipped file through :data:`GEODATA_DIR`; nothing else computes the
path. What each file holds and where it came from: ``briefmap/geodata/README.md``.
"""

from __future__ import annotations

from pathlib import Path

#: The folder of the shipped data files (a reviewer's folder: TOML, GeoJSON, Markdown).
GEODATA_DIR = Path(__file__).resolve().parent / "geodata"
