"""``frontline gazetteer``: build the index, import places the embedded data lacks."""

from __future__ import annotations

import click

from frontline.cli.options import InputFile, settings
from frontline.cli.output import echo_rows, open_gazetteer, progress_printer

__all__ = ["gazetteer"]


@click.group()
def gazetteer() -> None:
    """Manage the gazetteer: build the index, import places the embedded data lacks."""


@gazetteer.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the index exists.")
def build(force: bool) -> None:
    """Build the compact index of the embedded GeoNames data now (else on first lookup)."""
    import time

    from frontline.geo import index

    path = index.index_path()
    if path.exists() and not force:
        if not settings().quiet:
            click.echo(f"index already built: {path}")
        return
    start = time.perf_counter()
    index.build_index(path, progress=None if settings().quiet else progress_printer())
    if not settings().quiet:
        click.echo(f"index built in {time.perf_counter() - start:.0f} s: {path} "
                   f"({path.stat().st_size / 1e6:.0f} MB)")


@gazetteer.command("import")
@click.argument("file", type=InputFile())
@click.option("--kind", type=click.Choice(["geonames", "csv"]),
              help="File kind; detected from the file if not given.")
def import_(file: str, kind: str | None) -> None:
    """Add places from a GeoNames dump (UA.zip, UA.txt) or a CSV (name,lat,lon[,...]).

    The CSV has a header naming name, lat, lon and optionally country, admin1
    and aliases (separated by ';'). Importing the same file again replaces
    what it added.
    """
    from frontline.geo import usergaz

    quiet = settings().quiet
    result = usergaz.import_file(file, kind="csv" if kind == "csv" else
                                 "geonames" if kind == "geonames" else None,
                                 gazetteer=open_gazetteer(quiet))
    if not quiet:
        click.echo(
            f"imported {result.added} place(s) from {result.path} as source {result.source_id}"
            + (f"; skipped {result.skipped} row(s) (not populated places, or already embedded)"
               if result.skipped else "")
            + (f"; replaced {result.replaced} from an earlier import" if result.replaced else ""))


@gazetteer.command("list")
@click.option("--places", "show_places", is_flag=True, help="List the places, not the files.")
@click.argument("source", required=False)
def list_(show_places: bool, source: str | None) -> None:
    """List imported files (or, with --places, their places)."""
    from frontline.geo import index, usergaz

    if show_places or source:
        echo_rows(usergaz.list_places(source),
                  [("id", "id"), ("name", "name"), ("lat", "lat"), ("lon", "lon"),
                   ("country", "cc"), ("admin1", "admin-1"), ("source", "source")], "table",
                  decimals=5)
        return
    sources = usergaz.list_sources()
    if not sources:
        click.echo(f"no imported files (user gazetteer: {index.user_gazetteer_path()})")
        return
    echo_rows(sources, [("id", "id"), ("count", "places"), ("kind", "kind"),
                        ("imported_at", "imported"), ("path", "file")], "table")


@gazetteer.command("remove")
@click.argument("source")
def remove(source: str) -> None:
    """Remove the places an imported file added (SOURCE: its id or path)."""
    from frontline.geo import usergaz

    removed = usergaz.remove_source(source)
    if not settings().quiet:
        click.echo(f"removed {removed} place(s)")
