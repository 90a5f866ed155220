"""The user's library: adding briefs, editing what was found in them, keeping every decision.

:class:`Library` works on one data folder (``briefmap.datafolder``). Adding a brief is two
steps, so that a page can show what was read before anything is stored:
:meth:`Library.prepare` reads the file (or the pasted text), checks it, finds its metadata
and returns a :class:`Draft` or raises :class:`AddError`; :meth:`Library.commit` parses the
draft and stores it with its file, in one transaction. Nothing is stored for a file that
fails, and a failure never touches what was stored before; in a batch, each file is on its
own. Adding is incremental: one brief is written, the rest of the store is not touched.

Review: :meth:`Library.decide` stores one decision (``briefmap.decisions``) and applies it;
:meth:`Library.reparse` parses a brief again and re-attaches every decision to its words;
:meth:`Library.save_place` adds a place to the user's own gazetteer (``places.toml`` in the
data folder), which the next brief's parse uses.

Two modules beside this one hold what is not the library's own work:
``briefmap.library_drafts`` (a brief on its way in: :class:`Draft`, :class:`AddError`, its
metadata and id; imported from here by the pages and the CLI) and
``briefmap.library_places`` (the user's gazetteer file). Importable without Streamlit.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from briefmap import store
from briefmap.build import BuildReport, ensure_store, refresh_brief, reread, store_parsed
from briefmap.datafolder import DataFolder, data_folder
from briefmap.decisions import Decision, anchored
from briefmap.library_drafts import (
    LANGUAGES,
    Added,
    AddError,
    Draft,
    brief_id,
    file_label,
    max_bytes_from_env,
    parse_date,
    read_brief,
    read_file,
    too_large,
    with_metadata,
    write_file,
)
from briefmap.library_places import add_local_place
from briefmap.model import PRECISIONS, Place
from briefmap.places.gazetteer import Gazetteer, load_gazetteer
from briefmap.text.language import language_problem
from briefmap.text.properties import file_properties

#: Stages a progress callback is told, in order, with the share of the work done.
STAGES = ("reading", "places", "themes", "storing")
_STAGE_AT = {"reading": 0.0, "places": 0.2, "themes": 0.7, "storing": 0.9, "done": 1.0}

Progress = Callable[[str, float], None]


@dataclass
class ReparseReport:
    brief_id: str
    mentions: int
    decisions: int
    lost: list[Decision]


class Library:
    """The briefs, decisions and gazetteer additions of one data folder."""

    def __init__(
        self,
        folder: DataFolder | str | os.PathLike[str] | None = None,
        max_bytes: int | None = None,
    ) -> None:
        self.folder = folder if isinstance(folder, DataFolder) else data_folder(folder)
        self.max_bytes = max_bytes or max_bytes_from_env()

    # -- the store -------------------------------------------------------------------------
    def ensure(self) -> BuildReport | None:
        """Create the data folder and the store (with the seed briefs) on first use; migrate
        an older store. See ``build.ensure_store``."""
        self.folder.root.mkdir(parents=True, exist_ok=True)
        return ensure_store(self.folder.store)

    def gazetteer(self) -> Gazetteer:
        """The gazetteer with the user's own places (reloaded when they change)."""
        return load_gazetteer(local=self.folder.gazetteer)

    @contextlib.contextmanager
    def _writing(self, name: str = "the store"):
        con = store.connect(self.folder.store)
        try:
            with store.transaction(con):
                yield con
            store.checkpoint(con)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise AddError(
                    name,
                    "the store is busy (another briefmap is rebuilding it, or writing)",
                    "wait a moment and try again",
                    "busy",
                ) from None
            raise
        finally:
            con.close()

    # -- adding briefs ---------------------------------------------------------------------
    def prepare(
        self,
        name: str,
        data: bytes | None = None,
        *,
        path: str | os.PathLike[str] | None = None,
        text: str | None = None,
        meta: Mapping[str, Any] | None = None,
        language: str | None = None,
        progress: Progress | None = None,
    ) -> Draft:
        """Read and check one brief: a file at ``path``, an upload (``data``, the file's
        bytes; ``name`` its file name) or pasted ``text``. ``meta`` (title, publisher,
        author, date_start, url) wins over what the file says; ``language`` ("pl", "en")
        over detection. Raises :class:`AddError` for a file that cannot be added; stores
        nothing."""
        if progress:
            progress("reading", _STAGE_AT["reading"])
        if language not in (None, "", *LANGUAGES):
            raise AddError(
                name,
                f"the language {language!r} is not supported (briefmap finds places in Polish"
                " and English briefs)",
                "give --lang pl or --lang en, or leave the language out to detect it",
                "language",
            )
        suffix = Path(name).suffix.lower()
        if text is not None:
            if not text.strip():
                raise AddError(name, "the pasted text is empty", "paste the brief's text", "empty")
            data = text.encode("utf-8")
            suffix = ".txt"
        elif data is None:
            data = read_file(name, path if path is not None else name, self.max_bytes)
        if len(data) > self.max_bytes:
            raise too_large(name, len(data), self.max_bytes)
        file_sha = hashlib.sha256(data).hexdigest()
        self._check_duplicate(name, file_sha256=file_sha)
        notes: list[str] = []
        brief = read_brief(self.folder.briefs, name, suffix or ".txt", data, language)
        if not language:
            problem = language_problem(brief.reading)
            if problem:
                raise AddError(
                    name,
                    problem,
                    "briefmap finds places in Polish and English briefs; if this one is in"
                    " one of them, add it again giving its language (--lang pl or --lang en)",
                    "language",
                )
        self._check_duplicate(name, sha256=store.text_sha256(brief.original))
        found = file_properties(name, None if text is not None else data, brief.reading)
        chosen = {k: v for k, v in found.items() if k != "source"}
        chosen.update({k: v for k, v in (meta or {}).items() if v not in (None, "")})
        brief = with_metadata(name, brief, chosen)
        brief = replace(brief, id=brief_id(brief.title, brief.original))
        return Draft(name, brief, suffix or ".txt", data, file_sha, found, notes)

    def _check_duplicate(
        self, name: str, sha256: str | None = None, file_sha256: str | None = None
    ) -> None:
        if not self.folder.store.exists():
            return
        con = store.connect_readonly(self.folder.store)
        try:
            dup = store.find_duplicate(con, sha256, file_sha256)
        except sqlite3.Error:
            dup = None
        finally:
            con.close()
        if dup:
            raise AddError(
                name,
                f"already in the corpus as {dup['title']!r} (id {dup['id']})",
                "nothing to do: it is not added twice; review it on the Review page",
                "duplicate",
            )

    def commit(
        self, draft: Draft, meta: Mapping[str, Any] | None = None, progress: Progress | None = None
    ) -> Added:
        """Parse ``draft`` and store it with its file in the data folder, in one
        transaction. ``meta`` (title, publisher, author, date_start, url, language) as
        edited on the page wins over the draft's. Raises :class:`AddError`: the store and
        the data folder are then as they were."""
        brief = draft.brief
        if meta:
            language = meta.get("language")
            if language and language not in LANGUAGES:
                raise AddError(
                    draft.name,
                    f"the language {language!r} is not supported",
                    "choose pl or en",
                    "language",
                )
            brief = with_metadata(
                draft.name, brief, {k: v for k, v in meta.items() if k != "language"}
            )
            if language:
                brief = replace(brief, language=language)
        gaz = self.gazetteer()

        def stage(name: str) -> None:
            if progress:
                progress(name, _STAGE_AT[name])

        from briefmap.pipeline import parse_brief

        parsed = parse_brief(brief, gaz, progress=stage)
        stage("storing")
        relative = f"{self.folder.briefs.name}/{brief.id}{draft.suffix}"
        target = self.folder.brief_path(relative)
        existed = target.exists()
        brief = replace(brief, path=relative)
        parsed.brief = brief
        write_file(target, draft.data)
        try:
            with self._writing(draft.name) as con:
                dup = store.find_duplicate(
                    con, store.text_sha256(brief.original), draft.file_sha256
                )
                if dup:  # added meanwhile, by another page or process
                    raise AddError(
                        draft.name,
                        f"already in the corpus as {dup['title']!r} (id {dup['id']})",
                        "nothing to do: it is not added twice",
                        "duplicate",
                    )
                store_parsed(
                    con,
                    parsed,
                    gaz,
                    "added",
                    file_sha256=draft.file_sha256,
                    file_name=Path(draft.name).name,
                )
        except BaseException:
            if not existed:
                with contextlib.suppress(OSError):
                    target.unlink()
            raise
        if progress:
            progress("done", 1.0)
        return Added(brief.id, brief.title, len(parsed.mentions), len(parsed.flows), draft.name)

    def add_file(
        self,
        path: str | os.PathLike[str],
        meta: Mapping[str, Any] | None = None,
        language: str | None = None,
        progress: Progress | None = None,
    ) -> Added:
        """Read, check, parse and store the brief file at ``path`` (see :meth:`prepare`)."""
        draft = self.prepare(str(path), path=path, meta=meta, language=language, progress=progress)
        return self.commit(draft, progress=progress)

    def edit(self, brief_id: str, **fields: Any) -> None:
        """Change the metadata of a brief the user added (title, publisher, series, author,
        date_start, date_end, url)."""
        if (
            "date_start" in fields
            and isinstance(fields["date_start"], str)
            and fields["date_start"]
        ):
            fields["date_start"] = parse_date(brief_id, fields["date_start"])
        with self._writing(brief_id) as con:
            row = store.brief_row(con, brief_id)
            if row is None:
                raise KeyError(brief_id)
            if row["origin"] != "added":
                raise ValueError(
                    f"{brief_id}: a brief of the shipped corpus; its metadata is edited in"
                    " geodata/briefs/briefs.toml"
                )
            store.update_metadata(con, brief_id, fields)

    # -- review ----------------------------------------------------------------------------
    def decide(
        self,
        brief_id: str,
        start: int,
        end: int,
        action: str,
        *,
        link: str | None = None,
        cue_place_id: str = "",
        place_id: str | None = None,
        place: Place | None = None,
        lat: float | None = None,
        lon: float | None = None,
        precision: str | None = None,
        themes: tuple[str, ...] | list[str] | None = None,
        note: str = "",
        event_kind: str = "",
        kind: str | None = None,
        date: str | None = None,
        actor: str | None = None,
    ) -> int:
        """Store one decision about the words ``start:end`` of a brief's reading text and
        apply it (see ``briefmap.decisions``); returns its id. ``place_id`` names a gazetteer
        place (any tier, the user's own included); ``place`` gives one directly. The mention
        is the one at those words: its name link, else its cue link (``cue_place_id`` says
        which, when several places are linked by the same words).

        An event is decided with ``link="event"``: its words (``start:end``, the words of
        its place), the parser's kind (``event_kind``) and place (``cue_place_id``); an
        ``edit`` gives the ``kind``, place (``place_id``/``place``), ``date`` (ISO day or
        month, "" for none) or ``actor`` it sets (None: left as it is)."""
        if place is None and place_id:
            place = self._place(place_id)
        with self._writing(brief_id) as con:
            row = store.brief_row(con, brief_id)
            if row is None:
                raise KeyError(f"no brief {brief_id!r} in the store")
            if link is None:
                link = _link_at(con, brief_id, start, end, cue_place_id)
            if link == "event":
                _event_at(con, brief_id, start, end, event_kind, cue_place_id)
            if place is None and action == "accept" and link != "event":
                place = _current_place(con, brief_id, start, end, link, cue_place_id)
            d = anchored(
                brief_id,
                row["reading"],
                start,
                end,
                action,
                link=link,
                cue_place_id=cue_place_id if link in ("cue", "event") else "",
                place=place,
                lat=lat,
                lon=lon,
                precision=precision,
                themes=tuple(themes) if themes is not None else None,
                note=note.strip(),
                event_kind=event_kind if link == "event" else "",
                kind=kind,
                date=date.strip() if date is not None else None,
                actor=actor.strip() if actor is not None else None,
            )
            did = store.insert_decision(con, d)
            refresh_brief(con, brief_id)
        from briefmap.build import teach_alias  # a re-assigned name becomes an alias

        teach_alias(self.folder, d)
        return did

    def _place(self, place_id: str) -> Place:
        gaz = self.gazetteer()
        try:
            return gaz.place(place_id)
        except (KeyError, ValueError):
            pass
        con = store.connect_readonly(self.folder.store)
        try:
            found = store.places_by_id(con, [place_id])
        finally:
            con.close()
        if place_id not in found:
            raise KeyError(f"no place {place_id!r} in the gazetteer or the store")
        return found[place_id]

    def reparse(self, brief_id: str, progress: Progress | None = None) -> ReparseReport:
        """Parse a stored brief again (its file read again when it has one) with the current
        gazetteer and parser, keeping every decision: each is re-attached to its words and
        applied; those whose words were not found are returned (and kept)."""
        from briefmap.pipeline import parse_brief
        from briefmap.text.corpus import load_brief

        con = store.connect_readonly(self.folder.store)
        try:
            row = store.brief_row(con, brief_id)
        finally:
            con.close()
        if row is None:
            raise KeyError(f"no brief {brief_id!r} in the store")
        if row["origin"] == "added":
            brief, _note = reread(self.folder, row)
        else:
            brief = store.brief_from_row(row)
            with contextlib.suppress(Exception):  # the corpus file, read again when it can be
                fresh = load_brief(row["path"])
                brief = replace(
                    brief, original=fresh.original, reading=fresh.reading, offsets=fresh.offsets
                )
        gaz = self.gazetteer()
        parsed = parse_brief(
            brief, gaz, progress=(lambda s: progress(s, _STAGE_AT[s])) if progress else None
        )
        with self._writing(brief_id) as con:
            extra = {k: row[k] for k in ("added_at", "file_sha256", "file_name")}
            lost = store_parsed(con, parsed, gaz, row["origin"], **extra)
            decisions = store.count(con, "reviews")
        return ReparseReport(brief_id, len(parsed.mentions), decisions, lost)

    def search_places(self, query: str, limit: int = 20) -> list[tuple[Place, str]]:
        """Gazetteer places by any name (see ``Gazetteer.search``)."""
        return self.gazetteer().search(query, limit)

    # -- the user's gazetteer --------------------------------------------------------------
    def save_place(
        self,
        name_en: str,
        name_pl: str,
        kind: str,
        precision: str,
        country: str,
        lat: float,
        lon: float,
        names: Mapping[str, list[str]] | None = None,
        source: str = "",
    ) -> Place:
        """Add a place to the user's gazetteer (``places.toml`` in the data folder), checked
        as the curated records are; returns it. The next parse maps a brief naming it."""
        rec: dict[str, Any] = {
            "kind": kind,
            "precision": precision,
            "country": country.upper() if country else "",
            "lat": round(float(lat), 6),
            "lon": round(float(lon), 6),
            "source": source or f"added in review by the analyst on {date.today().isoformat()}",
            "name_en": name_en.strip() or name_pl.strip(),
            "name_pl": name_pl.strip() or name_en.strip(),
        }
        clean = {lang: [n.strip() for n in v if n.strip()] for lang, v in (names or {}).items()}
        clean = {lang: v for lang, v in clean.items() if v}
        if clean:
            rec["names"] = clean
        return self._place(add_local_place(self.folder.gazetteer, rec))


# -- helpers ---------------------------------------------------------------------------------
def _link_at(con, brief_id: str, start: int, end: int, cue_place_id: str) -> str:
    """The link kind of the mention at ``start:end``: "name" unless only cue links are there
    (or ``cue_place_id`` names one)."""
    if cue_place_id:
        return "cue"
    automatic, _added = store.read_mentions(con, brief_id)
    here = [r.mention.link for r in automatic if (r.mention.start, r.mention.end) == (start, end)]
    if here and "name" not in here:
        if len(here) > 1:
            raise ValueError("several places are linked by these words: say which (cue_place_id)")
        return "cue"
    return "name"


def _event_at(con, brief_id: str, start: int, end: int, kind: str, place_id: str) -> None:
    """Raise ``KeyError`` unless the parser made a ``kind`` event at ``place_id`` from the
    words ``start:end`` (a decision about an event no one can see would wait unseen)."""
    from briefmap.decisions import event_key

    key = event_key(start, end, kind, place_id)
    if not any(
        event_key(e.start, e.end, e.kind, e.place.id) == key
        for e in store.read_events(con, brief_id)
    ):
        raise KeyError(
            f"no {kind or 'such'} event at {place_id or '?'} ({start}–{end}) in {brief_id}"
        )


def _current_place(
    con, brief_id: str, start: int, end: int, link: str, cue_place_id: str
) -> Place | None:
    """The place a mention shows now, as an accept confirms it (a moved point's original)."""
    from briefmap.decisions import mention_key

    automatic, added = store.read_mentions(con, brief_id)
    key = mention_key(start, end, link, cue_place_id)
    for r in automatic:
        if r.key == key:
            return r.mention.place
    for m in added:
        if (m.start, m.end) == (start, end):
            return m.place
    return None


__all__ = [
    "LANGUAGES",
    "PRECISIONS",
    "STAGES",
    "AddError",
    "Added",
    "Draft",
    "Library",
    "ReparseReport",
    "brief_id",
    "file_label",
    "language_problem",
    "max_bytes_from_env",
]
