"""The front as a set of points, and how far a place is from it.

A scenario's baseline says who held which settlement; the front runs between
settlements of different sides that face each other. :class:`Front` keeps the
midpoints of those pairs, a cheap stand-in for the front line that serves to
prefer front-line villages over namesakes far away (the geocoder's ``near=``),
to flag a loosely matched place far from the fighting, and to keep the news
extractor from reporting the capture of a place 1,000 km from the war.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from frontline.geo.places import EARTH_RADIUS_KM, Place, nearest_km
from frontline.thresholds import FRONT_PAIR_KM

if TYPE_CHECKING:  # pragma: no cover
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
        lat = np.radians([s.place.lat for s in settlements])
        lon = np.radians([s.place.lon for s in settlements])
        side = np.array([s.side for s in settlements])
        # haversine from every settlement to every other (a few hundred: cheap)
        a = (np.sin((lat[:, None] - lat[None, :]) / 2) ** 2 + np.cos(lat[:, None])
             * np.cos(lat[None, :]) * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2)
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        km[side[:, None] == side[None, :]] = np.inf
        nearest = km.argmin(axis=1)
        points = []
        for i, j in enumerate(nearest):
            if km[i, j] < FRONT_PAIR_KM:
                pi, pj = settlements[i].place, settlements[int(j)].place
                points.append(((pi.lat + pj.lat) / 2, (pi.lon + pj.lon) / 2))
        return cls(points)

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
