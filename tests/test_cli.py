"""`briefmap parse` and `briefmap build` as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from briefmap.cli import main
from briefmap.corpus import BRIEFS_DIR, load_brief

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
    for doc in SEEDS:  # per file: its mentions, then its flows
        mine = [json.loads(x)["type"] for x in lines if json.loads(x)["doc"] == doc]
        assert mine == sorted(mine, key=lambda k: k == "flow")


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
