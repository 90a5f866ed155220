"""The words of flows (``geodata/flow_words.toml``) compiled for the flow modules of
``briefmap.analysis``: movement and trade predicates, the words of each kind, the goods with
their labels, and the words of the clause roles (receiving, using ports, movers that are not
goods, relations that are not routes, reference back). Patterns use the syntax of
``briefmap.text.matcher``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from briefmap.shipped import GEODATA_DIR
from briefmap.text.document import Document
from briefmap.text.matcher import Matcher, Pattern, english_forms, parse_patterns

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 with the tomli backport
    import tomli as tomllib  # type: ignore[no-redef]

WORDS_PATH = GEODATA_DIR / "flow_words.toml"


@dataclass(frozen=True)
class Commodity:
    label_en: str
    label_pl: str


class WordSet:
    """One-word terms of one language, asked token by token: Polish lemmas, English words
    with their inflections ("*" a prefix), as ``briefmap.text.matcher`` reads them."""

    def __init__(self, terms: tuple[tuple[str, ...], ...], language: str, where: str) -> None:
        self.exact: set[str] = set()
        prefixes = []
        polish = language == "pl"
        for t in terms:
            if len(t) != 1:
                raise ValueError(f"{where}: one word a pattern here, got {' '.join(t)!r}")
            word = t[0]
            if not polish and word.endswith("*"):
                prefixes.append(word[:-1])
            else:
                self.exact |= {word} if polish else english_forms(word)
        self.prefixes: tuple[str, ...] = tuple(prefixes)

    def at(self, doc: Document, i: int) -> bool:
        """Does token ``i`` of ``doc`` answer to one of the words?"""
        keys = doc.keys(i)
        if not keys.isdisjoint(self.exact):
            return True
        return bool(self.prefixes) and any(k.startswith(self.prefixes) for k in keys)

    def first(self, doc: Document, lo: int, hi: int) -> int:
        """The first token of ``lo:hi`` that answers to one of the words, or -1."""
        exact, prefixes, keys = self.exact, self.prefixes, doc.keys
        for i in range(lo, hi):
            ks = keys(i)
            if not ks.isdisjoint(exact) or (prefixes and any(k.startswith(prefixes) for k in ks)):
                return i
        return -1


@dataclass
class FlowWords:
    """``geodata/flow_words.toml`` compiled: one matcher per language and purpose."""

    predicates: dict[str, Matcher]
    weak: dict[str, Matcher]
    kinds: dict[str, Matcher]  # patterns keyed by kind
    commodities: dict[str, Matcher]  # patterns keyed by commodity index
    goods: list[Commodity] = field(default_factory=list)
    receive: dict[str, WordSet] = field(default_factory=dict)  # the subject is the destination
    use: dict[str, WordSet] = field(default_factory=dict)  # "korzystać z portów"
    movers: dict[str, WordSet] = field(default_factory=dict)  # people, aircraft, troops
    relations: dict[str, WordSet] = field(default_factory=dict)  # dependence, talks, pressure
    back: dict[str, WordSet] = field(default_factory=dict)  # "its", "swój": refers back
    #: every word that may make a sentence about a flow (a first, cheap look at a sentence)
    trigger: dict[str, WordSet] = field(default_factory=dict)


def parse_flow_words(text: str, source: str = "<string>") -> FlowWords:
    """Flow words from the TOML text of a flow-words file; ``ValueError`` names a fault."""
    data = tomllib.loads(text)

    def matchers(table: dict, key: str, where: str) -> dict[str, Matcher]:
        return {
            lang: Matcher(
                (Pattern(key, c) for c in parse_patterns(table.get(lang), f"{where}.{lang}")),
                lang,
            )
            for lang in ("pl", "en")
        }

    kinds: dict[str, Matcher] = {}
    for lang in ("pl", "en"):
        patterns = [
            Pattern(kind, c)
            for kind in ("rerouted", "former", "planned")
            for c in parse_patterns(
                data.get("kinds", {}).get(kind, {}).get(lang), f"{source}: kinds.{kind}.{lang}"
            )
        ]
        kinds[lang] = Matcher(patterns, lang)
    goods: list[Commodity] = []
    commodity: dict[str, list[Pattern]] = {"pl": [], "en": []}
    for n, raw in enumerate(data.get("commodity", [])):
        where = f"{source}: commodity {n + 1}"
        if not raw.get("label_en") or not raw.get("label_pl"):
            raise ValueError(f"{where}: label_en and label_pl are required")
        goods.append(Commodity(raw["label_en"], raw["label_pl"]))
        for lang in ("pl", "en"):
            commodity[lang].extend(
                Pattern(n, c) for c in parse_patterns(raw.get(lang), f"{where}.{lang}")
            )
    trigger = {}
    for lang in ("pl", "en"):
        terms = [
            (t,)
            for table in ("predicates", "predicates_weak", "receive", "use")
            for pattern in parse_patterns(data.get(table, {}).get(lang), f"{source}: {table}")
            for t in pattern[:1]  # a pattern of several words needs its first one
        ]
        trigger[lang] = WordSet(tuple(terms), lang, f"{source}: trigger")
    return FlowWords(
        trigger=trigger,
        predicates=matchers(data.get("predicates", {}), "predicate", f"{source}: predicates"),
        weak=matchers(data.get("predicates_weak", {}), "weak", f"{source}: predicates_weak"),
        kinds=kinds,
        commodities={lang: Matcher(commodity[lang], lang) for lang in ("pl", "en")},
        goods=goods,
        **{
            name: {
                lang: WordSet(
                    parse_patterns(data.get(name, {}).get(lang), f"{source}: {name}.{lang}"),
                    lang,
                    f"{source}: {name}.{lang}",
                )
                for lang in ("pl", "en")
            }
            for name in ("receive", "use", "movers", "relations", "back")
        },
    )


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int) -> FlowWords:
    return parse_flow_words(Path(path).read_text(encoding="utf-8"), path)


def load_flow_words(path: str | Path | None = None) -> FlowWords:
    """The flow words of ``path`` (default ``geodata/flow_words.toml``), cached until the
    file changes."""
    resolved = Path(path or WORDS_PATH).resolve()
    return _load(str(resolved), resolved.stat().st_mtime_ns)
