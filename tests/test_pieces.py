"""The map's pieces of ground: a square theatre with a straight front that moves a known
strip a day, so each day's ground is known exactly."""

from __future__ import annotations

from typing import Any

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.geo.geometry import polygonal
from frontline.geo.projection import geodesic_area_km2
from frontline.layers.pieces import pieces

#: the theatre: lon 30..30.6, lat 48..49; RU holds west of the front, which starts at 30.3
#: (narrow: a geodesic edge between two corners strays from the parallel with the cube of
#: its length, and pieces have more corners than the boxes they are checked against)
WEST, EAST, SOUTH, NORTH, FRONT = 30.0, 30.6, 48.0, 49.0, 30.3
STEP = 0.003  # the front moves this far east each day (about 220 m)
DAYS = 60


def _base() -> list[dict[str, Any]]:
    return [{"side": "RU", "report_ids": "", "geometry": shapely.box(WEST, SOUTH, FRONT, NORTH)},
            {"side": "UA", "report_ids": "", "geometry": shapely.box(FRONT, SOUTH, EAST, NORTH)}]


def _gain(day: int, west: float, east: float, side: str = "RU", south: float = SOUTH,
          north: float = NORTH) -> dict[str, Any]:
    return {"day_index": day, "side": side, "from_side": "UA" if side == "RU" else "RU",
            "report_ids": f"r{day}", "cause": "advance_rate", "basis": "modelled",
            "geometry": shapely.box(west, south, east, north)}


def _advance(days: int) -> list[dict[str, Any]]:
    """A strip a day from day 1, the front at FRONT + STEP * day on each day."""
    return [_gain(d, FRONT + STEP * (d - 1), FRONT + STEP * d) for d in range(1, days)]


def _held(atoms: list[dict[str, Any]], side: str, day: int) -> float:
    return sum(a["a"] for a in atoms if any(e[0] == side and e[1] <= day <= e[2] for e in a["h"]))


class Kept(dict[Any, Any]):
    """A memo in memory that counts what it had to make."""

    made = 0

    def get(self, key: Any, make: Any) -> Any:  # type: ignore[override]
        if key not in self:
            self.made += 1
            self[key] = make()
        return self[key]


def _same(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    return len(a) == len(b) and all(
        x["h"] == y["h"] and x["a"] == y["a"] and x["geom"].equals_exact(y["geom"], 0)
        for x, y in zip(a, b, strict=True))


def test_each_day_has_its_ground_and_the_pieces_tile_the_theatre() -> None:
    days = DAYS
    atoms = pieces(_base(), _advance(days), days - 1)
    geoms = [a["geom"] for a in atoms]
    assert shapely.coverage_is_valid(geoms)
    theatre = geodesic_area_km2(shapely.box(WEST, SOUTH, EAST, NORTH))
    assert abs(sum(a["a"] for a in atoms) - theatre) < 1e-5 * theatre
    for day in (0, 1, 2, 30, days - 2, days - 1):
        ru = geodesic_area_km2(shapely.box(WEST, SOUTH, FRONT + STEP * day, NORTH))
        assert abs(_held(atoms, "RU", day) - ru) < 0.05  # km², of about 2,500
        assert abs(_held(atoms, "UA", day) - (theatre - ru)) < 0.05
    # every strip is its own piece, and says which report made it and when
    strip = next(a for a in atoms if len(a["h"]) == 2 and a["h"][1][1] == 30)
    assert strip["h"] == [["UA", 0, 29, "", "baseline", "baseline"],
                          ["RU", 30, days - 1, "r30", "advance_rate", "modelled"]]


def test_ground_that_changes_hands_twice() -> None:
    days = DAYS
    gains = _advance(days)
    # UA takes back the northern half of the first strip on day 30
    gains.append(_gain(30, FRONT, FRONT + STEP, side="UA", south=48.5))
    gains.sort(key=lambda g: g["day_index"])
    atoms = pieces(_base(), gains, days - 1)
    assert shapely.coverage_is_valid([a["geom"] for a in atoms])
    back = [a for a in atoms if len(a["h"]) == 3]
    assert len(back) == 1
    assert [e[0] for e in back[0]["h"]] == ["UA", "RU", "UA"]
    assert back[0]["h"][1][1:3] == [1, 29]
    half = geodesic_area_km2(shapely.box(FRONT, 48.5, FRONT + STEP, NORTH))
    assert abs(back[0]["a"] - half) < 1e-3


def test_a_rebuild_takes_the_pieces_while_the_ground_is_as_it_was() -> None:
    gains = _advance(DAYS)
    memo = Kept()
    before = pieces(_base(), gains, DAYS - 1, memo)
    assert memo.made == 1 and _same(before, pieces(_base(), gains, DAYS - 1))
    # the same ground again (a new list, equal geometries): taken from the memo
    again = [{**g, "geometry": shapely.from_wkb(shapely.to_wkb(g["geometry"]))} for g in gains]
    assert _same(pieces(_base(), again, DAYS - 1, memo), before) and memo.made == 1
    # the last day's gain reaches half as far, or names another report: made again, as a
    # build from nothing makes it
    for changed in ([*gains[:-1], _gain(DAYS - 1, FRONT + STEP * (DAYS - 2),
                                        FRONT + STEP * (DAYS - 1.5))],
                    [*gains[:-1], {**gains[-1], "report_ids": "r-other"}]):
        made = memo.made
        after = pieces(_base(), changed, DAYS - 1, memo)
        assert memo.made == made + 1
        assert _same(after, pieces(_base(), changed, DAYS - 1))
        assert not _same(after, before)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.floats(30.05, 30.55), st.floats(0.01, 0.2),
                          st.floats(48.05, 48.9), st.floats(0.01, 0.3), st.booleans()),
                min_size=1, max_size=12))
def test_any_gains_leave_a_coverage_of_the_theatre(
        boxes: list[tuple[int, float, float, float, float, bool]]) -> None:
    """Rectangles taken by either side on any day: the pieces never overlap, cover the
    theatre, and hold each side's ground of the last day (areas in square degrees: exact
    for straight edges, where geodesic areas change with the vertices along an edge)."""
    base = _base()
    held = {s: r["geometry"] for s, r in zip(("RU", "UA"), base, strict=True)}
    gains = []
    for day, x, w, y, h, russian in sorted(boxes):
        side, other = ("RU", "UA") if russian else ("UA", "RU")
        box = shapely.box(round(x, 5), round(y, 5), round(min(x + w, EAST), 5),
                          round(min(y + h, NORTH), 5))
        taken = polygonal(shapely.intersection(box, held[other], grid_size=1e-5),
                          grid_size=None)
        if taken.is_empty:
            continue
        held[other] = polygonal(shapely.difference(held[other], taken, grid_size=1e-5),
                                grid_size=None)
        held[side] = polygonal(shapely.union(held[side], taken, grid_size=1e-5),
                               grid_size=None)
        gains.append({**_gain(day, 0, 0, side), "geometry": taken})
    atoms = pieces(base, gains, 40)
    geoms = [a["geom"] for a in atoms]
    assert shapely.coverage_is_valid(geoms)
    theatre = shapely.box(WEST, SOUTH, EAST, NORTH)
    assert abs(sum(g.area for g in geoms) - theatre.area) < 1e-9
    for side in ("RU", "UA"):
        mine = shapely.union_all([a["geom"] for a in atoms if a["h"][-1][0] == side])
        assert shapely.symmetric_difference(mine, held[side]).area < 1e-9
