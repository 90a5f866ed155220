"""The first view of a map: where the mentions concentrate, and what lies outside it.

A map fitted to every place drawn shows a brief about Belarus as a corner of a world map the
moment one sentence names the United States. The first view is instead the smallest box
that holds ``SHARE`` (90 %) of the mentions, each place weighted by its mentions; what lies
outside it is listed (grouped by country, with its mentions) so the map can mark it at its
edge and one click can show everything.

"Smallest" is measured as the map measures it: in Web Mercator, by the zoom the box needs in
a map of ``aspect`` (width / height) — the larger of its width over ``aspect`` and its height
— then by area. The search is exact over the places' distinct spots; an archive with more
spots than ``MAX_SPOTS`` is first gathered into grid cells (a cell counts with the full
extent of its places, so the box still holds its share). Pure Python, no Streamlit, used by
the dashboard, the briefing player, the HTML export and the picture.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from briefmap.i18n import count, country_name, place_name

SHARE = 0.9
MAX_SPOTS = 60
ASPECT = 1.6  # a laptop's map beside the panel
_R = 6378137.0


@dataclass(frozen=True)
class Spot:
    """A place to fit: where it is, how many mentions it has, and how to name it and its
    group when it lies outside (``group``: its country's ISO2 code, else its id;
    ``group_name``: the country's name when this spot is the country itself, or the name a
    group of several places outside goes by)."""

    lat: float
    lon: float
    weight: float
    name: str = ""
    group: str = ""
    group_name: str = ""
    country_name: str = ""
    #: (west, south, east, north) of an area drawn for it (a country's outline): the
    #: spot is not outside while any of it is in the view
    extent: tuple[float, float, float, float] | None = None


@dataclass
class Outside:
    """Places outside the first view that belong together (one country): their name, their
    mentions, and the spot the edge marker points to (the most mentioned one)."""

    name: str
    mentions: int
    lat: float
    lon: float
    names: list[str] = field(default_factory=list)
    extent: tuple[float, float, float, float] | None = None


@dataclass
class FirstView:
    """The box to fit ((south, west), (north, east) in degrees), or ``None`` when there is
    nothing to fit; and what lies outside it, most mentioned first."""

    box: tuple[tuple[float, float], tuple[float, float]] | None
    outside: list[Outside]

    def as_leaflet(self) -> list[list[float]] | None:
        """The box as Leaflet bounds ``[[south, west], [north, east]]``."""
        if self.box is None:
            return None
        (s, w), (n, e) = self.box
        return [[s, w], [n, e]]


def _merc(lat: float, lon: float) -> tuple[float, float]:
    lat = 85.0 if lat > 85.0 else -85.0 if lat < -85.0 else lat
    return math.radians(lon) * _R, math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * _R


def _cost(x0: float, y0: float, x1: float, y1: float, aspect: float) -> tuple[float, float]:
    w, h = x1 - x0, y1 - y0
    return max(w / aspect, h), w * h


def smallest_box(
    points: Sequence[tuple[float, float, float]], share: float = SHARE, aspect: float = ASPECT
) -> tuple[float, float, float, float] | None:
    """The smallest box (x0, y0, x1, y1) over ``points`` (x, y, weight) whose points weigh
    at least ``share`` of the total (see the module docstring for "smallest"); ``None``
    for no points. Exact: every pair of west and east edges, and for each the narrowest
    band of latitudes (two pointers over the points between them, sorted by y)."""
    pts = [p for p in points if p[2] > 0] or list(points)
    if not pts:
        return None
    total = sum(max(p[2], 0.0) for p in pts) or float(len(pts))
    weight = (lambda p: max(p[2], 0.0)) if any(p[2] > 0 for p in pts) else (lambda p: 1.0)
    need = share * total - 1e-9
    xs = sorted({p[0] for p in pts})
    by_y = sorted(pts, key=lambda p: p[1])
    best: tuple | None = None
    for i, west in enumerate(xs):
        for east in xs[i:]:
            band = [p for p in by_y if west <= p[0] <= east]
            if sum(weight(p) for p in band) < need:
                continue
            lo, held = 0, 0.0
            for hi, p in enumerate(band):
                held += weight(p)
                while lo < hi and held - weight(band[lo]) >= need:
                    held -= weight(band[lo])
                    lo += 1
                if held >= need:
                    cand = (west, band[lo][1], east, p[1])
                    key = _cost(*cand, aspect)
                    if best is None or key < best[0]:
                        best = (key, cand)
    return best[1] if best else None


def first_view(spots: Sequence[Spot], share: float = SHARE, aspect: float = ASPECT) -> FirstView:
    """The first view of ``spots`` (see the module docstring): the box that holds ``share``
    of their weight, and the groups of spots outside it."""
    spots = [s for s in spots if math.isfinite(s.lat) and math.isfinite(s.lon)]
    if not spots:
        return FirstView(None, [])
    # distinct spots (a country and its capital share one), weights added; each spot
    # projected once (thousands of them at archive scale)
    xys = [_merc(s.lat, s.lon) for s in spots]
    merged: dict[tuple[float, float], float] = {}
    for s, xy in zip(spots, xys, strict=True):
        merged[xy] = merged.get(xy, 0.0) + max(float(s.weight), 0.0)
    cells = _cells(merged)
    picked = smallest_box([(x, y, w) for (x, y), w, _ in cells], share, aspect)
    assert picked is not None
    x0, y0, x1, y1 = picked
    # the box in true coordinates: the full extent of every cell it holds
    held = [ext for (x, y), _, ext in cells if x0 <= x <= x1 and y0 <= y <= y1]
    bx0, by0 = min(e[0] for e in held), min(e[1] for e in held)
    bx1, by1 = max(e[2] for e in held), max(e[3] for e in held)
    box = (bx0, by0, bx1, by1)
    inside = [s for s, xy in zip(spots, xys, strict=True) if _in(xy, box)]
    (south, west), (north, east) = _degrees(bx0, by0), _degrees(bx1, by1)
    if inside:  # exact degrees of the spots, not a round trip through metres
        south, north = min(s.lat for s in inside), max(s.lat for s in inside)
        west, east = min(s.lon for s in inside), max(s.lon for s in inside)
    # a country whose outline reaches into the view is in it, even if its capital is not.
    # By identity, as _outside does: a spot equal to one inside lies at the same place, so
    # it is inside too; comparing dataclasses spot by spot was quadratic (seconds at 7,000).
    held = {id(s) for s in inside}
    inside += [
        s
        for s in spots
        if id(s) not in held
        and s.extent is not None
        and s.extent[0] <= east
        and west <= s.extent[2]
        and s.extent[1] <= north
        and south <= s.extent[3]
    ]
    return FirstView(((south, west), (north, east)), _outside(spots, inside))


def _cells(merged: Mapping[tuple[float, float], float]) -> list:
    """((x, y), weight, (x0, y0, x1, y1)) per spot, or per grid cell when there are more
    than ``MAX_SPOTS`` (a cell at the weighted mean of its spots, with their extent)."""
    if len(merged) <= MAX_SPOTS:
        return [((x, y), w, (x, y, x, y)) for (x, y), w in merged.items()]
    xs = [x for x, _ in merged]
    ys = [y for _, y in merged]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    size = span / 8
    while True:
        grid: dict[tuple[int, int], list] = {}
        for (x, y), w in merged.items():
            grid.setdefault((int(x // size), int(y // size)), []).append((x, y, w))
        if len(grid) <= MAX_SPOTS:
            break
        size *= 1.5
    out = []
    for members in grid.values():
        wsum = sum(w for _, _, w in members)
        if wsum > 0:
            cx = sum(x * w for x, _, w in members) / wsum
            cy = sum(y * w for _, y, w in members) / wsum
        else:
            cx = sum(x for x, _, _ in members) / len(members)
            cy = sum(y for _, y, _ in members) / len(members)
        ext = (
            min(x for x, _, _ in members),
            min(y for _, y, _ in members),
            max(x for x, _, _ in members),
            max(y for _, y, _ in members),
        )
        out.append(((cx, cy), wsum, ext))
    return out


def _in(p: tuple[float, float], b: Sequence[float]) -> bool:
    eps = 1e-6
    return b[0] - eps <= p[0] <= b[2] + eps and b[1] - eps <= p[1] <= b[3] + eps


def _degrees(x: float, y: float) -> tuple[float, float]:
    return math.degrees(2 * math.atan(math.exp(y / _R)) - math.pi / 2), math.degrees(x / _R)


def _outside(spots: Sequence[Spot], inside: Sequence[Spot]) -> list[Outside]:
    """The spots not in ``inside``, grouped (see ``Spot.group``), most mentioned first."""
    held = {id(s) for s in inside}
    groups: dict[str, list[Spot]] = {}
    for s in spots:
        if id(s) not in held:
            groups.setdefault(s.group or s.name or f"{s.lat},{s.lon}", []).append(s)
    out = []
    for members in groups.values():
        members.sort(key=lambda s: (-s.weight, s.name))
        top = members[0]
        named = next((s.group_name for s in members if s.group_name), "")
        if len(members) > 1 and not named:
            named = next((s.country_name for s in members if s.country_name), "")
        out.append(
            Outside(
                name=named or top.name,
                mentions=round(sum(s.weight for s in members)),
                lat=top.lat,
                lon=top.lon,
                names=[s.name for s in members],
                extent=top.extent if len(members) == 1 else None,
            )
        )
    out.sort(key=lambda o: (-o.mentions, o.name))
    return out


def spots_of(
    places: Sequence[Mapping],
    flows: Sequence[Mapping] = (),
    language: str = "en",
    outlines: Mapping[str, tuple[float, float, float, float]] | None = None,
) -> list[Spot]:
    """The spots of ``Store.place_summary`` rows drawn on a map (anything with a position
    and a precision finer than a continent), weighted by mentions, grouped by country; and
    the ends of ``flows`` that are not among them (weight 0: they are drawn, so the map
    marks them when they lie outside, but they do not pull the view). ``outlines`` maps
    an ISO2 code to the (west, south, east, north) of the country's drawn outline, the
    extent of a country-level place."""
    outlines = outlines or {}
    out, seen = [], set()
    for p in places:
        if p.get("precision") not in ("point", "settlement", "region", "country"):
            continue
        if p.get("lat") is None or p.get("lon") is None:
            continue
        iso2 = str(p.get("country") or "")
        name = place_name(p, language)
        seen.add(str(p.get("id")))
        out.append(
            Spot(
                float(p["lat"]),
                float(p["lon"]),
                float(p.get("mentions") or 0),
                name,
                iso2 or str(p.get("id")),
                name if p.get("precision") == "country" else "",
                country_name(iso2, language) if iso2 else "",
                outlines.get(iso2) if p.get("precision") == "country" else None,
            )
        )
    for fl in flows:
        ends = [fl.get("origin"), *(fl.get("via") or ()), fl.get("destination")]
        for e in [*ends, *(fl.get("former") or ())]:
            if not e or str(e.get("place_id")) in seen or e.get("lat") is None:
                continue
            seen.add(str(e.get("place_id")))
            name = place_name(e, language)
            iso2 = str(e.get("country") or "")
            group = iso2 or str(e.get("place_id"))
            nation = country_name(iso2, language) if iso2 else ""
            out.append(Spot(float(e["lat"]), float(e["lon"]), 0.0, name, group, "", nation))
    return out


def edge_labels(view: FirstView, language: str = "en") -> list[dict]:
    """What the map marks at its edge for each group outside the first view: the text
    ("United States, 12 mentions"), where it points (lat, lon) and the names it stands for
    (plain text; the map inserts it as text)."""
    out = []
    for o in view.outside:
        text = f"{o.name}, {count(o.mentions, 'mentions', language)}" if o.mentions else o.name
        edge = {"text": text, "lat": o.lat, "lon": o.lon, "names": o.names}
        if o.extent is not None:
            w, s, e, n = o.extent
            edge["extent"] = [[s, w], [n, e]]
        out.append(edge)
    return out
