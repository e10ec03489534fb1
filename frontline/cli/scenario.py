"""``frontline validate``: check a scenario, every problem at once."""

from __future__ import annotations

import sys

import click

from frontline.cli.options import EXIT_FAILED, InputFile, settings
from frontline.cli.output import open_gazetteer, print_problems

__all__ = ["validate"]


@click.command()
@click.argument("scenario", type=InputFile())
def validate(scenario: str) -> None:
    """Check a scenario: every problem with its file, line and field.

    Besides the file's own fields and places, the rates are checked against
    the ground the other side holds at the baseline, as the model will see it.
    """
    from frontline.errors import ScenarioError
    from frontline.model import check_targets
    from frontline.scenario import load_scenario

    quiet = settings().quiet
    try:
        sc = load_scenario(scenario, gazetteer=open_gazetteer(quiet))
        check_targets(sc)
    except ScenarioError as exc:
        print_problems(exc.problems)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        click.echo(f"{scenario}: {errors} error(s)", err=True)
        sys.exit(EXIT_FAILED)
    print_problems(sc.warnings)
    if not quiet:
        click.echo(f"{scenario}: ok: {len(sc.settlements)} settlements, {len(sc.reports)} "
                   f"reports, {len(sc.days)} days"
                   + (f", {len(sc.warnings)} warning(s)" if sc.warnings else ""))
