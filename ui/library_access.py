"""Cached access to the user's library and store for the pages of ``pages/``.

One :class:`briefmap.library.Library` per server (its gazetteer loaded once), the store
read through ``ui.store_access`` (one read connection per store file), and the
text-selection component the review page uses to add a place the parser missed.
"""

from __future__ import annotations

import streamlit as st

from briefmap.library import Library
from briefmap.store import Store
from ui.store_access import current_store


@st.cache_resource(show_spinner="Opening your briefs…")
def library() -> Library:
    """The library of the default data folder, made ready (seed briefs on first start)."""
    lib = Library()
    lib.ensure()
    lib.gazetteer()  # loaded once per server, before the first search
    return lib


def store() -> Store:
    """The library's store, read through the one connection ``ui.store_access`` keeps (a
    read connection sees every write as it is committed)."""
    return current_store(library().folder.store)


SELECT_CSS = """
.bm-select { white-space: pre-wrap; line-height: 1.7; max-height: 420px; overflow-y: auto;
  padding: 8px 12px; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 6px;
  font-family: Georgia, serif; font-size: 15px; cursor: text; }
.bm-select .auto { background: #fff1b8; border-bottom: 2px solid #e0b000; }
.bm-select .reviewed { background: #d7f5dd; border-bottom: 2px solid #1e8e3e; }
.bm-select .rejected { background: #f1f3f4; text-decoration: line-through; color: #5f6368; }
.bm-select .picked { outline: 2px solid #1a73e8; }
"""
SELECT_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data) { return; }
  let root = parentElement.querySelector(".bm-select");
  if (!root) {
    root = document.createElement("div");
    root.className = "bm-select";
    root.setAttribute("role", "document");
    parentElement.appendChild(root);
    // Offsets come from the runs: each text node's parent says where it starts in the text.
    const offset = (node, at) => {
      const el = node.nodeType === 3 ? node.parentElement : node;
      const run = el && el.closest("[data-start]");
      if (!run || !root.contains(run)) { return null; }
      const start = Number(run.dataset.start);
      if (node.nodeType !== 3) { return start + (at ? run.textContent.length : 0); }
      return start + at;
    };
    root.addEventListener("mouseup", () => {
      const rootNode = root.getRootNode();
      const sel = rootNode.getSelection ? rootNode.getSelection() : window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return; }
      const r = sel.getRangeAt(0);
      let a = offset(r.startContainer, r.startOffset);
      let b = offset(r.endContainer, r.endOffset);
      if (a === null || b === null || b <= a) { return; }
      setTriggerValue("select", { start: a, end: b, brief: root.dataset.brief });
    });
  }
  root.setAttribute("aria-label", data.label || "the brief's text: select words to add a place");
  const key = JSON.stringify([data.brief, data.text.length, data.marks, data.picked]);
  if (root.dataset.key === key) { return; }
  root.dataset.key = key;
  root.dataset.brief = data.brief;
  root.lang = data.language || "";
  root.textContent = "";
  // The text is data, put into the page as text nodes: never parsed as HTML.
  let pos = 0;
  const run = (start, end, cls, title) => {
    if (end <= start) { return; }
    const span = document.createElement("span");
    span.dataset.start = String(start);
    if (cls) { span.className = cls; }
    if (title) { span.title = title; }
    span.textContent = data.text.slice(start, end);
    root.appendChild(span);
  };
  for (const m of data.marks) {
    if (m.start < pos) { continue; }
    run(pos, m.start, "", "");
    run(m.start, m.end, m.status + (m.picked ? " picked" : ""), m.label);
    pos = m.end;
  }
  run(pos, data.text.length, "", "");
}
"""


@st.cache_resource(show_spinner=False)
def select_component():
    """The brief's text, mentions marked by status; selecting words with the mouse reports
    their reading-text offsets (``{"start", "end", "brief"}``) as the "select" trigger."""
    return st.components.v2.component(
        "briefmap_select", css=SELECT_CSS, js=SELECT_JS, isolate_styles=False
    )


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A selection widened to whole words and trimmed of spaces and punctuation at its
    ends (a mouse rarely starts and stops exactly on a word's edge)."""
    start, end = max(0, start), min(len(text), end)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end
