"""Each side's ground, kept in square tiles so that a change of hands is cheap.

A side's ground over a theatre the size of Ukraine is a polygon of tens of
thousands of vertices; cutting a day's gain out of it and adding it to the
other side's, as a whole, costs an overlay of all of them. :class:`Ground`
keeps each side's ground cut into square tiles on the overlay grid, so a
change overlays only the tiles it touches; the whole of a side's ground is
put together again (a coverage union of its tiles, which only drops their
shared edges) when it is read after a change.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from concurrent.futures import Executor
from functools import partial

import shapely

from frontline.geo.geometry import (
    Geometry,
    Lineal,
    Polygonal,
    coverage_union,
    difference,
    intersection,
    shared_edges,
    union,
)
from frontline.model.threads import on_two_threads

__all__ = ["Ground", "TileEdges", "wholes_of"]

Tile = tuple[int, int]


class Ground(Mapping[str, Polygonal]):
    """Side -> its ground (projected metres), changed by :meth:`move`.

    Reading a side gives the whole of its ground, as one polygon or
    multipolygon.

    Parameters
    ----------
    state : mapping
        Side -> its ground at the start; the sides' grounds meet along shared
        edges and do not overlap (overlays on one grid).
    tile_m : float
        The side of the tiles (m); their corners lie on multiples of it.
    pool : Executor, optional
        A thread that takes half the tiles of a change of hands (GEOS lets go of
        the GIL), while the calling thread does the other half.

    Examples
    --------
    >>> ground = Ground({"A": shapely.box(0, 0, 300, 100), "B": shapely.box(300, 0, 400, 100)},
    ...                 tile_m=100.0)
    >>> moved = ground.move(shapely.box(250, 0, 350, 100), "A")
    >>> round(moved["B"].area), round(ground["A"].area), round(ground["B"].area)
    (5000, 35000, 5000)
    """

    def __init__(self, state: Mapping[str, Polygonal], *, tile_m: float,
                 pool: Executor | None = None) -> None:
        self.tile_m = tile_m
        self._pool = pool
        self._tiles: dict[str, dict[Tile, Polygonal]] = {}
        self._whole: dict[str, Polygonal] = {}
        #: how many pieces of tile have changed hands (the ground is as it was while it stays)
        self.moves = 0
        for side, geom in state.items():
            self._whole[side] = geom
            shapely.prepare(geom)
            tiles: dict[Tile, Polygonal] = {}
            for key in self._keys(geom):
                box = self._box(key)
                if geom.contains_properly(box):
                    tiles[key] = box
                elif geom.intersects(box):
                    piece = intersection(geom, box)
                    if not piece.is_empty:
                        tiles[key] = piece
            self._tiles[side] = tiles

    def _keys(self, geom: Geometry) -> list[Tile]:
        if geom.is_empty:
            return []
        minx, miny, maxx, maxy = geom.bounds
        t = self.tile_m
        return [(i, j) for i in range(math.floor(minx / t), math.floor(maxx / t) + 1)
                for j in range(math.floor(miny / t), math.floor(maxy / t) + 1)]

    def _box(self, key: Tile) -> shapely.Polygon:
        i, j = key
        t = self.tile_m
        return shapely.box(i * t, j * t, (i + 1) * t, (j + 1) * t)

    def __getitem__(self, side: str) -> Polygonal:
        if side not in self._whole:
            self._whole[side] = _whole(self._tiles[side])
        return self._whole[side]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tiles)

    def __len__(self) -> int:
        return len(self._tiles)

    def move(self, geom: Polygonal, to_side: str) -> dict[str, Polygonal]:
        """Give ``geom`` to ``to_side`` from whoever holds it.

        Returns
        -------
        dict
            Side -> the ground it lost (only the sides that lost some).
        """
        if to_side not in self._tiles:
            self._tiles[to_side] = {}
        lost: dict[str, list[Polygonal]] = {}
        shapely.prepare(geom)
        work = []  # (tile, the other sides' pieces it touches, to_side's piece)
        for key in self._keys(geom):
            pieces = [(side, piece) for side in sorted(self._tiles) if side != to_side
                      and (piece := self._tiles[side].get(key)) is not None
                      and geom.intersects(piece)]
            if pieces:
                work.append((key, pieces, self._tiles[to_side].get(key)))
        # each tile's overlays are its own: half the tiles on the pool's thread (the same
        # results whichever thread made them)
        done = on_two_threads(self._pool, partial(_move_tile, geom), work)
        for (key, _, _), (taken, mine) in zip(work, done, strict=True):
            for side, take, rest in taken:
                if rest.is_empty:
                    del self._tiles[side][key]
                else:
                    self._tiles[side][key] = rest
                lost.setdefault(side, []).append(take)
                self._whole.pop(side, None)
                self._whole.pop(to_side, None)
                self.moves += 1
            if mine is not None:
                self._tiles[to_side][key] = mine
        return {side: coverage_union(parts) for side, parts in lost.items()}

    def around(self, side: str, bounds: tuple[float, float, float, float]
               ) -> tuple[Polygonal, tuple[float, float, float, float]]:
        """A side's ground in the tiles a box touches and one ring of tiles beyond, and the
        box of those tiles.

        A part of it whose bounds keep off that box's edge is a whole part of the
        side's ground (nothing beyond the tiles joins it); a part that reaches the
        edge may be cut there.
        """
        t = self.tile_m
        minx, miny, maxx, maxy = bounds
        i0, i1 = math.floor(minx / t) - 1, math.floor(maxx / t) + 1
        j0, j1 = math.floor(miny / t) - 1, math.floor(maxy / t) + 1
        pieces = [g for (i, j), g in self._tiles.get(side, {}).items()
                  if i0 <= i <= i1 and j0 <= j <= j1]
        return coverage_union(pieces), (i0 * t, j0 * t, (i1 + 1) * t, (j1 + 1) * t)

    def near(self, side: str, geom: Geometry) -> Polygonal:
        """The side's ground in the tiles ``geom``'s bounding box touches (all of it that
        meets ``geom``, without the union of every tile of the side)."""
        tiles = self._tiles.get(side, {})
        return _whole({k: tiles[k] for k in self._keys(geom) if k in tiles})

    def snapshot(self) -> dict[str, dict[Tile, Polygonal]]:
        """Side -> its tiles now: a copy that later moves leave as it is."""
        return {side: dict(tiles) for side, tiles in self._tiles.items()}

    def wholes(self) -> dict[str, Polygonal]:
        """Side -> the whole of its ground (a plain dict, for keeping)."""
        return {side: self[side] for side in self}


def _move_tile(geom: Polygonal, work: tuple[Tile, list[tuple[str, Polygonal]], Polygonal | None]
               ) -> tuple[list[tuple[str, Polygonal, Polygonal]], Polygonal | None]:
    """One tile's part of :meth:`Ground.move`: (side, piece taken, piece left) for each
    side that loses some there, and ``to_side``'s piece after."""
    _, pieces, mine = work
    taken = []
    for side, piece in pieces:
        take = intersection(geom, piece)
        if take.is_empty:
            continue
        taken.append((side, take, difference(piece, take)))
        mine = take if mine is None else union(mine, take)
    return taken, mine


def wholes_of(snapshot: Mapping[str, Mapping[Tile, Polygonal]]) -> dict[str, Polygonal]:
    """Side -> the whole of its ground, from a :meth:`Ground.snapshot` (as
    :meth:`Ground.wholes` gives it; for another thread)."""
    return {side: _whole(tiles) for side, tiles in snapshot.items()}


def _whole(tiles: Mapping[Tile, Polygonal]) -> Polygonal:
    return coverage_union(list(tiles.values()))


class TileEdges:
    """Where two sides' tiled grounds meet, remembering the pairs of pieces it has seen.

    A front is found tile by tile, and across the edge of two neighbouring
    tiles (a front can run along one); a pair of pieces is looked at again only
    once one of them changed. Each instance is to be used by one thread.
    """

    def __init__(self) -> None:
        #: (side, tile, other side, tile) -> the two pieces and the edges they share
        self._seen: dict[tuple[str, Tile, str, Tile],
                         tuple[Polygonal, Polygonal, list[Lineal]]] = {}

    def between(self, tiles_a: Mapping[Tile, Polygonal], tiles_b: Mapping[Tile, Polygonal],
                a: str, b: str) -> list[Lineal]:
        """The lines where side ``a``'s tiles meet side ``b``'s."""
        out: list[Lineal] = []
        for (i, j), piece_a in sorted(tiles_a.items()):
            for kb in ((i, j), (i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
                piece_b = tiles_b.get(kb)
                if piece_b is None:
                    continue
                key = (a, (i, j), b, kb)
                cached = self._seen.get(key)
                if cached is None or cached[0] is not piece_a or cached[1] is not piece_b:
                    cached = (piece_a, piece_b, shared_edges(piece_a, piece_b))
                    self._seen[key] = cached
                out.extend(cached[2])
        return out
