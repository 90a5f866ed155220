"""Themes of a sentence: which topics of the taxonomy it talks about, and the words that say so.

The taxonomy lives in ``geodata/themes.toml`` (an editable text file; see its header for the
fields and the cue syntax). ``classify`` tokenises a sentence once, lemmatises each token once
(Polish, through Morfeusz 2) or lower-cases it (English), and returns, for every theme with a
matching cue, the surface forms of the words that matched, in text order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefmap.morphology import lemmas, tokenize

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 with the tomli backport
    import tomli as tomllib  # type: ignore[no-redef]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "geodata" / "themes.toml"

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# English inflections a plain cue also matches ("visit" -> "visits", "visited", "visiting").
_EN_SUFFIXES = ("s", "es", "d", "ed", "ing")

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
    """The themes in file order, with cue indexes built once for fast ``classify``."""

    def __init__(self, themes: Iterable[Theme], source: str = "") -> None:
        self.themes: tuple[Theme, ...] = tuple(themes)
        self.source = source
        self._by_id = {t.id: t for t in self.themes}
        if len(self._by_id) != len(self.themes):
            raise ValueError(f"{source}: duplicate theme ids")
        # word -> [(theme index, cue index)] for every cue that contains the word
        self._pl: dict[str, list[tuple[int, int]]] = {}
        self._en_exact: dict[str, list[tuple[int, int, str]]] = {}
        self._en_prefix: list[tuple[str, int, int, str]] = []
        for ti, theme in enumerate(self.themes):
            for ci, cue in enumerate(theme.cues_pl):
                for word in cue:
                    self._pl.setdefault(word, []).append((ti, ci))
            for ci, cue in enumerate(theme.cues_en):
                for word in cue:
                    if word.endswith("*"):
                        self._en_prefix.append((word[:-1], ti, ci, word))
                        continue
                    for form in _en_forms(word):
                        self._en_exact.setdefault(form, []).append((ti, ci, word))

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
        polish = language.lower().startswith("pl")
        # For every cue word found: the indexes of the tokens that carry it.
        found: dict[tuple[int, int], dict[str, list[int]]] = {}
        tokens = tokenize(sentence)
        for i, token in enumerate(tokens):
            keys = _pl_keys(token.text) if polish else _en_keys(token.text)
            for key in keys:
                if polish:
                    for ti, ci in self._pl.get(key, ()):
                        found.setdefault((ti, ci), {}).setdefault(key, []).append(i)
                else:
                    for ti, ci, word in self._en_match(key):
                        found.setdefault((ti, ci), {}).setdefault(word, []).append(i)
        per_theme: dict[int, set[int]] = {}
        for (ti, ci), words in found.items():
            theme = self.themes[ti]
            cue = (theme.cues_pl if polish else theme.cues_en)[ci]
            if len(words) == len(set(cue)):
                bucket = per_theme.setdefault(ti, set())
                if len(words) == 1:
                    for positions in words.values():
                        bucket.update(positions)
                else:
                    bucket.update(_tightest(words))
        result: dict[str, tuple[str, ...]] = {}
        for ti in sorted(per_theme):
            surfaces: list[str] = []
            for i in sorted(per_theme[ti]):
                if tokens[i].text not in surfaces:
                    surfaces.append(tokens[i].text)
            result[self.themes[ti].id] = tuple(surfaces)
        return result

    def _en_match(self, word: str) -> Iterator[tuple[int, int, str]]:
        yield from self._en_exact.get(word, ())
        for prefix, ti, ci, cue_word in self._en_prefix:
            if word.startswith(prefix):
                yield ti, ci, cue_word


def _tightest(words: dict[str, list[int]]) -> list[int]:
    """Token positions of the shortest stretch that holds every word of a multi-word cue, so
    "Państwa Związkowego" is the evidence rather than every "państwo" of the sentence."""
    events = sorted((pos, word) for word, positions in words.items() for pos in positions)
    counts: dict[str, int] = {}
    best = (0, len(events) - 1)
    lo = 0
    for hi, (_pos, word) in enumerate(events):
        counts[word] = counts.get(word, 0) + 1
        while len(counts) == len(words):
            if events[hi][0] - events[lo][0] < events[best[1]][0] - events[best[0]][0]:
                best = (lo, hi)
            first = events[lo][1]
            counts[first] -= 1
            if not counts[first]:
                del counts[first]
            lo += 1
    return [pos for pos, _word in events[best[0] : best[1] + 1]]


def _en_forms(word: str) -> set[str]:
    forms = {word} | {word + s for s in _EN_SUFFIXES}
    if word.endswith("y") and len(word) > 2:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing"}
    return forms


def _parts(form: str) -> list[str]:
    """The form, and for a hyphenated form its parts ("szkolno-bojowe" -> + "bojowe")."""
    parts = [form]
    if "-" in form:
        parts += [p for p in form.split("-") if p]
    return parts


def _pl_keys(form: str) -> frozenset[str]:
    keys: set[str] = set()
    for part in _parts(form):
        keys |= lemmas(part)
    return frozenset(keys)


def _en_keys(form: str) -> set[str]:
    form = form.lower()
    for tail in ("'s", "’s", "'", "’"):
        if form.endswith(tail):
            form = form[: -len(tail)]
            break
    return set(_parts(form))


def _cues(raw: object, where: str) -> tuple[Cue, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ValueError(f"{where}: cues must be a list")
    cues: list[Cue] = []
    for item in raw:
        words = item.split() if isinstance(item, str) else item
        if (
            not isinstance(words, list)
            or not words
            or not all(isinstance(w, str) and w.strip() for w in words)
        ):
            raise ValueError(f"{where}: a cue must be a word or a list of words, got {item!r}")
        cues.append(tuple(w.strip().lower() for w in words))
    return tuple(cues)


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
                cues_pl=_cues(raw.get("pl"), f"{where} pl"),
                cues_en=_cues(raw.get("en"), f"{where} en"),
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
