"""Writers against the bare library calls a user would make, on the demo's layers.

Run with ``python benchmarks/export.py``. In one run, medians of 3:

1. ``write_frames`` (five layers, metadata, ``layer_styles``, atomic rename)
   against bare ``pyogrio.write_dataframe`` calls of the same five frames (the
   time to make the frames from the timeline is printed apart);
2. ``write_capture_dates`` (one band per side, first day per cell, written as a
   Cloud Optimized GeoTIFF by GDAL's COG driver: tiles, DEFLATE, overviews;
   atomic) against the bare calls a user would make for the same file: the same
   shapes taken into the same CRS as ours (ETRS89 / LAEA Europe, EPSG:3035, with
   ``pyproj`` and ``shapely.transform``), one ``rasterio.features.rasterize`` per
   side on the same grid (latest day first, so the earliest wins) and the same
   COG written with ``rasterio.shutil.copy``. The peer checks that its file has
   our CRS, transform and size before it is timed.

Target (issue 5): within 1.2x of the bare calls.
"""

from __future__ import annotations

import math
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyogrio
import rasterio
import rasterio.shutil
import shapely
from pyproj import CRS, Transformer
from rasterio.features import rasterize
from rasterio.io import MemoryFile
from rasterio.transform import from_origin

from frontline.layers import demo_scenario_path
from frontline.layers.gpkg import layer_frames, metadata, write_frames
from frontline.layers.raster import (
    NAMED_EQUAL_AREA,
    NODATA,
    days_since_epoch,
    write_capture_dates,
)
from frontline.layers.schema import LAYERS
from frontline.model import build_timeline
from frontline.scenario import load_scenario


def median_time(func: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    tl = build_timeline(load_scenario(demo_scenario_path()))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        frames = layer_frames(tl)
        n = iter(range(100))

        def bare_gpkg() -> None:
            path = root / f"bare{next(n)}.gpkg"
            for i, name in enumerate(LAYERS):
                pyogrio.write_dataframe(frames[name], path, layer=name, driver="GPKG",
                                        append=i > 0)

        meta = metadata(tl)
        sides = [(s.id, s.name, s.colour) for s in tl.scenario.sides]
        making = median_time(lambda: layer_frames(tl))
        ours = median_time(lambda: write_frames(frames, root / "ours.gpkg", metadata=meta,
                                                sides=sides, stamp="2024-11-02T00:00:00.000Z"))
        bare = median_time(bare_gpkg)
        print("1. GeoPackage, demo (5 layers, the same frames)")
        print(f"   write_frames               {ours:6.2f} s   (+ metadata, layer_styles, "
              "atomic rename)")
        print(f"   bare pyogrio writes        {bare:6.2f} s")
        print(f"   ratio                      {ours / bare:6.2f}x  (target <= 1.2x)")
        print(f"   (making the frames from the timeline, for both: {making:.2f} s)\n")

        resolution = 250.0
        # the CRS ours writes for the demo (its theatre lies in EPSG:3035's area of use)
        crs = CRS.from_epsg(NAMED_EQUAL_AREA)
        move = Transformer.from_crs(tl.projection.crs, crs, always_xy=True)

        def to_crs(geom: shapely.Geometry) -> shapely.Geometry:
            return shapely.transform(
                geom, lambda xy: np.column_stack(move.transform(xy[:, 0], xy[:, 1])))

        minx, miny, maxx, maxy = shapely.total_bounds(
            [to_crs(g) for g in tl.countries.values()])
        minx = math.floor(minx / resolution) * resolution
        miny = math.floor(miny / resolution) * resolution
        width = math.ceil((maxx - minx) / resolution)
        height = math.ceil((maxy - miny) / resolution)
        transform = from_origin(minx, miny + height * resolution, resolution, resolution)
        side_ids = [side.id for side in tl.scenario.sides]

        def bare_raster() -> None:
            profile = {"driver": "GTiff", "width": width, "height": height,
                       "count": len(side_ids), "dtype": "int32", "crs": crs.to_wkt(),
                       "transform": transform, "nodata": NODATA}
            with MemoryFile() as memfile, memfile.open(**profile) as mem:
                for band, side in enumerate(side_ids, start=1):
                    shapes = [(to_crs(c.geom), days_since_epoch(c.day)) for c in sorted(
                        (c for c in tl.changes if c.side == side), key=lambda c: c.day,
                        reverse=True)]
                    shapes.append((to_crs(tl.baseline[side]), days_since_epoch(tl.days[0])))
                    mem.write(rasterize(shapes, out_shape=(height, width), transform=transform,
                                        fill=NODATA, dtype="int32"), band)
                rasterio.shutil.copy(mem, root / "bare.tif", driver="COG", compress="DEFLATE",
                                     predictor="2", blocksize=512,
                                     overview_resampling="NEAREST", num_threads="ALL_CPUS")

        write_capture_dates(tl, root / "ours.tif")
        bare_raster()
        with rasterio.open(root / "ours.tif") as a, rasterio.open(root / "bare.tif") as b:
            assert (a.crs, a.transform, a.shape, a.count) == (b.crs, b.transform, b.shape,
                                                              b.count), "not the same grid"
            same = sum(int((a.read(i) == b.read(i)).sum()) for i in range(1, a.count + 1))
            cells = a.count * a.width * a.height
        ours_r = median_time(lambda: write_capture_dates(tl, root / "ours.tif"))
        bare_r = median_time(bare_raster)
        print(f"2. capture-date raster, demo ({width} x {height} cells of 250 m in "
              f"EPSG:{NAMED_EQUAL_AREA}, {len(side_ids)} bands; the two files agree on "
              f"{same / cells:.4%} of cells)")
        print(f"   write_capture_dates        {ours_r:6.2f} s")
        print(f"   bare rasterize + COG copy  {bare_r:6.2f} s")
        print(f"   ratio                      {ours_r / bare_r:6.2f}x  (target <= 1.2x)")


if __name__ == "__main__":
    main()
