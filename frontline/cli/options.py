"""The command line's shared vocabulary: parameter types, options, and the settings of a run.

Every command takes its input files, output paths, formats and tiles from
here, so a file that does not exist, an output directory that is missing, or a
format name mean the same thing, with the same message, on every command.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

__all__ = [
    "EXIT_FAILED",
    "Day",
    "InputFile",
    "LatLon",
    "OutputDir",
    "OutputFile",
    "Settings",
    "output_format_options",
    "settings",
    "tiles_option",
]

F = TypeVar("F", bound=Callable[..., Any])

#: Exit status when some input could not be processed (bad file, unknown name, ...).
EXIT_FAILED = 1


@dataclass(frozen=True)
class Settings:
    """What the group's options decided for the whole run (kept in ``ctx.obj``)."""

    verbose: int = 0
    quiet: bool = False


def settings(ctx: click.Context | None = None) -> Settings:
    """The run's settings, from the nearest context that has them."""
    ctx = ctx or click.get_current_context()
    found = ctx.find_object(Settings)
    return found if found is not None else Settings()


class LatLon(click.ParamType[tuple[float, float]]):
    """``LAT,LON`` in decimal degrees."""

    name = "LAT,LON"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> tuple[float, float]:
        if isinstance(value, tuple):
            return value
        try:
            lat_s, lon_s = str(value).split(",")
            lat, lon = float(lat_s), float(lon_s)
        except ValueError:
            self.fail(f"'{value}' is not LAT,LON in decimal degrees (e.g. 48.28,37.18)",
                      param, ctx)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.fail(f"'{value}' is outside -90..90, -180..180", param, ctx)
        return lat, lon


def _cannot(verb: str, text: str, why: str) -> click.ClickException:
    """Bad input (exit status 1), said in one line: ``cannot write 'out/map.html': ...``."""
    return click.ClickException(f"cannot {verb} '{text}': {why}")


class Day(click.ParamType[dt.date]):
    """``YYYY-MM-DD``: a day."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError as exc:
            self.fail(f"'{value}' is not a day (YYYY-MM-DD): {exc}", param, ctx)


class InputFile(click.ParamType[str]):
    """A file to read. A missing or unreadable one is bad input (exit status 1), not a
    usage error."""

    name = "FILE"

    def __init__(self, *, allow_dash: bool = False, dir_okay: bool = False) -> None:
        self.allow_dash, self.dir_okay = allow_dash, dir_okay

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = os.fspath(value)
        if self.allow_dash and text == "-":
            return text
        path = Path(text)
        if not path.exists():
            raise _cannot("read", text, "no such file or directory")
        if path.is_dir() and not self.dir_okay:
            raise _cannot("read", text, "is a directory, not a file")
        if not os.access(path, os.R_OK):
            raise _cannot("read", text, "permission denied")
        return text


def _check_parent(text: str, what: str) -> None:
    """The directory that will hold ``text`` exists and takes a new file (tried, not guessed)."""
    import tempfile

    parent = Path(text).parent
    if not parent.is_dir():
        raise _cannot("write", text, f"the directory {parent} does not exist (create it first)")
    try:
        with tempfile.TemporaryFile(dir=parent):
            pass
    except OSError as exc:
        raise _cannot("write", text, f"cannot create {what} in {parent}: "
                      f"{exc.strerror or exc}") from None


class OutputFile(click.ParamType[str]):
    """A file to write: its directory must exist (it is never created on a guess)."""

    name = "FILE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = os.fspath(value)
        if Path(text).is_dir():
            raise _cannot("write", text, "is a directory; give a file name")
        _check_parent(text, "a file")
        return text


class OutputDir(click.ParamType[str]):
    """A directory to write into: created if needed, but only inside one that exists."""

    name = "DIR"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = os.fspath(value)
        path = Path(text)
        if path.exists() and not path.is_dir():
            raise _cannot("write", text, "exists and is not a directory")
        if not path.exists():
            _check_parent(text, "a directory")
        elif not os.access(path, os.W_OK | os.X_OK):
            raise _cannot("write", text, "permission denied")
        return text


def output_format_options(*formats: str) -> Callable[[F], F]:
    """``--format`` plus one shortcut flag per format (``--json``, ``--csv``, ...)."""

    def decorate(func: F) -> F:
        for fmt in reversed(formats[1:]):
            func = click.option(f"--{fmt}", "fmt", flag_value=fmt,
                                help=f"Same as --format {fmt}.")(func)
        return click.option(
            "--format", "fmt", type=click.Choice(formats), default=formats[0],
            show_default=True, help="Output format.",
        )(func)

    return decorate


def _tiles(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from frontline.layers.webmap import check_tiles

    try:
        check_tiles(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None
    return value


def tiles_option(func: F) -> F:
    """``--tiles osm|none|URL`` for every command that writes a map."""
    return click.option(
        "--tiles", default="osm", show_default=True, metavar="osm|none|URL", callback=_tiles,
        help="Basemap of the HTML map: OpenStreetMap, none, or a tile URL with {z}/{x}/{y}. "
             "Borders and places are drawn as vectors, so the map reads without it.",
    )(func)
