"""The map's pieces of ground: who held each one from which day to which.

The outlines of the first day's ground and of every later gain are noded together
on the map's precision grid and polygonised into faces, so the faces are an exact
coverage (neighbours share identical edges) by construction. Each face learns its
history from the layers that contain it; faces with the same history are merged
into one piece, and the pieces are simplified together (a coverage: neighbours keep
a common edge). Areas are those of the pieces before simplification.

Most of a map's time goes here when the front moves every day over a long period
(a synthetic year: 1M vertices of gains, 14 s). The pieces are kept in a
:class:`~frontline.model.memo.DayMemo` under the digest of what they were made of:
a rebuild whose ground is as it was (a report's text or source changed, a report the
model does not read added) takes them from there.

History entries are ``[side, first day, last day, report ids, cause, basis]``,
days as indexes into the period's days.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import shapely

from frontline.geo.geometry import Geometry, Polygonal, polygonal
from frontline.geo.projection import geodesic_area_km2
from frontline.layers.gpkg import as_date
from frontline.layers.stats import field_text, records
from frontline.thresholds import MAP_PRECISION_DEG, MAP_SIMPLIFY_DEG

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

T = TypeVar("T")

__all__ = ["distinct_edges", "edge_lines", "grid_edges", "piece_layers", "pieces"]


class Memo(Protocol):
    """What :func:`pieces` asks of a memo (a :class:`~frontline.model.memo.DayMemo`)."""

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept under ``key``, or ``make()``."""


def piece_layers(control: gpd.GeoDataFrame, gains: gpd.GeoDataFrame, days: list[dt.date]
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The layers :func:`pieces` pieces together, as plain records: the first day's
    control, and every later gain in order, with its ``day_index`` into ``days``.

    (Read on the thread that reads the GeoPackage: pandas silences its own warnings
    with ``warnings.catch_warnings``, which is not thread-safe, so the pieces' thread
    gets no data frame.)
    """
    import numpy as np

    index = {d: i for i, d in enumerate(days)}
    base = records(control[control["date"].map(as_date) == days[0]])
    # (a list of dates, not a Series: an empty column keeps its datetime dtype, which does
    # not compare with a date)
    later = gains[np.array([as_date(v) > days[0] for v in gains["date"]], dtype=bool)].copy()
    later["day_index"] = [index[as_date(v)] for v in later["date"]]
    changes = records(later.sort_values(["day_index", "side", "from_side", "country", "cause",
                                         "report_ids"]))
    return base, changes


def pieces(base: list[dict[str, Any]], changes: list[dict[str, Any]], last: int,
           memo: Memo | None = None) -> list[dict[str, Any]]:
    """Pieces of ground, each with its history (``h``) and area in km² (``a``).

    Parameters
    ----------
    base, changes : list of dict
        From :func:`piece_layers`.
    last : int
        The index of the period's last day (where a history that runs on ends).
    memo : DayMemo, optional
        Where the pieces are kept for the next build, by what they are made of.

    Returns
    -------
    list of dict
        ``{"geom", "h", "a"}``, the pieces that changed hands least often first.
    """
    if memo is None:
        return _pieces(base, changes, last)
    rows: list[tuple[Any, ...]] = [(r["side"], r["report_ids"] or "", r["geometry"])
                                   for r in base]
    rows += [(c["day_index"], c["side"], c["from_side"], c["report_ids"] or "", c["cause"],
              field_text(c.get("basis")), c["geometry"]) for c in changes]
    key = ("pieces", last, _digest(rows))
    return memo.get(key, lambda: _pieces(base, changes, last))


def _digest(rows: Sequence[Sequence[Any]]) -> str:
    """What the pieces are made of, as a digest (geometry as WKB)."""
    h = hashlib.sha256()
    for row in rows:
        for value in row:
            h.update(shapely.to_wkb(value) if isinstance(value, shapely.Geometry)
                     else repr(value).encode())
            h.update(b"\x00")
        h.update(b"\x01")
    return h.hexdigest()


def _pieces(base: list[dict[str, Any]], changes: list[dict[str, Any]], last: int
            ) -> list[dict[str, Any]]:
    import numpy as np

    shapes = np.array([r["geometry"] for r in base] + [c["geometry"] for c in changes],
                      dtype=object)
    faces = _faces(shapes)
    inside = shapely.STRtree(shapely.point_on_surface(faces))
    shape_of, face_of = inside.query(shapes, predicate="contains")
    order = np.lexsort((face_of, shape_of))  # by layer: the baseline, then day by day
    history: list[list[list[Any]] | None] = [None] * len(faces)
    for k, f in zip(shape_of[order].tolist(), face_of[order].tolist(), strict=True):
        h = history[f]
        if k < len(base):
            if h is None:
                r = base[k]
                history[f] = [[r["side"], 0, None, r["report_ids"] or "", "baseline",
                               "baseline"]]
            continue
        change = changes[k - len(base)]
        if h is None or h[-1][0] != change["from_side"]:
            continue
        h[-1][2] = change["day_index"] - 1
        h.append([change["side"], change["day_index"], None, change["report_ids"] or "",
                  change["cause"], field_text(change.get("basis"))])
    groups: dict[str, list[int]] = {}
    for f, h in enumerate(history):
        if h is not None:  # a face no layer holds: a hole in the theatre
            h[-1][2] = last
            groups.setdefault(json.dumps(h), []).append(f)
    atoms = []
    for key, members in groups.items():
        geom = _polys(shapely.coverage_union_all(faces[members]))
        atoms.append({"geom": geom, "h": json.loads(key),
                      "a": round(geodesic_area_km2(geom), 3)})
    atoms.sort(key=lambda a: (len(a["h"]), a["h"][-1][1], a["h"][-1][0], a["a"]))
    return _simplify(atoms)


def _simplify(atoms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Simplify the pieces together (a coverage), so neighbours keep a common edge."""
    import numpy as np

    geoms = np.array([a["geom"] for a in atoms], dtype=object)
    simple = shapely.coverage_simplify(geoms, MAP_SIMPLIFY_DEG, simplify_boundary=True)
    out = []
    for atom, geom in zip(atoms, simple, strict=True):
        # pointwise: a vertex shared by two pieces rounds to the same point in both
        geom = _polys(shapely.set_precision(geom, MAP_PRECISION_DEG, mode="pointwise"))
        if not geom.is_empty:
            out.append({**atom, "geom": geom})
    return out


def _faces(layers: Any) -> Any:
    """The faces of the layers' outlines noded together on the grid."""
    # an edge most layers share is noded once: the outlines' distinct edges, merged into
    # lines where they run on without a branch (a fifth of the time of noding the outlines)
    a, b, _ = grid_edges(shapely.boundary(layers))
    _, ends = distinct_edges(a, b)
    runs = shapely.line_merge(shapely.multilinestrings(edge_lines(ends[:, 0], ends[:, 1])))
    noded = shapely.union_all(shapely.get_parts(runs), grid_size=MAP_PRECISION_DEG)
    return shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))


def _polys(geom: Geometry) -> Polygonal:
    return polygonal(geom, grid_size=None)  # lon/lat: no metre grid


def grid_edges(geoms: Any) -> tuple[Any, Any, Any]:
    """The edges of lines on the map's precision grid: (a, b, index of the geometry).

    A vertex is one integer (lon and lat in units of the grid, each within
    2^26); an edge is its two vertices, the smaller first, so an edge two lines
    share is the same pair in both. Edges shorter than the grid are left out.
    """
    import numpy as np

    geoms = np.asarray(geoms, dtype=object)
    parts, of_geom = shapely.get_parts(geoms, return_index=True)
    coords, part = shapely.get_coordinates(parts, return_index=True)
    grid = np.rint(coords / MAP_PRECISION_DEG).astype(np.int64)
    point = (grid[:, 0] + 2**26) * 2**27 + (grid[:, 1] + 2**26)
    same = part[1:] == part[:-1]  # consecutive vertices of one part: an edge
    a, b = np.minimum(point[:-1], point[1:])[same], np.maximum(point[:-1], point[1:])[same]
    keep = a != b
    return a[keep], b[keep], of_geom[part[:-1][same]][keep]


def distinct_edges(a: Any, b: Any) -> tuple[Any, Any]:
    """Each edge of :func:`grid_edges` once: the index of every edge among the distinct
    ones, and the distinct edges' vertices (an array of (a, b), sorted)."""
    import numpy as np

    order = np.lexsort((b, a))
    new_edge = np.ones(len(order), dtype=bool)
    new_edge[1:] = (a[order][1:] != a[order][:-1]) | (b[order][1:] != b[order][:-1])
    edge_of = np.empty(len(order), dtype=np.int64)
    edge_of[order] = np.cumsum(new_edge) - 1
    return edge_of, np.column_stack([a[order][new_edge], b[order][new_edge]])


def edge_lines(a: Any, b: Any) -> Any:
    """Two-point lines from the vertices of :func:`grid_edges`."""
    import numpy as np

    ends = np.column_stack([a, b])
    xy = np.stack([ends // 2**27 - 2**26, ends % 2**27 - 2**26], axis=-1) * MAP_PRECISION_DEG
    return np.asarray(shapely.linestrings(xy.reshape(-1, 2),
                                          indices=np.repeat(np.arange(len(xy)), 2)))
