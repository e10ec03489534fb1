"""Growth as a propagating front: arrival times over a speed field, cut at the day's area.

A side's ground advances into ground it may take as a wave. The arrival time
of the wave at every cell of a grid over that ground is the least travel time
from the side's front, each cell crossed at its own speed (a shortest path on
the grid, each cell joined to its 16 nearest neighbours, which keeps the
wave's shape within about 3% of round). The ground taken by a time ``t`` is the
region where the arrival time is at most ``t``: its edge, an isochrone, is the
new front, drawn by interpolating the grid (so it is smooth, not stair-stepped).
The time is found numerically so that the region's area is the day's target.

The speed comes from what is reported: faster along the axes from the front
toward named objectives, slow in built-up ground, nil where the wave may not go
(the sea, borders the scenario does not open, towns whose capture is reported
later, barriers such as large rivers). Cells outside the ground that may be
taken get no time of their own: the isochrones are drawn across them and the
region cut to that ground exactly, so it meets borders and coasts without a
sliver.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import shapely

from frontline.geo.geometry import (
    Geometry,
    Lineal,
    Polygonal,
    difference,
    filled_contours,
    intersection,
    polygonal,
    segment_tree,
    shared_edges,
)
from frontline.model.threads import on_two_threads
from frontline.thresholds import GRID_M

__all__ = ["Axis", "Grid", "Wave", "arrival_times", "axis_speed", "front_between", "passage",
           "within"]

#: Offsets to half of the 16 nearest neighbours (the other half mirror them), with the cells
#: a step passes through, which must be open too (so a line one cell wide stops the wave).
_STEPS: tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...] = (
    (0, 1, ()), (1, 0, ()), (1, 1, ((0, 1), (1, 0))), (1, -1, ((0, -1), (1, 0))),
    (1, 2, ((0, 1), (1, 1))), (2, 1, ((1, 0), (1, 1))), (2, -1, ((1, 0), (1, -1))),
    (1, -2, ((0, -1), (1, -1))),
)

#: Cells next to the wave's that it does not enter are given times this many cells deep.
_FILL_STEPS = 3

SpeedField = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""Speed (relative units) at arrays of projected x, y."""


@dataclass(frozen=True)
class Grid:
    """A regular grid of square cells in projected metres; (row, col) = (y, x)."""

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int

    @classmethod
    def over(cls, bounds: tuple[float, float, float, float], cell: float) -> Grid:
        """Cells of ``cell`` metres covering ``bounds`` with a margin of two cells."""
        minx, miny, maxx, maxy = bounds
        x0, y0 = minx - 2 * cell, miny - 2 * cell
        return cls(x0, y0, cell, math.ceil((maxx - x0) / cell) + 3,
                   math.ceil((maxy - y0) / cell) + 3)

    @property
    def xs(self) -> np.ndarray:
        """Cell centres along x."""
        return self.x0 + self.cell * np.arange(self.nx)

    @property
    def ys(self) -> np.ndarray:
        """Cell centres along y."""
        return self.y0 + self.cell * np.arange(self.ny)

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """X and Y of every cell centre, shaped (ny, nx)."""
        return np.meshgrid(self.xs, self.ys)

    def inside(self, geom: Geometry | None, *, all_touched: bool = False) -> np.ndarray:
        """Which cells have their centre in ``geom`` (or touch it): a boolean array.

        Drawn by GDAL's rasterizer (through rasterio), which takes a fraction
        of the time of testing every centre.
        """
        if geom is None or geom.is_empty:
            return np.zeros((self.ny, self.nx), dtype=bool)
        from rasterio.features import rasterize
        from rasterio.transform import Affine

        # rows top-down for GDAL, flipped back to the grid's bottom-up rows
        top = self.y0 + (self.ny - 0.5) * self.cell
        transform = Affine(self.cell, 0.0, self.x0 - self.cell / 2, 0.0, -self.cell, top)
        burnt = rasterize([(geom, 1)], out_shape=(self.ny, self.nx), transform=transform,
                          fill=0, dtype="uint8", all_touched=all_touched)
        return np.ascontiguousarray(burnt[::-1].astype(bool))


@dataclass(frozen=True)
class _Cells:
    """What a wave knows of its grid's cells whatever its speed."""

    #: cells it may take
    open_: np.ndarray
    #: the strip of the side's own ground along the front (isochrones are drawn from it)
    strip: np.ndarray
    #: open cells next to the side's ground, where it starts
    near: np.ndarray
    #: what the speed is multiplied by in built-up ground ...
    factor: np.ndarray
    #: ... and divided by among people (None: no people)
    crowd: np.ndarray | None
    #: the distance to the front of the cells near it and of the strip (m)
    front_m: np.ndarray
    #: open cells at the far edge of the window
    far: np.ndarray


def arrival_times(grid: Grid, speed: np.ndarray, open_: np.ndarray,
                  start: np.ndarray) -> np.ndarray:
    """Least travel time to every open cell from the cells where ``start`` is finite.

    Parameters
    ----------
    grid : Grid
    speed : ndarray
        Speed of each cell (metres per unit of time); only open cells are used.
    open_ : ndarray of bool
        Cells the wave may cross.
    start : ndarray
        Time at which the wave enters each cell (``inf`` for cells it does not start from).

    Returns
    -------
    ndarray
        Arrival times, ``inf`` where the wave cannot go.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    index = np.full(open_.shape, -1, dtype=np.int64)
    index[open_] = np.arange(int(open_.sum()))
    n = int(open_.sum())
    if n == 0:
        return np.full(open_.shape, np.inf)
    slowness = np.where(open_, 1.0 / np.maximum(speed, 1e-9), 0.0)
    rows, cols, weights = [], [], []
    ny, nx = open_.shape
    for di, dj, through in _STEPS:
        # pairs (i, j) -> (i + di, j + dj) with both ends and the cells between open
        i0, i1 = max(0, -di), min(ny, ny - di)
        j0, j1 = max(0, -dj), min(nx, nx - dj)
        ok = open_[i0:i1, j0:j1] & open_[i0 + di:i1 + di, j0 + dj:j1 + dj]
        for ti, tj in through:
            ok &= open_[i0 + ti:i1 + ti, j0 + tj:j1 + tj]
        a = index[i0:i1, j0:j1][ok]
        b = index[i0 + di:i1 + di, j0 + dj:j1 + dj][ok]
        w = (math.hypot(di, dj) * grid.cell / 2) * (
            slowness[i0:i1, j0:j1][ok] + slowness[i0 + di:i1 + di, j0 + dj:j1 + dj][ok])
        rows += [a, b]
        cols += [b, a]
        weights += [w, w]
    sources = open_ & np.isfinite(start)
    rows.append(np.full(int(sources.sum()), n))
    cols.append(index[sources])
    weights.append(np.maximum(start[sources], 1e-9))  # the graph keeps no zero weights
    graph = coo_matrix((np.concatenate(weights), (np.concatenate(rows), np.concatenate(cols))),
                       shape=(n + 1, n + 1)).tocsr()
    times = dijkstra(graph, directed=True, indices=np.array([n]))[0]
    out = np.full(open_.shape, np.inf)
    out[open_] = times[:n]
    return out


def front_between(mine: Polygonal, other: Polygonal) -> Lineal:
    """Where two pieces of ground meet (both from overlays on one grid: shared edges)."""
    if mine.is_empty or other.is_empty:
        return shapely.MultiLineString()
    edges = shared_edges(mine, other)
    lines = list(shapely.get_parts(shapely.line_merge(shapely.multilinestrings(edges)))
                 ) if edges else []
    if not lines:
        # edges that do not coincide exactly (reprojected borders): what lies within a step
        near = shapely.intersection(mine.boundary, shapely.buffer(other, 10 * GRID_M))
        lines = [g for g in shapely.get_parts(near)
                 if g.geom_type in ("LineString", "MultiLineString")]
    return shapely.multilinestrings(lines) if lines else shapely.MultiLineString()


def within(lines: Geometry, distance_m: float) -> Polygonal:
    """The ground within a distance of lines (a front), its far edge to 1/200 of it.

    The lines are simplified by that tolerance first: buffering a front of
    thousands of vertices by tens of kilometres otherwise takes seconds.
    """
    return polygonal(shapely.buffer(shapely.simplify(lines, distance_m / 200), distance_m,
                                    quad_segs=8), grid_size=None)


@dataclass(frozen=True)
class Axis:
    """A line of advance: from a point of the front toward an objective and beyond."""

    start: tuple[float, float]
    end: tuple[float, float]
    width_m: float
    #: how strongly it pulls (1 on the axis for a full pull)
    strength: float = 1.0
    #: what it leads to (a place's id; "" for none)
    key: str = ""

    @classmethod
    def toward(cls, front: Geometry, target: tuple[float, float], *, width_m: float,
               beyond_m: float, full_m: float = 0.0, least: float = 1.0,
               key: str = "") -> Axis | None:
        """From the point of ``front`` nearest ``target``, through it, ``beyond_m`` further.

        With ``full_m``, an objective nearer the front than that pulls less (an
        objective at the front is fought for in its streets, not advanced on),
        down to ``least`` at the front.
        """
        if front.is_empty:
            return None
        nearest = shapely.shortest_line(front, shapely.Point(target))
        (x0, y0), (x1, y1) = nearest.coords[0], nearest.coords[-1]
        length = math.hypot(x1 - x0, y1 - y0)
        strength = least + (1 - least) * min(1.0, length / full_m) if full_m > 0 else 1.0
        if length < 1.0:
            return cls((x0, y0), (x1, y1), width_m, strength, key)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        return cls((x0, y0), (x1 + ux * beyond_m, y1 + uy * beyond_m), width_m, strength, key)

    @classmethod
    def at(cls, point: tuple[float, float], *, width_m: float) -> Axis:
        """No direction: a pull around a point (where the fighting is)."""
        return cls(point, point, width_m)

    @property
    def line(self) -> Geometry:
        """The axis as a geometry (a point when it has no length)."""
        if self.start == self.end:
            return shapely.Point(self.start)
        return shapely.LineString([self.start, self.end])

    def distance(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """Distance from points to the axis segment."""
        (ax, ay), (bx, by) = self.start, self.end
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        if length2 == 0:
            return np.hypot(X - ax, Y - ay)
        t = np.clip(((X - ax) * dx + (Y - ay) * dy) / length2, 0.0, 1.0)
        return np.hypot(X - (ax + t * dx), Y - (ay + t * dy))

    def weight(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """``strength`` on the axis, falling off as a Gaussian of the distance to it."""
        return self.weight_at(self.distance(X, Y))

    def weight_at(self, distance: np.ndarray) -> np.ndarray:
        """The weight at a distance from the axis."""
        return self.strength * np.exp(-(distance / self.width_m) ** 2)


def axis_speed(axes: Sequence[Axis], *, base: float, along: float,
               spread_m: float) -> SpeedField:
    """The speed of a wave pulled along axes.

    ``along`` times the sum of the axes' weights (axes add up: a sector toward
    which several places are named, objectives or places whose capture is
    reported, advances faster than one with a single objective), plus
    ``base`` in the sectors around them (falling off as a Gaussian of the
    distance to the nearest axis, 1/e at ``spread_m``), so the ground between
    two named places advances too; the rest of the front stands. With no
    axes, the same speed everywhere.
    """

    def speed(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        if not axes:
            return np.ones(X.shape)
        distances = [a.distance(X, Y) for a in axes]
        out = base * np.exp(-(np.min(distances, axis=0) / spread_m) ** 2)
        for a, d in zip(axes, distances, strict=True):
            out += along * a.weight_at(d)
        return out

    return speed


class Wave:
    """Arrival times of one side's ground across the ground it may take.

    Parameters
    ----------
    mine : geometry
        The side's ground now.
    allowed : geometry
        Ground it may take (the other side's, in the rate's country, less what
        it may not enter yet).
    speed : callable
        Speed at projected x, y (arrays).
    slow : list of (geometry, float)
        Zones whose speed is multiplied by a factor (built-up ground).
    barriers : geometry, optional
        Ground the wave does not cross (rivers, given as polygons).
    people, urban_radius_m, urban_population : sequence of (x, y, population), float, float
        Settlements that slow the wave around them: the speed is divided by
        ``1 + P / urban_population``, where ``P`` is the population around a
        point (each settlement's people weighted by a Gaussian of their
        distance, 1/e at ``urban_radius_m``), so an agglomeration is slow
        ground and open country between villages is not.
    depth_m : float
        How far beyond the front arrival times are computed.
    max_cells, min_cell_m : int, float
        The grid: as fine as ``min_cell_m`` unless that needs more than
        ``max_cells`` cells over the window ...
    max_grid_cells : int, optional
        ... or more than this many over the window's bounding box.
    front : geometry, optional
        Where the wave starts (by default where ``mine`` meets ``allowed``).
    clipped : bool
        Whether ``allowed`` already lies within ``depth_m`` of the front (else it
        is cut to that).
    pool : Executor, optional
        A thread that takes half of the distances to the front.

    Notes
    -----
    The ground reached by a time is always drawn from the front (so a
    day's ground and the next day's meet exactly): :meth:`reached` is the
    region within an isochrone, and :meth:`advance` moves the isochrone on
    until the region has grown by the day's area.
    """

    def __init__(self, mine: Polygonal, allowed: Polygonal, speed: SpeedField, *,
                 slow: Sequence[tuple[Geometry, float]] = (), barriers: Geometry | None = None,
                 people: Sequence[tuple[float, float, float]] = (),
                 urban_radius_m: float = 4_000.0, urban_population: float = 10_000.0,
                 depth_m: float, max_cells: int, min_cell_m: float,
                 max_grid_cells: int | None = None, front: Geometry | None = None,
                 clipped: bool = False, pool: Executor | None = None) -> None:
        self.front = front if front is not None else front_between(mine, allowed)
        self.depth_m = depth_m
        window = allowed if clipped else polygonal(
            shapely.intersection(allowed, within(self.front, depth_m)))
        self.window = window
        shapely.prepare(window)
        self.level = 0.0
        self.area = 0.0  # of the ground reached by ``level`` that changed hands, m²
        self._before = 0.0
        self.last: Polygonal = shapely.Polygon()  # the region of the last advance
        self._cells: _Cells | None = None
        if window.is_empty:
            self.grid = Grid(0.0, 0.0, min_cell_m, 1, 1)
            self._prepare_drawing(np.full((1, 1), np.inf))
            self.reach = np.array([])
            self.horizon = 0.0
            return
        cell = max(min_cell_m, math.sqrt(window.area / max_cells))
        if max_grid_cells:  # a window of scattered pieces: its box bounds the grid too
            minx, miny, maxx, maxy = window.bounds
            cell = max(cell, math.sqrt((maxx - minx) * (maxy - miny) / max_grid_cells))
        grid = Grid.over(window.bounds, cell)
        self.grid = grid
        open_ = grid.inside(window)
        closed = np.zeros(open_.shape, dtype=bool)
        if barriers is not None and not barriers.is_empty:
            closed = grid.inside(barriers, all_touched=True)
            open_ &= ~closed
        from scipy import ndimage

        inside_mine = grid.inside(mine)
        ring = np.ones((3, 3), dtype=bool)
        # a strip of the side's own ground along the front, for drawing isochrones from it
        strip = inside_mine & ~ndimage.binary_erosion(inside_mine, ring,
                                                      iterations=_FILL_STEPS)
        # what the speed is multiplied by in built-up ground and divided by among people
        # (whatever the pulls)
        factor = np.ones(open_.shape)
        for zone, f in slow:
            factor[open_ & grid.inside(zone)] *= f
        crowd = 1.0 + _people_around(grid, people, urban_radius_m) / urban_population \
            if people else None
        # the wave starts from the front: open cells next to the side's ground, at the
        # time it takes to cross their distance to the front; the strip has the (negative)
        # time it would take to reach the front from it
        near = open_ & ndimage.binary_dilation(inside_mine, ring)
        # (not next to a barrier: on a coarse grid a cell beyond it can touch the side's ground)
        near &= ~ndimage.binary_dilation(closed, ring)
        # (the distances to the front of these and of the strip, in one query)
        both = near | strip
        front_m = np.zeros(open_.shape)
        X, Y = grid.centres()
        front_m[both] = _distance(self.front, X[both], Y[both], pool=pool)
        #: the wave is trusted up to the time it first reaches the far edge of its window
        # (the distance of each cell to the front, from the front drawn on the grid)
        to_front = ndimage.distance_transform_edt(~grid.inside(self.front, all_touched=True))
        self._cells = _Cells(
            open_, strip, near, factor, crowd, front_m,
            open_ & (to_front * cell > depth_m - 2 * cell))
        self._run(speed)

    def with_speed(self, speed: SpeedField) -> Wave:
        """The same wave over the same ground and grid at another speed (only the arrival
        times are found again; not after :meth:`forget_cells`)."""
        if self._cells is None:
            if self.reach.size == 0:
                return self
            raise ValueError("the wave's cells were let go")
        other = copy.copy(self)
        other._run(speed)
        return other

    def forget_cells(self) -> None:
        """Let go of what :meth:`with_speed` needs (a wave kept from day to day is smaller)."""
        self._cells = None

    def _run(self, speed: SpeedField) -> None:
        """The arrival times at ``speed`` (with the built-up ground's and people's factors)."""
        from scipy import ndimage

        grid, c = self.grid, self._cells
        assert c is not None
        X, Y = grid.centres()
        rated = c.open_ | c.strip
        rate = np.ones(c.open_.shape)
        rate[rated] = speed(X[rated], Y[rated])
        rate *= c.factor
        if c.crowd is not None:
            rate /= c.crowd
        start = np.full(c.open_.shape, np.inf)
        start[c.near] = c.front_m[c.near] / rate[c.near]
        times = arrival_times(grid, rate, c.open_, start)
        self.reach = np.sort(times[np.isfinite(times)])
        far_times = times[c.far & np.isfinite(times)]
        self.horizon = float(far_times.min()) if far_times.size else math.inf
        # for drawing: the strip is reached before the start, and cells next to the
        # wave's that it does not enter (borders, coasts, towns it may not take) take the
        # least time of their neighbours, so isochrones cross them and the region is cut
        # to the ground that may be taken; other cells are left out. Each such cell is a
        # step later than its neighbour (a flat field would bring a strip along a border in
        # all at once, and the day's area could jump past its target)
        ring = np.ones((3, 3), dtype=bool)
        filled = times.copy()
        for _ in range(_FILL_STEPS):
            # (cells it may take but cannot reach, beyond a barrier, stay unknown)
            unknown = ~np.isfinite(filled) & ~c.open_
            if not unknown.any():
                break
            grown = ndimage.grey_erosion(np.where(np.isfinite(filled), filled, np.inf),
                                         footprint=ring, mode="nearest")
            filled = np.where(unknown, grown + grid.cell / np.maximum(rate, 1e-9), filled)
        filled[c.strip] = -c.front_m[c.strip] / rate[c.strip]
        self._prepare_drawing(filled)

    def _prepare_drawing(self, filled: np.ndarray) -> None:
        """What :meth:`reached` needs at every level, found once."""
        self._drawn_last: tuple[float, Polygonal] | None = None
        known = np.isfinite(filled)
        #: the field as contourpy reads it (NaN where unknown), from below everything it holds
        self._field = np.where(known, filled, np.nan)
        self._floor = float(filled[known].min()) - 1.0 if known.any() else -1.0
        # the cells reached by a time are a prefix of the cells in order of time: the box
        # round them is a running min / max over that order
        rows, cols = np.nonzero(known & (filled >= 0))
        order = np.argsort(filled[rows, cols], kind="stable")
        rows, cols = rows[order], cols[order]
        self._drawn = filled[rows, cols]
        self._box = (np.minimum.accumulate(rows), np.maximum.accumulate(rows),
                     np.minimum.accumulate(cols), np.maximum.accumulate(cols))

    @property
    def exhausted(self) -> bool:
        """Whether the wave has reached every cell it can, or the far edge of its window."""
        return self.reach.size == 0 or self.level >= min(float(self.reach[-1]), self.horizon)

    def reached(self, level: float) -> Polygonal:
        """The ground that may be taken that the wave reaches by time ``level``."""
        shape = self._isochrone(level)
        return shape if shape.is_empty else intersection(shape, self.window)

    def reached_m2(self, level: float) -> float:
        """The area of :meth:`reached`, found by a floating-point overlay (a third of the
        time of one on the grid; the two differ by about 1e-7 of the area)."""
        shape = self._isochrone(level)
        return 0.0 if shape.is_empty else float(shapely.intersection(shape, self.window).area)

    def _isochrone(self, level: float) -> Polygonal:
        """The region within the isochrone of ``level``, drawn from behind the front (the
        last one drawn is kept: the level an advance settles on was drawn by its search)."""
        if self._drawn_last is not None and self._drawn_last[0] == level:
            return self._drawn_last[1]
        shape = self._draw(level)
        self._drawn_last = (level, shape)
        return shape

    def _draw(self, level: float) -> Polygonal:
        if self.reach.size == 0 or level <= 0:
            return shapely.Polygon()
        k = int(np.searchsorted(self._drawn, level, side="right"))
        if k == 0:
            return shapely.Polygon()
        (rlo, rhi, clo, chi), ny, nx = self._box, *self._field.shape
        r0, r1 = max(int(rlo[k - 1]) - 4, 0), min(int(rhi[k - 1]) + 5, ny)
        c0, c1 = max(int(clo[k - 1]) - 4, 0), min(int(chi[k - 1]) + 5, nx)
        # (every vertex kept: a simplified outline jumps between shapes as the level rises,
        # and the area with it, so a day's target could be missed). From the whole strip of
        # the side's own ground: the region's back edge lies well behind the front and the
        # window cuts it exactly there (an isochrone drawn at the front itself strays from
        # it by the interpolation, and leaves slivers between them)
        return filled_contours(self.grid.xs[c0:c1], self.grid.ys[r0:r1],
                               self._field[r0:r1, c0:c1], self._floor, level)

    def advance(self, target_m2: float, *, tolerance: float,
                max_tries: int = 10) -> tuple[Polygonal, bool]:
        """Move the isochrone on until ``target_m2`` more ground is reached.

        The time is bracketed from the count of cells (each cell's arrival
        time is known, so the count of cells reached is a close first guess)
        and found by regula falsi (Illinois) on the region's area.

        Returns
        -------
        geometry
            All the ground reached so far (drawn from the front; the caller
            keeps what it did not hold).
        bool
            Whether the area was met within ``tolerance``.
        """
        if target_m2 <= 0 or self.reach.size == 0:
            return shapely.Polygon(), target_m2 <= 0
        want = self.area + target_m2
        n = int(np.searchsorted(self.reach, self.horizon, side="right"))
        if n == 0:
            return shapely.Polygon(), False
        cells = np.arange(self.reach.size, dtype=float) + 1.0
        done = float(np.interp(self.level, self.reach, cells, left=0.0))

        def level_at(k: float) -> float:
            return float(np.interp(k, cells, self.reach))

        tried: list[tuple[float, float]] = []  # (level, area)

        def area_at(level: float) -> float:
            # (what it reached before lies within, to a fiftieth of a cell: isochrones are
            # barely simplified)
            tried.append((level, self.reached_m2(level)))
            return tried[-1][1]

        # bracket the level: from the count of cells, widened until the area is passed
        k = min(done + target_m2 / self.grid.cell ** 2, float(n))
        lo: tuple[float, float] = (self.level, self.area - want)  # (level, area - want)
        hi: tuple[float, float] | None = None
        for _ in range(max_tries):
            level = level_at(k)
            f = area_at(level) - want
            if abs(f) <= tolerance * target_m2:
                break
            if f > 0:
                hi = (level, f)
                break
            lo = (level, f)
            if k >= n:
                break
            k = min(float(n), done + 2 * (k - done) + 1)
        else:
            hi = None
        # then regula falsi with the Illinois step (a side kept twice has its value halved)
        if hi is not None and abs(tried[-1][1] - want) > tolerance * target_m2:
            kept = 0
            for _ in range(max_tries):
                level = lo[0] - lo[1] * (hi[0] - lo[0]) / (hi[1] - lo[1])
                if not lo[0] < level < hi[0]:
                    level = (lo[0] + hi[0]) / 2
                f = area_at(level) - want
                if abs(f) <= tolerance * target_m2:
                    break
                if f < 0:
                    lo = (level, f)
                    hi = (hi[0], hi[1] / 2) if kept == -1 else hi
                    kept = -1
                else:
                    hi = (level, f)
                    lo = (lo[0], lo[1] / 2) if kept == 1 else lo
                    kept = 1
        level, a = min(tried, key=lambda t: abs(t[1] - want))
        if a <= self.area:
            return shapely.Polygon(), False
        region = self.reached(level)  # (on the grid, as every change of hands is)
        a = float(region.area)
        self._before = self.area
        self.level, self.area, self.last = level, a, region
        return region, abs(a - want) <= tolerance * target_m2

    def time_around(self, geom: Geometry, margin_m: float, share: float) -> float:
        """The time by which the wave has come within ``margin_m`` of ``share`` of the
        ground round ``geom`` (it goes round ground it may not enter): of the cells it may
        take within that distance outside ``geom``, those it never reaches counted as
        reached last; inf when that share is never reached or no such cell is known."""
        ring = shapely.difference(shapely.buffer(geom, margin_m, quad_segs=8), geom)
        cells = self.grid.inside(ring)
        if self._cells is not None:
            cells &= self._cells.open_
        times = self._field[cells]
        if not times.size:
            return math.inf
        return float(np.quantile(np.where(np.isfinite(times), times, np.inf), share,
                                 method="higher"))

    def level_after(self, more_m2: float) -> float:
        """About the level at which ``more_m2`` more ground is reached (from the count of
        cells, as :meth:`advance` begins); inf beyond the ground the wave is trusted for."""
        n = int(np.searchsorted(self.reach, self.horizon, side="right"))
        done = int(np.searchsorted(self.reach, self.level, side="right"))
        k = done + int(more_m2 / self.grid.cell ** 2)
        return float(self.reach[k]) if k < n else math.inf

    def exclude(self, geom: Geometry) -> None:
        """Ground the wave no longer takes (it changed hands otherwise, as a pocket)."""
        self.window = difference(self.window, geom)
        shapely.prepare(self.window)

    def settle(self, moved_m2: float) -> None:
        """Say how much of the last advance changed hands.

        Ground the region reached that did not change hands then (slivers
        under the least change) does when the region grows next: counting
        only what moved keeps each day's change at its target.
        """
        self.area = self._before + moved_m2


def passage(mine: Polygonal, allowed: Polygonal, target: tuple[float, float], radius_m: float,
            *, widening: float, max_half_width_m: float, min_cell_m: float,
            max_cells: int) -> Polygonal:
    """The ground a side's front crosses to take a place: a salient from the front to it.

    The salient follows the shortest path from the front to the place over
    ``allowed`` (round the ground the side may not cross), found by descending
    the distances from the front on a grid. It is ``radius_m`` wide on each
    side at the place (its own ground) and widens toward the front, to
    ``widening`` times the path's length on each side where it leaves it (at
    most ``max_half_width_m``): a salient broad at its base and narrowing to
    the place, as an advance that took it would leave. A place at the front
    takes a bulge of its own size.

    Parameters
    ----------
    mine : geometry
        The capturing side's ground.
    allowed : geometry
        Ground it may take.
    target : (x, y)
        The place.
    radius_m : float
        The place's own extent.
    widening, max_half_width_m : float
    min_cell_m, max_cells : float, int
        The grid of the path: as fine as ``min_cell_m`` unless that needs
        more than ``max_cells`` cells.

    Returns
    -------
    geometry
        Within ``allowed``, meeting ``mine`` (empty if no path reaches the place).
    """
    from scipy import ndimage

    point = shapely.Point(target)
    if mine.is_empty or allowed.is_empty:
        return shapely.Polygon()
    length = float(shapely.distance(mine, point))
    if length <= radius_m:  # at the front: the place's own ground
        return intersection(shapely.buffer(point, radius_m, quad_segs=16), allowed)
    around = shapely.buffer(point, 1.5 * length + radius_m, quad_segs=16)
    window = polygonal(shapely.intersection(allowed, around))
    local_mine = polygonal(shapely.intersection(mine, around))
    if window.is_empty or local_mine.is_empty:
        return shapely.Polygon()
    cell = max(min_cell_m, math.sqrt(around.area / max_cells))
    grid = Grid.over(around.bounds, cell)
    open_ = grid.inside(window)
    inside_mine = grid.inside(local_mine)
    ring = np.ones((3, 3), dtype=bool)
    X, Y = grid.centres()
    front = front_between(local_mine, window)
    if front.is_empty:
        return shapely.Polygon()
    near = open_ & ndimage.binary_dilation(inside_mine, ring)
    start = np.full(open_.shape, np.inf)
    start[near] = _distance(front, X[near], Y[near])
    times = arrival_times(grid, np.ones(open_.shape), open_, start)
    i = int(np.clip(round((target[1] - grid.y0) / grid.cell), 0, grid.ny - 1))
    j = int(np.clip(round((target[0] - grid.x0) / grid.cell), 0, grid.nx - 1))
    if not math.isfinite(times[i, j]):
        return shapely.Polygon()
    # down the distances to the front, cell by cell
    path = [target]
    padded = np.pad(np.where(np.isfinite(times), times, np.inf), 1, constant_values=np.inf)
    while not near[i, j]:
        block = padded[i:i + 3, j:j + 3]
        di, dj = np.unravel_index(int(np.argmin(block)), (3, 3))
        if block[di, dj] >= times[i, j]:
            break  # (no lower neighbour: the rest of the way is straight)
        i, j = i + int(di) - 1, j + int(dj) - 1
        path.append((float(X[i, j]), float(Y[i, j])))
    end = shapely.shortest_line(shapely.Point(path[-1]), local_mine)
    ex, ey = end.coords[-1][:2]
    path.append((float(ex), float(ey)))
    line = shapely.simplify(shapely.LineString(path), cell)
    coords = shapely.get_coordinates(line)
    along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(coords, axis=0).T))])
    total = float(along[-1])
    base = min(max(radius_m, widening * total), max_half_width_m)
    widths = radius_m + (base - radius_m) * along / max(total, 1.0)
    discs = shapely.buffer(shapely.points(coords), widths, quad_segs=16)
    hulls = [shapely.convex_hull(shapely.union(a, b)) for a, b in itertools.pairwise(discs)]
    shape = shapely.union_all(hulls or list(discs))
    return intersection(shape, window)


def _distance(lines: Geometry, X: np.ndarray, Y: np.ndarray, *,
              pool: Executor | None = None) -> np.ndarray:
    """Distance from points to lines, through a tree of the lines' segments (half the
    points on ``pool``'s thread, if given: the query lets go of the GIL)."""
    tree = segment_tree(lines) if X.size and not lines.is_empty else None
    if tree is None:
        return np.zeros(X.shape)

    def nearest(points: np.ndarray) -> np.ndarray:
        _, dist = tree.query_nearest(points, return_distance=True, all_matches=False)
        return np.asarray(dist)

    points = np.asarray(shapely.points(X, Y))
    if pool is None or points.size < 2:
        return nearest(points)
    # (the first query builds the tree: on this thread, before the two halves share it)
    half = (points.size + 1) // 2
    return np.concatenate([nearest(points[:1]), *on_two_threads(
        pool, nearest, [points[1:half], points[half:]])])


def _people_around(grid: Grid, people: Sequence[tuple[float, float, float]],
                   radius_m: float) -> np.ndarray:
    """Population around each cell: each settlement's, times exp(-(d / radius)²)."""
    from scipy.ndimage import gaussian_filter

    pop = np.zeros((grid.ny, grid.nx))
    xy = np.asarray([(x, y) for x, y, _ in people])
    cols = np.round((xy[:, 0] - grid.x0) / grid.cell).astype(int)
    rows = np.round((xy[:, 1] - grid.y0) / grid.cell).astype(int)
    ok = (cols >= 0) & (cols < grid.nx) & (rows >= 0) & (rows < grid.ny)
    np.add.at(pop, (rows[ok], cols[ok]), np.asarray([p for _, _, p in people])[ok])
    sigma = radius_m / math.sqrt(2) / grid.cell  # exp(-d²/2σ²) = exp(-(d/radius)²)
    # the filter's kernel sums to 1; times its peak's inverse, a settlement counts fully
    # at its own cell
    return np.asarray(gaussian_filter(pop, sigma, mode="constant", truncate=3.0)
                      * (2 * math.pi * sigma ** 2))
