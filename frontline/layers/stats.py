"""Area statistics from a GeoPackage: per side and country, per day, week or month.

Every number comes from the GeoPackage's layers (``control`` for the areas,
``gains`` for the first day's starting point, ``reports`` for the reported
rates), so the statistics of a file are the same whoever computes them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any, Literal

from frontline.layers.gpkg import as_date

__all__ = ["BUCKETS", "area_stats"]

Bucket = Literal["day", "week", "month"]
BUCKETS: tuple[str, ...] = ("day", "week", "month")


def _bucket(day: dt.date, by: str) -> str:
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day:%Y-%m}"


def area_stats(gpkg: str | Path, /, *, by: Bucket = "month") -> list[dict[str, Any]]:
    """Area at the start and end of each bucket, its change and km²/day, beside the reports.

    Parameters
    ----------
    gpkg : path-like
        A ``frontline.gpkg``.
    by : {'day', 'week', 'month'}

    Returns
    -------
    list of dict
        One row per bucket, side and country: ``period``, ``first``, ``last``,
        ``days``, ``side``, ``country``, ``start_km2`` (before the first day's
        changes), ``end_km2`` (after the last day's), ``change_km2``,
        ``km2_per_day``, and where an advance rate covers the bucket
        ``reported_km2_per_day`` (averaged over the bucket's days),
        ``difference_km2_per_day`` and ``report_ids``.
    """
    import pyogrio

    from frontline.layers.gpkg import pyogrio_config

    if by not in BUCKETS:
        raise ValueError(f"by must be one of {', '.join(BUCKETS)}, not {by!r}")
    with pyogrio_config({"GDAL_PAM_ENABLED": "NO"}):
        control = pyogrio.read_dataframe(gpkg, layer="control", read_geometry=False)
        gains = pyogrio.read_dataframe(gpkg, layer="gains", read_geometry=False)
        reports = pyogrio.read_dataframe(gpkg, layer="reports", read_geometry=False)
    countries = sorted(c[len("area_"):-len("_km2")].upper() for c in control.columns
                       if c.startswith("area_") and c.endswith("_km2") and c != "area_km2")
    days = sorted({as_date(d) for d in control["date"]})
    area: dict[tuple[dt.date, str, str], float] = {}
    for row in control.itertuples():
        for c in countries:
            area[(as_date(row.date), row.side, c)] = float(getattr(row, f"area_{c.lower()}_km2"))
    sides = sorted(set(control["side"]))
    # the area before the first day's changes: the first day's, less what changed that day
    before: dict[tuple[str, str], float] = {(s, c): area[(days[0], s, c)] for s in sides
                                            for c in countries}
    for g in gains.itertuples():
        if as_date(g.date) == days[0]:
            before[(g.side, g.country)] -= float(g.area_km2)
            before[(g.from_side, g.country)] += float(g.area_km2)
    rates: dict[tuple[dt.date, str, str], list[Any]] = defaultdict(lambda: [0.0, set()])
    for r in reports.itertuples():
        if r.kind != "advance_rate" or r.rate_km2_per_day is None or str(r.start) == "NaT":
            continue
        day, end = as_date(r.start), as_date(r.end)
        while day <= end:
            entry = rates[(day, r.side, str(r.country))]
            entry[0] += float(r.rate_km2_per_day)
            entry[1].add(r.id)
            day += dt.timedelta(days=1)
    buckets: dict[str, list[dt.date]] = defaultdict(list)
    for day in days:
        buckets[_bucket(day, by)].append(day)
    rows = []
    for period, members in buckets.items():
        first, last = members[0], members[-1]
        previous = first - dt.timedelta(days=1)
        for side in sides:
            for c in countries:
                start = before[(side, c)] if first == days[0] else area[(previous, side, c)]
                end = area[(last, side, c)]
                if start == 0 and end == 0:
                    continue
                n = len(members)
                row = {"period": period, "first": first, "last": last, "days": n,
                       "side": side, "country": c, "start_km2": round(start, 3),
                       "end_km2": round(end, 3), "change_km2": round(end - start, 3),
                       "km2_per_day": round((end - start) / n, 3),
                       "reported_km2_per_day": None, "difference_km2_per_day": None,
                       "report_ids": ""}
                covered = [rates[(d, side, c)] for d in members if (d, side, c) in rates]
                if covered:
                    reported = sum(e[0] for e in covered) / n
                    row["reported_km2_per_day"] = round(reported, 3)
                    row["difference_km2_per_day"] = round(row["km2_per_day"] - reported, 3)
                    row["report_ids"] = ",".join(sorted(set().union(*(e[1] for e in covered))))
                rows.append(row)
    return rows
