"""Extraction over many articles, and what to do with the reports.

* :func:`extract_stream`: articles in, :class:`~frontline.geo.extract.Extraction`
  (or :class:`~frontline.geo.articles.BadRecord`) out, in input order, with at
  most a few articles per process in flight, so memory stays bounded however
  long the corpus; ``jobs`` processes share the work.
* :class:`ReportWriter`: reports as YAML (the scenario format) or JSON,
  streamed to a temporary file that replaces the target only when complete.
* :func:`merge_into_scenario`: the text of a scenario with new reports
  appended to its ``reports:`` list (comments and layout kept), the reports
  it already has left out.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import yaml

from frontline.geo.articles import Article, BadRecord, article_files, is_corpus_file
from frontline.geo.extract import Extraction, Extractor

__all__ = [
    "ReportWriter",
    "check_scenario_text",
    "count_records",
    "extract_stream",
    "merge_into_scenario",
    "output_file",
    "reports_yaml",
    "same_claim",
    "write_text_atomic",
]

_worker: Extractor | None = None


def _init(config: dict[str, Any]) -> None:
    global _worker
    _worker = Extractor(**config)


def _run(article: Article) -> Extraction | BadRecord:
    assert _worker is not None
    return _safe(_worker, article)


def _safe(extractor: Extractor, article: Article) -> Extraction | BadRecord:
    try:
        return extractor.extract(article)
    except Exception as exc:  # one odd article must not end a corpus run
        return BadRecord(article.id, article.origin, f"extraction failed: {exc!r}")


def extract_stream(
    items: Iterable[Article | BadRecord],
    extractor: Extractor,
    *,
    jobs: int = 1,
    window: int = 8,
) -> Iterator[Extraction | BadRecord]:
    """Extract from a stream of articles, in order, with bounded memory.

    Parameters
    ----------
    items : iterable of Article or BadRecord
        E.g. :func:`~frontline.geo.articles.read_articles`; bad records pass
        through.
    extractor : Extractor
        Used as is with ``jobs=1``; with more, each process builds its own
        from the same theatre, sides and front.
    jobs : int, default 1
        Worker processes.
    window : int, default 8
        Articles in flight per process.

    Yields
    ------
    Extraction or BadRecord
    """
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, BadRecord) else _safe(extractor, item)
        return
    config = {"countries": extractor.countries, "sides": extractor.sides,
              "front": extractor.front}
    pending: deque[Future[Extraction | BadRecord] | BadRecord] = deque()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                             initargs=(config,)) as pool:
        for item in items:
            pending.append(item if isinstance(item, BadRecord) else pool.submit(_run, item))
            while len(pending) >= jobs * window:
                head = pending.popleft()
                yield head if isinstance(head, BadRecord) else head.result()
        while pending:
            head = pending.popleft()
            yield head if isinstance(head, BadRecord) else head.result()


# -- writing -------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


# libyaml's emitter when PyYAML has it: the same text, three times faster
_DumperBase: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_DumperBase):  # type: ignore[misc,valid-type]
    def ignore_aliases(self, data: Any) -> bool:
        return True  # each report written whole; no &id001 anchors across documents


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


def _span(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = len(data) <= 6 and all(isinstance(x, (int, float, str)) and len(str(x)) < 30
                                  for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _span)


def reports_yaml(reports: list[dict[str, Any]], *, indent: int = 2) -> str:
    """Reports as the items of a scenario's ``reports:`` list (each starts with ``- ``).

    Parameters
    ----------
    reports : list of dict
    indent : int
        Spaces before each ``-``, to match the scenario being added to.
    """
    if not reports:
        return ""
    text = yaml.dump(_plain(reports), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=96, indent=2)
    pad = " " * indent
    # yaml puts '- ' at column 0 and the keys of an item at column 2
    return "".join(pad + line if line.strip() else line
                   for line in text.splitlines(keepends=True))


class ReportWriter:
    """Streams reports (and rejected claims, and mentions) to a file, atomically.

    Parameters
    ----------
    fh : text file
        Where the whole document goes when :meth:`close` is called.
    fmt : {'yaml', 'json'}
    mentions : bool
        Also list every place and region named.
    """

    def __init__(self, fh: IO[str], fmt: str = "yaml", *, mentions: bool = False) -> None:
        import tempfile

        self.fh, self.fmt, self.with_mentions = fh, fmt, mentions
        self.reports = self.rejected = self.mentions = 0
        self.articles = 0
        # the two lists that follow the reports wait in temporary files (bounded memory)
        self._rej = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._men = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._head_done = False

    def _head(self) -> None:
        if self._head_done:
            return
        self._head_done = True
        if self.fmt == "yaml":
            self.fh.write("# Reports found by `frontline extract`: review each against its "
                          "evidence before use.\n# Paste the items under `reports:` into a "
                          "scenario, or use `frontline extract --into`.\nreports:\n")
        else:
            self.fh.write('{"reports": [')

    def add(self, extraction: Extraction) -> None:
        """Write one article's reports; keep its rejected claims and mentions for the end."""
        self._head()
        self.articles += 1
        mentions = ([{"article": extraction.article.id, **m.to_dict()}
                     for m in extraction.mentions] if self.with_mentions else [])
        self.reports += self._emit(self.fh, extraction.reports, self.reports)
        self.rejected += self._emit(self._rej, [r.to_dict() for r in extraction.rejected],
                                    self.rejected)
        self.mentions += self._emit(self._men, mentions, self.mentions)

    def _emit(self, fh: IO[str], items: list[dict[str, Any]], before: int) -> int:
        """Append items to a list already holding ``before`` of them; how many were added."""
        if self.fmt == "yaml":
            fh.write(reports_yaml(items, indent=0))
        else:
            for i, item in enumerate(items):
                fh.write(("," if before or i else "") + "\n  "
                         + json.dumps(item, default=_jsonable, ensure_ascii=False))
        return len(items)

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._rej.close()
        self._men.close()

    def close(self) -> None:
        """Finish the document: the reports' end, the rejected claims, the mentions."""
        self._head()
        for tmp in (self._rej, self._men):
            tmp.seek(0)
        if self.fmt == "yaml":
            if not self.reports:
                self.fh.write("  []\n")  # 'reports:' then '[]' on its own line: an empty list
            self.fh.write("# Claims that gave no report (negated, hypothetical, no side, ...)\n"
                          + ("rejected:\n" if self.rejected else "rejected: []\n"))
            _copy(self._rej, self.fh)
            if self.with_mentions:
                self.fh.write("mentions:\n" if self.mentions else "mentions: []\n")
                _copy(self._men, self.fh)
        else:
            self.fh.write('\n],\n"rejected": [')
            _copy(self._rej, self.fh)
            self.fh.write("\n]")
            if self.with_mentions:
                self.fh.write(',\n"mentions": [')
                _copy(self._men, self.fh)
                self.fh.write("\n]")
            self.fh.write("}\n")
        self._rej.close()
        self._men.close()


def _copy(src: IO[str], dst: IO[str]) -> None:
    while chunk := src.read(1 << 16):
        dst.write(chunk)


# -- into a scenario ------------------------------------------------------------------------------
def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("kind", "side", "place", "region", "date", "start", "end")

    def norm(v: Any) -> str:
        return str(v).strip().lower() if v is not None else ""

    return all(norm(a.get(k)) == norm(b.get(k)) for k in keys)


def merge_into_scenario(
    text: str,
    reports: list[dict[str, Any]],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    same_place: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None,
) -> tuple[str, list[dict[str, Any]], list[tuple[dict[str, Any], str]]]:
    """Append reports to a scenario's text, keeping its comments and layout.

    Parameters
    ----------
    text : str
        The scenario file's text.
    reports : list of dict
        Reports in the scenario format.
    start, end : date, optional
        The scenario's period: reports outside it are left out.
    same_place : callable, optional
        ``(new, existing) -> bool``: whether two reports are the same claim
        (default: same kind, side, place, region and dates as written).

    Returns
    -------
    (new_text, added, skipped)
        ``skipped`` pairs each left-out report with the reason.
    """
    data = yaml.safe_load(text) or {}
    existing = [r for r in (data.get("reports") or []) if isinstance(r, dict)]
    used_ids = {str(r.get("id")) for r in existing}
    same = same_place or _same
    added: list[dict[str, Any]] = []
    skipped: list[tuple[dict[str, Any], str]] = []
    for r in reports:
        when_a = r.get("date") or r.get("start")
        when_b = r.get("date") or r.get("end")
        if start and end and when_a and when_b and (when_b < start or when_a > end):
            skipped.append((r, f"outside the period {start}..{end}"))
            continue
        if any(same(r, e) for e in existing + added):
            skipped.append((r, "already in the scenario"))
            continue
        r = dict(r)
        base, n = str(r["id"]), 2
        while r["id"] in used_ids:
            r["id"], n = f"{base}-{n}", n + 1
        used_ids.add(r["id"])
        added.append(r)
    if not added:
        return text, added, skipped
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    node = yaml.compose(text)
    seq = None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "reports":
                seq = value
    indent = 2
    if isinstance(seq, yaml.SequenceNode) and seq.value:
        first = seq.value[0]
        indent = max(0, first.start_mark.column - 2)
        insert_at = seq.end_mark.line if seq.end_mark.column == 0 else seq.end_mark.line + 1
        # keep the block's trailing comments and blank lines after the new items
        while insert_at > 0 and not lines[insert_at - 1].strip():
            insert_at -= 1
        block = reports_yaml(added, indent=indent)
        new_lines = [*lines[:insert_at], block, *lines[insert_at:]]
        return "".join(new_lines), added, skipped
    # no reports yet: replace an empty 'reports:' / 'reports: []', or add the key
    body = "".join(lines)
    block = reports_yaml(added, indent=indent)
    pattern = re.compile(r"^reports:[ \t]*(?:\[\s*\])?[ \t]*(?:#.*)?$", re.M)
    if pattern.search(body):
        return pattern.sub(lambda m: "reports:\n" + block.rstrip("\n"), body, count=1) + (
            "" if body.endswith("\n") else "\n"), added, skipped
    return body + "\nreports:\n" + block, added, skipped


def same_claim(scenario: Any, gazetteer: Any
               ) -> Callable[[dict[str, Any], dict[str, Any]], bool]:
    """A test of whether a new report says what a scenario's report says.

    Places are compared once resolved (``Selidovo`` is ``Selydove``), the
    rest as written.
    """
    from frontline.errors import FrontlineError

    cache: dict[str, int | None] = {}

    def place_id(name: Any) -> int | None:
        if not name:
            return None
        key = str(name)
        if key not in cache:
            try:
                cache[key] = gazetteer.lookup(key, country=list(scenario.countries),
                                              best=True).place.id
            except FrontlineError:
                cache[key] = None
        return cache[key]

    def same(new: dict[str, Any], old: dict[str, Any]) -> bool:
        for k in ("kind", "side", "date", "start", "end"):
            if str(new.get(k) or "") != str(old.get(k) or ""):
                return False
        if new.get("place") or old.get("place"):
            a, b = place_id(new.get("place")), place_id(old.get("place"))
            return a is not None and a == b
        return str(new.get("region") or "").lower() == str(old.get("region") or "").lower()

    return same


def check_scenario_text(path: Path, text: str, gazetteer: Any) -> list[Any]:
    """Every problem the scenario would have with ``text`` as its content."""
    import tempfile

    from frontline.errors import ScenarioError
    from frontline.geo.scenario import load_scenario

    fd, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".check.yaml", dir=path.parent)
    try:
        with open(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            return list(load_scenario(name, gazetteer=gazetteer).warnings)
        except ScenarioError as exc:
            return list(exc.problems)
    finally:
        Path(name).unlink(missing_ok=True)


def count_records(path: str | Path) -> int:
    """How many articles a path holds (lines of JSONL, files of a directory), cheaply."""
    if str(path) == "-":
        return 1
    path = Path(path)
    total = 0
    for f in [path] if path.is_file() else article_files(path):
        if is_corpus_file(f):
            with f.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total


@contextmanager
def output_file(output: str | None) -> Iterator[IO[str]]:
    """Standard output, or a file that appears only once written whole."""
    import sys

    from frontline._atomic import atomic_path

    if not output:
        yield sys.stdout
        return
    with atomic_path(output, suffix=Path(output).suffix) as tmp, \
            tmp.open("w", encoding="utf-8") as fh:
        yield fh


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step."""
    from frontline._atomic import atomic_path

    mode = path.stat().st_mode & 0o777 if path.exists() else None
    with atomic_path(path, suffix=path.suffix, mode=mode) as tmp:
        tmp.write_text(text, encoding="utf-8")
