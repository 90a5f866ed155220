"""A view of the store: what an export, the picture and the briefing page show.

A :class:`View` is what the dashboard shows: ``Filters`` (briefs, themes, …), a language,
and how the briefing steps through it (text or date order, or a curated briefing file).
Here is what every presentation of a view shares: checking it (:func:`check_view`), the
briefs of its briefing (:func:`resolve`), its steps and title, and the store's answers for
its map, read once (:func:`map_data`). The formats that draw or write it sit beside this
module (``html_export``, ``data_files``, ``picture``) and ``export`` chooses among them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from briefmap import i18n
from briefmap.analysis.themes import load_taxonomy
from briefmap.errors import Errors, ExportError
from briefmap.i18n import t
from briefmap.news.crossing_status import status_timeline, timeline_rows
from briefmap.places.curated import load_curated
from briefmap.present.steps import Steps, briefing_steps, load_briefing, view_steps
from briefmap.store import Filters, Store
from layers.place_symbols import OTHER_THEME


@dataclass(frozen=True)
class View:
    """What an export shows: ``filters``; steps in ``order`` ("text" or "date") or from a
    curated ``briefing`` file; ``start`` step; ``centre`` (lat, lon, zoom) of the map's
    current view for a picture (else the picture fits the places)."""

    filters: Filters = field(default_factory=Filters)
    language: str = "en"
    order: str = "text"
    briefing: str | None = None
    start: int = 1
    centre: tuple[float, float, int] | None = None


def check_view(store: Store, view: View) -> None:
    """Raise :class:`ExportError` when the view names a brief or a theme the store does not
    have (a typo would otherwise export an empty file without a word)."""
    known = {b["id"] for b in store.briefs()}
    for b in view.filters.briefs:
        if b not in known:
            raise ExportError(
                Errors.E201.format(
                    brief=b, store=store.path, known=", ".join(sorted(known)) or "none"
                )
            )
    themes = {th.id for th in load_taxonomy()}
    for th in view.filters.themes:
        if th not in themes:
            raise ExportError(Errors.E202.format(theme=th, known=", ".join(sorted(themes))))
    if view.order not in ("text", "date"):
        raise ExportError(Errors.E203.format(value=view.order))


def resolve(view: View) -> View:
    """``view``, with the briefs of its briefing file as its brief filter when it names no
    brief itself: the map and the data of a briefing are those of the briefs it presents."""
    if not view.briefing or view.filters.briefs:
        return view
    briefs = tuple(dict.fromkeys(s.brief for s in load_briefing(view.briefing).steps if s.brief))
    return replace(view, filters=replace(view.filters, briefs=briefs))


def steps_of(store: Store, view: View) -> Steps:
    """The briefing steps of ``view`` (a curated file's, else the view's own)."""
    if view.briefing:
        return briefing_steps(load_briefing(view.briefing), store)
    return view_steps(store, view.filters, view.order)


def autoplay(view: View) -> float:
    """Seconds per step of the view's briefing file when played (0: none, or no file)."""
    if not view.briefing:
        return 0.0
    try:
        return load_briefing(view.briefing).autoplay
    except ValueError:
        return 0.0


def view_title(store: Store, view: View, steps: Steps | None = None) -> str:
    """The briefing's title, the one brief's title, or "Places in N briefs"."""
    if steps is not None and steps.title:
        return steps.title
    briefs = {b["id"]: b for b in store.briefs()}
    chosen = [briefs[b] for b in view.filters.briefs if b in briefs]
    if len(chosen) == 1:
        return i18n.citation(chosen[0], view.language)
    n = len(chosen) or store.totals(view.filters)["briefs"]
    return t("export_title_view", view.language, n=n)


def sources(store: Store, f: Filters, language: str, limit: int = 3) -> list[str]:
    """Citations of the briefs with a mention under ``f``, newest first (at most ``limit``,
    then "+ N")."""
    briefs = {b["id"]: b for b in store.briefs()}
    ids = store.brief_ids(f)
    shown = [i18n.citation(briefs[b], language) for b in ids[:limit] if b in briefs]
    if len(ids) > limit:
        shown.append(f"+ {len(ids) - limit}")
    return shown


# -- what the map of a view draws (the HTML export, the briefing page, the picture) ------------
@dataclass
class MapData:
    """What the map of a view draws, read once from the store (one row per place)."""

    places: list[dict]
    counts: dict[str, int]
    unthemed: dict[str, int]
    examples: dict[str, dict]
    flows: list[dict]
    crossings: list[dict]
    totals: dict[str, int] = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)


def map_data(store: Store, f: Filters) -> MapData:
    """The store's answers for the map under ``f`` (as the dashboard asks them)."""
    places = store.place_summary(f)
    unthemed = store.unthemed_counts(f)
    counts = store.theme_counts(f)
    if unthemed:
        counts[OTHER_THEME] = sum(unthemed.values())
    events = store.events(f)
    return MapData(
        places=places,
        counts=counts,
        unthemed=unthemed,
        examples=store.place_examples(f),
        flows=store.flows(f),
        crossings=crossing_rows(places, events),
        totals=store.totals(f),
        events=events,
    )


def crossing_rows(
    places: Sequence[Mapping],
    events: Sequence[Mapping] = (),
    timelines: Mapping[str, dict] | None = None,
) -> list[dict]:
    """The curated border crossings with their mentions among ``places`` (place_summary
    rows) and their status over time by the curated history and ``events`` (``Store.events``
    rows; ``status_timeline``, see ``briefmap.news.crossing_status``), as
    ``layers.crossings`` draws them. ``timelines``: what ``crossing_timelines(events)``
    gives, if the caller keeps it (the same events under every theme filter)."""
    counts = {p["id"]: p["mentions"] for p in places}
    if timelines is None:
        timelines = crossing_timelines(events)
    return [
        {
            **rec,
            "name": rec["name_en"],
            "mentions": counts.get(rec["id"], 0),
            "status_timeline": timelines[rec["id"]],
        }
        for rec in load_curated()
        if rec.get("kind") == "border_crossing"
    ]


def crossing_timelines(events: Sequence[Mapping] = ()) -> dict[str, dict]:
    """Each curated crossing's status timeline (``timeline_rows`` of ``status_timeline``)
    by the curated history and ``events``, by crossing id."""
    by_place: dict[str, list[Mapping]] = {}
    for ev in events:  # grouped once: each crossing reads only its own events
        pid = str((ev.get("place") or {}).get("place_id") or "")
        by_place.setdefault(pid, []).append(ev)
    return {
        rec["id"]: timeline_rows(status_timeline(rec, by_place.get(rec["id"], [])))
        for rec in load_curated()
        if rec.get("kind") == "border_crossing"
    }
