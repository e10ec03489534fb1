"""A short account of a timeline: areas at the start and end, rates per month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from frontline.layers.timeline import Timeline

__all__ = ["summarize"]


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def summarize(tl: Timeline) -> dict[str, Any]:
    """Areas per side and country at the start and end, and km²/day per month.

    Returns
    -------
    dict
        ``days``, ``start``, ``end``; ``areas``: rows of side, country, start and
        end km²; ``months``: rows of month, side, country, days, modelled
        km²/day (net), and the reported km²/day where an advance rate covers
        that month (with its report ids).
    """
    sc = tl.scenario
    first, last = tl.days[0], tl.days[-1]
    areas = []
    for side in sorted({s for s, _ in tl.areas[0]}):
        for country in sorted(tl.countries):
            start = tl.baseline_areas.get((side, country), 0.0)
            end = tl.areas[-1].get((side, country), 0.0)
            if start or end:
                areas.append({"side": side, "country": country, "start_km2": start,
                              "end_km2": end, "change_km2": end - start})
    days_in: dict[str, int] = defaultdict(int)
    for day in tl.days:
        days_in[_month(day)] += 1
    net: dict[tuple[str, str, str], float] = defaultdict(float)
    for c in tl.changes:
        net[(_month(c.day), c.side, c.country)] += c.area_km2
        net[(_month(c.day), c.from_side, c.country)] -= c.area_km2
    reported: dict[tuple[str, str, str], list[Any]] = defaultdict(lambda: [0.0, set()])
    for r in sc.reports:
        if r.kind != "advance_rate" or not (r.start and r.end and r.rate_km2_per_day):
            continue
        day = max(r.start, first)
        while day <= min(r.end, last):
            key = (_month(day), r.side, r.country or "")
            reported[key][0] += r.rate_km2_per_day
            reported[key][1].add(r.id)
            day += dt.timedelta(days=1)
    months = []
    for (month, side, country), value in sorted(net.items()):
        if value <= 0 and not any(k[:2] == (month, side) for k in reported):
            continue
        rep = reported.get((month, side, country))
        months.append({
            "month": month, "side": side, "country": country, "days": days_in[month],
            "modelled_km2_per_day": value / days_in[month],
            "reported_km2_per_day": rep[0] / days_in[month] if rep else None,
            "report_ids": sorted(rep[1]) if rep else [],
        })
    return {"days": len(tl.days), "start": first, "end": last, "areas": areas,
            "months": months, "notes": list(tl.notes)}
