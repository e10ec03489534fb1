"""What the writers make of each day of a run, kept for the next build of the scenario.

A rebuild takes the days before the first one its changes reach from the last run
(:mod:`~frontline.model.resume`), and those days keep their names
(:attr:`~frontline.model.timeline.Timeline.tokens`). What is made of such a day
alone (its band, say) is then the same as last time: a :class:`DayMemo` keeps it
under the day's name and what else it was made from, beside the model's cache,
and the next build takes it from there instead of making it again. The map's pieces
of ground are kept there too, under the digest of the ground they were made of
(:mod:`frontline.layers.pieces`). Only what a build used is kept, so the file holds
one run's values.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import zlib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar, cast

__all__ = ["DayMemo", "writers_digest"]

T = TypeVar("T")
#: The memo's file, in the scenario's folder of the model's cache.
NAME = "days.memo"


def writers_digest() -> str:
    """The code that makes the days' layers, and the thresholds: a memo made by other
    code is not used."""
    import frontline

    root = Path(frontline.__file__).parent
    files = sorted([*root.joinpath("layers").glob("*.py"), root / "model" / "band.py",
                    root / "model" / "memo.py", root / "geo" / "projection.py",
                    root / "thresholds.py", root / "_version.py"])
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()


class DayMemo:
    """Values made of single days, by key (a day's token and what else they depend on).

    Parameters
    ----------
    path : path-like or None
        The memo's file (None: nothing is kept, every value is made).

    Notes
    -----
    A file that cannot be read, or was written by other code, is ignored; one that
    cannot be written is not kept (the next build makes the values again). Safe to
    use from several threads.
    """

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self.version = writers_digest() if self.path is not None else ""
        self._old: dict[Hashable, Any] = {}
        self._new: dict[Hashable, Any] = {}
        self._lock = threading.Lock()
        self.hits = 0
        if self.path is not None and self.path.is_file():
            try:
                version, values = pickle.loads(zlib.decompress(self.path.read_bytes()))
                if version == self.version and isinstance(values, dict):
                    self._old = values
            except Exception:  # (a memo is never trusted: made again)
                self._old = {}

    @classmethod
    def beside(cls, cache: Any, key: str) -> DayMemo:
        """The memo of the scenario ``key`` in a :class:`~frontline.model.resume.ModelCache`
        (None, or no key: one that keeps nothing)."""
        if cache is None or not key:
            return cls(None)
        return cls(Path(cache.folder(key)) / NAME)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept under ``key``, or ``make()`` (then kept)."""
        if self.path is None:
            return make()
        with self._lock:
            if key in self._new:
                return cast(T, self._new[key])
            found = key in self._old
            kept = self._old.get(key)
        if found:
            self.hits += 1
        value = cast(T, kept) if found else make()
        with self._lock:
            self._new[key] = value
        return value

    def save(self) -> None:
        """Keep what this build used, for the next (atomically; silently not, when the
        file cannot be written)."""
        if self.path is None:
            return
        from frontline._atomic import atomic_path
        from frontline.model.resume import _dumps

        data = zlib.compress(_dumps((self.version, self._new)), 1)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(self.path) as tmp:
                tmp.write_bytes(data)
        except OSError:
            pass
