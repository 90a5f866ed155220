"""The pipeline is bounded and linear on any input (issue 7): huge sentences, texts with no
sentence stop, cue-heavy texts.

Each case runs ``briefmap parse`` in a child process of its own that loads the gazetteer,
then times the parse of one generated file and reports its own peak memory
(``ru_maxrss``). Times are compared with ordinary prose of the same size measured in the
same test, never with a number of seconds: these machines are shared and noisy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.stress

ROOT = Path(__file__).resolve().parent.parent
PEAK_MB = 500
SLOWER_THAN_PROSE = 3.0

_CHILD = r"""
import json, resource, sys, time, contextlib
from briefmap.cli import main
from briefmap.places.gazetteer import load_gazetteer

class Lines:  # stdout that counts the records and keeps none of them, like a pipe
    n = 0
    def write(self, s):
        self.n += s.count("\n")
    def flush(self):
        pass

load_gazetteer()
paths, runs = sys.argv[1:-1], int(sys.argv[-1])
best, records = {}, {}
for _ in range(runs):  # the files in turn, so that a busy moment hits them alike
    for path in paths:
        out = Lines()
        t = time.perf_counter()
        with contextlib.redirect_stdout(out):
            code = main(["parse", "--format", "jsonl", path])
        assert code == 0, path
        took = time.perf_counter() - t
        best[path] = min(best.get(path, took), took)
        records[path] = out.n
# VmHWM is this process image's own peak; ru_maxrss also counts the memory of the process it
# was forked from (Linux keeps the parent's RSS at fork as the child's starting peak), which
# made this depend on the tests that ran before it in the same pytest process.
try:
    with open("/proc/self/status") as status:
        peak = next(int(x.split()[1]) for x in status if x.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": [best[p] for p in paths], "records": [records[p] for p in paths],
                  "peak_mb": peak}))
"""


def measure(*paths: Path, runs: int = 3) -> dict:
    """Parse ``paths`` in turn, ``runs`` times, in one fresh process: the best time of each
    (``seconds``), their record counts and the process's peak memory in MB."""
    r = subprocess.run(
        [sys.executable, "-c", _CHILD, *map(str, paths), str(runs)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def prose(size: int) -> str:
    """Ordinary prose of the briefs' kind, repeated to ``size`` characters."""
    text = (ROOT / "briefmap" / "geodata" / "briefs" / "000_79404beda8656f54.txt").read_text(
        encoding="utf-8"
    )
    return (text * (size // len(text) + 1))[:size]


def one_sentence(size: int) -> str:
    """One sentence of ``size`` characters listing places ("Mińsk i Wilno i …")."""
    unit = "Mińsk i Wilno i Kłajpeda i Grodno i "
    return (unit * (size // len(unit) + 1))[:size] + "Ryga."


def cue_heavy(size: int) -> str:
    """Sentences that each fire border cues, facility cues and flows."""
    unit = (
        "Litwa zamknęła granicę z Białorusią, a ciężarówki utknęły pod Miednikami. "
        "W obwodzie grodzieńskim powstanie wspólne centrum szkoleniowe. "
        "Białoruś eksportuje nawozy przez Kłajpedę do Polski. "
    )
    return (unit * (size // len(unit) + 1))[:size]


def mixed_scripts(size: int) -> str:
    """Latin, Cyrillic, Greek, Chinese and Arabic words with no sentence stop at all."""
    words = [
        "Mińsk",
        "Минск",
        "Вильнюс",
        "Kłajpeda",
        "αβγ",
        "東京",
        "مينسك",
        "granica",
        "Grodno",
        "2024",
        "ĄĘŁ",
    ]
    out, n, k = [], 0, 0
    while n < size:
        w = words[k % len(words)] + ("" if k % 7 else "x")
        out.append(w)
        n += len(w) + 1
        k += 1
    return " ".join(out)


@pytest.mark.parametrize(
    ("name", "make", "size"),
    [
        ("one sentence of 200 KB", one_sentence, 200_000),
        ("cue-heavy, 2 MB", cue_heavy, 2_000_000),
        ("mixed scripts without stops, 1.7 MB", mixed_scripts, 1_700_000),
    ],
)
def test_hostile_text_is_bounded_in_memory_and_close_to_prose_in_time(tmp_path, name, make, size):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(make(size), encoding="utf-8")
    plain = tmp_path / "prose.txt"
    plain.write_text(prose(len(hostile.read_text(encoding="utf-8"))), encoding="utf-8")
    # prose first: the process's peak memory is then the hostile text's (prose needs less)
    got = measure(plain, hostile)
    assert got["records"][1] > 0, name
    assert got["peak_mb"] < PEAK_MB, f"{name}: peak {got['peak_mb']:.0f} MB"
    ratio = got["seconds"][1] / got["seconds"][0]
    assert ratio < SLOWER_THAN_PROSE, f"{name}: {ratio:.2f}x the time of prose of its size"


def test_parse_time_grows_linearly_with_the_text(tmp_path):
    one = tmp_path / "1mb.txt"
    two = tmp_path / "2mb.txt"
    one.write_text(cue_heavy(1_000_000), encoding="utf-8")
    two.write_text(cue_heavy(2_000_000), encoding="utf-8")
    t1, t2 = measure(one, two)["seconds"]
    assert t2 / t1 < 2.5, f"1 MB {t1:.2f} s, 2 MB {t2:.2f} s"


def test_an_excerpt_in_a_huge_sentence_is_a_window_with_exact_offsets():
    from briefmap.model import Brief
    from briefmap.pipeline import EXCERPT_WIDTH, parse_brief

    text = one_sentence(100_000)
    b = Brief("s", "s.txt", text, text, list(range(len(text) + 1)))
    mentions = parse_brief(b).mentions
    assert len(mentions) > 5_000
    for m in mentions[::97]:
        assert len(m.excerpt) <= EXCERPT_WIDTH + 20
        assert text[m.excerpt_start : m.excerpt_end] == m.excerpt
        assert m.excerpt_start <= m.start and m.end <= m.excerpt_end
