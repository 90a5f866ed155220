"""Stress: huge, hostile and broken input to reading and to the corpus.

Fixtures are generated (a 1 GB-in-1 MB DOCX zip bomb, a DOCX of a million paragraphs, one of
ten million tiny elements, cut UTF-8, symbolic links and paths out of the corpus, malformed
``briefs.toml``). The DOCX cases are read in a subprocess that reports its time, while the
process between measures its peak memory (``getrusage(RUSAGE_CHILDREN)``). Times are compared
with a baseline read in the same test (a plain DOCX of the same size), so a loaded machine
slows both alike; the issue's absolute ceilings (1 s, 30 s) stretch by how much slower than
on an idle machine that baseline ran. Run alone with ``pytest -m stress``.
"""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

import docx
import pytest

from briefmap.text import corpus as corpus_module
from briefmap.text.corpus import BRIEFS_DIR, load_corpus
from briefmap.text.reading import BriefReadError, read_text

pytestmark = pytest.mark.stress

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

#: How long the baselines take on this project's 2-core machine when it is idle (seconds,
#: measured in the subprocess, reading only): the absolute ceilings stretch by how much
#: slower the baseline runs now.
IDLE_PLAIN_1MB_S = 0.1
IDLE_PLAIN_16M_CHARS_S = 0.4

# The child reads one file and says what happened and how long the reading took.
READ_ONE = r"""
import json, sys, time
from briefmap.text.reading import BriefReadError, read_text
start = time.perf_counter()
try:
    text = read_text(sys.argv[1])
    outcome = {"chars": len(text), "paragraphs": text.count("\n\n") + 1, "head": text[:40]}
except BriefReadError as exc:
    outcome = {"error": str(exc)}
outcome["seconds"] = time.perf_counter() - start
print(json.dumps(outcome))
"""
# The process between: its only child is the reader, so RUSAGE_CHILDREN is the reader's peak.
MEASURE = r"""
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(done.stdout.strip())
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(done.returncode)
"""


def measure(path: Path) -> dict:
    """Read ``path`` in a fresh process: the outcome, ``seconds`` and ``peak_mb``."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-c", READ_ONE, str(path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    outcome_line, peak_kb = done.stdout.strip().splitlines()[-2:]
    outcome = json.loads(outcome_line)
    outcome["peak_mb"] = int(peak_kb) / 1024  # Linux reports kB
    return outcome


def template() -> bytes:
    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def write_docx(path: Path, body: Iterable[bytes]) -> Path:
    """A Word document (python-docx's template) whose body is the XML ``body``, streamed."""
    with (
        zipfile.ZipFile(io.BytesIO(template())) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in src.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, src.read(info))
                continue
            member = zipfile.ZipInfo("word/document.xml")
            member.compress_type = zipfile.ZIP_DEFLATED
            with out.open(member, "w", force_zip64=True) as f:
                f.write(
                    f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>'.encode()
                )
                for chunk in body:
                    f.write(chunk)
                f.write(b"</w:body></w:document>")
    return path


def paragraphs(texts: Iterable[str]) -> Iterable[bytes]:
    """``<w:p>`` elements for ``texts``, a few thousand to a chunk."""
    batch: list[str] = []
    for t in texts:
        batch.append(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")
        if len(batch) == 5000:
            yield "".join(batch).encode()
            batch = []
    yield "".join(batch).encode()


def prose(chars: int, seed: int = 1) -> Iterable[str]:
    """Paragraphs of about 400 characters of the seed briefs' words in random order."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(BRIEFS_DIR.glob("*.txt")))
    words = sorted(set(re.findall(r"\w+", text)))
    rng = random.Random(seed)
    while chars > 0:
        p = " ".join(rng.choices(words, k=60)) + "."
        chars -= len(p) + 2
        yield p


def stretch(baseline_s: float, idle_s: float) -> float:
    """How much slower than idle this machine runs now, judged by a baseline (at least 1)."""
    return max(1.0, baseline_s / idle_s)


# -- DOCX ------------------------------------------------------------------------------------


def bomb_body(unpacked: int) -> Iterable[bytes]:
    """One paragraph of ``unpacked`` bytes of one letter: deflate packs it 1000 to 1."""
    yield b"<w:p><w:r><w:t>"
    chunk = b"a" * (1 << 20)
    for _ in range(unpacked >> 20):
        yield chunk
    yield b"</w:t></w:r></w:p>"


@pytest.mark.parametrize(
    ("unpacked", "said"),
    [(1 << 30, "would unpack to 1074."), (100 << 20, "word/document.xml is compressed")],
    ids=["1 GB in 1 MB", "100 MB in 0.1 MB"],
)
def test_a_docx_zip_bomb_is_refused_at_once_in_little_memory(tmp_path, unpacked, said):
    bomb = write_docx(tmp_path / "bomb.docx", bomb_body(unpacked))
    size = bomb.stat().st_size
    with zipfile.ZipFile(bomb) as z:
        xml = z.getinfo("word/document.xml")
    assert xml.file_size > unpacked and xml.file_size / xml.compress_size > 900  # ~1000 to 1
    plain = write_docx(tmp_path / "plain.docx", paragraphs(prose(4 * size)))
    assert 0.5 < plain.stat().st_size / size < 2  # the same size, of ordinary prose

    refused, read = measure(bomb), measure(plain)

    print("bomb", refused, "plain", read)
    assert "error" in refused and said in refused["error"], refused
    assert refused["error"].startswith(f"{bomb}: ") and "MAX_" in refused["error"]
    assert read["chars"] > size  # the baseline is really read
    # refusing a bomb costs less than reading an honest document of its size...
    assert refused["seconds"] < max(read["seconds"], 0.05)
    # ...and stays under the second, stretched by the load the baseline shows
    assert refused["seconds"] < 1.0 * stretch(read["seconds"], IDLE_PLAIN_1MB_S * size / 1e6)
    assert refused["peak_mb"] < 200, refused


def test_a_docx_of_a_million_short_paragraphs_is_read_in_linear_time(tmp_path):
    million = write_docx(
        tmp_path / "million.docx", paragraphs(f"Akapit {i}." for i in range(10**6))
    )
    tenth = write_docx(tmp_path / "tenth.docx", paragraphs(f"Akapit {i}." for i in range(10**5)))

    many, fewer = measure(million), measure(tenth)
    plain = write_docx(tmp_path / "plain.docx", paragraphs(prose(many.get("chars", 16_000_000))))
    baseline = measure(plain)

    assert many.get("paragraphs") == 10**6, many
    assert many["head"] == "Akapit 0.\n\nAkapit 1.\n\nAkapit 2.\n\nAkapit "
    assert fewer["paragraphs"] == 10**5 and baseline["chars"] >= many["chars"]
    print("million", many, "tenth", fewer, "plain", baseline)
    # linear in the paragraphs (ten times as many: about ten times as long, not a hundred)...
    assert many["seconds"] < 20 * fewer["seconds"], (many, fewer)
    # ...at a bounded cost per paragraph over the same text in ordinary paragraphs (python-docx
    # took thousands of times as long: 1.6 ms a paragraph)...
    assert many["seconds"] < 30 * baseline["seconds"], (many, baseline)
    # ...under the 30 s, stretched by the load the baseline shows
    assert many["seconds"] < 30 * stretch(baseline["seconds"], IDLE_PLAIN_16M_CHARS_S)
    # memory: a small multiple of the text (16 M characters), not of the XML tree
    assert many["peak_mb"] < 500 and many["peak_mb"] < 3 * baseline["peak_mb"], (many, baseline)


# -- text ------------------------------------------------------------------------------------


def test_a_large_utf8_file_cut_in_a_character_is_read_as_utf8_with_a_note(tmp_path):
    text = "".join(prose(5_000_000)) + " Ciężarówki stoją w Kłajpedzie i na granicy z Białorusią"
    whole = tmp_path / "whole.txt"
    whole.write_bytes(text.encode())
    cut = tmp_path / "cut.txt"
    cut.write_bytes(text.encode()[:-1])  # "ą" is two bytes: one is left

    start = time.perf_counter()
    assert read_text(whole) == text
    baseline = time.perf_counter() - start
    notes: list[str] = []
    start = time.perf_counter()
    read = read_text(cut, notes=notes)
    elapsed = time.perf_counter() - start

    assert read == text[:-1] + "\ufffd"  # as UTF-8: "Kłajpedzie", not "KĹ‚ajpedzie"
    assert len(notes) == 1 and "middle of a character" in notes[0]
    assert elapsed < 3 * baseline + 0.05, (elapsed, baseline)


def test_a_large_utf8_file_with_a_few_foreign_bytes_is_read_as_utf8(tmp_path):
    text = "".join(prose(5_000_000))
    data = text.encode()
    mixed = tmp_path / "mixed.txt"
    middle = data.index(b" ", len(data) // 2)
    mixed.write_bytes(data[:middle] + " Łódź".encode("cp1250") + data[middle:])
    plain = tmp_path / "plain.txt"
    plain.write_bytes(data)

    start = time.perf_counter()
    read_text(plain)
    baseline = time.perf_counter() - start
    notes: list[str] = []
    start = time.perf_counter()
    read = read_text(mixed, notes=notes)
    elapsed = time.perf_counter() - start

    assert read.startswith(text[:1000]) and read.endswith(text[-1000:])
    assert read.count("\ufffd") == 3 and "3 bytes are not valid UTF-8" in notes[0]
    assert elapsed < 3 * baseline + 0.1, (elapsed, baseline)


# -- the corpus ------------------------------------------------------------------------------

GOOD = "Wojska rosyjskie ćwiczyły w Grodnie i pod Brześciem.\n"


def test_a_hostile_corpus_builds_the_good_briefs_and_names_each_bad_one(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Tajne: Mińsk.\n", encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(3):
        (folder / f"good{n}.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "link-out.txt").symlink_to(outside / "secret.txt")
    (folder / "dir-out").symlink_to(outside)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    bad = {
        "passwd": 'file = "../../etc/passwd"',
        "absolute": f'file = "{outside / "secret.txt"}"',
        "link_out": 'file = "link-out.txt"',
        "dir_out": 'file = "dir-out/secret.txt"',
        "loop": 'file = "loop.txt"',
        "language": 'file = "good0.txt"\nlanguage = "xx"',
        "dates": 'file = "good0.txt"\ndate_start = 2024-02-01\ndate_end = 2024-01-31',
        "not_a_date": 'file = "good0.txt"\ndate_start = "wczoraj"',
        "empty": 'file = "empty.txt"',
        "missing": 'file = "missing.txt"',
    }
    entries = [f'[[brief]]\nid = "good{n}"\nfile = "good{n}.txt"\n' for n in range(3)]
    entries += [f'[[brief]]\nid = "{bid}"\n{fields}\n' for bid, fields in bad.items()]
    entries += [
        '[[brief]]\nid = 7\nfile = "good1.txt"\n',
        '[[brief]]\nid = "a b"\nfile = "good2.txt"\n',
    ]
    toml = folder / "briefs.toml"
    toml.write_text("\n".join(entries), encoding="utf-8")
    opened: list[Path] = []
    real_read_text = corpus_module.read_text
    monkeypatch.setattr(
        corpus_module,
        "read_text",
        lambda p, **kw: opened.append(Path(p)) or real_read_text(p, **kw),
    )

    problems: list[str] = []
    briefs = load_corpus(metadata_file=toml, problems=problems)

    assert [b.id for b in briefs] == ["good0", "good1", "good2"]
    assert len(problems) == len(bad) + 2, "\n".join(problems)
    for line, bid in zip(problems, [*bad, "no. 14", "no. 15"], strict=True):
        assert "\n" not in line and line.startswith(f"{toml}: brief ") and " — " in line
        assert bid in line, line
    assert all(p.is_relative_to(folder.resolve()) for p in opened)  # nothing outside was read
    with pytest.raises((ValueError, BriefReadError)):  # without a problems list: the first
        load_corpus(metadata_file=toml)


MALFORMED = [
    b"[[brief]\n",
    b"[[brief]]]\n",
    b"[brief\n",
    b'[[brief]]\nfile = "a.txt"\nfile = "b.txt"\n',
    b'[[brief]]\nfile = "a.txt\n',
    b"[[brief]]\nfile = a.txt\n",
    b"[[brief]]\nfile\n",
    b"[[brief]]\n= 3\n",
    b"[[brief]]\ndate_start = 2021-02-30\n",
    b"[[brief]]\ndate_start = 2021-6-1\n",
    b'[[brief]]\ntitle = """never closed\n',
    b"[[brief]]\nx = 1\n[brief]\n",
    b'[[brief]]\nfile = "ok.txt"\n\x00\n',
    b"[[brief]]\nrelated = [" + b"[" * 100_000 + b"\n",
    b'[[brief]]\nfile = "\xff\xfe.txt"\n',
    b"\xff\xfe[\x00[\x00b\x00r\x00i\x00e\x00f\x00]\x00]\x00\n\x00",  # UTF-16
    b'brief = "ok.txt"\n',
    b'[brief]\nfile = "ok.txt"\n',
]


@pytest.mark.parametrize("content", MALFORMED, ids=range(len(MALFORMED)))
def test_a_malformed_briefs_toml_is_one_line_and_nothing_is_built(tmp_path, content):
    toml = tmp_path / "briefs.toml"
    toml.write_bytes(content)
    problems: list[str] = []
    with pytest.raises(ValueError) as info:
        load_corpus(metadata_file=toml, problems=problems)
    msg = str(info.value)
    assert msg.startswith(f"{toml}: ") and "\n" not in msg and " — " in msg, msg
    assert problems == []


def flood_body(elements: int) -> Iterable[bytes]:
    """One paragraph holding ``elements`` empty elements (each a tree node if a tree were
    built), varied enough to stay under the compression ratio limit."""
    rng = random.Random(3)
    yield b"<w:p><w:r><w:t>Grodno</w:t></w:r>"
    for _ in range(elements // 100_000):
        yield b"".join(b"<x%d/>" % rng.randrange(10) for _ in range(100_000))
    yield "<w:r><w:t> i Brześć</w:t></w:r></w:p>".encode()


def test_a_docx_flooded_with_tiny_elements_is_read_in_little_memory(tmp_path):
    flood = write_docx(tmp_path / "flood.docx", flood_body(10**7))
    with zipfile.ZipFile(flood) as z:
        xml = z.getinfo("word/document.xml")
    assert xml.file_size > 50e6 and xml.file_size / xml.compress_size < 100  # under the limits
    plain = write_docx(tmp_path / "plain.docx", paragraphs(prose(4 * flood.stat().st_size)))

    flooded, read = measure(flood), measure(plain)
    print("flood", flooded, "plain", read)

    assert flooded.get("head") == "Grodno i Brześć\n", flooded
    assert flooded["peak_mb"] < 200, flooded  # a tree of ten million nodes would take GBs
    # the flood costs like the XML it is: a bounded multiple of reading the plain document
    assert flooded["seconds"] < 20 * read["seconds"] + 1, (flooded, read)
