"""From a Brief to its Mentions: places, excerpts, themes and dates, in one pass.

Everything here works on ``Brief.reading``; original-file offsets are derived through
``Brief.to_original``. Importable without Streamlit.
"""

from __future__ import annotations

from functools import cache

from briefmap.dates import find_dates
from briefmap.gazetteer import Gazetteer, load_gazetteer
from briefmap.geoparse import find_places
from briefmap.model import Brief, Mention
from briefmap.sentences import sentence_at, sentence_spans
from briefmap.themes import classify


def parse_brief(brief: Brief, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every place mention of ``brief``, sorted by position in its reading text."""
    gaz = gazetteer or load_gazetteer()
    text = brief.reading
    spans = sentence_spans(text)
    ref = brief.reference_date

    @cache
    def about(span: tuple[int, int]):
        sentence = text[span[0] : span[1]]
        themes = classify(sentence, brief.language)
        dates = tuple(
            (d.surface, d.date_start.isoformat(), d.date_end.isoformat())
            for d in find_dates(sentence, ref, brief.language)
        )
        return themes, dates

    mentions: list[Mention] = []
    for f in find_places(text, brief.language, gaz):
        s, e = sentence_at(spans, f.start)
        if e <= s:  # a name in a heading fragment the splitter dropped: the name alone
            s, e = f.start, f.end
        themes, dates = about((s, e))
        o_start, o_end = brief.to_original(f.start, f.end)
        x_start, x_end = brief.to_original(s, e)
        mentions.append(
            Mention(
                brief_id=brief.id,
                start=f.start,
                end=f.end,
                surface=f.surface,
                place=gaz.place(f.place_id),
                link=f.link,
                evidence=f.evidence,
                confidence=f.confidence,
                excerpt_start=s,
                excerpt_end=e,
                orig_start=o_start,
                orig_end=o_end,
                excerpt_orig_start=x_start,
                excerpt_orig_end=x_end,
                excerpt=text[s:e],
                themes=tuple(themes),
                theme_evidence={k: tuple(v) for k, v in themes.items()},
                dates=dates,
            )
        )
    return mentions


def mention_record(m: Mention, doc: str) -> dict:
    """The flat record ``briefmap parse`` prints for one mention (GeoJSON properties)."""
    p = m.place
    return {
        "doc": doc,
        "brief_id": m.brief_id,
        "surface": m.surface,
        "start": m.start,
        "end": m.end,
        "orig_start": m.orig_start,
        "orig_end": m.orig_end,
        "place_id": p.id,
        "name": p.name,
        "name_pl": p.name_pl,
        "kind": p.kind,
        "country": p.country,
        "precision": p.precision,
        "lat": p.lat,
        "lon": p.lon,
        "link": m.link,
        "evidence": m.evidence,
        "excerpt": m.excerpt,
        "excerpt_start": m.excerpt_start,
        "excerpt_end": m.excerpt_end,
        "excerpt_orig_start": m.excerpt_orig_start,
        "excerpt_orig_end": m.excerpt_orig_end,
        "themes": list(m.themes),
        "theme_evidence": {k: list(v) for k, v in m.theme_evidence.items()},
        "dates": [{"surface": d[0], "start": d[1], "end": d[2]} for d in m.dates],
        "confidence": m.confidence,
        "source": p.source,
    }
