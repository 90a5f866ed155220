"""The layers' own scripts and styles, kept as files under ``layers/static/``.

JavaScript and CSS live in ``.js`` and ``.css`` files, where editors and linters can read
them, rather than in Python strings; an element reads its file once, when its module is
imported, and puts the text into the page (the player's page must also work as one file
opened from disk, so nothing is linked). The files ship with the package
(``pyproject.toml``'s package data).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"


@cache
def static_text(name: str) -> str:
    """The text of ``layers/static/<name>`` (UTF-8), read once per process."""
    return (STATIC_DIR / name).read_text(encoding="utf-8")
