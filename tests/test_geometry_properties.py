"""Property-based tests of the geometry invariants (hypothesis).

Whatever the labels, fronts and targets: polygons are valid, the sides never
overlap and together cover the theatre, and area targets are met.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import shapely
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import synthetic as S
from frontline.geo.geometry import Polygonal, difference
from frontline.model import build_timeline
from frontline.model.growth import grow_from_front
from frontline.model.partition import Label, partition
from frontline.scenario import load_scenario
from frontline.thresholds import GRID_M, RATE_TOLERANCE

KM = 1000.0

labels_strategy = st.lists(
    st.tuples(st.floats(1, 99), st.floats(1, 59), st.sampled_from(["A", "B", "C"])),
    min_size=2, max_size=40, unique_by=lambda t: (round(t[0], 1), round(t[1], 1)))


@settings(max_examples=40, deadline=None)
@given(labels=labels_strategy, notch=st.floats(10, 50))
# found in CI: a label's cell meets the notched country in a point as well as a polygon
@example(labels=[(1.0, 1.0, "A"), (25.0, 1.0, "A")], notch=50.0)
def test_partition_is_a_partition(labels: list[tuple[float, float, str]], notch: float) -> None:
    # an L-shaped country, 100 km by 60 km with a notch, and labels anywhere in its box
    country = difference(shapely.box(0, 0, 100 * KM, 60 * KM),
                         shapely.box(0, 0, notch * KM, 20 * KM))
    sides = partition({"XX": country},
                      {"XX": [Label(x * KM, y * KM, s) for x, y, s in labels]}, {"XX": None},
                      cell_km=7)
    geoms = list(sides.values())
    assert all(g.is_valid for g in geoms)
    if len(geoms) <= 2:
        # two sides share one boundary, vertex for vertex: no overlap, no gap
        assert sum(shapely.intersection(a, b).area for i, a in enumerate(geoms)
                   for b in geoms[i + 1:]) < 1.0
        assert sum(g.area for g in geoms) == pytest.approx(country.area, rel=1e-9)
    else:
        # with three or more, only slivers narrower than the grid
        edges = sum(g.length for g in geoms)
        for i, a in enumerate(geoms):
            for b in geoms[i + 1:]:
                assert shapely.intersection(a, b).area < edges * GRID_M
        assert abs(sum(g.area for g in geoms) - country.area) < edges * GRID_M
    assert set(sides) <= {s for _, _, s in labels}


@settings(max_examples=40, deadline=None)
@given(width=st.floats(5, 80), depth=st.floats(5, 80), share=st.floats(0.001, 0.9),
       hole=st.booleans())
@example(width=18.02734375, depth=30.0, share=0.370582026659039, hole=True)  # (a sliver 8 mm
# wide along the hole, from snapping to the grid: 1.6 m², once more than a flat 1 m² allowed)
def test_growth_meets_its_target(width: float, depth: float, share: float, hole: bool) -> None:
    other: Polygonal = shapely.box(0, 0, depth * KM, width * KM)
    if hole:  # a protected settlement in the way
        other = difference(other, shapely.Point(depth * KM / 3, width * KM / 2).buffer(
            min(width, depth) * KM / 8))
    other = shapely.set_precision(other, GRID_M)  # the model's ground is always on the grid
    front = shapely.LineString([(0, 0), (0, width * KM)])
    target = share * other.area
    grown = grow_from_front(other, front, target, r_max_m=200 * KM)
    assert grown.met
    # to 0.1%, or to the area one grid step adds along the front for very thin growth
    assert abs(grown.geom.area - target) <= max(RATE_TOLERANCE * target, 2 * front.length * GRID_M)
    assert grown.geom.is_valid
    # within the ground it may take, but for what snapping to the grid moves: an edge by at
    # most a grid step
    assert shapely.difference(grown.geom, other).area < GRID_M * grown.geom.length


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prop")


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.floats(10.6, 11.8), rate=st.floats(1, 60), days=st.integers(2, 12),
       capture_day=st.integers(1, 12))
def test_random_scenarios_keep_the_invariants(folder: Path, index_path: Path, front: float,
                                              rate: float, days: int, capture_day: int) -> None:
    rows = [{**r, "side": "RU" if r["lon"] > front else "UA"} for r in S.grid_settlements(0.2)]
    ua = [r for r in rows if r["side"] == "UA"]
    target = max(ua, key=lambda r: (r["lon"], r["lat"]))
    start = dt.date(2024, 3, 1)
    end = start + dt.timedelta(days=days - 1)
    cday = start + dt.timedelta(days=min(capture_day, days) - 1)
    reports = (f"  - {{id: r, kind: advance_rate, side: RU, start: {start}, end: {end}, "
               f"rate_km2_per_day: {rate:.3f}, source: p}}\n"
               f"  - {{id: c, kind: capture, side: RU, place: {target['name']}, date: {cday}, "
               "source: p}")
    tl = build_timeline(load_scenario(S.write_scenario(
        folder, start=str(start), end=str(end), reports=reports, settlements=rows)))
    total = sum(g.area for g in tl.countries.values())
    for state in tl.control:
        assert all(g.is_valid for g in state.values())
        assert shapely.intersection(state["RU"], state["UA"]).area < 1.0
        assert sum(g.area for g in state.values()) == pytest.approx(total, rel=1e-6)
    def rate_ground(first: dt.date, last: dt.date) -> float:
        # pockets and the captured place count toward the rate
        return sum(tl.gained_km2("RU", first, last, cause=cause)
                   for cause in ("advance_rate", "encircled", "capture"))

    # the rate is met, unless the capture alone took more than was left of it
    before = rate_ground(start, cday - dt.timedelta(days=1))
    captured = tl.gained_km2("RU", cday, cday, cause="capture")
    assert rate_ground(start, end) == pytest.approx(max(rate * days, before + captured),
                                                    rel=0.005)
    assert tl.holder(target["lon"], target["lat"], cday) == "RU"
