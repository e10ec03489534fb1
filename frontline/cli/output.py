"""What the command line prints: tables, CSV, Markdown, JSON, problems and progress.

Commands hand rows (dicts) and columns here; no command formats text itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from frontline.errors import Problem

__all__ = [
    "Progress",
    "cell",
    "echo_rows",
    "open_gazetteer",
    "print_problems",
    "progress_printer",
    "table",
]

Columns = Sequence[tuple[str, str]]
"""(key, title) pairs."""


def cell(value: Any, decimals: int = 2) -> str:
    """One value as table text: thousands separated, floats to ``decimals``, '' for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{decimals}f}"
    return str(value)


def table(rows: Sequence[dict[str, Any]], columns: Columns, *, decimals: int = 2) -> str:
    """Rows as an aligned text table with a header and a rule."""
    cells = [[title for _, title in columns]]
    cells += [[cell(r.get(key), decimals) for key, _ in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _markdown(rows: Sequence[dict[str, Any]], columns: Columns) -> str:
    lines = ["| " + " | ".join(title for _, title in columns) + " |",
             "|" + "|".join(" --- " for _ in columns) + "|"]
    lines += ["| " + " | ".join(cell(r.get(key)).replace("|", "\\|") for key, _ in columns)
              + " |" for r in rows]
    return "\n".join(lines)


def _csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def echo_rows(rows: Sequence[dict[str, Any]], columns: Columns, fmt: str, *,
              decimals: int = 2) -> None:
    """Print rows as ``table``, ``csv``, ``json`` or ``markdown``."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), default=_jsonable, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(_csv(rows, [key for key, _ in columns]), nl=False)
    elif fmt == "markdown":
        click.echo(_markdown(rows, columns))
    elif rows:
        click.echo(table(rows, columns, decimals=decimals))


def print_problems(problems: Sequence[Problem]) -> None:
    """Each problem on its own line of standard error."""
    for problem in problems:
        click.echo(str(problem), err=True)


def progress_printer() -> Callable[[str, float], None]:
    """Progress on stderr for index builds: a line per step, only on a terminal."""
    last = {"message": ""}

    def report(message: str, fraction: float) -> None:
        if message != last["message"] and sys.stderr.isatty():
            click.echo(f"  [{fraction:4.0%}] {message}", err=True)
        last["message"] = message

    return report


class Progress:
    """A progress bar on a terminal (stderr); nothing otherwise or when quiet."""

    def __init__(self, quiet: bool, label: str) -> None:
        self.bar: Any = None
        if not quiet and sys.stderr.isatty():
            self.bar = click.progressbar(length=1000, label=label, file=sys.stderr,
                                         show_eta=False)
            self.bar.__enter__()
        self.done = 0

    def __call__(self, message: str, fraction: float) -> None:
        if self.bar is not None:
            target = int(fraction * 1000)
            if target > self.done:
                self.bar.update(target - self.done)
                self.done = target

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def open_gazetteer(quiet: bool = False) -> Any:
    """The shared gazetteer; its index is built first (with a word on stderr) if missing."""
    from frontline.geo import Gazetteer, index

    if not index.index_path().exists() and not quiet:
        click.echo("building the gazetteer index (once per data version, about 20 s)...",
                   err=True)
    return Gazetteer.default(progress=None if quiet else progress_printer())
