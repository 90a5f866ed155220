"""Find the places a text names or talks about.

``find_places(text, language, gazetteer)`` returns :class:`Found` records whose offsets
index ``text``. How a place is found, in order:

Each sentence is read in its own language: an English sentence quoted in a Polish brief is
read by the English rules, and the other way round (``geo_words.sentence_languages``).

1. **Region adjectives** (Polish): a region noun ("obwód", "województwo") followed by
   adjectives the gazetteer knows ("w obwodzie grodzieńskim", "obwody homelski i brzeski")
   — one mention per adjective; the same for named features ("przesmyk suwalski") and
   training grounds ("poligon osipowicki": the curated range, else the town it is named
   after). English lists ("the Gomel and Brest regions") are regions too.
2. **Metonyms** (``geodata/metonyms.toml``): "Kreml", "the Kremlin" stand for Moscow.
3. **Names**: the longest run of tokens starting with a capital that matches a gazetteer
   name. A Polish token answers to its Morfeusz lemmas ("Kłajpedzie" -> Kłajpeda); a word
   Morfeusz does not know ("Łudze", "Medininkach") answers to the base forms that Polish
   declension could have produced it from (:func:`base_forms`); an abbreviation with its
   full stop answers to the words Morfeusz expands it to ("W. Brytanii", "Irlandii Płn.").
   A name in another language than the text's must be written exactly as in the gazetteer
   (an English "Asia" is not a declined Polish "Asii"). Which words may match which tier
   is gated by what Morfeusz says they are: a common noun, an adjective ("litewscy",
   "rosyjskich"), a first name or a surname is never looked up in GeoNames, nor is an
   acronym or a common word whose capital only marks the start of a sentence ("Obie",
   "Port w Gdyni…"). A **kind word** before the name ("przejście w Kuźnicy", "terminal
   naftowy w Wysocku", "the refinery in Mozyr": ``geo_evidence``) is evidence that lifts
   these gates for GeoNames towns.
4. **Context**: a name found inside a longer capitalised name is dropped when that name is
   something else —
   * a person: two or more adjacent capitalised words that are first names, surnames or
     words Morfeusz does not know ("Theresa May", "Asia Bibi", "Nigel Farage", "Daily
     Telegraph"), unless a gazetteer name covers them all ("Ust-Łudze");
   * an organisation: a name that starts with a capitalised common word ("Partii Pracy",
     "Uniwersytecie Cambridge", "Bank Anglii"), or a capitalised common noun that is also
     a place ("Unii Europejskiej": Morfeusz has both "unia" and a village "Unia"); a place
     adjective before a unit's noun ("Podlaskiemu Oddziałowi Straży Granicznej"); a name
     right after a company noun, and the list that follows ("koncern Orange", "firmy
     Nokia, Vinci i Orange");
   * a word glued to another by a full stop ("Leave.EU").
   Such words stay non-places in the whole text: "Bibi" after "Asia Bibi", "Unii" after
   "Unii Europejskiej" (unless a curated or CLDR name says otherwise).

Cue links (sentences about a curated feature they do not name) are ``briefmap.analysis.cues``'.

Ambiguous names are resolved by evidence (``geo_resolve.Chooser``): the kind the kind word
announces, the tier (curated, then CLDR, then GeoNames), the countries the text names,
population with an order of magnitude more for a candidate within 150 km of the brief's
other places (spatial coherence), then the region of interest and the exact spelling; a
curated crossing, port or base a few km from the chosen village is the same place told
more exactly. A word Morfeusz does not know is a GeoNames town only as a city, in a country
the text names, after a kind word, or near the brief's other places. What decided is
recorded in ``evidence``.

The parts live beside this module: ``geo_words`` (what a word form is), ``geo_regions``
(region nouns, adjectives and lists), ``geo_notplaces`` (persons, organisations, foreign
names), ``geo_english`` (English text), ``geo_evidence`` (kind words, metonyms, companies),
``geo_resolve`` (choosing among candidates).
"""

from __future__ import annotations

from briefmap.model import Place
from briefmap.places.gazetteer import Entry, Gazetteer, token_keys
from briefmap.places.geo_adjectives import adjective_places
from briefmap.places.geo_english import _english_context, english_common_words
from briefmap.places.geo_evidence import Kind, in_company_name, kind_before, listed_kind, metonym
from briefmap.places.geo_notplaces import _in_context
from briefmap.places.geo_regions import _english_region_lists, _region_adjectives
from briefmap.places.geo_resolve import _CITY, _NEAR_MIN_POP, Chooser, _context_countries
from briefmap.places.geo_words import Found, _adjacent, _Tok, _tokens, adjective_bases, base_forms
from briefmap.places.region import REGION_COUNTRIES  # read here by tests: one region file
from briefmap.text.document import Document
from briefmap.text.morphology import fold

__all__ = [
    "REGION_COUNTRIES",
    "Found",
    "adjective_bases",
    "base_forms",
    "english_common_words",
    "find_places",
    "places_in",
]


def _candidates(
    gazetteer: Gazetteer, tok: _Tok, language: str
) -> tuple[list[Entry], dict[str, list[Entry]]]:
    """(one-word entries, longer entries by the keys of their second word) this token may
    start."""
    key = ("cand", tok.text, tok.abbrev, language)
    got = gazetteer.memo.get(key)
    if got is None:
        w = tok.w
        singles: list[Entry] = []
        multis: list[Entry] = []
        for e in gazetteer.candidates(w.one | w.multi | w.exact):
            foreign = e.lang not in ("", language)
            if len(e.tokens) == 1:
                if e.tokens[0] & (w.exact if foreign else w.one):
                    singles.append(e)
            elif e.tokens[0] & (w.exact if foreign else w.multi):
                multis.append(e)
        # longer entries by the keys their second word accepts, longest first
        by_second: dict[str, list[Entry]] = {}
        for e in sorted(multis, key=lambda e: -len(e.tokens)):
            for k2 in e.tokens[1]:
                by_second.setdefault(k2, []).append(e)
        got = gazetteer.memo[key] = (singles, by_second)
    return got  # type: ignore[return-value]


def _single_entries(
    gazetteer: Gazetteer, tok: _Tok, singles: list[Entry], language: str, evidence: bool = False
) -> list[Entry]:
    """The one-word entries ``tok`` may be read as (see :func:`_gate`). What decides is the
    word form, its capital's position, whether it is an abbreviation and whether a kind
    word stands before it (``evidence``): worked out once per such word, since a text
    repeats its names."""
    key = ("ones", tok.text, tok.initial, tok.first, tok.abbrev, language, evidence)
    got = gazetteer.memo.get(key)
    if got is None:
        ones = [e for e in singles if _gate(e, [tok], language)]
        if language == "pl" and tok.first and tok.w.common_noun:
            # "Port w Gdyni…", "Terminal przyjął…": a common noun at a sentence start is
            # capitalised by its position; no kind word can stand before it, so it is not
            # read as a GeoNames town (Porta, Spain) — only as a city ("Berlin", also a
            # form of "berlina").
            ones = [
                e
                for e in ones
                if e.tier != "geonames" or gazetteer.place(e.place_id).population >= _CITY
            ]
        elif tok.w.homonym and language == "pl" and evidence and not tok.initial:
            pass  # "przejście w Kuźnicy": a kind word says the common noun is a place
        elif tok.w.homonym and language == "pl":
            # "Unia"/"unia", "Praca"/"praca": a common noun that is also a town is a place
            # through the curated and CLDR tiers, or GeoNames when it is a city
            # ("Lublin"/"lublin"); never at a sentence start, where its capital is moot.
            ones = [
                e
                for e in ones
                if e.tier != "geonames"
                or (not tok.initial and gazetteer.place(e.place_id).population >= _CITY)
            ]
        got = gazetteer.memo[key] = ones
    return got  # type: ignore[return-value]


def _gate(entry: Entry, toks: list[_Tok], language: str) -> bool:
    """May this gazetteer entry be read off these tokens? See module docstring, step 2."""
    if language != "pl":
        if entry.tier == "geonames":
            # English: GeoNames only for capitalised words that are not sentence-initial
            # function words; one-word names need 2+ letters beyond the capital.
            return all(t.cap for t in toks) and len(toks[0].text) > 3
        return True
    if entry.tier == "geonames" and any(t.w.acronym for t in toks):
        return False  # acronyms (NATO, KGB, BELTA, PiS) are organisations, not towns
    if len(toks) > 1:
        if entry.tier == "geonames":
            # A word Morfeusz knows only as a common word, adjective or person is not a town;
            # one it knows as a word of a place's name is ("w Białej Podlaskiej").
            return any(t.w.unknown or t.w.geo or t.w.geo_part for t in toks)
        return True
    t = toks[0]
    if t.abbrev or t.w.not_a_plural_place:
        return False
    if entry.tier == "geonames":
        if not (t.w.unknown or t.w.geo or t.w.homonym):
            return False
        # "Obie decyzje": at a sentence start the capital does not make "obie" the Ob.
        return not (t.initial and t.w.functional)
    return True


def places_in(text: str, language: str, gazetteer: Gazetteer) -> list[Found]:
    """:func:`find_places` of a text given alone (offsets index ``text``)."""
    return find_places(Document(text, language), gazetteer)


def find_places(doc: Document, gazetteer: Gazetteer) -> list[Found]:
    """Places named in ``doc`` (by name, region adjective or metonym; cue links are
    ``briefmap.analysis.cues``'). Offsets index ``doc.text``; results are sorted by ``start``.

    Each sentence is read in its own language (an English sentence quoted in a Polish
    brief is read as English: :func:`~briefmap.places.geo_words.sentence_languages`)."""
    text = doc.text
    toks = _tokens(doc)
    spans: list[tuple[int, int, list[Entry], str]] = []  # token i, j (excl), entries, how
    kinds: dict[int, Kind] = {}  # span start -> the kind word that licenses it
    used = [False] * len(toks)
    adjacent: list[bool | None] = [None] * len(toks)  # token i joined to token i - 1
    found: list[Found] = []

    found.extend(_region_adjectives(text, toks, gazetteer, used))
    found.extend(_english_region_lists(text, toks, gazetteer, used))
    # "na poligonie hożskim": the adjective names the training ground by its town
    adjectival: set[int] = set()
    for k, entries, kind in adjective_places(text, toks, gazetteer, used):
        spans.append((k, k + 1, entries, f"adjective '{toks[k].text}' of '{kind.word}'"))
        kinds[k] = kind
        used[k] = True
        adjectival.add(k)
    # Tokens already read as places (region lists): "the Bryansk and Kursk regions" joins
    # Kursk by "and" to a place, not to another word of one name.
    listed = {k for k, u in enumerate(used) if u}

    def kind_of(i: int, j: int) -> Kind | None:
        # the kind word before the name, or the one of the list the name is in
        return kind_before(text, toks, i, j) or listed_kind(text, toks, kinds, spans, i)

    i = 0
    while i < len(toks):
        tok = toks[i]
        if used[i] or not tok.cap:
            i += 1
            continue
        language = tok.lang
        meant = metonym(tok)
        if meant is not None and meant in gazetteer.places:
            p = gazetteer.place(meant)
            evidence = f"metonym: '{tok.text}' stands for {p.name}"
            found.append(Found(tok.start, tok.end, tok.text, meant, "name", evidence, 0.85))
            used[i] = True
            i += 1
            continue
        singles, by_second = _candidates(gazetteer, tok, language)
        best: tuple[int, list[Entry]] | None = None
        multis: list[Entry] = []
        if by_second and i + 1 < len(toks) and not used[i + 1]:
            nxt = toks[i + 1].w
            seen: set[int] = set()
            for k2 in nxt.nxt | nxt.exact:
                for e in by_second.get(k2, ()):
                    if id(e) not in seen:
                        seen.add(id(e))
                        multis.append(e)
            if len(multis) > 1:
                multis.sort(key=lambda e: -len(e.tokens))
        for entry in multis:
            n = len(entry.tokens)
            if best is not None and n < best[0]:
                break
            if i + n > len(toks):
                continue
            foreign = entry.lang not in ("", language)
            ok = True
            for k in range(1, n):
                b = toks[i + k]
                if used[i + k] or not (entry.tokens[k] & (b.w.exact if foreign else b.w.nxt)):
                    ok = False
                    break
                if adjacent[i + k] is None:
                    adjacent[i + k] = _adjacent(text, toks[i + k - 1], b)
                if not adjacent[i + k]:
                    ok = False
                    break
            if ok and _gate(entry, toks[i : i + n], language):
                if best is None:
                    best = (n, [entry])
                else:
                    best[1].append(entry)
        kind: Kind | None = None
        if best is None and singles:
            ones = _single_entries(gazetteer, tok, singles, language)
            if not ones and language == "pl" and tok.w.homonym and not tok.initial:
                kind = kind_of(i, i + 1)
                if kind is not None:
                    ones = _single_entries(gazetteer, tok, singles, language, evidence=True)
            if ones:
                best = (1, ones)
        if (
            best is None
            and language == "pl"
            and (tok.w.geo or tok.w.common_noun)
            and not tok.initial
        ):
            # "terminal naftowy w Wysocku": Morfeusz reads the word as a place the gazetteer
            # lacks (Wysocko); "porty Kotka i Hamina", "w Kotce": as a common noun only
            # (kotka, a she-cat). After a kind word, the base forms declension allows.
            kind = kind_of(i, i + 1)
            if kind is not None:
                declined = _declined_entries(gazetteer, tok)
                if declined:
                    best = (1, declined)
        if best is None:
            i += 1
            continue
        n, entries = best
        kind = kind or kind_of(i, i + n)
        if kind is not None:
            kinds[i] = kind
        how_key = ("how", id(entries[0]), *(t.text for t in toks[i : i + n]))
        how = gazetteer.memo.get(how_key)
        if how is None:
            how = gazetteer.memo[how_key] = _how(entries[0], toks[i : i + n])
        spans.append((i, i + n, entries, how))
        for k in range(i, i + n):
            used[k] = True
        i += n

    # "koncern Total", "firmy Nokia, Vinci i Orange": a company's name, whatever it spells.
    spans = [sp for sp in spans if not in_company_name(text, toks, sp[0])]
    polish = [sp for sp in spans if toks[sp[0]].lang == "pl"]
    english = [sp for sp in spans if toks[sp[0]].lang != "pl"]
    kept = _in_context(text, toks, polish, "pl") if polish else []
    if english:
        kept += _english_context(doc, toks, english, gazetteer, kinds, spans, listed)
        kept.sort(key=lambda sp: sp[0])
    spans = kept

    context = _context_countries(spans, gazetteer)

    def unsure(i: int, j: int) -> bool:
        # A word Morfeusz does not know may be any foreign word ("Dawn", "Union").
        return j - i == 1 and toks[i].w.unknown and toks[i].lang == "pl" and i not in kinds

    # Places to be near (spatial coherence): not the unsure words, which must earn it.
    chooser = Chooser(gazetteer, context, [sp for sp in spans if not unsure(sp[0], sp[1])])
    for i, j, entries, how in spans:
        kind = kinds.get(i)
        entries = _airport_names(gazetteer, entries, kind)
        if not entries:
            continue
        if i in adjectival:
            # a town read off an adjective must lie near the places the text names (or be
            # a city): "poligon Gożski" in a text about Grodno is no village of that name
            # in western Poland
            entries = [
                e
                for e in entries
                if e.tier != "geonames"
                or _town_is_sure(gazetteer.place(e.place_id), set(), chooser)
            ]
            if not entries:
                continue
        elif unsure(i, j):
            # As a GeoNames town such a word needs its country named in the text, unless it
            # is a city, a kind word stands before it ("terminal w Wysocku"), or it lies in
            # the briefs' region near another place the text names ("w Smorgoniach" beside
            # Mołodeczno).
            # A common English word ("Energy", "Security") in a Polish sentence is English,
            # not a town of a country the text names: only a city keeps it.
            english = fold(toks[i].text) in english_common_words()
            entries = [
                e
                for e in entries
                if e.tier != "geonames"
                or (
                    _town_is_sure(gazetteer.place(e.place_id), context, chooser)
                    and (not english or gazetteer.place(e.place_id).population >= _CITY)
                )
            ]
            if not entries:
                continue
        place_id, evidence, conf = chooser.choose(entries, kind)
        if place_id.startswith("gn:") and not _town_is_sure(gazetteer.place(place_id), context):
            a_place = chooser.near(gazetteer.place(place_id))
            if a_place is not None:
                evidence += f"; near {a_place.name}, which this text names"
        if toks[i].w.unknown and toks[i].lang == "pl" and entries[0].tier != "curated":
            conf = min(conf, 0.6 if kind is None else 0.7)
        a, b = toks[i].start, toks[j - 1].end
        found.append(Found(a, b, text[a:b], place_id, "name", f"{how}: {evidence}", conf))
    found.sort(key=lambda f: (f.start, f.end))
    return found


# Kind words of airports (Polish lemmas' and English words' folded starts)
_AIRPORT_KIND = ("lotnisk", "lotnisc", "airport", "airfield", "aerodrom")


def _airport_names(gazetteer: Gazetteer, entries: list[Entry], kind: Kind | None) -> list[Entry]:
    """An airport's own short name ("Modlin", "Chopin", from the index: ``gnindex``) counts
    only after an airport word ("lotnisko w Modlinie", "Lotnisko Chopina"), and then the
    airports of the name are what is meant, not a town of it (Chopin, Brazil)."""
    airport_word = kind is not None and fold(kind.word).startswith(_AIRPORT_KIND)

    def short(e: Entry) -> bool:
        return e.place_id.startswith("ap:") and e.name != gazetteer.place(e.place_id).name

    if airport_word:
        airports = [e for e in entries if e.place_id.startswith("ap:")]
        return airports or entries
    return [e for e in entries if not short(e)]


def _declined_entries(gazetteer: Gazetteer, tok: _Tok) -> list[Entry]:
    """One-word entries named by a base form Polish declension allows for ``tok``
    (:func:`base_forms`), for a word whose own lemmas name nothing in the gazetteer."""
    keys = frozenset(fold(b) for b in base_forms(tok.text)) - tok.w.one
    return [e for e in gazetteer.candidates(keys) if len(e.tokens) == 1 and e.tokens[0] & keys]


def _town_is_sure(p: Place, context: set[str], chooser: Chooser | None = None) -> bool:
    """May a word Morfeusz does not know be the GeoNames town ``p``? A city, a town of a
    country the text names, or (given ``chooser``) a town of the briefs' region of 1,000
    people or more within 150 km of a place the text names."""
    if p.population >= _CITY or p.country in context:
        return True
    return (
        chooser is not None
        and p.country in REGION_COUNTRIES
        and p.population >= _NEAR_MIN_POP
        and chooser.near(p) is not None
    )


def _how(entry: Entry, toks: list[_Tok]) -> str:
    """Say "lemma" when every word matched through its Morfeusz readings or spelling,
    "declension" when one needed :func:`base_forms` (a word Morfeusz reads otherwise or not
    at all), "abbreviation" for "Wlk. Brytania"."""
    how = "lemma"
    for keys, tok in zip(entry.tokens, toks, strict=False):
        if tok.abbrev:
            how = "abbreviation"
        elif not keys & token_keys(tok.text):
            return "declension"
    return how
