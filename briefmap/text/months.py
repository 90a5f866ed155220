"""The names of the months in Polish and English: the one table every reader of dates uses.

``briefmap.text.properties`` reads a brief's printed publication date with it and
``briefmap.analysis.dates`` the dates its sentences mention. Polish months are listed in
their nominative, genitive ("2 marca"), locative ("w marcu") and instrumental forms; English
ones in full and abbreviated, with and without the full stop. No offsets here: a form is
matched by its reader, in that reader's text.
"""

from __future__ import annotations

PL_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("styczeń", "stycznia", "styczniu", "styczniem"),
    2: ("luty", "lutego", "lutym", "lutemu"),
    3: ("marzec", "marca", "marcu", "marcem"),
    4: ("kwiecień", "kwietnia", "kwietniu", "kwietniem"),
    5: ("maj", "maja", "maju", "majem"),
    6: ("czerwiec", "czerwca", "czerwcu", "czerwcem"),
    7: ("lipiec", "lipca", "lipcu", "lipcem"),
    8: ("sierpień", "sierpnia", "sierpniu", "sierpniem"),
    9: ("wrzesień", "września", "wrześniu", "wrześniem"),
    10: ("październik", "października", "październiku", "październikiem"),
    11: ("listopad", "listopada", "listopadzie", "listopadem"),
    12: ("grudzień", "grudnia", "grudniu", "grudniem"),
}
"""Polish forms of each month (1–12), the nominative first."""

EN_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("January", "Jan.", "Jan"),
    2: ("February", "Feb.", "Feb"),
    3: ("March", "Mar.", "Mar"),
    4: ("April", "Apr.", "Apr"),
    5: ("May",),
    6: ("June", "Jun.", "Jun"),
    7: ("July", "Jul.", "Jul"),
    8: ("August", "Aug.", "Aug"),
    9: ("September", "Sept.", "Sept", "Sep.", "Sep"),
    10: ("October", "Oct.", "Oct"),
    11: ("November", "Nov.", "Nov"),
    12: ("December", "Dec.", "Dec"),
}
"""English forms of each month (1–12), the full name first."""

MONTH_OF: dict[str, int] = {
    f.lower(): n for table in (PL_MONTHS, EN_MONTHS) for n, fs in table.items() for f in fs
}
"""Any form above, lower-cased, -> its month (1–12)."""
