"""``frontline build`` and ``frontline demo``: a scenario to its layers, map and raster."""

from __future__ import annotations

import sys
from typing import Any

import click

from frontline.cli.options import InputFile, OutputDir, settings, tiles_option
from frontline.cli.output import Progress, open_gazetteer, print_problems, table
from frontline.data import DEFAULT_EXAMPLE, EXAMPLES

__all__ = ["build", "demo"]


def summary_text(result: Any, *, verbose: bool = False) -> str:
    """What a build wrote, each side's area at the start and end, and the rates per month;
    the model's notes in one line (each of them when ``verbose``)."""
    summary = result.summary
    size = result.gpkg.stat().st_size / 1e6
    lines = [f"built {summary['days']} days, {summary['start']} to {summary['end']}: "
             f"{result.gpkg} ({size:.1f} MB)"]
    if result.reused_days:
        lines.append(f"model: the first {result.reused_days} of the days as the last build "
                     "left them (--no-cache: model every day)")
    if result.map is not None:
        lines.append(f"map: {result.map} ({result.map.stat().st_size / 1e6:.1f} MB)")
    if result.raster is not None:
        lines.append(f"capture dates: {result.raster} "
                     f"({result.raster.stat().st_size / 1e6:.1f} MB)")
    if result.extra:
        lines.append("layers also as: " + ", ".join(p.name for p in result.extra))
    lines.append("")
    rows = [{"side": a["side"], "country": a["country"], "start": f"{a['start_km2']:,.0f}",
             "end": f"{a['end_km2']:,.0f}", "change": f"{a['change_km2']:+,.0f}"}
            for a in summary["areas"]]
    lines.append(table(rows, [("side", "side"), ("country", "in"), ("start", "start km²"),
                              ("end", "end km²"), ("change", "change km²")]))
    if summary["months"]:
        rows = [{"month": m["period"], "side": m["side"], "country": m["country"],
                 "modelled": f"{m['km2_per_day']:+,.2f}",
                 "reported": (f"{m['reported_km2_per_day']:,.2f} ({m['report_ids']})"
                              if m["reported_km2_per_day"] is not None else "")}
                for m in summary["months"]]
        lines += ["", table(rows, [("month", "month"), ("side", "side"), ("country", "in"),
                                   ("modelled", "modelled km²/day"),
                                   ("reported", "reported km²/day")])]
    notes = summary["notes"]
    if verbose:
        lines += [f"note: {note}" for note in notes]
    elif notes:
        lines += ["", f"{len(notes)} note(s) from the model (shortfalls, pockets taken, places "
                      "encircled, ...): give -v to list them"]
    return "\n".join(lines)


def model_cache(use: bool) -> Any:
    """The model's cache in the user's cache directory (None: ``--no-cache``)."""
    from frontline.model import ModelCache

    return ModelCache() if use else None


def cache_lines(result: Any) -> None:
    """What went wrong with the model's cache (the build went on without it)."""
    for line in result.cache_notes or []:
        click.echo(f"warning: {line}", err=True)


def _run(scenario: str, outdir: str, tiles: str, formats: tuple[str, ...] = (),
         resolution: float = 250.0, cache: bool = True) -> None:
    from frontline.layers import build as build_scenario

    quiet = settings().quiet
    gaz = open_gazetteer(quiet)
    with Progress(quiet, "building") as progress:
        result = build_scenario(scenario, outdir, gazetteer=gaz, progress=progress, tiles=tiles,
                                command=" ".join(["frontline", *sys.argv[1:]]),
                                formats=formats, resolution=resolution,
                                cache=model_cache(cache))
    print_problems(result.warnings)
    cache_lines(result)
    if not quiet:
        click.echo(summary_text(result, verbose=settings().verbose > 0))


@click.command()
@click.argument("scenario", type=InputFile())
@click.option("-o", "--output", "outdir", type=OutputDir(), required=True,
              help="Output directory (created if needed, inside one that exists).")
@tiles_option
@click.option("--format", "formats", type=click.Choice(["geojson", "fgb"]), multiple=True,
              help="Also write each layer as GeoJSON or FlatGeobuf (repeatable).")
@click.option("--resolution", type=click.FloatRange(min=10), default=250.0, show_default=True,
              help="Cell size in metres of capture_date.tif.")
@click.option("--watch", is_flag=True,
              help="Build again whenever the scenario or a file it names changes (Ctrl-C "
                   "stops); a scenario with problems keeps the last good outputs.")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Model every day (by default a rebuild models only from the first day "
                   "its changes reach, from the model's cache, with the same outputs).")
def build(scenario: str, outdir: str, tiles: str, formats: tuple[str, ...],
          resolution: float, watch: bool, no_cache: bool) -> None:
    """Model a scenario: OUTDIR/frontline.gpkg, map.html and capture_date.tif.

    Prints the days built, each side's area at the start and the end, and
    km²/day per month beside the reported rates; with --watch, one line per build.
    """
    if watch:
        _watch(scenario, outdir, tiles, formats, resolution, not no_cache)
        return
    _run(scenario, outdir, tiles, formats, resolution, not no_cache)


def _watch(scenario: str, outdir: str, tiles: str, formats: tuple[str, ...],
           resolution: float, cache: bool) -> None:
    import time

    from frontline.cli.main import error_line
    from frontline.layers.watch import Rebuild, watch_build

    def said(rebuild: Rebuild) -> None:
        when = time.strftime("%H:%M:%S")
        why = f" ({', '.join(p.name for p in rebuild.changed)} changed)" if rebuild.changed else ""
        if rebuild.error is not None:
            click.echo(f"{when} not built{why}: {error_line(rebuild.error)}; the last outputs "
                       "are kept", err=True)
            return
        result = rebuild.result
        assert result is not None
        print_problems(result.warnings)
        cache_lines(result)
        if not settings().quiet:
            reused = f", {result.reused_days} from the cache" if result.reused_days else ""
            click.echo(f"{when} built {result.summary['days']} days{reused} in "
                       f"{rebuild.seconds:.1f} s{why}: {result.gpkg.parent}")

    gaz = open_gazetteer(settings().quiet)
    watch_build(scenario, outdir, on_build=said, gazetteer=gaz, tiles=tiles, formats=formats,
                resolution=resolution, command=" ".join(["frontline", *sys.argv[1:]]),
                cache=model_cache(cache))



@click.command()
@click.option("-o", "--output", "outdir", type=OutputDir(), default=None,
              help="Output directory  [default: frontline-demo, or frontline-EXAMPLE for "
                   "another example].")
@click.option("--example", type=click.Choice(list(EXAMPLES)), default=DEFAULT_EXAMPLE,
              show_default=True, help="Which embedded example to build.")
@click.option("--list", "list_", is_flag=True, help="Name the examples and stop.")
@tiles_option
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Model every day (by default a second build takes the days from the "
                   "model's cache).")
def demo(outdir: str | None, example: str, list_: bool, tiles: str, no_cache: bool) -> None:
    """Build an embedded example, offline (by default Ukraine and Kursk, autumn 2024).

    Writes DIR/frontline.gpkg, DIR/map.html and DIR/capture_date.tif and
    prints what they hold. With --list, names the examples.
    """
    from frontline.layers.build import demo_scenario_path

    if list_:
        for name, (filename, about) in EXAMPLES.items():
            click.echo(f"{name:<15}{about} [{filename}]")
        return
    if outdir is None:
        outdir = "frontline-demo" if example == DEFAULT_EXAMPLE else f"frontline-{example}"
        OutputDir().convert(outdir, None, None)
    _run(str(demo_scenario_path(example)), outdir, tiles, cache=not no_cache)
