"""Writing extracted reports: YAML in the scenario format, or JSON, streamed and atomic.

:class:`ReportWriter` streams reports (and, at the end, the claims that gave no
report and the places named) to a file that replaces its target only when
complete; :func:`reports_yaml` formats reports as the items of a scenario's
``reports:`` list, as ``--into`` appends them.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import yaml

from frontline._atomic import atomic_path
from frontline.news.extract import Extraction, report_data

__all__ = ["ReportWriter", "output_file", "reports_yaml"]


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


class _Dumper(_DumperBase):  # type: ignore[misc]
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
    """Streams reports (and unresolved and rejected claims, and mentions) to a file, atomically.

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
        self.reports = self.rejected = self.mentions = self.unresolved = 0
        self.articles = 0
        # the lists that follow the reports wait in temporary files (bounded memory)
        self._rej = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._unr = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._men = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._temps = (self._unr, self._rej, self._men)
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
        self.reports += self._emit(self.fh, [report_data(r) for r in extraction.reports],
                                   self.reports)
        self.unresolved += self._emit(self._unr, [report_data(r) for r in extraction.unresolved],
                                      self.unresolved)
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
        for tmp in self._temps:
            tmp.close()

    def close(self) -> None:
        """Finish the document: the reports' end, the rejected claims, the mentions."""
        self._head()
        for tmp in self._temps:
            tmp.seek(0)
        if self.fmt == "yaml":
            if not self.reports:
                self.fh.write("  []\n")  # 'reports:' then '[]' on its own line: an empty list
            self.fh.write("# Claims about places the gazetteer lacks: add the place (see each "
                          "hint) and extract again,\n# or pin it in the scenario as place: "
                          "{name, lat, lon}. Never merged by --into.\n"
                          + ("unresolved:\n" if self.unresolved else "unresolved: []\n"))
            _copy(self._unr, self.fh)
            self.fh.write("# Claims that gave no report (negated, hypothetical, no side, ...)\n"
                          + ("rejected:\n" if self.rejected else "rejected: []\n"))
            _copy(self._rej, self.fh)
            if self.with_mentions:
                self.fh.write("mentions:\n" if self.mentions else "mentions: []\n")
                _copy(self._men, self.fh)
        else:
            self.fh.write('\n],\n"unresolved": [')
            _copy(self._unr, self.fh)
            self.fh.write('\n],\n"rejected": [')
            _copy(self._rej, self.fh)
            self.fh.write("\n]")
            if self.with_mentions:
                self.fh.write(',\n"mentions": [')
                _copy(self._men, self.fh)
                self.fh.write("\n]")
            self.fh.write("}\n")
        for tmp in self._temps:
            tmp.close()


def _copy(src: IO[str], dst: IO[str]) -> None:
    while chunk := src.read(1 << 16):
        dst.write(chunk)


@contextmanager
def output_file(output: str | Path | None) -> Iterator[IO[str]]:
    """Standard output, or a file that appears only once written whole."""
    if not output:
        yield sys.stdout
        return
    with atomic_path(output, suffix=Path(output).suffix) as tmp, \
            tmp.open("w", encoding="utf-8") as fh:
        yield fh
