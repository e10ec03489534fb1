"""Extraction over many articles: in order, in bounded memory, on several processes.

:func:`extract_stream` takes articles in and gives
:class:`~frontline.news.extract.Extraction` (or
:class:`~frontline.news.articles.BadRecord`) out, in input order, with at most a
few articles per process in flight, so memory stays bounded however long the
corpus. If the consumer stops early or an error (or a signal turned into one)
interrupts it, the worker processes are terminated, never left behind.

With ``scheduler=ADDRESS`` the articles go to the workers of a Dask distributed
cluster instead (``frontline[cluster]``): each worker thread builds its extractor
(and loads the parser) once, the stream keeps a few articles per worker thread in
flight, and the results come back in input order, so the output is the same as
the local run's.
"""

from __future__ import annotations

import signal
import threading
import uuid
from collections import deque
from collections.abc import Generator, Iterable
from multiprocessing.pool import AsyncResult
from typing import Any

from frontline.news.articles import Article, BadRecord
from frontline.news.extract import Extraction, Extractor

__all__ = ["SchedulerUnreachable", "extract_stream"]

_worker: Extractor | None = None
#: On a Dask worker: the extractor of each run (its token) and thread.
_dask_workers: dict[tuple[str, int], Extractor] = {}
#: How long to wait for a Dask scheduler before saying it cannot be reached (seconds).
SCHEDULER_TIMEOUT_S = 10
#: Articles per Dask task: a task should outlast the scheduler's own cost per task (about a
#: millisecond each way), and one article takes 2-5 ms to read.
CLUSTER_BATCH = 32


class SchedulerUnreachable(OSError):
    """The Dask scheduler given could not be reached."""


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


def _dask_run(token: str, config: dict[str, Any], articles: list[Article]
              ) -> list[Extraction | BadRecord]:
    """A batch of articles on a Dask worker, with the extractor this thread built for the
    run (built once: the parser loads once per worker thread)."""
    key = (token, threading.get_ident())
    extractor = _dask_workers.get(key)
    if extractor is None:
        for old in [k for k in _dask_workers if k[0] != token]:  # an earlier run's: let go
            _dask_workers.pop(old, None)
        extractor = _dask_workers[key] = Extractor(**config)
    return [_safe(extractor, a) for a in articles]


def _on_cluster(items: Iterable[Article | BadRecord], extractor: Extractor, scheduler: str,
                window: int) -> Generator[Extraction | BadRecord, None, None]:
    """The articles read on the Dask cluster at ``scheduler``, in order, in batches of
    :data:`CLUSTER_BATCH` (connected at once, so an unreachable scheduler is known before the
    first article is read)."""
    import importlib

    distributed: Any = importlib.import_module("distributed")  # untyped: used through Any
    try:
        client = distributed.Client(scheduler, timeout=SCHEDULER_TIMEOUT_S,
                                    set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnreachable(f"cannot reach the Dask scheduler at {scheduler}: {exc}"
                                   ) from None

    def stream() -> Generator[Extraction | BadRecord, None, None]:
        # each batch: its items in input order (bad records kept in place) and the future
        pending: deque[tuple[list[Article | BadRecord], Any]] = deque()
        batch: list[Article | BadRecord] = []
        threads = max(1, sum(client.nthreads().values()))
        config = client.scatter(extractor.config(), broadcast=True)
        token = uuid.uuid4().hex

        def send() -> None:
            articles = [a for a in batch if isinstance(a, Article)]
            pending.append((list(batch), client.submit(_dask_run, token, config, articles,
                                                       pure=False) if articles else None))
            batch.clear()

        def done() -> Generator[Extraction | BadRecord, None, None]:
            items_, future = pending.popleft()
            results = iter(future.result() if future is not None else [])
            for it in items_:
                yield it if isinstance(it, BadRecord) else next(results)

        try:
            for item in items:
                batch.append(item)
                if len(batch) >= CLUSTER_BATCH:
                    send()
                while len(pending) >= threads * max(2, window // 4):
                    yield from done()
            if batch:
                send()
            while pending:
                yield from done()
        finally:
            client.cancel([f for _, f in pending if f is not None])
            client.close()

    return stream()


def extract_stream(
    items: Iterable[Article | BadRecord],
    extractor: Extractor,
    *,
    jobs: int = 1,
    window: int = 8,
    scheduler: str | None = None,
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
        Articles in flight per process (or per worker thread of a cluster).
    scheduler : str, optional
        The address of a Dask distributed scheduler ('tcp://host:8786'): read on its
        workers instead of here (``jobs`` is then not used).

    Yields
    ------
    Extraction or BadRecord

    Raises
    ------
    SchedulerUnreachable
        No scheduler answered at ``scheduler``.
    """
    if scheduler:
        return _on_cluster(items, extractor, scheduler, window)
    return _local(items, extractor, jobs, window)


def _local(items: Iterable[Article | BadRecord], extractor: Extractor, jobs: int, window: int
           ) -> Generator[Extraction | BadRecord, None, None]:
    """The articles read here, by this process or a pool of ``jobs``."""
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
