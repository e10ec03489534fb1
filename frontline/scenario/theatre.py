"""The theatre: the ground a scenario covers, in its equal-area projection.

The scenario's countries (Natural Earth's borders, or the user's file), cut to
the region of interest: the ground within ``margin_km`` of every place the
scenario names and of its baseline polygons (a band along the front, where the
places are). A country of at most :data:`~frontline.thresholds.THEATRE_WHOLE_KM2`,
or with at least :data:`~frontline.thresholds.THEATRE_WHOLE_SHARE` of it inside
that region, is kept whole: a map of the country the war is fought in shows all
of it, while a vast neighbour that the fighting only touches (Russia) keeps the
band. Areas and distances are measured in a Lambert azimuthal
equal-area projection centred on it. The model grows ground within it, and
validation measures a rate's total against it, so both see the same ground.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import shapely

from frontline.geo.borders import load_countries
from frontline.geo.geometry import Geometry, Polygonal, polygonal, union_all
from frontline.geo.projection import Projection, geodesic_area_km2
from frontline.thresholds import GRID_M, THEATRE_WHOLE_KM2, THEATRE_WHOLE_SHARE

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
                 polygons: Sequence[Polygonal] = (), borders: str | Path | None = None,
                 margin_km: float = 100.0) -> Theatre:
    """The theatre around ``points`` and ``polygons``.

    Parameters
    ----------
    codes : sequence of str
        ISO alpha-2 codes of the countries.
    points : sequence of (lon, lat)
        The places the scenario names.
    polygons : sequence of (multi)polygons, optional
        A polygon baseline (EPSG:4326): all of it is in the theatre.
    borders : path-like, optional
        The user's borders file; Natural Earth if not given.
    margin_km : float
        Ground kept around the points and the polygons.

    Raises
    ------
    InputFileError
        If the borders cannot be read or lack one of the countries.
    ValueError
        If there are neither points nor polygons.
    """
    corners = [c for g in polygons if not g.is_empty
               for c in ((g.bounds[0], g.bounds[1]), (g.bounds[2], g.bounds[3]))]
    every = [*points, *corners]
    if not every:
        raise ValueError("the scenario has no settlements, polygons or places")
    lons, lats = [p[0] for p in every], [p[1] for p in every]
    proj = Projection.for_bounds((min(lons), min(lats), max(lons), max(lats)))
    margin = margin_km * 1000
    near: list[Geometry] = []
    if points:
        # places closer than a tenth of the margin give the same band: one of them is enough
        step = max(margin / 10, 1.0)
        xy = {(round(x / step) * step, round(y / step) * step)
              for x, y in (proj.point(*p) for p in points)}
        # (a union of discs: GEOS buffers a multipoint of hundreds of points 60 times slower)
        near.append(shapely.union_all(shapely.buffer(shapely.points(sorted(xy)), margin,
                                                     quad_segs=8)))
    for held in polygons:
        if not held.is_empty:  # (simplified: the margin hides the detail)
            near.append(shapely.buffer(shapely.simplify(
                proj.to_proj(shapely.segmentize(held, _SEGMENT_DEG)), 1000.0), margin,
                quad_segs=8))
    region = shapely.union_all(near)
    pad_lat = margin_km / 111.0 * 1.5 + 0.5
    pad_lon = pad_lat * 2.5
    box = (min(lons) - pad_lon, min(lats) - pad_lat, max(lons) + pad_lon, max(lats) + pad_lat)
    shapes = load_countries(list(codes), path=borders)
    countries: dict[str, Polygonal] = {}
    for code in sorted(shapes):
        clipped = shapely.clip_by_rect(shapes[code], *box)
        if clipped.is_empty:
            continue
        projected = proj.to_proj(shapely.segmentize(clipped, _SEGMENT_DEG))
        if not region.intersects(projected):
            continue
        area = geodesic_area_km2(shapes[code])
        whole_country = area <= THEATRE_WHOLE_KM2
        if not whole_country:
            geom = polygonal(shapely.intersection(projected, region, grid_size=GRID_M))
            if geom.is_empty:
                continue
            whole_country = geom.area / 1e6 >= THEATRE_WHOLE_SHARE * area
        if whole_country:
            # small enough, or mostly in the region: the whole country
            whole = proj.to_proj(shapely.segmentize(shapes[code], _SEGMENT_DEG))
            geom = polygonal(shapely.set_precision(shapely.make_valid(whole), GRID_M))
        shapely.prepare(geom)
        countries[code] = geom
    return Theatre(proj, countries)
