"""How close the gazetteer's admin-1 regions come to Ukraine's oblasts of known area.

Run with ``python benchmarks/regions.py``. Each oblast is approximated as the
union of the Voronoi cells of its GeoNames places, clipped to Natural Earth's
Ukraine (:mod:`frontline.geo.regions`); its geodesic area is compared with the
official area (State Statistics Service of Ukraine, km², as listed in the
oblasts' public descriptions). Nothing was tuned on these figures.
"""

from __future__ import annotations

import statistics
import time

from frontline.geo.borders import load_countries
from frontline.geo.projection import geodesic_area_km2
from frontline.geo.regions import admin1_regions

OFFICIAL_KM2 = {  # GeoNames admin-1 code -> official area
    "UA.01": 20_900, "UA.02": 31_865, "UA.03": 8_097, "UA.04": 31_914, "UA.05": 26_517,
    "UA.06": 13_928, "UA.07": 31_415, "UA.08": 28_461, "UA.09": 20_645, "UA.10": 24_588,
    "UA.11": 26_081, "UA.12": 839, "UA.13": 28_131, "UA.14": 26_684, "UA.15": 21_833,
    "UA.16": 24_598, "UA.17": 33_310, "UA.18": 28_748, "UA.19": 20_047, "UA.20": 864,
    "UA.21": 23_834, "UA.22": 13_823, "UA.23": 26_513, "UA.24": 20_144, "UA.25": 12_777,
    "UA.26": 27_180, "UA.27": 29_832,
}


def main() -> None:
    ukraine = load_countries(["UA"])
    start = time.perf_counter()
    regions = admin1_regions(ukraine, ukraine["UA"].bounds)
    seconds = time.perf_counter() - start
    errors = []
    print(f"{'code':7}{'region':28}{'places':>7}{'model km²':>11}{'official':>10}{'error':>8}")
    for r in regions:
        model = geodesic_area_km2(r.geometry)
        official = OFFICIAL_KM2.get(r.code)
        if official is None:
            continue
        error = model / official - 1
        errors.append(abs(error))
        print(f"{r.code:7}{r.name[:27]:28}{r.places:7}{model:11,.0f}{official:10,}{error:8.1%}")
    print(f"\n{len(errors)} regions in {seconds:.2f} s; absolute error: median "
          f"{statistics.median(errors):.1%}, mean {statistics.mean(errors):.1%}, "
          f"max {max(errors):.1%}; official total {sum(OFFICIAL_KM2.values()):,} km², "
          f"model total {sum(geodesic_area_km2(r.geometry) for r in regions):,.0f} km²")


if __name__ == "__main__":
    main()
