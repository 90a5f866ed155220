"""Regions named by a noun and adjectives ("w obwodzie grodzieńskim", "obwody homelski i
brzeski"). Offsets of the returned :class:`Found` index the document's text."""

from __future__ import annotations

from briefmap.places.gazetteer import Gazetteer
from briefmap.places.geo_words import _HEAD_PREFIXES, Found, _Tok


def _region_adjectives(
    text: str, toks: list[_Tok], gazetteer: Gazetteer, used: list[bool]
) -> list[Found]:
    out: list[Found] = []
    if not gazetteer.adjectives:
        return out
    for i, tok in enumerate(toks):
        if not tok.text.lower().startswith(_HEAD_PREFIXES):
            continue
        heads = tok.w.heads
        if not heads:
            continue
        j = i + 1
        first = True
        while j < len(toks):
            t = toks[j]
            if t.text in {"i", "oraz", "lub", "albo"}:
                j += 1
                continue
            adj = t.w.adjs
            last = t
            if j + 1 < len(toks) and text[t.end : toks[j + 1].start] == "-":
                # "warmińsko-mazurskim": the compound's lemma is the first part as written
                # plus the lemma of the last part.
                last = toks[j + 1]
                adj = tuple(f"{t.text.lower()}-{x}" for x in last.w.adjs)
                j += 1
            if not adj:
                break
            for head in heads:
                pid = next(
                    (
                        gazetteer.adjectives.get((head, x))
                        for x in adj
                        if (head, x) in gazetteer.adjectives
                    ),
                    None,
                )
                if pid:
                    start = tok.start if first else t.start
                    out.append(
                        Found(
                            start,
                            last.end,
                            text[start : last.end],
                            pid,
                            "name",
                            f"region adjective: {head} + {adj[0]}",
                            0.9,
                        )
                    )
                    used[j] = True
                    if first:
                        used[i] = True
                    first = False
                    break
            j += 1
    return out
