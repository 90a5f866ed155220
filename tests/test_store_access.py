"""The pages' one read connection per store file (ui/store_access.py, issue 7): a replaced
store is let go of, a write is seen at once, and the cache key moves with every write."""

from __future__ import annotations

import os
from pathlib import Path

from briefmap.build import build_store
from briefmap.model import Brief
from ui import store_access


def brief(bid: str, text: str) -> Brief:
    return Brief(bid, f"{bid}.txt", text, text, list(range(len(text) + 1)))


def deleted_stores_held(folder: Path) -> list[str]:
    """Files of ``folder`` this process holds open although they were deleted."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)) and target.endswith("(deleted)"):
            held.append(target)
    return held


def test_after_five_replacements_no_deleted_store_is_held_open(tmp_path):
    path = tmp_path / "store.sqlite"
    build_store(path, briefs=[brief("a", "Rozmowy w Mińsku.")])
    first = store_access.current_store(path)
    assert [b["id"] for b in first.briefs()] == ["a"]
    for n in range(5):
        other = tmp_path / f"new-{n}.sqlite"
        build_store(other, briefs=[brief(f"b{n}", "Rozmowy w Wilnie.")])
        os.replace(other, path)  # a store replaced by another file, as when moved aside
        store = store_access.current_store(path)
        assert [b["id"] for b in store.briefs()] == [f"b{n}"]
    assert deleted_stores_held(tmp_path) == []


def test_the_same_file_keeps_one_connection_and_the_key_moves_with_a_write(tmp_path):
    path = tmp_path / "store.sqlite"
    build_store(path, briefs=[brief("a", "Rozmowy w Mińsku.")])
    key = store_access.store_key(path)
    assert store_access.current_store(path) is store_access.current_store(path)
    build_store(path, briefs=[brief("a", "Rozmowy w Mińsku."), brief("c", "W Rydze.")])
    assert store_access.store_key(path) != key  # cached reads are read again
    assert {b["id"] for b in store_access.open_store(*store_access.store_key(path)).briefs()} == {
        "a",
        "c",
    }
