"""``frontline stats``: area per side and country per day, week or month, and raster sums."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import click

from frontline.cli.options import InputFile, OutputFile, output_format_options, settings
from frontline.cli.output import echo_rows

if TYPE_CHECKING:  # pragma: no cover
    from frontline.layers.stats import Bucket

__all__ = ["stats"]

_AREA_COLUMNS: tuple[str, ...] = (
    "period", "side", "country", "days", "start_km2", "end_km2", "change_km2", "km2_per_day",
    "gained_reported_km2", "gained_claimed_km2", "gained_modelled_km2", "band_width_km",
    "reported_km2_per_day", "difference_km2_per_day", "report_ids")
_RASTER_COLUMNS: tuple[str, ...] = ("period", "side", "sum", "cells")
_REGION_COLUMNS: tuple[str, ...] = (
    "period", "side", "country", "region", "region_code", "region_km2", "start_km2", "end_km2",
    "change_km2", "km2_per_day", "share_end")


def _title(column: str) -> str:
    return column.replace("_", " ").replace("km2", "km²")


@click.command()
@click.argument("gpkg", type=InputFile())
@click.option("--by", type=click.Choice(["day", "week", "month", "period"]), default="month",
              show_default=True, help="Bucket of time (period: the whole period).")
@output_format_options("table", "csv", "json", "markdown")
@click.option("--plot", "plot", type=OutputFile(),
              help="Also draw area and daily change over time to this PNG.")
@click.option("--raster", type=InputFile(),
              help="Instead, sum this single-band raster (e.g. population) over each "
                   "side's gains.")
@click.option("--by-region", "by_region", is_flag=True,
              help="Instead, the area each side holds in each admin-1 region (oblast), "
                   "with its share of the region.")
def stats(gpkg: str, by: str, fmt: str, plot: str | None, raster: str | None,
          by_region: bool) -> None:
    """Area per side and country at the start and end of each day, week or month.

    With the change, km²/day, and beside it the reported rate where an advance
    rate covers the bucket, and the difference. --by-region gives the same per
    admin-1 region (approximated from the gazetteer's places, see the README).
    """
    from frontline.layers.stats import area_stats, plot_stats, raster_sums, region_stats

    if raster and by_region:
        raise click.UsageError("give --raster or --by-region, not both")

    bucket = cast("Bucket", by)
    if plot:
        path = plot_stats(gpkg, plot)
        if not settings().quiet:
            click.echo(f"plot: {path}", err=True)
    if raster:
        rows, outside = raster_sums(gpkg, raster, by=bucket)
        columns = _RASTER_COLUMNS
        if not settings().quiet:
            click.echo(f"{outside:.1%} of the raster's cells lie outside the theatre", err=True)
    elif by_region:
        rows = region_stats(gpkg, by=bucket)
        columns = _REGION_COLUMNS
    else:
        rows = area_stats(gpkg, by=bucket)
        columns = _AREA_COLUMNS
    echo_rows(rows, [(c, c if fmt in ("csv", "json", "markdown") else _title(c))
                     for c in columns], fmt)
