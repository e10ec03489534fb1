"""Build time: the demo, and a synthetic year with monthly rates and 50 captures.

Run with ``python benchmarks/build.py [--model NAME ...]``. It prints, in one run:

1. the embedded demo (64 days, 680 settlements, Ukraine and Russia's borders):
   scenario loading, modelling (with each model asked for, by default the wave
   and the buffer model kept as its peer in ``buffer_model.py``, with the ratio to
   the first) and writing, each timed;
2. a synthetic scenario on two square countries (tests/synthetic.py) with a
   rate each month and 50 captures, modelled for 30, 90 and 365 days, with
   the time per day, to show how time grows with the period.

Target (issue 3): the 365-day scenario within 30 s on a 2-core machine, and
close to linear growth.
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
from frontline.layers import demo_scenario_path
from frontline.layers.gpkg import write_gpkg
from frontline.model import build_timeline
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
    models = parser.parse_args().model or list(MODELS)
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
        print("\n   target: 365 days within 30 s (model + write)")


if __name__ == "__main__":
    main()
