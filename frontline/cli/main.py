"""The ``frontline`` group: verbosity decided once, and the one error boundary.

Every failure a user can cause ends here as one line on standard error and
exit status 1 (2 for a usage error), never a traceback unless ``-v`` is given.
SIGTERM is turned into an exit that runs the usual clean-up, so an interrupted
command leaves no partial file and no worker process behind.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from types import FrameType
from typing import Any

import click

from frontline import ATTRIBUTIONS, __version__
from frontline.cli.options import Settings, settings
from frontline.cli.output import print_problems
from frontline.errors import FrontlineError, ScenarioError

__all__ = ["attribution_text", "error_line", "main"]

#: Exit status after SIGTERM (128 + 15) and after an interrupt (128 + 2).
EXIT_TERMINATED, EXIT_INTERRUPTED = 143, 130


def attribution_text() -> str:
    """The data attributions, one line each."""
    return "\n".join(f"- {name}: {text}" for name, text in ATTRIBUTIONS)


class Terminated(SystemExit):
    """SIGTERM, as an exit that runs the usual clean-up on its way out."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(EXIT_TERMINATED)


class FrontlineGroup(click.Group):
    """Turns every error into a one-line message (or its traceback with ``-v``)."""

    def invoke(self, ctx: click.Context) -> Any:
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _terminated)
        try:
            return super().invoke(ctx)
        except click.BadParameter as exc:  # a bad value: one line, as for any bad input
            click.echo(f"Error: {exc.format_message()}", err=True)
            ctx.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Terminated:
            click.echo("terminated", err=True)
            raise
        except Exception as exc:
            if settings(ctx).verbose > 0:
                raise
            raise click.ClickException(error_line(exc)) from None  # exit status 1
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


def error_line(exc: Exception) -> str:
    """One line for any error (a scenario's problems, when more than one, printed first)."""
    if isinstance(exc, ScenarioError):
        errors = [p for p in exc.problems if p.severity == "error"]
        if len(exc.problems) == 1:  # 'x.yaml:12: reports[3].date: ...': one line
            return f"{exc.problems[0]}; nothing was written"
        print_problems(exc.problems)
        return f"{exc.path}: {len(errors)} problem(s); nothing was written"
    if isinstance(exc, FrontlineError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, ValueError):
        return str(exc)
    text = " ".join(str(exc).split())
    return (f"unexpected {type(exc).__name__}: {text[:200]} (a bug in Frontline: please "
            "report it with the output of 'frontline -v ...')")


@click.group(cls=FrontlineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "-V", "--version", prog_name="frontline",
    message="%(prog)s %(version)s\n\nData:\n" + attribution_text().replace("%", "%%"),
)
@click.option("-v", "--verbose", count=True,
              help="More messages; with an error, its traceback. Give it before the command.")
@click.option("-q", "--quiet", is_flag=True,
              help="Only errors: no progress, no summaries, no 'ok'. Give it before the command.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Frontline: maps of territorial control in a war, from what is reported about it.

    Everything runs offline. Start with `frontline demo`, which builds the embedded
    example (a map, a GeoPackage and a raster) in ./frontline-demo.
    """
    ctx.obj = Settings(verbose=verbose, quiet=quiet)
    level = logging.ERROR if quiet else logging.DEBUG if verbose > 1 else (
        logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    logging.getLogger("frontline").setLevel(level)
