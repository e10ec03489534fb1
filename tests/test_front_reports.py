"""``advance`` and ``fighting`` reports: where the front was on a day, with no ground of their
own. Read and checked, pulling the waves of rates under way toward their places, keeping a
fought-over place from its attacker, drawn on the map and written in the reports layer."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from pathlib import Path
from typing import Any

import pyogrio
import pytest
import shapely

import synthetic as S
from frontline.errors import ScenarioError
from frontline.layers import build
from frontline.layers.webmap import map_data
from frontline.model import build_timeline
from frontline.model.resume import reach
from frontline.scenario import load_scenario
from frontline.thresholds import PROTECTED_DAYS

D = dt.date.fromisoformat
#: January's rate toward the middle of the front (its wave takes S145 on the 9th, and leaves
#: the north of the front, S149, 5.6 km away on the 20th).
RATE = """  - {id: jan, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-31,
     rate_km2_per_day: 12, toward: [S135], source: s}"""
ROWS = {r["name"]: r for r in S.grid_settlements()}


def _run(folder: Path, extra: str) -> Any:
    path = S.write_scenario(folder, end="2024-01-31", reports=RATE + extra)
    return build_timeline(load_scenario(path))


def _holder(tl: Any, name: str, day: str) -> str | None:
    return tl.holder(ROWS[name]["lon"], ROWS[name]["lat"], D(day))


def _km_to(tl: Any, side: str, name: str, day: str) -> float:
    point = shapely.Point(tl.projection.point(ROWS[name]["lon"], ROWS[name]["lat"]))
    return float(tl.control[tl.day_index(D(day))][side].distance(point)) / 1000


def test_a_place_fought_over_is_not_overrun(tmp_path: Path, index_path: Path) -> None:
    before = _run(tmp_path, "")
    assert _holder(before, "S145", "2024-01-09") == "RU"  # the wave takes it, unreported
    after = _run(tmp_path, "\n  - {id: f, kind: fighting, place: S145, date: 2024-01-06, "
                           "source: s}")
    assert {_holder(after, "S145", f"2024-01-{d:02d}") for d in range(1, 32)} == {"UA"}
    # the front is at it: the wave went round it, and took the month's ground elsewhere
    assert _km_to(after, "RU", "S145", "2024-01-20") < 3.0
    assert after.area_km2("RU", D("2024-01-31"), "UA") == pytest.approx(
        before.area_km2("RU", D("2024-01-31"), "UA"), rel=1e-3)


def test_a_later_capture_ends_the_fighting(tmp_path: Path, index_path: Path) -> None:
    tl = _run(tmp_path, "\n  - {id: f, kind: fighting, side: RU, place: S145, date: 2024-01-06, "
                        "source: s}\n  - {id: c, kind: capture, side: RU, place: S145, "
                        "date: 2024-01-25, source: s}")
    assert _holder(tl, "S145", "2024-01-24") == "UA"
    assert _holder(tl, "S145", "2024-01-25") == "RU"


def test_an_advance_near_a_place_pulls_the_front_there_by_its_date(tmp_path: Path,
                                                                   index_path: Path) -> None:
    before = _run(tmp_path, "")
    after = _run(tmp_path, "\n  - {id: a, kind: advance, side: RU, place: S149, "
                           "date: 2024-01-20, source: s}")
    assert _km_to(before, "RU", "S149", "2024-01-20") > 4.0
    assert _km_to(after, "RU", "S149", "2024-01-20") < 1.0
    # no ground of its own: the rate's area is the same, and the place is not taken by it
    assert after.area_km2("RU", D("2024-01-31"), "UA") == pytest.approx(
        before.area_km2("RU", D("2024-01-31"), "UA"), rel=1e-3)
    assert not [c for c in after.changes if c.cause in ("advance", "fighting")]


def test_a_place_deep_inside_one_side_is_noted(tmp_path: Path, index_path: Path) -> None:
    tl = _run(tmp_path, "\n  - {id: deep, kind: fighting, side: RU, place: S103, "
                        "date: 2024-01-10, source: s}")
    assert any(n.startswith("2024-01-10: deep: S103 (fighting) lies 4") and "inside UA's ground"
               in n for n in tl.notes), tl.notes


@pytest.mark.parametrize("report, field, message", [
    ("{id: x, kind: advance, place: S145, date: 2024-01-06, source: s}", "side", "missing"),
    ("{id: x, kind: fighting, place: S145, date: 2023-12-20, source: s}", "date",
     "before the start of the period"),
    ("{id: x, kind: fighting, place: S145, date: 2024-02-20, source: s}", "date",
     "after the end of the period"),
    ("{id: x, kind: fighting, place: Nowhereville, date: 2024-01-06, source: s}", "place",
     "Nowhereville"),
    ("{id: x, kind: advance, side: RU, date: 2024-01-06, source: s}", "place", "missing"),
    ("{id: x, kind: fighting, side: XX, place: S145, date: 2024-01-06, source: s}", "side",
     "not declared"),
])
def test_bad_reports_are_said_with_their_line_and_field(tmp_path: Path, index_path: Path,
                                                        report: str, field: str,
                                                        message: str) -> None:
    path = S.write_scenario(tmp_path, end="2024-01-31", reports=RATE + "\n  - " + report)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    lines = [p for p in str(caught.value).splitlines() if f"reports[1].{field}" in p]
    assert lines and message in lines[0], str(caught.value)
    assert lines[0].startswith(f"{path}:")


def test_written_in_the_reports_layer_and_drawn_on_the_map(tmp_path: Path,
                                                           index_path: Path) -> None:
    path = S.write_scenario(tmp_path, end="2024-01-31", reports=RATE + (
        "\n  - {id: f, kind: fighting, place: S145, date: 2024-01-06, source: s}"
        "\n  - {id: a, kind: advance, side: RU, place: S149, date: 2024-01-20, source: s}"))
    result = build(path, tmp_path / "out", tiles="none", resolution=None)
    reports = pyogrio.read_dataframe(result.gpkg, layer="reports")
    rows = {r["id"]: r for _, r in reports.iterrows()}
    assert rows["f"]["kind"] == "fighting" and rows["a"]["kind"] == "advance"
    assert rows["a"]["geometry"].distance(shapely.Point(ROWS["S149"]["lon"],
                                                        ROWS["S149"]["lat"])) < 1e-6
    events = {e["reports"][0]: e for e in map_data(result.gpkg)["events"]}
    assert events["a"]["kind"] == "advance" and events["a"]["holder"] == "RU"
    assert events["f"]["kind"] == "fighting" and not events["f"]["side"]
    # shown for a week from its date
    assert events["f"]["until"] - events["f"]["day"] == 6
    assert result.map is not None and "advance or fighting" in result.map.read_text()


def test_how_far_back_they_reach(tmp_path: Path, index_path: Path) -> None:
    path = S.write_scenario(tmp_path, end="2024-02-29", reports=RATE + (
        "\n  - {id: f, kind: fighting, place: S145, date: 2024-02-20, source: s}"
        "\n  - {id: a, kind: advance, side: RU, place: S149, date: 2024-01-20, source: s}"))
    sc = load_scenario(path)
    by_id = {r.id: r for r in sc.reports}
    # after the rate: its place is kept from the attacker two weeks before
    assert reach(by_id["f"], sc.start, sc.reports, "UA") == \
        D("2024-02-20") - dt.timedelta(days=PROTECTED_DAYS)
    # during the rate: it pulls its wave from the rate's first day
    assert reach(by_id["a"], sc.start, sc.reports, "UA") == D("2024-01-02")


def test_a_town_taken_while_a_rate_runs_is_reached_over_the_days_before(
        tmp_path: Path, index_path: Path) -> None:
    """No bulb on a neck: a town 27 km beyond the front, its capture reported for the 28th
    while the month's rate runs toward the middle of the front, is reached by the front
    day by day (half of its edge within DEADLINE_REACH_M by the day before); the capture
    then takes the town alone, and the rate's area is met."""
    from frontline.model.growth import footprint_radius_m
    from frontline.thresholds import DEADLINE_REACH_M, DEADLINE_SHARE

    town = ROWS["S126"]
    capture = ("\n  - {id: c, kind: capture, side: RU, place: S126, date: 2024-01-28, "
               "source: s}")
    before, after = _run(tmp_path, ""), _run(tmp_path, capture)
    km = [_km_to(after, "RU", "S126", f"2024-01-{d:02d}") for d in range(2, 28)]
    assert km[0] > 25.0
    # the front comes nearer every day, and by the day before it is at the town
    assert all(b <= a + 0.05 for a, b in itertools.pairwise(km))
    radius_km = footprint_radius_m(0) / 1e3
    assert km[-1] <= radius_km + DEADLINE_REACH_M / 1e3
    assert _holder(after, "S126", "2024-01-27") == "UA"
    assert _holder(after, "S126", "2024-01-28") == "RU"
    # half of its edge is reached: the front comes round it
    point = shapely.Point(after.projection.point(town["lon"], town["lat"]))
    edge = shapely.boundary(shapely.buffer(point, footprint_radius_m(0), quad_segs=16))
    marks = shapely.line_interpolate_point(edge, [edge.length * k / 64 for k in range(64)])
    held = after.control[after.day_index(D("2024-01-27"))]["RU"]
    near = shapely.distance(marks, held) <= DEADLINE_REACH_M + 1.0
    assert near.mean() >= DEADLINE_SHARE
    # the capture takes the town's ground, no salient
    taken = sum(c.area_km2 for c in after.changes if "c" in c.report_ids)
    assert taken <= 1.05 * math.pi * radius_km ** 2
    # without the report the front stays far from it; the month's area is the same
    assert _km_to(before, "RU", "S126", "2024-01-27") > 15.0
    assert after.area_km2("RU", D("2024-01-31"), "UA") == pytest.approx(
        before.area_km2("RU", D("2024-01-31"), "UA"), rel=1e-3)
