"""Admin-1 regions (oblasts, provinces) drawn from the gazetteer, without shipping polygons.

GeoNames gives every place its admin-1 code, but no region outlines ship with
the package. A region is approximated as the union of the Voronoi cells of its
places (the ground nearer to one of its places than to any place of another
region), clipped to the country. With the thousands of villages GeoNames lists
per oblast, the outline follows the real border to within a few kilometres; the
README gives its error on oblasts of known area.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import shapely

from frontline.geo.geometry import Polygonal, polygonal
from frontline.geo.projection import Projection
from frontline.thresholds import REGION_MARGIN_DEG

if TYPE_CHECKING:  # pragma: no cover
    from frontline.geo.geocode import Gazetteer

__all__ = ["AdminRegion", "admin1_regions", "region_boundaries"]


@dataclass(frozen=True)
class AdminRegion:
    """One approximated admin-1 region.

    Attributes
    ----------
    code : str
        GeoNames code, ``UA.05``.
    name : str
        Its name in the gazetteer (``Donetsk``).
    country : str
        ISO alpha-2 code.
    geometry : shapely (Multi)Polygon
        Lon/lat, within the country and the bounds asked for.
    places : int
        How many gazetteer places shaped it.
    iso : str or None
        ISO 3166-2 code, ``UA-14``, where the gazetteer knows it.
    """

    code: str
    name: str
    country: str
    geometry: Polygonal
    places: int
    iso: str | None = None


def admin1_regions(countries: dict[str, Polygonal], bounds: tuple[float, float, float, float],
                   /, *, gazetteer: Gazetteer | None = None) -> list[AdminRegion]:
    """Admin-1 regions of the countries within a lon/lat box, from their places' Voronoi cells.

    Parameters
    ----------
    countries : dict
        ISO alpha-2 code -> country polygon (lon/lat), e.g. from
        :func:`frontline.geo.borders.load_countries`.
    bounds : (min_lon, min_lat, max_lon, max_lat)
        The regions are cut to this box; places up to ``REGION_MARGIN_DEG``
        beyond it still shape the cells inside.
    gazetteer : Gazetteer, optional
        The default gazetteer if not given.

    Returns
    -------
    list of AdminRegion
        Sorted by code. Regions of one country do not overlap and cover the
        country within the box.
    """
    from frontline.geo.geocode import Gazetteer

    gaz = gazetteer or Gazetteer.default()
    key = tuple(sorted(countries))
    minx, miny, maxx, maxy = (round(float(b), 3) for b in bounds)
    return list(_regions(gaz, key, tuple(shapely.to_wkb(countries[c]) for c in key),
                         (minx, miny, maxx, maxy)))


@lru_cache(maxsize=4)
def _regions(gaz: Gazetteer, codes: tuple[str, ...], wkbs: tuple[bytes, ...],
             bounds: tuple[float, float, float, float]) -> tuple[AdminRegion, ...]:
    minx, miny, maxx, maxy = bounds
    m = REGION_MARGIN_DEG
    places = gaz.places_in((minx - m, miny - m, maxx + m, maxy + m))
    box = shapely.box(*bounds)
    proj = Projection.for_bounds(bounds)
    out: list[AdminRegion] = []
    for code, wkb in zip(codes, wkbs, strict=True):
        country = shapely.from_wkb(wkb)
        area = polygonal(shapely.intersection(country, box), grid_size=None)
        if area.is_empty:
            continue
        mine = [p for p in places if p.country == code and p.admin1]
        seen: dict[tuple[float, float], str] = {}
        names: dict[str, str] = {}
        isos: dict[str, str | None] = {}
        for p in mine:  # most populous first: a duplicate point keeps the larger place's region
            seen.setdefault((round(p.lon, 4), round(p.lat, 4)), p.admin1 or "")
            names.setdefault(p.admin1 or "", p.admin1_name or p.admin1 or "")
            isos.setdefault(p.admin1 or "", p.admin1_iso)
        if not seen:
            continue
        xy = np.array([proj.point(lon, lat) for lon, lat in seen])
        labels = list(seen.values())
        clip = proj.to_proj(area)
        cells = shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=clip.envelope,
                                         ordered=True)
        parts = shapely.get_parts(cells)
        groups: dict[str, list[shapely.Geometry]] = defaultdict(list)
        for label, cell in zip(labels, parts, strict=True):
            groups[label].append(cell)
        for label in sorted(groups):
            shape = polygonal(shapely.intersection(shapely.union_all(groups[label]), clip))
            if shape.is_empty:
                continue
            out.append(AdminRegion(label, names[label], code,
                                   polygonal(proj.to_wgs(shape), grid_size=None),
                                   len(groups[label]), isos.get(label)))
    return tuple(out)


def region_boundaries(regions: list[AdminRegion], /) -> shapely.Geometry:
    """The lines between neighbouring regions of one country (not the country's own border).

    Returns
    -------
    shapely (Multi)LineString
        Lon/lat.
    """
    by_country: dict[str, list[AdminRegion]] = defaultdict(list)
    for r in regions:
        by_country[r.country].append(r)
    lines = []
    for group in by_country.values():
        whole = shapely.union_all([r.geometry for r in group])
        inner = shapely.union_all([shapely.boundary(r.geometry) for r in group])
        lines.append(shapely.difference(inner, shapely.boundary(whole).buffer(1e-6)))
    return shapely.line_merge(shapely.union_all(lines)) if lines else shapely.MultiLineString()
