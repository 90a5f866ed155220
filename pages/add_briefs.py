"""Add briefs: upload files (PDF, DOCX, HTML, Markdown, text) or paste text, check what was
read and its metadata, and add them to the map. A page of the dashboard's app (Streamlit's
``pages/`` folder); the work is ``briefmap.library``'s.

Each file is read and checked first (nothing stored); its metadata, found in the file, can
be edited; then "Add" parses and stores each brief in one transaction, with a progress bar.
A file that cannot be added says why and what to do; the others are still added.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

import streamlit as st

from briefmap import i18n
from briefmap.i18n import t
from briefmap.library import AddError, Draft
from briefmap.text.properties import found_properties
from briefmap.text.reading import SUFFIXES
from ui.library_access import library
from ui.news_panel import news_summary
from ui.page_lang import add_error_text, note_text, page_language

DRAFTS = "add_drafts"  # file key -> Draft | AddError
ROUND = "add_round"  # how many batches were added (the uploader's key)
FOUND = "add_found"  # draft key -> where each of its metadata was found
LANG = "add_lang"  # the language switch
UPLOAD_TYPES = sorted(s.lstrip(".") for s in SUFFIXES)
STAGES = ("reading", "places", "themes", "storing", "done")  # library's progress stages
FIELDS = {  # metadata field -> its label's key
    "title": "field_title",
    "publisher": "field_publisher",
    "author": "field_author",
    "url": "field_url",
    "date_start": "field_date",
}


def main() -> None:
    lang = i18n.language(st.session_state.get(LANG) or st.query_params.get("lang"))
    st.set_page_config(page_title=t("add_page_title", lang), page_icon=":world_map:", layout="wide")
    lang = page_language(LANG)
    st.title(t("add_title", lang))
    lib = library()
    st.caption(t("add_intro", lang, folder=lib.folder.root, mb=lib.max_bytes // 1_000_000))
    state = st.session_state
    state.setdefault(DRAFTS, {})
    state.setdefault(ROUND, 0)
    state.setdefault(FOUND, {})
    upload, paste = st.tabs([t("add_tab_upload", lang), t("add_tab_paste", lang)])
    with upload:
        files = st.file_uploader(
            t("add_files", lang),
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key=f"add_files_{state[ROUND]}",  # a new key empties the uploader after adding
        )
        read_uploads(files or [], lang)
    with paste, st.form("paste", clear_on_submit=True):
        text = st.text_area(t("add_paste_text", lang), height=220, key="paste_text")
        title = st.text_input(t("add_paste_title", lang), key="paste_title")
        if st.form_submit_button(t("add_read", lang)):
            key = "paste:" + hashlib.sha256(text.encode()).hexdigest()[:16]
            try:
                state[DRAFTS][key] = lib.prepare(
                    "pasted text", text=text, meta={"title": title} if title else None
                )
            except AddError as exc:
                state[DRAFTS][key] = exc
    drafts = {k: d for k, d in state[DRAFTS].items() if isinstance(d, Draft)}
    for key, err in state[DRAFTS].items():
        if isinstance(err, AddError):
            name = t("add_pasted", lang) if key.startswith("paste:") else None
            st.error(add_error_text(err, lang, name), icon="⚠️")
            if err.kind == "duplicate":  # the news of a brief added again: none
                st.caption(t("news_nothing_again", lang))
    if not drafts:
        return
    st.subheader(t("add_ready", lang, n=len(drafts)))
    edited = {key: metadata_form(key, d, lang) for key, d in drafts.items()}
    label = t("add_button", lang, briefs=i18n.count(len(drafts), "briefs_noun", lang))
    if st.button(label, type="primary"):
        # the bar stays, at "Done", the results under it
        show_results(add(drafts, edited, lang), lang)


def shown_name(key: str, d: Draft, lang: str) -> str:
    """The name a draft is shown by: its file's, or "pasted text" in the reader's language."""
    return t("add_pasted", lang) if key.startswith("paste:") else d.name


def read_uploads(files, lang: str) -> None:
    """Read each new upload once (a draft, or the reason it cannot be added)."""
    lib = library()
    drafts = st.session_state[DRAFTS]
    present = set()
    new = []
    for f in files:
        data = f.getvalue()
        key = f"file:{f.name}:{hashlib.sha256(data).hexdigest()[:16]}"
        present.add(key)
        if key not in drafts:
            new.append((key, f.name, data))
    for key in [k for k in drafts if k.startswith("file:") and k not in present]:
        del drafts[key]  # removed from the uploader
        st.session_state[FOUND].pop(key, None)
    if not new:
        return
    bar = st.progress(0.0, text=t("add_reading", lang))
    for k, (key, name, data) in enumerate(new):

        def progress(stage: str, share: float, k: int = k, name: str = name) -> None:
            text = t("add_reading_file", lang, name=name, k=k + 1, n=len(new))
            bar.progress((k + share) / len(new), text=text)

        try:
            drafts[key] = lib.prepare(name, data, progress=progress)
        except AddError as exc:
            drafts[key] = exc
    bar.progress(
        1.0, text=t("add_read_files", lang, files=i18n.count(len(new), "files_noun", lang))
    )


def where_found(key: str, d: Draft) -> dict[str, tuple[str, str, str]]:
    """Where each metadata value of a draft was found, as ``field -> (value, origin,
    words)`` (``briefmap.text.properties.found_properties``), and for a title the text does
    not give, the reader's label: its first words or the file's name. Worked out once per
    draft."""
    cache = st.session_state[FOUND]
    if key not in cache:
        data = None if key.startswith("paste:") else d.data
        found = dict(found_properties(d.name, data, d.brief.reading))
        b = d.brief
        if "title" not in found and b.title_is_descriptive:
            start = b.reading.lstrip().startswith(b.title)
            found["title"] = (b.title, "text_start" if start else "file_name", "")
        cache[key] = found
    return cache[key]


def found_caption(key: str, d: Draft, lang: str) -> str:
    """Each metadata value the draft has from its file, and where it was found, in the
    reader's words (Markdown)."""
    b = d.brief
    values = {
        "title": b.title,
        "publisher": b.publisher,
        "author": b.author,
        "url": b.url,
        "date_start": b.date_start.isoformat() if b.date_start else "",
    }
    lines = []
    for field, (value, origin, words) in where_found(key, d).items():
        if field not in FIELDS or not value or values.get(field) != value:
            continue  # not a field the form shows, or one given by the analyst
        where = t(f"found_{origin}", lang, words=_md(words))
        field_name = t(FIELDS[field], lang)
        lines.append(t("add_found_value", lang, field=field_name, value=_md(value), where=where))
    return t("add_found", lang) + "  \n" + "  \n".join(lines) if lines else ""


def _md(text: str) -> str:
    """``text`` with Markdown's special characters escaped (shown as they are)."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~$-])", r"\\\1", text)


def metadata_form(key: str, d: Draft, lang: str) -> dict:
    """Editable metadata of one draft; returns what the fields hold now."""
    b = d.brief
    with st.expander(f"{shown_name(key, d, lang)} — {b.title}", expanded=True):
        said = found_caption(key, d, lang)
        if said:
            st.caption(said)
        if d.notes:
            notes = "; ".join(note_text(n, lang) for n in d.notes)
            st.caption(t("add_notes", lang, notes=notes))
        c1, c2 = st.columns(2)
        title = c1.text_input(t("field_title", lang), b.title, key=f"{key}:title")
        publisher = c2.text_input(t("field_publisher", lang), b.publisher, key=f"{key}:publisher")
        author = c1.text_input(t("field_author", lang), b.author, key=f"{key}:author")
        url = c2.text_input(t("field_url", lang), b.url, key=f"{key}:url")
        when = c1.date_input(
            t("field_date", lang),
            b.date_start,
            min_value=date(1900, 1, 1),
            max_value=date(2100, 12, 31),
            format="DD.MM.YYYY" if lang == "pl" else "YYYY/MM/DD",
            key=f"{key}:date",
        )
        names = {"pl": t("lang_polish", lang), "en": t("lang_english", lang)}
        language = c2.selectbox(
            t("field_language", lang),
            ["pl", "en"],
            index=0 if b.language == "pl" else 1,
            format_func=names.get,
            key=f"{key}:lang",
        )
        st.text(b.reading[:600] + ("…" if len(b.reading) > 600 else ""))
    return {
        "title": title,
        "publisher": publisher,
        "author": author,
        "url": url,
        "date_start": when,
        "language": language,
    }


def add(drafts: dict[str, Draft], edited: dict[str, dict], lang: str) -> list:
    """Add every draft, one transaction each, with a progress bar over the batch."""
    lib = library()
    bar = st.progress(0.0, text=t("add_adding", lang))
    results = []
    n = len(drafts)
    for k, (key, d) in enumerate(drafts.items()):
        name = shown_name(key, d, lang)

        def progress(stage: str, share: float, k: int = k, name: str = name) -> None:
            said = t(f"stage_{stage}", lang) if stage in STAGES else stage
            bar.progress(min(1.0, (k + share) / n), text=f"{name} ({k + 1}/{n}): {said}")

        try:
            results.append((name, lib.commit(d, meta=edited[key], progress=progress)))
        except AddError as exc:
            results.append((name, exc))
        st.session_state[DRAFTS].pop(key, None)
    bar.progress(1.0, text=t("add_done", lang, files=i18n.count(n, "files_noun", lang)))
    st.session_state[DRAFTS] = {}  # the batch is done, its problems said in the results
    st.session_state[FOUND] = {}
    st.session_state[ROUND] += 1
    return results


def show_results(results: list, lang: str) -> None:
    for name, r in results:
        if isinstance(r, AddError):
            st.error(add_error_text(r, lang, name), icon="⚠️")
        else:
            st.success(
                t("add_added", lang, name=name, title=r.title, mentions=r.mentions, flows=r.flows),
                icon="✅",
            )
            query = {"brief": r.brief_id, **({"lang": lang} if lang != "en" else {})}
            st.page_link(
                "pages/review.py",
                label=t("add_review", lang, title=r.title),
                query_params=query,
            )
            news_summary(r.brief_id, lang)


main()
