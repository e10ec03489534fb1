"""A build's files as one set: the old set or the new one, never half of each.

:class:`OutputSet` gives a build a staging directory inside its output directory;
the writers write there under the final names. When all of them are done, the set
is put in place in one short step: a manifest names the files (from then on the
set is decided), each is renamed over its old version, and the staging directory
goes. SIGINT and SIGTERM wait during that step, so an interrupt leaves the whole
old set or the whole new one. A build killed in that step (SIGKILL, a power cut)
leaves the manifest behind: the next build into the directory (or :func:`recover`)
finishes putting that set in place before anything else; a build that failed or
was killed before it leaves a staging directory without one, which is removed.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType

from frontline.errors import OutputError

__all__ = ["STAGING_PREFIX", "OutputSet", "recover"]

#: The staging directories of builds, hidden in the output directory.
STAGING_PREFIX = ".frontline-build-"
#: Names the files of a set whose putting in place has begun.
MANIFEST = "SET"


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait: caught while the block runs, and raised again, to the
    handlers of before, when it ends. (Python runs signal handlers on the main thread,
    whichever thread the signal reached; off the main thread nothing is held, since an
    interrupt is raised there, not in the block.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    held = (signal.SIGINT, signal.SIGTERM)
    before = {s: signal.getsignal(s) for s in held}
    for s in held:
        signal.signal(s, hold)
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)


def _put_in_place(staging: Path, folder: Path, names: list[str]) -> None:
    """Rename each staged file over its old version, then drop the staging directory."""
    for name in names:
        source = staging / name
        if source.exists():  # (else already moved, before an interruption)
            os.replace(source, folder / name)
    (staging / MANIFEST).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def recover(folder: str | Path, /) -> list[str]:
    """Finish what an earlier build left in ``folder``: a set whose putting in place began
    is completed; a staging directory without a manifest is removed.

    Returns
    -------
    list of str
        The files put in place.
    """
    done: list[str] = []
    for staging in sorted(Path(folder).glob(f"{STAGING_PREFIX}*")):
        if not staging.is_dir():
            continue
        manifest = staging / MANIFEST
        if manifest.exists():
            names = [n for n in manifest.read_text(encoding="utf-8").splitlines() if n]
            with _signals_held():
                _put_in_place(staging, Path(folder), names)
            done += names
        else:
            shutil.rmtree(staging, ignore_errors=True)
    return done


class OutputSet:
    """A build's output files, written apart and put in place together.

    Parameters
    ----------
    folder : path-like
        The output directory; it must exist.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with OutputSet(folder) as out:
    ...     _ = out.path("a.txt").write_text("new")
    ...     _ = out.path("b.txt").write_text("new")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt', 'b.txt']
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.staging = self.folder

    def __enter__(self) -> OutputSet:
        recover(self.folder)
        try:
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.folder))
        except OSError as exc:
            raise OutputError(str(self.folder), exc.strerror or str(exc)) from None
        return self

    def path(self, name: str) -> Path:
        """Where the writer writes the file ``name`` of the set."""
        return self.staging / name

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is not None:  # the old set stays as it was
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        self.commit()

    def commit(self) -> None:
        """Put the staged files in place, as one step that SIGINT and SIGTERM wait for."""
        names = sorted(p.name for p in self.staging.iterdir()
                       if p.is_file() and p.name != MANIFEST)
        with _signals_held():
            decided = self.staging / f"{MANIFEST}.partial"
            decided.write_text("\n".join(names) + "\n", encoding="utf-8")
            os.replace(decided, self.staging / MANIFEST)  # from here, the new set is decided
            try:
                _put_in_place(self.staging, self.folder, names)
            except OSError as exc:
                raise OutputError(str(self.folder), f"cannot put the new files in place: "
                                  f"{exc.strerror or exc}; the next build finishes it") from None
