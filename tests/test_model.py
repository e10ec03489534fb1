"""The control model on synthetic countries with known answers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import shapely

import synthetic as S
from frontline.geo.geometry import Polygonal, intersection
from frontline.geo.projection import Projection, geodesic_area_km2
from frontline.model import Timeline, build_timeline
from frontline.scenario import load_scenario

D = dt.date


def build(tmp: Path, **kwargs: Any) -> Timeline:
    return build_timeline(load_scenario(S.write_scenario(tmp, **kwargs)))


def ru_in_ua(tl: Timeline, state: Mapping[str, Polygonal]) -> Polygonal:
    return intersection(state["RU"], tl.countries["UA"])


def displacement_km(tl: Timeline, state: Mapping[str, Polygonal]) -> float:
    true = tl.projection.to_proj(shapely.segmentize(S.true_ru_in_ua(), 0.01))
    front_km = (true.bounds[3] - true.bounds[1]) / 1000
    return shapely.symmetric_difference(ru_in_ua(tl, state), true).area / 1e6 / front_km


@pytest.fixture(scope="module")
def baseline_only(tmp_path_factory: pytest.TempPathFactory, index_path: Path) -> Timeline:
    return build(tmp_path_factory.mktemp("base"), end="2024-01-03")


def test_equal_area_projection_agrees_with_geodesic_areas(baseline_only: Timeline) -> None:
    for code, box in (("UA", S.UA_BOX), ("RU", S.RU_BOX)):
        geodesic = geodesic_area_km2(shapely.segmentize(shapely.box(*box), 0.01))
        projected = Projection.area_km2(baseline_only.countries[code])
        assert abs(projected / geodesic - 1) < 0.001


def test_partition_follows_the_true_front(baseline_only: Timeline) -> None:
    spacing_km = S.SPACING * 111.3
    assert displacement_km(baseline_only, baseline_only.baseline) <= spacing_km / 2
    # Russia itself (no labels) is wholly RU's
    ru_home = shapely.intersection(baseline_only.baseline["UA"], baseline_only.countries["RU"])
    assert ru_home.area == 0


def test_sparse_rear_does_not_flip(tmp_path: Path, index_path: Path) -> None:
    """Labels only near the front, plus three rear towns: the rear keeps its side."""
    rows = [r for r in S.grid_settlements() if abs(r["lon"] - S.FRONT_LON) < 0.25]
    rows += [{"name": f"Rear{i}", "side": "UA", "lat": lat, "lon": 10.3, "country": "UA"}
             for i, lat in enumerate((-0.3, 0.0, 0.3))]
    tl = build(tmp_path, end="2024-01-02", settlements=rows)
    assert displacement_km(tl, tl.baseline) <= S.SPACING * 111.3 / 2
    west = tl.projection.to_proj(shapely.box(10.0, -0.5, 11.0, 0.5))
    held_ua = shapely.intersection(tl.baseline["UA"], west).area
    assert held_ua / west.area > 0.999


RATE = """  - {id: r1, kind: advance_rate, side: RU, start: 2024-01-05, end: 2024-02-03,
     rate_km2_per_day: 20, toward: [S135], source: {title: synthetic}}
  - {id: c1, kind: capture, side: RU, place: S090, date: 2024-01-20, source: synthetic}"""


@pytest.fixture(scope="module")
def with_rate(tmp_path_factory: pytest.TempPathFactory, index_path: Path) -> Timeline:
    return build(tmp_path_factory.mktemp("rate"), end="2024-02-10", reports=RATE)


def test_rate_adds_exactly_rate_times_days(with_rate: Timeline) -> None:
    def rate_ground(first: dt.date, last: dt.date) -> float:
        # the rate's advance, the pockets it closed in and the place captured on its way
        # (which count toward it)
        return sum(with_rate.gained_km2("RU", first, last, cause=cause)
                   for cause in ("advance_rate", "encircled", "capture"))

    total = rate_ground(D(2024, 1, 5), D(2024, 2, 3))
    assert total == pytest.approx(20 * 30, rel=0.005)
    captured = with_rate.gained_km2("RU", D(2024, 1, 20), D(2024, 1, 20), cause="capture")
    assert captured > 20  # a salient 60 km deep: the next days' shares went into it
    for day in with_rate.days:
        daily = rate_ground(day, day)
        if day < D(2024, 1, 20):
            expected = 20 if D(2024, 1, 5) <= day else 0
            assert daily == pytest.approx(expected, rel=0.001, abs=1e-6)
        elif day > D(2024, 2, 3):
            assert daily == 0
    # and the areas add up: RU's ground in UA grows by rate + capture
    start = with_rate.area_km2("RU", with_rate.days[0], "UA")
    end = with_rate.area_km2("RU", with_rate.days[-1], "UA")
    gained = with_rate.gained_km2("RU", with_rate.days[0], with_rate.days[-1])
    assert end - start == pytest.approx(gained, rel=1e-6)
    # the place is farther than the rate's ground until its date reaches: noted, not pulled to
    assert len(with_rate.notes) == 1 and "S090, whose capture is reported for 2024-01-20, " \
        "lies beyond what the rate's area reaches" in with_rate.notes[0]


def test_growth_stays_in_the_country_and_near_the_objective(with_rate: Timeline) -> None:
    grown = shapely.union_all([c.geom for c in with_rate.changes if c.cause == "advance_rate"])
    assert all(c.country == "UA" for c in with_rate.changes)
    objective = with_rate.scenario.reports[0].toward[0]
    target = shapely.Point(with_rate.projection.point(objective.lon, objective.lat))
    assert shapely.distance(grown, target) < 15_000
    # concentrated where the reports point (the objective, and the salient to the place
    # captured on the 20th, whose flanks the front then fills), not spread evenly along
    # the front
    salient = shapely.union_all([c.geom for c in with_rate.changes if c.cause == "capture"])
    near = shapely.union(target.buffer(20_000), salient.buffer(5_000))
    assert shapely.intersection(grown, near).area > 0.6 * grown.area


def test_the_model_threads_leave_the_warning_filters_alone(
        tmp_path: Path, index_path: Path, side_threads_catching_warnings: list[str]) -> None:
    rate = "\n".join(RATE.splitlines()[:2])  # (the rate alone: the capture is later)
    tl = build(tmp_path, end="2024-01-08", reports=rate)
    assert tl.gained_km2("RU", D(2024, 1, 5), D(2024, 1, 8)) == pytest.approx(80, rel=0.005)
    assert side_threads_catching_warnings == []


def test_capture_waits_for_its_date(with_rate: Timeline) -> None:
    place = next(s.place for s in with_rate.scenario.settlements if s.name == "S090")
    assert with_rate.holder(place.lon, place.lat, D(2024, 1, 19)) == "UA"
    assert with_rate.holder(place.lon, place.lat, D(2024, 1, 20)) == "RU"
    captured = [c for c in with_rate.changes if c.cause == "capture"]
    assert {c.day for c in captured} == {D(2024, 1, 20)}
    assert {c.report_ids for c in captured} == {("c1",)}


def test_sides_never_overlap_and_stay_valid(with_rate: Timeline) -> None:
    total = sum(Projection.area_km2(g) for g in with_rate.countries.values())
    for state in with_rate.control:
        assert all(shapely.is_valid(g) for g in state.values())
        overlap = shapely.intersection(state["RU"], state["UA"]).area
        assert overlap < 1.0  # m²
        covered = sum(Projection.area_km2(g) for g in state.values())
        assert covered == pytest.approx(total, rel=1e-6)


INCURSION = """  - {id: origin, kind: capture, side: UA, place: Border, date: 2024-01-01, source: s}
  - {id: a1, kind: area_held, side: UA, date: 2024-01-01, area_km2: 300, origin: Border,
     source: s}
  - {id: a2, kind: area_held, side: UA, date: 2024-01-11, area_km2: 500, origin: Border,
     source: s}
  - {id: a3, kind: area_held, side: UA, date: 2024-01-21, area_km2: 200, origin: Border,
     source: s}"""


def test_incursion_holds_the_reported_areas(tmp_path: Path, index_path: Path) -> None:
    rows = [*S.grid_settlements(), {"name": "Border", "side": "RU", "lat": 0.0,
                                    "lon": 12.1, "country": "RU"}]
    tl = build(tmp_path, end="2024-01-25", reports=INCURSION, settlements=rows)
    for day, area in ((D(2024, 1, 1), 300), (D(2024, 1, 6), 400), (D(2024, 1, 11), 500),
                      (D(2024, 1, 16), 350), (D(2024, 1, 21), 200), (D(2024, 1, 25), 200)):
        assert tl.area_km2("UA", day, "RU") == pytest.approx(area, rel=0.01), day
    # it grows from the border and shrinks back toward the origin
    border = tl.projection.to_proj(shapely.LineString([(12.0, -0.5), (12.0, 0.5)]))
    origin = shapely.Point(tl.projection.point(12.1, 0.0))
    last = shapely.intersection(tl.control[-1]["UA"], tl.countries["RU"])
    assert shapely.intersects(last.buffer(10), border)
    assert last.covers(origin)
    peak = shapely.intersection(tl.control[10]["UA"], tl.countries["RU"])
    assert peak.covers(last.buffer(-50))


def test_a_border_neither_side_crossed_is_no_front(tmp_path: Path, index_path: Path) -> None:
    # RU holds the south-east quarter of UA; north of it, UA's ground meets Russia on the
    # border (lon 12): that stretch is a border, not a front
    rows = [{**r, "side": "RU" if r["lon"] > 11.0 and r["lat"] < 0 else "UA"}
            for r in S.grid_settlements()]
    tl = build_timeline(load_scenario(S.write_scenario(tmp_path, settlements=rows,
                                                       end="2024-01-02", reports="  []")))
    front = tl.fronts[0]
    assert front is not None
    x_border, _ = tl.projection.point(12.0, 0.0)
    _, y_mid = tl.projection.point(12.0, 0.1)
    along_border = shapely.intersection(front, shapely.box(x_border - 2_000, y_mid,
                                                           x_border + 2_000, 1e7))
    assert shapely.length(along_border) < 100.0
    # the front inside UA is kept: about 1 degree of latitude and 1 of longitude (~220 km)
    assert 150_000 < front.length < 320_000


def test_polygon_baseline_slivers_go_to_the_side_around_them(tmp_path: Path,
                                                             index_path: Path) -> None:
    # RU's polygon stops 330 m short of the border: the strip left to UA (its home) is a
    # sliver between RU's polygon and Russia, not a second front
    S.write_borders(tmp_path)
    (tmp_path / "ru.geojson").write_text(json.dumps({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [{"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(
            shapely.box(11.5, -0.5, 11.997, 0.5))}]}))
    path = tmp_path / "poly.yaml"
    path.write_text(S.scenario_text(settlements=[], end="2024-01-02").replace(
        "  settlements:\n", "  polygons: {RU: ru.geojson}\n"), encoding="utf-8")
    tl = build_timeline(load_scenario(path))
    assert any("1 sliver(s)" in n for n in tl.notes)
    strip = tl.projection.to_proj(shapely.box(11.9975, -0.45, 11.9995, 0.45))
    assert tl.baseline["RU"].covers(strip)
    assert shapely.intersection(tl.baseline["UA"], strip).area == 0
    # one front, along lon 11.5 (~111 km)
    assert 105_000 < shapely.length(tl.fronts[0]) < 120_000


def test_a_straight_front_stays_straight(tmp_path: Path, index_path: Path) -> None:
    # a rate with no objective moves the whole front: its length stays that of the front
    # (no slivers left between days, no sawtooth where one day's edge meets the next)
    rate = ("  - {id: r1, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-20, "
            "rate_km2_per_day: 20, source: s}")
    tl = build(tmp_path, reports=rate, end="2024-01-20")
    lengths = [f.length / 1000 for f in tl.fronts if f is not None]
    assert all(105 < km < 118 for km in lengths), lengths


def test_a_river_stops_the_front(tmp_path: Path, index_path: Path) -> None:
    # a river from border to border about 10 km west of the front: a rate that wants more
    # ground than lies before it takes what it can and does not cross
    S.write_borders(tmp_path)
    (tmp_path / "river.geojson").write_text(json.dumps({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [{"type": "Feature", "properties": {}, "geometry": {
            "type": "LineString", "coordinates": [[11.40, -0.6], [11.39, 0.0], [11.40, 0.6]]}}]}))
    rate = ("  - {id: r1, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-31, "
            "rate_km2_per_day: 50, source: s}")
    path = S.write_scenario(tmp_path, reports=rate, end="2024-01-31")
    path.write_text(path.read_text().replace("  margin_km: 500\n",
                                             "  margin_km: 500\n  barriers: river.geojson\n"))
    tl = build_timeline(load_scenario(path))
    west = tl.projection.to_proj(shapely.box(10.0, -0.5, 11.385, 0.5))
    assert shapely.intersection(tl.control[-1]["RU"], west).area < 1e4  # not across
    before = tl.projection.to_proj(shapely.box(11.40, -0.5, 11.45, 0.5))
    assert shapely.intersection(tl.control[-1]["RU"], before).area > 0.9 * before.area
    taken = tl.gained_km2("RU", D(2024, 1, 2), D(2024, 1, 31))
    assert taken < 50 * 30 * 0.95  # the ground before the river, not the rate's 1,500 km²
    assert any("could not be reached" in n for n in tl.notes)


def test_a_besieged_town_holds_while_the_ground_around_it_is_taken(tmp_path: Path) -> None:
    """A siege keeps its place with the holder (no wave enters it, no pocket takes it)
    until the siege is lifted; the same advance without the siege takes the place."""
    rate = ("  - {id: r, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-21,\n"
            "     rate_km2_per_day: 40, toward: [S135], source: s}\n")
    siege = ("  - {id: siege, kind: siege, side: RU, place: S145, date: 2024-01-02, "
             "end: 2024-01-25, source: s}\n")
    lon, lat = 11.466, -0.06333  # S145, 4 km behind the front
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    held = build(tmp_path / "a", end="2024-01-31", reports=rate + siege)
    free = build(tmp_path / "b", end="2024-01-31", reports=rate)
    day = D(2024, 1, 21)
    assert free.holder(lon, lat, day) == "RU"
    assert held.holder(lon, lat, day) == "UA"
    # the ground around it changed hands all the same: RU holds most of a ring 3-6 km out
    centre = shapely.Point(held.projection.point(lon, lat))
    ring = shapely.difference(centre.buffer(6000), centre.buffer(3000))
    ru = shapely.intersection(held.control[held.day_index(day)]["RU"], ring)
    assert ru.area > 0.6 * ring.area
    # the rate's area is met either way (to the model's tolerance)
    assert held.gained_km2("RU", D(2024, 1, 2), day) == pytest.approx(800, rel=0.01)
    # and the siege is no capture: nothing after its end takes the town by itself
    assert held.holder(lon, lat, D(2024, 1, 31)) == "UA"


def test_an_encircled_town_holds_with_the_besieger_all_round_it(tmp_path: Path) -> None:
    """A siege reported as an encirclement gives the besieger the ground round the town on
    its date (the town stays with its holder), and that ground counts toward the rate."""
    from frontline.thresholds import ENCIRCLEMENT_DEPTH_M, FOOTPRINT_MIN_M

    rate = ("  - {id: r, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-21,\n"
            "     rate_km2_per_day: 40, toward: [S135], source: s}\n")
    siege = ("  - {id: siege, kind: siege, side: RU, place: S145, date: 2024-01-03, "
             "encircled: true, end: 2024-01-25, source: s}\n")
    lon, lat = 11.466, -0.06333  # S145, 4 km behind the front (a village: 1 km footprint)
    tl = build(tmp_path, end="2024-01-31", reports=rate + siege)
    centre = shapely.Point(tl.projection.point(lon, lat))
    outer = FOOTPRINT_MIN_M + ENCIRCLEMENT_DEPTH_M
    ring = shapely.difference(centre.buffer(outer - 500), centre.buffer(FOOTPRINT_MIN_M + 500))
    before, on = tl.day_index(D(2024, 1, 2)), tl.day_index(D(2024, 1, 3))
    assert shapely.intersection(tl.control[before]["RU"], ring).area < 0.9 * ring.area
    # on its date: the besieger all round it, the town itself with its holder to the end
    assert shapely.intersection(tl.control[on]["RU"], ring).area == pytest.approx(ring.area,
                                                                                  rel=1e-3)
    assert [tl.holder(lon, lat, D(2024, 1, d)) for d in (3, 10, 25)] == ["UA"] * 3
    taken = [c for c in tl.changes if c.cause == "encircled" and c.report_ids == ("siege",)]
    assert [c.day for c in taken] == [D(2024, 1, 3)]
    assert any("S145 encircled" in n for n in tl.notes), tl.notes
    # part of the rate's reported gain, not on top of it
    assert tl.gained_km2("RU", D(2024, 1, 2), D(2024, 1, 21)) == pytest.approx(800, rel=0.01)


def test_a_town_encircled_far_behind_the_front_is_reached_by_a_salient(tmp_path: Path) -> None:
    """A ring that does not reach the besieger's front is joined to it: one piece of ground
    from the front round the town, which stays with its holder."""
    siege = ("  - {id: ring, kind: siege, side: RU, place: S125, date: 2024-01-02, "
             "encircled: true, source: s}\n")
    tl = build(tmp_path, end="2024-01-03", reports=siege)
    town = next(s for s in S.grid_settlements() if s["name"] == "S125")
    centre = shapely.Point(tl.projection.point(town["lon"], town["lat"]))
    front = tl.projection.to_proj(shapely.LineString([(S.FRONT_LON, -0.5), (S.FRONT_LON, 0.5)]))
    assert centre.distance(front) > 20_000  # farther than the ring reaches
    ru = ru_in_ua(tl, tl.control[tl.day_index(D(2024, 1, 2))])
    (piece,) = [p for p in shapely.get_parts(ru) if p.intersects(centre.buffer(8_000))]
    assert piece.intersects(front.buffer(1.0))  # joined to the front
    assert piece.covers(shapely.difference(centre.buffer(10_000), centre.buffer(2_000)))
    assert tl.holder(town["lon"], town["lat"], D(2024, 1, 3)) == "UA"


def test_a_withdrawal_from_a_region_returns_its_ground(tmp_path: Path, index_path: Path) -> None:
    """'Ukrainian forces withdrew from the Kursk region' as a report: on its date all the
    ground Ukraine holds in Kursk oblast (the gazetteer's region) goes to Russia."""
    import shutil

    from frontline.layers import demo_scenario_path

    for name in ("autumn_2024.yaml", "settlement_control_2024-08-31.csv"):
        shutil.copy(demo_scenario_path().parent / name, tmp_path / name)
    path = tmp_path / "autumn_2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + """
  - {id: kursk-out, kind: withdrawal, side: UA, region: Kursk region, date: 2024-10-20,
     source: {title: a test}}
""", encoding="utf-8")
    sc = load_scenario(path)
    (out,) = [r for r in sc.reports if r.id == "kursk-out"]
    assert out.place is None and out.region is not None and out.region.iso == "RU-KRS"
    tl = build_timeline(sc)
    assert tl.area_km2("UA", D(2024, 10, 19), "RU") > 700
    assert tl.area_km2("UA", D(2024, 10, 20), "RU") < 1.0
    moved = [c for c in tl.changes if c.cause == "withdrawal" and c.day == D(2024, 10, 20)]
    assert {c.country for c in moved} == {"RU"}  # (the region, not specks across its border)
    assert sum(c.area_km2 for c in moved) == pytest.approx(
        tl.area_km2("UA", D(2024, 10, 19), "RU"), rel=0.01)
    assert any("kursk-out" in n and "withdrew from" in n for n in tl.notes)
    # Sudzha, Ukrainian from 2024-08-15 in the demo, is Russian again
    assert tl.holder(35.27, 51.19, D(2024, 10, 20)) == "RU"
    # the withdrawal ends the incursion: nothing regrows until a later report says it is held
    # (the demo's 800 km² of 2024-11-02, here a return)
    assert tl.area_km2("UA", D(2024, 11, 1), "RU") < 1.0
    assert tl.area_km2("UA", D(2024, 11, 2), "RU") == pytest.approx(800, rel=0.01)


def test_a_rate_with_an_origin_crosses_the_border_there(tmp_path: Path, index_path: Path) -> None:
    """All of UA is Ukraine's; a rate from a place in Russia advances from the stretch of
    border nearest it (none without an origin: a border not crossed is no front)."""
    rows = [{**r, "side": "UA"} for r in S.grid_settlements()]
    rows.append({"name": "Origin", "side": "RU", "lat": 0.3, "lon": 12.4, "country": "RU"})
    rate = ("  - {id: r, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-11,\n"
            "     rate_km2_per_day: 50, origin: Origin, country: UA, source: s}\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    tl = build(tmp_path / "a", settlements=rows, end="2024-01-11", reports=rate)
    day = D(2024, 1, 11)
    assert tl.gained_km2("RU", D(2024, 1, 2), day) == pytest.approx(500, rel=0.01)
    taken = ru_in_ua(tl, tl.control[tl.day_index(day)])
    lon, lat = tl.projection.to_wgs(taken.centroid).coords[0]
    assert lon > 11.7  # from the border (lon 12) ...
    assert lat == pytest.approx(0.3, abs=0.12)  # ... where it is nearest the origin
    without = build(tmp_path / "b", settlements=rows, end="2024-01-11",
                    reports=rate.replace(" origin: Origin,", ""))
    assert without.gained_km2("RU", D(2024, 1, 2), day) < 1.0


def test_each_capture_pulls_the_axis_it_belongs_to(tmp_path: Path, index_path: Path) -> None:
    """Two rates at once, one in the north and one in the south: a capture in the south
    counts toward the southern rate, whose ground is then the smaller by its area."""
    north = ("  - {id: north, kind: advance_rate, side: RU, start: 2024-01-02, "
             "end: 2024-01-11,\n     rate_km2_per_day: 30, toward: [S149], source: s}\n")
    south = ("  - {id: south, kind: advance_rate, side: RU, start: 2024-01-02, "
             "end: 2024-01-11,\n     rate_km2_per_day: 30, toward: [S141], source: s}\n")
    capture = ("  - {id: cap, kind: capture, side: RU, place: S142, date: 2024-01-05, "
               "source: s}\n")
    tl = build(tmp_path, end="2024-01-11", reports=north + south + capture)
    day = D(2024, 1, 11)
    assert tl.gained_km2("RU", D(2024, 1, 2), day) == pytest.approx(600, rel=0.01)
    y_mid = tl.projection.point(11.5, 0.0)[1]
    changes = [c for c in tl.changes if c.side == "RU" and c.cause == "advance_rate"]
    by_rate = {rid: sum(c.geom.area for c in changes if rid in c.report_ids) / 1e6
               for rid in ("north", "south")}
    south_ids = {c.report_ids for c in changes if c.geom.centroid.y < y_mid - 20_000}
    assert south_ids <= {("south",)}
    assert by_rate["north"] > by_rate["south"]


def _far_town() -> str:
    """A settlement 130 km behind the straight front, far beyond any advance, pinned (a
    place that far from the front must say where it is)."""
    row = min(S.grid_settlements(), key=lambda r: (r["lon"] - 10.3) ** 2 + r["lat"] ** 2)
    return f"{{name: {row['name']}, lat: {row['lat']}, lon: {row['lon']}}}"


@pytest.mark.parametrize("rate", [False, True])
def test_a_town_taken_far_beyond_the_front_is_an_enclave(tmp_path: Path, index_path: Path,
                                                         rate: bool) -> None:
    """A war of movement: a capture 130 km beyond the captor's ground with no advance under way
    there is the town alone (an enclave), not a corridor drawn as certain; with a rate under
    way toward it, the front reaches out to it as before."""
    town = _far_town()
    reports = f"  - {{id: far, kind: capture, side: RU, place: {town}, date: 2024-01-03, " \
              "source: t}"
    if rate:
        reports += ("\n  - {id: r, kind: advance_rate, side: RU, start: 2024-01-01, "
                    f"end: 2024-01-05, rate_km2_per_day: 5, toward: [{town}], source: t}}")
    tl = build_timeline(load_scenario(S.write_scenario(tmp_path, end="2024-01-05",
                                                       reports=reports)))
    (taken,) = [c for c in tl.changes if c.cause == "capture"]
    before = tl.control[tl.day_index(dt.date(2024, 1, 2))]["RU"]
    enclave = [n for n in tl.notes if "enclave" in n]
    if rate:
        assert not enclave and shapely.intersects(taken.geom, before.buffer(1.0))
        return
    assert len(enclave) == 1 and "km beyond RU's ground" in enclave[0]
    # the town alone: far from the front, a few km² (its footprint), RU's ground two pieces
    assert shapely.distance(taken.geom, before) > 100_000
    assert taken.area_km2 < 20
    after = tl.control[tl.day_index(dt.date(2024, 1, 3))]["RU"]
    ua = intersection(after, tl.countries["UA"])
    assert len(shapely.get_parts(ua)) == 2


SUDAN = """name: Sudan, December 2023
theatre: {countries: [SD], margin_km: 100}
period: {start: 2023-12-10, end: 2023-12-25}
sides:
  - {id: SAF, name: Sudanese Armed Forces, colour: "#2e7d32", country: SD}
  - {id: RSF, name: Rapid Support Forces, colour: "#e67e22"}
baseline:
  settlements:
    - {name: Khartoum, side: RSF}
    - {name: Khartoum North, side: RSF}
    - {name: Omdurman, side: SAF}
    - {name: Wad Madani, side: SAF}
    - {name: Al Hasaheisa, side: SAF}
    - {name: Rufaa, side: SAF}
    - {name: Sennar, side: SAF}
    - {name: Kosti, side: SAF}
    - {name: Shendi, side: SAF}
    - {name: Atbara, side: SAF}
reports:
  - {id: madani, kind: capture, side: RSF, place: Wad Madani, date: 2023-12-19,
     source: {title: The RSF take Wad Madani}}
"""


def test_another_war_a_city_taken_far_from_the_front(tmp_path: Path, index_path: Path) -> None:
    """Sudan, as a new user writes it: the RSF's capture of Wad Madani, 100+ km south of
    their ground around Khartoum with no advance reported toward it, is the city alone."""
    path = tmp_path / "sudan.yaml"
    path.write_text(SUDAN, encoding="utf-8")
    tl = build_timeline(load_scenario(path))
    (note,) = [n for n in tl.notes if "enclave" in n]
    assert note.startswith("madani: Wad Medani is ") and "km beyond RSF's ground" in note
    (taken,) = [c for c in tl.changes if c.cause == "capture"]
    before = tl.control[tl.day_index(dt.date(2023, 12, 18))]["RSF"]
    assert shapely.distance(taken.geom, before) > 80_000  # no corridor from Khartoum
    after = tl.control[tl.day_index(dt.date(2023, 12, 19))]["RSF"]
    assert after.area == pytest.approx(before.area + taken.geom.area, rel=1e-6)


def test_the_way_to_an_enclave_is_contested_not_held(tmp_path: Path, index_path: Path) -> None:
    from frontline.model.band import contested
    from frontline.thresholds import CONTESTED_HALF_KM, MAP_FRONT_REPORT_DAYS

    path = tmp_path / "sudan.yaml"
    path.write_text(SUDAN, encoding="utf-8")
    tl = build_timeline(load_scenario(path))
    grounds = contested(tl)
    i = tl.day_index(dt.date(2023, 12, 19))
    assert all(g is None for g in grounds[:i])
    way = grounds[i]
    assert way is not None and way.report_ids == ("madani",)
    held = tl.control[i]["RSF"]
    assert way.geometry.intersection(held).area < 1.0  # not drawn as held by anyone's report
    # about 115 km long, 2 x 1.5 km wide
    assert 0.7 * 115 * 2 * CONTESTED_HALF_KM < way.geometry.area / 1e6 < 1.3 * 115 * 2 * \
        CONTESTED_HALF_KM
    # for the week from the capture, then no more
    last = min(i + MAP_FRONT_REPORT_DAYS, len(tl.days))
    assert all(g is not None for g in grounds[i:last])
    assert all(g is None for g in grounds[last:])
