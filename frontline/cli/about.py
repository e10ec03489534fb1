"""``frontline about``: version, data attributions, where the gazetteer lives."""

from __future__ import annotations

import click

from frontline import __version__
from frontline.cli.main import attribution_text

__all__ = ["about"]


@click.command()
def about() -> None:
    """Version, data attributions, and where the gazetteer and the model's cache live."""
    from frontline.geo import index, usergaz

    click.echo(f"frontline {__version__}\n")
    click.echo("Data:")
    click.echo(attribution_text())
    path = index.index_path()
    state = "built" if path.exists() else "not built yet (built on first lookup)"
    click.echo(f"\nGazetteer index: {path} ({state})")
    sources = usergaz.list_sources()
    count = sum(s["count"] for s in sources)
    click.echo(f"User gazetteer:  {index.user_gazetteer_path()} "
               f"({len(sources)} file(s), {count} place(s))")
    from frontline.model import ModelCache

    cache = ModelCache()
    kept, size = cache.usage()
    click.echo(f"Model cache:     {cache.root} ({kept} scenario(s), {size / 1e6:,.1f} MB; "
               "removing it makes the next builds cold)")
