"""The Review page's gazetteer search: a place chosen by any of its names, in any language,
for a mention re-assigned or added and for an event's place."""

from __future__ import annotations

import streamlit as st

from briefmap import i18n
from briefmap.i18n import t
from ui.library_access import library


def place_search(key: str, lang: str, default: str = "", label: str = "") -> str | None:
    """Search the gazetteer by any name; returns the id of the place chosen, if any."""
    lib = library()
    label = t("rv_any_name", lang, label=label or t("rv_search", lang))
    query = st.text_input(label, default, key=f"q:{key}")
    found = lib.search_places(query, 15) if query.strip() else []
    if not found:
        if query.strip():
            st.caption(t("rv_no_such_place", lang))
        return None
    options = {p.id: (p, name) for p, name in found}

    def option(pid: str) -> str:
        p, name = options[pid]
        kind = t(f"kind_{p.kind}", lang) if f"kind_{p.kind}" in i18n.STRINGS["en"] else p.kind
        precision = i18n.precision_name(p.precision, lang)
        shown = i18n.place_name({"name": p.name, "name_pl": p.name_pl}, lang)
        quoted = t("rv_quoted", lang, words=name)
        return f"{shown} ({p.country or '—'}, {kind}, {precision}) — {quoted} · {pid}"

    return st.selectbox(
        t("rv_place", lang), list(options), key=f"pick:{key}:{query}", format_func=option
    )
