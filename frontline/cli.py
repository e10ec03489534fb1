"""The ``frontline`` command: a thin shell over :mod:`frontline.geo` and :mod:`frontline.layers`.

Commands parse options, call one library function, and print. Library errors
become one-line messages and a non-zero exit code here (``-v`` shows the
traceback). Heavy libraries are imported inside the commands that need them.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from frontline import ATTRIBUTIONS, __version__
from frontline.errors import FrontlineError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FAILED = 1  # some input could not be processed (unknown or ambiguous names, ...)

log = logging.getLogger("frontline")


# -- shared vocabulary ---------------------------------------------------------
class LatLon(click.ParamType):
    """``LAT,LON`` in decimal degrees."""

    name = "LAT,LON"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> tuple[float, float]:
        if isinstance(value, tuple):
            return value
        try:
            lat_s, lon_s = str(value).split(",")
            lat, lon = float(lat_s), float(lon_s)
        except ValueError:
            self.fail(f"'{value}' is not LAT,LON in decimal degrees (e.g. 48.28,37.18)",
                      param, ctx)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.fail(f"'{value}' is outside -90..90, -180..180", param, ctx)
        return lat, lon


def output_format_options(*formats: str) -> Callable[[F], F]:
    """``--format`` plus one shortcut flag per format (``--json``, ``--csv``, ...)."""

    def decorate(func: F) -> F:
        for fmt in reversed(formats[1:]):
            func = click.option(f"--{fmt}", "fmt", flag_value=fmt,
                                help=f"Same as --format {fmt}.")(func)
        return click.option(
            "--format", "fmt", type=click.Choice(formats), default=formats[0],
            show_default=True, help="Output format.",
        )(func)

    return decorate


def _attribution_text() -> str:
    return "\n".join(f"- {name}: {text}" for name, text in ATTRIBUTIONS)


class FrontlineGroup(click.Group):
    """Turns library errors into one-line messages, or tracebacks with ``-v``."""

    def invoke(self, ctx: click.Context) -> Any:
        from frontline.errors import ScenarioError

        try:
            return super().invoke(ctx)
        except ScenarioError as exc:
            if ctx.meta.get("frontline.verbose", 0) > 0:
                raise
            _print_problems(exc.problems)
            raise click.ClickException(
                f"{exc.path}: {sum(p.severity == 'error' for p in exc.problems)} problem(s); "
                "nothing was written") from None
        except FrontlineError as exc:
            if ctx.meta.get("frontline.verbose", 0) > 0:
                raise
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


def _progress_printer() -> Callable[[str, float], None]:
    """Progress on stderr for index builds: a line per step, only on a terminal."""
    last = {"message": ""}

    def report(message: str, fraction: float) -> None:
        if message != last["message"] and sys.stderr.isatty():
            click.echo(f"  [{fraction:4.0%}] {message}", err=True)
        last["message"] = message

    return report


def _gazetteer() -> Any:
    from frontline.geo import index
    from frontline.geo.geocode import Gazetteer

    if not index.index_path().exists():
        click.echo("building the gazetteer index (once per data version, about 30 s)...",
                   err=True)
    return Gazetteer.default(progress=_progress_printer())


@click.group(cls=FrontlineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "-V", "--version", prog_name="frontline",
    message="%(prog)s %(version)s\n\nData:\n" + _attribution_text().replace("%", "%%"),
)
@click.option("-v", "--verbose", count=True, help="More messages; with an error, its traceback.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Frontline: maps of territorial control in a war, from what is reported about it.

    Everything runs offline. Start with `frontline demo`, which builds the embedded
    example (a map, a GeoPackage and a raster) in ./frontline-demo.
    """
    ctx.meta["frontline.verbose"] = verbose
    level = logging.ERROR if quiet else logging.DEBUG if verbose > 1 else (
        logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    logging.getLogger("frontline").setLevel(level)


@main.command()
def about() -> None:
    """Version, data attributions and where the gazetteer lives."""
    from frontline.geo import index, usergaz

    click.echo(f"frontline {__version__}\n")
    click.echo("Data:")
    click.echo(_attribution_text())
    path = index.index_path()
    state = "built" if path.exists() else "not built yet (built on first lookup)"
    click.echo(f"\nGazetteer index: {path} ({state})")
    sources = usergaz.list_sources()
    count = sum(s["count"] for s in sources)
    click.echo(f"User gazetteer:  {index.user_gazetteer_path()} "
               f"({len(sources)} file(s), {count} place(s))")


# -- geocode ---------------------------------------------------------------------
_COLUMNS = ("query", "name", "admin1", "admin1_iso", "country", "lat", "lon", "population",
            "geonameid", "match", "matched_name", "note", "error")


def _row(name: str, result: Any) -> dict[str, Any]:
    from frontline.geo.geocode import Match
    from frontline.geo.places import Region

    if isinstance(result, Match):
        return result.to_dict()
    if isinstance(result, Region):
        return {"query": name, "name": result.name, "admin1": result.name,
                "admin1_iso": result.iso, "country": result.country, "lat": None, "lon": None,
                "population": None, "geonameid": None, "match": "region",
                "matched_name": None, "note": result.kind, "region": result.to_dict()}
    data: dict[str, Any] = {"query": name, "error": str(result)}
    suggestions = getattr(result, "suggestions", None)
    if suggestions:
        data["suggestions"] = [p.to_dict() for p in suggestions]
    candidates = getattr(result, "candidates", None)
    if candidates:
        data["candidates"] = [c.place.to_dict() for c in candidates]
    return data


def _echo_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    click.echo(buf.getvalue(), nl=False)


def _fmt_number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.5f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> str:
    cells = [[title for _, title in columns]]
    cells += [[_fmt_number(r.get(key)) for key, _ in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


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
    return f"{name}: {len(cands)} candidate(s)\n{_table(rows, cols)}"


@main.command()
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
    gaz = _gazetteer()
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
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        _echo_csv(rows, _COLUMNS)
    elif fmt == "geojson":
        features = [
            {"type": "Feature",
             "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
             "properties": {k: v for k, v in r.items() if k not in ("lat", "lon", "region")}}
            for r in rows if "error" not in r and r.get("lat") is not None
        ]
        click.echo(json.dumps({"type": "FeatureCollection", "features": features},
                              ensure_ascii=False))
    elif not explain:
        ok = [r for r in rows if "error" not in r]
        if ok:
            click.echo(_table(ok, [("query", "query"), ("name", "place"),
                                   ("admin1", "admin-1"), ("country", "cc"), ("lat", "lat"),
                                   ("lon", "lon"), ("population", "population"),
                                   ("note", "note")]))
    if fmt != "json":
        for r in failed:
            click.echo(f"error: {r['error']}", err=True)
    if failed:
        if len(items) > 1:
            click.echo(f"{len(failed)} of {len(items)} name(s) failed", err=True)
        sys.exit(EXIT_FAILED)


# -- scenarios ----------------------------------------------------------------------
def _print_problems(problems: Sequence[Any]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


class _Progress:
    """A progress bar on a terminal (stderr), nothing otherwise or with --quiet."""

    def __init__(self, quiet: bool, label: str) -> None:
        self.bar = None
        if not quiet and sys.stderr.isatty():
            self.bar = click.progressbar(length=1000, label=label, file=sys.stderr,
                                         show_eta=False)
            self.bar.__enter__()
        self.done = 0

    def __call__(self, message: str, fraction: float) -> None:
        if self.bar is not None:
            target = int(fraction * 1000)
            if target > self.done:
                self.bar.update(target - self.done)
                self.done = target

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _summary_text(result: Any) -> str:
    summary = result.summary
    size = result.gpkg.stat().st_size / 1e6
    lines = [f"built {summary['days']} days, {summary['start']} to {summary['end']}: "
             f"{result.gpkg} ({size:.1f} MB)"]
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
    lines.append(_table(rows, [("side", "side"), ("country", "in"), ("start", "start km²"),
                               ("end", "end km²"), ("change", "change km²")]))
    if summary["months"]:
        rows = [{"month": m["month"], "side": m["side"], "country": m["country"],
                 "modelled": f"{m['modelled_km2_per_day']:+,.2f}",
                 "reported": (f"{m['reported_km2_per_day']:,.2f} ({', '.join(m['report_ids'])})"
                              if m["reported_km2_per_day"] is not None else "")}
                for m in summary["months"]]
        lines += ["", _table(rows, [("month", "month"), ("side", "side"), ("country", "in"),
                                    ("modelled", "modelled km²/day"),
                                    ("reported", "reported km²/day")])]
    for note in summary["notes"]:
        lines.append(f"note: {note}")
    return "\n".join(lines)


def _run_build(scenario: str, outdir: str, quiet: bool, tiles: str,
               formats: tuple[str, ...] = (), resolution: float = 250.0) -> None:
    from frontline.layers import build

    gaz = _gazetteer()
    progress = _Progress(quiet, "building")
    try:
        result = build(scenario, outdir, gazetteer=gaz, progress=progress, tiles=tiles,
                       command=" ".join(["frontline", *sys.argv[1:]]), formats=formats,
                       resolution=resolution)
    finally:
        progress.close()
    _print_problems(result.warnings)
    if not quiet:
        click.echo(_summary_text(result))


def tiles_option(func: F) -> F:
    """``--tiles osm|none|URL`` for every command that writes a map."""
    return click.option(
        "--tiles", default="osm", show_default=True, metavar="osm|none|URL",
        help="Basemap of the HTML map: OpenStreetMap, none, or a tile URL with {z}/{x}/{y}. "
             "Borders and places are drawn as vectors, so the map reads without it.",
    )(func)


@main.command("build")
@click.argument("scenario", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False), required=True,
              help="Output directory (created if needed).")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
@tiles_option
@click.option("--format", "formats", type=click.Choice(["geojson", "fgb"]), multiple=True,
              help="Also write each layer as GeoJSON or FlatGeobuf (repeatable).")
@click.option("--resolution", type=click.FloatRange(min=10), default=250.0, show_default=True,
              help="Cell size in metres of capture_date.tif.")
def build_cmd(scenario: str, outdir: str, quiet: bool, tiles: str,
              formats: tuple[str, ...], resolution: float) -> None:
    """Model a scenario: OUTDIR/frontline.gpkg, map.html and capture_date.tif.

    Prints the days built, each side's area at the start and the end, and
    km²/day per month beside the reported rates.
    """
    _run_build(scenario, outdir, quiet, tiles, formats, resolution)


@main.command("map")
@click.argument("gpkg", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="The HTML file to write.")
@tiles_option
def map_cmd(gpkg: str, output: str, tiles: str) -> None:
    """Rebuild the interactive map from a GeoPackage written by `frontline build`."""
    from frontline.layers.webmap import build_map

    try:
        path = build_map(gpkg, output, tiles=tiles)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--tiles") from None
    click.echo(f"map: {path} ({path.stat().st_size / 1e6:.1f} MB)")


@main.command()
@click.argument("scenario", type=click.Path(exists=True, dir_okay=False))
def validate(scenario: str) -> None:
    """Check a scenario: every problem with its file, line and field."""
    from frontline.errors import ScenarioError
    from frontline.geo.scenario import load_scenario

    try:
        sc = load_scenario(scenario, gazetteer=_gazetteer())
    except ScenarioError as exc:
        _print_problems(exc.problems)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        click.echo(f"{scenario}: {errors} error(s)", err=True)
        sys.exit(EXIT_FAILED)
    _print_problems(sc.warnings)
    click.echo(f"{scenario}: ok: {len(sc.settlements)} settlements, {len(sc.reports)} "
               f"reports, {len(sc.days)} days"
               + (f", {len(sc.warnings)} warning(s)" if sc.warnings else ""))


@main.command()
@click.argument("article", type=click.Path(exists=True, allow_dash=True))
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]),
              help="Publication date (YYYY-MM-DD) for articles that do not carry one; "
                   "relative dates ('on Sunday', 'last week') count from it.")
@click.option("--url", default="", help="URL of a single article (for its source).")
@click.option("--title", default="", help="Title of a single article (default: from HTML).")
@click.option("--publisher", default="", help="Publisher (default: the URL's host).")
@output_format_options("yaml", "json")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write here (atomically) instead of standard output.")
@click.option("--scenario", "context", type=click.Path(exists=True, dir_okay=False),
              help="Read this scenario's theatre, sides and front for context.")
@click.option("--into", type=click.Path(exists=True, dir_okay=False),
              help="Append the reports to this scenario, after showing what would change.")
@click.option("--yes", is_flag=True, help="With --into: do not ask before writing.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out reports below this confidence.")
@click.option("--mentions", is_flag=True, help="Also list every place and region named.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes for a corpus.")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
def extract(article: str, published: Any, url: str, title: str, publisher: str, fmt: str,
            output: str | None, context: str | None, into: str | None, yes: bool,
            min_confidence: float, mentions: bool, jobs: int, quiet: bool) -> None:
    """Find reports in news text: captures, withdrawals, rates, areas, deployments.

    ARTICLE is a text or HTML file, a JSONL file of articles (id, published, url,
    title, text), a directory of them, or - for one article on standard input.
    Every report cites its sentence, the character span and a confidence; review
    them before use. Negated and hypothetical claims give no report (they are
    listed under 'rejected').

    \b
      frontline extract article.txt --published 2024-10-30
      frontline extract corpus.jsonl -o reports.yaml --jobs 2
      frontline extract article.html --published 2024-10-30 --into my.yaml
    """
    from frontline.geo import corpus
    from frontline.geo.articles import BadRecord, read_articles
    from frontline.geo.extract import Extractor

    pub = published.date() if published else None
    scenario = None
    if into or context:
        scenario = _load_or_explain(into or context)
    extractor = (Extractor.for_scenario(scenario, _gazetteer()) if scenario
                 else Extractor(_gazetteer()))
    items = read_articles(article, published=pub, url=url, publisher=publisher, title=title)
    total = corpus.count_records(article)
    stream = corpus.extract_stream(items, extractor, jobs=jobs)
    skipped = 0
    found: list[dict[str, Any]] = []

    def each(item: Any) -> Any:
        nonlocal skipped
        if isinstance(item, BadRecord):
            skipped += 1
            click.echo(f"skipped {item.id} ({item.origin}): {item.message}", err=True)
            return None
        item.reports[:] = [r for r in item.reports
                           if r["evidence"]["confidence"] >= min_confidence]
        return item

    show = not quiet and total > 1
    with click.progressbar(stream, length=total, label="extracting", file=sys.stderr,
                           hidden=not show) as bar:
        if into:
            for item in bar:
                if each(item) is not None:
                    found.extend(item.reports)
        else:
            with corpus.output_file(output) as fh, \
                    corpus.ReportWriter(fh, fmt, mentions=mentions) as writer:
                for item in bar:
                    if each(item) is not None:
                        writer.add(item)
                writer.close()
            if not quiet:
                click.echo(f"{writer.reports} report(s) from {writer.articles} article(s), "
                           f"{writer.rejected} claim(s) rejected"
                           + (f", {skipped} record(s) skipped" if skipped else "")
                           + (f"; wrote {output}" if output else ""), err=True)
            return
    assert into is not None and scenario is not None
    _merge(into, scenario, found, yes=yes, quiet=quiet)


def _load_or_explain(path: str) -> Any:
    from frontline.errors import ScenarioError
    from frontline.geo.scenario import load_scenario

    try:
        return load_scenario(path, gazetteer=_gazetteer())
    except ScenarioError as exc:
        _print_problems(exc.problems)
        click.echo(f"{path}: fix the scenario first", err=True)
        sys.exit(EXIT_FAILED)


def _merge(into: str, scenario: Any, found: list[dict[str, Any]], *, yes: bool,
           quiet: bool) -> None:
    import difflib
    from pathlib import Path

    from frontline.geo import corpus

    path = Path(into)
    text = path.read_text(encoding="utf-8")
    new_text, added, skipped = corpus.merge_into_scenario(
        text, found, start=scenario.start, end=scenario.end,
        same_place=corpus.same_claim(scenario, _gazetteer()))
    for r, why in skipped:
        click.echo(f"not added: {r['id']}: {why}", err=True)
    if not added:
        click.echo(f"{into}: nothing to add", err=True)
        return
    diff = difflib.unified_diff(text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                fromfile=into, tofile=f"{into} (with {len(added)} report(s))")
    click.echo("".join(diff), nl=False)
    problems = corpus.check_scenario_text(path, new_text, _gazetteer())
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        _print_problems(errors)
        click.echo(f"{into}: not changed: the new reports would not validate", err=True)
        sys.exit(EXIT_FAILED)
    if not yes and not click.confirm(f"Add {len(added)} report(s) to {into}?", err=True):
        click.echo(f"{into}: not changed", err=True)
        return
    corpus.write_text_atomic(path, new_text)
    if not quiet:
        click.echo(f"{into}: added {len(added)} report(s)", err=True)


@main.command()
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False),
              default="frontline-demo", show_default=True, help="Output directory.")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
@tiles_option
def demo(outdir: str, quiet: bool, tiles: str) -> None:
    """Build the embedded example (Ukraine and Kursk, autumn 2024), offline.

    Writes DIR/frontline.gpkg and DIR/map.html and prints their paths.
    """
    from frontline.layers import demo_scenario_path

    _run_build(str(demo_scenario_path()), outdir, quiet, tiles)


@main.command()
@click.argument("gpkg", type=click.Path(exists=True, dir_okay=False))
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="month",
              show_default=True, help="Bucket of time.")
@output_format_options("table", "csv", "json", "markdown")
@click.option("--plot", "plot", type=click.Path(dir_okay=False),
              help="Also draw area and daily change over time to this PNG.")
@click.option("--raster", type=click.Path(exists=True, dir_okay=False),
              help="Instead, sum this single-band raster (e.g. population) over each "
                   "side's gains.")
def stats(gpkg: str, by: str, fmt: str, plot: str | None, raster: str | None) -> None:
    """Area per side and country at the start and end of each day, week or month.

    With the change, km²/day, and beside it the reported rate where an advance
    rate covers the bucket, and the difference.
    """
    from frontline.layers.stats import area_stats, plot_stats, raster_sums

    if plot:
        click.echo(f"plot: {plot_stats(gpkg, plot)}", err=True)
    if raster:
        rows, outside = raster_sums(gpkg, raster, by=by)  # type: ignore[arg-type]
        columns = ["period", "side", "sum", "cells"]
        click.echo(f"{outside:.1%} of the raster's cells lie outside the theatre", err=True)
    else:
        rows = area_stats(gpkg, by=by)  # type: ignore[arg-type]
        columns = ["period", "side", "country", "days", "start_km2", "end_km2", "change_km2",
                   "km2_per_day", "reported_km2_per_day", "difference_km2_per_day",
                   "report_ids"]
    if fmt == "json":
        click.echo(json.dumps(rows, default=str, indent=2))
    elif fmt == "csv":
        _echo_csv(rows, columns)
    else:
        def cell(value: Any) -> str:
            if value is None:
                return ""
            return f"{value:,.2f}" if isinstance(value, float) else str(value)

        if fmt == "markdown":
            click.echo("| " + " | ".join(columns) + " |")
            click.echo("|" + "|".join(" --- " for _ in columns) + "|")
            for r in rows:
                click.echo("| " + " | ".join(cell(r[c]) for c in columns) + " |")
        else:
            texts = [{c: cell(r[c]) for c in columns} for r in rows]
            click.echo(_table(texts, [(c, c.replace("_", " ").replace("km2", "km²"))
                                      for c in columns]))


# -- gazetteer ----------------------------------------------------------------------
@main.group()
def gazetteer() -> None:
    """Manage the gazetteer: build the index, import places the embedded data lacks."""


@gazetteer.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the index exists.")
def gazetteer_build(force: bool) -> None:
    """Build the compact index of the embedded GeoNames data now (else on first lookup)."""
    from frontline.geo import index

    path = index.index_path()
    if path.exists() and not force:
        click.echo(f"index already built: {path}")
        return
    index.build_index(path, progress=_progress_printer())
    click.echo(f"index built: {path} ({path.stat().st_size / 1e6:.0f} MB)")


@gazetteer.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(["geonames", "csv"]),
              help="File kind; detected from the file if not given.")
def gazetteer_import(file: str, kind: str | None) -> None:
    """Add places from a GeoNames dump (UA.zip, UA.txt) or a CSV (name,lat,lon[,...]).

    The CSV has a header naming name, lat, lon and optionally country, admin1
    and aliases (separated by ';'). Importing the same file again replaces
    what it added.
    """
    from frontline.geo import usergaz

    result = usergaz.import_file(file, kind=kind, gazetteer=_gazetteer())  # type: ignore[arg-type]
    click.echo(
        f"imported {result.added} place(s) from {result.path} as source {result.source_id}"
        + (f"; skipped {result.skipped} row(s) (not populated places, or already embedded)"
           if result.skipped else "")
        + (f"; replaced {result.replaced} from an earlier import" if result.replaced else "")
    )


@gazetteer.command("list")
@click.option("--places", "show_places", is_flag=True, help="List the places, not the files.")
@click.argument("source", required=False)
def gazetteer_list(show_places: bool, source: str | None) -> None:
    """List imported files (or, with --places, their places)."""
    from frontline.geo import index, usergaz

    if show_places or source:
        rows = usergaz.list_places(source)
        if rows:
            click.echo(_table(rows, [("id", "id"), ("name", "name"), ("lat", "lat"),
                                     ("lon", "lon"), ("country", "cc"), ("admin1", "admin-1"),
                                     ("source", "source")]))
        return
    sources = usergaz.list_sources()
    if not sources:
        click.echo(f"no imported files (user gazetteer: {index.user_gazetteer_path()})")
        return
    click.echo(_table(sources, [("id", "id"), ("count", "places"), ("kind", "kind"),
                                ("imported_at", "imported"), ("path", "file")]))


@gazetteer.command("remove")
@click.argument("source")
def gazetteer_remove(source: str) -> None:
    """Remove the places an imported file added (SOURCE: its id or path)."""
    from frontline.geo import usergaz

    removed = usergaz.remove_source(source)
    click.echo(f"removed {removed} place(s)")


if __name__ == "__main__":  # pragma: no cover
    main()
