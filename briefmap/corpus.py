"""The briefs of the corpus: files in ``geodata/briefs`` described by ``briefs.toml``.

``load_brief`` turns one file into a ``Brief``: its original text (as ``reading.read_text``
decodes it; original offsets index this), the clean reading text ``normalise`` derives from
it (reading offsets index that), the offsets map between them, and the metadata.
"""

from __future__ import annotations

import os
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from briefmap.model import Brief
from briefmap.normalise import normalise
from briefmap.reading import read_text

__all__ = [
    "BRIEFS_DIR",
    "METADATA_FILE",
    "detect_language",
    "load_brief",
    "load_corpus",
    "load_metadata",
    "title_label",
]

BRIEFS_DIR = Path(__file__).resolve().parent.parent / "geodata" / "briefs"
METADATA_FILE = BRIEFS_DIR / "briefs.toml"

_DATE_FIELDS = ("date_start", "date_end")


def load_metadata(path: str | os.PathLike[str] | None = None) -> dict[str, dict[str, Any]]:
    """Metadata of every brief in ``briefs.toml`` (default ``METADATA_FILE``), by brief id.

    Entries keep the file's order; dates are ``datetime.date`` (TOML dates, or ISO strings).
    Raises ``ValueError`` for a malformed file (no id or file, a duplicate id, a bad date).
    """
    p = Path(path) if path is not None else METADATA_FILE
    try:
        with p.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{p}: not valid TOML ({exc})") from None
    out: dict[str, dict[str, Any]] = {}
    for n, entry in enumerate(data.get("brief", []), 1):
        if not isinstance(entry, dict) or not entry.get("file"):
            raise ValueError(f"{p}: [[brief]] no. {n} has no file")
        meta = dict(entry)
        meta.setdefault("id", Path(meta["file"]).stem)
        if meta["id"] in out:
            raise ValueError(f"{p}: brief id {meta['id']!r} is listed twice")
        for key in _DATE_FIELDS:
            meta[key] = _date(meta.get(key), f"{p}: {meta['id']}.{key}")
        out[meta["id"]] = meta
    return out


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # a TOML datetime: its day
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _metadata_for(path: Path) -> dict[str, Any] | None:
    """The briefs.toml entry of ``path`` when it is one of the corpus files."""
    try:
        if path.resolve().parent != BRIEFS_DIR or not METADATA_FILE.exists():
            return None
    except OSError:
        return None
    for meta in load_metadata().values():
        if meta["file"] == path.name:
            return meta
    return None


def load_brief(
    path: str | os.PathLike[str],
    meta: dict[str, Any] | None = None,
    language: str | None = None,
) -> Brief:
    """Read, normalise and describe one brief.

    ``meta`` is its briefs.toml entry; when None and ``path`` is a file of ``BRIEFS_DIR``,
    the entry is looked up there, otherwise the brief has no metadata (an upload, a file
    given on the command line). ``language`` overrides the metadata's, which overrides
    detection. Title: the metadata's; else the first line when ``title_from_first_line``;
    else a label (the first line if it reads like a heading, else the file name) with
    ``title_is_descriptive=True``. Raises ``reading.BriefReadError`` for an unreadable file,
    ``ValueError`` for metadata that does not fit the text (a displaced block not found).
    """
    p = Path(path)
    if meta is None:
        meta = _metadata_for(p) or {}
    original = read_text(p)
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
        date_start=_date(meta.get("date_start"), f"{path}: date_start"),
        date_end=_date(meta.get("date_end"), f"{path}: date_end"),
        date_note=meta.get("date_note", ""),
        url=meta.get("url", ""),
    )


def _label(reading: str, path: Path) -> str:
    """A descriptive label for a brief without a known title."""
    first, _, rest = reading.partition("\n\n")
    if rest and 0 < len(first) <= 150 and not first.rstrip().endswith((".", ",", ";", ":")):
        return first.strip()
    return path.stem


def load_corpus(
    metadata: dict[str, dict[str, Any]] | None = None, *, problems: list[str] | None = None
) -> list[Brief]:
    """Every brief listed in briefs.toml, in its order, read from ``BRIEFS_DIR``. With
    ``problems``, a brief that cannot be read is skipped and described there in one line;
    without, the first one raises."""
    metadata = load_metadata() if metadata is None else metadata
    out: list[Brief] = []
    for m in metadata.values():
        try:
            out.append(load_brief(BRIEFS_DIR / m["file"], m))
        except (OSError, ValueError) as exc:
            if problems is None:
                raise
            problems.append(f"{m['file']}: skipped ({exc})")
    return out


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
        return {k: m.get("title_note", "") for k, m in load_metadata().items()}
    except (OSError, ValueError):
        return {}


_PL_WORDS_LIST = (
    "w z na się że nie do jest o oraz dla przez od jak ale czy po są już tym jego jej ich "
    "także również który która które być będzie może tego tej jako we ze za przed"
)
_PL_WORDS = frozenset(_PL_WORDS_LIST.split())
_EN_WORDS_LIST = (
    "the and of to in is that for with as by are be this it was from at an which has have "
    "not will its or their been were would"
)
_EN_WORDS = frozenset(_EN_WORDS_LIST.split())
_PL_LETTERS = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_TOKEN = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """``"pl"`` or ``"en"``, by counting stop words and Polish letters (ties: ``"pl"``)."""
    sample = text[:200_000]
    pl = en = 0
    for tok in _TOKEN.findall(sample):
        if tok == "I":  # the English pronoun, not the Polish conjunction "i"
            en += 1
            continue
        low = tok.lower()
        if low in _PL_WORDS or low == "i":
            pl += 1
        elif low in _EN_WORDS:
            en += 1
    pl += sum(1 for ch in sample if ch in _PL_LETTERS) // 4
    return "pl" if pl >= en else "en"
