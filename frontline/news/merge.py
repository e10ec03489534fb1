"""Adding extracted reports to a scenario file, keeping its comments and layout.

:func:`plan_merge` works out what ``frontline extract --into`` would do: which
reports are new (a report the scenario already has, once its place is
resolved, or one outside its period, is left out), the new text of the file,
the diff, and whether the scenario would still validate. :meth:`MergePlan.apply`
then rewrites the file in one step.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from frontline._atomic import write_text_atomic
from frontline.errors import FrontlineError, Problem, ScenarioError
from frontline.geo.geocode import Gazetteer
from frontline.news.writer import reports_yaml
from frontline.scenario import Scenario, load_scenario

__all__ = ["MergePlan", "check_scenario_text", "merge_into_scenario", "plan_merge",
           "same_claim"]


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("kind", "side", "place", "region", "date", "start", "end")

    def norm(v: Any) -> str:
        return str(v).strip().lower() if v is not None else ""

    return all(norm(a.get(k)) == norm(b.get(k)) for k in keys)


def merge_into_scenario(
    text: str,
    reports: list[dict[str, Any]],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    same_place: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None,
) -> tuple[str, list[dict[str, Any]], list[tuple[dict[str, Any], str]]]:
    """Append reports to a scenario's text, keeping its comments and layout.

    Parameters
    ----------
    text : str
        The scenario file's text.
    reports : list of dict
        Reports in the scenario format.
    start, end : date, optional
        The scenario's period: reports outside it are left out.
    same_place : callable, optional
        ``(new, existing) -> bool``: whether two reports are the same claim
        (default: same kind, side, place, region and dates as written).

    Returns
    -------
    (new_text, added, skipped)
        ``skipped`` pairs each left-out report with the reason.
    """
    data = yaml.safe_load(text) or {}
    existing = [r for r in (data.get("reports") or []) if isinstance(r, dict)]
    used_ids = {str(r.get("id")) for r in existing}
    same = same_place or _same
    added: list[dict[str, Any]] = []
    skipped: list[tuple[dict[str, Any], str]] = []
    for r in reports:
        when_a = r.get("date") or r.get("start")
        when_b = r.get("date") or r.get("end")
        if start and end and when_a and when_b and (when_b < start or when_a > end):
            skipped.append((r, f"outside the period {start}..{end}"))
            continue
        if any(same(r, e) for e in existing + added):
            skipped.append((r, "already in the scenario"))
            continue
        r = dict(r)
        base, n = str(r["id"]), 2
        while r["id"] in used_ids:
            r["id"], n = f"{base}-{n}", n + 1
        used_ids.add(r["id"])
        added.append(r)
    if not added:
        return text, added, skipped
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    node = yaml.compose(text)
    seq = None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "reports":
                seq = value
    indent = 2
    if isinstance(seq, yaml.SequenceNode) and seq.value:
        first = seq.value[0]
        indent = max(0, first.start_mark.column - 2)
        insert_at = seq.end_mark.line if seq.end_mark.column == 0 else seq.end_mark.line + 1
        # keep the block's trailing comments and blank lines after the new items
        while insert_at > 0 and not lines[insert_at - 1].strip():
            insert_at -= 1
        block = reports_yaml(added, indent=indent)
        new_lines = [*lines[:insert_at], block, *lines[insert_at:]]
        return "".join(new_lines), added, skipped
    # no reports yet: replace an empty 'reports:' / 'reports: []', or add the key
    body = "".join(lines)
    block = reports_yaml(added, indent=indent)
    pattern = re.compile(r"^reports:[ \t]*(?:\[\s*\])?[ \t]*(?:#.*)?$", re.M)
    if pattern.search(body):
        return pattern.sub(lambda m: "reports:\n" + block.rstrip("\n"), body, count=1) + (
            "" if body.endswith("\n") else "\n"), added, skipped
    return body + "\nreports:\n" + block, added, skipped


def same_claim(scenario: Scenario, gazetteer: Gazetteer
               ) -> Callable[[dict[str, Any], dict[str, Any]], bool]:
    """A test of whether a new report says what a scenario's report says.

    Places are compared once resolved (``Selidovo`` is ``Selydove``), the
    rest as written.
    """
    cache: dict[str, int | None] = {}

    def place_id(name: Any) -> int | None:
        if not name:
            return None
        key = str(name)
        if key not in cache:
            try:
                cache[key] = gazetteer.lookup(key, country=list(scenario.countries),
                                              best=True).place.id
            except FrontlineError:
                cache[key] = None
        return cache[key]

    def same(new: dict[str, Any], old: dict[str, Any]) -> bool:
        for k in ("kind", "side", "date", "start", "end"):
            if str(new.get(k) or "") != str(old.get(k) or ""):
                return False
        if new.get("place") or old.get("place"):
            a, b = place_id(new.get("place")), place_id(old.get("place"))
            return a is not None and a == b
        return str(new.get("region") or "").lower() == str(old.get("region") or "").lower()

    return same


def check_scenario_text(path: Path, text: str, gazetteer: Gazetteer) -> list[Problem]:
    """Every problem the scenario would have with ``text`` as its content."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".check.yaml", dir=path.parent)
    try:
        with open(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            return list(load_scenario(name, gazetteer=gazetteer).warnings)
        except ScenarioError as exc:
            return list(exc.problems)
    finally:
        Path(name).unlink(missing_ok=True)


@dataclass
class MergePlan:
    """What adding reports to a scenario file would change.

    Attributes
    ----------
    path : Path
    text, new_text : str
        The file's text now and after.
    added : list of dict
    skipped : list of (dict, str)
        Reports left out, each with the reason.
    problems : list of Problem
        What validating the new text finds (errors and warnings).
    """

    path: Path
    text: str
    new_text: str
    added: list[dict[str, Any]]
    skipped: list[tuple[dict[str, Any], str]]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that would stop the scenario from loading."""
        return [p for p in self.problems if p.severity == "error"]

    def diff(self) -> str:
        """The change as a unified diff."""
        name = str(self.path)
        return "".join(difflib.unified_diff(
            self.text.splitlines(keepends=True), self.new_text.splitlines(keepends=True),
            fromfile=name, tofile=f"{name} (with {len(self.added)} report(s))"))

    def apply(self) -> None:
        """Rewrite the file in one step (its permissions kept)."""
        if self.errors:
            raise FrontlineError(f"{self.path}: not changed: the new reports would not validate")
        write_text_atomic(self.path, self.new_text)


def plan_merge(path: str | Path, scenario: Scenario, reports: Sequence[dict[str, Any]], /, *,
               gazetteer: Gazetteer) -> MergePlan:
    """Work out what adding ``reports`` to the scenario file at ``path`` would do.

    Parameters
    ----------
    path : path-like
        The scenario file (``scenario`` is what it holds now).
    scenario : Scenario
    reports : sequence of dict
        Reports in the scenario format, as :mod:`frontline.news.extract` gives them.
    gazetteer : Gazetteer
        For comparing places once resolved and for validating the result.

    Returns
    -------
    MergePlan
    """
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    new_text, added, skipped = merge_into_scenario(
        text, list(reports), start=scenario.start, end=scenario.end,
        same_place=same_claim(scenario, gazetteer))
    problems = check_scenario_text(file, new_text, gazetteer) if added else []
    return MergePlan(file, text, new_text, added, skipped, problems)
