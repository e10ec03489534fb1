"""Geometry types and the overlays of the model, on one precision grid.

Every overlay of projected ground (metres) is computed on the grid
:data:`~frontline.thresholds.GRID_M`, so the sides' polygons meet exactly and
never overlap. Overlays can return lines and points beside polygons; the
helpers here keep the polygons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias, cast

import shapely
from shapely.geometry.base import BaseGeometry

from frontline.thresholds import GRID_M

__all__ = [
    "Geometry",
    "Lineal",
    "Polygonal",
    "absorb_slivers",
    "coverage_union",
    "difference",
    "filled_contours",
    "intersection",
    "is_valid",
    "polygonal",
    "segment_tree",
    "shared_edges",
    "union",
    "union_all",
]

#: Any shapely geometry.
Geometry: TypeAlias = BaseGeometry
#: Ground: a polygon or a multipolygon (possibly empty).
Polygonal: TypeAlias = shapely.Polygon | shapely.MultiPolygon
#: Lines: the front, borders.
Lineal: TypeAlias = shapely.LineString | shapely.MultiLineString

def is_valid(geom: Geometry) -> bool:
    """Whether a geometry is valid (OGC), safe to ask from any thread.

    ``shapely.is_valid`` (and ``geom.is_valid``) silence GEOS's notices with
    ``warnings.catch_warnings``, which swaps the process's warning filters for a
    copy and back: not thread-safe. Asked on one thread while another is inside
    its own ``catch_warnings`` (rasterio's in-memory rasters use one), the other
    thread's filters are put back from under it, so a warning it meant to
    silence escapes (rasterio's "Dataset has no geotransform"), or one thread's
    "ignore" stays for the whole process. ``shapely.is_valid_reason`` gives the
    same answer without touching the filters.

    Examples
    --------
    >>> bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    >>> is_valid(shapely.box(0, 0, 1, 1)), is_valid(bowtie)
    (True, False)
    """
    return bool(shapely.is_valid_reason(geom) == "Valid Geometry")


def polygonal(geom: Geometry | None, *, grid_size: float | None = GRID_M) -> Polygonal:
    """The polygons of a geometry (overlays can return lines and points beside them).

    Several parts that overlap are unioned on ``grid_size`` (the projected overlay grid by
    default; ``None`` for geometries in degrees).

    Examples
    --------
    >>> mixed = shapely.GeometryCollection([shapely.box(0, 0, 1, 1), shapely.Point(5, 5)])
    >>> polygonal(mixed).geom_type
    'Polygon'
    """
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    if isinstance(geom, shapely.Polygon | shapely.MultiPolygon):
        return geom
    parts = [p for p in shapely.get_parts(geom)
             if isinstance(p, shapely.Polygon | shapely.MultiPolygon)]
    if not parts:
        return shapely.Polygon()
    if len(parts) == 1:
        return parts[0]
    # an overlay's polygons do not overlap: one multipolygon of them is valid as it is
    flat = [q for p in parts for q in shapely.get_parts(p)]
    joined = shapely.MultiPolygon(flat)
    if is_valid(joined):
        return joined
    return polygonal(shapely.union_all(parts, grid_size=grid_size), grid_size=grid_size)


def intersection(a: Geometry, b: Geometry) -> Polygonal:
    """Polygonal intersection on the overlay grid."""
    return polygonal(shapely.intersection(a, b, grid_size=GRID_M))


def difference(a: Geometry, b: Geometry) -> Polygonal:
    """Polygonal difference on the overlay grid."""
    return polygonal(shapely.difference(a, b, grid_size=GRID_M))


def union(a: Geometry, b: Geometry) -> Polygonal:
    """Polygonal union on the overlay grid."""
    return polygonal(shapely.union(a, b, grid_size=GRID_M))


def coverage_union(parts: Iterable[Geometry | None]) -> Polygonal:
    """Union of pieces that meet along shared edges and do not overlap (a coverage).

    Only the shared edges are dropped, which is much faster than an overlay;
    pieces that do not form an exact coverage (the union is invalid, or its
    area is not theirs) are unioned by an overlay on the grid instead.
    """
    kept = [p for p in parts if p is not None and not p.is_empty]
    if len(kept) <= 1:
        return polygonal(kept[0]) if kept else shapely.Polygon()
    try:
        joined = shapely.coverage_union_all(kept)
    except shapely.errors.GEOSException:
        return union_all(kept)
    total = float(sum(p.area for p in kept))
    if not is_valid(joined) or abs(joined.area - total) > 1e-9 * max(total, 1.0):
        return union_all(kept)
    return polygonal(joined)


def union_all(parts: Iterable[Geometry | None]) -> Polygonal:
    """Polygonal union of many geometries on the overlay grid."""
    kept = [p for p in parts if p is not None and not p.is_empty]
    if not kept:
        return shapely.Polygon()
    return polygonal(shapely.union_all(kept, grid_size=GRID_M))


def shared_edges(a: Geometry, b: Geometry) -> list[Lineal]:
    """The lines where the boundaries of two polygonal geometries coincide.

    Ground from overlays on one grid meets along shared edges exactly; points
    where they only touch are left out.
    """
    if a.is_empty or b.is_empty:
        return []
    shared = shapely.intersection(a.boundary, b.boundary)
    return [g for g in shapely.get_parts(shared)
            if isinstance(g, shapely.LineString | shapely.MultiLineString)]


def absorb_slivers(ground: Mapping[str, Polygonal], *, max_area_m2: float,
                   max_width_m: float) -> tuple[dict[str, Polygonal], list[tuple[str, str, float]]]:
    """Give the slivers of each side's ground to the neighbour they share most edge with.

    A sliver is a detached piece smaller than ``max_area_m2`` or thinner than
    ``max_width_m`` on average (twice its area over its perimeter): what two
    maps' outlines leave between them where they disagree. Each side's largest
    piece stays, and so does a piece that meets no other side's ground.

    Parameters
    ----------
    ground : mapping
        Side -> its ground, meeting the others' along shared edges (one grid).
    max_area_m2, max_width_m : float

    Returns
    -------
    ground : dict
        The sides' ground afterwards.
    moved : list of (from side, to side, area m²)
    """
    out = dict(ground)
    moved: list[tuple[str, str, float]] = []
    for side in sorted(ground):
        parts = list(shapely.get_parts(out[side]))
        if len(parts) < 2:
            continue
        largest = max(range(len(parts)), key=lambda i: parts[i].area)
        kept = []
        for i, part in enumerate(parts):
            area, length = float(part.area), float(part.length)
            thin = length > 0 and 2 * area / length < max_width_m
            if i == largest or not (area < max_area_m2 or thin):
                kept.append(part)
                continue
            edges = {other: float(shapely.intersection(part.boundary, g.boundary).length)
                     for other, g in out.items() if other != side and not g.is_empty}
            best = max(sorted(edges), key=lambda o: edges[o], default=None)
            if best is None or edges[best] <= 0:
                kept.append(part)
                continue
            out[best] = union(out[best], part)
            moved.append((side, best, area))
        out[side] = polygonal(shapely.MultiPolygon(kept)) if len(kept) > 1 else kept[0]
    return out, moved


def filled_contours(xs: Any, ys: Any, field: Any, low: float, high: float) -> Polygonal:
    """The region where a field sampled on a grid lies between ``low`` and ``high``.

    Parameters
    ----------
    xs, ys : array
        The grid's column and row coordinates.
    field : 2-D array (masked where unknown)
        Values at the grid's points, rows along ``ys``.
    low, high : float

    Returns
    -------
    geometry
        The filled contours (interpolated between the grid's points), valid.

    Examples
    --------
    >>> import numpy as np
    >>> xs = ys = np.arange(5.0)
    >>> X, _ = np.meshgrid(xs, ys)
    >>> round(filled_contours(xs, ys, X, -1.0, 2.0).area, 6)  # x from 0 to 2, y from 0 to 4
    8.0
    """
    import contourpy
    import numpy as np

    gen = contourpy.contour_generator(xs, ys, field, fill_type=contourpy.FillType.OuterOffset)
    filled = gen.filled(low, high)
    points = cast("list[np.ndarray]", filled[0])
    offsets = cast("list[np.ndarray]", filled[1])  # OuterOffset: one array per polygon
    polys = []
    for pts, offs in zip(points, offsets, strict=True):
        rings = [pts[offs[k]:offs[k + 1]] for k in range(len(offs) - 1)]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            polys.append(shapely.Polygon(rings[0], rings[1:]))
    if not polys:
        return shapely.Polygon()
    # filled contours of one field do not overlap: a multipolygon of them, no union
    shape = shapely.multipolygons(polys)
    return polygonal(shape if is_valid(shape) else shapely.make_valid(shape))


def segment_tree(lines: Geometry) -> shapely.STRtree | None:
    """An STRtree of the single segments of ``lines`` (None if there are none).

    Nearest-segment queries on it are fast where one long line (a coast, a
    front) would make every distance computation walk all its vertices.

    Examples
    --------
    >>> tree = segment_tree(shapely.LineString([(0, 0), (10, 0), (10, 10)]))
    >>> float(tree.query_nearest(shapely.Point(12, 5), return_distance=True)[1][0])
    2.0
    """
    import numpy as np

    segments = []
    for part in shapely.get_parts(lines):
        c = shapely.get_coordinates(part)
        if len(c) >= 2:
            segments.append(np.stack([c[:-1], c[1:]], axis=1))
    if not segments:
        return None
    return shapely.STRtree(np.asarray(shapely.linestrings(np.concatenate(segments))).reshape(-1))
