"""Dates a brief's text mentions, resolved to calendar ranges for filters and the timeline.

``find_dates`` finds Polish ("2 marca br.", "10–16 września br.", "w grudniu ub.r.",
"pod koniec 2018 r.", "jesienią br.") or English ("2 March 2021", "March 2, 2021",
"in February", "10–16 September") date expressions and returns them with offsets into the text
it was given, a first and last day, and how precise the expression is. ``find_day_words``
finds, for the events, days named by the week or the clock ("w nocy z wtorku na środę",
"od piątku", "on Monday", "from midnight"), and ``next_day_words`` "następnego dnia" /
"the next morning" (rules in their docstrings, at the end of this module).

Resolving a year
    * an explicit year ("2019", "2019 r.") is taken as written;
    * "br." / "b.r." / "bieżącego roku" / "tego roku" / "this year" is the reference year;
      "ub.r." / "ubiegłego roku" / "zeszłego roku" / "last year" is the year before;
      "przyszłego roku" / "next year" is the year after;
    * with no year at all, a day or month is put in the reference year, unless it would then
      start more than ``FUTURE_TOLERANCE`` (120 days) after the reference date: then it is put
      in the previous year. A brief of 2026-03-25 saying "pod koniec października" means
      October 2025; one of 2021-09-10 saying "19 września" means 19 September 2021 (upcoming).
    * with ``reference=None``, expressions that need a reference (no year, or a relative
      year) are dropped.

Ranges and precision
    * a day ("2 marca br.") or a range of days ("10–16 września") has precision "day";
    * a month ("w lutym"), including "na początku czerwca", "pod koniec października",
      "w połowie maja", is the whole month, precision "month"; so are month ranges ("na
      przełomie lutego i marca"), halves and quarters of a year, and seasons;
    * seasons are meteorological and whole months: spring March–May, summer June–August,
      autumn ("jesienią") 1 September–30 November, winter of year Y 1 December Y-1 to the end
      of February Y;
    * a year ("w 2020 r.", "pod koniec 2018 r.") is the whole year, precision "year".

Not dates: numbers before non-month words ("20. rocznicę", "31 rozdziałów", "250 więźniów"),
amounts ("1 mld", "500 mln"), numbers of documents ("nr 1536"), "5-letni", percentages, and
a bare four-digit number in Polish text without "r."/"roku" after it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from briefmap.text.months import EN_MONTHS as _EN_MONTHS
from briefmap.text.months import MONTH_OF as _MONTH_OF
from briefmap.text.months import PL_MONTHS as _PL_MONTHS

#: A date without a year that would fall further than this after the reference date is put in
#: the year before the reference year.
FUTURE_TOLERANCE = timedelta(days=120)

PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class DateMention:
    """A date expression: ``start``/``end`` index the text given to ``find_dates`` (half-open),
    ``surface == text[start:end]``; ``date_start``..``date_end`` is inclusive."""

    start: int
    end: int
    surface: str
    date_start: date
    date_end: date
    precision: str  # "day" | "month" | "year"

    def as_record(self) -> tuple[str, str, str]:
        """``(surface, iso start, iso end)``, the shape of ``Mention.dates`` entries."""
        return self.surface, self.date_start.isoformat(), self.date_end.isoformat()


# ---------------------------------------------------------------------------------------------
# Vocabulary

# Seasons: (first month, last month, first month lies in the year before).
_SEASONS = {"spring": (3, 5, False), "summer": (6, 8, False), "autumn": (9, 11, False),
            "winter": (12, 2, True)}  # fmt: skip
_SEASON_OF = {
    "wiosną": "spring", "wiosny": "spring", "na wiosnę": "spring",
    "latem": "summer", "w lecie": "summer",
    "jesienią": "autumn", "jesieni": "autumn", "na jesieni": "autumn", "na jesień": "autumn",
    "zimą": "winter", "zimy": "winter", "w zimie": "winter",
    "spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn",
    "winter": "winter",
}  # fmt: skip
_ORDINAL = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "pierwszej": 1, "pierwszym": 1, "drugiej": 2,
            "drugim": 2, "trzecim": 3, "czwartym": 4, "ostatnim": 4, "first": 1, "second": 2,
            "third": 3, "fourth": 4, "last": 4}  # fmt: skip


def _alternation(forms: list[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


_DASH = r"\s*[-‐–—]\s*"
_PL_MON = _alternation([f for fs in _PL_MONTHS.values() for f in fs])
_EN_MON_FULL = _alternation([fs[0] for fs in _EN_MONTHS.values()])
_EN_MON = _alternation([f for fs in _EN_MONTHS.values() for f in fs])
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?!\d)"


def _pl_mon(tag: str) -> str:
    return rf"(?P<{tag}>{_PL_MON})(?!\w)"


def _en_mon(tag: str, full: bool = False) -> str:
    # English month names are matched case-sensitively: "May" but not "may", "March" not "march".
    return rf"(?-i:(?P<{tag}>{_EN_MON_FULL if full else _EN_MON}))(?![\w])"


def _pl_year(tag: str) -> str:
    return (
        rf"(?:(?P<{tag}_y>\d{{4}})(?![\d%])(?:\s*(?:r\.|roku\b|rok\b))?"
        rf"|(?P<{tag}_this>br\.|b\.\s?r\.|bieżącego\s+roku\b|tego\s+roku\b)"
        rf"|(?P<{tag}_last>ub\.\s?r\.|ub\.\s?roku\b|ubr\.|ubiegłego\s+roku\b|zeszłego\s+roku\b)"
        rf"|(?P<{tag}_next>przyszłego\s+roku\b))"
    )


def _en_year(tag: str) -> str:
    return (
        rf"(?:(?P<{tag}_y>\d{{4}})(?![\d%])"
        rf"|(?P<{tag}_this>this\s+year\b)|(?P<{tag}_last>last\s+year\b)"
        rf"|(?P<{tag}_next>next\s+year\b))"
    )


# Words before a month or year that make it a date expression; kept in the surface.
_PL_QUAL = (
    r"na\s+początku|z\s+początkiem|od\s+początku|pod\s+koniec|z\s+końcem|do\s+końca"
    r"|w\s+połowie|od\s+połowy|do\s+połowy|od|do|ze|we|w|z"
)
_EN_QUAL = (
    r"(?:at|by|from|until|since|in)\s+the\s+(?:beginning|start|middle|end)\s+of"
    r"|the\s+(?:beginning|start|middle|end)\s+of|in\s+(?:early|late)|early|late"
    r"|in|since|from|until|till|by|during|before|after|of"
)

# ---------------------------------------------------------------------------------------------
# Resolution


_Span = tuple[date, date, str]  # first day, last day (inclusive), precision
_Groups = dict[str, "str | None"]  # the named groups of a match
_Resolver = Callable[[_Groups, "date | None"], "_Span | None"]


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _year_of(g: _Groups, tag: str, reference: date | None) -> tuple[int | None, bool]:
    """(year, given): the year the expression names, and whether it named one. An explicit
    year needs no reference; a relative one without a reference gives (None, True)."""
    if g.get(f"{tag}_y"):
        year = int(g[f"{tag}_y"] or 0)
        return (year if 1000 <= year <= 2199 else None), True
    for name, shift in (("this", 0), ("last", -1), ("next", 1)):
        if g.get(f"{tag}_{name}"):
            return (reference.year + shift if reference else None), True
    return None, False


def _implicit_year(month: int, day: int, reference: date | None) -> int | None:
    """The year of a day/month written without one (see the module docstring)."""
    if reference is None:
        return None
    year = reference.year
    day = min(day, _last_day(year, month))
    if date(year, month, day) - reference > FUTURE_TOLERANCE:
        year -= 1
    return year


def _day_span(year: int, month: int, day: int) -> date | None:
    if day > _last_day(year, month):
        return None
    return date(year, month, day)


def _month(g: _Groups, name: str) -> int | None:
    form = g.get(name)
    return _MONTH_OF[form.lower()] if form else None


def _days(g: _Groups, reference: date | None) -> _Span | None:
    """A day or a range of days: d1 of month m1 (or m2 when m1 is not written) to d2 of m2
    (or d1 when d2 is not written), with an optional year "y"."""
    d1 = int(g["d1"] or 0)
    d2 = int(g["d2"]) if g.get("d2") else d1
    m2 = _month(g, "m2") or _month(g, "m1")
    m1 = _month(g, "m1") or m2
    assert m1 and m2
    year, given = _year_of(g, "y", reference)
    if not given:
        year = _implicit_year(m1, d1, reference)
    if year is None:
        return None
    end_year = year + 1 if m2 < m1 else year
    start, end = _day_span(year, m1, d1), _day_span(end_year, m2, d2)
    if start is None or end is None or end < start:
        return None
    return start, end, "day"


def _months(g: _Groups, reference: date | None) -> _Span | None:
    """A month m1, or the months m1 to m2, with an optional year "y". A single month with
    neither a qualifier (group q: "w", "pod koniec", "in" ...) nor a year is not a date."""
    m1 = _month(g, "m1")
    m2 = _month(g, "m2") or m1
    assert m1 and m2
    year, given = _year_of(g, "y", reference)
    if not given:
        if not g.get("q") and not g.get("m2"):
            return None
        year = _implicit_year(m1, 1, reference)
    if year is None:
        return None
    end_year = year + 1 if m2 < m1 else year
    return date(year, m1, 1), date(end_year, m2, _last_day(end_year, m2)), "month"


def _years(g: _Groups, reference: date | None) -> _Span | None:
    first = int(g["y1"] or 0)
    last = int(g["y2"]) if g.get("y2") else first
    if not (1000 <= first <= last <= 2199):
        return None
    return date(first, 1, 1), date(last, 12, 31), "year"


def _bare_year(g: _Groups, reference: date | None) -> _Span | None:
    """English "in 2020", "since 2014": only plausible modern years, to spare counts."""
    year = int(g["y1"] or 0)
    return (date(year, 1, 1), date(year, 12, 31), "year") if 1900 <= year <= 2099 else None


def _season(g: _Groups, reference: date | None) -> _Span | None:
    first, last, starts_before = _SEASONS[_SEASON_OF[" ".join((g["s"] or "").lower().split())]]
    year, _given = _year_of(g, "y", reference)
    if year is None:
        return None
    start_year = year - 1 if starts_before else year
    return date(start_year, first, 1), date(year, last, _last_day(year, last)), "month"


def _part_of_year(g: _Groups, reference: date | None) -> _Span | None:
    """Halves ("w drugiej połowie 2020 r.") and quarters ("w I kwartale 2021 r.")."""
    year, _given = _year_of(g, "y", reference)
    if year is None:
        return None
    n = _ORDINAL[(g["n"] or "").lower()]
    size = 6 if (g["unit"] or "").lower().startswith(("poł", "half")) else 3
    if n * size > 12:
        return None
    first, last = (n - 1) * size + 1, n * size
    return date(year, first, 1), date(year, last, _last_day(year, last)), "month"


def _numeric(g: _Groups, reference: date | None) -> _Span | None:
    year, month, day = int(g["yy"] or 0), int(g["mm"] or 0), int(g["dd"] or 0)
    if not (1 <= month <= 12 and 1000 <= year <= 2199):
        return None
    found = _day_span(year, month, day)
    return (found, found, "day") if found else None


def _with(resolve: _Resolver, **renames: str) -> _Resolver:
    """``resolve`` reading group ``new`` from group ``old`` for each ``new=old``."""

    def renamed(g: _Groups, reference: date | None) -> _Span | None:
        return resolve(
            {**g, **{new: g[old] for new, old in renames.items() if g.get(old)}}, reference
        )

    return renamed


# ---------------------------------------------------------------------------------------------
# Patterns: (regex, resolver). Overlapping candidates are settled by ``find_dates``.

_B = r"(?<![\w.,/])"  # no number or word glued before


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_NUMERIC: list[tuple[re.Pattern[str], _Resolver]] = [
    (_compile(rf"{_B}(?P<dd>\d{{1,2}})\.(?P<mm>\d{{1,2}})\.(?P<yy>\d{{4}})(?!\d)(?:\s*r\.)?"),
     _numeric),
    (_compile(r"(?<![\w\-.])(?P<yy>\d{4})-(?P<mm>\d{2})-(?P<dd>\d{2})(?![\w\-])"), _numeric),
]  # fmt: skip

_POLISH: list[tuple[re.Pattern[str], _Resolver]] = [
    # 10–16 września br. | 30 kwietnia – 2 maja 2021 r. | od 10 do 16 września
    (_compile(rf"{_B}(?P<d1>{_DAY})(?:\s+{_pl_mon('m1')})?{_DASH}(?P<d2>{_DAY})\s+"
              rf"{_pl_mon('m2')}(?:\s+{_pl_year('y')})?"), _days),
    (_compile(rf"(?<!\w)od\s+(?P<d1>{_DAY})(?:\s+{_pl_mon('m1')})?\s+do\s+(?P<d2>{_DAY})\s+"
              rf"{_pl_mon('m2')}(?:\s+{_pl_year('y')})?"), _days),
    # 2 marca br. | 19 marca | 2 marca 2021 r.
    (_compile(rf"{_B}(?P<d1>{_DAY})\s+{_pl_mon('m2')}(?:\s+{_pl_year('y')})?"), _days),
    # na przełomie lutego i marca | od lutego do kwietnia 2021 r.
    (_compile(rf"(?<!\w)(?:na\s+przełomie|od)\s+{_pl_mon('m1')}\s+(?:i|do)\s+"
              rf"{_pl_mon('m2')}(?:\s+{_pl_year('y')})?"), _months),
    # w lutym | W lutym br. | pod koniec października | w grudniu 2019 r. | grudnia 2019 r.
    (_compile(rf"(?<!\w)(?:(?P<q>{_PL_QUAL})\s+)?{_pl_mon('m1')}(?:\s+{_pl_year('y')})?"),
     _months),
    # jesienią br. | latem 2020 r.
    (_compile(rf"(?<!\w)(?P<s>wiosną|wiosny|na\s+wiosnę|latem|w\s+lecie|jesienią|jesieni"
              rf"|na\s+jesieni|na\s+jesień|zimą|zimy|w\s+zimie)\s+{_pl_year('y')}"), _season),
    # w drugiej połowie 2020 r. | w I kwartale br.
    (_compile(rf"(?<!\w)(?:w\s+)?(?P<n>pierwszej|drugiej)\s+(?P<unit>połowie)\s+"
              rf"{_pl_year('y')}"), _part_of_year),
    (_compile(rf"(?<!\w)(?:w\s+)?(?P<n>(?-i:IV|III|II|I)|pierwszym|drugim|trzecim|czwartym"
              rf"|ostatnim)\s+(?P<unit>kwartale)\s+{_pl_year('y')}"), _part_of_year),
    # w 2020 r. | pod koniec 2018 r. | w latach 2019–2020 | 2019–2020 r. | w roku 2020
    (_compile(rf"(?<!\w)(?:(?P<q>{_PL_QUAL})\s+)?(?<![\w.,/])(?P<y1>\d{{4}})(?:{_DASH}"
              rf"(?P<y2>\d{{4}}))?\s*(?:r\.|roku\b|rok\b)"), _years),
    (_compile(rf"(?<!\w)(?:w\s+latach|latach|lata)\s+(?P<y1>\d{{4}}){_DASH}(?P<y2>\d{{4}})"
              rf"(?!\d)(?:\s*r\.)?"), _years),
    (_compile(r"(?<!\w)(?:w\s+)?roku\s+(?P<y1>\d{4})(?![\d%])"), _years),
]  # fmt: skip

_ENGLISH: list[tuple[re.Pattern[str], _Resolver]] = [
    # 10–16 September 2021 | 30 April – 2 May
    (_compile(rf"{_B}(?P<d1>{_DAY})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?{_en_mon('m1')})?{_DASH}"
              rf"(?P<d2>{_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?{_en_mon('m2')}"
              rf"(?:,?\s+{_en_year('y')})?"), _days),
    # September 10–16, 2021 | April 30 – May 2, 2021
    (_compile(rf"(?<!\w){_en_mon('m1')}\s+(?P<d1>{_DAY})(?:st|nd|rd|th)?{_DASH}"
              rf"(?:{_en_mon('m2')}\s+)?(?P<d2>{_DAY})(?:st|nd|rd|th)?(?:,?\s+{_en_year('y')})?"),
     _days),
    # 2 March 2021 | 2nd of March
    (_compile(rf"{_B}(?P<d1>{_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?{_en_mon('m2')}"
              rf"(?:,?\s+{_en_year('y')})?"), _days),
    # March 2, 2021 | March 2
    (_compile(rf"(?<!\w){_en_mon('m2')}\s+(?P<d1>{_DAY})(?:st|nd|rd|th)?(?!\w)"
              rf"(?:,?\s+{_en_year('y')})?"), _days),
    # in February | early June | mid-May 2021 | February 2021 | in December last year
    (_compile(rf"(?<!\w)(?:(?P<q>{_EN_QUAL})\s+|(?P<qm>(?:in\s+)?mid)-?\s*)?"
              rf"{_en_mon('m1', full=True)}(?:,?\s+(?:of\s+)?{_en_year('y')})?"),
     _with(_months, q="qm")),
    # in the autumn of 2021 | autumn 2021 | this autumn
    (_compile(rf"(?<!\w)(?:(?:in|during|by|since)\s+)?(?:the\s+)?(?P<s>spring|summer|autumn"
              rf"|fall|winter)\s+(?:of\s+)?{_en_year('y')}"), _season),
    (_compile(r"(?<!\w)(?:(?:in|during)\s+)?(?P<y_this>this)\s+(?P<s>spring|summer|autumn"
              r"|fall|winter)(?!\w)"), _season),
    # in the first half of 2021 | in the third quarter of 2021
    (_compile(rf"(?<!\w)(?:in\s+)?the\s+(?P<n>first|second|third|fourth|last)\s+"
              rf"(?P<unit>half|quarter)\s+of\s+{_en_year('y')}"), _part_of_year),
    # in 2020 | since 2014 | by the end of 2025
    (_compile(rf"(?<!\w)(?:{_EN_QUAL}|in\s+mid-?)\s+(?P<y1>\d{{4}})(?![\d%\w])"), _bare_year),
    (_compile(rf"(?<!\w)(?:in|from|between)\s+(?P<y1>\d{{4}}){_DASH}(?P<y2>\d{{4}})(?![\d%])"),
     _years),
]  # fmt: skip


def find_dates(text: str, reference: date | None, language: str = "pl") -> list[DateMention]:
    """Date expressions of ``text`` in text order, not overlapping, with offsets into ``text``.

    ``reference`` is the brief's date (``Brief.reference_date``): "br." and "ub.r." and dates
    written without a year are resolved against it (rules in the module docstring); with
    ``None`` such expressions are left out. ``language`` "pl" reads Polish, anything else
    English. Where two readings overlap, the one starting first, then the longest, wins.
    """
    patterns = _NUMERIC + (_POLISH if language.lower().startswith("pl") else _ENGLISH)
    candidates: list[DateMention] = []
    for pattern, resolve in patterns:
        for m in pattern.finditer(text):
            span = resolve(m.groupdict(), reference)
            if span is None:
                continue
            start, end = m.span()
            candidates.append(DateMention(start, end, text[start:end], *span))
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start)))
    found: list[DateMention] = []
    for c in candidates:
        if not found or c.start >= found[-1].end:
            found.append(c)
    return found


# ---------------------------------------------------------------------------------------------
# Days named by the week or the clock ("w nocy z wtorku na środę", "od piątku", "on Monday",
# "from midnight"): resolved against the brief's date, for the events.

_PL_WEEKDAYS: dict[int, tuple[str, ...]] = {
    0: ("poniedziałek", "poniedziałku", "poniedziałkiem"),
    1: ("wtorek", "wtorku", "wtorkiem"),
    2: ("środa", "środy", "środę", "środzie", "środą"),
    3: ("czwartek", "czwartku", "czwartkiem"),
    4: ("piątek", "piątku", "piątkiem"),
    5: ("sobota", "soboty", "sobotę", "sobocie", "sobotą"),
    6: ("niedziela", "niedzieli", "niedzielę", "niedzielą"),
}
_EN_WEEKDAYS = {d: (n,) for d, n in enumerate(calendar.day_name)}
_WEEKDAY_OF = {
    f.lower(): d for table in (_PL_WEEKDAYS, _EN_WEEKDAYS) for d, fs in table.items() for f in fs
}
_PL_WD = _alternation([f for fs in _PL_WEEKDAYS.values() for f in fs])
_EN_WD = rf"(?-i:{_alternation([n for (n,) in _EN_WEEKDAYS.values()])})"

_DAY_WORDS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "pl": [
        # the night from one day to the next is the second day (the night is past midnight)
        (_compile(rf"(?<!\w)w\s+nocy\s+z\s+(?:{_PL_WD})\s+na\s+(?P<wd>{_PL_WD})(?!\w)"), "wd"),
        (_compile(rf"(?<!\w)(?:w|we|od|do|z|ze|przez|w\s+nocy\s+na)\s+(?P<wd>{_PL_WD})(?!\w)"),
         "wd"),
        (_compile(r"(?<!\w)(?:od|o|po)\s+(?P<mid>północy)(?!\w)"), "mid"),
        (_compile(r"(?<!\w)(?P<yesterday>wczoraj)(?!\w)"), "yesterday"),
        (_compile(r"(?<!\w)(?P<today>dzisiaj|dziś)(?!\w)"), "today"),
    ],
    "en": [
        (_compile(rf"(?<!\w)(?:on\s+the\s+)?night\s+(?:of|from)\s+{_EN_WD}\s+(?:to|into)\s+"
                  rf"(?P<wd>{_EN_WD})(?!\w)"), "wd"),
        (_compile(rf"(?<!\w)(?:on|from|since|until|by|last|this|overnight\s+into)\s+"
                  rf"(?P<wd>{_EN_WD})(?!\w)"), "wd"),
        (_compile(r"(?<!\w)(?:from|at|after|since)\s+(?P<mid>midnight)(?!\w)"), "mid"),
        (_compile(r"(?<!\w)(?P<yesterday>yesterday)(?!\w)"), "yesterday"),
        (_compile(r"(?<!\w)(?P<today>today)(?!\w)"), "today"),
    ],
}  # fmt: skip

#: Words that put a day right after the day of the event told before ("następnego dnia",
#: "nazajutrz", "the next morning").
_NEXT_DAY = {
    "pl": _compile(r"(?<!\w)(?:następnego|kolejnego)\s+(?:dnia|ranka|poranka)|nazajutrz"),
    "en": _compile(r"(?<!\w)(?:the\s+)?(?:next|following)\s+(?:day|morning|evening)"),
}


def find_day_words(
    text: str, reference: date | None, language: str = "pl", ahead: bool = False
) -> list[DateMention]:
    """Days ``text`` names by the week or the clock, precision "day", offsets into ``text``:
    a weekday is the latest such day on or before ``reference`` (the first on or after it
    when ``ahead``: a clause about what is planned); "w nocy z wtorku na środę" is the
    Wednesday; "od północy"/"from midnight" alone is ``reference`` (the next day when
    ``ahead``); "wczoraj"/"yesterday" the day before. Nothing without a reference."""
    if reference is None:
        return []
    lang = "pl" if language.lower().startswith("pl") else "en"
    found: list[DateMention] = []
    for pattern, what in _DAY_WORDS[lang]:
        for m in pattern.finditer(text):
            if any(f.start <= m.start() < f.end for f in found):
                continue
            if what == "wd":
                wd = _WEEKDAY_OF[m.group("wd").lower()]
                shift = (
                    (wd - reference.weekday()) % 7 if ahead else -((reference.weekday() - wd) % 7)
                )
                day = reference + timedelta(days=shift)
            elif what == "mid":
                day = reference + timedelta(days=1 if ahead else 0)
            else:
                day = reference - timedelta(days=1 if what == "yesterday" else 0)
            found.append(DateMention(m.start(), m.end(), m.group(), day, day, "day"))
    found.sort(key=lambda d: d.start)
    return found


def next_day_words(text: str, language: str = "pl") -> tuple[int, int] | None:
    """The span of words in ``text`` that put an event on the day after the one told
    before ("następnego dnia rano", "the next morning"), or None."""
    m = _NEXT_DAY["pl" if language.lower().startswith("pl") else "en"].search(text)
    return m.span() if m else None
