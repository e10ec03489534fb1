"""The tiled ground of the model: changes of hands tile by tile give what whole overlays give."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.geo.geometry import Geometry, Lineal, Polygonal, difference, intersection, union
from frontline.model.ground import Ground, TileEdges
from frontline.thresholds import GRID_M

KM = 1_000.0


def snap_m2(*shapes: Geometry) -> float:
    """What overlays of the same shapes, cut differently, may differ by (m²): their edges
    snapped to the grid, up to a cell's width along their length."""
    return GRID_M * sum(float(shapely.length(g)) for g in shapes)


def two_sides(front_x: float) -> dict[str, shapely.Polygon]:
    """A 400 x 300 km country, A west of a straight front at ``front_x``, B east of it."""
    return {"A": shapely.box(-200 * KM, 0, front_x, 300 * KM),
            "B": shapely.box(front_x, 0, 200 * KM, 300 * KM)}


def front_of(ground: Ground) -> list[Lineal]:
    """Where A's tiles meet B's, as the model finds each day's front."""
    tiles = ground.snapshot()
    return TileEdges().between(tiles["A"], tiles["B"], "A", "B")


def test_a_front_along_a_tile_edge_is_found() -> None:
    # the front at x = 0 runs exactly along the edges of 100 km tiles
    ground = Ground(two_sides(0.0), tile_m=100 * KM)
    lines = front_of(ground)
    assert abs(sum(line.length for line in lines) - 300 * KM) < 1e-6
    assert abs(ground["A"].area - 200 * KM * 300 * KM) < 1e-3


def test_a_move_across_tiles_gives_the_exact_areas() -> None:
    ground = Ground(two_sides(30 * KM), tile_m=100 * KM)
    # 20 km deep along the whole 300 km of front: 6,000 km², across three rows of tiles
    lost = ground.move(shapely.box(30 * KM, 0, 50 * KM, 300 * KM), "A")
    assert set(lost) == {"B"}
    assert abs(lost["B"].area / 1e6 - 6_000) < 1e-6
    assert abs(ground["A"].area / 1e6 - 250 * 300) < 1e-6
    assert abs(ground["B"].area / 1e6 - 150 * 300) < 1e-6
    assert ground["A"].is_valid and ground["B"].is_valid
    # one polygon each, a rectangle: the tiles' edges are gone (their ends stay on its
    # sides, as vertices in line)
    assert ground["A"].geom_type == "Polygon" and not ground["A"].interiors
    assert len(shapely.simplify(ground["A"], 0.0).exterior.coords) == 5
    assert abs(sum(line.length for line in front_of(ground)) - 300 * KM) < 1e-3


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(-190, 150), st.floats(0, 250), st.floats(5, 80),
                          st.floats(5, 80), st.sampled_from("AB")),
                min_size=1, max_size=8))
def test_tiles_give_what_whole_overlays_give(
        moves: list[tuple[float, float, float, float, str]]) -> None:
    start = two_sides(10 * KM)
    ground = Ground(start, tile_m=50 * KM)
    # the same moves with half the tiles on a second thread give the same tiles, exactly
    with ThreadPoolExecutor(max_workers=1) as pool:
        shared = Ground(start, tile_m=50 * KM, pool=pool)
        for x, y, w, h, side in moves:
            shared.move(shape_at(x, y, w, h), str(side))
    whole: dict[str, Polygonal] = dict(start)
    for x, y, w, h, side in moves:
        shape = shape_at(x, y, w, h)
        other = "B" if side == "A" else "A"
        lost = ground.move(shape, str(side))
        take = intersection(shape, whole[other])
        whole[other] = difference(whole[other], take)
        whole[str(side)] = union(whole[str(side)], take)
        # (to the snapping of vertices on the 1 cm grid along kilometres of edge)
        assert abs(sum(g.area for g in lost.values()) - take.area) <= snap_m2(take)
    total = sum(g.area for g in start.values())
    for side in ("A", "B"):
        assert ground[side].is_valid
        assert shapely.symmetric_difference(ground[side], whole[side]).area < \
            snap_m2(ground[side], whole[side]) + 1e-6
    assert abs(ground["A"].area + ground["B"].area - total) < 1.0
    assert shapely.intersection(ground["A"], ground["B"]).area < 1.0
    assert shared.snapshot().keys() == ground.snapshot().keys()
    for side, tiles in ground.snapshot().items():
        assert shared.snapshot()[side].keys() == tiles.keys()
        assert all(shapely.equals_exact(shared.snapshot()[side][k], g, 0.0)
                   for k, g in tiles.items())


def shape_at(x: float, y: float, w: float, h: float) -> Polygonal:
    """A disk with a box on it (km): a change of hands across a few tiles."""
    return union(shapely.buffer(shapely.Point(x * KM, y * KM), w * KM / 2, quad_segs=4),
                 shapely.box(x * KM, y * KM, (x + w) * KM, (y + h) * KM))
