"""Rebuild when the scenario, or a file it names, changes.

:func:`watch_build` builds once, then waits for a change to the scenario file or
to the files it names (its baseline table or polygons, borders, barriers) and
builds again, each time as one set of files (:mod:`frontline.layers.outputs`). A
scenario with problems is reported and leaves the last good outputs as they are.
Changes are watched by ``watchfiles`` (the operating system's notifications,
not polling); a burst of saves is one rebuild.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.errors import FrontlineError
from frontline.layers.build import BuildResult, build
from frontline.scenario import scenario_inputs

__all__ = ["Rebuild", "watch_build"]


@dataclass(frozen=True)
class Rebuild:
    """One build of a watch: its result, or the error that stopped it, and its seconds."""

    result: BuildResult | None
    error: FrontlineError | None
    seconds: float
    changed: tuple[Path, ...] = ()


def _once(scenario: Path, outdir: Path, changed: tuple[Path, ...],
          options: dict[str, Any]) -> Rebuild:
    start = time.perf_counter()
    try:
        result = build(scenario, outdir, **options)
    except FrontlineError as exc:  # bad input: said, and the last outputs kept
        return Rebuild(None, exc, time.perf_counter() - start, changed)
    return Rebuild(result, None, time.perf_counter() - start, changed)


def _report(rebuild: Rebuild, src: Path, on_build: Callable[[Rebuild], None]) -> set[Path]:
    """Tell of a build; the files to watch next: those of the scenario it loaded, or (it
    could not load it) those its file names as far as it can be read."""
    on_build(rebuild)
    inputs = (rebuild.result.scenario.inputs if rebuild.result is not None
              else scenario_inputs(src))
    return {p.resolve() for p in inputs}


def watch_build(scenario: str | Path, outdir: str | Path, /, *,
                on_build: Callable[[Rebuild], None],
                stop: threading.Event | None = None, debounce_ms: int = 300,
                **options: Any) -> None:
    """Build ``scenario`` into ``outdir``, then again whenever one of its files changes.

    Parameters
    ----------
    scenario, outdir : path-like
        As for :func:`~frontline.layers.build`.
    on_build : callable
        Told of each build (:class:`Rebuild`), the first included.
    stop : threading.Event, optional
        Set it to end the watch (else it runs until interrupted).
    debounce_ms : int, default 300
        Changes this close together are one rebuild.
    **options
        Passed to :func:`~frontline.layers.build` (``tiles``, ``formats``, ...).
    """
    import watchfiles

    src = Path(scenario).resolve()
    out = Path(outdir)
    files = _report(_once(src, out, (), options), src, on_build)
    while stop is None or not stop.is_set():
        folders = sorted({p.parent for p in files if p.parent.is_dir()})
        watched = set(files)  # (updated in place while this watch runs)

        def ours(change: Any, path: str, watched: set[Path] = watched) -> bool:
            return Path(path).resolve() in watched

        # one watch runs while the builds do, so a change made during a build is not lost:
        # it is the next batch
        for batch in watchfiles.watch(*folders, watch_filter=ours, debounce=debounce_ms,
                                      stop_event=stop, raise_interrupt=True, recursive=False,
                                      rust_timeout=500, yield_on_timeout=False):
            changed = tuple(sorted({Path(path) for _, path in batch}))
            now = files = _report(_once(src, out, changed, options), src, on_build)
            if {p.parent for p in now} != {p.parent for p in watched}:
                break  # other folders to watch: a new watch
            watched.clear()
            watched.update(now)
        else:
            return  # stopped
