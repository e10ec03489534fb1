"""Area statistics from the layers: per side and country, per day, week, month or period.

Every number comes from the layers as written to the GeoPackage (``control``
for the areas, ``gains`` for the first day's starting point, ``reports`` for the
reported rates), so the build's summary, ``frontline stats`` and the map's
table of rates are one computation on the same data and print the same numbers.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, cast

from frontline._atomic import atomic_path
from frontline.geo.geometry import Geometry
from frontline.layers.gpkg import Frames, area_countries, as_date, read_layers
from frontline.layers.schema import BASES

__all__ = ["BUCKETS", "area_stats", "field_text", "missing", "plot_stats", "raster_sums",
           "rate_rows", "records", "region_stats", "summarize"]

Bucket = Literal["day", "week", "month", "period"]
BUCKETS: tuple[Bucket, ...] = ("day", "week", "month", "period")


def _bucket(day: dt.date, by: str) -> str:
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "period":
        return "period"
    return f"{day:%Y-%m}"


def _buckets(days: list[dt.date], by: str) -> dict[str, list[dt.date]]:
    """The days of each bucket, in order."""
    out: dict[str, list[dt.date]] = defaultdict(list)
    for day in days:
        out[_bucket(day, by)].append(day)
    return out


def _frames(source: str | Path | Frames, names: tuple[str, ...], *,
            read_geometry: bool = False) -> Frames:
    if isinstance(source, dict):
        return source
    return read_layers(source, names, read_geometry=read_geometry)


def records(frame: Any) -> list[dict[str, Any]]:
    """A layer's rows as plain dicts (field -> value; the geometry under ``geometry``)."""
    return cast("list[dict[str, Any]]", frame.to_dict("records"))


def area_stats(source: str | Path | Frames, /, *, by: Bucket = "month"
               ) -> list[dict[str, Any]]:
    """Area at the start and end of each bucket, its change and km²/day, beside the reports.

    Parameters
    ----------
    source : path-like or dict
        A ``frontline.gpkg``, or its layers as :func:`~frontline.layers.gpkg.layer_frames`
        makes them (``control``, ``gains`` and ``reports`` are used).
    by : {'day', 'week', 'month', 'period'}
        ``period`` is the whole period as one bucket.

    Returns
    -------
    list of dict
        One row per bucket, side and country: ``period``, ``first``, ``last``,
        ``days``, ``side``, ``country``, ``start_km2`` (before the first day's
        changes), ``end_km2`` (after the last day's), ``change_km2``,
        ``km2_per_day``, the ground the side gained in the bucket by its basis
        (``gained_reported_km2``, ``gained_claimed_km2``, ``gained_modelled_km2``:
        :data:`~frontline.layers.schema.BASES`), ``band_width_km`` (the mean width of the
        band where the front may be over the bucket's days: :mod:`frontline.model.band`),
        and where an advance rate covers the
        bucket ``reported_km2_per_day`` (averaged over the bucket's days),
        ``difference_km2_per_day`` and ``report_ids``.
    """
    if by not in BUCKETS:
        raise ValueError(f"by must be one of {', '.join(BUCKETS)}, not {by!r}")
    layers = _frames(source, ("control", "gains", "reports", "front_band"))
    control = records(layers["control"])
    countries = area_countries(layers["control"].columns)
    days = sorted({as_date(rec["date"]) for rec in control})
    area: dict[tuple[dt.date, str, str], float] = {}
    for rec in control:
        for c in countries:
            area[(as_date(rec["date"]), str(rec["side"]), c)] = float(
                rec[f"area_{c.lower()}_km2"])
    sides = sorted({str(rec["side"]) for rec in control})
    # the area before the first day's changes: the first day's, less what changed that day
    before: dict[tuple[str, str], float] = {(s, c): area[(days[0], s, c)] for s in sides
                                            for c in countries}
    gained: dict[tuple[dt.date, str, str, str], float] = defaultdict(float)
    for g in records(layers["gains"]):
        if as_date(g["date"]) == days[0]:
            before[(str(g["side"]), str(g["country"]))] -= float(g["area_km2"])
            before[(str(g["from_side"]), str(g["country"]))] += float(g["area_km2"])
        # (a GeoPackage written before the basis was: by the cause alone)
        basis = str(g["basis"]) if not missing(g.get("basis")) else (
            "modelled" if g["cause"] == "advance_rate" else "reported")
        gained[(as_date(g["date"]), str(g["side"]), str(g["country"]), basis)] += float(
            g["area_km2"])
    reported: dict[tuple[dt.date, str, str], float] = defaultdict(float)
    report_ids: dict[tuple[dt.date, str, str], set[str]] = defaultdict(set)
    for r in records(layers["reports"]):
        if r["kind"] != "advance_rate" or missing(r["rate_km2_per_day"]) or missing(r["start"]):
            continue
        day, end = max(as_date(r["start"]), days[0]), min(as_date(r["end"]), days[-1])
        while day <= end:
            key = (day, str(r["side"]), str(r["country"]))
            reported[key] += float(r["rate_km2_per_day"])
            report_ids[key].add(str(r["id"]))
            day += dt.timedelta(days=1)
    band = {as_date(b["date"]): float(b["width_km"])
            for b in (records(layers["front_band"]) if "front_band" in layers else [])}
    buckets = _buckets(days, by)
    rows = []
    for period, members in buckets.items():
        first, last, n = members[0], members[-1], len(members)
        widths = [band[d] for d in members if d in band]
        band_km = round(sum(widths) / len(widths), 3) if widths else None
        previous = first - dt.timedelta(days=1)
        for side in sides:
            for c in countries:
                start_km2 = before[(side, c)] if first == days[0] else area[(previous, side, c)]
                end_km2 = area[(last, side, c)]
                if start_km2 == 0 and end_km2 == 0:
                    continue
                row: dict[str, Any] = {
                    "period": period, "first": first, "last": last, "days": n,
                    "side": side, "country": c, "start_km2": round(start_km2, 3),
                    "end_km2": round(end_km2, 3), "change_km2": round(end_km2 - start_km2, 3),
                    "km2_per_day": round((end_km2 - start_km2) / n, 3),
                    **{f"gained_{b}_km2": round(sum(gained.get((d, side, c, b), 0.0)
                                                    for d in members), 3) for b in BASES},
                    "band_width_km": band_km,
                    "reported_km2_per_day": None, "difference_km2_per_day": None,
                    "report_ids": ""}
                covered = [(d, side, c) for d in members if (d, side, c) in reported]
                if covered:
                    rate = sum(reported[k] for k in covered) / n
                    row["reported_km2_per_day"] = round(rate, 3)
                    row["difference_km2_per_day"] = round(row["km2_per_day"] - rate, 3)
                    row["report_ids"] = ",".join(sorted(set().union(
                        *(report_ids[k] for k in covered))))
                rows.append(row)
    return rows


def region_stats(source: str | Path | Frames, /, *, by: Bucket = "month"
                 ) -> list[dict[str, Any]]:
    """Area each side holds in each admin-1 region (oblast) at the start and end of each bucket.

    The regions are the gazetteer's (:func:`frontline.geo.regions.admin1_regions`: the
    Voronoi cells of each region's places, clipped to Natural Earth's countries; the
    README gives how close they come to real oblasts), within the layers' extent. The
    first day's ground is cut by the regions once; every later day adds its ``gains``
    (each cut by the regions it touches), so a side's regions sum to its area in
    ``control`` for that country.

    Parameters
    ----------
    source : path-like or dict
        A ``frontline.gpkg``, or its layers (``control`` and ``gains`` with geometry).
    by : {'day', 'week', 'month', 'period'}

    Returns
    -------
    list of dict
        One row per bucket, side and region where the side holds ground at its start
        or end: ``period``, ``first``, ``last``, ``days``, ``side``, ``country``,
        ``region`` (the gazetteer's name), ``region_code`` (ISO 3166-2, as ``geocode`` and
        ``--admin1`` take it; GeoNames' where it has none), ``region_km2``
        (its area within the extent), ``start_km2``, ``end_km2``, ``change_km2``,
        ``km2_per_day`` and ``share_end`` (of the region, 0 to 1).
    """
    from frontline.geo.borders import load_countries
    from frontline.geo.projection import geodesic_area_km2
    from frontline.geo.regions import admin1_regions

    if by not in BUCKETS:
        raise ValueError(f"by must be one of {', '.join(BUCKETS)}, not {by!r}")
    layers = _frames(source, ("control", "gains"), read_geometry=True)
    control, gains = layers["control"], layers["gains"]
    countries = load_countries(area_countries(control.columns))
    minx, miny, maxx, maxy = (float(v) for v in control.total_bounds)
    regions = admin1_regions(countries, (minx - 0.5, miny - 0.5, maxx + 0.5, maxy + 0.5))
    days = sorted({as_date(d) for d in control["date"]})
    before, area = _region_areas(control, gains, [r.geometry for r in regions], days)
    region_km2 = [geodesic_area_km2(r.geometry) for r in regions]
    sides = sorted({str(s) for s in control["side"]})
    rows = []
    for period, members in _buckets(days, by).items():
        first, last, n = members[0], members[-1], len(members)
        start = before if first == days[0] else area[first - dt.timedelta(days=1)]
        end = area[last]
        for side, (k, region) in itertools.product(sides, enumerate(regions)):
            a, b = max(start.get((side, k), 0.0), 0.0), max(end.get((side, k), 0.0), 0.0)
            if a < 0.01 and b < 0.01:  # slivers where borders disagree
                continue
            rows.append({
                "period": period, "first": first, "last": last, "days": n, "side": side,
                "country": region.country, "region": region.name,
                "region_code": region.iso or region.code,
                "region_km2": round(region_km2[k], 1),
                "start_km2": round(a, 3), "end_km2": round(b, 3),
                "change_km2": round(b - a, 3), "km2_per_day": round((b - a) / n, 3),
                "share_end": round(b / region_km2[k], 4) if region_km2[k] else None})
    return rows


#: (side, region index) -> km²
RegionAreas = dict[tuple[str, int], float]


def _region_areas(control: Any, gains: Any, shapes: list[Geometry], days: list[dt.date]
                  ) -> tuple[RegionAreas, dict[dt.date, RegionAreas]]:
    """Each side's km² in each region before the first day, and at the end of each day:
    the first day's ground cut by the regions once, then each day's gains added."""
    import shapely

    from frontline.geo.projection import geodesic_area_km2

    tree = shapely.STRtree(shapes)
    for shape in shapes:
        shapely.prepare(shape)

    def cut(geom: Geometry) -> dict[int, float]:
        """km² of ``geom`` in each region it touches."""
        out = {}
        for k in tree.query(geom, predicate="intersects"):
            part = shapely.intersection(geom, shapes[k])
            if not part.is_empty:
                out[int(k)] = geodesic_area_km2(part)
        return out

    held: RegionAreas = defaultdict(float)  # after the first day's changes
    for rec in records(control):
        if as_date(rec["date"]) == days[0] and rec["geometry"] is not None:
            for k, km2 in cut(rec["geometry"]).items():
                held[(str(rec["side"]), k)] += km2
    change: dict[dt.date, RegionAreas] = defaultdict(lambda: defaultdict(float))
    for g in records(gains):
        if g["geometry"] is None:
            continue
        for k, km2 in cut(g["geometry"]).items():
            change[as_date(g["date"])][(str(g["side"]), k)] += km2
            change[as_date(g["date"])][(str(g["from_side"]), k)] -= km2
    # each day's ground, from the first day's: before it (less that day's changes), then on
    area: dict[dt.date, RegionAreas] = {}
    now = dict(held)
    before = {key: v - change[days[0]].get(key, 0.0) for key, v in held.items()}
    for day in days:
        if day != days[0]:
            for key, v in change[day].items():
                now[key] = now.get(key, 0.0) + v
        area[day] = dict(now)
    return before, area


def missing(value: Any) -> bool:
    """None, NaN or NaT: a field a report does not have."""
    return value is None or value != value or str(value) == "NaT"


def field_text(value: Any) -> str:
    """A field as text: '' for missing values (None, NaN, NaT)."""
    if value is None:
        return ""
    text = str(value)
    return "" if text in ("nan", "NaN", "NaT", "None") else text


def rate_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows that compare modelled and reported rates: a gain, or a reported rate."""
    return [r for r in rows if r["change_km2"] > 0 or r["reported_km2_per_day"] is not None]


def summarize(frames: Frames, /, *, notes: Sequence[str] = ()) -> dict[str, Any]:
    """A build's account: areas at the start and end, and modelled beside reported rates.

    Returns
    -------
    dict
        ``days``, ``start``, ``end``; ``areas``: :func:`area_stats` over the whole
        period; ``months``: :func:`rate_rows` of the monthly statistics; ``notes``.
    """
    areas = area_stats(frames, by="period")
    days = sorted({as_date(d) for d in frames["control"]["date"]})
    return {"days": len(days), "start": days[0], "end": days[-1], "areas": areas,
            "months": rate_rows(area_stats(frames, by="month")), "notes": list(notes)}


def plot_stats(gpkg: str | Path, output: str | Path, /) -> Path:
    """A PNG of each side's area and daily change over time, with the reported rates marked.

    In the scenario's colours; the daily gains are per country, beside the
    rate reported for that country.

    Parameters
    ----------
    gpkg : path-like
    output : path-like
        The PNG file (written atomically).

    Returns
    -------
    Path
    """

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    daily = area_stats(gpkg, by="day")
    sides = sorted({r["side"] for r in daily})
    control = read_layers(gpkg, ("control",), read_geometry=False)["control"]
    colours = {str(k): str(v) for k, v in zip(control["side"], control["colour"], strict=True)}
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 7), sharex=True,
                                      gridspec_kw={"height_ratios": [2, 1]})
    for side in sides:
        colour = colours.get(side)
        days = sorted({r["first"] for r in daily if r["side"] == side})
        total = [sum(r["end_km2"] for r in daily if r["side"] == side and r["first"] == d)
                 for d in days]
        top.plot(days, [t - total[0] for t in total], color=colour,
                 label=f"{side}: change in area")
        # per country, as the table compares them: the side's gain there, and the rate
        # reported for that country
        countries = sorted({r["country"] for r in daily if r["side"] == side and (
            r["change_km2"] > 0 or r["reported_km2_per_day"] is not None)})
        for n, c in enumerate(countries):
            rows = sorted((r for r in daily if r["side"] == side and r["country"] == c),
                          key=lambda r: r["first"])
            width = 0.8 / len(countries)  # side by side within the day
            shift = dt.timedelta(days=(n - (len(countries) - 1) / 2) * width)
            bottom.bar([r["first"] + shift for r in rows],
                       [max(r["change_km2"], 0.0) for r in rows], width=width, color=colour,
                       alpha=0.8 / (n + 1), label=f"{side} in {c}: km² per day")
            reported = [(r["first"], r["reported_km2_per_day"]) for r in rows
                        if r["reported_km2_per_day"] is not None]
            if reported:
                bottom.plot([d for d, _ in reported], [v for _, v in reported], "_",
                            color="black", markersize=6,
                            label=f"{side} in {c}: reported km²/day")
    top.set_ylabel("km² since the first day")
    bottom.set_ylabel("km² per day")
    top.legend(loc="best", fontsize=8)
    bottom.legend(loc="best", fontsize=8)
    top.grid(alpha=0.3)
    bottom.grid(alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    target = Path(output)
    try:
        with atomic_path(target, suffix=".png", mode=0o644) as tmp:
            fig.savefig(tmp, dpi=100, format="png")
    finally:
        plt.close(fig)
    return target


def raster_sums(gpkg: str | Path, raster: str | Path, /, *,
                by: Bucket = "month") -> tuple[list[dict[str, Any]], float]:
    """Sum a single-band raster (a population grid, say) over each side's gains.

    The gains are reprojected to the raster's CRS (``rasterio.warp``); a cell
    counts when its centre lies in a gain. Nodata cells count as nothing.

    Parameters
    ----------
    gpkg : path-like
    raster : path-like
        Any single-band raster GDAL reads, in any CRS.
    by : {'day', 'week', 'month'}

    Returns
    -------
    rows : list of dict
        ``period``, ``side``, ``sum`` of the raster over the ground the side gained
        in that bucket (taken as one shape), and ``cells``.
    outside : float
        Share of the raster's valid cells that lie outside the theatre (0 to 1).
    """
    import numpy as np
    import rasterio
    import shapely
    from rasterio.features import geometry_mask
    from rasterio.warp import transform_geom
    from rasterio.windows import from_bounds

    from frontline.errors import InputFileError

    layers = read_layers(gpkg, ("gains", "control"))
    gains, control = layers["gains"], layers["control"]
    try:
        src = rasterio.open(raster)
    except rasterio.errors.RasterioIOError as exc:
        raise InputFileError(str(raster), f"cannot read the raster: {exc}") from exc
    with src:
        if src.count != 1:
            raise InputFileError(str(raster), f"needs one band, has {src.count}")
        if src.crs is None:
            raise InputFileError(str(raster), "has no CRS")

        def to_raster(geom: Geometry) -> Geometry:
            return shapely.geometry.shape(transform_geom("EPSG:4326", src.crs,
                                                         shapely.geometry.mapping(geom)))

        def zonal(geom: Geometry) -> tuple[float, int]:
            local = to_raster(geom)
            if local.is_empty:
                return 0.0, 0
            window = from_bounds(*local.bounds, transform=src.transform).round_offsets(
            ).round_lengths()
            window = window.intersection(rasterio.windows.Window(0, 0, src.width, src.height))
            if window.width <= 0 or window.height <= 0:
                return 0.0, 0
            data = src.read(1, window=window, masked=True)
            inside = ~geometry_mask([local], out_shape=data.shape,
                                    transform=src.window_transform(window))
            values = data[inside]
            return float(values.sum()) if values.count() else 0.0, int(values.count())

        # the ground each side gained in a bucket, as one shape: thin daily strips would
        # each catch too few cell centres to be summed one by one
        ground: dict[tuple[str, str], list[Geometry]] = defaultdict(list)
        for g in records(gains):
            ground[(_bucket(as_date(g["date"]), by), str(g["side"]))].append(g["geometry"])
        sums = {key: zonal(shapely.union_all(parts)) for key, parts in ground.items()}
        first = min(as_date(d) for d in control["date"])
        theatre = shapely.union_all([g for g, d in zip(control.geometry, control["date"],
                                                       strict=True) if as_date(d) == first])
        data = src.read(1, masked=True)
        inside = ~geometry_mask([to_raster(theatre)], out_shape=data.shape,
                                transform=src.transform)
        valid = ~np.ma.getmaskarray(data)
        outside = float((valid & ~inside).sum()) / max(int(valid.sum()), 1)
    rows = [{"period": period, "side": side, "sum": round(total, 3), "cells": int(cells)}
            for (period, side), (total, cells) in sorted(sums.items())]
    return rows, outside
