"""Writers against the bare library calls a user would make, on the demo's layers.

Run with ``python benchmarks/export.py``. In one run, medians of 3:

1. ``write_frames`` (five layers, metadata, ``layer_styles``, atomic rename)
   against bare ``pyogrio.write_dataframe`` calls of the same five frames (the
   time to make the frames from the timeline is printed apart);
2. ``write_capture_dates`` (one band per side, first day per cell, written as a
   Cloud Optimized GeoTIFF by GDAL's COG driver: tiles, DEFLATE, overviews;
   atomic) against the bare calls a user would make for the same file: one
   ``rasterio.features.rasterize`` per side of the same shapes (latest day first,
   so the earliest wins) and the same COG written with ``rasterio.shutil.copy``.

Target (issue 5): within 1.2x of the bare calls.
"""

from __future__ import annotations

import math
import statistics
import tempfile
import time
from pathlib import Path

import pyogrio
import rasterio
import rasterio.shutil
import shapely
from rasterio.features import rasterize
from rasterio.io import MemoryFile
from rasterio.transform import from_origin

from frontline.layers import demo_scenario_path
from frontline.layers.gpkg import layer_frames, metadata, write_frames
from frontline.layers.raster import NODATA, days_since_epoch, write_capture_dates
from frontline.layers.schema import LAYERS
from frontline.model import build_timeline
from frontline.scenario import load_scenario


def median_time(func, runs: int = 3) -> float:
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
        minx, miny, maxx, maxy = shapely.total_bounds(list(tl.countries.values()))
        minx = math.floor(minx / resolution) * resolution
        miny = math.floor(miny / resolution) * resolution
        width = math.ceil((maxx - minx) / resolution)
        height = math.ceil((maxy - miny) / resolution)
        transform = from_origin(minx, miny + height * resolution, resolution, resolution)
        sides = [side.id for side in tl.scenario.sides]

        def bare_raster() -> None:
            profile = {"driver": "GTiff", "width": width, "height": height,
                       "count": len(sides), "dtype": "int32", "crs": tl.projection.crs.to_wkt(),
                       "transform": transform, "nodata": NODATA}
            with MemoryFile() as memfile, memfile.open(**profile) as mem:
                for band, side in enumerate(sides, start=1):
                    shapes = [(c.geom, days_since_epoch(c.day)) for c in sorted(
                        (c for c in tl.changes if c.side == side), key=lambda c: c.day,
                        reverse=True)]
                    shapes.append((tl.baseline[side], days_since_epoch(tl.days[0])))
                    mem.write(rasterize(shapes, out_shape=(height, width), transform=transform,
                                        fill=NODATA, dtype="int32"), band)
                rasterio.shutil.copy(mem, root / "bare.tif", driver="COG", compress="DEFLATE",
                                     predictor="2", blocksize=512,
                                     overview_resampling="NEAREST", num_threads="ALL_CPUS")

        ours_r = median_time(lambda: write_capture_dates(tl, root / "ours.tif"))
        bare_r = median_time(bare_raster)
        print(f"2. capture-date raster, demo ({width} x {height} cells of 250 m, "
              f"{len(tl.baseline)} bands)")
        print(f"   write_capture_dates        {ours_r:6.2f} s")
        print(f"   bare rasterize + COG copy  {bare_r:6.2f} s")
        print(f"   ratio                      {ours_r / bare_r:6.2f}x  (target <= 1.2x)")


if __name__ == "__main__":
    main()
