"""The corpus store for the Streamlit pages: one read-only ``Store`` per store file version.

Kept apart from ``dashboard.py`` so that other pages can share it without importing the
dashboard (importing a page runs it).
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from briefmap.store import Store

ROOT = Path(__file__).resolve().parent.parent
STORE_PATH = Path(os.environ.get("BRIEFMAP_STORE") or ROOT / "var" / "briefmap.sqlite")


@st.cache_resource(show_spinner=False)
def open_store(path: str, mtime: float) -> Store:
    """One read-only Store per store file version (``mtime`` changes after a rebuild)."""
    return Store(path)


def store_key() -> tuple[str, float]:
    """(path, mtime) of the store: the cache key of everything read from it."""
    return str(STORE_PATH), STORE_PATH.stat().st_mtime
