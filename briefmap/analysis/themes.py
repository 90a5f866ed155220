"""Themes of a sentence: which topics of the taxonomy it talks about, and the words that say so.

The taxonomy lives in ``geodata/themes.toml`` (an editable text file; see its header for the
fields). Its cues are patterns of ``briefmap.text.matcher``, matched over the tokens of a
``briefmap.text.document.Document``: the pipeline classifies each sentence of a brief's document
(:meth:`Taxonomy.classify_tokens`); :func:`classify` does the same for a sentence given alone.
The result names, for every theme with a matching cue, the words that matched, in text order.

A word with an everyday sense outside its theme is a *weak* cue ("ćwiczenia" of an army or of
a fire drill): it counts only with support — another cue of the theme, a support word, or a
word naming a state — in its sentence or the one before. :meth:`Taxonomy.refers_back` tells
the pipeline when a sentence opens by referring to the one before ("Pozostałe dwa…"), so that
a sentence with no theme of its own can carry that one's themes. :func:`evaluate` measures
the taxonomy on labelled sentences (``tests/data/themes_eval.jsonl``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefmap.shipped import GEODATA_DIR
from briefmap.text.document import Document
from briefmap.text.matcher import Match, Matcher, Pattern, english_forms, parse_patterns

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
    (a trailing ``*`` marks a prefix); each cue is a tuple of words that must all occur.
    ``weak_*`` cues count only with support in the same sentence or the one before: a cue
    of the theme, a word of ``support_*``, or, when ``state_support``, a word naming a
    state."""

    id: str
    label_en: str
    label_pl: str
    colour: str
    description: str
    cues_pl: tuple[Cue, ...]
    cues_en: tuple[Cue, ...]
    weak_pl: tuple[Cue, ...] = ()
    weak_en: tuple[Cue, ...] = ()
    support_pl: tuple[Cue, ...] = ()
    support_en: tuple[Cue, ...] = ()
    state_support: bool = False

    def label(self, language: str = "en") -> str:
        """The label in ``language`` ("pl" or anything else for English)."""
        return self.label_pl if language.startswith("pl") else self.label_en


#: A cue of several words is a phrase ("obrona powietrzna", "Foreign Ministry"): its words
#: count only within this many tokens of each other, so that "defence attaché … Foreign
#: Ministry" is not a defence ministry. The matcher alone would take them anywhere in the
#: sentence.
NEAR = 4

# How many tokens before a weak cue a locative word may stand ("w pobliżu polskiej granicy",
# "near the Polish border").
_PLACED = 3

# Pattern keys: (theme id, role). A "cue" gives the theme; a "weak" cue gives it only with a
# "support" of the same theme or, for a theme with state_support, a word naming a state.
_CUE, _WEAK, _SUPPORT = "cue", "weak", "support"


class Taxonomy:
    """The themes in file order, with their cues compiled into one matcher per language.

    ``state_pl``/``state_en`` are the words that name a state (see ``geodata/themes.toml``,
    table ``[state]``); ``reference_pl``/``reference_en`` the openers by which a sentence
    refers back to the one before (table ``[reference]``); ``locative_pl``/``locative_en``
    the words that make the weak cue after them a mere location (table ``[locative]``)."""

    def __init__(
        self,
        themes: Iterable[Theme],
        source: str = "",
        state_pl: Iterable[Cue] = (),
        state_en: Iterable[Cue] = (),
        reference_pl: Iterable[Cue] = (),
        reference_en: Iterable[Cue] = (),
        locative_pl: Iterable[Cue] = (),
        locative_en: Iterable[Cue] = (),
    ) -> None:
        self.themes: tuple[Theme, ...] = tuple(themes)
        self.source = source
        self._by_id = {t.id: t for t in self.themes}
        if len(self._by_id) != len(self.themes):
            raise ValueError(f"{source}: duplicate theme ids")
        self._state_support = {t.id for t in self.themes if t.state_support}
        self._pl = Matcher(_patterns(self.themes, "pl"), language="pl")
        self._en = Matcher(_patterns(self.themes, "en"), language="en")
        # the words naming a state are one word each, looked up only when a weak cue needs
        # them (a set per language, not matcher patterns: they are frequent and cheap so)
        self._state = {
            "pl": frozenset(w for cue in state_pl for w in cue),
            "en": frozenset(f for cue in state_en for w in cue for f in english_forms(w)),
        }
        self._reference = {"pl": tuple(reference_pl), "en": tuple(reference_en)}
        self._locative = {
            "pl": frozenset(w for cue in locative_pl for w in cue),
            "en": frozenset(f for cue in locative_en for w in cue for f in english_forms(w)),
        }

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

    def classify_tokens(
        self, doc: Document, lo: int, hi: int, context: tuple[int, int] | None = None
    ) -> dict[str, tuple[str, ...]]:
        """Themes of tokens ``lo:hi`` of ``doc`` (a sentence): theme id -> the words that
        matched its cues (whole words as written, each once, in text order). A weak cue
        is among them only when it counted (see :class:`Theme`); support words never are.

        ``context`` (token range ``lo:hi`` of ``doc``, the sentence before) may also
        support weak cues: a state, a support word or a cue of the theme there counts, so
        that "Mimo to negocjacje kontynuowano." after a sentence about two states is about
        diplomacy. Nothing in the context is evidence."""
        matcher = self._pl if doc.polish else self._en
        found = self._found(doc, lo, hi, matcher)
        around = None
        result: dict[str, tuple[str, ...]] = {}
        for theme in self.themes:
            positions = set(found.cues.get(theme.id, ()))
            weak = found.weak.get(theme.id)
            if weak:
                # "przy granicy z Polską", "near the border with Belarus": a weak cue that
                # only says where something is gets no support from a state
                state_ok = not self._placed(doc, lo, weak)
                if positions or self._supports(found, theme.id, state_ok):
                    positions |= weak
                elif context:
                    if around is None:  # matched only when a weak cue needs it
                        around = self._found(doc, *context, matcher, state=True)
                    if self._supports(around, theme.id, state_ok) or around.cues.get(theme.id):
                        positions |= weak
            if positions:
                words = (doc.word_text(i) for i in sorted(positions))
                result[theme.id] = tuple(dict.fromkeys(words))
        return result

    def _found(
        self, doc: Document, lo: int, hi: int, matcher: Matcher, state: bool = False
    ) -> _Found:
        """What tokens ``lo:hi`` hold; whether they name a state is looked up when ``state``
        or when they hold a weak cue (nothing else asks)."""
        found = _Found.of(matcher.match(doc, lo, hi))
        if state or found.weak:
            state = self._state["pl" if doc.polish else "en"]
            found.state = any(not state.isdisjoint(doc.keys(i)) for i in range(lo, hi))
        return found

    def _supports(self, found: _Found, theme_id: str, state_ok: bool = True) -> bool:
        """Does ``found`` hold a support of ``theme_id``'s weak cues (other than its cues)?
        A state counts only when ``state_ok`` and the theme takes states as support."""
        return theme_id in found.supported or (
            state_ok and found.state and theme_id in self._state_support
        )

    def _placed(self, doc: Document, lo: int, weak: set[int]) -> bool:
        """Is every token of ``weak`` (positions in a sentence starting at token ``lo``)
        preceded, within ``_PLACED`` tokens, by a word that makes it a mere location
        ("przy", "w pobliżu", "near", "km from")?"""
        words = self._locative["pl" if doc.polish else "en"]
        return bool(words) and all(
            any(not words.isdisjoint(doc.keys(j)) for j in range(max(lo, i - _PLACED), i))
            for i in weak
        )

    def refers_back(self, doc: Document, lo: int, hi: int) -> tuple[str, ...]:
        """The opening words of tokens ``lo:hi`` of ``doc`` (a sentence) when they refer
        back to the sentence before ("Pozostałe", "Ich", "Both", "The remaining"), as
        written; ``()`` when the sentence opens otherwise."""
        openers = self._reference["pl" if doc.polish else "en"]
        best = 0
        for seq in openers:
            if hi - lo >= len(seq) > best and all(
                term in doc.keys(lo + n) for n, term in enumerate(seq)
            ):
                best = len(seq)
        return tuple(doc.word_text(lo + n) for n in range(best))


@dataclass
class _Found:
    """What the matcher found in a stretch of tokens, by theme: cue and weak-cue token
    positions, the themes whose support words occur, and whether a state word does."""

    cues: dict[str, set[int]]
    weak: dict[str, set[int]]
    supported: set[str]
    state: bool

    @classmethod
    def of(cls, matches: Iterable[Match]) -> _Found:
        found = cls({}, {}, set(), False)
        for match in matches:
            if len(set(match.pattern.terms)) > 1 and match.tokens[-1] - match.tokens[0] > NEAR:
                continue
            theme_id, role = match.pattern.key
            if role == _CUE:
                found.cues.setdefault(theme_id, set()).update(match.tokens)
            elif role == _WEAK:
                found.weak.setdefault(theme_id, set()).update(match.tokens)
            else:
                found.supported.add(theme_id)
        return found


def _patterns(themes: Iterable[Theme], language: str) -> list[Pattern]:
    """The matcher patterns of ``language``: every theme's cues, weak cues and support
    words under (theme id, role) keys."""
    out: list[Pattern] = []
    for t in themes:
        groups = (
            (t.cues_pl, t.weak_pl, t.support_pl)
            if language == "pl"
            else (t.cues_en, t.weak_en, t.support_en)
        )
        for role, cues in zip((_CUE, _WEAK, _SUPPORT), groups, strict=True):
            out.extend(Pattern((t.id, role), cue) for cue in cues)
    return out


def _country_words(language: str) -> list[Cue]:
    """Words that name a country in ``language``: the one-word CLDR country names (Babel;
    lower-cased, as lemmas and English forms are matched) and the country adjectives of
    ``geodata/country_words.toml``."""
    from babel import Locale

    from briefmap.places.curated import load_country_words

    names = Locale(language).territories
    out = {
        (name.lower(),)
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and " " not in name and "-" not in name
    }
    for words in load_country_words().values():
        out |= {(w.lower(),) for w in words.get(language, ())}
    return sorted(out)


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
                weak_pl=parse_patterns(raw.get("pl_weak"), f"{where} pl_weak"),
                weak_en=parse_patterns(raw.get("en_weak"), f"{where} en_weak"),
                support_pl=parse_patterns(raw.get("pl_support"), f"{where} pl_support"),
                support_en=parse_patterns(raw.get("en_support"), f"{where} en_support"),
                state_support=_flag(raw.get("state_support", False), f"{where} state_support"),
            )
        )
    if not themes:
        raise ValueError(f"{source}: no [[theme]] tables")
    state = data.get("state", {})
    reference = data.get("reference", {})
    locative = data.get("locative", {})
    for language in ("pl", "en"):
        for cue in parse_patterns(state.get(language), f"{source}: state {language}"):
            if len(cue) > 1:
                raise ValueError(f"{source}: state {language}: one word each, got {cue}")
    # country names and adjectives are read only when a theme relies on them
    countries = any(t.state_support for t in themes)
    return Taxonomy(
        themes,
        source,
        state_pl=parse_patterns(state.get("pl"), f"{source}: state pl")
        + tuple(_country_words("pl") if countries else ()),
        state_en=parse_patterns(state.get("en"), f"{source}: state en")
        + tuple(_country_words("en") if countries else ()),
        reference_pl=parse_patterns(reference.get("pl"), f"{source}: reference pl"),
        reference_en=parse_patterns(reference.get("en"), f"{source}: reference en"),
        locative_pl=parse_patterns(locative.get("pl"), f"{source}: locative pl"),
        locative_en=parse_patterns(locative.get("en"), f"{source}: locative en"),
    )


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{where}: must be true or false, got {value!r}")
    return value


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
    all its words occur in the sentence within ``NEAR`` tokens, and then all of them are
    evidence.
    """
    return (taxonomy or load_taxonomy()).classify(sentence, language)


@dataclass(frozen=True)
class Labelled:
    """A sentence with the themes a reader gives it (for measuring the taxonomy)."""

    text: str
    language: str
    themes: frozenset[str]
    id: str = ""
    source: str = ""
    split: str = ""


@dataclass(frozen=True)
class Score:
    """Counts of one theme over a labelled set: true and false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when the theme was never predicted (nothing claimed wrongly)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when no sentence of the set has the theme."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_labelled(path: str | Path) -> list[Labelled]:
    """Labelled sentences from a JSON-lines file: one object a line with ``text``, ``lang``
    ("pl"/"en"), ``themes`` (a list of theme ids, ``[]`` for none), and optionally ``id``,
    ``source`` and ``split``; blank lines are skipped."""
    out: list[Labelled] = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        out.append(
            Labelled(
                text=row["text"],
                language=row["lang"],
                themes=frozenset(row["themes"]),
                id=row.get("id", str(n)),
                source=row.get("source", ""),
                split=row.get("split", ""),
            )
        )
    return out


def evaluate(
    examples: Iterable[Labelled], taxonomy: Taxonomy | None = None
) -> tuple[dict[str, Score], list[tuple[Labelled, frozenset[str]]]]:
    """Per-theme counts of :func:`classify` against the labels of ``examples`` (every theme
    of the taxonomy gets a ``Score``), and the examples whose predicted themes differ from
    their labels, each with what was predicted."""
    tax = taxonomy or load_taxonomy()
    counts = {t: [0, 0, 0] for t in tax.ids}
    wrong: list[tuple[Labelled, frozenset[str]]] = []
    for ex in examples:
        got = frozenset(tax.classify(ex.text, ex.language))
        unknown = ex.themes - set(tax.ids)
        if unknown:
            raise ValueError(f"{ex.id}: unknown theme ids {sorted(unknown)}")
        for t in tax.ids:
            c = counts[t]
            c[0] += t in got and t in ex.themes
            c[1] += t in got and t not in ex.themes
            c[2] += t not in got and t in ex.themes
        if got != ex.themes:
            wrong.append((ex, got))
    return {t: Score(*c) for t, c in counts.items()}, wrong
