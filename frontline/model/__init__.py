"""The control model: who holds what on each day, and which reports made it so.

:func:`build_timeline` turns a loaded :class:`~frontline.scenario.Scenario` into a
:class:`Timeline` of daily polygons per side. One idea per module: ``partition``
(the baseline from labelled settlements), ``ground`` (each side's ground in tiles),
``growth`` (footprints and area-targeted growth), ``wave`` (a front advancing as a
wave), and what the day loop (``engine``) walks: ``world`` (the theatre as the
model sees it), ``ledger`` (every change of hands), ``events`` (captures,
withdrawals, encirclements), ``incursions``, ``advance`` (advance rates, with
``wave_setup`` and ``pockets``) and ``front`` (the day's front line and areas);
``resume`` keeps runs, so that a rebuild starts from the first day a change reaches.

Nothing here imports the writers (:mod:`frontline.layers`) or the CLI. Importing
this package imports shapely, pyproj and numpy but not geopandas, folium or rasterio.
"""

from frontline.model.advance import AdvanceFactory, AdvanceModel, WaveAdvance
from frontline.model.engine import build_timeline, check_targets
from frontline.model.ledger import Change, Ledger
from frontline.model.resume import ModelCache
from frontline.model.timeline import Timeline
from frontline.model.world import World

__all__ = ["AdvanceFactory", "AdvanceModel", "Change", "Ledger", "ModelCache", "Timeline",
           "WaveAdvance", "World", "build_timeline", "check_targets"]
