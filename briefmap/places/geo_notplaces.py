"""Names that are not places: persons, organisations, foreign names around a place name.

:func:`_in_context` drops the spans of ``find_places`` that are part of a longer
capitalised name of something else (see ``briefmap.places.geoparse``, step 3). Offsets are
token indexes into the document's tokens.
"""

from __future__ import annotations

from briefmap.places.gazetteer import Entry
from briefmap.places.geo_words import _CONNECTORS, _RUN_JOIN, _adjacent, _place_head, _Tok
from briefmap.text.morphology import fold


def _runs(text: str, toks: list[_Tok]) -> list[tuple[int, int]]:
    """Maximal runs ``(i, j)`` of adjacent capitalised tokens on one line."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if not toks[i].cap:
            i += 1
            continue
        j = i + 1
        while j < len(toks) and toks[j].cap:
            a, b = toks[j - 1], toks[j]
            gap = text[a.end : b.start]
            if not (_RUN_JOIN.match(gap) or (a.abbrev and not gap.strip())):
                break
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _name_spans(toks: list[_Tok], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans ``(i, j)`` of two or more adjacent capitalised words that are first names,
    surnames or unknown words: a person ("Theresa May", "Asia Bibi", "Jan Buczek" — a
    surname next to a first name even if a village has it too) or a foreign name ("Nigel
    Farage", "Daily Telegraph")."""
    out: list[tuple[int, int]] = []
    for i, j in runs:
        namish = [toks[k].w.namish and not toks[k].abbrev for k in range(i, j)]
        for k in range(i, j - 1):
            # the surname follows the first name
            if toks[k].w.first_name and not toks[k].abbrev and toks[k + 1].w.person:
                namish[k + 1 - i] = True
        k = 0
        while k < j - i:
            if not namish[k]:
                k += 1
                continue
            m = k + 1
            while m < j - i and namish[m]:
                m += 1
            if m - k >= 2:
                out.append((i + k, i + m))
            k = m
    return out


def _name_keys_of(tok: _Tok) -> set[str]:
    """Keys under which a word seen in a person's name is recognised again in the text."""
    keys = {fold(tok.text)}
    if tok.w.unknown:
        keys |= tok.w.one
    else:
        keys |= {fold(a.lemma) for a in tok.w.analyses if a.is_person_name}
    return keys


def _head_of_longer_name(text: str, toks: list[_Tok], i: int) -> bool:
    """Is token ``i`` a place noun ("Wyspy", "Morze") heading a longer name that goes on with
    a capitalised word, as the words of a Polish geographic name are ("Wyspach Kurylskich",
    "Morzu Czarnym")? Then a one-word name it matches alone (the alias "Wyspy" for Britain)
    is not what it means."""
    if i + 1 >= len(toks) or not _place_head(toks[i]):
        return False
    nxt = toks[i + 1]
    return nxt.cap and not nxt.initial and _adjacent(text, toks[i], nxt)


def _glued(text: str, tok: _Tok) -> bool:
    """A word joined to the next by a full stop without a space: "Leave.EU", "gov.uk"."""
    e = tok.end
    return e + 1 < len(text) and text[e] == "." and text[e + 1].isalpha()


def _org_word(tok: _Tok) -> bool:
    """A capitalised common word in mid-sentence: part of an organisation's, an event's or a
    title's name ("Partii", "Uniwersytecie", "Agencja", "Narodzenia", "Post")."""
    return (
        tok.w.org_head
        and not tok.w.geo
        and not tok.initial
        and not tok.abbrev
        and not tok.w.acronym
        and not tok.w.heads
        and not _place_head(tok)
    )


def _unit_word(tok: _Tok) -> bool:
    """A capitalised common noun in mid-sentence that is not a place noun ("Oddziałowi",
    "Urząd", "Komenda"), whether or not Morfeusz also knows a village of that name."""
    return (
        tok.w.common_noun
        and not tok.initial
        and not tok.abbrev
        and not tok.w.acronym
        and not tok.w.heads
        and not _place_head(tok)
    )


def _foreign(entries: list[Entry], language: str) -> bool:
    """Only GeoNames or other-language names: a word that may be part of a foreign name."""
    return all(e.tier == "geonames" or e.lang not in ("", language) for e in entries)


def _connected(
    text: str, toks: list[_Tok], i: int, j: int, placed: set[int] | frozenset[int] = frozenset()
) -> bool:
    """Is tokens ``i:j`` joined to a capitalised word by an English or Romance connector
    ("Bank of America", "Best for Britain", "UK in a Changing Europe")? Not by a bare "and"
    to a word found as a place itself (token index in ``placed``): "through Smolensk and
    Orsha", "the Gomel and Brest regions" are two places."""
    for k, step in ((i - 1, -1), (j, 1)):
        seen = 0
        joined_by: list[str] = []
        while 0 <= k < len(toks) and toks[k].text in _CONNECTORS and seen < 2:
            joined_by.append(toks[k].text)
            a, b = (toks[k], toks[k - step]) if step < 0 else (toks[k - step], toks[k])
            if not _RUN_JOIN.match(text[a.end : b.start]):
                break
            seen += 1
            k += step
        if joined_by == ["and"] and k in placed:
            continue
        if (
            0 <= k < len(toks)
            and toks[k].initial
            and (
                len(joined_by) > 1 or joined_by[:1] in (["at"], ["in"], ["from"], ["near"], ["to"])
            )
        ):
            # "Output at the Mozyr refinery", "Flights at Modlin airport": a sentence's
            # first word, not a name's, before a preposition of place
            continue
        if seen and 0 <= k < len(toks) and toks[k].cap:
            a, b = (toks[k], toks[k - step]) if step < 0 else (toks[k - step], toks[k])
            if _RUN_JOIN.match(text[a.end : b.start]):
                return True
    return False


def _in_context(text, toks, spans, language):
    """Drop the names that are part of a longer capitalised name of something else, and the
    words of such names wherever else they occur. See module docstring, step 3."""
    runs = _runs(text, toks)
    run_of: list[tuple[int, int] | None] = [None] * len(toks)
    for r in runs:
        for k in range(r[0], r[1]):
            run_of[k] = r
    covered = [-1] * len(toks)  # index of the span covering a token
    for n, (i, j, _e, _h) in enumerate(spans):
        for k in range(i, j):
            covered[k] = n
    names = [
        (i, j)
        for i, j in _name_spans(toks, runs)
        if not any(
            covered[k] >= 0 and spans[covered[k]][0] <= i and j <= spans[covered[k]][1]
            for k in range(i, j)
        )
    ]
    in_name = [False] * len(toks)
    blocked: set[str] = set()
    for i, j in names:
        for k in range(i, j):
            in_name[k] = True
            if not toks[k].w.acronym:
                blocked |= _name_keys_of(toks[k])

    # "Unii Europejskiej", "Partii Pracy": a common noun that is also a town, inside a
    # longer capitalised name, is that name's word (here and in the rest of the text).
    homonyms: set[str] = set()
    for a, b in runs:
        if b - a > 1:
            for k in range(a, b):
                if toks[k].w.homonym and not (
                    covered[k] >= 0 and spans[covered[k]][1] - spans[covered[k]][0] > 1
                ):
                    homonyms |= toks[k].w.geo

    out = []
    for i, j, entries, how in spans:
        if j - i == 1 and toks[i].w.homonym and toks[i].w.geo & homonyms:
            entries = [e for e in entries if e.tier != "geonames"]
            if not entries:
                continue
        if any(in_name[k] for k in range(i, j)):
            continue  # part of a person's or a foreign name: "Theresa May", "Nigel Farage"
        t = toks[i]
        # Read off a foreign spelling ("Cambridge", "Britain"), not off a Polish form of a
        # place ("Paryża", "Londynie"): may be a word of a foreign name.
        weak = _foreign(entries, language) and (
            not any(toks[k].w.geo for k in range(i, j))
            or any(fold(text[t.start : toks[j - 1].end]) == fold(e.name) for e in entries)
        )
        if j - i == 1:
            if _glued(text, t):
                continue  # "Leave.EU"
            if _head_of_longer_name(text, toks, i):
                continue  # "Wyspach" of "Wyspach Kurylskich" is not the alias for Britain
            # "Bibi" after "Asia Bibi": a name word stays a name word in the whole text.
            if (
                t.w.namish
                and not t.w.acronym
                and _name_keys_of(t) & blocked
                and (weak or not t.w.geo)
            ):
                continue
        r = run_of[i] or (i, j)
        before = [k for k in range(r[0], i) if covered[k] < 0 and not in_name[k]]
        after = [k for k in range(j, r[1]) if covered[k] < 0 and not in_name[k]]
        if any(_org_word(toks[k]) for k in before):
            continue  # "Partii Niepodległości Wielkiej Brytanii", "Bank Anglii"
        if (weak or toks[j - 1].w.functional) and any(_org_word(toks[k]) for k in after):
            continue  # "Polska Agencja Prasowa", "Bożego Narodzenia", "Washington Post"
        if toks[j - 1].w.functional and j < r[1] and _unit_word(toks[j]):
            # A place adjective before a capitalised common noun names a unit or an office
            # ("Podlaskiemu Oddziałowi Straży Granicznej", "Mazowiecki Urząd Wojewódzki"),
            # even when the noun is also some village to Morfeusz ("Oddział").
            continue
        if weak and (
            # a foreign name ending in a place name: "Wizz Air UK", "BBC Scotland"
            any((toks[k].w.unknown or toks[k].w.acronym) and covered[k] < 0 for k in range(r[0], i))
            or any(toks[k].w.unknown and not toks[k].w.acronym for k in after)
            or _connected(text, toks, i, j)
        ):
            continue  # "Cambridge Analytica", "Wizz Air UK", "Bank of America"
        out.append((i, j, entries, how))
    return out
