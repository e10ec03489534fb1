"""The capture-date raster: for each side, the first day each cell was held by it.

One band per side, int32, the date as days since 1970-01-01 (nodata: never held
in the period); in ETRS89 / LAEA Europe (EPSG:3035) where the theatre lies in its
area of use, else in the theatre's own equal-area projection; a Cloud Optimized GeoTIFF
(GDAL's COG driver: 512-pixel tiles, DEFLATE with a predictor, nearest-neighbour
overviews before the data). Cells held at the start of the period hold its first day.

Beside it, ``capture_date.qml``: the QGIS style it opens with (QGIS reads a
``.qml`` of the same name as a file's default style). The band of the side that
took most ground, each cell coloured by the day it was taken, from light (the
period's second day) to the side's colour (its last); ground held from the start
faintly, ground never held not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from frontline._atomic import atomic_path
from frontline.model import Timeline

__all__ = ["NAMED_EQUAL_AREA", "NODATA", "days_since_epoch", "raster_crs", "raster_style",
           "write_capture_dates"]

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


#: An equal-area projection QGIS and every GIS name by its code: ETRS89 / LAEA Europe. The
#: raster is drawn in it when the theatre lies within its area of use (all of Ukraine and
#: European Russia), else in the theatre's own Lambert equal-area projection.
NAMED_EQUAL_AREA = 3035


def raster_crs(tl: Timeline) -> tuple[Any, Callable[[Any], Any]]:
    """The raster's CRS and the function that takes the timeline's geometries into it."""
    import shapely
    from pyproj import CRS, Transformer

    named = CRS.from_epsg(NAMED_EQUAL_AREA)
    area = named.area_of_use
    lon0, lat0, lon1, lat1 = tl.projection.to_wgs(
        shapely.box(*shapely.total_bounds(list(tl.countries.values())))).bounds
    if area is None or not (area.west <= lon0 and lon1 <= area.east and area.south <= lat0
                            and lat1 <= area.north):
        return tl.projection.crs, lambda geom: geom
    import numpy as np

    move = Transformer.from_crs(tl.projection.crs, named, always_xy=True)

    def to_named(geom: Any) -> Any:
        return shapely.transform(geom, lambda xy: np.column_stack(move.transform(xy[:, 0],
                                                                                xy[:, 1])))

    return named, to_named


def _first_days(tl: Timeline, side: str, transform: Any, out: Any,
                to_crs: Callable[[Any], Any]) -> None:
    """One rasterization into ``out`` (filled with NODATA): shapes burnt latest day first,
    so the earliest day wins."""
    from rasterio.features import rasterize

    shapes = [(to_crs(c.geom), days_since_epoch(c.day)) for c in
              sorted((c for c in tl.changes if c.side == side), key=lambda c: c.day,
                     reverse=True)]
    if not tl.baseline[side].is_empty:
        shapes.append((to_crs(tl.baseline[side]), days_since_epoch(tl.days[0])))
    if shapes:
        rasterize(shapes, out=out, transform=transform)


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
    from rasterio.transform import from_origin

    if resolution <= 0:
        raise ValueError(f"resolution must be positive, not {resolution}")
    import shapely

    crs, to_crs = raster_crs(tl)
    minx, miny, maxx, maxy = shapely.total_bounds([to_crs(g) for g in tl.countries.values()])
    minx, miny = np.floor(minx / resolution) * resolution, np.floor(miny / resolution) * resolution
    width = int(np.ceil((maxx - minx) / resolution))
    height = int(np.ceil((maxy - miny) / resolution))
    transform = from_origin(minx, miny + height * resolution, resolution, resolution)
    sides = [s.id for s in tl.scenario.sides]
    target = Path(path)
    profile = {
        "driver": "MEM", "width": width, "height": height, "count": len(sides),
        "dtype": "int32", "crs": crs.to_wkt(), "transform": transform, "nodata": NODATA,
    }
    days = np.full((len(sides), height, width), NODATA, dtype="int32")
    for band, side in enumerate(sides):
        _first_days(tl, side, transform, days[band], to_crs)
    first = days_since_epoch(tl.days[0])
    gained = [int(np.count_nonzero(days[band] > first)) for band in range(len(sides))]
    # drawn in memory, then laid out by GDAL's COG driver: tiles, overviews before the data
    with rasterio.open("/vsimem/capture_date.mem", "w", **profile) as mem:
        mem.write(days)
        del days
        for band, side in enumerate(sides, start=1):
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
    band = int(np.argmax(gained)) + 1 if gained else 1
    style = raster_style(band, sides[band - 1], tl.days[0], tl.days[-1],
                         tl.scenario.side(sides[band - 1]).colour)
    with atomic_path(target.with_suffix(".qml"), suffix=".qml", mode=0o644) as tmp:
        Path(tmp).write_text(style, encoding="utf-8")
    return target


def raster_style(band: int, side: str, first: dt.date, last: dt.date, colour: str) -> str:
    """The raster's QGIS style: one side's band, each day of the period a shade of its colour.

    Ground held from the first day is drawn faintly, ground taken later from a
    light (the second day) to the full colour (the last day); never held, not
    at all.

    Examples
    --------
    >>> text = raster_style(1, "RU", dt.date(2024, 9, 1), dt.date(2024, 9, 30), "#c0392b")
    >>> 'type="singlebandpseudocolor" band="1"' in text and 'label="2024-09-30"' in text
    True
    """
    from xml.sax.saxutils import quoteattr

    start = days_since_epoch(first)
    low = start + 1
    high = max(days_since_epoch(last), low)
    text = colour.lstrip("#")
    try:
        r, g, b = (int(text[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        r, g, b = (192, 57, 43)

    def tint(share: float) -> str:  # the colour over white
        return "#{:02x}{:02x}{:02x}".format(*(round(255 - share * (255 - c)) for c in (r, g, b)))

    # held from the first day: a faint tint, for the lie of the land
    items = [f'<item alpha="110" value="{start}" color="{tint(0.15)}" '
             f'label={quoteattr("held on " + first.isoformat())}/>']
    steps = 5
    for k in range(steps):
        t = k / (steps - 1)
        value = round(low + t * (high - low))
        day = EPOCH + dt.timedelta(days=value)
        items.append(f'<item alpha="255" value="{value}" color="{tint(0.35 + 0.65 * t)}" '
                     f'label={quoteattr(day.isoformat())}/>')
    low = start
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            '<qgis version="3.22.16" styleCategories="AllStyleCategories">\n<pipe>\n'
            f'<rasterrenderer type="singlebandpseudocolor" band="{band}" opacity="1" '
            f'alphaBand="-1" classificationMin="{low}" classificationMax="{high}" '
            'nodataColor="">\n<rasterTransparency/>\n'
            f"<minMaxOrigin><limits>None</limits><extent>WholeRaster</extent>"
            "<statAccuracy>Estimated</statAccuracy><cumulativeCutLower>0.02</cumulativeCutLower>"
            "<cumulativeCutUpper>0.98</cumulativeCutUpper><stdDevFactor>2</stdDevFactor>"
            "</minMaxOrigin>\n<rastershader>"
            f'<colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="1" '
            f'minimumValue="{low}" maximumValue="{high}">'
            + "".join(items) +
            "</colorrampshader></rastershader>\n</rasterrenderer>\n"
            f'<!-- {side}: the day each cell was first held -->\n'
            "</pipe>\n</qgis>\n")
