"""Extraction over many articles: in order, in bounded memory, on several processes.

:func:`extract_stream` takes articles in and gives
:class:`~frontline.news.extract.Extraction` (or
:class:`~frontline.news.articles.BadRecord`) out, in input order, with at most a
few articles per process in flight, so memory stays bounded however long the
corpus. If the consumer stops early or an error (or a signal turned into one)
interrupts it, the worker processes are terminated, never left behind.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Generator, Iterable
from multiprocessing.pool import AsyncResult
from typing import Any

from frontline.news.articles import Article, BadRecord
from frontline.news.extract import Extraction, Extractor

__all__ = ["extract_stream"]

_worker: Extractor | None = None


def _init(config: dict[str, Any]) -> None:
    global _worker
    # the parent decides about interrupts and terminations; a worker just stops
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
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
) -> Generator[Extraction | BadRecord, None, None]:
    """Extract from a stream of articles, in order, with bounded memory.

    Parameters
    ----------
    items : iterable of Article or BadRecord
        E.g. :func:`~frontline.news.articles.read_articles`; bad records pass
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
    import multiprocessing

    pending: deque[AsyncResult[Extraction | BadRecord] | BadRecord] = deque()
    pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=_init,
                                                    initargs=(extractor.config(),))
    try:
        for item in items:
            pending.append(item if isinstance(item, BadRecord)
                           else pool.apply_async(_run, (item,)))
            while len(pending) >= jobs * window:
                head = pending.popleft()
                yield head if isinstance(head, BadRecord) else head.get()
        while pending:
            head = pending.popleft()
            yield head if isinstance(head, BadRecord) else head.get()
        pool.close()
        pool.join()
    finally:
        pool.terminate()  # stopped early or interrupted: no worker outlives the stream
