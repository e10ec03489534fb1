"""Where the front goes, against the reference map of each day (July to October 2024), with and
without the week's ``advance`` and ``fighting`` reports.

Run with ``python benchmarks/fronts.py [--month 2024-09 ...]``. It needs the calibration facts
in ``../shared/data/`` (see their README; the reference map never ships).

For each month it writes the scenario of ``placement.py`` (the month's net gain as a rate
toward the objectives the month's news named, and the captures of settlements of 2,000+
people on the days they changed side), but with the baseline as the reference map of the
month's first state (Russia's ground as polygons: the model starts where the reference does,
so what is measured is where it puts the month's ground), and, in the third row, the month's
weekly reports from ``weekly_advances_fighting_2024-07_2024-10.csv``: each ``advance`` (a
place near which Russia gained ground in the week) and each ``fighting`` place (on the front
at the week's end; no side, as the file has it) dated the week's last day. Against the
reference map of the month's last day it prints:

* ``front km``: the front displacement, the mean distance from each point of the model's
  front to the reference's, and from the reference's to the model's, averaged (km, in the
  model's equal-area projection; points every 250 m; the fronts are the edges of Russia's
  ground in Ukraine more than 3 km from Ukraine's outline: no state border, coast or edge of
  the theatre);
* ``IoU gains``: the ground Russia gained in the month in the model and in the reference,
  their intersection over their union;
* ``false`` / ``missed``: settlements the model moved to Russia with no report that did not
  change side / that changed side and the model left;
* ``area %``: the model's gain against the reference's (bookkeeping: the rate is met).

``no change`` is the first state kept as it was (its IoU is 0). These four months are the
calibration months: **tuned** figures.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from placement import DATA, GAIN_CSV, SIDES_CSV, changes_in, read_csv, scenario_text, side_on

REFERENCE = DATA / "occupied_daily_2024-07-07_2024-10-31.gpkg"
WEEKLY_CSV = DATA / "weekly_advances_fighting_2024-07_2024-10.csv"
D = dt.date.fromisoformat
#: Front lines nearer than this to Ukraine's outline (its borders, its coast, the theatre's
#: edge) are left out (m).
EDGE_M = 3_000.0
#: Points along the fronts, this far apart (m).
STEP_M = 250.0


def reference() -> dict[dt.date, Any]:
    import pyogrio

    frame = pyogrio.read_dataframe(REFERENCE, layer="occupied")
    return {D(str(day)[:10]): geom for day, geom in zip(frame["as_of"], frame.geometry,
                                                        strict=True)}


def weekly_reports(month: dict[str, str]) -> list[str]:
    """The month's weeks' advances and fighting as scenario reports, dated each week's end."""
    first, last = D(month["from_state_of"]), D(month["to_state_of"])
    out = []
    for n, row in enumerate(read_csv(WEEKLY_CSV)):
        end = D(row["week_end"])
        if not first < end <= last:
            continue
        side = f"side: {row['side']}, " if row["side"] else ""
        place = f"{{name: \"{row['name']}\", lat: {row['lat']}, lon: {row['lon']}}}"
        out.append(f"  - {{id: week-{n}, kind: {row['kind']}, {side}place: {place}, "
                   f"date: {end}, source: calibration}}")
    return out


def write_scenario(folder: Path, month: dict[str, str], rows: list[dict[str, str]],
                   start_ground: Any, weekly: bool) -> Path:
    """``placement.py``'s scenario, its baseline Russia's ground of the reference map."""
    text, table = scenario_text(month, rows)
    (folder / "ru.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {},
         "geometry": shapely.geometry.mapping(start_ground)}]}), encoding="utf-8")
    text = text.replace("  settlements: baseline.csv", "  polygons: {RU: ru.geojson}")
    if weekly:
        text = text.rstrip("\n") + "\n" + "\n".join(weekly_reports(month)) + "\n"
    (folder / "baseline.csv").write_text(table, encoding="utf-8")
    path = folder / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _within(ground: Any, country: Any) -> Any:
    from frontline.geo.geometry import intersection

    return intersection(ground, country)  # (polygons only: no stray lines or points)


def _front(ground: Any, country: Any) -> Any:
    """Russia's front in Ukraine: the edges of its ground there, away from Ukraine's outline."""
    edge = shapely.buffer(shapely.boundary(country), EDGE_M)
    return shapely.difference(shapely.boundary(ground), edge)


def _points(line: Any) -> Any:
    parts = [p for p in shapely.get_parts(shapely.line_merge(line)) if p.length > 0]
    return shapely.points(np.concatenate([
        shapely.get_coordinates(shapely.line_interpolate_point(
            part, np.arange(0, part.length, STEP_M))) for part in parts])) if parts else None


def displacement_km(a: Any, b: Any) -> float:
    """The mean distance, both ways, between two fronts (km)."""
    pa, pb = _points(a), _points(b)
    if pa is None or pb is None:
        return float("nan")
    return float(np.mean(np.concatenate([shapely.distance(pa, b), shapely.distance(pb, a)]))) / 1e3


#: The half-width rules tried for the band (--band): name -> km from the nearest pin -> km.
WIDTHS: dict[str, Any] = {}


def _band(tl: Any, sc: Any, country: Any, variant: str, first: dt.date) -> dict[str, Any]:
    """The band of the last day and, per rule tried, the share of the reference's front
    inside it (filled in by :func:`measure` once the reference front is known)."""
    from frontline.model.band import BandMaker, baseline_front, pins

    fixed = baseline_front(tl.baseline)
    front = fixed if variant == "no change" else tl.fronts[-1]
    point_of = {r.id: tl.projection.point(r.place.lon, r.place.lat)
                for r in sc.reports if r.place is not None}
    at = [] if variant == "no change" else pins(sc.reports, tl.days[-1], point_of)
    theatre = shapely.union_all(list(tl.countries.values()))
    out: dict[str, Any] = {"bands": {}}
    for name, rule in {"thresholds": None, **WIDTHS}.items():
        band = BandMaker(fixed, theatre, rule).band(front, at)
        out["bands"][name] = band
    return out


def measure(month: dict[str, str], rows: list[dict[str, str]], ref: dict[dt.date, Any],
            variant: str) -> dict[str, Any]:
    from frontline.model import build_timeline
    from frontline.scenario import load_scenario

    first, last = D(month["from_state_of"]), D(month["to_state_of"])
    with tempfile.TemporaryDirectory() as tmp:
        path = write_scenario(Path(tmp), month, rows, ref[first], variant == "weekly")
        sc = load_scenario(path)
        t0 = time.perf_counter()
        tl = build_timeline(sc)
        seconds = time.perf_counter() - t0
    proj, country = tl.projection, tl.countries["UA"]
    start = _within(shapely.make_valid(proj.to_proj(ref[first])), country)
    truth = _within(shapely.make_valid(proj.to_proj(ref[last])), country)
    # (the model's own start: the reference's on the model's grid)
    own = _within(tl.baseline["RU"], country)
    model = own if variant == "no change" else _within(tl.control[-1]["RU"], country)
    gain_model, gain_true = shapely.difference(model, own), shapely.difference(truth, start)
    union = shapely.union(gain_model, gain_true).area
    reported = {r.place.id for r in sc.reports if r.kind == "capture" and r.place}
    false = missed = 0
    for r in rows:
        before, after = side_on(r, first), side_on(r, last)
        point = shapely.Point(proj.point(float(r["lon"]), float(r["lat"])))
        if not country.covers(point):
            continue
        was = "RU" if own.covers(point) else "UA"  # (the model's own start)
        now = "RU" if model.covers(point) else "UA"
        if now != was and after == before and int(r["geonameid"]) not in reported:
            false += 1
        if after != before and changes_in(r, first + dt.timedelta(days=1), last) and now == was:
            missed += 1
    band = _band(tl, sc, country, variant, first)
    return {
        **band,
        "front": displacement_km(_front(model, country), _front(truth, country)),
        "iou": shapely.intersection(gain_model, gain_true).area / union if union else 0.0,
        "false": false, "missed": missed,
        "area": 100 * (gain_model.area - gain_true.area) / gain_true.area
        if gain_true.area else 0.0,
        "seconds": seconds if variant != "no change" else 0.0,
        "inside": {name: _inside(band, _front(truth, country))
                   for name, band in band["bands"].items()},
        "width": {name: (b.width_km if b else float("nan"))
                  for name, b in band["bands"].items()},
    }


def _inside(band: Any, front: Any) -> float:
    """The share of ``front``'s length (points every STEP_M) inside ``band``."""
    points = _points(front)
    if band is None or points is None:
        return float("nan")
    return float(np.mean(shapely.covers(band.geometry, points)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--month", action="append", default=None)
    parser.add_argument("--band", action="append", default=[], metavar="MIN,GROWTH,MAX",
                        help="also try this half-width rule for the band (km, km per km, km)")
    parser.add_argument("--uniform", action="append", default=[], type=float, metavar="KM",
                        help="also try a band of this half-width everywhere")
    args = parser.parse_args()
    for rule in args.band:
        lo, growth, hi = (float(v) for v in rule.split(","))
        WIDTHS[rule] = (lambda u, lo=lo, growth=growth, hi=hi:
                        np.minimum(lo + growth * np.nan_to_num(u, posinf=1e9), hi))
    for km in args.uniform:
        WIDTHS[f"uniform {km}"] = (lambda u, km=km: np.full(len(u), km))
    rows = read_csv(SIDES_CSV)
    ref = reference()
    months = [m for m in read_csv(GAIN_CSV) if not args.month or m["month"] in args.month]
    print(f"{'month':8} {'scenario':22} {'front km':>9} {'IoU gains':>9} {'false':>6} "
          f"{'missed':>6} {'area %':>7} {'model s':>8}")
    totals: dict[str, list[dict[str, Any]]] = {}
    labels = {"no change": "no change", "news": "news-like", "weekly": "news-like + weekly"}
    for month in months:
        for variant, label in labels.items():
            res = measure(month, rows, ref, variant)
            totals.setdefault(variant, []).append(res)
            print(f"{month['month']:8} {label:22} {res['front']:9.2f} {res['iou']:9.2f} "
                  f"{res['false']:6d} {res['missed']:6d} {res['area']:7.1f} "
                  f"{res['seconds']:8.1f}")
    for variant, label in labels.items():
        runs = totals[variant]
        print(f"{'mean':8} {label:22} {np.mean([r['front'] for r in runs]):9.2f} "
              f"{np.mean([r['iou'] for r in runs]):9.2f} {sum(r['false'] for r in runs):6d} "
              f"{sum(r['missed'] for r in runs):6d}")
    print("\nthe band on each month's last day: the share of the reference's front inside it, "
          "and its mean width (km)")
    for variant, label in labels.items():
        runs = totals[variant]
        for name in runs[0]["inside"]:
            inside = [r["inside"][name] for r in runs]
            width = [r["width"][name] for r in runs]
            print(f"{label:22} {name:16} " + "  ".join(
                f"{100 * i:5.1f}% {w:4.2f}" for i, w in zip(inside, width, strict=True))
                + f"   mean {100 * np.nanmean(inside):5.1f}% {np.nanmean(width):4.2f} km")
    with WEEKLY_CSV.open(encoding="utf-8") as fh:
        kinds = [row["kind"] for row in csv.DictReader(fh)]
    print(f"\n(the weekly file: {kinds.count('advance')} advance and {kinds.count('fighting')} "
          "fighting reports over the four months)")


if __name__ == "__main__":
    main()
