"""The day's front line, and the area each side holds in each country.

The front is where the sides' ground meets, found from a snapshot of their tiles
(:meth:`~frontline.model.ground.Ground.snapshot`) on the model's second thread
while the model goes on with the next day.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import cast

import shapely

from frontline.geo.geometry import Geometry, Lineal, Polygonal, intersection
from frontline.model.ground import Tile, TileEdges

__all__ = ["areas", "front_line"]


def front_line(tiles: Mapping[str, Mapping[Tile, Polygonal]], edges: TileEdges,
               borders: Geometry) -> Lineal:
    """The front of a day: where the sides' tiles meet, less the ``borders`` between
    countries they meet on (neither has crossed it there; where one has, they meet
    inside a country)."""
    lines = [line for a, b in itertools.combinations(sorted(tiles), 2)
             for line in edges.between(tiles[a], tiles[b], a, b)]
    if not lines:
        return shapely.MultiLineString()
    merged = cast("Lineal", shapely.line_merge(shapely.multilinestrings(lines)))
    if borders.is_empty or not borders.intersects(merged):
        return merged
    kept = shapely.difference(merged, borders)
    parts = [g for g in shapely.get_parts(kept)
             if g.geom_type in ("LineString", "MultiLineString") and g.length > 1.0]
    return shapely.line_merge(shapely.multilinestrings(parts)) if parts else \
        shapely.MultiLineString()


def areas(state: Mapping[str, Polygonal], countries: Mapping[str, Polygonal]
          ) -> dict[tuple[str, str], float]:
    """(side, country) -> km² the side holds there.

    Examples
    --------
    >>> import shapely
    >>> areas({"A": shapely.box(0, 0, 2000, 1000)}, {"X": shapely.box(0, 0, 1000, 1000)})
    {('A', 'X'): 1.0}
    """
    out = {}
    for side in sorted(state):
        for code in sorted(countries):
            piece = intersection(state[side], countries[code])
            out[(side, code)] = piece.area / 1e6
    return out
