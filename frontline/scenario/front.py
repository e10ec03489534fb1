"""The front as a set of points, and how far a place is from it.

A scenario's baseline says who held which settlement; the front runs between
settlements of different sides that face each other. :class:`Front` keeps the
midpoints of those pairs, a cheap stand-in for the front line that serves to
prefer front-line villages over namesakes far away (the geocoder's ``near=``),
to flag a loosely matched place far from the fighting, and to keep the news
extractor from reporting the capture of a place 1,000 km from the war.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from frontline.geo.geometry import segment_tree
from frontline.geo.places import Place, nearest_km, pairwise_km
from frontline.thresholds import BORDER_TOLERANCE_KM, FRONT_PAIR_KM, FRONT_SAMPLE_KM

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from frontline.geo.geometry import Polygonal
    from frontline.scenario.model import BaselineSettlement

__all__ = ["Front"]


class Front:
    """Points along the front, as (lat, lon).

    Parameters
    ----------
    points : iterable of (lat, lon)

    Examples
    --------
    >>> front = Front([(48.0, 37.5), (48.5, 37.9)])
    >>> round(front.distance_km(48.0, 37.6))
    7
    >>> Front().distance_km(48.0, 37.6) is None
    True
    """

    def __init__(self, points: Iterable[tuple[float, float]] = ()) -> None:
        self.points: tuple[tuple[float, float], ...] = tuple(sorted(set(points)))

    @classmethod
    def between(cls, settlements: Sequence[BaselineSettlement]) -> Front:
        """Midpoints between labelled settlements of different sides that face each other.

        Each settlement is paired with the nearest settlement of another side
        within :data:`~frontline.thresholds.FRONT_PAIR_KM`.
        """
        import numpy as np

        if not settlements:
            return cls()
        side = np.array([s.side for s in settlements])
        km = pairwise_km([s.place for s in settlements])
        km[side[:, None] == side[None, :]] = np.inf
        nearest = km.argmin(axis=1)
        points = []
        for i, j in enumerate(nearest):
            if km[i, j] < FRONT_PAIR_KM:
                pi, pj = settlements[i].place, settlements[int(j)].place
                points.append(((pi.lat + pj.lat) / 2, (pi.lon + pj.lon) / 2))
        return cls(points)

    @classmethod
    def along(cls, polygons: Mapping[str, Polygonal], countries: Mapping[str, Polygonal],
              home: Mapping[str, str | None]) -> Front:
        """Points along the edges of a polygon baseline where another side's ground begins.

        A side's polygon ends at a border or a coast (no front there), or where
        another side's ground begins: at another side's polygon, or in a
        country that is not the side's home (the rest of it is its home
        side's). Its outline is sampled every
        :data:`~frontline.thresholds.FRONT_SAMPLE_KM`, and only points farther
        than :data:`~frontline.thresholds.BORDER_TOLERANCE_KM` inside a
        country's outline are kept, so a polygon drawn on another map's
        borders makes no front where the two disagree a little.

        Parameters
        ----------
        polygons : mapping
            Side -> (multi)polygon, EPSG:4326.
        countries : mapping
            Country code -> (multi)polygon, EPSG:4326.
        home : mapping
            Country code -> the side at home there (None if no side is).
        """
        import numpy as np
        import shapely

        shapes = {side: g for side, g in polygons.items() if not g.is_empty}
        if not shapes or not countries:
            return cls()
        bounds = np.array([g.bounds for g in shapes.values()])
        pad = 2 * BORDER_TOLERANCE_KM / 111.0
        box = (bounds[:, 0].min() - pad, bounds[:, 1].min() - pad,
               bounds[:, 2].max() + pad, bounds[:, 3].max() + pad)
        # distances in km on a local equirectangular plane (enough at this scale)
        lat0 = math.radians((box[1] + box[3]) / 2)

        def km(geom: Any) -> Any:
            return shapely.transform(geom, lambda c: c * (111.0 * math.cos(lat0), 111.0))

        local = {code: km(shapely.clip_by_rect(g, *box)) for code, g in countries.items()}
        for country in local.values():
            shapely.prepare(country)
        tree = segment_tree(shapely.union_all([shapely.boundary(g) for g in local.values()]))
        kept: list[np.ndarray] = []
        for side, geom in sorted(shapes.items()):
            others = [km(g) for s, g in shapes.items() if s != side]
            xy = shapely.get_coordinates(shapely.segmentize(km(geom.boundary), FRONT_SAMPLE_KM))
            pts: Any = shapely.points(xy)
            front = np.zeros(len(xy), dtype=bool)
            for code, country in local.items():
                inside = shapely.contains(country, pts)
                if home.get(code) != side:  # the rest of this country is another side's
                    front |= inside
                for other in others:
                    front |= inside & shapely.dwithin(other, pts, BORDER_TOLERANCE_KM)
            if tree is not None and front.any():
                index = np.flatnonzero(front)
                (hit, _), distance = tree.query_nearest(pts[index], return_distance=True,
                                                        all_matches=False)
                front[index[hit[distance <= BORDER_TOLERANCE_KM]]] = False
            kept.append(xy[front])
        xy = np.concatenate(kept) / (111.0 * math.cos(lat0), 111.0)
        return cls((round(float(y), 4), round(float(x), 4)) for x, y in xy)

    def __bool__(self) -> bool:
        return bool(self.points)

    def __len__(self) -> int:
        return len(self.points)

    def distance_km(self, lat: float, lon: float) -> float | None:
        """Distance from a point to the front; None when the front is unknown."""
        return nearest_km(lat, lon, self.points)

    def place_km(self, place: Place) -> float | None:
        """Distance from a place to the front; None when the front is unknown."""
        return self.distance_km(place.lat, place.lon)

    def is_far(self, place: Place, km: float) -> bool:
        """Whether a place lies more than ``km`` from a known front."""
        distance = self.place_km(place)
        return distance is not None and distance > km

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """The points as a GeoJSON MultiPoint (lon, lat): the geocoder's ``near=`` takes it."""
        return {"type": "MultiPoint", "coordinates": [[lon, lat] for lat, lon in self.points]}
