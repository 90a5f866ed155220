"""Decoding a text file's bytes: byte-order marks, UTF-8, a declared charset, damaged UTF-8,
and the legacy code pages a Polish or English brief may be in (Windows-1250, ISO-8859-2…).

What was guessed or repaired is said in *notes* (see ``briefmap.text.reading``).
"""

from __future__ import annotations

import codecs
import unicodedata

from briefmap.text.read_errors import SAVE_AS, BriefReadError

# Legacy code pages a Polish or English brief may plausibly be in (Cyrillic and Baltic ones
# for quotations); charset-normalizer's guess is only taken when it is one of these.
_LEGACY = (
    "cp1250",
    "iso8859_2",
    "cp1252",
    "iso8859_15",
    "cp1251",
    "iso8859_5",
    "cp1257",
    "iso8859_13",
    "latin_1",
)
_POLISH = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_NEUTRAL = frozenset("°©®§±×•№€£$¥™¢¤µ¶·¬¦")


#: How a legacy code page is named in a note.
_LEGACY_LABELS = {
    "cp1250": "Windows-1250",
    "iso8859_2": "ISO-8859-2",
    "cp1252": "Windows-1252",
    "iso8859_15": "ISO-8859-15",
    "cp1251": "Windows-1251",
    "iso8859_5": "ISO-8859-5",
    "cp1257": "Windows-1257",
    "iso8859_13": "ISO-8859-13",
    "latin_1": "ISO-8859-1",
}
_RESAVE = "re-save the file as UTF-8 (in a text editor: Save as… › Encoding: UTF-8)"


def decode(name: str, data: bytes, notes: list[str], declared: str | None = None) -> str:
    """Decode text bytes: byte-order mark, UTF-8, ``declared``, damaged UTF-8, legacy code page.

    Anything short of clean UTF-8 (with or without a byte-order mark) or the declared encoding
    is said in a note: UTF-8 with a cut last character or a few foreign bytes (each shown as
    U+FFFD), or the legacy code page guessed.
    """
    for bom, enc, label in (
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
        (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise BriefReadError(
                    name,
                    f"starts with a {label} byte-order mark but is not valid {label}",
                    "re-save the file as UTF-8",
                ) from None
    if _looks_binary(data):
        raise BriefReadError(name, "is a binary file, not text", SAVE_AS)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    damaged = _damaged_utf8(data, first_error)
    if damaged is not None:
        text, note = damaged
        notes.append(note)
        return text
    guessed = _decode_legacy(data)
    if guessed is None:
        raise BriefReadError(name, "the text encoding could not be recognised", _RESAVE)
    text, enc = guessed
    notes.append(
        f"the text is not UTF-8: read as {_LEGACY_LABELS.get(enc, enc)} (a guess)"
        f" — if letters look wrong, {_RESAVE}"
    )
    return text


def _damaged_utf8(data: bytes, first_error: UnicodeDecodeError) -> tuple[str, str] | None:
    """``data`` read as the UTF-8 it evidently is despite a flaw, with the note saying so.

    A cut last character (all before it valid, and not all ASCII) or a few bytes that are not
    UTF-8 among more UTF-8 letters (three per bad byte) are shown as U+FFFD; else None: a
    legacy code page is likelier (Polish in Windows-1250 has next to no valid UTF-8 sequences).
    """
    if first_error.end == len(data) and first_error.reason == "unexpected end of data":
        head = data[: first_error.start].decode("utf-8")  # valid: the first error is at the end
        if not head.isascii():
            return head + "\ufffd", (
                "the file ends in the middle of a character (cut short?): read as UTF-8, with"
                " the incomplete last character shown as � — check that the file is complete"
            )
        return None
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if bad > 0 and non_ascii - bad >= 3 * bad:
        return text, (
            f"{bad} byte{'s are' if bad > 1 else ' is'} not valid UTF-8 (another encoding mixed"
            f" in?): read as UTF-8, with each shown as � — {_RESAVE}"
        )
    return None


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:8192]
    controls = sum(1 for b in sample if (b < 32 and b not in (9, 10, 12, 13, 26, 27)) or b == 127)
    return controls > 0.02 * len(sample)


def _decode_legacy(data: bytes) -> tuple[str, str] | None:
    """The most plausible legacy decoding of ``data`` (favouring Polish) and its codec; None."""
    candidates: list[str] = []
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:500_000]).best()
        if best is not None:
            enc = codecs.lookup(best.encoding).name.replace("-", "_")
            known = {codecs.lookup(e).name.replace("-", "_"): e for e in _LEGACY}
            if enc in known:
                candidates.append(known[enc])
    except Exception:  # a detector failure leaves the fixed candidates
        pass
    candidates += [e for e in ("cp1250", "iso8859_2") if e not in candidates]
    best, best_score = None, None
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text[:200_000])
        if score is not None and (best_score is None or score > best_score):
            best, best_score = (text, enc), score
    return best


def _plausibility(text: str) -> float | None:
    """How much ``text`` looks like a correctly decoded brief; None: it does not at all."""
    expected = unexpected = junk = 0
    visible = 0
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        visible += 1
        if ch < "\x80":
            if ch < " " or ch == "\x7f":
                junk += 1
            continue
        cat = unicodedata.category(ch)
        if "\x80" <= ch <= "\x9f" or cat[0] == "C":
            return None  # C1 control characters never occur in real text
        if ch in _POLISH:
            near = text[i - 1 : i] + text[i + 1 : i + 2]
            expected += any(c.isalpha() for c in near)
        elif "\u0400" <= ch <= "\u04ff":
            expected += 1
        elif cat[0] == "L":
            unexpected += 1
        elif (cat[0] == "S" or cat == "No") and ch not in _NEUTRAL:
            junk += 1
    if visible and junk > 0.05 * visible:
        return None
    return expected - 2 * unexpected - 5 * junk
