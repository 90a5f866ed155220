"""Briefing steps: the places (and flows) a presentation walks a room through, in order.

A step is one place with one excerpt that mentions it (or one flow with its sentence), and
what the presenter adds: a caption, a zoom, the layers to show. Steps come from

- a view of the store (:func:`view_steps`): under the current filters, one step per place
  at its first mention, in text order (for one brief: the order the brief names its
  places; flows come at their sentence) or by the event date the excerpt names;
- a curated briefing file (:func:`load_briefing`, then :func:`briefing_steps` against a
  store): ``geodata/briefings/*.toml``, whose format is documented in
  ``geodata/briefings/README.md``.

A briefing file is checked in two passes, each reporting every problem as one line that
names the file, the step and what to do (:class:`BriefingError`): its shape when it is
loaded, and its places, flows and excerpts against the store they are shown from.
Importable without Streamlit or folium; the store is read only through ``Store`` methods.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from briefmap.errors import BriefingError, Errors
from briefmap.shipped import GEODATA_DIR
from briefmap.store import Filters, Store

BRIEFINGS_DIR = GEODATA_DIR / "briefings"
#: the layers a step can show (``layers.briefing_player`` knows the map's groups by these names)
LAYERS = ("themes", "flows", "crossings", "borders")
ORDERS = ("text", "date")
#: a view of thousands of places is not a briefing: the first this many places are stepped
MAX_STEPS = 150
MIN_ZOOM, MAX_ZOOM = 3, 12
MAX_CAPTION = 600  # characters: a caption is read aloud from the screen, not an essay

_TOP_KEYS = {"title", "brief", "language", "author", "note", "autoplay", "step"}
_STEP_KEYS = {"place", "flow", "brief", "excerpt", "zoom", "layers", "caption"}


@dataclass
class StepSpec:
    """One ``[[step]]`` of a briefing file, as written (checked for shape only)."""

    number: int
    place: str = ""
    flow: tuple[str, ...] = ()
    brief: str = ""
    excerpt: str | int = 1  # words the excerpt contains, or the n-th mention (from 1)
    zoom: int | None = None
    layers: tuple[str, ...] | None = None
    caption: str = ""


@dataclass
class Briefing:
    """A curated briefing file: its steps in order and what it says about itself."""

    path: str
    title: str
    brief: str = ""
    language: str = ""
    author: str = ""
    note: str = ""
    autoplay: float = 0.0
    steps: list[StepSpec] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The file's name without ``.toml`` (how links and the CLI name it)."""
        return Path(self.path).stem


@dataclass
class Step:
    """One step of a presentation: a place with the mention whose excerpt is shown
    (``kind == "place"``), or a flow with its sentence (``kind == "flow"``).

    ``mention`` is a ``Store.mentions`` row (its offsets index the brief's reading text),
    ``flow`` a ``Store.flows`` row, ``place`` a ``Store.place`` row (with ``attrs``, for the
    region's polygon). ``zoom`` and ``layers`` are ``None`` when the step leaves them to
    the player (a zoom that fits the place; every layer)."""

    kind: str
    place: dict | None = None
    mention: dict | None = None
    flow: dict | None = None
    caption: str = ""
    zoom: int | None = None
    layers: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        """What the step shows, as an id: the place id, or ``flow:<id>``."""
        if self.kind == "flow" and self.flow is not None:
            return f"flow:{self.flow['id']}"
        return str((self.place or {}).get("id") or (self.mention or {}).get("place_id"))


@dataclass
class Steps:
    """The steps of a presentation, and how many the view had (``total`` > ``len(steps)``
    when the view had more places than :data:`MAX_STEPS`)."""

    steps: list[Step]
    total: int
    title: str = ""
    note: str = ""

    def __len__(self) -> int:
        return len(self.steps)


# -- steps of a view ------------------------------------------------------------------------
def view_steps(
    store: Store,
    f: Filters | None = None,
    order: str = "text",
    limit: int = MAX_STEPS,
    flows: bool = True,
) -> Steps:
    """One step per place under ``f`` at its first mention in ``order`` (see
    ``Store.first_mentions``), and, if ``flows``, one per route of the flows under ``f`` at
    its first sentence (text order) or its first event date (date order; undated flows are
    left out). Places too
    coarse to draw (a continent) get no step. At most ``limit`` steps, the first ones."""
    if order not in ORDERS:
        raise ValueError(Errors.E137.format(known=", ".join(ORDERS), value=order))
    f = f or Filters()
    mentions = [
        m for m in store.first_mentions(f, order=order) if m.get("precision") != "continent"
    ]
    rank = {b["id"]: k for k, b in enumerate(store.briefs())}
    keyed: list[tuple[tuple, Step]] = []
    for m in mentions:
        keyed.append((_sort_key(order, m, rank, m["start"], 0), Step("place", mention=m)))
    if flows:
        routes: set[tuple] = set()
        for fl in sorted(store.flows(f), key=lambda fl: _sort_key(order, fl, rank, 0, 1)):
            if order == "date" and not fl.get("date_min"):
                continue
            if _route(fl) in routes:  # one step per route, at its first sentence (as places)
                continue
            routes.add(_route(fl))
            # after the places its sentence names first, so they are introduced before it
            key = _sort_key(order, fl, rank, fl["excerpt_end"], 1)
            keyed.append((key, Step("flow", flow=fl)))
    keyed.sort(key=lambda ks: ks[0])
    steps = [s for _, s in keyed[:limit]]
    # the places' records (with the attributes a region's polygon is found by), only for
    # the steps shown: a view of an archive has thousands of places
    places = _places(store, [s.mention["place_id"] for s in steps if s.mention])
    for s in steps:
        if s.mention is not None:
            s.place = places.get(s.mention["place_id"]) or _place_of(s.mention)
    return Steps(steps, len(keyed))


def _route(fl: Mapping) -> tuple:
    """What makes flows of several sentences (or briefs) the same line: stops, kind, goods."""

    def pid(p: Mapping | None) -> str:
        return str(p["place_id"]) if p else ""

    via = tuple(pid(v) for v in fl.get("via") or ())
    return (
        pid(fl.get("origin")),
        via,
        pid(fl.get("destination")),
        fl.get("kind"),
        fl.get("commodity"),
    )


def _sort_key(order: str, row: Mapping, rank: Mapping[str, int], offset: int, kind: int) -> tuple:
    text = (rank.get(row["brief_id"], len(rank)), row["brief_id"], offset, kind)
    if order == "date":
        return (str(row.get("date_min") or ""), str(row.get("date_max") or ""), *text)
    return text


def _places(store: Store, ids: Sequence[str]) -> dict[str, dict]:
    out = {}
    for pid in dict.fromkeys(ids):
        p = store.place(pid)
        if p is not None:
            out[pid] = p
    return out


def _place_of(m: Mapping) -> dict:
    """A place record from the place columns of a mention row (a place always has a row
    in the store; this is for rows made without one, e.g. in tests)."""
    return {
        "id": m["place_id"],
        "name": m.get("place_name"),
        "name_pl": m.get("place_name_pl"),
        "kind": m.get("kind"),
        "country": m.get("country"),
        "lat": m["lat"],
        "lon": m["lon"],
        "precision": m.get("precision"),
        "attrs": {},
    }


# -- briefing files ---------------------------------------------------------------------------
def briefings_dir() -> Path:
    """The folder of briefing files: ``$BRIEFMAP_BRIEFINGS``, else ``geodata/briefings``."""
    return Path(os.environ.get("BRIEFMAP_BRIEFINGS") or BRIEFINGS_DIR)


def briefing_files(folder: Path | str | None = None) -> list[Path]:
    """The briefing files of ``folder`` (default :func:`briefings_dir`), by name."""
    folder = Path(folder) if folder is not None else briefings_dir()
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def find_briefing(name: str, folder: Path | str | None = None) -> Path | None:
    """The briefing file called ``name`` (its file name, with or without ``.toml``) in
    ``folder``, or ``None``. Only names of files listed there are found: a name from a URL
    cannot reach a file elsewhere."""
    stem = name.removesuffix(".toml")
    for path in briefing_files(folder):
        if path.stem == stem:
            return path
    return None


def load_briefing(path: Path | str) -> Briefing:
    """Read and check the shape of a briefing file. Raises :class:`BriefingError` with one
    line per problem (a missing or unreadable file, bad TOML, an unknown key, a step with
    no place or flow, a zoom out of range, an unknown layer, ...)."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BriefingError([Errors.E101.format(where=p)]) from None
    except UnicodeDecodeError:
        raise BriefingError([Errors.E102.format(where=p)]) from None
    except tomllib.TOMLDecodeError as exc:
        raise BriefingError([Errors.E103.format(where=p, error=exc)]) from None
    problems: list[str] = []
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(Errors.E104.format(where=p, key=key, known=", ".join(sorted(_TOP_KEYS))))
    title = _text(data, "title", f"{p}", problems, required=True)
    autoplay = data.get("autoplay", 0)
    if not isinstance(autoplay, (int, float)) or isinstance(autoplay, bool) or autoplay < 0:
        problems.append(Errors.E105.format(where=p, value=autoplay))
        autoplay = 0
    briefing = Briefing(
        path=str(p),
        title=title,
        brief=_text(data, "brief", f"{p}", problems),
        language=_text(data, "language", f"{p}", problems),
        author=_text(data, "author", f"{p}", problems),
        note=_text(data, "note", f"{p}", problems),
        autoplay=float(autoplay),
    )
    if briefing.language and briefing.language not in ("en", "pl"):
        problems.append(Errors.E106.format(where=p, value=briefing.language))
    raw_steps = data.get("step")
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.append(Errors.E107.format(where=p))
        raw_steps = []
    for n, raw in enumerate(raw_steps, 1):
        spec = _step_spec(raw, n, f"{p}: step {n}", briefing, problems)
        if spec is not None:
            briefing.steps.append(spec)
    if problems:
        raise BriefingError(problems)
    return briefing


def _text(
    data: Mapping[str, Any], key: str, where: str, problems: list[str], required: bool = False
) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        problems.append(Errors.E108.format(where=where, key=key, type=type(value).__name__))
        return ""
    if required and not value.strip():
        problems.append(Errors.E109.format(where=where, key=key))
    return value.strip()


def _step_spec(
    raw: object, n: int, where: str, briefing: Briefing, problems: list[str]
) -> StepSpec | None:
    if not isinstance(raw, dict):
        problems.append(Errors.E110.format(where=where))
        return None
    before = len(problems)
    for key in sorted(set(raw) - _STEP_KEYS):
        problems.append(
            Errors.E104.format(where=where, key=key, known=", ".join(sorted(_STEP_KEYS)))
        )
    spec = StepSpec(number=n)
    place, flow = raw.get("place"), raw.get("flow")
    if (place is None) == (flow is None):
        problems.append(Errors.E111.format(where=where))
    elif place is not None:
        if not isinstance(place, str) or not place.strip():
            problems.append(Errors.E112.format(where=where))
        else:
            spec.place = place.strip()
    else:
        if (
            not isinstance(flow, list)
            or len(flow) < 2
            or not all(isinstance(x, str) and x.strip() for x in flow)
        ):
            problems.append(Errors.E113.format(where=where))
        else:
            spec.flow = tuple(x.strip() for x in flow)
    spec.brief = _text(raw, "brief", where, problems) or briefing.brief
    if not spec.brief:
        problems.append(Errors.E114.format(where=where))
    excerpt = raw.get("excerpt", 1)
    if isinstance(excerpt, bool) or not isinstance(excerpt, (str, int)):
        problems.append(Errors.E115.format(where=where))
    elif isinstance(excerpt, int) and excerpt < 1:
        problems.append(Errors.E116.format(where=where, value=excerpt))
    elif isinstance(excerpt, str) and not excerpt.strip():
        problems.append(Errors.E117.format(where=where))
    else:
        spec.excerpt = excerpt.strip() if isinstance(excerpt, str) else excerpt
    zoom = raw.get("zoom")
    if zoom is not None:
        if isinstance(zoom, bool) or not isinstance(zoom, int) or not MIN_ZOOM <= zoom <= MAX_ZOOM:
            problems.append(Errors.E118.format(where=where, low=MIN_ZOOM, high=MAX_ZOOM))
        else:
            spec.zoom = zoom
    layers = raw.get("layers")
    if layers is not None:
        if not isinstance(layers, list) or not all(isinstance(x, str) for x in layers):
            problems.append(Errors.E119.format(where=where))
        else:
            unknown = [x for x in layers if x not in LAYERS]
            if unknown:
                problems.append(
                    Errors.E120.format(where=where, layer=unknown[0], known=", ".join(LAYERS))
                )
            else:
                spec.layers = tuple(dict.fromkeys(layers))
    caption = raw.get("caption", "")
    if not isinstance(caption, str):
        problems.append(Errors.E121.format(where=where))
    elif len(caption) > MAX_CAPTION:
        problems.append(Errors.E122.format(where=where, n=len(caption), most=MAX_CAPTION))
    else:
        spec.caption = caption.strip()
    return spec if len(problems) == before else None


def briefing_steps(briefing: Briefing, store: Store) -> Steps:
    """The steps of ``briefing`` resolved against ``store``: each place step gets the
    mention of its place in its brief that the step chose (words the excerpt contains, or
    the n-th mention), each flow step the flow of its brief with those stops. Raises
    :class:`BriefingError` with one line per step that cannot be resolved."""
    problems: list[str] = []
    steps: list[Step] = []
    briefs = {b["id"] for b in store.briefs()}
    cache: dict[str, tuple[list[dict], list[dict]]] = {}
    for spec in briefing.steps:
        where = f"{briefing.path}: step {spec.number}"
        if spec.brief not in briefs:
            problems.append(Errors.E131.format(where=where, brief=spec.brief))
            continue
        if spec.brief not in cache:
            f = Filters(briefs=(spec.brief,))
            cache[spec.brief] = (store.mentions(f, brief_id=spec.brief), store.flows(f))
        mentions, flows = cache[spec.brief]
        step = (
            _place_step(spec, mentions, store, where, problems)
            if spec.place
            else _flow_step(spec, flows, where, problems)
        )
        if step is not None:
            step.caption, step.zoom, step.layers = spec.caption, spec.zoom, spec.layers
            steps.append(step)
    if problems:
        raise BriefingError(problems)
    return Steps(steps, len(steps), title=briefing.title, note=briefing.note)


def _chosen(rows: list[dict], excerpt: str | int, text_of) -> tuple[dict | None, str]:
    """The row ``excerpt`` chooses among ``rows`` (text order), and why none did."""
    if isinstance(excerpt, int):
        if excerpt > len(rows):
            return None, f"has {len(rows)}, so there is no no. {excerpt}"
        return rows[excerpt - 1], ""
    wanted = " ".join(excerpt.split()).casefold()
    for r in rows:
        if wanted in " ".join(text_of(r).split()).casefold():
            return r, ""
    return None, f"none of them contains {excerpt!r}"


def _place_step(
    spec: StepSpec, mentions: list[dict], store: Store, where: str, problems: list[str]
) -> Step | None:
    place = store.place(spec.place)
    if place is None:
        problems.append(Errors.E132.format(where=where, place=spec.place))
        return None
    rows = [m for m in mentions if m["place_id"] == spec.place]
    if not rows:
        named = ", ".join(dict.fromkeys(m["place_id"] for m in mentions))
        problems.append(
            Errors.E133.format(where=where, brief=spec.brief, place=spec.place, named=named)
        )
        return None
    row, why = _chosen(rows, spec.excerpt, lambda r: r["excerpt"])
    if row is None:
        problems.append(
            Errors.E134.format(
                where=where, place=spec.place, n=len(rows), brief=spec.brief, why=why
            )
        )
        return None
    return Step("place", place=place, mention=row)


def _flow_step(spec: StepSpec, flows: list[dict], where: str, problems: list[str]) -> Step | None:
    def stops(fl: Mapping) -> tuple[str, ...]:
        ends = [fl.get("origin"), *(fl.get("via") or ()), fl.get("destination")]
        return tuple(str(e["place_id"]) for e in ends if e)

    rows = [fl for fl in flows if stops(fl) == spec.flow]
    if not rows:
        found = "; ".join(" > ".join(stops(fl)) for fl in flows) or "none"
        problems.append(
            Errors.E135.format(
                where=where, brief=spec.brief, flow=" > ".join(spec.flow), found=found
            )
        )
        return None
    row, why = _chosen(rows, spec.excerpt, lambda r: r["excerpt"])
    if row is None:
        problems.append(
            Errors.E136.format(where=where, flow=" > ".join(spec.flow), n=len(rows), why=why)
        )
        return None
    return Step("flow", flow=row)
