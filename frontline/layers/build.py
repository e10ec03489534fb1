"""From a scenario file to the output directory: load, model, write."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from frontline.data import DEFAULT_EXAMPLE, EXAMPLES
from frontline.errors import OutputError, Problem
from frontline.geo.geocode import Gazetteer
from frontline.layers.gpkg import Frames, layer_frames, write_gpkg, write_layers
from frontline.layers.outputs import OutputSet
from frontline.layers.stats import summarize
from frontline.model import ModelCache, Timeline, build_timeline
from frontline.model.memo import DayMemo
from frontline.scenario import Scenario, load_scenario

__all__ = ["DEMO_SCENARIO", "EXAMPLES", "BuildResult", "build", "demo_scenario_path"]

DEMO_SCENARIO = EXAMPLES[DEFAULT_EXAMPLE][0]
GPKG_NAME = "frontline.gpkg"
MAP_NAME = "map.html"
RASTER_NAME = "capture_date.tif"


def demo_scenario_path(example: str = DEFAULT_EXAMPLE) -> Path:
    """An embedded example scenario (package data), by its name in :data:`EXAMPLES`."""
    return Path(str(resources.files("frontline.data").joinpath(EXAMPLES[example][0])))


@dataclass
class BuildResult:
    """What a build wrote and found."""

    scenario: Scenario
    timeline: Timeline
    gpkg: Path
    summary: dict[str, Any]
    map: Path | None = None
    extra: list[Path] | None = None
    raster: Path | None = None
    #: the days the model took from the cache (0: it ran from the first day)
    reused_days: int = 0
    #: what went wrong with the cache, if anything (it was then not used)
    cache_notes: list[str] | None = None

    @property
    def warnings(self) -> list[Problem]:
        return self.scenario.warnings


def build(
    scenario: str | Path,
    outdir: str | Path,
    /,
    *,
    gazetteer: Gazetteer | None = None,
    progress: Callable[[str, float], None] | None = None,
    map: bool = True,
    tiles: str = "osm",
    command: str | None = None,
    formats: tuple[str, ...] = (),
    resolution: float | None = 250.0,
    cache: ModelCache | None = None,
) -> BuildResult:
    """Build a scenario into ``outdir/frontline.gpkg`` and ``outdir/map.html``.

    Parameters
    ----------
    scenario : path-like
        The scenario YAML file.
    outdir : path-like
        Created if needed (in a directory that exists). The files are written
        apart and put in place together (:class:`~frontline.layers.outputs.OutputSet`):
        an interrupted or failed build leaves the previous files as they were.
    gazetteer : Gazetteer, optional
    progress : callable, optional
        Called with a message and the fraction done (0 to 1).
    map : bool, default True
        Also write the interactive map.
    tiles : str, default 'osm'
        The map's basemap: ``'osm'``, ``'none'`` or a tile URL template.
    command : str, optional
        The command line, recorded in the GeoPackage's metadata.
    formats : tuple of str, optional
        Also write the layers as ``'geojson'`` and/or ``'fgb'`` (FlatGeobuf)
        files, one per layer, in ``outdir``.
    resolution : float or None, default 250
        Cell size (m) of ``outdir/capture_date.tif``; ``None`` writes no raster.
    cache : ModelCache, optional
        Where the model keeps its runs: a rebuild models only from the first day
        its changes reach (:mod:`frontline.model.resume`), and writes the same
        files as a build from nothing.

    Raises
    ------
    ScenarioError
        If the scenario has problems (all are listed).
    OutputError
        If ``outdir`` cannot be made or written.
    """
    with _long_lived() as keep:
        report = progress or (lambda message, fraction: None)
        report("reading the scenario", 0.0)
        sc = load_scenario(scenario, gazetteer=gazetteer)
        keep()
        tl = build_timeline(sc, progress=lambda m, f: report(m, 0.05 + 0.75 * f), cache=cache)
        keep()
        folder, made = make_outdir(outdir)
        try:
            with OutputSet(folder) as out:
                memo = DayMemo.beside(cache, tl.key)
                written = _write_set(sc, tl, out, report, command=command, map=map,
                                     tiles=tiles, formats=formats, resolution=resolution,
                                     memo=memo)
                memo.save()
        except BaseException:
            if made:  # a new directory that holds nothing: as it was, none
                with suppress(OSError):
                    folder.rmdir()
            raise
        report("done", 1.0)
        return BuildResult(sc, tl, folder / GPKG_NAME,
                           summarize(written.layers, notes=tl.notes),
                           folder / MAP_NAME if map else None,
                           [folder / name for name in written.extra],
                           folder / RASTER_NAME if resolution is not None else None,
                           cache.reused if cache is not None else 0,
                           list(cache.notes) if cache is not None else None)


@dataclass
class _Written:
    """What a build wrote: its layers, and the names of the extra files."""

    layers: Frames
    extra: list[str]


def _write_set(sc: Scenario, tl: Timeline, out: OutputSet, report: Callable[[str, float], None],
               *, command: str | None, map: bool, tiles: str, formats: tuple[str, ...],
               resolution: float | None, memo: DayMemo | None = None) -> _Written:
    """Every output of a build into the set's staging directory (what is made of each
    day taken from ``memo`` where the day is as it was)."""
    frames = layer_frames(tl, memo)
    path = write_gpkg(tl, out.path(GPKG_NAME), frames=frames,
                      progress=lambda m, f: report(m, 0.8 + 0.1 * f), command=command)
    draw_raster: Callable[[], Path] | None = None
    if resolution is not None:
        from frontline.layers.raster import write_capture_dates

        draw_raster = partial(write_capture_dates, tl, out.path(RASTER_NAME),
                              resolution=resolution)
    if map:
        from frontline.layers.webmap import build_map

        report("writing the map" + (" and the capture-date raster" if draw_raster else ""), 0.9)
        # (the raster is drawn while the map's pieces of ground are made on its second
        # thread, which only runs GEOS: rasterio and the map's own reading stay on this one)
        build_map(path, out.path(MAP_NAME), tiles=tiles, title=sc.name, alongside=draw_raster,
                  memo=memo)
    elif draw_raster is not None:
        report("writing the capture-date raster", 0.9)
        draw_raster()
    extra = [f.name for fmt in formats for f in write_layers(frames, out.staging, fmt=fmt)]
    return _Written(frames, extra)


@contextmanager
def _long_lived() -> Iterator[Callable[[], None]]:
    """A build's long-lived objects, kept out of the cyclic garbage collector's way.

    The collector's full passes walk every tracked object; a build holds tens of
    thousands that live as long as it does (the gazetteer's places, the scenario,
    the model's days), and its full passes took 1.3-1.8 s of the invasion's
    build, every other thread waiting. ``keep()`` freezes what exists so far
    (:func:`gc.freeze`): the passes skip it. Unfrozen at the end, unless the
    process had frozen objects of its own (which stay as they were).
    """
    import gc

    mine = gc.get_freeze_count() == 0
    try:
        yield gc.freeze if mine else (lambda: None)
    finally:
        if mine:
            gc.unfreeze()


def make_outdir(outdir: str | Path) -> tuple[Path, bool]:
    """The output directory, made if missing (its parent must exist), and whether it was."""
    folder = Path(outdir)
    made = not folder.exists()
    try:
        folder.mkdir(exist_ok=True)
    except FileNotFoundError:
        raise OutputError(str(folder), f"the directory {folder.parent} does not exist "
                          "(create it first)") from None
    except OSError as exc:
        raise OutputError(str(folder), exc.strerror or str(exc)) from None
    if not folder.is_dir():
        raise OutputError(str(folder), "exists and is not a directory")
    return folder, made
