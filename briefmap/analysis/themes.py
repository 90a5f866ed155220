"""Themes of a sentence: which topics of the taxonomy it talks about, and the words that say so.

The taxonomy lives in ``geodata/themes.toml`` (an editable text file; see its header for the
fields). Its cues are patterns of ``briefmap.text.matcher``, matched over the tokens of a
``briefmap.text.document.Document``: the pipeline classifies each sentence of a brief's document
(:meth:`Taxonomy.classify_tokens`); :func:`classify` does the same for a sentence given alone.
The result names, for every theme with a matching cue, the words that matched, in text order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefmap.shipped import GEODATA_DIR
from briefmap.text.document import Document
from briefmap.text.matcher import Matcher, Pattern, parse_patterns

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 with the tomli backport
    import tomli as tomllib  # type: ignore[no-redef]

DEFAULT_PATH = GEODATA_DIR / "themes.toml"

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")

Cue = tuple[str, ...]  # words that must all occur in one sentence


@dataclass(frozen=True)
class Theme:
    """One theme of the taxonomy. ``cues_pl`` hold Polish lemmas, ``cues_en`` English words
    (a trailing ``*`` marks a prefix); each cue is a tuple of words that must all occur."""

    id: str
    label_en: str
    label_pl: str
    colour: str
    description: str
    cues_pl: tuple[Cue, ...]
    cues_en: tuple[Cue, ...]

    def label(self, language: str = "en") -> str:
        """The label in ``language`` ("pl" or anything else for English)."""
        return self.label_pl if language.startswith("pl") else self.label_en


class Taxonomy:
    """The themes in file order, with their cues compiled into one matcher per language."""

    def __init__(self, themes: Iterable[Theme], source: str = "") -> None:
        self.themes: tuple[Theme, ...] = tuple(themes)
        self.source = source
        self._by_id = {t.id: t for t in self.themes}
        if len(self._by_id) != len(self.themes):
            raise ValueError(f"{source}: duplicate theme ids")
        self._pl = Matcher(
            (Pattern(t.id, cue) for t in self.themes for cue in t.cues_pl), language="pl"
        )
        self._en = Matcher(
            (Pattern(t.id, cue) for t in self.themes for cue in t.cues_en), language="en"
        )

    def __iter__(self) -> Iterator[Theme]:
        return iter(self.themes)

    def __len__(self) -> int:
        return len(self.themes)

    def __getitem__(self, theme_id: str) -> Theme:
        return self._by_id[theme_id]

    def __contains__(self, theme_id: object) -> bool:
        return theme_id in self._by_id

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def classify(self, sentence: str, language: str = "pl") -> dict[str, tuple[str, ...]]:
        """See the module-level ``classify``."""
        doc = Document(sentence, language)
        return self.classify_tokens(doc, 0, len(doc.tokens))

    def classify_tokens(self, doc: Document, lo: int, hi: int) -> dict[str, tuple[str, ...]]:
        """Themes of tokens ``lo:hi`` of ``doc`` (a sentence): theme id -> the words that
        matched its cues (whole words as written, each once, in text order)."""
        matcher = self._pl if doc.polish else self._en
        per_theme: dict[str, set[int]] = {}
        for match in matcher.match(doc, lo, hi):
            per_theme.setdefault(match.pattern.key, set()).update(match.tokens)
        result: dict[str, tuple[str, ...]] = {}
        for theme in self.themes:
            positions = per_theme.get(theme.id)
            if positions:
                words = (doc.word_text(i) for i in sorted(positions))
                result[theme.id] = tuple(dict.fromkeys(words))
        return result


def parse_taxonomy(text: str, source: str = "<string>") -> Taxonomy:
    """A taxonomy from the TOML text of a themes file; ``ValueError`` names what is wrong."""
    data = tomllib.loads(text)
    themes: list[Theme] = []
    for n, raw in enumerate(data.get("theme", []), 1):
        where = f"{source}: theme {raw.get('id', n)!s}"
        missing = [
            k for k in ("id", "label_en", "label_pl", "colour", "description") if not raw.get(k)
        ]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        if not _ID.match(raw["id"]):
            raise ValueError(f"{where}: id must be lower-case letters, digits, underscores")
        if not _COLOUR.match(raw["colour"]):
            raise ValueError(f"{where}: colour must be #RRGGBB, got {raw['colour']!r}")
        themes.append(
            Theme(
                id=raw["id"],
                label_en=raw["label_en"].strip(),
                label_pl=raw["label_pl"].strip(),
                colour=raw["colour"].upper(),
                description=" ".join(raw["description"].split()),
                cues_pl=parse_patterns(raw.get("pl"), f"{where} pl"),
                cues_en=parse_patterns(raw.get("en"), f"{where} en"),
            )
        )
    if not themes:
        raise ValueError(f"{source}: no [[theme]] tables")
    return Taxonomy(themes, source)


@lru_cache(maxsize=8)
def _load(path: str, _mtime_ns: int, _size: int) -> Taxonomy:
    return parse_taxonomy(Path(path).read_text(encoding="utf-8"), path)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy in ``path`` (default ``geodata/themes.toml``), cached until the file
    changes, so an edited file is picked up without a restart."""
    resolved = Path(path or DEFAULT_PATH).resolve()
    stat = resolved.stat()
    return _load(str(resolved), stat.st_mtime_ns, stat.st_size)


def classify(
    sentence: str, language: str = "pl", taxonomy: Taxonomy | None = None
) -> dict[str, tuple[str, ...]]:
    """Themes of one sentence: theme id -> the words of ``sentence`` (surface forms as written,
    each once, in text order) that matched the theme's cues; ``{}`` when no theme matches.

    Keys follow the taxonomy's order. ``language`` "pl" matches Polish cues against Morfeusz
    lemmas; any other language matches the English cues. A multi-word cue counts only when
    all its words occur in the sentence, and then all of them are evidence.
    """
    return (taxonomy or load_taxonomy()).classify(sentence, language)
