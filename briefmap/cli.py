"""The ``briefmap`` command (also ``python -m briefmap``).

``briefmap parse FILE... [--lang pl|en] [--format geojson|csv|jsonl]`` prints one record per
place mention to stdout, stateless. ``briefmap build`` rebuilds the corpus store the
dashboard reads. A file that cannot be read gets one line on stderr naming it and the
reason; the other files are still processed and the exit status is 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator, Sequence

from briefmap.corpus import load_brief
from briefmap.gazetteer import load_gazetteer
from briefmap.pipeline import mention_record, parse_brief
from briefmap.reading import BriefReadError, printable_name

CSV_FIELDS = (
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
    "lat",
    "lon",
    "link",
    "evidence",
    "excerpt",
    "themes",
    "dates",
    "confidence",
)


def _records(paths: Sequence[str], lang: str | None, errors: list[str]) -> Iterator[dict]:
    """The records of every readable file; errors and notes go to stderr as they come.

    ``doc`` (and ``brief_id``, from the file name) is the path as given; a byte of the name
    that is not UTF-8 is written ``\\xNN``, so the output stays valid UTF-8 and JSON.
    """

    def utf8(s: str) -> str:
        try:
            raw = s.encode("utf-8", "surrogateescape")  # the name's bytes, as the system has them
        except UnicodeEncodeError:
            raw = s.encode("utf-8", "backslashreplace")
        return raw.decode("utf-8", "backslashreplace")

    gaz = None
    for path in paths:
        notes: list[str] = []
        try:
            brief = load_brief(path, language=lang, notes=notes)
        except BriefReadError as exc:
            errors.append(str(exc))
            print(f"briefmap: {exc}", file=sys.stderr)
            continue
        except Exception as exc:
            msg = BriefReadError(
                path,
                f"could not be read ({type(exc).__name__}: {exc})",
                "check the file; if it opens in other programs, please report this with the file",
            )
            errors.append(str(msg))
            print(f"briefmap: {msg}", file=sys.stderr)
            continue
        for note in notes:  # warnings: the file was read; the exit status does not change
            print(f"briefmap: {printable_name(path)}: {note}", file=sys.stderr)
        gaz = gaz or load_gazetteer()  # loaded once, shared by every file of the call
        brief.id = utf8(brief.id)
        for m in parse_brief(brief, gaz):
            yield mention_record(m, utf8(path))


def _feature(rec: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [rec["lon"], rec["lat"]]},
        "properties": rec,
    }


def cmd_parse(args: argparse.Namespace) -> int:
    errors: list[str] = []
    out = sys.stdout
    records = _records(args.files, args.lang, errors)
    if args.format == "jsonl":
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        w = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
        w.writeheader()
        for rec in records:
            row = dict(rec)
            row["themes"] = ";".join(rec["themes"])
            row["dates"] = ";".join(f"{d['start']}/{d['end']}" for d in rec["dates"])
            w.writerow(row)
    else:
        # Streamed, so that many files never sit in memory as one document.
        out.write('{"type": "FeatureCollection", "features": [')
        for n, rec in enumerate(records):
            out.write(("\n" if n == 0 else ",\n") + json.dumps(_feature(rec), ensure_ascii=False))
        out.write("\n]}\n")
    return 2 if errors else 0


def cmd_build(args: argparse.Namespace) -> int:
    from briefmap.store import DEFAULT_STORE, SCHEMA_VERSION, build_store, schema_version

    path = args.store or DEFAULT_STORE
    if args.if_missing and path.exists() and schema_version(path) == SCHEMA_VERSION:
        print(f"briefmap: store {path} exists; not rebuilt", file=sys.stderr)
        return 0
    report = build_store(path)
    print(f"briefmap: built {path}: {report}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from pathlib import Path

    ap = argparse.ArgumentParser(prog="briefmap", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="print the place mentions of brief files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--lang", choices=("pl", "en"), help="language (detected when omitted)")
    p.add_argument("--format", choices=("geojson", "csv", "jsonl"), default="geojson")
    p.set_defaults(func=cmd_parse)
    b = sub.add_parser("build", help="rebuild the corpus store from the briefs in geodata/")
    b.add_argument("--store", type=Path, help="store file (default: var/briefmap.sqlite)")
    b.add_argument(
        "--if-missing",
        action="store_true",
        help="only build when absent or written by another version",
    )
    b.set_defaults(func=cmd_build)
    args = ap.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `briefmap parse … | head`
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
