"""The one error of reading a brief file, and how a file's name is printed in it.

Every failure of ``briefmap.text.reading`` (and of the decoding and DOCX modules it uses)
is a ``BriefReadError`` whose message is one line: ``"<file>: <what is wrong> — <what to do>"``.
"""

from __future__ import annotations

import os

SAVE_AS = "save the brief as .txt, .pdf, .docx or .html and try again"


class BriefReadError(ValueError):
    """A brief file that cannot be read; ``str()`` is ``"<path>: <reason> — <what to do>"``.

    ``path`` is kept as given; the message shows it through ``printable_name``, so a newline
    or a terminal escape in a file name never splits or colours the line.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str, remedy: str = SAVE_AS):
        self.path = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
        self.reason = one_line(reason)
        self.remedy = one_line(remedy)
        super().__init__(f"{printable_name(self.path)}: {self.reason} — {self.remedy}")

    def __reduce__(self):  # picklable despite the custom __init__
        return (type(self), (self.path, self.reason, self.remedy))


def printable_name(path: str | os.PathLike[str]) -> str:
    """``path`` as it may be printed on one line of a message.

    Unchanged when every character is printable; otherwise control and format characters are
    escaped as in Python (``\\n``, ``\\x1b``, ``\\u202e``), and the bytes of a name that is
    not UTF-8 (which Python carries as surrogates) as ``\\xNN``.
    """
    s = os.fsdecode(path)
    if s.isprintable():
        return s
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in s)


def _escape(ch: str) -> str:
    n = ord(ch)
    if 0xDC80 <= n <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode carries it
        return f"\\x{n - 0xDC00:02x}"
    return ch.encode("unicode_escape").decode("ascii")


def one_line(s: str, limit: int = 300) -> str:
    s = printable_name(" ".join(str(s).split()))
    return s if len(s) <= limit else s[: limit - 1] + "…"
