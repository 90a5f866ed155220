"""What the flow tests share: the flows of one sentence parsed as a brief of 1 May 2024."""

from __future__ import annotations

from datetime import date

from briefmap.analysis.flows import Flow
from briefmap.model import Brief
from briefmap.pipeline import parse_brief
from briefmap.places.gazetteer import Gazetteer


def flows(gaz: Gazetteer, text: str, language: str = "pl") -> list[Flow]:
    """The flows ``parse_brief`` finds in ``text`` (the whole brief, dated 1 May 2024)."""
    b = Brief(
        "t",
        "t.txt",
        text,
        text,
        list(range(len(text) + 1)),
        language=language,
        date_start=date(2024, 5, 1),
    )
    return parse_brief(b, gaz).flows
