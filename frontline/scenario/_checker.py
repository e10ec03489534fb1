"""Reading a scenario's YAML with line numbers, and collecting every problem in it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from frontline.errors import Problem, ScenarioError, UnknownCountry
from frontline.geo.geocode import Gazetteer

__all__ = ["Checker", "Where", "compose"]

Where = tuple[str | int, ...]
"""A path into the parsed YAML: ``("reports", 3, "date")``."""


def compose(text: str, path: str) -> tuple[Any, dict[Where, int]]:
    """Parse YAML, keeping the line of every node.

    Returns
    -------
    (data, lines)
        Plain Python data, and the 1-based line of each path into it.

    Raises
    ------
    ScenarioError
        The text is not YAML.
    """
    import yaml

    lines: dict[Where, int] = {}
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines

        def convert(n: yaml.Node, where: Where) -> Any:
            lines[where] = n.start_mark.line + 1
            if isinstance(n, yaml.MappingNode):
                out = {}
                for key_node, value_node in n.value:
                    key = loader.construct_object(key_node, deep=True)
                    out[key] = convert(value_node, (*where, key))
                return out
            if isinstance(n, yaml.SequenceNode):
                return [convert(v, (*where, i)) for i, v in enumerate(n.value)]
            try:
                return loader.construct_object(n, deep=True)
            except ValueError:  # e.g. a timestamp such as 2024-09-31: checked as text later
                return n.value

        return convert(node, ()), lines
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError(path, [Problem(path, line, "", f"not valid YAML: "
                                           f"{getattr(exc, 'problem', exc)}")]) from exc
    finally:
        loader.dispose()


def _suggest(key: str, allowed: Iterable[str]) -> str | None:
    """The allowed key a mistyped one most likely meant ('towards' -> 'toward')."""
    from rapidfuzz import fuzz, process

    found = process.extractOne(key, list(allowed), scorer=fuzz.ratio, score_cutoff=60)
    return str(found[0]) if found else None


class Checker:
    """Collects problems with their file, line and field while the YAML is read.

    Parameters
    ----------
    path : str
        The scenario file, as it is to be named in messages.
    lines : dict
        Line of each path, from :func:`compose`.
    """

    def __init__(self, path: str, lines: dict[Where, int]) -> None:
        self.path, self.lines = path, lines
        self.problems: list[Problem] = []

    def line(self, where: Where) -> int | None:
        """The line of a path, or of its nearest parent that has one."""
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where)

    @staticmethod
    def name(where: Where) -> str:
        """``reports[3].date`` for ``("reports", 3, "date")``."""
        out = ""
        for part in where:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out

    def error(self, where: Where, message: str, severity: str = "error") -> None:
        """Record a problem at a path."""
        self.problems.append(Problem(self.path, self.line(where), self.name(where), message,
                                     severity))

    def warn(self, where: Where, message: str) -> None:
        """Record a warning at a path."""
        self.error(where, message, "warning")

    def errors(self) -> list[Problem]:
        """The problems that are errors (not warnings)."""
        return [p for p in self.problems if p.severity == "error"]

    def keys(self, data: Any, where: Where, allowed: Iterable[str], *,
             other: Iterable[str] = (), what: str = "") -> None:
        """Every key of a mapping must be one of ``allowed``.

        ``other`` are keys that exist elsewhere in the format (a field of
        another kind of report): they get their own message.
        """
        if not isinstance(data, dict):
            return
        allowed = list(allowed)
        for key in data:
            if key in allowed:
                continue
            text = str(key)
            if text in other:
                self.error((*where, key), f"'{text}' is not a field of {what or 'this entry'} "
                           f"(its fields: {', '.join(allowed)})")
                continue
            guess = _suggest(text, allowed)
            hint = f"; did you mean '{guess}'?" if guess else f" (fields: {', '.join(allowed)})"
            self.error((*where, key), f"unknown field '{text}'{hint}")

    def get(self, data: Any, where: Where, key: str, *, required: bool = True) -> Any:
        """A field's value, or None (and an error if it is required)."""
        if not isinstance(data, dict):
            return None
        if key not in data or data[key] is None:
            if required:
                self.error((*where, key), "missing")
            return None
        return data[key]

    def mapping(self, data: Any, where: Where, key: str, *, required: bool = True,
                example: str = "") -> dict[Any, Any]:
        """A field that must be a mapping; {} if missing or not one."""
        value = self.get(data, where, key, required=required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error((*where, key), "must be a mapping" + (f" such as {example}"
                                                               if example else ""))
            return {}
        return value

    def text(self, data: Any, where: Where, key: str, *, required: bool = True) -> str:
        """A field as text; '' if missing or not text."""
        value = self.get(data, where, key, required=required)
        if value is None:
            return ""
        if isinstance(value, dict | list):
            self.error((*where, key), "must be text")
            return ""
        return str(value).strip()

    def date(self, data: Any, where: Where, key: str, *,
             required: bool = True) -> dt.date | None:
        """A field as a date (YYYY-MM-DD)."""
        value = self.get(data, where, key, required=required)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.error((*where, key), f"'{value}' is not a date (write YYYY-MM-DD)")
            return None

    def country(self, data: Any, where: Where, key: str, gaz: Gazetteer) -> str | None:
        """An optional country field, as an ISO code."""
        text = self.text(data, where, key, required=False)
        if not text:
            return None
        try:
            return gaz.country(text)
        except UnknownCountry as exc:
            self.error((*where, key), str(exc))
            return None

    def flag(self, data: Any, where: Where, key: str) -> bool:
        """An optional yes/no field (``true``/``false``); False if missing."""
        value = self.get(data, where, key, required=False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error((*where, key), f"'{value}' is not true or false")
            return False
        return value

    def number(self, data: Any, where: Where, key: str, *,
               required: bool = True) -> float | None:
        """A field as a finite number (``1,294`` is read as 1294)."""
        value = self.get(data, where, key, required=required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                value = float(str(value).replace(",", ""))
            except ValueError:
                self.error((*where, key), f"'{value}' is not a number")
                return None
        if not math.isfinite(value):
            self.error((*where, key), f"{value} is not a finite number")
            return None
        return float(value)
