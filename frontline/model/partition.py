"""Divide a country between the sides from settlements whose holder is known.

Each point of the country goes to the side with the largest share of a
smooth vote of the labelled settlements near it: the ``k`` nearest labels
each weigh ``exp(-(d / h)²)``, with ``h`` the distance to the point's
``bandwidth``-th nearest label (so the vote is local where labels are dense
and reaches farther where they are sparse). The vote is sampled on a grid of
``cell_km`` and the sides' ground drawn by the contours where the shares
cross (interpolated: the front between two sides is a smooth line, not the
zig-zag of a Voronoi diagram's edges, nor the stair-steps of squares).
Every label lies on its own side's ground; far from all labels, the nearest
few decide together, which keeps the ends of the front honest (one
settlement at the end of a front line does not own a strip of the other
side's rear along the border).

Countries with no labelled settlement belong to their home side. Pieces
smaller than ``min_area_km2`` are given to the neighbour they share most
boundary with, so no slivers are left.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import shapely

from frontline.geo.geometry import (
    Polygonal,
    difference,
    filled_contours,
    intersection,
    is_valid,
    polygonal,
    union,
    union_all,
)
from frontline.thresholds import (
    GRID_M,
    PARTITION_BANDWIDTH,
    PARTITION_CELL_KM,
    PARTITION_MAX_CELLS,
    PARTITION_MIN_PIECE_KM2,
    PARTITION_VOTERS,
)

__all__ = ["Label", "partition"]


class Label(NamedTuple):
    """A labelled settlement, in projected metres."""

    x: float
    y: float
    side: str


def _shares(xy: np.ndarray, labels: np.ndarray, sides: np.ndarray, names: list[str], k: int,
            bandwidth: int) -> np.ndarray:
    """Each side's share of the vote at points ``xy`` (n points x sides)."""
    from scipy.spatial import cKDTree

    k = min(k, len(labels))
    found = cKDTree(labels).query(xy, k=k, workers=-1)  # (the same answer, on every core)
    d = np.asarray(found[0]).reshape(len(xy), k)
    idx = np.asarray(found[1]).reshape(len(xy), k)
    voters = sides[idx]
    # where every voter is of one side (most of the grid, away from the front) its share
    # is 1, as the weights would give: they are worked out only where the sides mix
    mixed = (voters != voters[:, :1]).any(axis=1)
    out = np.zeros((len(xy), len(names)))
    for j, name in enumerate(names):
        out[~mixed, j] = voters[~mixed, 0] == name
    d, voters = d[mixed], voters[mixed]
    h = np.maximum(d[:, min(bandwidth, k) - 1], 1.0)
    w = np.exp(-(d / h[:, None]) ** 2)
    part = np.zeros((len(d), len(names)))
    for j, name in enumerate(names):
        part[:, j] = (w * (voters == name)).sum(axis=1)
    out[mixed] = part / part.sum(axis=1, keepdims=True)
    return out


#: The grid is first looked at in blocks of this many points a side (:func:`_grid_shares`).
_BLOCK = 4


def _grid_shares(xs: np.ndarray, ys: np.ndarray, labels: np.ndarray, sides: np.ndarray,
                 names: list[str], k: int, bandwidth: int) -> np.ndarray:
    """:func:`_shares` at every point of a grid (rows ``ys``, columns ``xs``, both ``cell``
    apart), as (rows, columns, sides): the same values, with far fewer points asked.

    The grid is first looked at in blocks of :data:`_BLOCK` points a side: within
    ``r`` of a block's centre lie all its points, so where the centre's ``k``-th
    nearest label is nearer by more than ``2 r`` than the nearest label of any
    other side (and its ``k`` nearest are of one side), every point of the block
    has ``k`` voters of that side alone, whose share is 1. Only the other blocks'
    points are asked for their nearest labels (those along the front).
    """
    from scipy.spatial import cKDTree

    k = min(k, len(labels))
    ny, nx = len(ys), len(xs)
    cell = float(xs[1] - xs[0]) if nx > 1 else 1.0
    r = (_BLOCK - 1) / 2 * cell * math.sqrt(2) * (1 + 1e-9)
    by, bx = np.arange(0, ny, _BLOCK), np.arange(0, nx, _BLOCK)
    cy = (ys[by] + ys[np.minimum(by + _BLOCK - 1, ny - 1)]) / 2
    cx = (xs[bx] + xs[np.minimum(bx + _BLOCK - 1, nx - 1)]) / 2
    CX, CY = np.meshgrid(cx, cy)
    centres = np.column_stack([CX.ravel(), CY.ravel()])
    found = cKDTree(labels).query(centres, k=k, workers=-1)
    d = np.asarray(found[0]).reshape(len(centres), k)
    voters = sides[np.asarray(found[1]).reshape(len(centres), k)]
    side_of = np.full(len(centres), -1)
    for j, name in enumerate(names):
        theirs = labels[sides != name]
        alone = (voters == name).all(axis=1)
        if not alone.any() or not len(theirs):
            continue
        gap = np.asarray(cKDTree(theirs).query(centres[alone], workers=-1)[0])
        side_of[np.flatnonzero(alone)[d[alone, k - 1] + r < gap - r]] = j
    block = side_of.reshape(len(by), len(bx))[np.arange(ny)[:, None] // _BLOCK,
                                               np.arange(nx)[None, :] // _BLOCK]
    out = np.zeros((ny, nx, len(names)))
    for j in range(len(names)):
        out[block == j, j] = 1.0
    ask = block < 0
    if ask.any():
        X, Y = np.meshgrid(xs, ys)
        out[ask] = _shares(np.column_stack([X[ask], Y[ask]]), labels, sides, names, k,
                           bandwidth)
    return out


def _region(xs: np.ndarray, ys: np.ndarray, margin: np.ndarray, cell: float) -> Polygonal:
    """Where a field on a grid (rows ys, columns xs) is positive, by filled contours."""
    if not (margin > 0).any():
        return shapely.Polygon()
    region = filled_contours(xs, ys, margin, 0.0, float(margin.max()) + 1.0)
    shape = shapely.simplify(region, cell / 8, preserve_topology=True)
    return polygonal(shape if is_valid(shape) else shapely.make_valid(shape))


def _country_partition(country: Polygonal, labels: Sequence[Label], cell_m: float, k: int,
                       bandwidth: int) -> dict[str, list[Polygonal]]:
    pieces: dict[str, list[Polygonal]] = defaultdict(list)
    unique: dict[tuple[float, float], Label] = {}
    for lb in labels:
        unique.setdefault((round(lb.x, 1), round(lb.y, 1)), lb)
    labels = list(unique.values())
    names = sorted({lb.side for lb in labels})
    if len(names) == 1:
        pieces[names[0]].append(country)
        return pieces
    xy = np.array([(lb.x, lb.y) for lb in labels])
    sides = np.array([lb.side for lb in labels])
    minx, miny, maxx, maxy = country.bounds
    cell = max(cell_m, math.sqrt((maxx - minx) * (maxy - miny) / PARTITION_MAX_CELLS))
    xs = np.arange(minx - 2 * cell, maxx + 3 * cell, cell)
    ys = np.arange(miny - 2 * cell, maxy + 3 * cell, cell)
    share = _grid_shares(xs, ys, xy, sides, names, k, bandwidth)
    # every label on its own side: a disc around it, up to near halfway to the nearest
    # label of another side, where the contours do not already give it its side
    from scipy.spatial import cKDTree

    discs: dict[str, Polygonal] = {}
    for name in names:
        mine, theirs = xy[sides == name], xy[sides != name]
        gap = np.asarray(cKDTree(theirs).query(mine)[0])
        radius = np.minimum(0.45 * gap, cell)
        discs[name] = union_all(shapely.buffer(shapely.points(mine), radius, quad_segs=8))
    shapely.prepare(country)
    for j, name in enumerate(names):
        others = np.delete(share, j, axis=2).max(axis=2)
        region = union(_region(xs, ys, share[:, :, j] - others, cell), discs[name])
        for other in names:
            if other != name:
                region = difference(region, discs[other])
        geom = intersection(region, country)
        if not geom.is_empty:
            pieces[name].append(geom)
    return pieces


def _absorb_small(by_side: dict[str, Polygonal], min_area_m2: float) -> dict[str, Polygonal]:
    """Give pieces smaller than ``min_area_m2`` to the side they border most."""
    small: list[tuple[str, Polygonal]] = []
    kept: dict[str, list[Polygonal]] = defaultdict(list)
    for side, geom in by_side.items():
        for part in shapely.get_parts(geom):
            if part.area < min_area_m2:
                small.append((side, part))
            else:
                kept[side].append(part)
    if not small:
        return by_side
    merged = {s: union_all(parts) for s, parts in kept.items()}
    for side, part in small:
        ring = part.boundary
        best, best_len = side, 0.0
        for other, geom in merged.items():
            if other == side:
                continue
            shared = shapely.intersection(ring, geom.buffer(GRID_M * 2)).length
            if shared > best_len:
                best, best_len = other, shared
        kept[best].append(part)
    return {s: union_all(parts) for s, parts in kept.items()}


def partition(
    countries: Mapping[str, Polygonal],
    labels: Mapping[str, Sequence[Label]],
    home: Mapping[str, str | None],
    *,
    cell_km: float = PARTITION_CELL_KM,
    k: int = PARTITION_VOTERS,
    bandwidth: int = PARTITION_BANDWIDTH,
    min_area_km2: float = PARTITION_MIN_PIECE_KM2,
) -> dict[str, Polygonal]:
    """Divide the theatre's countries between the sides.

    Parameters
    ----------
    countries : dict
        Country code -> projected (multi)polygon.
    labels : dict
        Country code -> the labelled settlements inside it.
    home : dict
        Country code -> the side that holds it where no label says otherwise.
    cell_km : float
        The grid the vote is sampled on (the front between its points is
        interpolated).
    k : int
        Labels that vote at each point.
    bandwidth : int
        The vote's weights fall to 1/e at the distance of this nearest label.
    min_area_km2 : float, default 1
        Pieces smaller than this join their largest neighbour.

    Returns
    -------
    dict
        Side -> projected (multi)polygon; the sides do not overlap and cover
        every country that has labels or a home side.

    Examples
    --------
    >>> country = shapely.box(0, 0, 100_000, 50_000)
    >>> labels = [Label(x, y, "A" if x < 50_000 else "B")
    ...           for x in range(5_000, 100_000, 10_000) for y in range(5_000, 50_000, 10_000)]
    >>> sides = partition({"XX": country}, {"XX": labels}, {"XX": None})
    >>> round(sides["A"].area / 1e6), round(sides["B"].area / 1e6)
    (2500, 2500)
    """
    pieces: dict[str, list[Polygonal]] = defaultdict(list)
    for code in sorted(countries):
        geom = countries[code]
        inside = list(labels.get(code, ()))
        if not inside:
            if home.get(code):
                pieces[str(home[code])].append(geom)
            continue
        for side, parts in _country_partition(geom, inside, cell_km * 1000, k,
                                              bandwidth).items():
            pieces[side].extend(parts)
    by_side = {s: union_all(parts) for s, parts in sorted(pieces.items())}
    by_side = _absorb_small(by_side, min_area_km2 * 1e6)
    return _exact(by_side, union_all(list(countries.values())))


def _exact(by_side: dict[str, Polygonal], theatre: Polygonal) -> dict[str, Polygonal]:
    """Make the sides disjoint and covering, with shared boundaries that match exactly.

    Overlays that snap to the grid separately leave the sides' common
    boundaries a fraction of a metre apart (slivers of overlap and gap). So
    the sides are rebuilt one after another, each from what is left, the
    largest last as the complement of the others: the boundary two sides share
    is then one and the same line, vertex for vertex, and stays so when
    snapped to the grid.
    """
    order = sorted(by_side, key=lambda s: (by_side[s].area, s))
    out: dict[str, Polygonal] = {}
    taken: Polygonal = shapely.Polygon()
    for side in order[:-1]:
        geom = polygonal(shapely.intersection(by_side[side], shapely.difference(theatre, taken)))
        out[side] = geom
        taken = polygonal(shapely.union(taken, geom))
    out[order[-1]] = polygonal(shapely.difference(theatre, taken))
    return {s: polygonal(shapely.set_precision(out[s], GRID_M)) for s in sorted(out)}
