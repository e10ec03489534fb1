"""The model's second thread: work split over two threads, and work put on it.

GEOS lets go of the GIL during an overlay, so a second thread does real work
beside the first. The model keeps one such thread while it runs
(:class:`concurrent.futures.ThreadPoolExecutor` with one worker); these helpers
run work there, or here when there is none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from typing import TypeVar

__all__ = ["in_pool", "on_two_threads"]

T = TypeVar("T")
R = TypeVar("R")


def on_two_threads(pool: Executor | None, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[fn(item) for item in items]``, the second half on ``pool``'s thread while this one
    does the first (GEOS lets go of the GIL); all here without a pool or with one item.

    ``fn`` must be safe to run on two threads at once (overlays of geometries that
    are only read are; prepared geometries, lazily indexed, are not).

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(max_workers=1) as pool:
    ...     on_two_threads(pool, lambda n: n * n, [1, 2, 3])
    [1, 4, 9]
    """
    if pool is None or len(items) < 2:
        return [fn(item) for item in items]
    half = (len(items) + 1) // 2
    theirs = [pool.submit(fn, item) for item in items[half:]]
    return [fn(item) for item in items[:half]] + [f.result() for f in theirs]


def in_pool(pool: Executor | None, fn: Callable[..., T], /, *args: object) -> Future[T]:
    """``fn(*args)`` on ``pool``'s thread, or here (a future already done) without a pool.

    Examples
    --------
    >>> in_pool(None, max, 2, 3).result()
    3
    """
    if pool is not None:
        return pool.submit(fn, *args)
    done: Future[T] = Future()
    done.set_result(fn(*args))
    return done
