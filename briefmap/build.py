"""The build: corpus -> pipeline -> store. ``briefmap build`` runs it.

Every brief is parsed and written on its own: a brief that cannot be read or parsed is
reported in one line (``BuildReport.errors``) and skipped, and the rest is built. The new
store is written to a temporary file next to the old one and swapped in atomically, so a
crash or a kill mid-build leaves the old store as it was; temporary files of builds that
were killed are removed by the next build. The human reviews of the old store are carried
over: they are never lost. The SQL is ``briefmap.store``'s.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefmap.gazetteer import Gazetteer, load_gazetteer
from briefmap.model import Brief
from briefmap.pipeline import parse_brief
from briefmap.store import (
    DEFAULT_STORE,
    connect,
    count,
    create_schema,
    read_reviews,
    write_brief,
    write_place,
    write_reviews,
)

_TEMP_INFIX = ".building-"


@dataclass
class BuildReport:
    """What a build did; ``errors`` holds one line per brief skipped, ``notes`` warnings
    about briefs that were built (an encoding guessed, a damaged PDF read)."""

    briefs: int = 0
    mentions: int = 0
    flows: int = 0
    places: int = 0
    reviews_kept: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings: "<file>: read as Windows-1250…"

    def __str__(self) -> str:
        s = (
            f"{self.briefs} briefs, {self.mentions} mentions of {self.places} places, "
            f"{self.flows} flows, {self.reviews_kept} reviews kept"
        )
        return s + (f"; {len(self.errors)} skipped" if self.errors else "")


def build_store(
    path: Path | str = DEFAULT_STORE,
    briefs: Iterable[Brief] | None = None,
    gazetteer: Gazetteer | None = None,
    metadata_file: Path | str | None = None,
) -> BuildReport:
    """Parse ``briefs`` (default: the corpus ``metadata_file`` lists, by default
    ``geodata/briefs/briefs.toml``) into a new store at ``path``, atomically, keeping the
    reviews of the store it replaces. A brief that fails is skipped and named in ``errors``;
    anything else that fails (a ``briefs.toml`` unreadable as a whole: ``ValueError``)
    leaves the old store."""
    from briefmap.corpus import iter_corpus

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    tmp = path.with_name(f"{path.name}{_TEMP_INFIX}{os.getpid()}")
    _unlink_store(tmp)
    report = BuildReport()
    gaz = gazetteer or load_gazetteer()
    kept = read_reviews(path)
    con = connect(tmp)
    try:
        with con:
            create_schema(con)
            # every curated place, so that a feature never mentioned (a crossing, a port at
            # the end of a flow) can still be shown and selected
            for place in gaz.places.values():
                if place.id.startswith("bm:"):
                    write_place(con, place)
            if briefs is None:
                # one brief at a time: a 10,000-brief corpus is never held whole
                briefs = iter_corpus(
                    metadata_file=metadata_file, problems=report.errors, notes=report.notes
                )
            for brief in briefs:
                con.execute("SAVEPOINT brief")
                try:
                    parsed = parse_brief(brief, gaz)
                    ends = {
                        ep.place_id: gaz.place(ep.place_id)
                        for fl in parsed.flows
                        for ep in (fl.origin, *fl.via, fl.destination, *fl.former)
                        if ep is not None
                    }
                    write_brief(con, brief, parsed.mentions, flows=parsed.flows, places=ends)
                except Exception as exc:  # one brief's fault must not cost the others
                    con.execute("ROLLBACK TO brief")
                    report.errors.append(
                        f"{brief.path}: skipped, could not be parsed ({type(exc).__name__}: "
                        f"{exc}); fix or remove the brief and build again"
                    )
                    continue
                finally:
                    con.execute("RELEASE brief")
                report.briefs += 1
                report.mentions += len(parsed.mentions)
                report.flows += len(parsed.flows)
            write_reviews(con, kept)
            report.reviews_kept = len(kept)
            report.places = count(con, "places")
    except BaseException:
        con.close()
        _unlink_store(tmp)
        raise
    con.close()
    os.replace(tmp, path)
    return report


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary stores of builds of ``path`` whose process is gone (killed
    builds); returns what was removed."""
    removed = []
    for tmp in path.parent.glob(f"{path.name}{_TEMP_INFIX}*"):
        pid_text = tmp.name[len(path.name) + len(_TEMP_INFIX) :].split("-", 1)[0]
        pid_text = pid_text.split(".", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        _unlink_store(tmp)
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


def _unlink_store(p: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{p}{suffix}").unlink(missing_ok=True)
