"""Shared fixtures: a data folder with the seed briefs built once, copied for each test.

Nothing here touches the user's own data folder: every test that stores gets a folder of
its own under pytest's tmp_path.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def seeded_folder(tmp_path_factory) -> Path:
    """A data folder whose store holds the two seed briefs (built once per session)."""
    from briefmap.library import Library

    root = tmp_path_factory.mktemp("seeded") / "data"
    Library(root).ensure()
    return root


@pytest.fixture
def library(seeded_folder, tmp_path):
    """A Library on a fresh copy of the seeded data folder."""
    from briefmap.library import Library

    root = tmp_path / "data"
    shutil.copytree(seeded_folder, root)
    return Library(root)


def snapshot(root: Path) -> tuple:
    """Everything a data folder holds: every row of every table of its store, and its
    files with their bytes (to show that a failure changed nothing)."""
    con = sqlite3.connect(root / "briefmap.sqlite")
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'excerpt_fts%' ORDER BY name"
            )
        ]
        rows = tuple(
            (t, tuple(sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall()))))
            for t in tables
        )
    finally:
        con.close()
    files = tuple(
        sorted(
            (str(p.relative_to(root)), p.read_bytes())
            for p in root.rglob("*")
            if p.is_file() and "briefmap.sqlite" not in p.name and not p.name.endswith(".lock")
        )
    )
    return rows, files
