"""Clause frames: one analysis of each clause that the events, the cue links and the flows read.

One piece although past 600 lines: the clause cut, the predicate, the arguments and the
reference back all use the same token tests and rules of one :class:`Frames`.

A sentence of a :class:`~briefmap.text.document.Document` is cut into clauses (at ";" and
":", at a comma or a coordinator that opens a subordinate or relative clause, and where a
comma or a coordinator separates two finite verbs). Each clause gets one :class:`Clause`:

- its **predicate**: the Morfeusz 2 lemma of its main verb (Polish) or a lower-case stem
  (English); an auxiliary or modal gives way to the verb it carries ("zostało zamknięte"
  -> zamknąć, passive; "ma powstać" -> powstać, planned);
- **negation**, and a **mood**: ``current``, ``planned`` (future tense, "planuje", "will"),
  ``former`` ("wcześniej", "formerly") or ``hypothetical`` (conditional, "gdyby", "could");
- its **arguments**, each with a role: from Polish case and preposition ("w" + locative =
  ``at``, "z" + genitive = ``from``, "do" = ``to``, "przez" + accusative = ``via``...) or an
  English preposition, and ``subject``/``object`` for the bare noun phrases before and after
  the predicate. An argument runs over a coordinated list ("w Kuźnicy, Bobrownikach i
  Połowcach": one argument holding three places); a head noun of a kind of place takes the
  place of its apposition ("port w Kłajpedzie", "the Georgian port of Poti"), and one with a
  determiner, or "tam"/"there", refers back to the places of an earlier clause ("te
  przejścia", "the port") — one sentence back at most.

The word lists and rules live in ``geodata/frames.toml``. Frames are made per sentence, on
first use (:meth:`Frames.clauses`), so that a text pays only for the sentences a reader
asks about. Token indexes index ``Document.tokens``; character offsets index
``Document.text``; places are the geoparser's ``Found`` (offsets into the same text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from briefmap.analysis.clause_cuts import cut_clauses
from briefmap.places.context import Context
from briefmap.places.geoparse import Found
from briefmap.shipped import GEODATA_DIR
from briefmap.text.document import Document
from briefmap.text.morphology import analyse

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 with the tomli backport
    import tomli as tomllib  # type: ignore[no-redef]

FRAMES_PATH = GEODATA_DIR / "frames.toml"
MOODS = ("current", "planned", "former", "hypothetical")

_FINITE = {"fin", "praet", "impt", "imps", "bedzie", "winien", "pred"}
_PHRASAL = {"subst", "depr", "ger", "adj", "num", "ppas", "pact", "brev", "ppron12", "ppron3"}
_CONDITIONAL = re.compile(r"(?:by|bym|byś|byśmy|byście)$")
_DECLINED = {"subst", "adj", "depr", "ger"}
_WHERE = frozenset({"at", "to", "into", "onto", "via", "near", "there", "of"})
_PRONOUNS = frozenset({"it", "he", "she", "this", "that", "which", "who", "they", "we", "i"})


@dataclass(frozen=True)
class Arg:
    """One argument of a clause: tokens ``lo:hi``, its ``role`` (see the module docstring),
    the preposition that introduced it ("" for a bare noun phrase), the lemma of its head
    noun, and the places it holds (by name, by apposition, or referred back to)."""

    role: str
    lo: int
    hi: int
    prep: str = ""
    head: str = ""
    places: tuple[Found, ...] = ()
    referred: bool = False  # the places are those of an earlier clause
    apposed: bool = False  # the places come from the apposition after the head


@dataclass(frozen=True)
class Clause:
    """A clause of sentence ``sentence``: tokens ``lo:hi``, characters ``start:end``."""

    sentence: int
    lo: int
    hi: int
    start: int
    end: int
    predicate: str = ""
    predicate_token: int | None = None
    negated: bool = False
    mood: str = "current"
    passive: bool = False
    relative: bool = False  # opened by a relative word ("który", "which", "gdzie")
    args: tuple[Arg, ...] = ()

    def places(self, roles: frozenset[str] | None = None) -> list[Found]:
        """The places of the clause's arguments (of those ``roles`` only, when given), in
        text order, each once."""
        seen: dict[tuple[int, str], Found] = {}
        for a in self.args:
            if roles is None or a.role in roles:
                for f in a.places:
                    seen.setdefault((f.start, f.place_id), f)
        return sorted(seen.values(), key=lambda f: f.start)

    def arg_of(self, place_id: str) -> Arg | None:
        """The first argument holding ``place_id``."""
        return next((a for a in self.args if any(f.place_id == place_id for f in a.places)), None)


@dataclass(frozen=True)
class _Rules:
    split: frozenset[str]
    relative: frozenset[str]
    coordinators: frozenset[str]
    negation: frozenset[str]
    planned: frozenset[str]
    hypothetical: frozenset[str]
    former: frozenset[str]
    auxiliaries: frozenset[str]
    planning_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    prepositions: dict[str, object]
    heads: dict[str, tuple[str, ...]]
    determiners: frozenset[str]
    there: frozenset[str]
    time: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()
    irregular: dict[str, str] = field(default_factory=dict)
    adjective_openers: frozenset[str] = frozenset()
    clause_prepositions: frozenset[str] = frozenset()
    adverbs: frozenset[str] = frozenset()
    denying: frozenset[str] = frozenset()
    supposing: frozenset[str] = frozenset()
    complementisers: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def load_rules(polish: bool, path: str = str(FRAMES_PATH)) -> _Rules:
    """The rules of ``geodata/frames.toml`` for Polish or English."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    d = data["pl" if polish else "en"]

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in d.get(key, ()))

    return _Rules(
        split=words("split_forms"),
        relative=words("relative_forms"),
        coordinators=words("coordinators"),
        negation=words("negation"),
        planned=words("planned"),
        hypothetical=words("hypothetical"),
        former=words("former"),
        auxiliaries=words("auxiliaries"),
        planning_aux=words("planning_auxiliaries"),
        hypothetical_aux=words("hypothetical_auxiliaries"),
        prepositions=dict(d.get("prepositions", {})),
        heads={k: tuple(v) for k, v in d.get("heads", {}).items()},
        determiners=frozenset(d.get("anaphora", {}).get("determiners", ())),
        there=frozenset(d.get("anaphora", {}).get("there", ())),
        time=words("time_nouns"),
        verbs=words("verbs") | words("planning_auxiliaries") | words("hypothetical_auxiliaries"),
        irregular=dict(d.get("irregular", {})),
        adjective_openers=words("determiners_before_adjective"),
        clause_prepositions=words("clause_prepositions"),
        adverbs=words("adverbs"),
        denying=words("denying_verbs"),
        supposing=words("supposing_verbs"),
        complementisers=words("complementisers"),
    )


def en_stem(word: str, rules: _Rules) -> str:
    """The lexicon verb an English form is an inflection of ("closed" -> "close"), the
    irregular past's verb ("held" -> "hold"), else the lower-case form."""
    w = word.lower()
    if w in rules.irregular:
        return rules.irregular[w]
    if w in rules.verbs:
        return w
    for cut, add in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""),
                     ("s", ""), ("ies", "y"), ("ied", "y")):  # fmt: skip
        if w.endswith(cut) and w[: -len(cut)] + add in rules.verbs:
            return w[: -len(cut)] + add
    return w


@lru_cache(maxsize=100_000)
def _pl_word(form: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """What a Polish word form can be, once per form: ({"finite", "phrasal"} as it may be a
    finite verb / open a noun phrase, cases of its declined readings, cases of all its
    readings). An indeclinable reading (every case at once: "prezydent" as a woman's
    title) gives its cases only when it is the form's only reading."""
    readings = analyse(form)
    what = set()
    if any(a.pos in _FINITE for a in readings):
        what.add("finite")
    if not readings or any(a.pos in _PHRASAL for a in readings):
        what.add("phrasal")
    declined: set[str] = set()
    every: set[str] = set()
    for an in readings:
        parts = an.tag.split(":")
        if len(parts) > 2:
            cases = parts[2].split(".")
            if len(cases) < 6 or len(readings) == 1:
                every.update(cases)
                if an.pos in _DECLINED:
                    declined.update(cases)
    return frozenset(what), frozenset(declined), frozenset(every)


class Frames:
    """The clauses of a document's sentences, each sentence analysed once, on first use."""

    def __init__(self, doc: Document, context: Context) -> None:
        self.doc, self.context = doc, context
        self.rules = load_rules(doc.polish)
        self._memo: dict[int, list[Clause]] = {}
        self._fin: dict[int, bool] = {}  # token -> may be a finite verb (asked many times)
        self._case_memo: dict[tuple[int, bool], set[str]] = {}

    def clauses(self, k: int) -> list[Clause]:
        """The clauses of sentence ``k`` in text order (none for an empty sentence)."""
        got = self._memo.get(k)
        if got is None:
            got = self._memo[k] = self._analyse(k)
        return got

    # -- what a token is ------------------------------------------------------------------
    def _low(self, i: int) -> str:
        return self.doc.tokens[i].text.lower()

    def _word(self, i: int) -> str:
        """An English token's lower-case form when it is a common word (a capitalised
        word inside a sentence is a name: "May" is a month, not the modal)."""
        t = self.doc.tokens[i]
        return t.text.lower() if (not t.cap or t.initial) else ""

    def _finite(self, i: int) -> bool:
        got = self._fin.get(i)
        if got is None:
            got = self._fin[i] = self._is_finite(i)
        return got

    def _is_finite(self, i: int) -> bool:
        """Can token ``i`` be the clause's verb? Polish: a finite reading. English: an
        auxiliary, or a verb of the lexicon (or an "-ed" word) not after a determiner; a
        third-person "-s" form only after a name or a pronoun ("Poland closes", not "grain
        exports"); an "-ing" form only after an auxiliary (found from there)."""
        if self.doc.polish:
            return "finite" in _pl_word(self.doc.tokens[i].text.rstrip("."))[0]
        w = self._word(i)
        rules = self.rules
        if w in rules.determiners and w in rules.irregular and self._low(i - 1) != "the":
            return True  # "officials said", not "the said crossing"
        if not w or w in rules.determiners or w in rules.split or w in rules.prepositions:
            return w in rules.auxiliaries and w != "to"
        if w in rules.auxiliaries:
            return True
        if w.endswith("ing") or self._after_determiner(i):
            return False
        stem = en_stem(w, rules)
        if w != stem and w.endswith("s") and not w.endswith("ss"):
            prev = self.doc.tokens[i - 1] if i > 0 else None
            return prev is not None and (prev.cap or prev.text.lower() in _PRONOUNS)
        if stem in rules.verbs or w in rules.irregular:
            return True
        # an "-ed" word after a preposition is an adjective ("due to unplanned activity")
        after_preposition = i > 0 and self._low(i - 1) in rules.prepositions
        return w.endswith("ed") and len(w) > 4 and not after_preposition

    def _after_determiner(self, i: int) -> bool:
        lo = self.doc.tokens[i].word
        return lo > 0 and self._word(lo - 1) in self.rules.adjective_openers

    def _preposition(self, i: int) -> bool:
        w = self._low(i) if self.doc.polish else self._word(i)
        return w in self.rules.prepositions

    def _noun_head(self, i: int) -> str:
        """The head lemma token ``i`` offers, or "" when it is not a noun."""
        if self.doc.polish:
            readings = self.doc.analyses(i)
            for pos in ("subst", "depr", "ger"):  # a noun before a verbal noun: "przejście"
                for a in readings:
                    if a.pos == pos:
                        return a.lemma.lower()
            return ""
        # a capitalised head noun is still one ("Vilnius Airport", "the Terespol Crossing")
        w = self._word(i) or (self._low(i) if self._low(i) in self.rules.heads else "")
        if not w or w in self.rules.adverbs:
            return ""
        for noun in (
            w,
            w[:-1] if w.endswith("s") else "",
            w[:-3] + "y" if w.endswith("ies") else "",
        ):
            if noun in self.rules.heads:
                return noun
        return w

    # -- the analysis -----------------------------------------------------------------------
    def _analyse(self, k: int) -> list[Clause]:
        lo, hi = self.doc.sentence_tokens[k]
        if lo >= hi:
            return []
        out: list[Clause] = []
        for a, b in cut_clauses(self.doc, self.rules, self._low, self._finite, lo, hi):
            out.append(self._clause(k, a, b, out))
        return out

    def _due_to_verb(self, lo: int, hi: int) -> bool:
        """Is an English "due" of tokens ``lo:hi`` followed by "to" and a verb?"""
        for i in range(lo, hi - 2):
            if (
                self._low(i) == "due"
                and self._low(i + 1) == "to"
                and en_stem(self._low(i + 2), self.rules) in self.rules.verbs
            ):
                return True
        return False

    def _clause(self, k: int, lo: int, hi: int, before: list[Clause]) -> Clause:
        rules, doc = self.rules, self.doc
        first = lo + 1 if self._low(lo) in rules.coordinators and hi > lo + 1 else lo
        relative = self._low(first) in rules.relative
        keys: set[str] = set()
        for i in range(lo, hi):
            keys |= doc.keys(i) if doc.polish else {self._word(i)}
        if not doc.polish and "due" in keys and not self._due_to_verb(lo, hi):
            keys.discard("due")  # "due to balloons" is a cause; "due to open" is planned
        pred_i, predicate, passive, mood = self._predicate(lo, hi)
        if mood in ("current", "planned") and keys & rules.hypothetical:
            mood = "hypothetical"  # "will ask the government to close": not even planned
        elif mood == "current":
            if keys & rules.planned:
                mood = "planned"
            elif keys & rules.former:
                mood = "former"
        negated = self._negated(lo, hi, pred_i)
        # what one denies did not happen, what one speculates about has not ("zaprzeczył,
        # że…", "denied that…", "spekulują, że…"): the clause the verb's "że"/"that" opens
        framing = ""
        if before and self._low(first) in rules.complementisers:
            framing = before[-1].predicate
        for i in range(lo, hi - 1):  # "denied that…" inside the clause (no comma before it)
            if self._low(i + 1) in rules.complementisers and self._low(i) in (
                rules.denying | rules.supposing
            ):
                framing = self._low(i)
        if framing in rules.denying:
            negated = True
        elif framing in rules.supposing and mood in ("current", "planned"):
            mood = "hypothetical"
        args = self._args(k, lo, hi, pred_i, before)
        s, e = doc.tokens[lo].start, doc.tokens[hi - 1].end
        return Clause(k, lo, hi, s, e, predicate, pred_i, negated, mood, passive, relative, args)

    def _predicate(self, lo: int, hi: int) -> tuple[int | None, str, bool, str]:
        """(token, lemma, passive, mood from the verb) of the clause's main verb."""
        rules, doc = self.rules, self.doc
        for i in range(lo, hi):
            if not self._finite(i):
                continue
            if doc.polish:
                readings = [a for a in doc.analyses(i) if a.pos in _FINITE]
                a = readings[0]
                lemma = a.lemma.lower()
                mood = "current"
                if a.pos == "praet" and _CONDITIONAL.search(doc.tokens[i].text.lower()):
                    mood = "hypothetical"
                elif a.pos == "bedzie" or (a.pos == "fin" and a.tag.endswith(":perf")):
                    mood = "planned"
                if lemma in rules.auxiliaries:
                    carried = self._carried(i + 1, hi)
                    if carried is not None:
                        j, lemma2, pos2 = carried
                        if lemma in rules.planning_aux and pos2 == "inf":
                            mood = "planned" if mood == "current" else mood
                        elif lemma in rules.hypothetical_aux and mood == "current":
                            mood = "hypothetical"
                        return j, lemma2, pos2 == "ppas", mood
                return i, lemma, False, mood
            w = self._word(i)
            if w in rules.auxiliaries:
                mood = "current"
                if w in {"will", "shall"}:
                    mood = "planned"
                elif w in {"would", "could", "might", "may"}:
                    mood = "hypothetical"
                for j in range(i + 1, min(hi, i + 4)):
                    v = self._word(j)
                    if v in rules.negation or v in rules.auxiliaries or v.endswith("ly"):
                        continue
                    if v:
                        passive = w in {"be", "is", "are", "was", "were", "been", "being"} and (
                            v.endswith("ed") or v in rules.irregular
                        )
                        return self._en_carried(j, hi, passive, mood)
                    break
                continue
            return self._en_carried(i, hi, False, "current")
        return None, "", False, "current"

    def _en_carried(self, i: int, hi: int, passive: bool, mood: str) -> tuple[int, str, bool, str]:
        """English verb ``i``, or the verb it carries through "to" when it is one of
        planning ("plans to close", "is projected to get": planned) or of threat."""
        rules = self.rules
        stem = en_stem(self._word(i), rules)
        while i + 2 < hi and self._word(i + 1) == "to" and self._word(i + 2):
            if stem in rules.planning_aux:
                mood = "planned" if mood == "current" else mood
            elif stem in rules.hypothetical_aux:
                mood = "hypothetical"
            else:
                break
            i, passive = i + 2, False
            stem = en_stem(self._word(i), rules)
        return i, stem, passive, mood

    def _carried(self, lo: int, hi: int) -> tuple[int, str, str] | None:
        """The infinitive or passive participle an auxiliary carries: the first within the
        next four tokens, skipping adverbs and other auxiliaries."""
        for j in range(lo, min(hi, lo + 4)):
            for a in self.doc.analyses(j):
                if a.pos in {"inf", "ppas"}:
                    return j, a.lemma.lower(), a.pos
        return None

    def _negated(self, lo: int, hi: int, pred: int | None) -> bool:
        words = self.rules.negation
        end = pred if pred is not None else hi
        for i in range(max(lo, end - 3 if pred is not None else lo), end):
            w = self._low(i) if self.doc.polish else self._word(i)
            if w in words or w.endswith("n't"):
                return True
        if not self.doc.polish and pred is not None:  # "did not close": after the auxiliary
            return any(self._word(i) in words for i in range(lo, pred))
        return False

    # -- arguments ----------------------------------------------------------------------------
    def _args(
        self, k: int, lo: int, hi: int, pred: int | None, before: list[Clause]
    ) -> tuple[Arg, ...]:
        rules, doc = self.rules, self.doc
        places = self.context.places[k]
        spans: list[tuple[str, int, int, str]] = []  # (role, lo, hi, prep)
        i = lo
        bare_start: int | None = None

        def close_bare(end: int) -> None:
            nonlocal bare_start
            if bare_start is not None and end > bare_start:
                before_pred = pred is None or bare_start < pred
                spans.append(("subject" if before_pred else "object", bare_start, end, ""))
            bare_start = None

        while i < hi:
            if i == pred or (self._finite(i) and i != pred):
                close_bare(i)
                i += 1
                continue
            low = self._low(i)
            if i == lo and low in rules.clause_prepositions and pred is not None:
                i += 1  # "After Latvian authorities closed…": a subordinator here
                continue
            if self._preposition(i) and i + 1 < hi and i + 1 != pred and not self._finite(i + 1):
                close_bare(i)
                first = i + 1
                if first + 1 < hi and self._low(first) == "of" and not doc.polish:
                    first += 1  # "ahead of", "because of": one preposition
                end = self._phrase_end(first, hi, pred)
                role = self._role(low, first, end)
                spans.append((role, first, end, low))
                i = end
                continue
            if low in rules.there and (not doc.polish or self._is_adverb(i)):
                close_bare(i)
                spans.append(("there", i, i + 1, ""))
                i += 1
                continue
            if low in rules.split or low in rules.negation:
                close_bare(i)
                i += 1
                continue
            after_time = bare_start is not None and i > bare_start and self._time(i - 1)
            if after_time and not self._time(i):
                close_bare(i)  # "wieczorem litewskie władze": the time ends there
            if bare_start is None and self._nominal(i):
                bare_start = i
            i += 1
        close_bare(hi)
        args: list[Arg] = []
        for role, a, b, prep in spans:
            s, e = doc.tokens[a].start, doc.tokens[b - 1].end
            held = tuple(f for f in places if s <= f.start < e)
            head = self._head(a, b, held)
            # a phrase naming a place keeps its role though time words end it ("to
            # Kaliningrad next year")
            if not held and (head in rules.time or any(self._time(j) for j in range(a, b))):
                role = "time"
            args.append(Arg(role, a, b, prep, head, held))
        args = self._appose(args)
        return tuple(self._refer(args, k, before))

    def _nominal(self, i: int) -> bool:
        """May token ``i`` open a bare noun phrase (not a coordinator, particle or adverb)?"""
        if self._low(i) in self.rules.coordinators:
            return False
        if not self.doc.polish:
            return self._low(i) != "to"
        return "phrasal" in _pl_word(self.doc.tokens[i].text.rstrip("."))[0]

    def _is_adverb(self, i: int) -> bool:
        return any(a.pos in {"adv", "part"} for a in self.doc.analyses(i))

    def _phrase_end(self, a: int, hi: int, pred: int | None) -> int:
        """Where the noun phrase starting at ``a`` ends: at a verb, at another preposition
        (unless a coordinator joined it: "w Kuźnicy i w Bobrownikach"), or at a comma or
        coordinator that does not go on to another noun of the list."""
        text, toks = self.doc.text, self.doc.tokens
        j = a + 1
        while j < hi:
            if j == pred or self._finite(j) or self._preposition(j):
                return j
            if self._time(j - 1) and not self._time(j):
                return j
            if self.doc.polish and j > a and self._case_break(a, j):
                return j
            gap = text[toks[j - 1].end : toks[j].start]
            low = self._low(j)
            if "," in gap or low in self.rules.coordinators:
                nxt = j + 1 if low in self.rules.coordinators else j
                if nxt >= hi or self._finite(nxt) or self._low(nxt) in self.rules.split:
                    return j
                if nxt != j and self._preposition(nxt):
                    return j  # "w X i w Y": two arguments of the same role
                if nxt == j and pred is not None and self._runs_into(j, pred):
                    return j  # "For the exercise, Russia has moved…": the subject
            j += 1
        return hi

    def _runs_into(self, j: int, pred: int) -> bool:
        """Do the words from ``j`` run straight into the predicate, with no comma or
        coordinator that would make them the next item of a list?"""
        if pred <= j:
            return False
        toks, text = self.doc.tokens, self.doc.text
        for i in range(j + 1, pred + 1):
            gap = text[toks[i - 1].end : toks[i].start]
            if "," in gap or self._low(i) in self.rules.coordinators:
                return False
        return True

    def _time(self, i: int) -> bool:
        if self.doc.polish:
            return bool(self.doc.keys(i) & self.rules.time)
        return self._low(i) in self.rules.time

    def _case_break(self, a: int, j: int) -> bool:
        """Polish: is token ``j`` a noun or adjective that can be neither in the case of the
        phrase's first word (token ``a``) nor a genitive modifier? ("w reakcji prezydent…":
        "prezydent" is nominative, the subject, not part of "w reakcji")."""
        mine = self._cases(j, _DECLINED)
        if not mine:
            return False
        return not (mine & (self._cases(a, None) | {"gen"}))

    def _cases(self, i: int, pos: set[str] | None) -> set[str]:
        """Cases token ``i`` can be in (of readings of ``pos``); an indeclinable reading
        (every case at once: "prezydent" as a woman's title) counts only when alone."""
        key = (i, pos is None)
        got = self._case_memo.get(key)
        if got is None:
            got = self._case_memo[key] = self._read_cases(i, pos)
        return got

    def _read_cases(self, i: int, pos: set[str] | None) -> set[str]:
        _what, declined, every = _pl_word(self.doc.tokens[i].text.rstrip("."))
        return set(every if pos is None else declined)

    def _role(self, prep: str, a: int, b: int) -> str:
        spec = self.rules.prepositions.get(prep)
        if not self.doc.polish:
            return str(spec)
        cases = set()
        for i in range(a, min(b, a + 3)):
            for an in self.doc.analyses(i):
                cases.update(an.tag.split(":")[2].split(".") if an.tag.count(":") >= 2 else ())
        for case, role in spec or ():  # type: ignore[union-attr]
            if case in cases:
                return str(role)
        return str(spec[0][1]) if spec else "at"  # type: ignore[index]

    def _head(self, a: int, b: int, held: tuple[Found, ...]) -> str:
        """The head noun of tokens ``a:b`` that is not a place's own word: Polish heads
        come first ("przejścia graniczne w…"), English ones last ("the Kuźnica and
        Bobrowniki crossings"); a two-word head of ``heads`` wins ("port lotniczy")."""
        covered = {(f.start, f.end) for f in held}
        toks = self.doc.tokens

        def free(i: int) -> bool:
            return not any(s <= toks[i].start < e for s, e in covered)

        order = range(a, b) if self.doc.polish else range(b - 1, a - 1, -1)
        for i in order:
            head = self._noun_head(i)
            if not free(i) and head not in self.rules.heads:
                continue
            if self.doc.polish and self.doc.keys(i) & self.rules.determiners:
                continue
            if not head or head in self.rules.determiners or head in self.rules.coordinators:
                continue
            if not self.doc.polish and head in self.rules.prepositions:
                continue
            nxt = i + 1 if self.doc.polish else i - 1
            if a <= nxt < b:
                two = (
                    f"{head} {self._lemma_adj(nxt)}"
                    if self.doc.polish
                    else f"{self._low(nxt)} {head}"
                )
                if two in self.rules.heads:
                    return two
            return head
        return ""

    def _lemma_adj(self, i: int) -> str:
        for an in self.doc.analyses(i):
            if an.pos == "adj":
                return an.lemma.lower()
        return self._low(i)

    def _appose(self, args: list[Arg]) -> list[Arg]:
        """A head of a kind of place with no place of its own takes the places of the
        argument right after it when that one says where it is ("port w Kłajpedzie",
        "the port of Poti"; "w", "we", "na", "pod", "przy", "koło"; "of", "in", "at",
        "near")."""
        out = list(args)
        near = {"at", "near", "of"}
        for n in range(len(out) - 1):
            a, b = out[n], out[n + 1]
            if a.head in self.rules.heads and a.places and self._only_head(a):
                # the geoparser read the head itself as a place ("Port" as a town)
                a = out[n] = Arg(a.role, a.lo, a.hi, a.prep, a.head)
            heads = a.head in self.rules.heads and not a.places and b.places
            if heads and b.role in near and a.hi <= b.lo <= a.hi + 1:
                out[n] = Arg(a.role, a.lo, b.hi, a.prep, a.head, b.places, apposed=True)
        return out

    def _only_head(self, a: Arg) -> bool:
        """Are ``a``'s places only words of its own head noun?"""
        toks = self.doc.tokens
        heads = [i for i in range(a.lo, a.hi) if self._noun_head(i) == a.head.split(" ")[0]]
        return all(
            any(toks[i].start <= f.start and f.end <= toks[i].end for i in heads) for f in a.places
        )

    def _refer(self, args: list[Arg], k: int, before: list[Clause]) -> list[Arg]:
        """Arguments that refer back ("tam", "te przejścia", "the port") take the places of
        the latest earlier argument that fits: in this sentence's earlier clauses, else in
        the sentence before."""
        out: list[Arg] = []
        for a in args:
            if a.places:
                out.append(a)
                continue
            kinds: tuple[str, ...] = ()
            if a.role == "there":
                pass
            elif a.head in self.rules.heads and self._determined(a):
                kinds = self.rules.heads[a.head]
            else:
                out.append(a)
                continue
            got = self._antecedent(a, kinds, k, before, out)
            out.append(Arg(a.role, a.lo, a.hi, a.prep, a.head, got, referred=True) if got else a)
        return out

    def _determined(self, a: Arg) -> bool:
        words = {self._low(i) for i in range(a.lo, a.hi)}
        if self.doc.polish:
            lemmas: set[str] = set()
            for i in range(a.lo, a.hi):
                lemmas |= self.doc.keys(i)
            return bool(lemmas & self.rules.determiners)
        return bool(words & self.rules.determiners)

    def _antecedent(
        self, a: Arg, kinds: tuple[str, ...], k: int, before: list[Clause], done: list[Arg]
    ) -> tuple[Found, ...]:
        gaz = self.context.gazetteer

        def candidates() -> Iterator[Arg]:  # the sentence before is analysed only if needed
            yield from reversed(done)
            for c in reversed(before):
                yield from reversed(c.args)
            if k > 0:
                for c in reversed(self.clauses(k - 1)):
                    yield from reversed(c.args)

        for cand in candidates():
            if not cand.places:
                continue
            if not kinds:  # "tam": where something happened or went
                if cand.apposed or cand.role in _WHERE:
                    return cand.places
                continue
            if cand.head == a.head:
                return cand.places
            fit = tuple(f for f in cand.places if gaz.place(f.place_id).kind in kinds)
            if fit:
                return fit
        return ()
