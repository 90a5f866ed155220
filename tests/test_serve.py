"""make run's server (ui.serve): glibc's malloc arenas limited before Streamlit starts its
threads, unless MALLOC_ARENA_MAX is given (then glibc reads it itself)."""

from __future__ import annotations

import sys

import pytest

from ui.serve import few_malloc_arenas


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's arenas: Linux only")
def test_the_server_limits_malloc_arenas(monkeypatch):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert few_malloc_arenas() is True


def test_a_malloc_arena_max_in_the_environment_wins(monkeypatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert few_malloc_arenas() is False
