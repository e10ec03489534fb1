"""The theatre: the ground a scenario covers, in its equal-area projection.

The scenario's countries (Natural Earth's borders, or the user's file), cut to
the region of interest: the convex hull of every place the scenario names plus
``margin_km``. Areas and distances are measured in a Lambert azimuthal
equal-area projection centred on it. The model grows ground within it, and
validation measures a rate's total against it, so both see the same ground.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import shapely

from frontline.geo.borders import load_countries
from frontline.geo.geometry import Polygonal, polygonal, union_all
from frontline.geo.projection import Projection
from frontline.thresholds import GRID_M

__all__ = ["Polygonal", "Theatre", "make_theatre"]

#: Vertices of country borders are at most this far apart (degrees) before projecting,
#: so straight lines in longitude and latitude stay straight enough in metres.
_SEGMENT_DEG = 0.05


@dataclass(frozen=True)
class Theatre:
    """The theatre's countries, projected and cut to the region of interest.

    Attributes
    ----------
    projection : Projection
    countries : dict
        Country code -> (multi)polygon in projected metres; countries the
        region of interest does not reach are left out.
    """

    projection: Projection
    countries: dict[str, Polygonal]

    def area_km2(self, country: str | None = None) -> float:
        """Area of one country within the theatre (or of all), km²."""
        if country is not None:
            geom = self.countries.get(country)
            return 0.0 if geom is None else float(geom.area) / 1e6
        return sum(float(g.area) for g in self.countries.values()) / 1e6

    def union(self) -> Polygonal:
        """All of the theatre as one shape."""
        return union_all(self.countries.values())


def make_theatre(codes: Sequence[str], points: Sequence[tuple[float, float]], /, *,
                 borders: str | Path | None = None, margin_km: float = 100.0) -> Theatre:
    """The theatre around ``points``.

    Parameters
    ----------
    codes : sequence of str
        ISO alpha-2 codes of the countries.
    points : sequence of (lon, lat)
        The places the scenario names.
    borders : path-like, optional
        The user's borders file; Natural Earth if not given.
    margin_km : float
        Ground kept around the convex hull of the points.

    Raises
    ------
    InputFileError
        If the borders cannot be read or lack one of the countries.
    ValueError
        If there are no points.
    """
    if not points:
        raise ValueError("the scenario has no settlements, polygons or places")
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    proj = Projection.for_bounds((min(lons), min(lats), max(lons), max(lats)))
    hull = shapely.buffer(shapely.convex_hull(shapely.multipoints(
        [proj.point(*p) for p in points])), margin_km * 1000, quad_segs=16)
    pad_lat = margin_km / 111.0 * 1.5 + 0.5
    pad_lon = pad_lat * 2.5
    box = (min(lons) - pad_lon, min(lats) - pad_lat, max(lons) + pad_lon, max(lats) + pad_lat)
    shapes = load_countries(list(codes), path=borders)
    countries: dict[str, Polygonal] = {}
    for code in sorted(shapes):
        clipped = shapely.clip_by_rect(shapes[code], *box)
        if clipped.is_empty:
            continue
        geom = polygonal(shapely.intersection(
            proj.to_proj(shapely.segmentize(clipped, _SEGMENT_DEG)), hull, grid_size=GRID_M))
        if not geom.is_empty:
            shapely.prepare(geom)
            countries[code] = geom
    return Theatre(proj, countries)
