"""Where the model puts ground, against where it really changed hands (July to October 2024).

Run with ``python benchmarks/placement.py [--model NAME ...]``. It needs the
calibration facts in ``../shared/data/`` (see their README): who held each of
725 settlements near the front from 2024-07-07 to 2024-10-31, Russia's monthly
net gain, and each month's gross gains per direction hub.

For each month it writes the scenario a news reader would write (the harness
writes it; nothing is fitted to the answer):

* the baseline: the 725 settlements with the side holding each at the state
  the month starts from (their coordinates given, so no name is guessed);
* the month's rate: Russia's net gain of Ukrainian ground that month, as
  km²/day over the month's days, toward three to seven objectives that the
  news of that month named (chosen below, with a comment each);
* reported captures: every settlement of 2,000+ people that changed side in
  the month, on the day it first changed.

and measures, against what happened:

* ``share err``: the sum over the 14 direction hubs of the absolute difference
  between the model's share and the true share of the month's gross Russian
  gain, in % of the gain (each piece of ground counted at its nearest hub);
* ``false``: settlements the model moved to the other side with no report that
  did not change side (``false 5k+``: those of 5,000+ people);
* ``missed``: settlements that changed side that the model left where they were;
* ``area err``: the modelled gain (the rate's advance, pockets and captures) against
  the month's net gain.

for each model asked for, and for the peer that changes nothing.

A last row per month, ``named``, is no model but a bound on what the scenario
can say about directions: the month's gain split equally between the places it
names for Russia (the objectives and the reported captures), each share put at
the hub nearest the place. A model that reads no more than the scenario gives
and treats named places alike lands near it, whatever its geometry.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import shapely

from buffer_model import MODELS

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SIDES_CSV = DATA / "settlement_sides_2024-07-07_2024-10-31.csv"
GAIN_CSV = DATA / "monthly_gain_2024-07_2024-10.csv"
DIRECTION_CSV = DATA / "monthly_gain_by_direction_2024-07_2024-10.csv"
D = dt.date.fromisoformat

#: The objectives a reader of each month's news would have written down. Chosen from what
#: the reporting of the month named as the places Russian forces were pushing toward, not
#: from where the ground changed hands.
OBJECTIVES = {
    # July: the push along the Ocheretyne salient toward Pokrovsk, the fight for Toretsk and
    # Chasiv Yar, the Kupiansk axis
    "2024-07": ["Pokrovsk", "Toretsk", "Chasiv Yar", "Kupyansk"],
    # August: the rapid advance on Pokrovsk through Novohrodivka toward Selydove and
    # Myrnohrad; Niu-York and Toretsk; the Kupiansk axis
    "2024-08": ["Pokrovsk", "Novohrodivka", "Selydove", "Toretsk", "Kupyansk"],
    # September: the ISW assessment - the Pokrovsk and Kurakhove directions
    "2024-09": ["Selydove", "Ukrayinsk", "Hirnyk", "Kurakhove", "Vuhledar"],
    # October: Kurakhove after Vuhledar, Selydove, Toretsk, and the Oskil near Kupiansk
    "2024-10": ["Kurakhove", "Selydove", "Toretsk", "Kupyansk", "Velyka Novosilka"],
}
#: Reported captures: settlements of at least this many people that changed side.
REPORTED_POPULATION = 2_000
BIG_TOWN = 5_000


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def side_on(row: dict[str, str], day: dt.date) -> str:
    """The side holding a settlement at the end of ``day``."""
    side = row["side_2024-07-07"]
    for change in filter(None, row["changes"].split(";")):
        when, who = change.split(":")
        if D(when) <= day:
            side = who
    return side


def changes_in(row: dict[str, str], first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    out = []
    for change in filter(None, row["changes"].split(";")):
        when, who = change.split(":")
        if first <= D(when) <= last:
            out.append((D(when), who))
    return out


def scenario_text(month: dict[str, str], rows: list[dict[str, str]]) -> tuple[str, str]:
    """The month's scenario (YAML) and baseline table (CSV)."""
    base = D(month["from_state_of"])
    start, end = base + dt.timedelta(days=1), D(month["to_state_of"])
    days = (end - start).days + 1
    table = ["name,oblast,side,lat,lon"]
    for r in rows:
        table.append(f"\"{r['name']}\",\"{r['oblast']}\",{side_on(r, base)},{r['lat']},{r['lon']}")
    reports = [
        f"  - {{id: rate, kind: advance_rate, side: RU, start: {start}, end: {end}, "
        f"area_km2: {float(month['gain_km2']):.1f}, country: UA, "
        f"toward: [{', '.join(OBJECTIVES[month['month']])}], source: calibration}}"]
    for r in rows:
        if int(r["population"] or 0) < REPORTED_POPULATION:
            continue
        for n, (when, who) in enumerate(changes_in(r, start, end)):
            place = f"{{name: \"{r['name']}\", lat: {r['lat']}, lon: {r['lon']}}}"
            reports.append(f"  - {{id: cap-{r['geonameid']}-{n}, kind: capture, side: {who}, "
                           f"place: {place}, date: {when}, source: calibration}}")
    text = f"""name: calibration {month['month']}
theatre: {{countries: [UA, RU], margin_km: 100}}
period: {{start: {start}, end: {end}}}
sides:
  - {{id: RU, name: Russia, colour: "#c0392b", country: RU}}
  - {{id: UA, name: Ukraine, colour: "#1f5fa8", country: UA}}
baseline:
  date: {base}
  settlements: baseline.csv
reports:
{chr(10).join(reports)}
"""
    assert days > 0
    return text, "\n".join(table) + "\n"


def hub_cells(hubs: list[tuple[str, float, float]], proj: Any) -> list[Any]:
    """The ground nearest each hub (projected), in the order of ``hubs``."""
    points = shapely.multipoints([proj.point(lon, lat) for _, lat, lon in hubs])
    return list(shapely.get_parts(shapely.voronoi_polygons(points, extend_to=shapely.box(
        -3e6, -3e6, 3e6, 3e6), ordered=True)))


def hub_shares(geoms: list[Any], hubs: list[tuple[str, float, float]], proj: Any
               ) -> dict[str, float]:
    """Area of the ground nearest each hub, km²."""
    cells = hub_cells(hubs, proj)
    ground = shapely.union_all(geoms) if geoms else shapely.Polygon()
    return {name: float(shapely.intersection(ground, cell).area) / 1e6
            for (name, _, _), cell in zip(hubs, cells, strict=True)}


def share_error(model: dict[str, float], truth: dict[str, float]) -> float:
    m_total, t_total = sum(model.values()), sum(truth.values())
    if m_total <= 0:
        return 100.0
    return 100 * sum(abs(model.get(h, 0) / m_total - truth.get(h, 0) / t_total)
                     for h in set(model) | set(truth))


def named_split(month: dict[str, str], rows: list[dict[str, str]],
                hubs: list[tuple[str, float, float]], proj: Any) -> dict[str, float]:
    """The month's gain split equally between the places the scenario names for Russia,
    each share at the hub nearest the place (the ``named`` row)."""
    from frontline.geo import Gazetteer

    gaz = Gazetteer.default()
    start, end = D(month["from_state_of"]) + dt.timedelta(days=1), D(month["to_state_of"])
    points = [(p.lon, p.lat) for p in (gaz.lookup(name, country="UA", best=True).place
                                       for name in OBJECTIVES[month["month"]])]
    points += [(float(r["lon"]), float(r["lat"])) for r in rows
               if int(r["population"] or 0) >= REPORTED_POPULATION
               and any(who == "RU" for _, who in changes_in(r, start, end))]
    cells = hub_cells(hubs, proj)
    shares: dict[str, float] = defaultdict(float)
    for lon, lat in points:
        point = shapely.Point(proj.point(lon, lat))
        name = next(h[0] for h, cell in zip(hubs, cells, strict=True) if cell.covers(point))
        shares[name] += 1.0
    return dict(shares)


def evaluate(month: dict[str, str], rows: list[dict[str, str]], model: str,
             hubs: list[tuple[str, float, float]], truth: dict[str, float]) -> dict[str, Any]:
    from frontline.model import build_timeline
    from frontline.scenario import load_scenario

    text, table = scenario_text(month, rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "baseline.csv").write_text(table, encoding="utf-8")
        (folder / "s.yaml").write_text(text, encoding="utf-8")
        sc = load_scenario(folder / "s.yaml")
        t0 = time.perf_counter()
        tl = build_timeline(sc, advance=MODELS[model]) if model != "no change" else None
        seconds = time.perf_counter() - t0
    start, end = sc.start, sc.end
    reported = {r.place.id for r in sc.reports if r.kind == "capture" and r.place}
    false = false_big = missed = 0
    flipped: list[str] = []
    for r in rows:
        before, after = side_on(r, start - dt.timedelta(days=1)), side_on(r, end)
        if tl is None:
            modelled = before
        else:
            # the model's own start: a settlement on the state border that the country's
            # outline leaves on the other side is not a move of the model
            point = shapely.Point(tl.projection.point(float(r["lon"]), float(r["lat"])))
            at_start = next((s for s, g in tl.baseline.items() if g.covers(point)), before)
            modelled = tl.holder(float(r["lon"]), float(r["lat"]), end) or at_start
            if at_start != before:
                modelled = before if modelled == at_start else modelled
        if modelled != before and after == before and int(r["geonameid"]) not in reported:
            false += 1
            false_big += int(r["population"] or 0) >= BIG_TOWN
            flipped.append(f"{r['name']} ({int(r['population'] or 0):,})")
        if after != before and modelled == before:
            missed += 1
    if tl is None:
        shares: dict[str, float] = {}
        gained = 0.0
    else:
        gains = [c.geom for c in tl.changes if c.side == "RU" and c.country == "UA"]
        shares = hub_shares(gains, hubs, tl.projection)
        # all the ground the model gave Russia in Ukraine in the month: the rate's advance,
        # the pockets it closed in, and the reported captures (the rate's net gain includes
        # them; a model that adds them on top overshoots)
        gained = sum(tl.gained_km2("RU", start, end, cause=cause, country="UA")
                     for cause in ("advance_rate", "encircled", "capture"))
    rate = float(month["gain_km2"])
    return {"share": share_error(shares, truth), "false": false, "false_big": false_big,
            "missed": missed, "area": 100 * (gained - rate) / rate if tl else -100.0,
            "seconds": seconds, "shares": shares, "flipped": flipped,
            "projection": tl.projection if tl else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", action="append", default=None,
                        help="models to measure (default: the wave and the buffer model)")
    parser.add_argument("--month", action="append", default=None)
    parser.add_argument("--detail", action="store_true", help="print the shares per hub")
    args = parser.parse_args()
    models = ["no change", *(args.model or MODELS)]
    rows = read_csv(SIDES_CSV)
    months = [m for m in read_csv(GAIN_CSV) if not args.month or m["month"] in args.month]
    by_direction = read_csv(DIRECTION_CSV)
    hubs = sorted({(r["direction"], float(r["lat"]), float(r["lon"])) for r in by_direction})
    print(f"{'month':8} {'model':10} {'share err %':>11} {'false':>6} {'false 5k+':>9} "
          f"{'missed':>6} {'area err %':>10} {'model s':>8}")
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for month in months:
        proj = None
        truth = {r["direction"]: float(r["gain_km2"]) for r in by_direction
                 if r["month"] == month["month"] and r["side"] == "RU"}
        for model in models:
            res = evaluate(month, rows, model, hubs, truth)
            print(f"{month['month']:8} {model:10} {res['share']:11.1f} {res['false']:6d} "
                  f"{res['false_big']:9d} {res['missed']:6d} {res['area']:10.2f} "
                  f"{res['seconds']:8.1f}")
            if args.detail and res["flipped"]:
                print(f"{'':20}false flips: {', '.join(res['flipped'])}")
            if args.detail and res["shares"]:
                total = sum(res["shares"].values()) or 1
                t_total = sum(truth.values())
                for hub in sorted(truth, key=lambda h: -truth[h]):
                    print(f"{'':20}{hub:18} model {100 * res['shares'].get(hub, 0) / total:5.1f}%"
                          f"  true {100 * truth[hub] / t_total:5.1f}%")
            for key in ("share", "false", "false_big", "missed", "seconds"):
                totals[model][key] += res[key]
            proj = res["projection"]
        if proj is not None:
            named = share_error(named_split(month, rows, hubs, proj), truth)
            totals["named"]["share"] += named
            print(f"{month['month']:8} {'named':10} {named:11.1f}")
    for model in models:
        t = totals[model]
        print(f"{'total':8} {model:10} {t['share'] / len(months):11.1f} {t['false']:6.0f} "
              f"{t['false_big']:9.0f} {t['missed']:6.0f} {'':>10} {t['seconds']:8.1f}"
              "   (share err: mean of the months)")
    if "named" in totals:
        print(f"{'total':8} {'named':10} {totals['named']['share'] / len(months):11.1f}"
              "   (the gain split equally between the places named: no model)")


if __name__ == "__main__":
    main()
