"""The evidence of a mention (how the parser linked it) in words for the interface's reader.

The geoparser and the cue linkers say how they linked a mention in fixed English phrases
(``briefmap.places.geoparse``: ``_choose``, ``_how``, the region adjectives;
``briefmap.analysis.cues``: cue and border words with their anchor; ``briefmap.build``: a
mention an analyst added or kept). ``evidence`` rewords the phrases it knows in the interface
language, the country names in them included, and returns any other text as it is. The
words are ``briefmap.i18n_pages``' ``ev_*`` strings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefmap.i18n import country_name, language, t

_EV_NAME = re.compile(
    r"^(?P<how>lemma|declension|abbreviation): (?P<tier>curated|cldr|geonames) name "
    r"'(?P<name>.*?)'(?:; chose (?P<a>.+?) \((?P<ca>[A-Z]{0,3})\) over (?P<b>.+?) "
    r"\((?P<cb>[A-Z]{0,3})\)(?: and (?P<more>\d+) more)?: (?P<why>.+))?$"
)
_EV_WHY = (
    ("tier", re.compile(r"^(curated|cldr|geonames) entry preferred over (curated|cldr|geonames)$")),
    ("named", re.compile(r"^([A-Z]{2}) is named in this text$")),
    ("population", re.compile(r"^larger population \(([\d,]+) vs ([\d,]+)\)$")),
    ("region", re.compile(r"^([A-Z]{2}) is in the region these briefs cover$")),
    ("near", re.compile(r"^near (?P<place>.+) \((?P<km>\d+) km\), which this text names$")),
)
_EV_TAILS = (
    ("ev_kind_word", re.compile(r"; kind word '(?P<word>[^']+)' \((?P<category>[^()]+)\)$")),
    (
        "ev_same_feature",
        re.compile(
            r"; the (?P<kind>[a-z ]+?) (?P<feature>[^a-z ].*) lies (?P<km>[\d.]+) km from "
            r"(?P<town>.+): the same place, told more exactly$"
        ),
    ),
)
# the form of the cue links before the cue linker named its anchor (stores built then)
_EV_CUE_OLD = re.compile(
    r"^cue lemmas (?P<lemmas>.+?) \((?P<words>.+?)\)(?:; context: (?P<ctx>.+) named in the text)?$"
)
_EV_CUE = re.compile(
    r"^cue words (?P<terms>.+?) \((?P<words>[^()]+)\)(?P<before> in the sentence before)?; "
    r"anchor: (?P<anchor>.+)$"
)
_EV_BORDER = re.compile(
    r"^border words (?P<terms>.+?) \((?P<words>[^()]+)\); border (?P<border>.+); "
    r"crossing (?P<state>.+)$"
)
_EV_STATE = re.compile(
    r"^(?P<status>no status known|open|closed|restricted) (?:on (?P<day>\S+)|now)$"
)
# one anchor of a cue link: "Belarus (Białorusi)", or the brief's own country
_EV_ANCHOR = re.compile(
    r"(?P<name>[^,()]+?) \((?P<words>[^()]+)\)"
    r"|(?P<main>[^,()]+?): the country this brief is about"
)
_EV_ADJ = re.compile(r"^region adjective: (?P<head>\S+) \+ (?P<adj>\S+)$")
_EV_FIXED = {
    "added by the analyst in review": "ev_added",
    "kept by the analyst's review: the parser no longer links these words": "ev_kept",
}


def evidence(text: str, lang: str = "en") -> str:
    """The parser's evidence for a mention in words for a reader of ``lang``
    ("lemma: curated name 'Kłajpeda'" -> "name “Kłajpeda” in briefmap's gazetteer,
    matched through its dictionary form"); text in another form is returned unchanged."""
    text = text or ""
    # what the resolver adds after its choice (a kind word, the feature it told more
    # exactly), peeled off the end and worded apart
    tail = ""
    for key, pattern in _EV_TAILS:
        m = pattern.search(text)
        if m:
            tail = "; " + t(key, lang, **m.groupdict()) + tail
            text = text[: m.start()]
    if tail:
        return evidence(text, lang) + tail
    if text in _EV_FIXED:
        return t(_EV_FIXED[text], lang)
    m = _EV_NAME.match(text)
    if m:
        out = t(
            "ev_name",
            lang,
            name=m["name"],
            source=t(f"ev_source_{m['tier']}", lang),
            how=t(f"ev_how_{m['how']}", lang),
        )
        if m["a"]:
            more = t("ev_more", lang, n=m["more"]) if m["more"] else ""
            chose = t("ev_chose", lang, a=m["a"], ca=m["ca"], b=m["b"], cb=m["cb"], more=more)
            out += f"; {chose}: {_why(m['why'], lang)}"
        return out
    m = _EV_CUE.match(text)
    anchors = _anchors(m["anchor"], lang) if m else None
    if m and anchors:
        before = t("ev_sentence_before", lang) if m["before"] else ""
        return t(
            "ev_cue_words",
            lang,
            words=m["words"],
            terms=m["terms"],
            before=before,
            anchor=", ".join(anchors),
        )
    m = _EV_BORDER.match(text)
    if m:
        sides = [_anchors(x, lang) for x in m["border"].split(" + ")]
        state = _state(m["state"], lang)
        if all(sides) and state:
            return t(
                "ev_border",
                lang,
                words=m["words"],
                terms=m["terms"],
                border=" – ".join(s[0] for s in sides if s),
                state=state,
            )
    m = _EV_CUE_OLD.match(text)
    if m:
        out = t("ev_cue", lang, words=m["words"], lemmas=m["lemmas"])
        if m["ctx"]:
            out += t("ev_context", lang, places=m["ctx"])
        return out
    m = _EV_ADJ.match(text)
    if m:
        return t("ev_region_adjective", lang, head=m["head"], adj=m["adj"])
    return text


def _why(text: str, lang: str) -> str:
    for kind, pattern in _EV_WHY:
        m = pattern.match(text)
        if not m:
            continue
        if kind == "tier":
            a, b = (t(f"ev_tier_{x}", lang) for x in m.groups())
            return t("ev_why_tier", lang, a=a, b=b)
        if kind == "population":
            a, b = (x.replace(",", " " if language(lang) == "pl" else ",") for x in m.groups())
            return t("ev_why_population", lang, a=a, b=b)
        if kind == "near":
            return t("ev_why_near", lang, place=m["place"], km=m["km"])
        return t(f"ev_why_{kind}", lang, country=country_name(m[1], lang))
    return text


def _anchors(text: str, lang: str) -> list[str]:
    """The anchors of a cue link ("Belarus (Białorusi), Lithuania: the country this brief
    is about") in ``lang``; [] when the text is not a list of anchors."""
    out: list[str] = []
    pos = 0
    while pos < len(text):
        m = _EV_ANCHOR.match(text, pos)
        if not m:
            return []
        if m["main"]:
            out.append(t("ev_anchor_main", lang, country=_country(m["main"], lang)))
        else:
            out.append(t("ev_anchor", lang, name=_country(m["name"], lang), words=m["words"]))
        pos = m.end()
        if text.startswith(", ", pos):
            pos += 2
        elif pos < len(text):
            return []
    return out


def _state(text: str, lang: str) -> str:
    """A crossing's state as the border linker says it ("open on 2026-03-23", "no status
    known now") in ``lang``; "" for another form."""
    m = _EV_STATE.match(text)
    if not m:
        return ""
    key = "status_unknown" if m["status"] == "no status known" else f"status_{m['status']}"
    status = t(key, lang)
    if m["day"]:
        return t("ev_state_on", lang, status=status, day=m["day"])
    return t("ev_state_now", lang, status=status)


@lru_cache(maxsize=1)
def _english_countries() -> dict[str, str]:
    try:
        from babel import Locale

        return {name: code for code, name in Locale("en").territories.items() if len(code) == 2}
    except Exception:  # babel missing: names are shown as the linker wrote them
        return {}


def _country(name: str, lang: str) -> str:
    """A country the cue linker names in English (CLDR's English name) in ``lang``; any
    other name (a place's) as it is."""
    code = _english_countries().get(name.strip())
    return country_name(code, lang) if code else name.strip()
