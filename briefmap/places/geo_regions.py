"""Regions named by a noun and adjectives ("w obwodzie grodzieńskim", "obwody homelski i
brzeski"). Offsets of the returned :class:`Found` index the document's text."""

from __future__ import annotations

from briefmap.places.gazetteer import Gazetteer, token_keys
from briefmap.places.geo_words import _HEAD_PREFIXES, Found, _Tok
from briefmap.places.region import REGION_COUNTRIES
from briefmap.text.morphology import fold

#: Feature nouns named after a town by its adjective ("poligon borysowski"): without a
#: curated feature of that name, the town itself.
NAMED_AFTER_HEADS = frozenset({"poligon"})
# A relational adjective's ending -> the endings of the town names it is made from
# ("osipowicki" <- Osipowicze, "borysowski" <- Borysów, "lepelski" <- Lepel, "piński" <-
# Pińsk, "orszański" <- Orsza): Polish word formation written once, not a list of towns.
# fmt: off
_ADJ_TO_TOWN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("owicki", ("owicze", "owice")), ("icki", ("icze", "ice")), ("cki", ("ck", "ce", "k")),
    ("owski", ("ów", "owo", "owa", "ow")), ("ański", ("a", "any")), ("ński", ("ń", "n", "no")),
    ("ski", ("", "sk", "a", "o", "e", "y")),
)
# fmt: on
_TOWN_KINDS = frozenset({"town", "city", "military_site"})


def _town_named_by(gazetteer: Gazetteer, adjectives: tuple[str, ...]) -> str | None:
    """The town of the briefs' region an adjective is made from ("osipowicki" ->
    Osipovichi), or None; the curated tier first, then the larger town."""
    keys: set[str] = set()
    for adj in adjectives:
        for ending, towns in _ADJ_TO_TOWN:
            if adj.endswith(ending) and len(adj) - len(ending) >= 3:
                stem = adj[: len(adj) - len(ending)]
                keys |= {fold(stem + t) for t in towns}
                break
    best: tuple | None = None
    for e in gazetteer.candidates(frozenset(keys)):
        if len(e.tokens) != 1 or not e.tokens[0] & keys:
            continue
        p = gazetteer.place(e.place_id)
        if p.kind in _TOWN_KINDS and p.country in REGION_COUNTRIES:
            rank = (e.tier != "curated", -p.population, p.id)
            if best is None or rank < best:
                best = rank
    return best[2] if best else None


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
                why = f"region adjective: {head} + {adj[0]}"
                if not pid and head in NAMED_AFTER_HEADS:
                    # "na poligonie osipowickim": no curated range of that name, so the
                    # town the range is named after.
                    pid = _town_named_by(gazetteer, adj)
                    if pid:
                        town = gazetteer.place(pid).name
                        why = f"{head} + {adj[0]}: no such {head} in the gazetteer, so {town}"
                if pid:
                    start = tok.start if first else t.start
                    conf = 0.9 if why.startswith("region adjective") else 0.7
                    out.append(
                        Found(start, last.end, text[start : last.end], pid, "name", why, conf)
                    )
                    used[j] = True
                    if first:
                        used[i] = True
                    first = False
                    break
            j += 1
    return out


# English plural region nouns that distribute over a list of names ("the Gomel and Brest
# regions"), and the singular nouns a curated region's English name ends with.
_EN_REGION_PLURALS = frozenset({"regions", "oblasts", "provinces", "voivodeships"})
_EN_REGION_NOUNS = frozenset({"region", "oblast", "province", "voivodeship"})
_EN_LIST_JOINS = frozenset({"and", "or", ","})


def _english_region_lists(
    text: str, toks: list[_Tok], gazetteer: Gazetteer, used: list[bool]
) -> list[Found]:
    """English coordinated regions: "the Gomel and Brest regions", "the Bryansk, Kursk and
    Belgorod oblasts" name regions, each found on its own name when the gazetteer knows a
    region "<name> Oblast/Region/Province/Voivodeship" (otherwise the name is left to the
    name finder). Offsets index ``text``."""
    out: list[Found] = []
    for n, tok in enumerate(toks):
        if tok.lang == "pl" or tok.text.lower() not in _EN_REGION_PLURALS:
            continue
        names: list[int] = []
        k = n - 1
        while k >= 0 and toks[k].cap and not toks[k].initial:
            names.append(k)
            gap = text[toks[k - 1].end : toks[k].start] if k > 0 else ""
            if k > 0 and gap.strip() == "," and toks[k - 1].cap:
                k -= 1  # "Bryansk, Kursk and Belgorod"
            elif k > 1 and toks[k - 1].text in _EN_LIST_JOINS and toks[k - 2].cap:
                k -= 2
            else:
                break
        if len(names) < 2:
            continue  # "the Kursk region": one name is the name finder's
        for k in sorted(names):
            pid = _region_named(gazetteer, toks[k].text)
            if pid is None or used[k]:
                continue
            out.append(
                Found(
                    toks[k].start,
                    toks[k].end,
                    toks[k].text,
                    pid,
                    "name",
                    f"region list: {toks[k].text} + {tok.text}",
                    0.9,
                )
            )
            used[k] = True
    return out


def _region_named(gazetteer: Gazetteer, name: str) -> str | None:
    """The region the gazetteer names "<name> Oblast" (or Region, Province, Voivodeship)."""
    first = token_keys(name)
    best: tuple[str, str] | None = None
    for e in gazetteer.candidates(first):
        if len(e.tokens) == 2 and e.tokens[0] & first and e.tokens[1] & _EN_REGION_NOUNS:
            p = gazetteer.place(e.place_id)
            if p.kind == "region" and (best is None or (e.tier, p.id) < best):
                best = (e.tier, p.id)
    return best[1] if best else None
