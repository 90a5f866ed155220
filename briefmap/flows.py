"""Flows of goods (``geodata/flows.toml``) and the excerpts that describe them.

A flow is a line between two places (oil products rerouted from Klaipėda to Ust-Luga,
potash through Klaipėda). It is linked to every stored excerpt whose sentence holds all the
lemmas of one of its cues — the same rule as the places' cue links — and drawn only when
such an excerpt exists, so a line on the map always leads to the words behind it.
Importable without Streamlit or folium.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from briefmap.morphology import lemmas, tokenize

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 with the tomli backport
    import tomli as tomllib  # type: ignore[no-redef]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "geodata" / "flows.toml"
KINDS = ("rerouted", "former", "export")

Cue = tuple[str, ...]


@dataclass(frozen=True)
class Flow:
    """One line of the flows layer: ``from_id`` -> ``to_id`` (place ids)."""

    id: str
    kind: str
    commodity: str
    from_id: str
    to_id: str
    label_en: str
    label_pl: str
    colour: str
    cues: tuple[Cue, ...]  # Polish lemmas
    cues_en: tuple[Cue, ...] = ()  # English words, "*" = prefix

    def label(self, language: str = "en") -> str:
        return self.label_pl if language.startswith("pl") else self.label_en


@dataclass
class FlowExcerpt:
    """An excerpt (a ``Store.mentions`` row) that describes a flow, with the cue words found
    as ``[start, end)`` offsets into ``record["excerpt"]``."""

    record: Mapping
    spans: list[tuple[int, int]]
    words: tuple[str, ...]


@dataclass
class FlowLink:
    flow: Flow
    excerpts: list[FlowExcerpt] = field(default_factory=list)


def _cues(raw: object, where: str) -> tuple[Cue, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(
        isinstance(c, list) and c and all(isinstance(w, str) and w.strip() for w in c) for c in raw
    ):
        raise ValueError(f"{where}: cues must be a list of lists of words")
    return tuple(tuple(w.strip().lower() for w in c) for c in raw)


def parse_flows(text: str, source: str = "<string>") -> list[Flow]:
    """The flows of a flows file's TOML text; ``ValueError`` names what is wrong."""
    flows: list[Flow] = []
    seen: set[str] = set()
    for n, raw in enumerate(tomllib.loads(text).get("flow", []), 1):
        where = f"{source}: flow {raw.get('id', n)!s}"
        missing = [
            k
            for k in ("id", "kind", "from", "to", "label_en", "label_pl", "colour", "cues")
            if not raw.get(k)
        ]
        if missing:
            raise ValueError(f"{where}: missing {', '.join(missing)}")
        if raw["kind"] not in KINDS:
            raise ValueError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if raw["id"] in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(raw["id"])
        flows.append(
            Flow(
                id=raw["id"],
                kind=raw["kind"],
                commodity=raw.get("commodity", ""),
                from_id=raw["from"],
                to_id=raw["to"],
                label_en=raw["label_en"],
                label_pl=raw["label_pl"],
                colour=raw["colour"],
                cues=_cues(raw["cues"], where),
                cues_en=_cues(raw.get("cues_en"), where),
            )
        )
    return flows


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int) -> tuple[Flow, ...]:
    return tuple(parse_flows(Path(path).read_text(encoding="utf-8"), path))


def load_flows(path: str | Path | None = None) -> list[Flow]:
    """The flows of ``path`` (default ``geodata/flows.toml``), cached until it changes."""
    resolved = Path(path or DEFAULT_PATH).resolve()
    return list(_load(str(resolved), resolved.stat().st_mtime_ns))


def _cue_hits(cue: Cue, keys: list[frozenset[str]], polish: bool) -> list[int] | None:
    """Token indexes that carry the cue's words, or None when a word is missing."""
    hits: list[int] = []
    for word in cue:
        prefix = word[:-1] if (not polish and word.endswith("*")) else None
        found = [
            i
            for i, k in enumerate(keys)
            if (any(x.startswith(prefix) for x in k) if prefix is not None else word in k)
        ]
        if not found:
            return None
        hits.extend(found)
    return sorted(set(hits))


def _words(sentence: str, polish: bool) -> tuple[list, list[frozenset[str]]]:
    """The sentence's tokens and, for each, the keys a cue word may match."""
    tokens = tokenize(sentence)
    if polish:
        return tokens, [lemmas(tok.text) | {tok.text.lower()} for tok in tokens]
    return tokens, [frozenset({tok.text.lower()}) for tok in tokens]


def _match(flow: Flow, tokens: list, keys: list[frozenset[str]], polish: bool):
    for cue in flow.cues if polish else flow.cues_en:
        hits = _cue_hits(cue, keys, polish)
        if hits is not None:
            return [(tokens[i].start, tokens[i].end) for i in hits]
    return []


def cue_match(flow: Flow, sentence: str, language: str = "pl") -> list[tuple[int, int]]:
    """Spans of ``sentence`` holding the words of the first of the flow's cues that occurs
    in it whole; ``[]`` when none does."""
    polish = language.lower().startswith("pl")
    return _match(flow, *_words(sentence, polish), polish)


def link_flows(flows: Iterable[Flow], records: Iterable[Mapping]) -> list[FlowLink]:
    """Every flow with the excerpts that match one of its cues.

    ``records`` are ``Store.mentions`` rows (``brief_id``, ``excerpt_start``, ``excerpt``,
    ``language``); an excerpt shared by several mentions is looked at once. Flows come
    back in the order given, each with its excerpts in the order of ``records``."""
    flows = list(flows)
    links = [FlowLink(f) for f in flows]
    seen: set[tuple] = set()
    for rec in records:
        key = (rec.get("brief_id"), rec.get("excerpt_start"), rec.get("excerpt_end"))
        if key in seen:
            continue
        seen.add(key)
        text = str(rec.get("excerpt") or "")
        polish = str(rec.get("language") or "pl").lower().startswith("pl")
        tokens, keys = _words(text, polish)  # once per excerpt, whatever the number of flows
        for link in links:
            spans = _match(link.flow, tokens, keys, polish)
            if spans:
                words = tuple(dict.fromkeys(text[s:e] for s, e in spans))
                link.excerpts.append(FlowExcerpt(rec, spans, words))
    return links


def flow_places(
    flows: Iterable[Flow], lookup: Callable[[str], Mapping | None]
) -> dict[str, Mapping]:
    """The places at the ends of ``flows``, by id, as ``lookup`` finds them (ids it does
    not know are left out, and so are the flows that need them)."""
    out: dict[str, Mapping] = {}
    for f in flows:
        for pid in (f.from_id, f.to_id):
            if pid not in out:
                place = lookup(pid)
                if place is not None:
                    out[pid] = place
    return out
