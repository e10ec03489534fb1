"""``frontline geocode``: place names to places, offline."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import click

from frontline.cli.options import EXIT_FAILED, LatLon, output_format_options, settings
from frontline.cli.output import echo_rows, open_gazetteer, table
from frontline.errors import FrontlineError

__all__ = ["geocode"]

_CSV_COLUMNS = ("query", "name", "admin1", "admin1_iso", "country", "lat", "lon", "population",
                "geonameid", "match", "matched_name", "note", "error")
_TABLE_COLUMNS = (("query", "query"), ("name", "place"), ("admin1", "admin-1"),
                  ("country", "cc"), ("lat", "lat"), ("lon", "lon"),
                  ("population", "population"), ("note", "note"))


def _row(name: str, result: Any) -> dict[str, Any]:
    from frontline.geo import Match, Region

    if isinstance(result, Match):
        return result.to_dict()
    if isinstance(result, Region):
        return {"query": name, "name": result.name, "admin1": result.name,
                "admin1_iso": result.iso, "country": result.country, "lat": None, "lon": None,
                "population": None, "geonameid": None, "match": "region",
                "matched_name": None, "note": result.kind, "region": result.to_dict()}
    from frontline.errors import AmbiguousPlace

    hint = ("; give --admin1, --country or --near, or ask for --best"
            if isinstance(result, AmbiguousPlace) else "")
    data: dict[str, Any] = {"query": name, "error": str(result) + hint}
    suggestions = getattr(result, "suggestions", None)
    if suggestions:
        data["suggestions"] = [p.to_dict() for p in suggestions]
    candidates = getattr(result, "candidates", None)
    if candidates:
        data["candidates"] = [c.place.to_dict() for c in candidates]
    return data


def _explain(name: str, gaz: Any, options: dict[str, Any]) -> str:
    try:
        cands = gaz.candidates(name, **options)
    except FrontlineError as exc:
        return f"{name}: {exc}"
    if not cands:
        return f"{name}: no candidates"
    rows = [
        {"rank": i, "name": c.place.name, "admin1": c.place.admin1_name or "",
         "country": c.place.country, "population": c.place.population,
         "match": f"{c.match}: {c.matched_name}", "score": f"{c.score:.2f}",
         "why": c.explain()}
        for i, c in enumerate(cands, start=1)
    ]
    cols = [("rank", "#"), ("name", "place"), ("admin1", "admin-1"), ("country", "cc"),
            ("population", "population"), ("match", "matched"), ("score", "score"),
            ("why", "why")]
    return f"{name}: {len(cands)} candidate(s)\n{table(rows, cols)}"


@click.command()
@click.argument("names", nargs=-1)
@click.option("-i", "--input", "infile", type=click.File("r", encoding="utf-8"),
              help="Read names from FILE, one per line ('-' for stdin).")
@click.option("--country", multiple=True,
              help="Keep places in this country (name or ISO code); repeat or comma-separate.")
@click.option("--admin1", help="Keep places in this admin-1 region, e.g. 'Donetsk oblast'.")
@click.option("--near", type=LatLon(), help="Prefer places near LAT,LON.")
@click.option("--best", is_flag=True, help="Take the best candidate even when others come close.")
@click.option("--together", is_flag=True,
              help="The names are mentioned alongside each other: prefer places near the others.")
@click.option("--explain", is_flag=True, help="Show every candidate and why it ranked there.")
@output_format_options("table", "json", "csv", "geojson")
def geocode(names: tuple[str, ...], infile: io.TextIOBase | None, country: tuple[str, ...],
            admin1: str | None, near: tuple[float, float] | None, best: bool,
            together: bool, explain: bool, fmt: str) -> None:
    """Resolve place names to places, offline.

    NAMES may be in Latin or Cyrillic, in any common romanisation, or a former
    name; "Sudzha, Kursk region" carries its own region. Names that fail are
    reported and the rest go on; the exit code is 1 if any failed.

    \b
    Examples:
      frontline geocode Selidovo Kharkov Artemivsk
      frontline geocode Novoselivka --admin1 "Donetsk oblast" --near 48.82,37.47
      frontline geocode -i names.txt --country UA --csv > places.csv
    """
    items = list(names)
    if infile is not None:
        items += [line.strip() for line in infile if line.strip() and not line.startswith("#")]
    if not items:
        raise click.UsageError("give NAMES or --input FILE")
    gaz = open_gazetteer(settings().quiet)
    countries = list(country) or None
    region = gaz.region(admin1, country=countries) if admin1 else None  # fails once, not per name
    options: dict[str, Any] = {"country": countries, "admin1": region, "near": near}
    results = gaz.lookup_many(items, together=together, best=best, **options)
    rows = [_row(n, r) for n, r in zip(items, results, strict=True)]
    failed = [r for r in rows if "error" in r]
    if explain:
        for name in items:
            ctx_names = [n for n in items if n != name] if together else []
            click.echo(_explain(name, gaz, {**options, "context": ctx_names}) + "\n")
    if fmt == "geojson":
        features = [
            {"type": "Feature",
             "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
             "properties": {k: v for k, v in r.items() if k not in ("lat", "lon", "region")}}
            for r in rows if "error" not in r and r.get("lat") is not None
        ]
        click.echo(json.dumps({"type": "FeatureCollection", "features": features},
                              ensure_ascii=False))
    elif fmt in ("json", "csv"):
        echo_rows(rows, [(c, c) for c in _CSV_COLUMNS], fmt)
    elif not explain:
        echo_rows([r for r in rows if "error" not in r], _TABLE_COLUMNS, fmt,
                  decimals=5)
    if fmt != "json":
        for r in failed:
            click.echo(f"error: {r['error']}", err=True)
    if failed:
        if len(items) > 1:
            click.echo(f"{len(failed)} of {len(items)} name(s) failed", err=True)
        sys.exit(EXIT_FAILED)
