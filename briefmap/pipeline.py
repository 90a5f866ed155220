"""From a Brief to what it says about places: mentions and flows, in one pass.

The brief's reading text is analysed once into a ``Document`` (sentences, tokens, Morfeusz
readings); the geoparser, the cue links, the themes, the dates and the flows all read it.
Everything here works on ``Brief.reading``; original-file offsets are derived through
``Brief.to_original``. Importable without Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from briefmap.analysis.cues import link_cues
from briefmap.analysis.dates import find_dates
from briefmap.analysis.events import find_events
from briefmap.analysis.flows import Flow, find_flows
from briefmap.analysis.frames import Frames
from briefmap.analysis.themes import Taxonomy, load_taxonomy
from briefmap.model import Brief, Event, Mention, Place
from briefmap.places.aliases import apply_aliases
from briefmap.places.context import Context
from briefmap.places.gazetteer import Gazetteer
from briefmap.places.geoparse import find_places
from briefmap.resources import Resources, load_resources
from briefmap.text.document import Document


@dataclass
class ParsedBrief:
    """What the pipeline found in one brief: place mentions sorted by position in its
    reading text, and flows and events in text order."""

    brief: Brief
    mentions: list[Mention] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


#: How many sentences back a sentence that refers back ("Pozostałe dwa…") may take its
#: themes from, through sentences that refer back in turn.
_CARRY = 3

#: An excerpt longer than this is a window around its mention (cut at spaces), so that a
#: text with very long sentences costs memory in proportion to its mentions, not more.
EXCERPT_WIDTH = 480


@dataclass(frozen=True)
class _About:
    """What one sentence says besides its places: shared, unchanged, by all its mentions."""

    span: tuple[int, int]
    text: str
    themes: tuple[str, ...]
    theme_evidence: dict[str, tuple[str, ...]]
    dates: tuple[tuple[str, str, str], ...]


class _Sentences:
    """Themes and dates of a document's sentences, each worked out once, on first use."""

    def __init__(self, doc: Document, brief: Brief, taxonomy: Taxonomy) -> None:
        self.doc, self.brief, self.taxonomy = doc, brief, taxonomy
        self._memo: dict[int, _About] = {}

    def about(self, k: int) -> _About:
        got = self._memo.get(k)
        if got is None:
            s, e = self.doc.sentences[k]
            text = self.doc.text[s:e]
            themes = self._themes(k)
            dates = tuple(
                (d.surface, d.date_start.isoformat(), d.date_end.isoformat())
                for d in find_dates(text, self.brief.reference_date, self.doc.language)
            )
            got = self._memo[k] = _About((s, e), text, tuple(themes), themes, dates)
        return got

    def _themes(self, k: int) -> dict[str, tuple[str, ...]]:
        """Themes of sentence ``k`` (the sentence before may support its weak cues). One
        with no theme of its own that opens by referring back ("Pozostałe dwa…", "Both
        will…") carries the themes of the sentence before, with the opener as evidence;
        a chain of such sentences is followed back at most ``_CARRY`` sentences."""
        for back in range(_CARRY + 1):
            j = k - back
            if j < 0:
                return {}
            lo, hi = self.doc.sentence_tokens[j]
            before = self.doc.sentence_tokens[j - 1] if j else None
            themes = self.taxonomy.classify_tokens(self.doc, lo, hi, before)
            if themes:
                if not back:
                    return themes
                lo, hi = self.doc.sentence_tokens[k]
                opener = self.taxonomy.refers_back(self.doc, lo, hi)
                return {t: opener for t in themes}
            if not self.taxonomy.refers_back(self.doc, lo, hi):
                return {}
        return {}


def excerpt_span(text: str, s: int, e: int, start: int, end: int) -> tuple[int, int]:
    """The excerpt of the mention ``start:end`` in the sentence ``s:e`` (offsets into
    ``text``): the sentence itself, or, when it is longer than ``EXCERPT_WIDTH``, a window
    of about that many characters around the mention, cut at spaces."""
    if e - s <= EXCERPT_WIDTH:
        return s, e
    room = max(EXCERPT_WIDTH - (end - start), 0)
    lo = max(s, start - room // 2)
    hi = min(e, max(lo + EXCERPT_WIDTH, end))
    lo = max(s, min(lo, hi - EXCERPT_WIDTH, start))
    if lo > s:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < e:
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return lo, hi


_NOTHING = _About((0, 0), "", (), {}, ())


def parse_brief(
    brief: Brief,
    gazetteer: Gazetteer | None = None,
    progress: Callable[[str], None] | None = None,
    resources: Resources | None = None,
) -> ParsedBrief:
    """Every place mention, flow and event of ``brief``. ``progress`` is told each stage as
    it starts: "places" (names and cue links), then "themes" (themes, dates, flows,
    events).
    ``resources``: the data the stages read (``briefmap.resources``), gathered here when
    not given; ``gazetteer``, when given, is used instead of theirs."""
    res = resources or load_resources(gazetteer)
    gaz = gazetteer or res.gazetteer
    if progress:
        progress("places")
    doc = Document(brief.reading, brief.language)
    named = apply_aliases(find_places(doc, gaz), gaz)  # names the analyst taught in review
    context = Context(doc, named, gaz)
    frames = Frames(doc, context)
    cued = link_cues(doc, context, gaz, brief.reference_date, frames)
    if progress:
        progress("themes")
    sentences = _Sentences(doc, brief, res.taxonomy)
    found = sorted(named + cued, key=lambda f: (f.start, f.end))
    mentions = [
        _mention(
            brief,
            doc,
            sentences,
            f.start,
            f.end,
            gaz.place(f.place_id),
            f.link,
            f.evidence,
            f.confidence,
            f.marks,
            f.surface,
        )
        for f in found
    ]

    flows = find_flows(doc, context, gaz, brief.id, words=res.flow_words)
    for fl in flows:
        fl.excerpt_orig_start, fl.excerpt_orig_end = brief.to_original(
            fl.excerpt_start, fl.excerpt_end
        )
        k = doc.sentence_at(fl.excerpt_start)
        if k is not None:
            about = sentences.about(k)
            fl.themes, fl.dates = about.themes, about.dates
    events = find_events(doc, frames, brief.id, brief.reference_date, cued)
    for ev in events:
        k = doc.sentence_at(ev.start)
        if k is not None:  # the excerpt: the sentence, or a window of it around the place
            s, e = excerpt_span(doc.text, *doc.sentences[k], ev.start, ev.end)
            ev.excerpt, ev.excerpt_start, ev.excerpt_end = doc.text[s:e], s, e
        ev.orig_start, ev.orig_end = brief.to_original(ev.start, ev.end)
        ev.excerpt_orig_start, ev.excerpt_orig_end = brief.to_original(
            ev.excerpt_start, ev.excerpt_end
        )
    return ParsedBrief(brief, mentions, flows, events)


def _mention(
    brief: Brief,
    doc: Document,
    sentences: _Sentences,
    start: int,
    end: int,
    place: Place,
    link: str,
    evidence: str,
    confidence: float,
    marks: tuple[tuple[int, int], ...] = (),
    surface: str | None = None,
) -> Mention:
    """The mention of ``place`` by ``doc.text[start:end]``, with its excerpt, themes and
    dates: the one way a mention is made, by the parser or for the analyst."""
    k = doc.sentence_at(start)
    if k is None:  # a name in a heading fragment the splitter dropped: the name alone
        about, (s, e) = _NOTHING, (start, end)
    else:
        about = sentences.about(k)
        s, e = excerpt_span(doc.text, *about.span, start, end)
    # the sentence's own string when the excerpt is the sentence: one copy per sentence
    excerpt = about.text if (s, e) == about.span else doc.text[s:e]
    o_start, o_end = brief.to_original(start, end)
    x_start, x_end = brief.to_original(s, e)
    return Mention(
        brief_id=brief.id,
        start=start,
        end=end,
        surface=doc.text[start:end] if surface is None else surface,
        place=place,
        link=link,
        evidence=evidence,
        confidence=confidence,
        excerpt_start=s,
        excerpt_end=e,
        orig_start=o_start,
        orig_end=o_end,
        excerpt_orig_start=x_start,
        excerpt_orig_end=x_end,
        excerpt=excerpt,
        themes=about.themes,
        theme_evidence=about.theme_evidence,
        dates=about.dates,
        marks=tuple(m for m in marks if s <= m[0] and m[1] <= e),
    )


def span_mention(
    brief: Brief,
    start: int,
    end: int,
    place: Place,
    evidence: str,
    confidence: float = 1.0,
    link: str = "name",
) -> Mention:
    """A mention of ``place`` by the words ``brief.reading[start:end]`` that the parser did
    not find (the analyst added it), with its excerpt, themes and dates worked out exactly as
    the parser's mentions are."""
    doc = Document(brief.reading, brief.language)
    sentences = _Sentences(doc, brief, load_taxonomy())
    return _mention(brief, doc, sentences, start, end, place, link, evidence, confidence)
