"""Divide a country between the sides from settlements whose holder is known.

Near the labelled settlements the nearest one decides (a Voronoi partition,
clipped to the borders). Farther than ``reach_km`` from every label, the
nearest label no longer decides alone: the ground is cut into squares of
``cell_km`` and each square goes to the side with the largest inverse-distance
weight among the ``k`` nearest labels. This is what keeps the ends of the
front honest: a settlement held by one side at the end of a front line, with
no other labels around it, would otherwise own a long strip of the other
side's rear along the border.

Countries with no labelled settlement belong to their home side. Pieces
smaller than ``min_area_km2`` are given to the neighbour they share most
boundary with, so no slivers are left.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import shapely

from frontline.geo.geometry import Polygonal, polygonal, union_all
from frontline.thresholds import (
    GRID_M,
    PARTITION_CELL_KM,
    PARTITION_MIN_PIECE_KM2,
    PARTITION_REACH_KM,
    PARTITION_VOTERS,
)

__all__ = ["Label", "partition"]


class Label(NamedTuple):
    """A labelled settlement, in projected metres."""

    x: float
    y: float
    side: str


def _vote(points: np.ndarray, labels: Sequence[Label], k: int) -> list[str]:
    xy = np.array([(lb.x, lb.y) for lb in labels])
    sides = np.array([lb.side for lb in labels])
    out = []
    for px, py in points:
        d2 = (xy[:, 0] - px) ** 2 + (xy[:, 1] - py) ** 2
        idx = np.argsort(d2, kind="stable")[:k]
        weights: dict[str, float] = defaultdict(float)
        for i in idx:
            weights[str(sides[i])] += 1.0 / max(float(d2[i]), 1.0)
        out.append(max(sorted(weights), key=lambda s: weights[s]))
    return out


def _country_partition(country: Polygonal, labels: Sequence[Label], reach_m: float,
                       cell_m: float, k: int) -> dict[str, list[Polygonal]]:
    pieces: dict[str, list[Polygonal]] = defaultdict(list)
    unique: dict[tuple[float, float], Label] = {}
    for lb in labels:
        unique.setdefault((round(lb.x, 1), round(lb.y, 1)), lb)
    labels = list(unique.values())
    if len(labels) == 1:
        pieces[labels[0].side].append(country)
        return pieces
    points = shapely.multipoints([(lb.x, lb.y) for lb in labels])
    minx, miny, maxx, maxy = country.bounds
    frame = shapely.box(minx, miny, maxx, maxy).buffer(max(maxx - minx, maxy - miny))
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=frame, ordered=True))
    shapely.prepare(country)
    disks = shapely.buffer(shapely.points([(lb.x, lb.y) for lb in labels]), reach_m, quad_segs=32)
    # a cell can touch the country in a point or a line only (at a notch): keep polygons
    near = [polygonal(g) for g in shapely.intersection(
        shapely.intersection(cells, disks, grid_size=GRID_M), country, grid_size=GRID_M)]
    for lb, geom in zip(labels, near, strict=True):
        if not geom.is_empty:
            pieces[lb.side].append(geom)
    near_union = shapely.union_all([g for g in near if not g.is_empty], grid_size=GRID_M)
    far = polygonal(shapely.difference(country, near_union, grid_size=GRID_M))
    if far.is_empty:
        return pieces
    fminx, fminy, fmaxx, fmaxy = far.bounds
    xs = np.arange(fminx, fmaxx + cell_m, cell_m)
    ys = np.arange(fminy, fmaxy + cell_m, cell_m)
    boxes = [shapely.box(x, y, x + cell_m, y + cell_m) for y in ys for x in xs]
    shapely.prepare(far)
    squares = np.array([sq for sq in boxes if far.intersects(sq)], dtype=object)
    parts = [p for p in shapely.intersection(squares, far, grid_size=GRID_M)
             if not p.is_empty and p.area > 0]
    if parts:
        reps = np.array([(p.x, p.y) for p in shapely.point_on_surface(parts)])
        for part, side in zip(parts, _vote(reps, labels, k), strict=True):
            pieces[side].append(part)
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
    reach_km: float = PARTITION_REACH_KM,
    cell_km: float = PARTITION_CELL_KM,
    k: int = PARTITION_VOTERS,
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
    reach_km : float, default 25
        How far the nearest label decides on its own.
    cell_km : float, default 10
        Size of the squares voted on beyond that reach.
    k : int, default 8
        Labels that vote for a square.
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
        for side, parts in _country_partition(geom, inside, reach_km * 1000, cell_km * 1000,
                                              k).items():
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
