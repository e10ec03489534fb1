"""The capture-date raster: for each side, the first day each cell was held by it.

One band per side, int32, the date as days since 1970-01-01 (nodata: never held
in the period); in the theatre's equal-area projection; a Cloud Optimized GeoTIFF
(GDAL's COG driver: 512-pixel tiles, DEFLATE with a predictor, nearest-neighbour
overviews before the data). Cells held at the start of the period hold its first day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from frontline._atomic import atomic_path
from frontline.layers.timeline import Timeline

__all__ = ["NODATA", "days_since_epoch", "write_capture_dates"]

NODATA = -2147483648
EPOCH = dt.date(1970, 1, 1)


def days_since_epoch(day: dt.date) -> int:
    """The raster's encoding of a date.

    Examples
    --------
    >>> days_since_epoch(dt.date(2024, 10, 27))
    20023
    """
    return (day - EPOCH).days


def _first_days(tl: Timeline, side: str, transform: Any, shape: tuple[int, int]) -> Any:
    """One rasterization: shapes burnt latest day first, so the earliest day wins."""
    from rasterio.features import rasterize

    shapes = [(c.geom, days_since_epoch(c.day)) for c in
              sorted((c for c in tl.changes if c.side == side), key=lambda c: c.day,
                     reverse=True)]
    if not tl.baseline[side].is_empty:
        shapes.append((tl.baseline[side], days_since_epoch(tl.days[0])))
    if not shapes:
        import numpy as np

        return np.full(shape, NODATA, dtype="int32")
    return rasterize(shapes, out_shape=shape, transform=transform, fill=NODATA, dtype="int32")


def write_capture_dates(tl: Timeline, path: str | Path, /, *,
                        resolution: float = 250.0) -> Path:
    """Write the capture-date GeoTIFF, atomically.

    Parameters
    ----------
    tl : Timeline
    path : path-like
    resolution : float, default 250
        Cell size in metres.

    Returns
    -------
    Path
    """
    import numpy as np
    import rasterio
    import rasterio.shutil
    from rasterio.io import MemoryFile
    from rasterio.transform import from_origin

    if resolution <= 0:
        raise ValueError(f"resolution must be positive, not {resolution}")
    import shapely

    minx, miny, maxx, maxy = shapely.total_bounds(list(tl.countries.values()))
    minx, miny = np.floor(minx / resolution) * resolution, np.floor(miny / resolution) * resolution
    width = int(np.ceil((maxx - minx) / resolution))
    height = int(np.ceil((maxy - miny) / resolution))
    transform = from_origin(minx, miny + height * resolution, resolution, resolution)
    sides = [s.id for s in tl.scenario.sides]
    target = Path(path)
    profile = {
        "driver": "GTiff", "width": width, "height": height, "count": len(sides),
        "dtype": "int32", "crs": tl.projection.crs.to_wkt(), "transform": transform,
        "nodata": NODATA, "BIGTIFF": "IF_SAFER",
    }
    # drawn in memory, then laid out by GDAL's COG driver: tiles, overviews before the data
    with MemoryFile() as memfile, memfile.open(**profile) as mem:
        for band, side in enumerate(sides, start=1):
            mem.write(_first_days(tl, side, transform, (height, width)), band)
            mem.set_band_description(band, f"first day held by {side} "
                                           f"({tl.scenario.side(side).name})")
            mem.update_tags(band, side=side, encoding="days since 1970-01-01",
                            nodata_meaning="never held in the period")
        mem.update_tags(
            encoding="int32 days since 1970-01-01; nodata = never held in the period",
            period=f"{tl.days[0]}/{tl.days[-1]}", scenario=tl.scenario.name,
            scenario_sha256=tl.scenario.content_hash, resolution_m=str(resolution),
            overview_resampling="nearest",
        )
        with atomic_path(target, suffix=".tif", mode=0o644, create=False) as tmp:
            rasterio.shutil.copy(mem, tmp, driver="COG", compress="DEFLATE", predictor="2",
                                 blocksize=512, overview_resampling="NEAREST",
                                 num_threads="ALL_CPUS", bigtiff="IF_SAFER")
    return target
