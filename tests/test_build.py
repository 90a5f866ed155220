"""The build: one brief's failure costs only that brief; killed builds leave nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefmap.build import build_store, remove_stale_temporaries
from briefmap.model import Brief
from briefmap.store import Store
from briefmap.text.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent


def brief(bid: str, text: str) -> Brief:
    return Brief(bid, f"{bid}.txt", text, text, list(range(len(text) + 1)))


def test_a_brief_that_fails_to_parse_is_skipped_and_named(tmp_path, monkeypatch):
    import briefmap.build as build

    real = build.parse_brief

    def flaky(b, gaz):
        if b.id == "bad":
            raise RuntimeError("parser bug")
        return real(b, gaz)

    monkeypatch.setattr(build, "parse_brief", flaky)
    path = tmp_path / "s.sqlite"
    report = build_store(
        path, briefs=[brief("a", "Rozmowy w Mińsku."), brief("bad", "X."), brief("c", "W Wilnie.")]
    )
    assert report.briefs == 2 and len(report.errors) == 1
    assert "bad.txt" in report.errors[0] and "parser bug" in report.errors[0]
    store = Store(path)
    assert {b["id"] for b in store.briefs()} == {"a", "c"}
    assert store.mentions(brief_id="bad") == []  # nothing half-written of the failed brief


def test_every_curated_place_and_every_flow_end_is_a_place_of_the_store(tmp_path):
    path = tmp_path / "s.sqlite"
    build_store(path, briefs=load_corpus())
    store = Store(path)
    assert store.place("bm:lt-by-lavoriskes") is not None  # a crossing no brief names
    for fl in store.flows():
        for end in [fl["origin"], *fl["via"], fl["destination"], *fl["former"]]:
            if end is not None:
                assert store.place(end["place_id"]) is not None, end


def test_a_stale_temporary_store_is_removed_and_a_live_one_is_kept(tmp_path):
    path = tmp_path / "s.sqlite"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"s.sqlite.building-{dead.pid}"
    stale.write_bytes(b"half")
    Path(f"{stale}-journal").write_bytes(b"j")
    live = tmp_path / f"s.sqlite.building-{os.getpid()}"
    live.write_bytes(b"mine")
    removed = remove_stale_temporaries(path)
    assert stale in removed and not stale.exists() and not Path(f"{stale}-journal").exists()
    assert live.exists()


def _big_corpus(folder: Path, copies: int = 40) -> Path:
    """A corpus of ``copies`` briefs (the seed texts again and again), so that a build takes
    long enough to be killed in the middle of writing."""
    folder.mkdir()
    seeds = sorted((ROOT / "briefmap" / "geodata" / "briefs").glob("*.txt"))
    entries = []
    for n in range(copies):
        src = seeds[n % len(seeds)]
        name = f"b{n:03d}.txt"
        (folder / name).write_bytes(src.read_bytes())
        entries.append(f'[[brief]]\nid = "b{n:03d}"\nfile = "{name}"\nlanguage = "pl"\n')
    meta = folder / "briefs.toml"
    meta.write_text("\n".join(entries), encoding="utf-8")
    return meta


@pytest.mark.slow
def test_ten_builds_killed_while_writing_leave_the_store_whole_and_nothing_behind(tmp_path):
    """A build writes the store in one transaction: killed at any moment, the store still
    opens, passes the integrity check and holds the last complete build."""
    import sqlite3

    path = tmp_path / "store.sqlite"
    meta = _big_corpus(tmp_path / "corpus")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "briefmap", "build", "--store", str(path), "--corpus", str(meta)]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    killed = 0
    wal = Path(f"{path}-wal")
    for n in range(10):
        # kill once this build writes (its write-ahead log grows), a different moment each time
        before = wal.stat().st_mtime_ns if wal.exists() else 0  # a killed build's log

        def writing(wal: Path = wal, before: int = before) -> bool:
            try:
                st = wal.stat()
            except FileNotFoundError:
                return False
            return st.st_mtime_ns != before and st.st_size >= 100_000

        proc = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL, cwd=tmp_path)
        deadline = time.monotonic() + 120
        while not writing() and proc.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(0.05 * n)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        store = Store(path)
        assert len(store.briefs()) == 40  # the last complete build, whole
        store.close()  # (an open reader keeps the write-ahead log's files)
    assert killed, "no build was killed while writing: the test tested nothing"
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("store")) == [
        "store.sqlite"
    ]
    assert len(Store(path).briefs()) == 40
