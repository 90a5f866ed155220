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

Importable without Streamlit.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from briefmap import store
from briefmap.build import BuildReport, ensure_store, refresh_brief, reread, store_parsed
from briefmap.datafolder import DataFolder, data_folder
from briefmap.decisions import Decision, anchored
from briefmap.model import PRECISIONS, Brief, Place
from briefmap.places.gazetteer import Gazetteer, load_gazetteer
from briefmap.text.language import language_problem
from briefmap.text.properties import file_properties
from briefmap.text.reading import MAX_BYTES, SUFFIXES, BriefReadError

LANGUAGES = ("pl", "en")
#: Stages a progress callback is told, in order, with the share of the work done.
STAGES = ("reading", "places", "themes", "storing")
_STAGE_AT = {"reading": 0.0, "places": 0.2, "themes": 0.7, "storing": 0.9, "done": 1.0}

Progress = Callable[[str, float], None]


class AddError(ValueError):
    """A brief that cannot be added; ``str()`` is ``"<file>: <what is wrong> — <what to do>"``.
    ``kind``: empty, unreadable, too_large, language, duplicate, metadata, busy."""

    def __init__(self, name: str, reason: str, remedy: str, kind: str) -> None:
        self.name, self.reason, self.remedy, self.kind = name, reason, remedy, kind
        super().__init__(f"{name}: {reason} — {remedy}")


@dataclass
class Draft:
    """A brief read and checked, not yet stored. ``brief`` carries its provisional id and
    metadata; ``found`` what the file itself said (``source``: where it said it)."""

    name: str
    brief: Brief
    suffix: str
    data: bytes
    file_sha256: str
    found: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def metadata(self) -> dict[str, Any]:
        b = self.brief
        return {
            "title": b.title,
            "publisher": b.publisher,
            "author": b.author,
            "date_start": b.date_start,
            "url": b.url,
            "language": b.language,
        }


@dataclass
class Added:
    """A brief stored: its id, title, how many mentions and flows were found."""

    brief_id: str
    title: str
    mentions: int
    flows: int
    name: str


@dataclass
class ReparseReport:
    brief_id: str
    mentions: int
    decisions: int
    lost: list[Decision]


def max_bytes_from_env() -> int:
    """The size limit for added files: ``$BRIEFMAP_MAX_MB`` megabytes, at most the reader's
    own limit (``reading.MAX_BYTES``, 20 MB)."""
    raw = os.environ.get("BRIEFMAP_MAX_MB", "")
    try:
        mb = float(raw) if raw else MAX_BYTES / 1_000_000
    except ValueError:
        mb = MAX_BYTES / 1_000_000
    return max(1, min(int(mb * 1_000_000), MAX_BYTES))


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
            data = self._read_file(name, path if path is not None else name)
        if len(data) > self.max_bytes:
            raise AddError(
                name,
                f"file is too large ({_size(len(data))}; the limit is {_size(self.max_bytes)})",
                "split the brief into smaller files, or raise the limit (BRIEFMAP_MAX_MB, at"
                f" most {_size(MAX_BYTES)})",
                "too_large",
            )
        file_sha = hashlib.sha256(data).hexdigest()
        self._check_duplicate(name, file_sha256=file_sha)
        notes: list[str] = []
        brief = self._load(name, suffix or ".txt", data, language, notes)
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
        brief = _with_metadata(name, brief, chosen)
        brief = replace(brief, id=brief_id(brief.title, brief.original))
        return Draft(name, brief, suffix or ".txt", data, file_sha, found, notes)

    def _read_file(self, name: str, path: str | os.PathLike[str]) -> bytes:
        try:
            size = os.stat(path).st_size
        except OSError:
            size = 0
        if size > self.max_bytes:
            raise AddError(
                name,
                f"file is too large ({_size(size)}; the limit is {_size(self.max_bytes)})",
                "split the brief into smaller files, or raise the limit (BRIEFMAP_MAX_MB, at"
                f" most {_size(MAX_BYTES)})",
                "too_large",
            )
        try:
            with open(path, "rb") as fh:
                return fh.read(self.max_bytes + 1)
        except FileNotFoundError:
            raise AddError(
                name, "file not found", "check the path and the file name", "unreadable"
            ) from None
        except IsADirectoryError:
            raise AddError(
                name, "is a directory, not a file", "give the path of a brief file", "unreadable"
            ) from None
        except OSError as exc:
            raise AddError(
                name,
                f"cannot be read ({exc.strerror or exc})",
                "check the file and the disk",
                "unreadable",
            ) from None

    def _load(
        self, name: str, suffix: str, data: bytes, language: str | None, notes: list[str]
    ) -> Brief:
        """Read ``data`` through briefmap's reader (via a private temporary file in the data
        folder, so that the reader sees a file as it always does)."""
        from briefmap.text.corpus import load_brief

        if suffix not in SUFFIXES and suffix:
            suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ".txt"
        self.folder.briefs.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".reading-", suffix=suffix, dir=self.folder.briefs)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            try:
                brief = load_brief(tmp, meta={"id": "draft"}, language=language or None)
            except BriefReadError as exc:
                raise AddError(name, exc.reason, exc.remedy, _kind(exc.reason)) from None
            except (ValueError, MemoryError, RecursionError) as exc:
                raise AddError(
                    name,
                    f"cannot be read ({type(exc).__name__}: {exc})",
                    "save the brief as .txt, .pdf, .docx or .html and try again",
                    "unreadable",
                ) from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if brief.title == Path(tmp).stem:
            # The reader labels a brief with no heading by its file's name: here that is the
            # temporary file's, never to be shown; the uploaded file's own name is the label.
            brief = replace(brief, title=file_label(name), title_is_descriptive=True)
        return replace(brief, path=name)

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
            brief = _with_metadata(
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
        _write_file(target, draft.data)
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
            fields["date_start"] = _parse_date(brief_id, fields["date_start"])
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
    ) -> int:
        """Store one decision about the words ``start:end`` of a brief's reading text and
        apply it (see ``briefmap.decisions``); returns its id. ``place_id`` names a gazetteer
        place (any tier, the user's own included); ``place`` gives one directly. The mention
        is the one at those words: its name link, else its cue link (``cue_place_id`` says
        which, when several places are linked by the same words)."""
        if place is None and place_id:
            place = self._place(place_id)
        with self._writing(brief_id) as con:
            row = store.brief_row(con, brief_id)
            if row is None:
                raise KeyError(f"no brief {brief_id!r} in the store")
            if link is None:
                link = _link_at(con, brief_id, start, end, cue_place_id)
            if place is None and action == "accept":
                place = _current_place(con, brief_id, start, end, link, cue_place_id)
            d = anchored(
                brief_id,
                row["reading"],
                start,
                end,
                action,
                link=link,
                cue_place_id=cue_place_id if link == "cue" else "",
                place=place,
                lat=lat,
                lon=lon,
                precision=precision,
                themes=tuple(themes) if themes is not None else None,
                note=note.strip(),
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
        from briefmap.places.curated import validate_place
        from briefmap.places.gazetteer import load_local

        path = self.folder.gazetteer
        existing = {r["id"] for r in load_local(path)}
        base = "bm:local-" + (_slug(name_en or name_pl) or "place")
        pid, k = base, 2
        while pid in existing:
            pid, k = f"{base}-{k}", k + 1
        rec: dict[str, Any] = {
            "id": pid,
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
        try:
            validate_place(dict(rec))
        except ValueError as exc:
            raise ValueError(str(exc).replace("places.toml", str(path))) from None
        _append_place(path, rec)
        return self._place(pid)


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


_KINDS_BY_REASON = (
    ("empty", "empty"),
    ("no text", "no_text"),
    ("encrypted", "encrypted"),
    ("password", "encrypted"),
    ("too large", "too_large"),
)


def _kind(reason: str) -> str:
    low = reason.lower()
    for needle, kind in _KINDS_BY_REASON:
        if needle in low:
            return kind
    return "unreadable"


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} kB"
    return f"{n} bytes"


def _parse_date(name: str, value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise AddError(
            name, f"{value!r} is not a date", "give the date as YYYY-MM-DD", "metadata"
        ) from None


def _with_metadata(name: str, brief: Brief, meta: Mapping[str, Any]) -> Brief:
    changes: dict[str, Any] = {}
    for k in ("title", "publisher", "author", "url", "series"):
        if meta.get(k) not in (None, ""):
            changes[k] = " ".join(str(meta[k]).split())
    if meta.get("url") and not re.match(r"https?://\S+$", changes.get("url", "")):
        raise AddError(
            name,
            f"the address {meta['url']!r} is not an http(s) address",
            "correct or leave out the URL",
            "metadata",
        )
    if "title" in changes:
        changes["title_is_descriptive"] = False
    if meta.get("date_start") not in (None, ""):
        changes["date_start"] = _parse_date(name, meta["date_start"])
    return replace(brief, **changes)


def file_label(name: str) -> str:
    """A label for a brief from its file's name: the name without its folder and suffix,
    with underscores and runs of spaces as single spaces ("raport_granica-2025.pdf" ->
    "raport granica-2025")."""
    stem = Path(name.replace("\\", "/")).stem if name else ""
    return " ".join(stem.replace("_", " ").split()) or "brief"


def brief_id(title: str, original: str) -> str:
    """The id of an added brief: its title as a slug and 8 hex digits of its text's hash
    (ids follow the corpus rule: letters, digits, '.', '_', '-')."""
    return f"{_slug(title)[:48] or 'brief'}-{store.text_sha256(original)[:8]}"


def _slug(text: str) -> str:
    from briefmap.text.morphology import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _write_file(target: Path, data: bytes) -> None:
    """Write a brief's file whole or not at all (a temporary file renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".adding-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _toml_value(v: Any) -> str:
    import json

    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a TOML basic string
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def _append_place(path: Path, rec: Mapping[str, Any]) -> None:
    """Append one record to the user's gazetteer, atomically and under a lock (two pages
    saving at once both keep their place)."""
    import fcntl

    from briefmap.places.gazetteer import load_local

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        old = path.read_text(encoding="utf-8") if path.exists() else _GAZETTEER_HEADER
        block = "\n[[place]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in rec.items())
        new = old.rstrip("\n") + "\n" + block
        fd, tmp = tempfile.mkstemp(prefix=".places-", dir=path.parent, suffix=".toml")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(new)
                fh.flush()
                os.fsync(fh.fileno())
            load_local(
                Path(tmp)
            )  # the whole file still reads: never replace it with one that does not
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


_GAZETTEER_HEADER = """\
# Your own gazetteer additions, saved from briefmap's review page. Same fields as the
# [[place]] records of geodata/places.toml (see the comments there). briefmap reads this
# file as part of its curated tier: the next brief that names one of these places maps it.
"""


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
    "language_problem",
]
