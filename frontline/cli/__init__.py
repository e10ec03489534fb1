"""The ``frontline`` command: a thin shell over the library, one module per command group.

Commands parse options, call one library function, and print. The group in
:mod:`frontline.cli.main` decides verbosity once and turns every error into a
one-line message; shared options live in :mod:`frontline.cli.options` and all
formatting in :mod:`frontline.cli.output`. Heavy libraries are imported inside
the commands that need them.
"""

from frontline.cli.about import about
from frontline.cli.build import build, demo
from frontline.cli.extract import extract
from frontline.cli.figure import figure
from frontline.cli.gazetteer import gazetteer
from frontline.cli.geocode import geocode
from frontline.cli.main import main
from frontline.cli.map import map_
from frontline.cli.scenario import validate
from frontline.cli.stats import stats

__all__ = ["main"]

for _command in (about, geocode, validate, build, demo, map_, figure, stats, extract,
                 gazetteer):
    main.add_command(_command)
