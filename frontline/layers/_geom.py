"""Small geometry helpers shared by the model's modules."""

from __future__ import annotations

from typing import Any

import shapely

from frontline.layers.projection import GRID

__all__ = ["polygonal"]

_POLY_TYPES = ("Polygon", "MultiPolygon")


def polygonal(geom: Any, *, grid_size: float | None = GRID) -> Any:
    """The polygons of a geometry (overlays can return lines and points beside them).

    Several parts are unioned on ``grid_size`` (the projected overlay grid by
    default; ``None`` for geometries in degrees).

    Examples
    --------
    >>> mixed = shapely.GeometryCollection([shapely.box(0, 0, 1, 1), shapely.Point(5, 5)])
    >>> polygonal(mixed).geom_type
    'Polygon'
    """
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    if geom.geom_type in _POLY_TYPES:
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in _POLY_TYPES]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.union_all(parts, grid_size=grid_size)


def intersection(a: Any, b: Any) -> Any:
    """Polygonal intersection on the overlay grid."""
    return polygonal(shapely.intersection(a, b, grid_size=GRID))


def difference(a: Any, b: Any) -> Any:
    """Polygonal difference on the overlay grid."""
    return polygonal(shapely.difference(a, b, grid_size=GRID))


def union(a: Any, b: Any) -> Any:
    """Polygonal union on the overlay grid."""
    return polygonal(shapely.union(a, b, grid_size=GRID))


def union_all(parts: Any) -> Any:
    """Polygonal union of many geometries on the overlay grid."""
    parts = [p for p in parts if p is not None and not p.is_empty]
    if not parts:
        return shapely.Polygon()
    return polygonal(shapely.union_all(parts, grid_size=GRID))
