"""The ``briefmap`` command (also ``python -m briefmap``).

``briefmap parse FILE... [--lang pl|en] [--format geojson|csv|jsonl] [--flows]`` prints, to
stdout and stateless, one record per place mention and then one per flow (JSON lines:
``"type": "mention"`` / ``"flow"``; GeoJSON: Points, then LineStrings; CSV: the mentions, or
with ``--flows`` the flows). ``briefmap build`` rebuilds the corpus store the dashboard
reads. A file that cannot be read gets one line on stderr naming it and the reason; the
other files are still processed and the exit status is 2. ``briefmap export --format
html|geojson|csv|gpkg|png|svg [filters] OUT`` writes a view of the store to a file
(``briefmap.export``); a view that cannot be exported gets one line and exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from collections.abc import Iterator, Sequence

from briefmap.corpus import load_brief
from briefmap.flows import Flow
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
FLOW_CSV_FIELDS = (
    "doc",
    "kind",
    "commodity",
    "commodity_words",
    "origin",
    "origin_country",
    "via",
    "destination",
    "destination_country",
    "former",
    "excerpt",
    "excerpt_start",
    "excerpt_end",
    "orig_start",
    "orig_end",
    "evidence",
    "confidence",
)


def _parsed(paths: Sequence[str], lang: str | None, errors: list[str]) -> Iterator:
    """(doc, ParsedBrief) of every file that can be read, in order; the others are reported
    on stderr and in ``errors``, and warnings about the files read (notes) on stderr.

    ``doc`` (and the brief's id, from the file name) is the path as given; a byte of the name
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
        yield utf8(path), parse_brief(brief, gaz)


def _feature(rec: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [rec["lon"], rec["lat"]]},
        "properties": rec,
    }


def flow_feature(rec: dict) -> dict:
    """A flow record (``Flow.record``) as a GeoJSON LineString through its known stops."""
    stops = [rec["origin"], *rec["via"], rec["destination"]]
    coords = [[p["lon"], p["lat"]] for p in stops if p is not None]
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": rec,
    }


def flow_row(rec: dict) -> dict:
    """A flow record flattened for CSV: ends by name, stops joined by " > "."""

    def name(p: dict | None) -> str:
        return p["name"] if p else ""

    return {
        "doc": rec["doc"],
        "kind": rec["kind"],
        "commodity": rec["commodity"],
        "commodity_words": rec["commodity_words"],
        "origin": name(rec["origin"]),
        "origin_country": rec["origin"]["country"] if rec["origin"] else "",
        "via": " > ".join(name(v) for v in rec["via"]),
        "destination": name(rec["destination"]),
        "destination_country": rec["destination"]["country"] if rec["destination"] else "",
        "former": " > ".join(name(v) for v in rec["former"]),
        "excerpt": rec["excerpt"]["text"],
        "excerpt_start": rec["excerpt"]["start"],
        "excerpt_end": rec["excerpt"]["end"],
        "orig_start": rec["excerpt"]["orig_start"],
        "orig_end": rec["excerpt"]["orig_end"],
        "evidence": " | ".join(rec["evidence"]),
        "confidence": rec["confidence"],
    }


def cmd_parse(args: argparse.Namespace) -> int:
    errors: list[str] = []
    out = sys.stdout
    parsed = _parsed(args.files, args.lang, errors)
    if args.format == "csv":
        fields = FLOW_CSV_FIELDS if args.flows else CSV_FIELDS
        w = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for path, pb in parsed:
            if args.flows:
                for fl in pb.flows:
                    w.writerow(flow_row(fl.record(path)))
                continue
            for m in pb.mentions:
                row = mention_record(m, path)
                row["themes"] = ";".join(row["themes"])
                row["dates"] = ";".join(f"{d['start']}/{d['end']}" for d in row["dates"])
                w.writerow(row)
        return 2 if errors else 0
    # Streamed, so that many files never sit in memory as one document; per file, the
    # mentions first and then the flows.
    first = True
    if args.format == "geojson":
        out.write('{"type": "FeatureCollection", "features": [')
    for path, pb in parsed:
        flows: list[Flow] = pb.flows
        # one record at a time: a brief's records never sit in memory together
        records = itertools.chain(
            (mention_record(m, path) for m in pb.mentions), (fl.record(path) for fl in flows)
        )
        for rec in records:
            if args.format == "jsonl":
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                continue
            feature = flow_feature(rec) if rec["type"] == "flow" else _feature(rec)
            out.write(("\n" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
            first = False
    if args.format == "geojson":
        out.write("\n]}\n")
    return 2 if errors else 0


def cmd_build(args: argparse.Namespace) -> int:
    from briefmap.build import build_store
    from briefmap.store import DEFAULT_STORE, SCHEMA_VERSION, schema_version

    path = args.store or DEFAULT_STORE
    if args.if_missing and path.exists() and schema_version(path) == SCHEMA_VERSION:
        print(f"briefmap: store {path} exists; not rebuilt", file=sys.stderr)
        return 0
    try:
        report = build_store(path, metadata_file=args.corpus)
    except ValueError as exc:  # briefs.toml unreadable as a whole: the old store stays
        print(f"briefmap: {exc}; the store was not rebuilt", file=sys.stderr)
        return 2
    for line in [*report.notes, *report.errors]:
        print(f"briefmap: {line}", file=sys.stderr)
    print(f"briefmap: built {path}: {report}", file=sys.stderr)
    return 1 if report.errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from briefmap.briefing import BriefingError, find_briefing
    from briefmap.export import ExportError, View, export
    from briefmap.store import DEFAULT_STORE, Filters, Store, StoreOutdated

    path = args.store or DEFAULT_STORE
    try:
        store = Store(path)
    except (FileNotFoundError, StoreOutdated) as exc:
        print(f"briefmap: {exc}", file=sys.stderr)
        return 2
    briefing = None
    if args.briefing:
        found = Path(args.briefing) if args.briefing.endswith(".toml") else None
        if found is None or not found.is_file():
            found = find_briefing(Path(args.briefing).name)
        if found is None:
            print(
                f"briefmap: no briefing {args.briefing!r}: give a .toml file or the name of "
                "one in geodata/briefings",
                file=sys.stderr,
            )
            return 2
        briefing = str(found)
    centre = None
    if args.view:
        try:
            lat, lon, zoom = args.view.split(",")
            centre = (float(lat), float(lon), int(zoom))
        except ValueError:
            print(f"briefmap: --view must be LAT,LON,ZOOM, not {args.view!r}", file=sys.stderr)
            return 2
    view = View(
        filters=Filters(
            themes=tuple(args.theme),
            briefs=tuple(args.brief),
            publishers=tuple(args.publisher),
            countries=tuple(c.upper() for c in args.country),
            precisions=tuple(args.precision),
            links=tuple(args.link),
            event_from=args.event_from,
            event_to=args.event_to,
            published_from=args.published_from,
            published_to=args.published_to,
            search=args.search or "",
        ),
        language=args.lang,
        order=args.order,
        briefing=briefing,
        start=args.step,
        centre=centre,
    )
    try:
        out = export(store, args.format, args.out, view, flows=args.flows)
    except (ExportError, BriefingError, OSError) as exc:
        for line in str(exc).splitlines():
            print(f"briefmap: {line}", file=sys.stderr)
        return 2
    finally:
        store.close()
    print(f"briefmap: wrote {out} ({out.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


def _iso_date(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def main(argv: Sequence[str] | None = None) -> int:
    from pathlib import Path

    ap = argparse.ArgumentParser(prog="briefmap", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="print the place mentions of brief files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--lang", choices=("pl", "en"), help="language (detected when omitted)")
    p.add_argument("--format", choices=("geojson", "csv", "jsonl"), default="geojson")
    p.add_argument(
        "--flows",
        action="store_true",
        help="with --format csv: print the flows instead of the mentions",
    )
    p.set_defaults(func=cmd_parse)
    b = sub.add_parser("build", help="rebuild the corpus store from the briefs in geodata/")
    b.add_argument("--store", type=Path, help="store file (default: var/briefmap.sqlite)")
    b.add_argument(
        "--corpus",
        type=Path,
        metavar="BRIEFS_TOML",
        help="the corpus to build: a briefs.toml and its folder (default: geodata/briefs)",
    )
    b.add_argument(
        "--if-missing",
        action="store_true",
        help="only build when absent or written by another version",
    )
    b.set_defaults(func=cmd_build)
    e = sub.add_parser(
        "export",
        help="write a view of the store: an offline HTML presentation, data, or a picture",
        description="Write the mentions and flows of the store under the given filters (as "
        "the dashboard's sidebar sets them) to OUT. html: one file that works with no "
        "network (map, layers, legend, briefing steps). geojson: mention points then flow "
        "lines. csv: one row per mention (--flows: per flow). gpkg: layers mentions, flows "
        "and areas. png/svg: a picture for a slide with its legend and a source line.",
    )
    e.add_argument("out", type=Path, metavar="OUT", help="file to write (replaced atomically)")
    e.add_argument(
        "--format", required=True, choices=("html", "geojson", "csv", "gpkg", "png", "svg")
    )
    e.add_argument("--store", type=Path, help="store file (default: var/briefmap.sqlite)")
    e.add_argument(
        "--brief", action="append", default=[], metavar="ID", help="a brief (repeatable)"
    )
    e.add_argument(
        "--theme",
        action="append",
        default=[],
        metavar="ID",
        help="a theme id of geodata/themes.toml (repeatable)",
    )
    e.add_argument("--publisher", action="append", default=[], help="(repeatable)")
    e.add_argument("--country", action="append", default=[], metavar="ISO2", help="(repeatable)")
    e.add_argument(
        "--precision",
        action="append",
        default=[],
        choices=("point", "settlement", "region", "country", "continent"),
    )
    e.add_argument("--link", action="append", default=[], choices=("name", "cue"))
    e.add_argument("--event-from", type=_iso_date, metavar="DATE")
    e.add_argument("--event-to", type=_iso_date, metavar="DATE")
    e.add_argument("--published-from", type=_iso_date, metavar="DATE")
    e.add_argument("--published-to", type=_iso_date, metavar="DATE")
    e.add_argument("--search", metavar="WORDS", help="words every excerpt must contain")
    e.add_argument("--lang", choices=("en", "pl"), default="en", help="interface language")
    e.add_argument(
        "--order",
        choices=("text", "date"),
        default="text",
        help="briefing steps: text order or event date",
    )
    e.add_argument(
        "--briefing",
        metavar="FILE",
        help="html: step through a curated briefing (geodata/briefings)",
    )
    e.add_argument("--step", type=int, default=1, help="html: the step shown first")
    e.add_argument(
        "--view",
        metavar="LAT,LON,ZOOM",
        help="png/svg: the map view to draw (default: fit the places)",
    )
    e.add_argument(
        "--flows", action="store_true", help="csv: write the flows instead of the mentions"
    )
    e.set_defaults(func=cmd_export)
    args = ap.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `briefmap parse … | head`
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
