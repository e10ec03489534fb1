"""Area-targeted growth: ground that changes hands in exactly the reported amount.

Every function works in the theatre's projected metres. A growth is a family of
nested shapes ``G(r)`` indexed by a distance ``r`` (a buffer around the front, or
around a stretch of border); the distance is found by bisection so that the area
taken is the target to within ``tolerance`` (relative). Shapes are computed on
the overlay grid :data:`~frontline.thresholds.GRID_M`, so the area measured
is the area that will be written.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import shapely

from frontline.geo.geometry import Geometry, Polygonal, polygonal
from frontline.thresholds import (
    FOOTPRINT_M_PER_SQRT_THOUSAND,
    FOOTPRINT_MIN_M,
    GRID_M,
    MAX_DAILY_GROWTH_M,
    MAX_INCURSION_DEPTH_M,
    RATE_TOLERANCE,
)

__all__ = [
    "Growth",
    "capture_footprint",
    "footprint_radius_m",
    "grow_from_border",
    "grow_from_front",
]

#: Steps of the secant search before it settles for the best shape found.
MAX_STEPS = 60


class Growth(NamedTuple):
    """The shape found, its area (m²), the distance used, and whether the target was met."""

    geom: Polygonal
    area_m2: float
    distance_m: float
    met: bool


def _bisect(shape: Callable[[float], Polygonal], target_m2: float, r_start: float, r_max: float,
            tolerance: float, floor_m2: float = 0.0, power: float = 1.0) -> Growth:
    """Find ``r`` with ``area(shape(r)) ~= target``; ``shape`` must grow with ``r``.

    A bracketed secant search (the Illinois variant of regula falsi) on the area
    to the ``1 / power`` (a strip's area grows about as the distance, ``power``
    1; a shape that grows in breadth too, about as its square, ``power`` 2): it
    needs a handful of shapes where plain bisection needs twenty. The target is
    met within ``tolerance`` (relative) or ``floor_m2``, the area one grid step of
    distance adds, whichever is larger.
    """
    def f(area: float) -> float:
        return area ** (1 / power)

    allowed = max(tolerance * target_m2, floor_m2)
    if target_m2 <= 0:
        return Growth(shapely.Polygon(), 0.0, 0.0, True)
    lo, a_lo = 0.0, 0.0
    hi = min(max(r_start, 1.0), r_max)
    g_hi = shape(hi)
    if abs(g_hi.area - target_m2) <= allowed:  # (a start from the day before's distance)
        return Growth(g_hi, g_hi.area, hi, True)
    while g_hi.area < target_m2:
        if hi >= r_max:
            return Growth(g_hi, g_hi.area, hi, False)
        lo, a_lo = hi, g_hi.area
        # (past the target by a little, where the area says; twice as far at most)
        scale = f(target_m2) / f(a_lo) if a_lo > 0 else 2.0
        hi = min(hi * min(max(1.02 * scale, 1.05), 2.0), r_max)
        g_hi = shape(hi)
    a_hi, best = g_hi.area, g_hi
    side = 0
    for _ in range(MAX_STEPS):
        if abs(best.area - target_m2) <= allowed or hi - lo < 1e-3:
            break
        mid = lo + (f(target_m2) - f(a_lo)) * (hi - lo) / max(f(a_hi) - f(a_lo), 1e-9)
        if not lo < mid < hi:
            mid = (lo + hi) / 2
        g = shape(mid)
        if abs(g.area - target_m2) < abs(best.area - target_m2):
            best = g
        if g.area < target_m2:
            lo, a_lo = mid, g.area
            if side == -1:
                a_hi = target_m2 + (a_hi - target_m2) / 2
            side = -1
        else:
            hi, a_hi = mid, g.area
            if side == 1:
                a_lo = target_m2 - (target_m2 - a_lo) / 2
            side = 1
    return Growth(best, best.area, hi, abs(best.area - target_m2) <= allowed)


def grow_from_front(
    allowed: Polygonal,
    front: Geometry,
    target_m2: float,
    *,
    r_max_m: float = MAX_DAILY_GROWTH_M,
    tolerance: float = RATE_TOLERANCE,
) -> Growth:
    """Ground within ``allowed`` nearest to ``front``, of area ``target_m2``.

    Parameters
    ----------
    allowed : geometry
        Ground that may be taken (the other side's, in the right country, minus
        settlements protected until their capture date).
    front : geometry
        The lines growth starts from (the active part of the front).
    target_m2 : float
    r_max_m : float
        Growth deeper than this is not attempted; the result then says
        ``met=False``.

    Examples
    --------
    >>> other = shapely.box(0, 0, 10_000, 10_000)
    >>> front = shapely.LineString([(0, 0), (0, 10_000)])
    >>> g = grow_from_front(other, front, 25_000_000)   # 25 km² from a 10 km front
    >>> g.met, round(g.distance_m), round(g.area_m2 / 1e6, 3)
    (True, 2500, 25.0)
    """
    if front.is_empty or allowed.is_empty:
        return Growth(shapely.Polygon(), 0.0, 0.0, target_m2 <= 0)
    length = max(front.length, 1.0)
    # work in a window a few times deeper than an even strip would be; widen if short
    cap = min(r_max_m, 8 * target_m2 / length + 2_000.0)
    while True:
        local = polygonal(shapely.intersection(allowed, shapely.buffer(front, cap, quad_segs=8),
                                               grid_size=GRID_M))
        shapely.prepare(local)

        def shape(r: float, local: Polygonal = local) -> Polygonal:
            return polygonal(shapely.intersection(local, shapely.buffer(front, r, quad_segs=8),
                                                  grid_size=GRID_M))

        grown = _bisect(shape, target_m2, 1.2 * target_m2 / length, cap, tolerance,
                        2 * length * GRID_M)
        if grown.met or cap >= r_max_m:
            return grown
        cap = min(r_max_m, cap * 4)


def grow_from_border(
    allowed: Polygonal,
    border: Geometry,
    anchor: Geometry,
    target_m2: float,
    *,
    must: Polygonal | None = None,
    r_max_m: float = MAX_INCURSION_DEPTH_M,
    tolerance: float = RATE_TOLERANCE,
    start_m: float | None = None,
) -> Growth:
    """An incursion: ground beyond ``border`` around ``anchor``, of area ``target_m2``.

    The shape at distance ``r`` is the ground within ``r`` of the stretch of
    border within ``1.5 r + 5 km`` of the anchor (the border point nearest the
    origin place), so it grows outward from there and shrinks back toward it.
    ``must`` (captured places) is always included. The search starts from
    ``start_m`` when given (the distance of the day before: a day's area is
    often met there at once).
    """
    must = must if must is not None and not must.is_empty else shapely.Polygon()
    if target_m2 <= must.area:
        return Growth(must, must.area, 0.0, abs(must.area - target_m2) <= tolerance * target_m2)
    local = polygonal(shapely.intersection(
        allowed, shapely.buffer(anchor, 2.5 * r_max_m + 5_000), grid_size=GRID_M))
    shapely.prepare(local)

    def shape(r: float) -> Polygonal:
        stretch = shapely.intersection(border, shapely.buffer(anchor, 1.5 * r + 5_000))
        if stretch.is_empty:
            stretch = anchor
        grown = polygonal(shapely.intersection(local, shapely.buffer(stretch, r, quad_segs=8),
                                               grid_size=GRID_M))
        return polygonal(shapely.union(grown, must, grid_size=GRID_M))

    return _bisect(shape, target_m2, start_m or math.sqrt(target_m2), r_max_m, tolerance,
                   power=2.0)


def footprint_radius_m(population: int) -> float:
    """Radius of the ground that changes hands with a settlement.

    About the built-up area of a settlement of that size: 1 km for a village,
    2.7 km for a town of 20,000, 4.6 km for 60,000.

    Examples
    --------
    >>> footprint_radius_m(500), round(footprint_radius_m(21_521))
    (1000.0, 2783)
    """
    return max(FOOTPRINT_MIN_M,
               FOOTPRINT_M_PER_SQRT_THOUSAND * math.sqrt(max(population, 0) / 1000.0))


def capture_footprint(point: shapely.Point, radius_m: float, holder: Polygonal, *,
                      within: Polygonal) -> Polygonal:
    """The settlement's footprint, joined to the capturing side's ground.

    Parameters
    ----------
    point : Point
        The settlement.
    radius_m : float
    holder : geometry
        What the capturing side holds now.
    within : geometry
        Where the footprint may lie (the settlement's country).
    """
    disk = shapely.buffer(point, radius_m, quad_segs=16)
    shape: Geometry = disk
    if not holder.is_empty and not shapely.intersects(disk, holder):
        link = shapely.shortest_line(point, holder)
        shape = shapely.union(disk, shapely.buffer(link, radius_m / 2, quad_segs=8),
                              grid_size=GRID_M)
    return polygonal(shapely.intersection(shape, within, grid_size=GRID_M))
