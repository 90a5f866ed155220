"""The build: corpus -> pipeline -> store, with the analyst's decisions applied. ``briefmap
build`` runs it.

A build parses every brief again into the store, in one transaction: the corpus of
``geodata/briefs`` (or the briefs given) and every brief the user added (read again from its
file in the data folder; from the text the store keeps when the file is gone). A crash or a
kill mid-build leaves the store as it was (SQLite rolls the transaction back), and readers
see the old store until the new one is committed. Each brief is written in a savepoint: one
that cannot be read or parsed is reported in one line (``BuildReport.errors``) and skipped —
an added brief is then kept as it was, never dropped. The decisions of the analyst are
re-attached to the words they were about (``briefmap.decisions.reattach``) and applied; those
whose words were not found are reported (``BuildReport.lost``) and kept for the next parse.

:func:`store_parsed` writes one parsed brief with its decisions; the library (adding a
brief, re-parsing one) uses it too. The SQL is ``briefmap.store``'s.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefmap import store
from briefmap.datafolder import data_folder
from briefmap.decisions import Decision, Reviewed, apply, reattach
from briefmap.event_review import apply_events
from briefmap.model import Brief, Mention, Place
from briefmap.pipeline import ParsedBrief, parse_brief, span_mention
from briefmap.places.gazetteer import Gazetteer, load_gazetteer
from briefmap.store import DEFAULT_STORE


@dataclass
class BuildReport:
    """What a build did; ``errors`` holds one line per brief skipped, ``notes`` warnings
    about briefs that were built (an encoding guessed, a damaged PDF read, an added brief's
    file gone), ``lost`` the decisions whose words were not found again (kept, not
    applied)."""

    briefs: int = 0
    added: int = 0  # of which the user added
    mentions: int = 0
    flows: int = 0
    places: int = 0
    reviews_kept: int = 0
    lost: list[Decision] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings: "<file>: read as Windows-1250…"

    def __str__(self) -> str:
        s = (
            f"{self.briefs} briefs ({self.added} added by you), {self.mentions} mentions of"
            f" {self.places} places, {self.flows} flows, {self.reviews_kept} review decisions"
            " kept"
        )
        if self.lost:
            s += f", {len(self.lost)} of them not re-attached (their words were not found)"
        return s + (f"; {len(self.errors)} skipped" if self.errors else "")


def store_parsed(
    con: sqlite3.Connection,
    parsed: ParsedBrief,
    gaz: Gazetteer,
    origin: str = "corpus",
    *,
    added_at: str | None = None,
    file_sha256: str | None = None,
    file_name: str | None = None,
) -> list[Decision]:
    """Write one parsed brief with the analyst's decisions about it re-attached to its
    reading text and applied; returns the decisions not re-attached. Inside a transaction."""
    brief = parsed.brief
    decisions = store.read_decisions(con, brief.id)
    attached, lost = reattach(decisions, brief.reading)
    store.move_decisions(con, attached + lost)
    mentions = apply(
        brief.id,
        [Reviewed.automatic(m) for m in parsed.mentions],
        attached,
        _maker(brief, {}),
    )
    ends = {
        ep.place_id: gaz.place(ep.place_id)
        for fl in parsed.flows
        for ep in (fl.origin, *fl.via, fl.destination, *fl.former)
        if ep is not None
    }
    store.write_brief(
        con,
        brief,
        mentions,
        origin,
        flows=parsed.flows,
        places=ends,
        events=apply_events(parsed.events, attached),
        added_at=added_at,
        file_sha256=file_sha256,
        file_name=file_name,
    )
    return lost


def refresh_brief(con: sqlite3.Connection, brief_id: str) -> None:
    """Apply the decisions about a stored brief to its stored mentions and events (after a
    new decision): no parsing, the parser's own output is kept with each of them. Inside a
    transaction."""
    row = store.brief_row(con, brief_id)
    if row is None:
        raise KeyError(brief_id)
    brief = store.brief_from_row(row)
    automatic, added = store.read_mentions(con, brief_id)
    decisions = [d for d in store.read_decisions(con, brief_id) if d.attached]
    mentions = apply(
        brief_id, automatic, decisions, _maker(brief, {(m.start, m.end): m for m in added})
    )
    store.delete_mentions(con, brief_id)
    store.write_mentions(con, brief, mentions)
    events = apply_events(store.read_events(con, brief_id), decisions)
    store.delete_events(con, brief_id)
    store.write_events(con, brief, events)


def _maker(
    brief: Brief, known: dict[tuple[int, int], Mention]
) -> Callable[[Decision, Place], Mention]:
    """Makes the mention a decision adds (reusing one made before for the same words)."""

    def make(d: Decision, place: Place) -> Mention:
        got = known.get((d.start, d.end))
        if got is not None:
            return got
        evidence = (
            "added by the analyst in review"
            if d.action == "add"
            else "kept by the analyst's review: the parser no longer links these words"
        )
        m = span_mention(brief, d.start, d.end, place, evidence)
        known[(d.start, d.end)] = m
        return m

    return make


def build_store(
    path: Path | str = DEFAULT_STORE,
    briefs: Iterable[Brief] | None = None,
    gazetteer: Gazetteer | None = None,
    progress: Callable[[int, str], None] | None = None,
    metadata_file: Path | str | None = None,
) -> BuildReport:
    """Parse ``briefs`` (default: the corpus ``metadata_file`` lists, by default
    ``geodata/briefs/briefs.toml``) and every brief the user added into the store at
    ``path`` (created, or migrated, if need be), keeping every decision; see the module
    docstring. ``progress(n, title)`` is told each brief as it starts. A ``briefs.toml``
    unreadable as a whole raises ``ValueError`` and leaves the store as it was."""
    from briefmap.text.corpus import iter_corpus

    path = Path(path)
    folder = data_folder(store=path)
    report = BuildReport()
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    con = _open(path)
    try:
        gaz = gazetteer or load_gazetteer(local=folder.gazetteer)
        if briefs is None:
            # one brief at a time: a 10,000-brief corpus is never held whole
            briefs = iter_corpus(
                metadata_file=metadata_file, problems=report.errors, notes=report.notes
            )
        with store.transaction(con):
            added = store.added_briefs(con)
            added_ids = {r["id"] for r in added}
            store.clear_derived(con)
            # every curated place, so that a feature never mentioned (a crossing, a port at
            # the end of a flow) can still be shown and selected
            for place in gaz.places.values():
                if place.id.startswith("bm:"):
                    store.write_place(con, place)
            n = 0
            for brief in briefs:
                n += 1
                if progress:
                    progress(n, brief.title)
                if brief.id in added_ids:
                    report.errors.append(
                        f"{brief.path}: skipped, its id {brief.id!r} is that of a brief you"
                        " added; give the corpus brief another id in briefs.toml"
                    )
                    continue
                if _build_one(con, report, brief, gaz, "corpus", {}):
                    report.briefs += 1
            for row in added:
                n += 1
                if progress:
                    progress(n, row["title"])
                brief, note = reread(folder, row)
                if note:
                    report.notes.append(note)
                extra = {k: row[k] for k in ("added_at", "file_sha256", "file_name")}
                if not _build_one(con, report, brief, gaz, "added", extra):
                    # kept as it was stored (without its mentions): never dropped
                    store.write_brief(con, store.brief_from_row(row), (), "added", **extra)
                report.briefs += 1
                report.added += 1
            report.reviews_kept = store.count(con, "reviews")
            report.places = store.count(con, "places")
            store.mark_built(con)
        store.checkpoint(con)
    finally:
        con.close()
    return report


def _build_one(
    con: sqlite3.Connection,
    report: BuildReport,
    brief: Brief,
    gaz: Gazetteer,
    origin: str,
    extra: dict,
) -> bool:
    try:
        with store.savepoint(con, "brief"):
            parsed = parse_brief(brief, gaz)
            report.lost += store_parsed(con, parsed, gaz, origin, **extra)
    except Exception as exc:  # one brief's fault must not cost the others
        report.errors.append(
            f"{brief.path}: could not be parsed ({type(exc).__name__}: {exc}); it is kept"
            " as it was — report the problem, or remove the brief and build again"
            if origin == "added"
            else f"{brief.path}: skipped, could not be parsed ({type(exc).__name__}: {exc});"
            " fix or remove the brief and build again"
        )
        return False
    report.mentions += len(parsed.mentions)
    report.flows += len(parsed.flows)
    return True


def reread(folder, row: dict) -> tuple[Brief, str]:
    """A stored added brief with its text read again from its file in the data folder (the
    reader may have improved), keeping its stored metadata; when the file cannot be read,
    the stored text, and a line saying so."""
    from dataclasses import replace

    from briefmap.text.corpus import load_brief

    stored = store.brief_from_row(row)
    path = folder.brief_path(row["path"])
    try:
        fresh = load_brief(path, meta={"id": row["id"]}, language=row["language"])
    except Exception as exc:
        return stored, (
            f"{path}: the file of the brief {row['id']!r} could not be read again ({exc});"
            " its stored text was used"
        )
    return replace(
        stored, original=fresh.original, reading=fresh.reading, offsets=fresh.offsets
    ), ""


def _open(path: Path) -> sqlite3.Connection:
    """The store at ``path``; one too old to migrate is moved aside (never deleted), a new
    one made, and the briefs the user added and the decisions copied into it."""
    try:
        return store.connect(path)
    except store.StoreOutdated as exc:
        if "newer briefmap" in str(exc):
            raise
    except sqlite3.DatabaseError:
        pass
    aside = path.with_name(f"{path.name}.old-{time.strftime('%Y%m%d-%H%M%S')}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    con = store.connect(path)
    with contextlib.suppress(sqlite3.DatabaseError):  # not a store at all: nothing to keep
        store.carry_over(con, aside)
    return con


def ensure_store(
    path: Path | str = DEFAULT_STORE, metadata_file: Path | str | None = None
) -> BuildReport | None:
    """Make the store ready: build it when it is new (the seed briefs) or was migrated from
    a version whose mentions must be parsed again; else leave it. Returns the build's
    report, or None when nothing was built."""
    path = Path(path)
    con = _open(path)
    try:
        fresh = store.needs_build(con)
    finally:
        con.close()
    return build_store(path, metadata_file=metadata_file) if fresh else None


_TEMP_INFIX = ".building-"


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary stores that builds of older briefmaps (which wrote a new file
    and swapped it in) left next to ``path`` when they were killed; returns what was
    removed. A temporary whose process still runs is left alone."""
    removed = []
    for tmp in path.parent.glob(f"{path.name}{_TEMP_INFIX}*"):
        pid_text = tmp.name[len(path.name) + len(_TEMP_INFIX) :].split("-", 1)[0]
        pid_text = pid_text.split(".", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def teach_alias(folder, d: Decision) -> None:
    """A name the analyst re-assigned becomes an alias of its new place in the user's
    gazetteer tier (``briefmap.places.aliases``), for briefs about the countries of this
    brief's other places. ``folder`` is the data folder (``briefmap.datafolder``)."""
    from briefmap.places.aliases import aliases_path, remember_alias

    if d.action != "reassign" or d.link != "name" or d.place is None:
        return
    con = store.connect_readonly(folder.store)
    try:
        automatic, added = store.read_mentions(con, d.brief_id)
    finally:
        con.close()
    countries = {
        m.place.country
        for m in [r.mention for r in automatic] + added
        if (m.start, m.end) != (d.start, d.end) and m.place.country
    }
    remember_alias(aliases_path(folder.gazetteer), d.surface, d.place, countries, d.brief_id)
