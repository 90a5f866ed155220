"""Add briefs: upload files (PDF, DOCX, HTML, Markdown, text) or paste text, check what was
read and its metadata, and add them to the map. A page of the dashboard's app (Streamlit's
``pages/`` folder); the work is ``briefmap.library``'s.

Each file is read and checked first (nothing stored); its metadata, found in the file, can
be edited; then "Add" parses and stores each brief in one transaction, with a progress bar.
A file that cannot be added says why and what to do; the others are still added.
"""

from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st

from briefmap.i18n import t
from briefmap.library import AddError, Draft
from briefmap.text.reading import SUFFIXES
from ui.library_access import library
from ui.news_panel import news_summary

DRAFTS = "add_drafts"  # file key -> Draft | AddError
ROUND = "add_round"  # how many batches were added (the uploader's key)
UPLOAD_TYPES = sorted(s.lstrip(".") for s in SUFFIXES)
STAGE_LABEL = {
    "reading": "reading",
    "places": "finding places",
    "themes": "themes, dates and flows",
    "storing": "storing",
    "done": "done",
}


def main() -> None:
    st.set_page_config(page_title="Add briefs · briefmap", page_icon=":world_map:", layout="wide")
    st.title("Add briefs")
    lib = library()
    st.caption(
        f"Briefs you add are kept in your data folder, {lib.folder.root} (with the store"
        " and your gazetteer additions); the files are copied there as they are. Polish and"
        f" English; PDF with a text layer, DOCX, HTML, Markdown, text; up to"
        f" {lib.max_bytes // 1_000_000} MB each."
    )
    state = st.session_state
    state.setdefault(DRAFTS, {})
    state.setdefault(ROUND, 0)
    upload, paste = st.tabs(["Upload files", "Paste text"])
    with upload:
        files = st.file_uploader(
            "Brief files",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key=f"add_files_{state[ROUND]}",  # a new key empties the uploader after adding
        )
        read_uploads(files or [])
    with paste, st.form("paste", clear_on_submit=True):
        text = st.text_area("The brief's text", height=220, key="paste_text")
        title = st.text_input("Title (else its first line)", key="paste_title")
        if st.form_submit_button("Read the text"):
            key = "paste:" + hashlib.sha256(text.encode()).hexdigest()[:16]
            try:
                state[DRAFTS][key] = lib.prepare(
                    "pasted text", text=text, meta={"title": title} if title else None
                )
            except AddError as exc:
                state[DRAFTS][key] = exc
    drafts = {k: d for k, d in state[DRAFTS].items() if isinstance(d, Draft)}
    for err in state[DRAFTS].values():
        if isinstance(err, AddError):
            st.error(str(err), icon="⚠️")
            if err.kind == "duplicate":  # the news of a brief added again: none
                st.caption(t("news_nothing_again", str(state.get("lang") or "en")))
    if not drafts:
        return
    st.subheader(f"Ready to add: {len(drafts)}")
    edited = {key: metadata_form(key, d) for key, d in drafts.items()}
    if st.button(f"Add {len(drafts)} brief{'s' * (len(drafts) != 1)}", type="primary"):
        show_results(add(drafts, edited))  # the bar stays, at "Done", the results under it


def read_uploads(files) -> None:
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
    if not new:
        return
    bar = st.progress(0.0, text="Reading…")
    for k, (key, name, data) in enumerate(new):

        def progress(stage: str, share: float, k: int = k, name: str = name) -> None:
            bar.progress((k + share) / len(new), text=f"{name} ({k + 1}/{len(new)}): reading")

        try:
            drafts[key] = lib.prepare(name, data, progress=progress)
        except AddError as exc:
            drafts[key] = exc
    bar.progress(1.0, text=f"Read {len(new)} file{'s' * (len(new) != 1)}")


def metadata_form(key: str, d: Draft) -> dict:
    """Editable metadata of one draft; returns what the fields hold now."""
    b = d.brief
    found = d.found.get("source")
    with st.expander(f"{d.name} — {b.title}", expanded=True):
        if found:
            st.caption(f"Metadata found in {found}; edit it as you like.")
        if d.notes:
            st.caption("Notes: " + "; ".join(d.notes))
        c1, c2 = st.columns(2)
        title = c1.text_input("Title", b.title, key=f"{key}:title")
        publisher = c2.text_input("Publisher", b.publisher, key=f"{key}:publisher")
        author = c1.text_input("Author", b.author, key=f"{key}:author")
        url = c2.text_input("Address (URL)", b.url, key=f"{key}:url")
        when = c1.date_input(
            "Publication date",
            b.date_start,
            min_value=date(1900, 1, 1),
            max_value=date(2100, 12, 31),
            key=f"{key}:date",
        )
        language = c2.selectbox(
            "Language",
            ["pl", "en"],
            index=0 if b.language == "pl" else 1,
            format_func={"pl": "Polish", "en": "English"}.get,
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


def add(drafts: dict[str, Draft], edited: dict[str, dict]) -> list:
    """Add every draft, one transaction each, with a progress bar over the batch."""
    lib = library()
    bar = st.progress(0.0, text="Adding…")
    results = []
    n = len(drafts)
    for k, (key, d) in enumerate(drafts.items()):

        def progress(stage: str, share: float, k: int = k, d: Draft = d) -> None:
            bar.progress(
                min(1.0, (k + share) / n),
                text=f"{d.name} ({k + 1}/{n}): {STAGE_LABEL.get(stage, stage)}",
            )

        try:
            results.append((d.name, lib.commit(d, meta=edited[key], progress=progress)))
        except AddError as exc:
            results.append((d.name, exc))
        st.session_state[DRAFTS].pop(key, None)
    bar.progress(1.0, text=f"Done: {n} file{'s' * (n != 1)}")
    st.session_state[DRAFTS] = {}  # the batch is done, its problems said in the results
    st.session_state[ROUND] += 1
    return results


def show_results(results: list) -> None:
    for name, r in results:
        if isinstance(r, AddError):
            st.error(str(r), icon="⚠️")
        else:
            st.success(
                f"Added {name}: “{r.title}”, {r.mentions} place mentions, {r.flows} flows.",
                icon="✅",
            )
            st.page_link(
                "pages/review.py",
                label=f"Review what was found in “{r.title}”",
                query_params={"brief": r.brief_id},
            )
            news_summary(r.brief_id)


main()
