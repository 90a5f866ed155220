"""The language switch of the Add briefs and Review pages: the dashboard's (a radio of
``briefmap.i18n.LANGUAGES`` in the sidebar), read from and written to ``?lang=`` as the
dashboard does (``lang=pl``; English is the default and leaves the URL clean)."""

from __future__ import annotations

import streamlit as st

from briefmap import i18n
from briefmap.i18n import t

#: the language the reader chose last on these pages (not a widget's key: it outlives a page)
CHOSEN = "pages_lang_chosen"
DASHBOARD = "lang"  # the dashboard's switch (ui.state.K.lang)


def page_language(key: str) -> str:
    """Draw the language switch (its widget keyed ``key``) and return the language chosen:
    when the page opens (its switch not in the session), the URL's ``lang``, else the one
    chosen on another page (the dashboard's or these pages'), else English."""
    state = st.session_state
    if key not in state:
        asked = st.query_params.get("lang")
        chosen = state.get(DASHBOARD) or state.get(CHOSEN)
        state[key] = i18n.language(asked if asked else chosen)
    st.sidebar.radio(
        t("language", state[key]),
        i18n.LANGUAGES,
        format_func=i18n.LANGUAGE_NAMES.get,
        key=key,
        horizontal=True,
    )
    lang = i18n.language(state[key])
    state[CHOSEN] = lang
    state[DASHBOARD] = lang  # the dashboard's switch starts from it when the reader goes back
    if lang != "en":
        st.query_params["lang"] = lang
    elif "lang" in st.query_params:
        del st.query_params["lang"]
    return lang


def add_error_text(exc: Exception, lang: str, name: str | None = None) -> str:
    """Why a brief cannot be added (a ``briefmap.library.AddError``) in the reader's
    language: in English the library's own words; in Polish what is wrong and what to do,
    by the error's kind, with the library's detail. Another exception: its message."""
    kind = getattr(exc, "kind", "")
    if lang == "en" or f"err_{kind}" not in i18n.STRINGS["en"]:
        return str(exc)
    said = t("err_detail", lang, said=t(f"err_{kind}", lang), reason=getattr(exc, "reason", ""))
    name = name or getattr(exc, "name", "")
    return t("err_line", lang, name=name, reason=said, remedy=t(f"err_{kind}_do", lang))


# The reader's notes about a file it could read (briefmap.text.reading), by how they begin.
_NOTES = (
    ("some characters of the text are broken", "note_broken_chars"),
    ("the PDF is damaged but could be read", "note_damaged_pdf"),
)


def note_text(note: str, lang: str) -> str:
    """A note of the reader about a file, in the reader's language (in Polish with the
    reader's own detail); a note of another form as it is."""
    if lang == "en":
        return note
    for start, key in _NOTES:
        if note.startswith(start):
            return t(key, lang, detail=note)
    return note
