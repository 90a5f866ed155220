"""layers.first_view: the smallest box holding 90 % of the mentions, and what lies outside.

Places and counts are written for these tests (positions are real towns' coordinates, the
counts are made up), except ``test_the_seed_briefs_first_view`` which builds the seed briefs.
"""

from __future__ import annotations

import itertools
import random

import pytest

from layers.first_view import (
    Spot,
    _cost,
    edge_labels,
    first_view,
    smallest_box,
    spots_of,
)

MINSK = (53.90, 27.57)
VILNIUS = (54.69, 25.28)
GRODNO = (53.68, 23.83)
WASHINGTON = (38.90, -77.04)
BEIJING = (39.90, 116.40)


def held(view, lat, lon) -> bool:
    (s, w), (n, e) = view.box
    return s <= lat <= n and w <= lon <= e


def test_a_few_far_mentions_do_not_pull_the_view():
    spots = [
        Spot(*MINSK, 40, "Minsk", "BY"),
        Spot(*VILNIUS, 30, "Vilnius", "LT"),
        Spot(*GRODNO, 20, "Grodno", "BY"),
        Spot(*WASHINGTON, 9, "United States", "US", "United States"),
    ]
    view = first_view(spots)
    assert all(held(view, *p) for p in (MINSK, VILNIUS, GRODNO))
    assert not held(view, *WASHINGTON)
    assert [(o.name, o.mentions) for o in view.outside] == [("United States", 9)]
    assert edge_labels(view)[0]["text"] == "United States, 9 mentions"
    assert edge_labels(view, "pl")[0]["text"] == "United States, 9 wzmianek"


def test_far_places_that_carry_many_mentions_stay_in_the_view():
    """The rule is by mentions, not by distance: a brief mostly about Washington and Minsk
    fits both."""
    spots = [Spot(*MINSK, 40, "Minsk", "BY"), Spot(*WASHINGTON, 40, "Washington", "US")]
    view = first_view(spots)
    assert held(view, *MINSK) and held(view, *WASHINGTON)
    assert view.outside == []


def test_places_outside_are_grouped_by_country_with_their_mentions():
    spots = [
        Spot(*MINSK, 200, "Minsk", "BY"),
        Spot(*WASHINGTON, 5, "Washington", "US", "", "United States"),
        Spot(40.71, -74.01, 3, "New York", "US", "", "United States"),
        Spot(*BEIJING, 2, "Beijing", "CN", "", "China"),
    ]
    view = first_view(spots)
    names = [(o.name, o.mentions, sorted(o.names)) for o in view.outside]
    # a group of several places goes by its country; a lone place by its own name
    assert names == [("United States", 8, ["New York", "Washington"]), ("Beijing", 2, ["Beijing"])]
    assert (view.outside[0].lat, view.outside[0].lon) == WASHINGTON  # the most mentioned


def test_nothing_or_one_place():
    assert first_view([]).box is None
    view = first_view([Spot(*MINSK, 3, "Minsk", "BY")])
    assert view.box == (MINSK, MINSK) and view.outside == []


def test_places_without_mentions_never_pull_the_view_but_are_marked():
    """A flow's far end with no mention of its own (weight 0) is marked, without a count."""
    spots = [Spot(*MINSK, 5, "Minsk", "BY"), Spot(*BEIJING, 0, "Beijing", "CN")]
    view = first_view(spots)
    assert view.box == (MINSK, MINSK)
    assert edge_labels(view) == [
        {"text": "Beijing", "lat": BEIJING[0], "lon": BEIJING[1], "names": ["Beijing"]}
    ]


def brute(points, share, aspect):
    """Every box whose edges are points' coordinates, the smallest that holds the share."""
    total = sum(w for _, _, w in points)
    xs = sorted({p[0] for p in points})
    ys = sorted({p[1] for p in points})
    best = None
    for x0, x1 in itertools.combinations_with_replacement(xs, 2):
        for y0, y1 in itertools.combinations_with_replacement(ys, 2):
            w = sum(p[2] for p in points if x0 <= p[0] <= x1 and y0 <= p[1] <= y1)
            if w >= share * total - 1e-9:
                key = _cost(x0, y0, x1, y1, aspect)
                if best is None or key < best:
                    best = key
    return best


@pytest.mark.parametrize("seed", range(12))
def test_the_box_is_the_smallest_that_holds_the_share(seed):
    rnd = random.Random(seed)
    pts = [(rnd.uniform(0, 100), rnd.uniform(0, 60), rnd.randint(1, 9)) for _ in range(9)]
    got = smallest_box(pts, 0.9, 1.6)
    total = sum(w for _, _, w in pts)
    inside = sum(w for x, y, w in pts if got[0] <= x <= got[2] and got[1] <= y <= got[3])
    assert inside >= 0.9 * total - 1e-9
    assert _cost(*got, 1.6) == pytest.approx(brute(pts, 0.9, 1.6))


def test_an_archive_is_gathered_into_cells_and_still_holds_the_share():
    rnd = random.Random(7)
    spots = [
        Spot(rnd.gauss(54, 4), rnd.gauss(27, 8), rnd.randint(1, 30), f"p{i}", f"g{i % 50}")
        for i in range(3000)
    ]
    view = first_view(spots)
    total = sum(s.weight for s in spots)
    inside = sum(s.weight for s in spots if held(view, s.lat, s.lon))
    assert inside >= 0.9 * total
    assert inside < total  # and it is not simply everything
    outside = sum(o.mentions for o in view.outside)
    assert inside + outside == total


def test_spots_of_place_rows_and_flow_ends():
    places = [
        {"id": "a", "name": "Minsk", "precision": "settlement", "country": "BY",
         "lat": MINSK[0], "lon": MINSK[1], "mentions": 4},
        {"id": "us", "name": "United States", "precision": "country", "country": "US",
         "lat": WASHINGTON[0], "lon": WASHINGTON[1], "mentions": 1},
        {"id": "eu", "name": "Europe", "precision": "continent", "lat": 50, "lon": 10,
         "mentions": 9},
    ]  # fmt: skip
    flows = [
        {"origin": {"place_id": "a", "lat": MINSK[0], "lon": MINSK[1]},
         "destination": {"place_id": "cn", "name": "China", "country": "CN",
                         "lat": BEIJING[0], "lon": BEIJING[1]}},
    ]  # fmt: skip
    spots = spots_of(places, flows)
    assert [(s.name, s.weight, s.group, s.group_name) for s in spots] == [
        ("Minsk", 4.0, "BY", ""),
        ("United States", 1.0, "US", "United States"),
        ("China", 0.0, "CN", ""),
    ]


def test_the_seed_briefs_first_view(seeded_folder):
    """The seed briefs (built by the shared fixture): the view holds Belarus, Lithuania
    and the Russian ports; the United States is outside."""
    from briefmap.store import Store

    store = Store(seeded_folder / "briefmap.sqlite")
    view = first_view(spots_of(store.place_summary(), store.flows()))
    for name in ("Minsk", "Vilnius", "Ust-Luga", "Saint Petersburg", "Klaipėda"):
        row = next(p for p in store.place_summary() if p["name"] == name)
        assert held(view, row["lat"], row["lon"]), name
    assert [o.name for o in view.outside] == ["United States"]


def test_a_country_whose_outline_reaches_into_the_view_is_not_outside():
    """Russia's anchor (Moscow) may lie outside the box while its outline is in it: it is
    not marked; a country with no outline there is (written for this test)."""
    spots = [
        Spot(*MINSK, 100, "Minsk", "BY"),
        Spot(*VILNIUS, 100, "Vilnius", "LT"),
        Spot(55.75, 37.62, 10, "Russia", "RU", "Russia", "", (19.6, 41.2, 50.0, 70.0)),
        Spot(*WASHINGTON, 10, "United States", "US", "United States"),
    ]
    view = first_view(spots)
    assert not held(view, 55.75, 37.62)
    assert [o.name for o in view.outside] == ["United States"]
    far = Spot(55.75, 37.62, 10, "Russia", "RU", "Russia", "", (36.0, 54.0, 40.0, 57.0))
    view = first_view([*spots[:2], far, spots[3]])
    labels = edge_labels(view)
    assert [e["text"] for e in labels] == ["Russia, 10 mentions", "United States, 10 mentions"]
    assert labels[0]["extent"] == [[54.0, 36.0], [57.0, 40.0]]  # hidden once it is in view
