"""Briefing mode: present a brief, the dashboard's view or a curated briefing, step by step.

A page of the dashboard (Streamlit lists ``pages/`` in the sidebar navigation, at
``/briefing``). It reads the view from the URL the way the dashboard writes it
(``ui.view_url``), so a dashboard link with its path changed to ``/briefing`` presents that
view; ``?brief=ID`` presents one brief, ``?briefing=NAME`` a file of ``geodata/briefings``,
``?step=N`` opens at a step. The presentation itself is the client-side player of
``layers.briefing_player``, the same document as the offline HTML export (with Leaflet served by
this app instead of inlined): stepping, keys, full screen and the step in the URL need no
rerun. The sidebar chooses what to present and offers the exports of it.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from briefmap import i18n
from briefmap.errors import BriefingError, ExportError
from briefmap.i18n import t
from briefmap.present.export import MIME, export_bytes, file_name
from briefmap.present.html_export import briefing_map, html_document
from briefmap.present.steps import briefing_files, find_briefing, load_briefing
from briefmap.present.view import View, steps_of
from layers.assets import VENDOR_URL
from ui.store_access import open_store, store_key_or_stop
from ui.view_url import describe, notice_text, read_view

PLAYER_HEIGHT = 600  # the player then fits the frame to the window's height
PAGE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 1.6rem; padding-bottom: 0.5rem; }
</style>
"""


class K:
    """Session-state keys of this page (the dashboard's are its own)."""

    ready = "bf_ready"  # the URL was read into the widgets
    lang = "bf_lang"
    source = "bf_source"  # "view:text" | "view:date" | "file:<name>"
    brief = "bf_brief"  # "" (all briefs of the view) or a brief id
    selection = "bf_selection"  # what the step in the URL belongs to


@st.cache_data(show_spinner=False, max_entries=16)
def player_html(key: tuple[str, float], view: View) -> str:
    """The player's page for ``view`` (Leaflet from this app's static files)."""
    return html_document(briefing_map(open_store(*key), view, vendor=VENDOR_URL), inline=False)


@st.cache_data(show_spinner=False, max_entries=16)
def step_count(key: tuple[str, float], view: View) -> int:
    return len(steps_of(open_store(*key), view))


def read_url_once(briefings: dict[str, str]) -> None:
    """On the first run of the page in a session, set the widgets from the URL."""
    state = st.session_state
    if state.get(K.ready):
        return
    state[K.ready] = True
    view = read_view(st.query_params.to_dict())
    state[K.lang] = view.language if "lang" in st.query_params else state.get("lang", "en")
    if view.briefing and view.briefing in briefings:
        state[K.source] = f"file:{view.briefing}"
    else:
        state[K.source] = f"view:{view.order}"
    # one brief named by the link (the dashboard's reader) and no briefs filter: present it
    state[K.brief] = view.brief if view.brief and not view.filters.briefs else ""
    state[K.selection] = (state[K.source], state[K.brief])


def write_url(params: dict[str, str]) -> None:
    """Put the page's choices in the URL; the step stays while the selection does (the
    player keeps it up to date in the browser)."""
    state = st.session_state
    selection = (state.get(K.source), state.get(K.brief))
    current = st.query_params.to_dict()
    if selection == state.get(K.selection) and current.get("step"):
        params["step"] = current["step"]
    state[K.selection] = selection
    if params != current:
        st.query_params.from_dict(params)


def sidebar(key: tuple[str, float], briefings: dict[str, str]) -> tuple[View, dict[str, str]]:
    """The choices of the sidebar, as the ``View`` to present and the URL that says it."""
    url = read_view(st.query_params.to_dict())
    sb = st.sidebar
    sb.radio(
        t("language", st.session_state.get(K.lang, "en")),
        i18n.LANGUAGES,
        format_func=i18n.LANGUAGE_NAMES.get,
        key=K.lang,
        horizontal=True,
    )
    lang = i18n.language(st.session_state.get(K.lang))
    options = ["view:text", "view:date", *(f"file:{name}" for name in briefings)]
    if st.session_state.get(K.source) not in options:
        st.session_state[K.source] = "view:text"

    def source_label(value: str) -> str:
        if value == "view:text":
            return t("briefing_source_view", lang)
        if value == "view:date":
            return t("briefing_source_dates", lang)
        return t("briefing_source_file", lang, title=briefings[value[5:]])

    source = sb.selectbox(
        t("briefing_source", lang), options, key=K.source, format_func=source_label
    )
    store = open_store(*key)
    all_briefs = {b["id"]: b for b in store.briefs()}
    params = dict(url.params)
    if url.filters.places:  # only these places (the news page's "present what it changes")
        params["places"] = ",".join(url.filters.places)
    if lang != "en":
        params["lang"] = lang
    if source.startswith("file:"):
        name = source[5:]
        params["briefing"] = name
        path = find_briefing(name)
        view = View(language=lang, briefing=str(path) if path else name)
    else:
        ids = ["", *all_briefs]
        if st.session_state.get(K.brief) not in ids:
            st.session_state[K.brief] = ""
        brief = sb.selectbox(
            t("briefing_brief", lang),
            ids,
            key=K.brief,
            format_func=lambda i: (
                _short(all_briefs[i]["title"], 70) if i else t("briefing_all_briefs", lang)
            ),
        )
        f = url.filters
        if brief:
            f = replace(f, briefs=(brief,))
            params["brief"] = brief
        order = source[5:]
        if order == "date":
            params["order"] = "date"
        view = View(filters=f, language=lang, order=order, centre=url.centre)
        shown = {**url.params, **({"places": params["places"]} if "places" in params else {})}
        note = describe(shown) or t("briefing_no_filters", lang)
        sb.caption(t("briefing_view_note", lang, filters=note))
        if url.notices:  # checked as the dashboard checks a link: say what was left out
            sb.warning(notice_text(url.notices, lang))
    return view, params


def exports(key: tuple[str, float], view: View, lang: str) -> None:
    """Download buttons for every export of ``view``, each made when it is clicked."""
    sb = st.sidebar
    with sb.expander(t("export_title", lang), expanded=False):
        st.caption(t("export_help", lang))
        buttons = [
            ("html", False, "export_html"),
            ("geojson", False, "export_geojson"),
            ("csv", False, "export_csv"),
            ("csv", True, "export_csv_flows"),
            ("gpkg", False, "export_gpkg"),
            ("png", False, "export_png"),
            ("svg", False, "export_svg"),
        ]
        for fmt, flows, label in buttons:

            def make(fmt: str = fmt, flows: bool = flows) -> bytes:
                return export_bytes(open_store(*key), fmt, view, flows=flows)

            st.download_button(
                t(label, lang),
                data=make,
                file_name=file_name(view, fmt, flows),
                mime=MIME[fmt],
                key=f"bf-export-{fmt}-{int(flows)}",
                on_click="ignore",
                use_container_width=True,
            )


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def main() -> None:
    st.set_page_config(page_title="briefmap · briefing", page_icon=":world_map:", layout="wide")
    lang = i18n.language(st.session_state.get(K.lang) or st.query_params.get("lang"))
    key = store_key_or_stop(lang)
    briefings: dict[str, str] = {}
    for path in briefing_files():
        try:
            briefings[path.stem] = load_briefing(path).title
        except BriefingError as exc:  # listed with its problem, so its author sees it
            briefings[path.stem] = f"{path.name} ({exc.problems[0]})"
    read_url_once(briefings)
    view, params = sidebar(key, briefings)
    lang = view.language
    try:
        n = step_count(key, view)
        html = player_html(key, view)
    except BriefingError as exc:
        st.error(t("briefing_error", lang))
        st.code("\n".join(exc.problems), language=None)
        write_url(params)
        st.stop()
    except ExportError as exc:
        st.error(str(exc))
        st.stop()
    exports(key, view, lang)
    st.html(PAGE_CSS)
    st.caption(f"{t('briefing_steps_count', lang, n=n)} · {t('briefing_help', lang)}")
    st.iframe(html, height=PLAYER_HEIGHT)
    write_url(params)


main()
