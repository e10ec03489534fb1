"""The things a name can resolve to: places, regions and renamings."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = ["Place", "Region", "Renaming", "haversine_km", "nearest_km", "pairwise_km"]

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres on the mean Earth sphere.

    Examples
    --------
    >>> round(haversine_km(50.45, 30.52, 49.99, 36.23))  # Kyiv to Kharkiv
    409
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest_km(lat: float, lon: float, points: Iterable[tuple[float, float]]) -> float | None:
    """Distance in km from a point to the nearest of ``points`` (lat, lon); None if none.

    Examples
    --------
    >>> round(nearest_km(50.45, 30.52, [(49.99, 36.23), (50.0, 30.5)]))
    50
    >>> nearest_km(50.45, 30.52, []) is None
    True
    """
    return min((haversine_km(lat, lon, plat, plon) for plat, plon in points), default=None)


def pairwise_km(places: Sequence[Place]) -> Any:
    """Great-circle distances (km) between every two places, as an (n, n) array.

    Examples
    --------
    >>> km = pairwise_km([Place(1, "Kyiv", 50.45, 30.52, "UA"),
    ...                   Place(2, "Kharkiv", 49.99, 36.23, "UA")])
    >>> round(float(km[0, 1])), float(km[1, 1])
    (409, 0.0)
    """
    import numpy as np

    lat = np.radians([p.lat for p in places])
    lon = np.radians([p.lon for p in places])
    a = (np.sin((lat[:, None] - lat[None, :]) / 2) ** 2 + np.cos(lat[:, None])
         * np.cos(lat[None, :]) * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(frozen=True, slots=True)
class Renaming:
    """A place's former name, from the table of renamings shipped with Frontline."""

    old_name: str
    new_name: str
    year: int
    note: str = ""

    def describe(self) -> str:
        """One phrase: ``'Artemivsk was renamed Bakhmut in 2016'``."""
        return f"{self.old_name} was renamed {self.new_name} in {self.year}"


@dataclass(frozen=True, slots=True)
class Region:
    """An admin-1 unit (oblast, krai, republic, city with special status).

    Attributes
    ----------
    name : str
        GeoNames name, e.g. ``'Donetska oblast'``.
    country : str
        ISO 3166-1 alpha-2 code.
    iso : str or None
        ISO 3166-2 code, e.g. ``'UA-14'``; ``None`` for a group of regions.
    geonames_code : str or None
        GeoNames admin-1 code, e.g. ``'UA.05'``.
    kind : str
        ``'Region'``, ``'Republic'``, ... or ``'group'`` for a named group
        of regions such as Donbas.
    parts : tuple of str
        For a group, the GeoNames codes of its members.
    """

    name: str
    country: str
    iso: str | None
    geonames_code: str | None
    kind: str = ""
    parts: tuple[str, ...] = ()
    aliases: tuple[str, ...] = field(default=(), compare=False)

    @property
    def codes(self) -> tuple[str, ...]:
        """GeoNames admin-1 codes this region covers (one, or the group's members)."""
        if self.parts:
            return self.parts
        return (self.geonames_code,) if self.geonames_code else ()

    def label(self) -> str:
        """``'Donetska oblast (UA-14)'``."""
        code = self.iso or "+".join(self.parts)
        return f"{self.name} ({code})" if code else self.name

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "name": self.name,
            "country": self.country,
            "iso": self.iso,
            "geonames_code": self.geonames_code,
            "kind": self.kind,
            "parts": list(self.parts),
        }


class Place(NamedTuple):
    """A populated place from the gazetteer (a named tuple: cheap to make in bulk).

    Attributes
    ----------
    id : int
        GeoNames id; negative for entries of the user gazetteer that came
        from a CSV file without one.
    name : str
        GeoNames main name (romanised).
    lat, lon : float
        WGS 84 coordinates.
    country : str
        ISO 3166-1 alpha-2 code.
    admin1 : str or None
        GeoNames admin-1 code, e.g. ``'UA.05'``.
    admin1_name : str or None
        e.g. ``'Donetska oblast'``.
    admin1_iso : str or None
        ISO 3166-2 code, e.g. ``'UA-14'``.
    population : int
        0 when unknown.
    source : str
        ``'geonames'`` for the embedded data, else the user file it came from.
    """

    id: int
    name: str
    lat: float
    lon: float
    country: str
    admin1: str | None = None
    admin1_name: str | None = None
    admin1_iso: str | None = None
    population: int = 0
    source: str = "geonames"

    def label(self, *, population: bool = False) -> str:
        """Human label: ``'Selydove (Donetska oblast, UA)'``.

        Examples
        --------
        >>> Place(1, "Selydove", 48.1, 37.3, "UA", "UA.05", "Donetska oblast").label()
        'Selydove (Donetska oblast, UA)'
        """
        where = ", ".join(x for x in (self.admin1_name, self.country) if x)
        text = f"{self.name} ({where})" if where else self.name
        if population:
            text += f" pop. {self.population:,}" if self.population else " pop. unknown"
        return text

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON, CSV and GeoJSON output."""
        return {
            "geonameid": self.id if self.id > 0 else None,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "admin1": self.admin1_name,
            "admin1_iso": self.admin1_iso,
            "population": self.population,
            "source": self.source,
        }
