"""A brief on its way into the library: read, checked, given its metadata and its id.

What ``briefmap.library``'s :meth:`~briefmap.library.Library.prepare` returns (a
:class:`Draft`), how adding can fail (:class:`AddError`, one line naming what to do) and
what :meth:`~briefmap.library.Library.commit` returns (:class:`Added`); reading an upload
or a file within the size limit; the metadata an analyst gives or the file prints; an added
brief's id; writing its file whole or not at all. Offsets do not appear here: a draft's
``brief`` carries its reading text and the map back to the original file, made by
``briefmap.text.corpus.load_brief``. Importable without Streamlit.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from briefmap import store
from briefmap.model import Brief
from briefmap.text.reading import MAX_BYTES, SUFFIXES, BriefReadError

LANGUAGES = ("pl", "en")


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


def max_bytes_from_env() -> int:
    """The size limit for added files: ``$BRIEFMAP_MAX_MB`` megabytes, at most the reader's
    own limit (``reading.MAX_BYTES``, 20 MB)."""
    raw = os.environ.get("BRIEFMAP_MAX_MB", "")
    try:
        mb = float(raw) if raw else MAX_BYTES / 1_000_000
    except ValueError:
        mb = MAX_BYTES / 1_000_000
    return max(1, min(int(mb * 1_000_000), MAX_BYTES))


def too_large(name: str, size: int, max_bytes: int) -> AddError:
    """The error for a file of ``size`` bytes over the limit ``max_bytes``."""
    return AddError(
        name,
        f"file is too large ({_size(size)}; the limit is {_size(max_bytes)})",
        "split the brief into smaller files, or raise the limit (BRIEFMAP_MAX_MB, at"
        f" most {_size(MAX_BYTES)})",
        "too_large",
    )


def read_file(name: str, path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of the file at ``path`` (``name``: what the user calls it), at most
    ``max_bytes + 1`` of them; raises :class:`AddError` for a missing, unreadable or (by
    its size on disk) too large file."""
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0
    if size > max_bytes:
        raise too_large(name, size, max_bytes)
    try:
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1)
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


def read_brief(folder: Path, name: str, suffix: str, data: bytes, language: str | None) -> Brief:
    """Read ``data`` through briefmap's reader (via a private temporary file in ``folder``,
    so that the reader sees a file as it always does); ``path`` is ``name``. Raises
    :class:`AddError` for a file the reader refuses."""
    from briefmap.text.corpus import load_brief

    if suffix not in SUFFIXES and suffix:
        suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ".txt"
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".reading-", suffix=suffix, dir=folder)
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


def parse_date(name: str, value: Any) -> date | None:
    """``value`` (a date, or text beginning YYYY-MM-DD) as a date; None for none. Raises
    :class:`AddError` (about the file ``name``) for anything else."""
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


def with_metadata(name: str, brief: Brief, meta: Mapping[str, Any]) -> Brief:
    """``brief`` with the metadata in ``meta`` that is given (title, publisher, author, url,
    series, date_start), white space folded; raises :class:`AddError` for a bad URL or
    date."""
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
        changes["date_start"] = parse_date(name, meta["date_start"])
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
    return f"{slug(title)[:48] or 'brief'}-{store.text_sha256(original)[:8]}"


def slug(text: str) -> str:
    """``text`` folded to lower-case ASCII words joined by '-' ("Zakątek Leśny" ->
    "zakatek-lesny")."""
    from briefmap.text.morphology import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def write_file(target: Path, data: bytes) -> None:
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
