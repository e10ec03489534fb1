"""Pockets: pieces of the other side's ground an advance has closed in.

A pocket is a piece of the other side's ground in a wave's window of at most
:data:`~frontline.thresholds.ENCIRCLED_MAX_M2`, holding no settlement whose
capture is reported later, and either touching no border or coast, or closed in
on land (:func:`closed_in`). The advance that closed it in takes it.
"""

from __future__ import annotations

from collections.abc import Iterable

import shapely

from frontline.geo.geometry import Geometry, Polygonal, polygonal, shared_edges
from frontline.model.ground import Ground
from frontline.thresholds import ENCIRCLED_EDGE_SHARE, GRID_M

__all__ = ["closed_in", "parts_near", "pockets"]


def pockets(state: Ground, attacker: str, others: Iterable[str], window: Geometry,
            country_edge: Geometry, later: Polygonal, limit_m2: float) -> list[Polygonal]:
    """The pockets of the ``others``' ground in ``window`` that ``attacker`` closed in.

    Parameters
    ----------
    state : Ground
    attacker : str
        The advancing side (its whole ground is read only for a pocket on an edge).
    others : iterable of str
        The sides whose ground may be cut off.
    window : geometry
        Where its wave runs.
    country_edge : geometry
        The boundary of the country (borders and coasts).
    later : polygonal
        Settlements whose capture is reported later: a pocket holding one stays.
    limit_m2 : float
        The largest pocket.
    """
    found: list[Polygonal] = []
    for other in others:
        for part in parts_near(state, other, window, limit_m2):
            if part.area > limit_m2 or not window.intersects(part) or part.intersects(later):
                continue
            if country_edge.intersects(part) and not closed_in(part, state[attacker]):
                continue
            found.append(polygonal(part))
    return found


def parts_near(state: Ground, side: str, window: Geometry, limit_m2: float
               ) -> list[Polygonal]:
    """The parts of a side's ground round a window that may be pockets: each whole,
    or larger than ``limit_m2``.

    Read from the tiles round the window, not the side's whole ground: a
    part that keeps off their edge is whole; one that reaches it is either
    larger than the limit there already, or the parts are read from the
    whole ground after all.
    """
    if window.is_empty:
        return []
    local, (x0, y0, x1, y1) = state.around(side, window.bounds)
    parts = list(shapely.get_parts(local))
    keep_off = 2 * GRID_M
    for part in parts:
        minx, miny, maxx, maxy = part.bounds
        cut = (minx <= x0 + keep_off or miny <= y0 + keep_off or maxx >= x1 - keep_off
               or maxy >= y1 - keep_off)
        if cut and part.area <= limit_m2:
            return list(shapely.get_parts(state[side]))
    return parts


def closed_in(pocket: Polygonal, attacker: Polygonal) -> bool:
    """Whether a pocket on its country's edge is closed in by the attacker's ground.

    The attacker's ground (in any country) must hold at least
    :data:`~frontline.thresholds.ENCIRCLED_EDGE_SHARE` of the pocket's
    boundary; the rest is the sea or a border.

    Examples
    --------
    >>> import shapely
    >>> pocket = shapely.box(0, 0, 10, 10)
    >>> closed_in(pocket, shapely.box(-5, -5, 15, 15).difference(pocket))
    True
    >>> closed_in(pocket, shapely.box(-5, -5, 0, 15))
    False
    """
    minx, miny, maxx, maxy = pocket.bounds  # (the attacker's ground within 1 km of it)
    near = polygonal(shapely.clip_by_rect(attacker, minx - 1_000.0, miny - 1_000.0,
                                          maxx + 1_000.0, maxy + 1_000.0))
    held = sum(line.length for line in shared_edges(pocket, near))
    return held >= ENCIRCLED_EDGE_SHARE * pocket.boundary.length
