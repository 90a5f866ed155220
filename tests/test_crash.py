"""The store under a real ``kill -9`` and under two writers at once.

A child process adds a brief (or records a decision) and stops itself at a chosen SQL
statement of the write — the trace callback of its connection blocks there — and the test
kills it with SIGKILL. The store must then open, pass ``PRAGMA integrity_check`` and hold
the whole brief or none of it. Two processes reviewing (or one adding and one reviewing) at
the same time must lose no decision.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefmap.library import Library
from briefmap.store import Filters, Store

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "Ciężarówki na granicy\n\n"
    "W poniedziałek w Wilnie spotkali się ministrowie Litwy i Polski. Rozmawiali o sytuacji "
    "na granicy z Białorusią, gdzie w rejonie Grodna i Brześcia stoją tysiące ciężarówek. "
    "Przewoźnicy z Kłajpedy i Kowna apelują o otwarcie przejść, a rząd w Mińsku milczy.\n"
)

# Runs in the child: stop at the N-th statement starting with PREFIX, say so, and wait.
CHILD = r"""
import sys, time
import briefmap.store.connection as store
from briefmap.library import Library

root, prefix, nth, action = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
seen = {"n": 0}
real = store._connect

def trace(sql):
    if sql.lstrip().upper().startswith(prefix.upper()):
        seen["n"] += 1
        if seen["n"] == nth:
            print("STOPPED", flush=True)
            time.sleep(600)

def connect(path, readonly=False):
    con = real(path, readonly)
    if not readonly:
        con.set_trace_callback(trace)
    return con

store._connect = connect
lib = Library(root)
if action == "add":
    lib.add_file(sys.argv[5])
else:
    brief, start, end = sys.argv[5], int(sys.argv[6]), int(sys.argv[7])
    lib.decide(brief, start, end, "reject", note="killed?")
print("FINISHED", flush=True)
"""


def _counts(root: Path) -> dict:
    con = sqlite3.connect(root / "briefmap.sqlite")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        out = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("briefs", "mentions", "mention_themes", "flows", "reviews")
        }
        out["fts"] = con.execute("SELECT count(*) FROM excerpt_fts").fetchone()[0]
        out["added"] = [r[0] for r in con.execute("SELECT id FROM briefs WHERE origin = 'added'")]
        out["rejected"] = con.execute(
            "SELECT count(*) FROM mentions WHERE status = 'rejected'"
        ).fetchone()[0]
    finally:
        con.close()
    return out


def _run_and_kill(tmp_path: Path, args: list[str]) -> str:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    line = proc.stdout.readline().strip()
    if line == "STOPPED":
        os.kill(proc.pid, signal.SIGKILL)  # a real kill -9, in the middle of the write
    proc.wait(timeout=120)
    if line != "STOPPED":
        pytest.fail(f"the child did not stop where asked ({line!r}): {proc.stderr.read()[-2000:]}")
    assert proc.returncode == -signal.SIGKILL
    return line


@pytest.fixture(scope="module")
def reference(seeded_folder, tmp_path_factory):
    """What adding the brief does when nothing goes wrong: the counts before and after."""
    import shutil

    root = tmp_path_factory.mktemp("reference") / "data"
    shutil.copytree(seeded_folder, root)
    f = root.parent / "brief.txt"
    f.write_text(TEXT, encoding="utf-8")
    before = _counts(root)
    Library(root).add_file(f)
    return before, _counts(root)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("prefix", "nth"),
    [
        ("INSERT INTO briefs", 1),  # the brief's row
        ("INSERT INTO mentions", 1),  # its first mention
        ("INSERT INTO mentions", 6),  # half-way through its mentions
        ("INSERT INTO excerpt_fts", 4),  # the search index
        ("UPDATE meta", 1),  # the revision, last thing before the commit
        ("COMMIT", 2),  # the commit itself (the first is the store's schema check on opening)
        ("PRAGMA wal_checkpoint", 1),  # after the commit: the brief must be there
    ],
)
def test_a_kill_mid_add_leaves_the_whole_brief_or_none_of_it(
    library, tmp_path, reference, prefix, nth
):
    before, after = reference
    f = tmp_path / "brief.txt"
    f.write_text(TEXT, encoding="utf-8")
    assert _counts(library.folder.root) == before
    _run_and_kill(tmp_path, [str(library.folder.root), prefix, str(nth), "add", str(f)])
    got = _counts(library.folder.root)  # opens, and passes the integrity check
    assert got in (before, after), got
    if prefix == "PRAGMA wal_checkpoint":
        assert got == after
    store = Store(library.folder.store)
    store.place_summary()  # readable
    if got == before:  # none of it: adding again works, and is whole
        Library(library.folder).add_file(f)
        assert _counts(library.folder.root) == after
    else:
        with pytest.raises(ValueError, match="already in the corpus"):
            Library(library.folder).add_file(f)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("prefix", "nth"), [("INSERT INTO reviews", 1), ("INSERT INTO mentions", 3), ("COMMIT", 2)]
)
def test_a_kill_mid_decision_leaves_it_whole_or_absent(library, tmp_path, prefix, nth):
    f = tmp_path / "brief.txt"
    f.write_text(TEXT, encoding="utf-8")
    bid = library.add_file(f).brief_id
    m = next(m for m in Store(library.folder.store).mentions(brief_id=bid) if m["link"] == "name")
    before = _counts(library.folder.root)
    _run_and_kill(
        tmp_path,
        [str(library.folder.root), prefix, str(nth), "decide", bid, str(m["start"]), str(m["end"])],
    )
    got = _counts(library.folder.root)
    decided = dict(before, reviews=before["reviews"] + 1, rejected=before["rejected"] + 1)
    for key in ("mention_themes",):  # a rejected mention leaves the theme index
        decided[key] = got[key] if got["reviews"] > before["reviews"] else before[key]
    assert got in (before, decided), got


# -- two writers at once -------------------------------------------------------------------
WRITER = r"""
import json, sys, time
from pathlib import Path
from briefmap.library import Library

root, go, plan = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
lib = Library(root)
while not go.exists():
    time.sleep(0.01)
for step in plan:
    if step["do"] == "add":
        lib.add_file(step["file"])
    else:
        lib.decide(step["brief"], step["start"], step["end"], step["action"],
                   themes=step.get("themes"), note=step["note"])
print("DONE", flush=True)
"""


def _writers(tmp_path: Path, root: Path, plans: list[list[dict]]) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(root), str(go), json.dumps(plan)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for plan in plans
    ]
    time.sleep(2.0)  # both have imported briefmap and wait for the signal
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and "DONE" in out, err[-3000:]


@pytest.mark.slow
def test_two_processes_reviewing_one_brief_lose_no_decision(library, tmp_path):
    f = tmp_path / "brief.txt"
    f.write_text(TEXT, encoding="utf-8")
    bid = library.add_file(f).brief_id
    names = [m for m in Store(library.folder.store).mentions(brief_id=bid) if m["link"] == "name"]
    assert len(names) >= 6
    plans: list[list[dict]] = [[], []]
    for k, m in enumerate(names):
        for r in range(3):  # each mention decided three times, by its own writer
            action = ("accept", "themes", "reject")[(k + r) % 3]
            plans[k % 2].append(
                {
                    "do": "decide",
                    "brief": bid,
                    "start": m["start"],
                    "end": m["end"],
                    "action": action,
                    "themes": ["energy"] if action == "themes" else None,
                    "note": f"w{k % 2}-{k}-{r}",
                }
            )
    _writers(tmp_path, library.folder.root, plans)
    store = Store(library.folder.store)
    notes = sorted(d["note"] for d in store.decisions(bid))
    assert notes == sorted(step["note"] for plan in plans for step in plan)  # none lost
    now = {
        (m["start"], m["end"]): m
        for m in store.mentions(Filters(include_rejected=True), brief_id=bid)
        if m["link"] == "name"
    }
    for k, m in enumerate(names):  # and each mention shows its last decision
        last = ("accept", "themes", "reject")[(k + 2) % 3]
        got = now[(m["start"], m["end"])]
        assert got["status"] == ("rejected" if last == "reject" else "reviewed")
        assert got["review_note"] == f"w{k % 2}-{k}-2"


@pytest.mark.slow
def test_adding_while_another_process_reviews_loses_nothing(library, tmp_path):
    f = tmp_path / "brief.txt"
    f.write_text(TEXT, encoding="utf-8")
    bid = library.add_file(f).brief_id
    names = [m for m in Store(library.folder.store).mentions(brief_id=bid) if m["link"] == "name"]
    reviews = [
        {"do": "decide", "brief": bid, "start": m["start"], "end": m["end"],
         "action": "accept", "note": f"r{k}"}
        for k, m in enumerate(names)
    ]  # fmt: skip
    adds = []
    for k in range(3):
        g = tmp_path / f"new{k}.txt"
        g.write_text(TEXT.replace("Kowna", ("Kowna i Rygi", "Tallina", "Lipawy")[k]), "utf-8")
        adds.append({"do": "add", "file": str(g)})
    _writers(tmp_path, library.folder.root, [reviews, adds])
    store = Store(library.folder.store)
    assert sorted(d["note"] for d in store.decisions(bid)) == sorted(r["note"] for r in reviews)
    assert store.status_counts(bid)["reviewed"] == len(names)
    assert sum(b["origin"] == "added" for b in store.briefs()) == 4
