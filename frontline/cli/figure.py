"""``frontline figure``: a still map of one day, or of what changed between two, for print."""

from __future__ import annotations

import datetime as dt

import click

from frontline.cli.options import Day, InputFile, OutputFile, settings

__all__ = ["figure"]


def _bbox(ctx: click.Context, param: click.Parameter, value: str | None
          ) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        parts = tuple(float(v) for v in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or not (parts[0] < parts[2] and parts[1] < parts[3]):
        raise click.BadParameter("give min_lon,min_lat,max_lon,max_lat, e.g. 36.8,47.8,37.9,48.6")
    return parts[0], parts[1], parts[2], parts[3]


@click.command()
@click.argument("gpkg", type=InputFile())
@click.option("--date", "date", type=Day(), required=True, help="The day shown.")
@click.option("--compare", type=Day(), help="Another day: the ground that changed hands "
                                            "between the two is hatched, with its km².")
@click.option("--bbox", callback=_bbox, help="Extent: min_lon,min_lat,max_lon,max_lat.")
@click.option("--place", help="Centre the figure on this place (with --radius-km).")
@click.option("--radius-km", type=click.FloatRange(min=1, max=2000), default=30.0,
              show_default=True, help="How far from --place the figure reaches.")
@click.option("--title", help="Title (default: the date, and the compared date).")
@click.option("-o", "--output", type=OutputFile(), required=True,
              help="The figure: .png, .svg or .pdf.")
def figure(gpkg: str, date: dt.date, compare: dt.date | None,
           bbox: tuple[float, float, float, float] | None, place: str | None,
           radius_km: float, title: str | None, output: str) -> None:
    """Draw one day's control (and what changed since --compare) as a figure for print."""
    from frontline.layers.figure import draw_figure, place_extent

    if place and bbox:
        raise click.UsageError("give --bbox or --place, not both")
    if place:  # resolved near the fronts: the Shevchenko of the front, not another
        bbox = place_extent(gpkg, place, radius_km)
    path, changed, _ = draw_figure(gpkg, output, date=date.isoformat(),
                                   compare=compare.isoformat() if compare else None, bbox=bbox,
                                   title=title)
    if not settings().quiet:
        areas = ", ".join(f"{side} +{km2:,.1f} km²" for side, km2 in changed.items())
        click.echo(f"figure: {path}" + (f" ({areas})" if areas else ""))
