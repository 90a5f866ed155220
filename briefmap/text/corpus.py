"""The briefs of the corpus: files in ``geodata/briefs`` described by ``briefs.toml``.

``load_brief`` turns one file into a ``Brief``: its original text (as ``reading.read_text``
decodes it; original offsets index this), the clean reading text ``normalise`` derives from
it (reading offsets index that), the offsets map between them, and the metadata.

``load_metadata`` validates a ``briefs.toml`` entry by entry (ids of safe characters, a known
language, real dates in order, text where text belongs, a ``file`` relative to the folder of the
``briefs.toml`` and never leading out of it); ``iter_corpus``/``load_corpus`` read the briefs it
lists, each file only once it resolves (symbolic links followed) inside that folder. Given a
``problems`` list, both skip a bad entry or an unreadable brief and describe it there in one
line, ``"<briefs.toml>: brief '<id>': <what is wrong> — <what to do>"``; without it, the first
problem raises. A ``briefs.toml`` that cannot be read as a whole always raises ``ValueError``
with one line (there is nothing to build, and a store built from nothing would lose the old one).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from briefmap.model import Brief
from briefmap.shipped import GEODATA_DIR
from briefmap.text.language import detect_language
from briefmap.text.normalise import normalise
from briefmap.text.properties import byline
from briefmap.text.reading import MAX_BYTES, BriefReadError, printable_name, read_text

__all__ = [
    "BRIEFS_DIR",
    "BRIEF_LANGUAGES",
    "METADATA_FILE",
    "brief_file",
    "detect_language",
    "iter_corpus",
    "load_brief",
    "load_corpus",
    "load_metadata",
    "title_label",
]

BRIEFS_DIR = GEODATA_DIR / "briefs"
METADATA_FILE = BRIEFS_DIR / "briefs.toml"
#: The languages a brief may be in: those the geoparser reads.
BRIEF_LANGUAGES = ("pl", "en")

_DATE_FIELDS = ("date_start", "date_end")
_TEXT_FIELDS = (
    "title",
    "title_note",
    "publisher",
    "series",
    "series_note",
    "author",
    "author_note",
    "date_note",
    "url",
)
_FLAG_FIELDS = ("title_from_first_line", "title_is_descriptive")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_ID_RULE = "may hold only letters A-Z, a-z, digits, '.', '_' and '-' (at most 100, not first '.')"
_FIX_ENTRY = "fix or remove the entry"


def load_metadata(
    path: str | os.PathLike[str] | None = None, *, problems: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Metadata of every brief in ``briefs.toml`` (default ``METADATA_FILE``), by brief id.

    Entries keep the file's order; ``id`` defaults to the file's stem; dates are
    ``datetime.date`` (TOML dates, or ISO strings). A bad entry (see the module docstring)
    raises ``ValueError`` naming the file, the entry and the field; with ``problems`` given it
    is skipped and described there instead. A file that cannot be read as a whole (missing,
    not UTF-8, not TOML, no list of ``[[brief]]`` tables) raises ``ValueError`` either way.
    """
    p = Path(path) if path is not None else METADATA_FILE
    out: dict[str, dict[str, Any]] = {}
    for label, meta, issues in _entries(p):
        if issues:
            _problem(f"{_shown(p)}: brief {label}: {'; '.join(issues)} — {_FIX_ENTRY}", problems)
            continue
        out[meta["id"]] = meta
    return out


def _entries(p: Path) -> Iterator[tuple[str, dict[str, Any], list[str]]]:
    """Each ``[[brief]]`` of the ``briefs.toml`` at ``p``, in order: how a message names it
    (``'<id>'`` or ``no. <n>``), the entry normalised, and what is wrong with it (if aught)."""
    first_of: dict[str, int] = {}
    for n, entry in enumerate(_read_toml(p).get("brief", []), 1):
        meta, issues = _check_entry(entry)
        bid = meta.get("id")
        if not issues and bid in first_of:
            issues.append(f"id {bid!r} is listed twice (first as brief no. {first_of[bid]})")
        elif not issues:
            first_of[bid] = n
        yield (repr(bid) if _is_id(bid) else f"no. {n}"), meta, issues


def _problem(line: str, problems: list[str] | None) -> None:
    """Say ``line`` in ``problems``; without that list, raise it as a ``ValueError``."""
    if problems is None:
        raise ValueError(line)
    problems.append(line)


def _read_toml(p: Path) -> dict[str, Any]:
    """The parsed ``briefs.toml`` at ``p``; ``ValueError`` (one line) when it is unusable."""
    shown = _shown(p)
    try:
        with p.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        what = "file not found" if isinstance(exc, FileNotFoundError) else exc.strerror or exc
        raise ValueError(
            f"{shown}: the briefs' metadata cannot be read ({what}) — check the path"
        ) from None
    if len(raw) > MAX_BYTES:
        raise ValueError(f"{shown}: far too large for a briefs.toml — check the file") from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a BOM, as Notepad writes
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{shown}: is not UTF-8 text (byte {exc.start + 1}) — re-save it as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(
            f"{shown}: not valid TOML: {_one_line(str(exc))} — fix that line (each brief is a"
            " [[brief]] table of key = value lines), or restore the file from version control"
        ) from None
    except RecursionError:
        raise ValueError(f"{shown}: not valid TOML: nested too deeply — fix the file") from None
    briefs = data.get("brief", [])
    if not isinstance(briefs, list):
        raise ValueError(
            f"{shown}: 'brief' is not a list of [[brief]] tables — write each brief as a"
            " [[brief]] table (double brackets)"
        )
    return data


def _check_entry(entry: Any) -> tuple[dict[str, Any], list[str]]:
    """The entry normalised (``id`` set, dates as dates) and what is wrong with it, if aught."""
    if not isinstance(entry, dict):
        return {}, ["is not a table of key = value lines"]
    meta = dict(entry)
    issues: list[str] = []
    file = meta.get("file")
    if file in (None, ""):
        issues.append("no file given (field 'file')")
    elif not isinstance(file, str):
        issues.append(f"field 'file' = {_value(file)} is not text")
    else:
        issues += _file_issues(file)
        meta.setdefault("id", PurePosixPath(file).stem)
    bid = meta.get("id")
    if "id" in meta and not isinstance(bid, str):
        issues.append(f"field 'id' = {_value(bid)} is not text")
    elif isinstance(bid, str) and not _is_id(bid):
        issues.append(f"field 'id' = {_value(bid)} {_ID_RULE}")
    language = meta.get("language")
    if language is not None and language not in BRIEF_LANGUAGES:
        issues.append(
            f"field 'language' = {_value(language)} is not one of {', '.join(BRIEF_LANGUAGES)}"
        )
    for key in _DATE_FIELDS:
        try:
            meta[key] = _date(meta.get(key), key)
        except ValueError as exc:
            issues.append(str(exc))
            meta[key] = None
    start, end = meta["date_start"], meta["date_end"]
    if start and end and end < start:
        issues.append(f"date_end {end} is before date_start {start}")
    for key in _TEXT_FIELDS:
        if key in meta and not isinstance(meta[key], str):
            issues.append(f"field {key!r} = {_value(meta[key])} is not text")
    url = meta.get("url")
    if isinstance(url, str) and url and not re.match(r"https?://[^\s]+\Z", url):
        issues.append(f"field 'url' = {_value(url)} is not an http(s) address")
    for key in _FLAG_FIELDS:
        if key in meta and not isinstance(meta[key], bool):
            issues.append(f"field {key!r} = {_value(meta[key])} is not true or false")
    related = meta.get("related", [])
    if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
        issues.append("field 'related' is not a list of addresses")
    displaced = meta.get("displaced", [])
    if not isinstance(displaced, list) or not all(
        isinstance(d, dict) and isinstance(d.get("first"), str) and isinstance(d.get("last"), str)
        for d in displaced
    ):
        issues.append('field \'displaced\' is not a list of { first = "…", last = "…" } tables')
    return meta, issues


def _file_issues(file: str) -> list[str]:
    """Why ``file`` is not a plain relative path inside the metadata's folder (checked as text;
    ``brief_file`` checks where it resolves)."""
    shown = _value(file)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in file):
        return [f"field 'file' = {shown} contains control characters"]
    if PurePosixPath(file).is_absolute() or PureWindowsPath(file).anchor:
        return [f"field 'file' = {shown} is an absolute path, not one relative to briefs.toml"]
    if ".." in re.split(r"[/\\]", file):
        return [f"field 'file' = {shown} leads out of the folder of briefs.toml ('..')"]
    return []


def brief_file(folder: str | os.PathLike[str], file: str) -> Path:
    """The real path of the brief ``file`` (relative to ``folder``), symbolic links followed.

    Raises ``ValueError`` (one line, without the metadata file's name) when it is absolute,
    contains ``..`` or resolves outside ``folder`` (a symbolic link leading out): such a file
    is never read.
    """
    issues = _file_issues(file)
    if issues:
        raise ValueError(issues[0])
    root = Path(folder).resolve()
    try:
        real = (root / file).resolve()
    except (OSError, RuntimeError):  # a symbolic link loop (RuntimeError before Python 3.13)
        raise ValueError(
            f"field 'file' = {_value(file)}: its symbolic links lead round in a loop"
        ) from None
    if not real.is_relative_to(root):
        raise ValueError(
            f"field 'file' = {_value(file)} leads out of the folder of briefs.toml"
            f" (a symbolic link to {printable_name(real)})"
        )
    return real


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _value(value: Any, limit: int = 80) -> str:
    """A metadata value as a message shows it: repr, one line, control characters escaped."""
    s = printable_name(repr(value))
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _one_line(s: str) -> str:
    return printable_name(" ".join(s.split()))


def _shown(path: Path) -> str:
    """``path`` as a message names it: relative to the working folder when inside it."""
    try:
        if path.is_absolute():
            path = path.relative_to(Path.cwd())
    except (ValueError, OSError):
        pass
    return printable_name(path)


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # a TOML datetime: its day
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"field {where!r} = {_value(value)} is not a date (YYYY-MM-DD)") from None


def _metadata_for(path: Path) -> dict[str, Any] | None:
    """The briefs.toml entry of ``path`` when it is one of the corpus files."""
    try:
        real = path.resolve()
        if real.parent != BRIEFS_DIR or not METADATA_FILE.exists():
            return None
        entries = load_metadata(problems=[])  # a bad entry elsewhere does not matter here
    except (OSError, RuntimeError, ValueError):
        return None
    for meta in entries.values():
        try:
            if brief_file(BRIEFS_DIR, meta["file"]) == real:
                return meta
        except ValueError:
            continue
    return None


def load_brief(
    path: str | os.PathLike[str],
    meta: dict[str, Any] | None = None,
    language: str | None = None,
    *,
    notes: list[str] | None = None,
) -> Brief:
    """Read, normalise and describe one brief.

    ``meta`` is its briefs.toml entry; when None and ``path`` is a file of ``BRIEFS_DIR``,
    the entry is looked up there, otherwise the brief has no metadata (an upload, a file
    given on the command line). ``language`` overrides the metadata's, which overrides
    detection. Title: the metadata's; else the first line when ``title_from_first_line``;
    else a label (the first line if it reads like a heading, else the file name) with
    ``title_is_descriptive=True``. Raises ``reading.BriefReadError`` for an unreadable file,
    ``ValueError`` for metadata that does not fit the text (a displaced block not found).
    Warnings about the file (``reading.read_text``'s notes) are appended to ``notes``.
    """
    p = Path(path)
    if meta is None:
        meta = _metadata_for(p) or {}
    original = read_text(p, notes=notes)
    displaced = [(d["first"], d["last"]) for d in meta.get("displaced", [])]
    reading, offsets = normalise(original, displaced)
    first_line = reading.split("\n", 1)[0]

    title = meta.get("title", "")
    descriptive = bool(meta.get("title_is_descriptive", False))
    if not title and meta.get("title_from_first_line"):
        title = first_line
    if not title:
        title, descriptive = _label(reading, p), True

    return Brief(
        id=meta.get("id") or p.stem,
        path=str(path),
        original=original,
        reading=reading,
        offsets=offsets,
        language=language or meta.get("language") or detect_language(reading),
        title=title,
        title_is_descriptive=descriptive,
        publisher=meta.get("publisher", ""),
        series=meta.get("series", ""),
        author=meta.get("author", ""),
        date_start=_date(meta.get("date_start"), "date_start"),
        date_end=_date(meta.get("date_end"), "date_end"),
        date_note=meta.get("date_note", ""),
        url=meta.get("url", ""),
    )


def _label(reading: str, path: Path) -> str:
    """A descriptive label for a brief without a known title."""
    paras = reading.split("\n\n", 8)
    # date and author lines above the first paragraph are not its title ("Publikacja: …")
    while len(paras) > 1 and all(byline(x) for x in paras[0].split("\n") if x.strip()):
        paras.pop(0)
    first, rest = paras[0], "\n\n".join(paras[1:])
    if rest and 0 < len(first) <= 150 and not first.rstrip().endswith((".", ",", ";", ":")):
        return first.strip()
    return path.stem


def iter_corpus(
    metadata: dict[str, dict[str, Any]] | None = None,
    *,
    metadata_file: str | os.PathLike[str] | None = None,
    problems: list[str] | None = None,
    notes: list[str] | None = None,
) -> Iterator[Brief]:
    """Each brief a ``briefs.toml`` lists, in its order, read one at a time.

    ``metadata_file`` is the ``briefs.toml`` (default ``METADATA_FILE``); brief files are read
    from its folder and only when they resolve inside it. ``metadata``: its entries, already
    loaded (``load_metadata``); loaded when None. With ``problems``, a bad entry or a brief
    that cannot be read or normalised is skipped and described there in one line; without,
    the first raises (``ValueError``, or ``BriefReadError`` for the file). ``notes`` receives
    ``"<file>: <note>"`` warnings about briefs that were read (an encoding guessed, …).
    """
    source = Path(metadata_file) if metadata_file is not None else METADATA_FILE
    folder, shown = source.parent, _shown(source)
    if metadata is None:
        entries = _entries(source)  # lazily: problems are said in the file's order
    else:
        entries = (
            (repr(key) if _is_id(key) else _value(key), *_check_entry(meta))
            for key, meta in metadata.items()
        )
    for label, meta, issues in entries:
        where = f"{shown}: brief {label}"
        issue = "; ".join(issues)
        if not issue:
            try:
                path = brief_file(folder, meta["file"])
            except ValueError as exc:
                issue = str(exc)
        if issue:
            _problem(f"{where}: {issue} — {_FIX_ENTRY}", problems)
            continue
        read_notes: list[str] = []
        try:
            brief = load_brief(path, meta, notes=read_notes)
        except BriefReadError as exc:
            if problems is None:
                raise
            problems.append(f"{where}: {_shown(path)}: {exc.reason} — {exc.remedy}")
            continue
        except ValueError as exc:  # the metadata does not fit the text (a displaced block)
            if problems is None:
                raise
            problems.append(f"{where}: {_one_line(str(exc))} — {_FIX_ENTRY}")
            continue
        except (MemoryError, RecursionError) as exc:
            if problems is None:
                raise
            problems.append(
                f"{where}: {_shown(path)}: too large or too deeply nested to read"
                f" ({type(exc).__name__}) — split the brief or save it as plain text"
            )
            continue
        if notes is not None:
            notes.extend(f"{_shown(path)}: {note}" for note in read_notes)
        yield brief


def load_corpus(
    metadata: dict[str, dict[str, Any]] | None = None,
    *,
    metadata_file: str | os.PathLike[str] | None = None,
    problems: list[str] | None = None,
    notes: list[str] | None = None,
) -> list[Brief]:
    """Every brief a ``briefs.toml`` lists, in its order: ``list(iter_corpus(...))``."""
    return list(iter_corpus(metadata, metadata_file=metadata_file, problems=problems, notes=notes))


def title_label(brief: Brief) -> str:
    """The title as a reader should see it: a descriptive label says that it is one.

    ``"Zakładnicy stosunków litewsko-białoruskich (section heading from the text; …)"``;
    a real title is returned as is.
    """
    if not brief.title_is_descriptive:
        return brief.title
    note = _title_notes().get(brief.id) or "a descriptive label, not the brief's title"
    return f"{brief.title} ({note})"


@lru_cache(maxsize=1)
def _title_notes() -> dict[str, str]:
    try:
        return {k: m.get("title_note", "") for k, m in load_metadata(problems=[]).items()}
    except (OSError, ValueError):
        return {}
