"""News articles to read: plain text, HTML, JSON Lines, or a directory of them.

HTML is parsed with lxml and its main text found by ``readability-lxml``;
nothing in it is executed or fetched. Input that is too large or binary is
refused with a clear error; in a corpus, a bad record is reported with its
id and skipped (:class:`BadRecord`), never aborting the run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from frontline.errors import InputFileError

__all__ = [
    "MAX_ARTICLE_BYTES",
    "Article",
    "BadRecord",
    "article_files",
    "count_records",
    "html_published",
    "html_to_text",
    "is_corpus_file",
    "read_articles",
]

MAX_ARTICLE_BYTES = 2_000_000  # a long read is ~50 kB; more is not an article
_HTML_HINT = re.compile(r"<\s*(?:!doctype\s+html|html|body|article|p|div)\b", re.I)
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson"}


@dataclass(frozen=True)
class Article:
    """One article: its text and what a report's ``source:`` needs.

    Attributes
    ----------
    id : str
        From the JSONL record, else the file name.
    text : str
        Plain text; evidence spans are offsets into it.
    published : date or None
    title, url, publisher : str
    origin : str
        Where it was read from (``file`` or ``file:line``), for messages.
    """

    id: str
    text: str
    published: dt.date | None
    title: str = ""
    url: str = ""
    publisher: str = ""
    origin: str = ""


@dataclass(frozen=True)
class BadRecord:
    """A record of a corpus that could not be read (skipped, with the reason)."""

    id: str
    origin: str
    message: str


def _parse_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"published '{text}' is not a date (YYYY-MM-DD)") from None


def _decode(data: bytes, where: str) -> str:
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputFileError(where, f"{len(data):,} bytes is too large for an article "
                             f"(at most {MAX_ARTICLE_BYTES:,})")
    if b"\x00" in data[:65536]:
        raise InputFileError(where, "this is a binary file, not text or HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(where, f"not UTF-8 text (byte {exc.start})") from None


_META_DATES = ("article:published_time", "og:published_time", "datePublished", "pubdate",
               "publish-date", "date", "dc.date", "DC.date.issued", "sailthru.date")


def html_published(html: str) -> dt.date | None:
    """The publication date a page declares (``article:published_time``, ``<time>``...).

    Examples
    --------
    >>> html_published('<meta property="article:published_time" content="2024-10-30T09:12Z">')
    datetime.date(2024, 10, 30)
    """
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except (ValueError, TypeError, SyntaxError):
        return None
    wanted = {name.lower() for name in _META_DATES}
    values = [m.get("content") for m in root.iter("meta")
              if (m.get("property") or m.get("name") or m.get("itemprop") or "").lower()
              in wanted]
    values += [t.get("datetime") for t in root.iter("time")]
    for value in values:
        try:
            return _parse_date(value)
        except ValueError:
            continue
    return None


def html_to_text(html: str) -> tuple[str, str]:
    """The main text and the title of an HTML page.

    The page is parsed (lxml, through ``readability-lxml``), never evaluated:
    scripts, styles and event handlers are dropped with the markup.
    Paragraphs and headings become lines.

    Returns
    -------
    (text, title) : (str, str)
    """
    from lxml import html as lxml_html
    from readability import Document

    doc = Document(html)
    title = " ".join((doc.short_title() or "").split())
    summary = doc.summary(html_partial=True)
    if not summary.strip():
        return "", title
    root = lxml_html.fromstring(summary)
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    blocks = []
    for el in root.iter("p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "td"):
        if any(a.tag in ("p", "li", "blockquote") for a in el.iterancestors()):
            continue
        text = " ".join(el.text_content().split())
        if text:
            blocks.append(text)
    if not blocks:
        blocks = [" ".join(root.text_content().split())]
    return "\n\n".join(blocks), title


def _is_html(raw: str, path: Path) -> bool:
    return path.suffix.lower() in (".html", ".htm", ".xhtml") or bool(
        _HTML_HINT.search(raw, 0, 4096))


def _headline(text: str) -> str:
    """A first paragraph that reads as a headline: short and without a full stop."""
    first = text.strip().split("\n", 1)[0].strip()
    if 10 <= len(first) <= 160 and not first.endswith((".", "!", "?", ":", ";")):
        return first
    return ""


def _article_from_text(raw: str, path: Path, *, published: dt.date | None,
                       url: str, publisher: str, title: str) -> Article:
    text, found_title = raw, ""
    if _is_html(raw, path):
        text, found_title = html_to_text(raw)
    else:
        found_title = _headline(text)
    return Article(path.stem, text, published, title or found_title, url,
                   publisher or _publisher(url), str(path))


def _publisher(url: str) -> str:
    host = urlparse(url).hostname or "" if url else ""
    return host.removeprefix("www.")


def _record(line: str, where: str, number: int, published: dt.date | None,
            publisher: str) -> Article | BadRecord:
    rid = f"line {number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return BadRecord(rid, where, f"not JSON ({exc.msg}, column {exc.colno})")
    if not isinstance(data, dict):
        return BadRecord(rid, where, "a record is a JSON object")
    rid = str(data.get("id") or rid)
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        html = data.get("html")
        if isinstance(html, str) and html.strip():
            text, _ = html_to_text(html)
        else:
            return BadRecord(rid, where, "no 'text'")
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        return BadRecord(rid, where, f"text longer than {MAX_ARTICLE_BYTES:,} bytes")
    if "\x00" in text:
        return BadRecord(rid, where, "text holds binary data")
    try:
        date = _parse_date(data.get("published")) or published
    except ValueError as exc:
        return BadRecord(rid, where, str(exc))
    if date is None:
        return BadRecord(rid, where, "no 'published' date (relative dates need it); "
                         "give one in the record or with --published")
    url = str(data.get("url") or "")
    return Article(rid, text, date, str(data.get("title") or ""), url,
                   str(data.get("publisher") or publisher or _publisher(url)), where)


def _read_jsonl(path: Path, published: dt.date | None,
                publisher: str) -> Iterator[Article | BadRecord]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            where = f"{path}:{number}"
            if len(raw) > MAX_ARTICLE_BYTES * 2:
                yield BadRecord(f"line {number}", where, "record too large")
                continue
            try:
                line = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                yield BadRecord(f"line {number}", where, "not UTF-8")
                continue
            if line.strip():
                yield _record(line, where, number, published, publisher)


def is_corpus_file(path: Path) -> bool:
    """A JSON Lines file of articles (one record a line)."""
    return path.suffix.lower() in (".jsonl", ".ndjson")


def article_files(folder: Path) -> list[Path]:
    """The text, HTML and JSONL files of a directory (and below), sorted by path."""
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES)


def read_articles(
    path: str | Path,
    /,
    *,
    published: dt.date | None = None,
    url: str = "",
    publisher: str = "",
    title: str = "",
) -> Iterator[Article | BadRecord]:
    """Articles from a text or HTML file, a JSONL file, or a directory, as a stream.

    Parameters
    ----------
    path : str or Path
        ``"-"``: one article on standard input.
        ``.jsonl``/``.ndjson``: one JSON object per line with ``id``,
        ``published``, ``url``, ``title``, ``text`` (or ``html``) and
        optionally ``publisher``. A directory: every text, HTML and JSONL
        file in it, sorted by name. Anything else: one article.
    published : date, optional
        Publication date for articles that do not carry one (a text file
        never does).
    url, publisher, title : str
        For a single article.

    Yields
    ------
    Article or BadRecord
        A corpus yields a :class:`BadRecord` for each record it cannot
        read; a single article that cannot be read raises instead.

    Raises
    ------
    InputFileError
        A single file that is missing, binary, too large or has no date.
    """
    if str(path) == "-":  # one article on standard input
        import sys

        raw = _decode(sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1), "<stdin>")
        if published is None and _is_html(raw, Path("stdin")):
            published = html_published(raw)
        if published is None:
            raise InputFileError("<stdin>", "no publication date: give --published YYYY-MM-DD")
        article = _article_from_text(raw, Path("stdin"), published=published, url=url,
                                     publisher=publisher, title=title)
        yield dataclasses.replace(article, origin="<stdin>")
        return
    path = Path(path)
    if path.is_dir():
        for file in article_files(path):
            if is_corpus_file(file):
                yield from _read_jsonl(file, published, publisher)
                continue
            try:
                raw = _decode(file.read_bytes(), str(file))
            except InputFileError as exc:
                yield BadRecord(file.stem, str(file), exc.message)
                continue
            date = published or (html_published(raw) if _is_html(raw, file) else None)
            if date is None:
                yield BadRecord(file.stem, str(file), "no publication date: give --published")
                continue
            yield _article_from_text(raw, file, published=date, url="",
                                     publisher=publisher, title="")
        return
    if not path.exists():
        raise InputFileError(str(path), "no such file or directory")
    if is_corpus_file(path):
        yield from _read_jsonl(path, published, publisher)
        return
    raw = _decode(path.read_bytes(), str(path))
    if published is None and _is_html(raw, path):
        published = html_published(raw)
    if published is None:
        raise InputFileError(str(path), "no publication date: give --published YYYY-MM-DD "
                             "(relative dates such as 'on Sunday' count from it)")
    yield _article_from_text(raw, path, published=published, url=url,
                             publisher=publisher, title=title)


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
