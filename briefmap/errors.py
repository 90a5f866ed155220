"""Coded errors: every message a person may be shown for bad input, in one table.

In the manner of spaCy's ``errors.py``: a message is a class attribute of :class:`Errors`
named by its code, and reading it through the class gives the message with its code in
front (``Errors.E101`` is ``"[E101] {where}: no such briefing file"``), ready for
``.format(...)``. A code is never reused for another meaning, so a code in a report or a
test names one situation however the wording changes. Each message names the file or thing
it is about and says what to do.

Codes by floor: ``E0xx`` the command line, ``E1xx`` briefing files (their shape, then their
fit to a store), ``E2xx`` exports of a view. The exceptions raised with them are here too:
:class:`BriefingError` (one line per problem of a briefing file) and :class:`ExportError`.
A bottom module: it imports nothing of briefmap, so any floor may raise these.
"""

from __future__ import annotations

from collections.abc import Sequence


class _Coded(type):
    """Reading ``Errors.E123`` gives ``"[E123] "`` + the message."""

    def __getattribute__(cls, name: str) -> str:
        value = super().__getattribute__(name)
        if name[:1] == "E" and name[1:].isdigit():
            return f"[{name}] {value}"
        return value


class Errors(metaclass=_Coded):
    """The messages, by code (read through the class: ``Errors.E001.format(...)``)."""

    # -- the command line (briefmap.cli)
    E001 = "no briefing {name!r}: give a .toml file or the name of one in geodata/briefings"
    E002 = "--view must be LAT,LON,ZOOM, not {value!r}"
    E003 = "{value!r} is not a date (YYYY-MM-DD)"
    E004 = "say what to decide after START:END (accept, reject, reassign, …)"
    E005 = "no brief {brief!r} in the store (`briefmap list` shows them)"
    E006 = "{dest}: not empty — give a new or empty folder"

    # -- a briefing file's shape (briefmap.present.steps.load_briefing); {where} is the
    # file, or the file and the step ("path: step 2")
    E101 = "{where}: no such briefing file"
    E102 = "{where}: not UTF-8 text; save it as UTF-8"
    E103 = "{where}: not valid TOML ({error}); fix the line it names"
    E104 = "{where}: unknown key {key!r} (known: {known})"
    E105 = "{where}: autoplay must be a number of seconds (0 = off), not {value!r}"
    E106 = "{where}: language must be 'en' or 'pl', not {value!r}"
    E107 = "{where}: no steps; add at least one [[step]] with a place or a flow"
    E108 = "{where}: {key} must be text, not {type}"
    E109 = "{where}: {key} is missing; give the briefing a {key}"
    E110 = "{where}: must be a [[step]] table"
    E111 = '{where}: give either place = "<place id>" or flow = [<stop ids>]'
    E112 = '{where}: place must be a place id such as "cc:BY"'
    E113 = (
        "{where}: flow must list its stops' place ids, origin first and "
        'destination last, e.g. ["cc:BY", "bm:ru-ust-luga"]'
    )
    E114 = '{where}: no brief; set brief = "<brief id>" at the top or in the step'
    E115 = "{where}: excerpt must be words the excerpt contains, or a number"
    E116 = "{where}: excerpt = {value}: mentions are counted from 1"
    E117 = "{where}: excerpt is empty; give words the excerpt contains"
    E118 = "{where}: zoom must be a whole number from {low} to {high}"
    E119 = '{where}: layers must be a list such as ["themes", "flows"]'
    E120 = "{where}: unknown layer {layer!r}; choose from {known}"
    E121 = "{where}: caption must be text"
    E122 = "{where}: caption has {n} characters; keep it under {most}"

    # -- a briefing against the store it is shown from (briefing_steps)
    E131 = "{where}: brief {brief!r} is not in the store; build it first or fix the id"
    E132 = "{where}: no place {place!r} in the store; check the id"
    E133 = "{where}: brief {brief} does not mention {place}; it mentions {named}"
    E134 = "{where}: {place} has {n} mentions in {brief}; {why}"
    E135 = "{where}: brief {brief} has no flow {flow} (its flows: {found})"
    E136 = "{where}: the flow {flow} is in {n} sentences; {why}"
    E137 = "order must be one of {known}, not {value!r}"

    # -- exports of a view (briefmap.present)
    E201 = "no brief {brief!r} in {store}; known: {known}"
    E202 = "no theme {theme!r}; known: {known}"
    E203 = "order must be text or date, not {value!r}"
    E204 = "unknown format {fmt!r}; choose one of {known}"
    E205 = "a picture is png or svg, not {fmt!r}"
    E206 = "the HTML export would still load files: {files}"
    E207 = "no package ships {name}"
    E208 = "{name} is outside its package"


class BriefmapError(ValueError):
    """A user-facing error whose message is one or more lines of :class:`Errors`."""


class ExportError(BriefmapError):
    """An export that cannot be made (an unknown brief or theme, an empty path, …): the
    message is one line saying what to do."""


class BriefingError(BriefmapError):
    """A briefing file that cannot be used; ``problems`` holds one line per fault."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
