"""Admin-1 regions approximated from the gazetteer: a coverage of the country, close to real."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely

from frontline.geo.borders import load_countries
from frontline.geo.projection import geodesic_area_km2
from frontline.geo.regions import admin1_regions, region_boundaries


def test_oblasts_cover_ukraine_and_come_close_to_their_areas(index_path: Path) -> None:
    ukraine = load_countries(["UA"])
    regions = admin1_regions(ukraine, ukraine["UA"].bounds)
    by_name = {r.name: r for r in regions}
    assert len(regions) == 27  # 24 oblasts, Crimea, Kyiv and Sevastopol
    geoms = np.array([r.geometry for r in regions], dtype=object)
    assert shapely.coverage_is_valid(geoms, gap_width=0.0)  # no overlaps
    total = sum(geodesic_area_km2(g) for g in geoms)
    assert abs(total / geodesic_area_km2(ukraine["UA"]) - 1) < 0.001
    # official areas (State Statistics Service of Ukraine)
    for name, km2, tolerance in [("Donetska oblast", 26_517, 0.10),
                                 ("Kyivska oblast", 28_131, 0.05),
                                 ("Kharkivska oblast", 31_415, 0.10)]:
        assert abs(geodesic_area_km2(by_name[name].geometry) / km2 - 1) < tolerance, name
    # Pokrovsk lies in Donetsk oblast's shape, Kharkiv in Kharkiv oblast's
    assert by_name["Donetska oblast"].geometry.contains(shapely.Point(37.18, 48.28))
    assert by_name["Kharkivska oblast"].geometry.contains(shapely.Point(36.25, 49.99))


def test_boundaries_are_between_regions_not_along_the_border(index_path: Path) -> None:
    ukraine = load_countries(["UA"])
    box = (36.0, 47.0, 39.0, 49.5)
    regions = admin1_regions(ukraine, box)
    lines = region_boundaries(regions)
    assert shapely.length(lines) > 2  # degrees: the Donetsk-Luhansk-Kharkiv-Zaporizhzhia lines
    border = shapely.boundary(ukraine["UA"]).buffer(0.01)
    inside = shapely.difference(lines, border)
    assert shapely.length(inside) > 0.95 * shapely.length(lines)
    assert {r.name for r in regions} >= {"Donetska oblast", "Luhanska oblast",
                                         "Kharkivska oblast", "Zaporizka oblast"}
