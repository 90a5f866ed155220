"""`briefmap parse` and `briefmap build` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from briefmap.cli import main
from briefmap.text.corpus import BRIEFS_DIR, load_brief

SEEDS = sorted(str(p) for p in BRIEFS_DIR.glob("*.txt"))
REQUIRED = {
    "doc",
    "surface",
    "start",
    "end",
    "place_id",
    "name",
    "name_pl",
    "kind",
    "country",
    "precision",
    "link",
    "evidence",
    "excerpt",
    "themes",
    "dates",
    "confidence",
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_geojson_is_a_feature_collection_of_points_with_every_property(capsys):
    code, out, err = run(capsys, "parse", *SEEDS)
    assert code == 0, err
    fc = json.loads(out)
    assert fc["type"] == "FeatureCollection"
    points = [f for f in fc["features"] if f["properties"]["type"] == "mention"]
    assert len(points) > 50
    for f in points:
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"].keys() >= REQUIRED
        assert f["properties"]["link"] in {"name", "cue"}
    assert {f["properties"]["doc"] for f in points} == set(SEEDS)
    # after the mentions, the flows as lines through their stops (issue 6)
    lines = [f for f in fc["features"] if f["properties"]["type"] == "flow"]
    assert lines and all(f["geometry"]["type"] == "LineString" for f in lines)
    for f in lines:
        p = f["properties"]
        stops = [x for x in (p["origin"], *p["via"], p["destination"]) if x]
        assert f["geometry"]["coordinates"] == [[x["lon"], x["lat"]] for x in stops]


def _records(out: str, kind: str) -> list[dict]:
    return [r for r in map(json.loads, out.splitlines()) if r["type"] == kind]


def test_jsonl_records_slice_back_to_their_surface(capsys):
    code, out, _ = run(capsys, "parse", "--format", "jsonl", *SEEDS)
    assert code == 0
    briefs = {p: load_brief(p) for p in SEEDS}
    mentions = _records(out, "mention")
    assert mentions
    for rec in mentions:
        assert briefs[rec["doc"]].reading[rec["start"] : rec["end"]] == rec["surface"]
    lines = out.splitlines()
    order = ["mention", "flow", "event"]
    for doc in SEEDS:  # per file: its mentions, then its flows, then its events
        mine = [json.loads(x)["type"] for x in lines if json.loads(x)["doc"] == doc]
        assert mine == sorted(mine, key=order.index)


def test_jsonl_flow_records_say_where_from_through_where_and_why(capsys):
    code, out, _ = run(capsys, "parse", "--format", "jsonl", *SEEDS)
    assert code == 0
    briefs = {p: load_brief(p) for p in SEEDS}
    flows = _records(out, "flow")
    assert flows
    for rec in flows:
        assert {"doc", "origin", "via", "destination", "commodity", "kind", "excerpt"} <= set(rec)
        assert {"evidence", "confidence"} <= set(rec)
        assert rec["kind"] in {"current", "planned", "rerouted", "former"}
        reading = briefs[rec["doc"]].reading
        x = rec["excerpt"]
        assert reading[x["start"] : x["end"]] == x["text"]
        assert x["orig_start"] <= x["orig_end"]
        for end in [rec["origin"], *rec["via"], rec["destination"]]:
            if end is None:
                continue
            assert {"place_id", "name", "country", "lat", "lon"} <= set(end)
            if end["start"] is not None:  # the words that gave the role, in the reading text
                assert reading[end["start"] : end["end"]] == end["words"]
    oil = [r for r in flows if r["commodity"] == "oil products"]
    assert {r["destination"]["name"] for r in oil} == {"Ust-Luga", "Saint Petersburg"}


def test_csv_has_a_header_and_one_row_per_mention(capsys):
    _, jl, _ = run(capsys, "parse", "--format", "jsonl", SEEDS[0])
    code, out, _ = run(capsys, "parse", "--format", "csv", SEEDS[0])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(_records(jl, "mention"))
    assert {"surface", "name", "lat", "lon", "themes"} <= rows[0].keys()


def test_csv_with_flows_has_one_row_per_flow(capsys):
    _, jl, _ = run(capsys, "parse", "--format", "jsonl", SEEDS[0])
    code, out, _ = run(capsys, "parse", "--format", "csv", "--flows", SEEDS[0])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(_records(jl, "flow")) > 0
    assert {"origin", "via", "destination", "kind", "commodity", "evidence"} <= rows[0].keys()
    assert any(r["destination"] == "Ust-Luga" and r["origin"] == "Belarus" for r in rows)


def test_english_text_is_detected_and_parsed(tmp_path, capsys):
    f = tmp_path / "en.txt"
    f.write_text(
        "Belarus and Russia held talks in Minsk. Trucks queued at the border with "
        "Lithuania, and potash exports through Klaipeda stopped.\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "parse", "--format", "jsonl", str(f))
    assert code == 0
    names = {r["name"] for r in _records(out, "mention")}
    assert {"Belarus", "Russia", "Lithuania"} <= names
    assert any("Minsk" in n for n in names)
    assert any("Klaip" in n for n in names)


BAD = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 8,
    "broken.pdf": b"%PDF-1.4\n1 0 obj <<",
    "fake.docx": b"PK\x03\x04 not really a zip",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_gets_one_line_naming_it_and_others_still_parse(tmp_path, capsys, name):
    bad = tmp_path / name
    bad.write_bytes(BAD[name])
    code, out, err = run(capsys, "parse", "--format", "jsonl", str(bad), SEEDS[0])
    assert code == 2
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    assert str(bad) in lines[0]
    assert "Traceback" not in err
    assert out.strip(), "the good file after the bad one was not parsed"


def test_missing_file_gets_one_line_and_status_2(capsys):
    code, _out, err = run(capsys, "parse", "/nonexistent/brief.txt")
    assert code == 2
    assert "/nonexistent/brief.txt" in err and len(err.strip().splitlines()) == 1


def test_wrongly_encoded_polish_text_is_decoded(tmp_path, capsys):
    f = tmp_path / "cp1250.txt"
    f.write_bytes("Ciężarówki utknęły na granicy Litwy z Białorusią.".encode("cp1250"))
    code, out, _ = run(capsys, "parse", "--format", "jsonl", str(f))
    assert code == 0
    surfaces = {r["surface"] for r in _records(out, "mention")}
    assert {"Litwy", "Białorusią"} <= surfaces


def test_a_guessed_encoding_is_a_warning_naming_the_file(tmp_path, capsys):
    cut = tmp_path / "cut.txt"
    cut.write_bytes("Ciężarówki utknęły na granicy Litwy z Białorusią".encode()[:-1])
    legacy = tmp_path / "cp1250.txt"
    legacy.write_bytes("Ciężarówki utknęły na granicy Litwy z Białorusią.".encode("cp1250"))
    code, out, err = run(capsys, "parse", "--format", "jsonl", str(cut), str(legacy))
    assert code == 0  # a warning: the files were read
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith(f"briefmap: {cut}: the file ends in the middle of a character")
    assert lines[1].startswith(f"briefmap: {legacy}: the text is not UTF-8: read as Windows-1250")
    assert {"Litwy"} <= {json.loads(x)["surface"] for x in out.splitlines()}


def test_a_clean_file_gets_no_warning(capsys):
    code, _, err = run(capsys, "parse", SEEDS[0])
    assert code == 0 and err == ""


def test_pypdf_prints_nothing_of_its_own(tmp_path, capfd):
    from test_reading import make_pdf

    cut = tmp_path / "cut.pdf"
    cut.write_bytes(make_pdf(["Troops moved to Grodno."])[:-5])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(make_pdf(["Troops moved to Grodno."])[:-30])
    code = main(["parse", "--format", "jsonl", str(cut), str(broken)])
    out, err = capfd.readouterr()
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 2, err  # one warning, one error: no "EOF marker not found" of pypdf's
    assert lines[0].startswith(f"briefmap: {cut}: the PDF is damaged but could be read")
    assert lines[1].startswith(f"briefmap: {broken}: the PDF is damaged or cannot be parsed")
    assert "Grodno" in out


def test_a_newline_in_a_file_name_does_not_split_the_error_line(tmp_path, capsys):
    bad = tmp_path / "evil\nbriefmap: all good.txt"
    bad.write_bytes(b"")
    code, _, err = run(capsys, "parse", str(bad))
    assert code == 2
    assert err.count("\n") == 1 and "evil\\nbriefmap: all good.txt: file is empty" in err


def test_a_name_that_is_not_utf8_gives_valid_json(tmp_path, capsys):
    name = os.fsdecode(b"raport-\xff.txt")  # as the system hands such a name to Python
    (tmp_path / name).write_text("Wojska rosyjskie ćwiczyły w Grodnie.\n", encoding="utf-8")
    path = str(tmp_path / name)
    for fmt in ("jsonl", "geojson", "csv"):
        code, out, _ = run(capsys, "parse", "--format", fmt, path)
        assert code == 0
        out.encode("utf-8")  # strict: no lone surrogate, no raw 0xFF
    code, out, _ = run(capsys, "parse", "--format", "jsonl", path)
    rec = json.loads(out.splitlines()[0])
    assert rec["doc"] == str(tmp_path / "raport-\\xff.txt")
    assert rec["brief_id"] == "raport-\\xff"


def test_a_symlink_loop_gets_one_line_with_a_remedy(tmp_path, capsys):
    (tmp_path / "a.txt").symlink_to(tmp_path / "a.txt")
    code, _, err = run(capsys, "parse", str(tmp_path / "a.txt"))
    assert code == 2 and err.count("\n") == 1
    assert "loop" in err and "point the link" in err


def test_module_entry_point_reports_without_traceback(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-garbage")
    r = subprocess.run(
        [sys.executable, "-m", "briefmap", "parse", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert str(bad) in r.stderr
    assert "Traceback" not in r.stderr


def test_build_writes_a_store_the_dashboard_can_read(tmp_path, capsys):
    from briefmap.store import Store

    path = tmp_path / "store.sqlite"
    code, _, err = run(capsys, "build", "--store", str(path))
    assert code == 0, err
    store = Store(path)
    assert {b["id"] for b in store.briefs()} == {p.rsplit("/", 1)[1][:-4] for p in SEEDS}
    assert store.place_summary()


def test_build_if_missing_rebuilds_a_store_of_another_version_and_keeps_reviews(tmp_path, capsys):
    import sqlite3

    from briefmap.store import SCHEMA_VERSION, Store, schema_version

    path = tmp_path / "store.sqlite"
    assert run(capsys, "build", "--store", str(path))[0] == 0
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        con.execute(
            'INSERT INTO reviews (brief_id, start, "end", surface, action, created_at)'
            " VALUES ('x', 0, 1, 'M', 'reject', 'now')"
        )
    con.close()
    code, _, err = run(capsys, "build", "--if-missing", "--store", str(path))
    assert code == 0 and "1 review decisions kept" in err
    assert schema_version(path) == SCHEMA_VERSION
    Store(path)  # readable again
    code, _, err = run(capsys, "build", "--if-missing", "--store", str(path))
    assert "not rebuilt" in err  # a current store is left alone


def test_build_skips_a_bad_entry_and_a_file_outside_the_corpus_and_says_so(tmp_path, capsys):
    """Issue 7: one malformed entry and one `file = "../../etc/passwd"` are named in one line
    each; the other briefs are built; the exit status says something was skipped."""
    from briefmap.store import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Rozmowy w Mińsku i w Wilnie trwały długo.", encoding="utf-8")
    (corpus / "briefs.toml").write_text(
        '[[brief]]\nid = "good"\nfile = "good.txt"\nlanguage = "pl"\n\n'
        '[[brief]]\nid = 7\nfile = "good.txt"\n\n'
        '[[brief]]\nid = "escape"\nfile = "../../etc/passwd"\n',
        encoding="utf-8",
    )
    path = tmp_path / "store.sqlite"
    code, _, err = run(
        capsys, "build", "--store", str(path), "--corpus", str(corpus / "briefs.toml")
    )
    assert code == 1
    problems = [x for x in err.splitlines() if "briefs.toml" in x]
    assert len(problems) == 2, err
    assert any("'id'" in x or "id" in x for x in problems) and any("passwd" in x for x in problems)
    assert "Traceback" not in err
    store = Store(path)
    assert [b["id"] for b in store.briefs()] == ["good"]


def test_build_of_an_unreadable_briefs_toml_keeps_the_old_store(tmp_path, capsys):
    from briefmap.store import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Rozmowy w Mińsku.", encoding="utf-8")
    meta = corpus / "briefs.toml"
    meta.write_text('[[brief]]\nid = "ok"\nfile = "ok.txt"\n', encoding="utf-8")
    path = tmp_path / "store.sqlite"
    assert run(capsys, "build", "--store", str(path), "--corpus", str(meta))[0] == 0
    meta.write_text("[[brief]\nid = ", encoding="utf-8")  # not TOML
    code, _, err = run(capsys, "build", "--store", str(path), "--corpus", str(meta))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert [b["id"] for b in Store(path).briefs()] == ["ok"]
