"""Resolving a rate's objectives: each name alone, and among the report's other places.

Run with ``python benchmarks/objectives.py``. The data,
``benchmarks/data/objective_groups.csv``, was written and frozen before the rule
it measures: 21 groups of places that real reporting of 2022-2024 named together
as one axis of advance, 60 names, each with the oblast it lies in. Each group
is read as the objectives of one ``advance_rate`` report, against
the baseline front of an embedded example (the invasion's for 2022, the autumn's
for 2024), as a scenario's reader reads a rate's ``toward:`` (``ReportContext.places``).

A name is *right* when it resolves to a place of its oblast, *asked* when the
reading stops with an error that asks for its oblast (ambiguous, or resolved far
from the front and from the other places), *wrong* when it resolves elsewhere
without a word, *missing* when the gazetteer has no place of that name. The peer
is the same reading with each name looked up on its own, near the front only
(what a scenario got before the report's other places were used). The last row
is the whole of validation: each group appended to its example as a rate report,
the file loaded as ``frontline validate`` loads it.
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from frontline.errors import ScenarioError
from frontline.geo.geocode import Gazetteer
from frontline.layers.build import demo_scenario_path
from frontline.scenario import load_scenario
from frontline.scenario.reports import read_objectives

HERE = Path(__file__).resolve().parent
GROUPS = HERE / "data" / "objective_groups.csv"


def read_groups() -> dict[tuple[str, str], list[dict[str, str]]]:
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    with GROUPS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            groups[(row["group"], row["baseline"])].append(row)
    return groups


def score(gaz: Gazetteer, groups: dict[tuple[str, str], list[dict[str, str]]],
          *, together: bool) -> tuple[Counter[str], list[str]]:
    """Outcome of every name: as one report's objectives, or each read on its own."""
    scenarios: dict[str, Any] = {}
    outcome: Counter[str] = Counter()
    lines: list[str] = []
    for (group, example), rows in groups.items():
        if example not in scenarios:
            scenarios[example] = load_scenario(demo_scenario_path(example), gazetteer=gaz)
        sc = scenarios[example]
        names = [r["name"] for r in rows]
        read = read_objectives(names, sc, gaz, together=together)
        results = [_outcome(place, problem) for place, problem in read]
        for row, (kind, place) in zip(rows, results, strict=True):
            outcome[_judge(kind, place, row, group, lines)] += 1
    return outcome, lines


def _judge(kind: str, place: Any, row: dict[str, str], group: str, lines: list[str]) -> str:
    """A found place is 'right' in its oblast, else 'wrong' (said in ``lines``)."""
    if kind != "found":
        return kind
    if place.admin1_name == row["oblast"]:
        return "right"
    lines.append(f"  group {group}: {row['name']} -> {place.label()} (expected {row['oblast']})")
    return "wrong"


def _outcome(place: Any, problem: Any) -> tuple[str, Any]:
    """'found' with the place, or why not: 'asked' (ambiguous) or 'missing'."""
    if problem is not None:
        return ("asked" if "ambiguous" in problem.message else "missing"), None
    return ("found", place) if place is not None else ("missing", None)


def validate(gaz: Gazetteer, groups: dict[tuple[str, str], list[dict[str, str]]]
             ) -> tuple[Counter[str], list[str]]:
    """Outcome of every name when the groups are rates of their example, loaded whole."""
    outcome: Counter[str] = Counter()
    lines: list[str] = []
    for example in sorted({e for _, e in groups}):
        mine = {g: rows for (g, e), rows in groups.items() if e == example}
        src = demo_scenario_path(example)
        sc = load_scenario(src, gazetteer=gaz)
        first = len(sc.reports)
        added = "".join(
            f"  - {{id: heldout-{g}, kind: advance_rate, side: {sc.sides[0].id}, "
            f"start: {sc.start}, end: {sc.end}, rate_km2_per_day: 1, "
            f"toward: [{', '.join(r['name'] for r in rows)}], source: held-out}}\n"
            for g, rows in mine.items())
        with tempfile.TemporaryDirectory() as tmp:
            for f in src.parent.iterdir():
                if f.suffix == ".csv":
                    shutil.copy(f, tmp)
            path = Path(tmp) / src.name
            path.write_text(src.read_text(encoding="utf-8").rstrip() + "\n" + added,
                            encoding="utf-8")
            try:
                loaded, problems = load_scenario(path, gazetteer=gaz), []
            except ScenarioError as exc:
                loaded, problems = None, exc.problems
        errors = set()
        for p in problems:
            m = re.match(r"reports\[(\d+)\]\.toward\[(\d+)\]", p.field)
            if p.severity == "error" and m:
                errors.add((int(m[1]) - first, int(m[2])))
        for k, (g, rows) in enumerate(mine.items()):
            places = loaded.reports[first + k].toward if loaded is not None else \
                [p for p, _ in read_objectives([r["name"] for r in rows], sc, gaz)]
            for i, row in enumerate(rows):
                kind = "asked" if (k, i) in errors else "found"
                outcome[_judge(kind, places[i], row, g, lines)] += 1
    return outcome, lines


def main() -> None:
    gaz = Gazetteer.default()
    groups = read_groups()
    n = sum(len(rows) for rows in groups.values())
    print(f"{len(groups)} groups, {n} names (benchmarks/data/objective_groups.csv, held out)")
    for label, how in (("each name on its own, near the front (peer)", False),
                       ("among the report's other places", True),
                       ("the whole of validation", None)):
        t = time.perf_counter()
        outcome, lines = score(gaz, groups, together=how) if how is not None else \
            validate(gaz, groups)
        ms = (time.perf_counter() - t) * 1000
        print(f"{label}: " + ", ".join(f"{k} {outcome[k]}" for k in
                                      ("right", "asked", "wrong", "missing"))
              + f" ({outcome['right'] / n:.1%} right; {ms:,.0f} ms)")
        for line in lines:
            print(line)


if __name__ == "__main__":
    main()
