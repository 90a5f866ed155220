"""Border crossings, coloured by status (open / restricted / closed).

Input: crossing records as in ``geodata/places.toml`` (``briefmap.places.curated.load_curated``,
kind ``border_crossing``): id, name_en (or name), name_pl, lat, lon, mode, status,
status_since, status_source, status_note, status_history; and optionally ``mentions``, how
often the briefs under the current filters talk about the crossing. Each crossing is a small
diamond (a different shape from the theme circles), named beside it from zoom
``layers.labels.CLOSE_ZOOM`` on (the base map marks the zoom on the map's container). Its
tooltip is short (name, mode, status and its date, mentions); the popup has the detail (what
exactly is allowed, the source, earlier statuses). Clicking it selects it like any place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import folium

from briefmap.i18n import count, place_name, t
from layers.elements import (
    DivIcon,
    Marker,
    SafePopup,
    SafeTooltip,
    SelectOnClick,
    with_options,
)
from layers.escape import escape
from layers.labels import CLOSE_ZOOM

STATUS_COLOURS = {
    "open": "#009E73",  # bluish green
    "restricted": "#E69F00",  # orange
    "closed": "#C0182A",  # red
}
UNKNOWN_COLOUR = "#888888"

CSS = """
.bm-crossing { width: 10px; height: 10px; transform: rotate(45deg);
  border: 1.5px solid #222; box-sizing: border-box; }
.bm-crossing-name { display: none; position: absolute; left: 14px; top: -2px;
  white-space: nowrap; pointer-events: none; font: 600 11px/14px system-ui, sans-serif;
  color: #222; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.bm-crossing-name.bm-left { left: auto; right: 14px; }
.bm-close .bm-crossing-name { display: block; }
.bm-history { margin: 2px 0 0 14px; padding: 0; }
"""


def crossing_layer(
    crossings: Sequence[Mapping], language: str = "en", show: bool = True
) -> folium.FeatureGroup:
    """One overlay with a diamond per crossing."""
    group = folium.FeatureGroup(name=t("layer_crossings", language), overlay=True, show=show)
    group.add_child(SelectOnClick())
    left = names_on_the_left(crossings, language)
    for c in crossings:
        status = str(c.get("status") or "")
        colour = STATUS_COLOURS.get(status, UNKNOWN_COLOUR)
        side = " bm-left" if str(c["id"]) in left else ""
        icon = DivIcon(
            html=(
                f'<div class="bm-crossing" style="background:{colour}"></div>'
                f'<span class="bm-crossing-name{side}">'
                f"{escape(crossing_name(c, language))}</span>"
            ),
            icon_size=(12, 12),
            icon_anchor=(6, 6),
            class_name="bm-crossing-icon",
        )
        marker = Marker((float(c["lat"]), float(c["lon"])), icon=icon)
        with_options(marker, bmPlace=str(c["id"]))
        marker.add_child(SafeTooltip(crossing_tooltip(c, language), sticky=False))
        marker.add_child(SafePopup(crossing_popup(c, language)))
        group.add_child(marker)
    return group


def names_on_the_left(
    crossings: Sequence[Mapping], language: str = "en", zoom: int = CLOSE_ZOOM
) -> set[str]:
    """Ids of the crossings whose name goes to the left of the diamond: a name is put on
    the right unless, at ``zoom``, it would cover a name already placed or another
    crossing's diamond and the left side is free (crossings a few km apart, e.g. the road
    and the rail crossing of one place). North to south, in pixels of Web Mercator."""
    scale = 256 * 2**zoom

    def pixel(c: Mapping) -> tuple[float, float]:
        lat = math.radians(float(c["lat"]))
        x = (float(c["lon"]) + 180) / 360 * scale
        y = (1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * scale
        return x, y

    def overlaps(a, b) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    points = {str(c["id"]): pixel(c) for c in crossings}
    taken = [(x - 7, y - 7, x + 7, y + 7) for x, y in points.values()]  # the diamonds
    left: set[str] = set()
    for c in sorted(crossings, key=lambda c: (-float(c["lat"]), float(c["lon"]))):
        x, y = points[str(c["id"])]
        width = 7.0 * len(crossing_name(c, language))  # bold 11 px, generous
        right_box = (x + 8, y - 8, x + 16 + width, y + 8)
        left_box = (x - 16 - width, y - 8, x - 8, y + 8)
        box = right_box
        if any(overlaps(right_box, t) for t in taken) and not any(
            overlaps(left_box, t) for t in taken
        ):
            box = left_box
            left.add(str(c["id"]))
        taken.append(box)
    return left


def crossing_name(c: Mapping, language: str = "en") -> str:
    """The crossing's name in ``language`` (plain text)."""
    return place_name({"name": c.get("name") or c.get("name_en"), **c}, language)


def status_label(status: str, language: str = "en") -> str:
    """ "closed" (plain text)."""
    return (
        t(f"status_{status}", language)
        if status in STATUS_COLOURS
        else t("status_unknown", language)
    )


def status_text(c: Mapping, language: str = "en") -> str:
    """ "closed since 2025-10-29" (plain text)."""
    label = status_label(str(c.get("status") or ""), language)
    since = c.get("status_since")
    return t("status_line", language, status=label, date=since) if since else label


def _mode(c: Mapping, language: str) -> str:
    mode = str(c.get("mode") or "")
    return t(f"crossing_mode_{mode}", language) if mode in ("road", "rail") else mode


def crossing_tooltip(c: Mapping, language: str = "en") -> str:
    """Escaped tooltip HTML, two or three lines: name; mode and status with its date;
    mentions under the current filters (when there are any)."""
    mode = _mode(c, language)
    lines = [
        f"<b>{escape(crossing_name(c, language))}</b>",
        escape(" · ".join(x for x in (mode, status_text(c, language)) if x)),
    ]
    if c.get("mentions"):
        lines.append(escape(count(int(c["mentions"]), "mentions", language)))
    return "<br>".join(lines)


def crossing_popup(c: Mapping, language: str = "en") -> str:
    """Escaped popup HTML: the tooltip's lines, then what exactly is allowed, the source of
    the status and the earlier statuses with theirs."""
    parts = [f"<div>{crossing_tooltip(c, language)}</div>"]
    if c.get("status_note"):
        parts.append(f"<div class='bm-cite'>{escape(c['status_note'])}</div>")
    if c.get("status_source"):
        source = t("status_source", language, source=c["status_source"])
        parts.append(f"<div class='bm-cite'>{escape(source)}</div>")
    history = [h for h in c.get("status_history") or [] if isinstance(h, Mapping)]
    if history:
        items = []
        for h in history:
            period = t(
                "status_period",
                language,
                status=status_label(str(h.get("status") or ""), language),
                since=h.get("since", ""),
                until=h.get("until", ""),
            )
            source = f" ({escape(h['source'])})" if h.get("source") else ""
            items.append(f"<li>{escape(period)}{source}</li>")
        parts.append(
            f"<div class='bm-cite'>{escape(t('status_earlier', language))}"
            f"<ul class='bm-history'>{''.join(items)}</ul></div>"
        )
    parts.append(timeline_html(c.get("status_timeline"), language))
    return "".join(parts)


#: the words of the status timeline, in English and Polish
_TIMELINE_WORDS = {
    "en": {"briefs": "The briefs report:", "clash": "Sources disagree ({first} – {last}):",
           "curated": "curated", "brief": "brief {id}", "on": "on"},
    "pl": {"briefs": "Raporty podają:", "clash": "Źródła się różnią ({first} – {last}):",
           "curated": "dane kuratorowane", "brief": "raport {id}", "on": "od"},
}  # fmt: skip


def _change(ch: Mapping, language: str) -> str:
    """One change of a status timeline, escaped: status from its day, and its source (the
    curated source text, or the brief and its excerpt)."""
    w = _TIMELINE_WORDS["pl" if language.startswith("pl") else "en"]
    status = status_label(str(ch.get("status") or ""), language)
    head = f"{escape(status)} {escape(w['on'])} {escape(ch.get('since', ''))}"
    if ch.get("brief_id"):
        cite = escape(w["brief"].format(id=ch["brief_id"]))
        if ch.get("excerpt"):
            cite += f": “{escape(ch['excerpt'])}”"
    else:
        cite = escape(ch.get("source") or w["curated"])
    return f"{head} ({cite})"


def timeline_html(timeline: Mapping | None, language: str = "en") -> str:
    """Escaped HTML of a crossing's status timeline (``briefmap.news.crossing_status.
    timeline_rows``): the changes the briefs report, then each disagreement between two
    sources with both sides, so that the map never picks one silently. Empty when there
    is nothing from the briefs and no disagreement."""
    if not timeline:
        return ""
    w = _TIMELINE_WORDS["pl" if language.startswith("pl") else "en"]
    out = []
    briefs = [ch for ch in timeline.get("changes") or () if ch.get("brief_id")]
    if briefs:
        # the newest few: an archive reports a busy crossing hundreds of times, and every
        # report in every popup made the crossings' layer megabytes per page run; a click
        # on the crossing lists all its excerpts in the panel
        items = "".join(f"<li>{_change(ch, language)}</li>" for ch in briefs[-POPUP_CHANGES:])
        out.append(
            f"<div class='bm-cite bm-status-briefs'>{escape(w['briefs'])}"
            f"<ul class='bm-history'>{items}</ul>{_more(len(briefs), language)}</div>"
        )
    clashes = list(timeline.get("disagreements") or ())
    for d in clashes[-POPUP_CHANGES:]:
        first, last = [*(d.get("days") or ()), "", ""][:2]
        title = w["clash"].format(first=first, last=last or "…")
        items = "".join(f"<li>{_change(side, language)}</li>" for side in d.get("sides") or ())
        out.append(
            f"<div class='bm-cite bm-disagree'><b>⚠ {escape(title)}</b>"
            f"<ul class='bm-history'>{items}</ul></div>"
        )
    if len(clashes) > POPUP_CHANGES:
        out.append(_more(len(clashes), language, disagreements=True))
    return "".join(out)


#: the brief's status changes, and the disagreements, a crossing's popup shows (newest)
POPUP_CHANGES = 5


def _more(n: int, language: str, disagreements: bool = False) -> str:
    """Escaped: how many more than ``POPUP_CHANGES`` there are and where to see them all
    (nothing when there are no more)."""
    if n <= POPUP_CHANGES:
        return ""
    rest = n - POPUP_CHANGES
    if language.startswith("pl"):
        what = "rozbieżności" if disagreements else "raportów"
        text = f"… i {rest} wcześniejszych {what} (kliknij przejście, by zobaczyć wszystkie)"
    else:
        what = "disagreements" if disagreements else "reports"
        text = f"… and {rest} earlier {what} (click the crossing to see them all)"
    return f"<div class='bm-muted bm-more'>{escape(text)}</div>"
