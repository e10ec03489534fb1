"""``frontline map``: the interactive map of a GeoPackage."""

from __future__ import annotations

import click

from frontline.cli.options import InputFile, OutputFile, settings, tiles_option

__all__ = ["map_"]


@click.command("map")
@click.argument("gpkg", type=InputFile())
@click.option("-o", "--output", type=OutputFile(), required=True, help="The HTML file to write.")
@tiles_option
def map_(gpkg: str, output: str, tiles: str) -> None:
    """Rebuild the interactive map from a GeoPackage written by `frontline build`."""
    from frontline.layers.webmap import build_map

    path = build_map(gpkg, output, tiles=tiles)
    if not settings().quiet:
        click.echo(f"map: {path} ({path.stat().st_size / 1e6:.1f} MB)")
