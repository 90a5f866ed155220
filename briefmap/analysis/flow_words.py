"""The words of flows (``geodata/flow_words.toml``) compiled for ``briefmap.analysis.flows``:
movement and trade predicates, the words of each kind, and the goods with their labels.
Patterns use the syntax of ``briefmap.text.matcher``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from briefmap.shipped import GEODATA_DIR
from briefmap.text.matcher import Matcher, Pattern, parse_patterns

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 with the tomli backport
    import tomli as tomllib  # type: ignore[no-redef]

WORDS_PATH = GEODATA_DIR / "flow_words.toml"


@dataclass(frozen=True)
class Commodity:
    label_en: str
    label_pl: str


@dataclass
class FlowWords:
    """``geodata/flow_words.toml`` compiled: one matcher per language and purpose."""

    predicates: dict[str, Matcher]
    weak: dict[str, Matcher]
    kinds: dict[str, Matcher]  # patterns keyed by kind
    commodities: dict[str, Matcher]  # patterns keyed by commodity index
    goods: list[Commodity] = field(default_factory=list)


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
    return FlowWords(
        predicates=matchers(data.get("predicates", {}), "predicate", f"{source}: predicates"),
        weak=matchers(data.get("predicates_weak", {}), "weak", f"{source}: predicates_weak"),
        kinds=kinds,
        commodities={lang: Matcher(commodity[lang], lang) for lang in ("pl", "en")},
        goods=goods,
    )


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int) -> FlowWords:
    return parse_flow_words(Path(path).read_text(encoding="utf-8"), path)


def load_flow_words(path: str | Path | None = None) -> FlowWords:
    """The flow words of ``path`` (default ``geodata/flow_words.toml``), cached until the
    file changes."""
    resolved = Path(path or WORDS_PATH).resolve()
    return _load(str(resolved), resolved.stat().st_mtime_ns)
