"""Build time: the demo, and a synthetic year with monthly rates and 50 captures; cold and
incremental.

Run with ``python benchmarks/build.py [--model NAME ...] [--no-incremental]``. It prints, in
one run:

1. the embedded demo (64 days, 680 settlements, Ukraine and Russia's borders):
   scenario loading, modelling (with each model asked for, by default the wave
   and the buffer model kept as its peer in ``buffer_model.py``, with the ratio to
   the first) and writing, each timed;
2. a synthetic scenario on two square countries (tests/synthetic.py) with a
   rate each month and 50 captures, modelled for 30, 90 and 365 days, with
   the time per day, to show how time grows with the period;
3. incremental builds (:mod:`frontline.model.resume`): each scenario built whole
   (every output: GeoPackage, map, raster) with an empty model cache, then again
   after one change, with the cache: the demo with a capture added on 2024-10-10
   and with its period grown by a day (a day's report), the synthetic year with a
   capture added on its last day, and with a report's source retitled (the ground
   as it was: the map's pieces are taken from the memo). Each rebuild is timed
   whole and for the model alone, and set against the cold build of the same
   scenario (its peer: the same build from nothing, which is what a rebuild did
   before the cache).

Aims (issue 29), on a 2-core machine: the demo's load + model + GeoPackage within
5 s, the 365-day scenario's model + write within 15 s, a rebuild of the demo
after a capture on 2024-10-10 within a third of a cold build, and of the
synthetic year after a capture on its last day within 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import synthetic as S
from buffer_model import MODELS
from frontline.layers import build, demo_scenario_path
from frontline.layers.gpkg import write_gpkg
from frontline.model import ModelCache, build_timeline
from frontline.scenario import load_scenario

START = dt.date(2024, 1, 1)
T = TypeVar("T")


def year_reports(days: int) -> str:
    """A rate each month (10 to 21 km²/day) and 50 captures spread over the year."""
    end = START + dt.timedelta(days=days - 1)
    lines = []
    month = START
    i = 0
    while month <= end:
        nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        last = min(nxt - dt.timedelta(days=1), end)
        lines.append(f"  - {{id: rate-{month:%Y-%m}, kind: advance_rate, side: RU, "
                     f"start: {month}, end: {last}, rate_km2_per_day: {10 + i % 12}, "
                     f"source: synthetic}}")
        month, i = nxt, i + 1
    # UA-held settlements nearest the front, captured one by one through the year
    rows = sorted((r for r in S.grid_settlements() if r["side"] == "UA"),
                  key=lambda r: (-r["lon"], r["lat"]))[:50]
    for n, row in enumerate(rows):
        day = START + dt.timedelta(days=7 * (n + 1))
        if day <= end:
            lines.append(f"  - {{id: cap-{n:02d}, kind: capture, side: RU, place: {row['name']}, "
                         f"date: {day}, source: synthetic}}")
    return "\n".join(lines)


def timed(label: str, func: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    start = time.perf_counter()
    out = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"   {label:<28}{seconds:8.2f} s")
    return out, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", action="append", choices=MODELS, default=None)
    parser.add_argument("--no-incremental", action="store_true",
                        help="leave out the incremental builds (3.)")
    args = parser.parse_args()
    models = args.model or list(MODELS)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print("1. demo (Ukraine and Kursk, 2024-08-31 to 2024-11-02)")
        sc, t_load = timed("load and resolve", load_scenario, demo_scenario_path())
        seconds = {}
        for model in models:
            tl_m, seconds[model] = timed(f"model 64 days ({model})", build_timeline, sc,
                                         advance=MODELS[model])
            if model == models[0]:
                tl = tl_m
        _, t_write = timed("write GeoPackage", write_gpkg, tl, root / "frontline.gpkg")
        print(f"   {'total (' + models[0] + ')':<28}{t_load + seconds[models[0]] + t_write:8.2f} s")
        for model in models[1:]:
            print(f"   model time {models[0]} / {model}: "
                  f"{seconds[models[0]] / seconds[model]:.2f}")
        print()

        print(f"2. synthetic: monthly rates and 50 captures ({models[0]})")
        print(f"   {'days':>6} {'model s':>9} {'write s':>9} {'ms/day':>8} {'captures':>9}")
        for days in (30, 90, 365):
            folder = root / f"syn{days}"
            folder.mkdir()
            end = START + dt.timedelta(days=days - 1)
            path = S.write_scenario(folder, start=str(START), end=str(end),
                                    reports=year_reports(days))
            sc = load_scenario(path)
            start = time.perf_counter()
            tl = build_timeline(sc, advance=MODELS[models[0]])
            model_s = time.perf_counter() - start
            start = time.perf_counter()
            write_gpkg(tl, folder / "frontline.gpkg")
            write = time.perf_counter() - start
            captures = sum(1 for r in sc.reports if r.kind == "capture")
            print(f"   {days:>6} {model_s:9.2f} {write:9.2f} {1000 * model_s / days:8.1f} "
                  f"{captures:>9}")
            if tl.notes:
                print(f"          notes: {len(tl.notes)} (first: {tl.notes[0]})")
        print("\n   aim: 365 days within 15 s (model + write)")
        if not args.no_incremental:
            print()
            incremental(root)


def _rebuild(folder: Path, label: str, cache: ModelCache | None) -> float:
    """Build the scenario in ``folder`` (every output); print and return the time."""
    scenario = folder / "scenario.yaml"
    model: list[float] = []

    def progress(message: str, fraction: float) -> None:
        if message in ("theatre", "making the layers"):
            model.append(time.perf_counter())

    start = time.perf_counter()
    result = build(scenario, folder / "out", tiles="none", cache=cache, progress=progress)
    seconds = time.perf_counter() - start
    print(f"   {label:<44}{seconds:8.2f} s   model {model[-1] - model[0]:6.2f} s"
          f"   days from the cache {result.reused_days:4d}")
    return seconds


def incremental(root: Path) -> None:
    """3.: a cold build with an empty cache, and a rebuild after one change, set against
    the cold build of the changed scenario."""
    print("3. incremental builds: every output; cold (empty cache), then after one change")
    demo = root / "demo-inc"
    source = demo_scenario_path()
    demo.mkdir()
    for f in source.parent.iterdir():
        if f.suffix in (".yaml", ".csv"):
            (demo / ("scenario.yaml" if f == source else f.name)).write_bytes(f.read_bytes())
    text = (demo / "scenario.yaml").read_text()
    anchor = "  - id: selydove-capture\n"
    capture = ("  - {id: hirnyk, kind: capture, side: RU, place: Hirnyk, date: 2024-10-10,\n"
               "     source: {title: Hirnyk}}\n")
    year = root / "syn365"  # (written by 2.)
    year_text = (year / "scenario.yaml").read_text()
    last = (START + dt.timedelta(days=364)).isoformat()
    row = sorted((r for r in S.grid_settlements() if r["side"] == "UA"),
                 key=lambda r: (-r["lon"], r["lat"]))[60]
    cases = [
        (demo, text, "demo, a capture added on 2024-10-10",
         text.replace(anchor, capture + anchor)),
        (demo, text, "demo, the period grown by a day",
         text.replace("end: 2024-11-02", "end: 2024-11-03", 1)),
        (year, year_text, "synthetic year, a capture on its last day",
         year_text + f"\n  - {{id: last, kind: capture, side: RU, place: {row['name']}, "
                     f"date: {last}, source: synthetic}}"),
        (year, year_text, "synthetic year, a report's source retitled",
         year_text.replace("date: 2024-03-04, source: synthetic",
                           "date: 2024-03-04, source: {title: a second look}", 1)),
    ]
    for folder, before, label, after in cases:
        cache = ModelCache(root / f"cache-{folder.name}-{len(label)}")
        (folder / "scenario.yaml").write_text(before)
        _rebuild(folder, "cold, filling the cache", cache)
        (folder / "scenario.yaml").write_text(after)
        warm = _rebuild(folder, label, cache)
        cold = _rebuild(folder, "the same, cold (the peer)", None)
        print(f"   rebuild / cold build: {warm / cold:.2f}")


if __name__ == "__main__":
    main()
