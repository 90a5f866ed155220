"""The ``briefmap`` command (also ``python -m briefmap``).

Past 600 lines, kept one piece: a function per command and the one parser that names them.

``briefmap parse FILE... [--lang pl|en] [--format geojson|csv|jsonl] [--flows|--events]``
prints, to stdout and stateless, one record per place mention, then one per flow, then one
per event (JSON lines: ``"type": "mention"`` / ``"flow"`` / ``"event"``; GeoJSON: Points,
LineStrings, and Points with ``"type": "event"`` in their properties; CSV: the mentions, or
with ``--flows`` the flows, with ``--events`` the events). A file that cannot be read gets
one line on stderr naming it and the reason; the other files are still processed and the
exit status is 2.
``briefmap export --format html|geojson|csv|gpkg|png|svg [filters] OUT`` writes a view of
the store to a file (``briefmap.present.export``); a view that cannot be exported gets one line and
exit status 2.

The store and the user's briefs live in the data folder (``briefmap.datafolder``; ``--data``
names another): ``briefmap build`` parses the corpus and every added brief again, keeping
every review decision; ``briefmap add FILE...`` adds briefs (one transaction each: a file
that fails changes nothing, the others are still added; exit status 2 if any failed);
``briefmap news BRIEF [--json]`` prints what a brief adds to the archive before it
(``briefmap.news``), and ``add`` prints that of each brief it adds (on stderr: stdout keeps
one line per brief added). ``briefmap list``, ``edit``, ``review``, ``reparse``, ``places``
and ``backup`` do what they say (``briefmap COMMAND --help``).

"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from briefmap.analysis.flows import Flow
from briefmap.errors import Errors
from briefmap.pipeline import parse_brief
from briefmap.places.gazetteer import load_gazetteer
from briefmap.records import (
    CSV_FIELDS,
    EVENT_CSV_FIELDS,
    FLOW_CSV_FIELDS,
    event_csv_row,
    event_record,
    flow_csv_row,
    flow_record,
    mention_csv_row,
    mention_record,
)
from briefmap.text.corpus import load_brief
from briefmap.text.reading import BriefReadError, printable_name

# one encoder for every record (json.dumps with options makes a new one per call)
_json = json.JSONEncoder(ensure_ascii=False).encode


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
    """A flow record (``records.flow_record``) as a GeoJSON LineString through its stops."""
    stops = [rec["origin"], *rec["via"], rec["destination"]]
    coords = [[p["lon"], p["lat"]] for p in stops if p is not None]
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": rec,
    }


def event_feature(rec: dict) -> dict:
    """An event record (``records.event_record``) as a GeoJSON Point at its place; its
    properties keep ``"type": "event"``."""
    place = rec["place"]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
        "properties": rec,
    }


def cmd_parse(args: argparse.Namespace) -> int:
    errors: list[str] = []
    out = sys.stdout
    parsed = _parsed(args.files, args.lang, errors)
    if args.format == "csv":
        fields = EVENT_CSV_FIELDS if args.events else FLOW_CSV_FIELDS if args.flows else CSV_FIELDS
        w = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for path, pb in parsed:
            if args.events:
                for ev in pb.events:
                    w.writerow(event_csv_row(event_record(ev, path)))
                continue
            if args.flows:
                for fl in pb.flows:
                    w.writerow(flow_csv_row(flow_record(fl, path)))
                continue
            for m in pb.mentions:
                w.writerow(mention_csv_row(mention_record(m, path)))
        return 2 if errors else 0
    # Streamed, so that many files never sit in memory as one document; per file, the
    # mentions first, then the flows, then the events.
    first = True
    if args.format == "geojson":
        out.write('{"type": "FeatureCollection", "features": [')
    for path, pb in parsed:
        flows: list[Flow] = pb.flows
        # one record at a time: a brief's records never sit in memory together
        records = itertools.chain(
            (mention_record(m, path) for m in pb.mentions),
            (flow_record(fl, path) for fl in flows),
            (event_record(ev, path) for ev in pb.events),
        )
        for rec in records:
            if args.format == "jsonl":
                out.write(_json(rec) + "\n")
                continue
            if rec["type"] == "flow":
                feature = flow_feature(rec)
            elif rec["type"] == "event":
                feature = event_feature(rec)
            else:
                feature = _feature(rec)
            out.write(("\n" if first else ",\n") + _json(feature))
            first = False
    if args.format == "geojson":
        out.write("\n]}\n")
    return 2 if errors else 0


def _library(args: argparse.Namespace):
    from briefmap.datafolder import data_folder
    from briefmap.library import Library

    return Library(data_folder(args.data, getattr(args, "store", None)))


def _err(msg: str) -> None:
    print(f"briefmap: {msg}", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from briefmap.build import build_store, ensure_store

    lib = _library(args)
    path = lib.folder.store
    try:
        if args.if_missing:
            report = ensure_store(path, metadata_file=args.corpus)
            if report is None:
                _err(f"store {path} exists; not rebuilt")
                return 0
        else:
            report = build_store(path, metadata_file=args.corpus)
    except ValueError as exc:  # briefs.toml unreadable as a whole: the old store stays
        _err(f"{exc}; the store was not rebuilt")
        return 2
    for line in [*report.notes, *report.errors]:
        _err(line)
    for d in report.lost:
        _err(f"{d.brief_id}: a decision was not re-attached: {d.describe()}")
    _err(f"built {path}: {report}")
    return 1 if report.errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from briefmap.errors import BriefingError, ExportError
    from briefmap.present.export import export
    from briefmap.present.steps import find_briefing
    from briefmap.present.view import View
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
            _err(Errors.E001.format(name=args.briefing))
            return 2
        briefing = str(found)
    centre = None
    if args.view:
        try:
            lat, lon, zoom = args.view.split(",")
            centre = (float(lat), float(lon), int(zoom))
        except ValueError:
            _err(Errors.E002.format(value=args.view))
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
            since=args.since,
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
        raise argparse.ArgumentTypeError(Errors.E003.format(value=value)) from None


def cmd_add(args: argparse.Namespace) -> int:
    from briefmap.library import AddError

    lib = _library(args)
    lib.ensure()
    meta = {
        "title": args.title,
        "publisher": args.publisher,
        "author": args.author,
        "date_start": args.date,
        "url": args.url,
    }
    failed = 0
    n = len(args.files)
    for k, path in enumerate(args.files, 1):
        label = f"[{k}/{n}] {path}" if n > 1 else path

        def progress(stage: str, share: float, label: str = label) -> None:
            if args.progress and stage != "done":
                _err(f"{label}: {stage}… ({share:.0%})")

        try:
            added = lib.add_file(path, meta=meta, language=args.lang, progress=progress)
        except AddError as exc:
            failed += 1
            _err(str(exc))
            if exc.kind == "duplicate":
                _err(f"{path}: nothing new (the brief is in the library already)")
            continue
        print(f"{added.brief_id}\t{added.title}\t{added.mentions} mentions, {added.flows} flows")
        _print_news(lib.folder.store, added.brief_id, args.quiet_months, sys.stderr)
    return 2 if failed else 0


def _print_news(path: Path, brief_id: str, quiet_months: int | None, out, as_json=False) -> bool:
    """Print the news of ``brief_id`` in the store at ``path``; False if there is no such
    brief."""
    from briefmap.news import brief_news, news_text
    from briefmap.store import Store

    store = Store(path)
    try:
        news = brief_news(store, brief_id, quiet_months)
    except KeyError:
        return False
    finally:
        store.close()
    if as_json:
        out.write(json.dumps(news.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        out.write(news_text(news) + "\n")
    return True


def cmd_news(args: argparse.Namespace) -> int:
    lib = _library(args)
    lib.ensure()
    if not _print_news(lib.folder.store, args.brief, args.quiet_months, sys.stdout, args.json):
        _err(f"no brief {args.brief!r} in {lib.folder.store}: see `briefmap list`")
        return 2
    return 0


def _months(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: a whole number of months, 1 or more")
    return n


def cmd_list(args: argparse.Namespace) -> int:
    from briefmap.store import Store

    lib = _library(args)
    lib.ensure()
    store = Store(lib.folder.store)
    for b in store.briefs():
        c = store.status_counts(b["id"])
        print(
            f"{b['id']}\t{b['origin']}\t{b['date_start'] or ''}\t{b['title']}\t"
            f"{c['auto']} auto, {c['reviewed']} reviewed, {c['rejected']} rejected"
        )
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from briefmap.library import AddError

    fields = {
        k: v
        for k, v in (
            ("title", args.title),
            ("publisher", args.publisher),
            ("author", args.author),
            ("date_start", args.date),
            ("url", args.url),
        )
        if v is not None
    }
    try:
        _library(args).edit(args.brief, **fields)
    except (KeyError, ValueError, AddError) as exc:
        _err(str(exc).strip("'\""))
        return 2
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from briefmap.store import Filters, Store

    lib = _library(args)
    if not args.span:
        store = Store(lib.folder.store)
        rows = store.mentions(Filters(include_rejected=True), brief_id=args.brief)
        if store.brief(args.brief) is None:
            _err(Errors.E005.format(brief=args.brief))
            return 2
        for m in rows:
            print(
                f"{m['start']}:{m['end']}\t{m['status']}\t{m['link']}\t{m['surface']}\t"
                f"{m['place_id']}\t{m['place_name']}\t{m['precision']}\t{','.join(m['themes'])}"
            )
        return 0
    if args.action is None:
        _err(Errors.E004)
        return 2
    try:
        start, end = (int(x) for x in args.span.split(":"))
        lib.decide(
            args.brief,
            start,
            end,
            args.action,
            link=args.link,
            cue_place_id=args.cue_place or "",
            place_id=args.place,
            lat=args.lat,
            lon=args.lon,
            precision=args.precision,
            themes=[t for t in args.themes.split(",") if t] if args.themes is not None else None,
            note=args.note or "",
        )
    except (KeyError, ValueError) as exc:
        _err(f"{args.brief} {args.span}: {str(exc).strip(chr(39))}")
        return 2
    return 0


def cmd_reparse(args: argparse.Namespace) -> int:
    lib = _library(args)
    code = 0
    for brief_id in args.briefs:
        try:
            report = lib.reparse(brief_id)
        except KeyError as exc:
            _err(str(exc).strip("'\""))
            code = 2
            continue
        _err(
            f"{brief_id}: {report.mentions} mentions; {len(report.lost)} decisions not re-attached"
        )
        for d in report.lost:
            _err(f"{brief_id}: not re-attached (its words were not found): {d.describe()}")
    return code


def cmd_places(args: argparse.Namespace) -> int:
    for place, name in _library(args).search_places(args.query, args.limit):
        print(
            f"{place.id}\t{place.name}\t{place.country}\t{place.kind}\t{place.precision}\t"
            f"{place.lat:.4f},{place.lon:.4f}\t(matched {name!r})"
        )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    import shutil

    from briefmap.store import backup

    lib = _library(args)
    dest = Path(args.dest)
    if dest.exists() and any(dest.iterdir()):
        _err(Errors.E006.format(dest=dest))
        return 2
    dest.mkdir(parents=True, exist_ok=True)
    backup(lib.folder.store, dest / lib.folder.store.name)
    if lib.folder.briefs.exists():
        shutil.copytree(
            lib.folder.briefs, dest / lib.folder.briefs.name, ignore=shutil.ignore_patterns(".*")
        )
    aliases = lib.folder.gazetteer.with_name("aliases.toml")  # names taught in review
    for f in (lib.folder.gazetteer, aliases):
        if f.exists():
            shutil.copy2(f, dest / f.name)
    _err(f"backed up {lib.folder.root} to {dest}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="briefmap", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument(
        "--data",
        type=Path,
        help="the data folder (default: $BRIEFMAP_DATA, else the system's user data folder)",
    )
    p = sub.add_parser("parse", help="print the place mentions of brief files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--lang", choices=("pl", "en"), help="language (detected when omitted)")
    p.add_argument("--format", choices=("geojson", "csv", "jsonl"), default="geojson")
    p.add_argument(
        "--flows",
        action="store_true",
        help="with --format csv: print the flows instead of the mentions",
    )
    p.add_argument(
        "--events",
        action="store_true",
        help="with --format csv: print the events instead of the mentions",
    )
    p.set_defaults(func=cmd_parse)
    b = sub.add_parser(
        "build",
        parents=[data],
        help="parse the corpus and your added briefs into the store again (decisions kept)",
    )
    b.add_argument("--store", type=Path, help="store file (default: briefmap.sqlite in --data)")
    b.add_argument(
        "--corpus",
        type=Path,
        metavar="BRIEFS_TOML",
        help="the corpus to build: a briefs.toml and its folder (default: geodata/briefs)",
    )
    b.add_argument(
        "--if-missing",
        action="store_true",
        help="only build a new store (or one migrated from an older briefmap)",
    )
    b.set_defaults(func=cmd_build)
    a = sub.add_parser("add", parents=[data], help="add brief files to the store")
    a.add_argument("files", nargs="+", metavar="FILE")
    a.add_argument("--title")
    a.add_argument("--publisher")
    a.add_argument("--author")
    a.add_argument("--date", help="publication date, YYYY-MM-DD")
    a.add_argument("--url")
    a.add_argument("--lang", help="pl or en (detected when omitted)")
    a.add_argument("--no-progress", dest="progress", action="store_false")
    quiet = {"type": _months, "metavar": "N", "help": "months without a mention that make a"
             " place news again (default: $BRIEFMAP_QUIET_MONTHS, else 6)"}  # fmt: skip
    a.add_argument("--quiet-months", **quiet)
    a.set_defaults(func=cmd_add)
    nw = sub.add_parser("news", parents=[data], help="what a brief adds to the archive before it")
    nw.add_argument("brief", help="a brief id (see `briefmap list`)")
    nw.add_argument("--json", action="store_true", help="print JSON instead of text")
    nw.add_argument("--quiet-months", **quiet)
    nw.set_defaults(func=cmd_news)
    ls = sub.add_parser("list", parents=[data], help="list the stored briefs")
    ls.set_defaults(func=cmd_list)
    e = sub.add_parser("edit", parents=[data], help="change an added brief's metadata")
    e.add_argument("brief")
    for name in ("title", "publisher", "author", "url"):
        e.add_argument(f"--{name}")
    e.add_argument("--date", help="publication date, YYYY-MM-DD")
    e.set_defaults(func=cmd_edit)
    r = sub.add_parser(
        "review",
        parents=[data],
        help="list a brief's mentions, or record a decision about one",
        description="Without START:END, list the mentions of BRIEF (span, status, link,"
        " words, place, precision, themes). With it, record a decision about those words.",
    )
    r.add_argument("brief")
    r.add_argument("span", nargs="?", metavar="START:END", help="reading-text offsets")
    r.add_argument(
        "action",
        nargs="?",
        choices=("accept", "reject", "reassign", "move", "precision", "themes", "add", "reset"),
    )
    r.add_argument("--place", help="place id (reassign, add): see `briefmap places`")
    r.add_argument("--lat", type=float)
    r.add_argument("--lon", type=float)
    r.add_argument("--precision")
    r.add_argument("--themes", help="comma-separated theme ids (themes)")
    r.add_argument("--link", default="name", choices=("name", "cue"))
    r.add_argument("--cue-place", help="for a cue link: the place the parser linked")
    r.add_argument("--note")
    r.set_defaults(func=cmd_review)
    rp = sub.add_parser("reparse", parents=[data], help="parse briefs again, keeping decisions")
    rp.add_argument("briefs", nargs="+", metavar="BRIEF")
    rp.set_defaults(func=cmd_reparse)
    pl = sub.add_parser("places", parents=[data], help="search the gazetteer by any name")
    pl.add_argument("query")
    pl.add_argument("--limit", type=int, default=20)
    pl.set_defaults(func=cmd_places)
    bk = sub.add_parser("backup", parents=[data], help="copy the data folder, safely")
    bk.add_argument("dest", help="a new or empty folder")
    bk.set_defaults(func=cmd_backup)
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
    e.add_argument("--store", type=Path, help="store file (default: the data folder's)")
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
    e.add_argument(
        "--since", type=_iso_date, metavar="DATE", help="only briefs added or published since"
    )
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
