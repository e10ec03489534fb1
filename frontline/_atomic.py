"""Write a file whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from frontline.errors import OutputError

__all__ = ["atomic_path", "write_text_atomic"]


@contextmanager
def atomic_path(target: str | Path, *, suffix: str = "", mode: int | None = None,
                create: bool = True) -> Iterator[Path]:
    """A temporary path next to ``target`` that replaces it when the block succeeds.

    Parameters
    ----------
    target : str or Path
    suffix : str
        Suffix of the temporary file (some writers choose a format by it).
    mode : int, optional
        Permissions of the result; by default those a new file gets under
        the umask (``mkstemp`` alone would make it private).
    create : bool, default True
        Leave the empty temporary file in place; False removes it first, for
        writers that refuse to overwrite.

    Yields
    ------
    Path
        Write here; on an exception it is removed and ``target`` is untouched.

    Raises
    ------
    OutputError
        The directory does not exist (it is never created on a guess) or
        cannot be written, or the result cannot be put in place.
    """
    target = Path(target)
    if not target.parent.is_dir():
        raise OutputError(str(target), f"the directory {target.parent} does not exist "
                          "(create it first)")
    if target.is_dir():
        raise OutputError(str(target), "is a directory")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=f".partial{suffix}",
                                    dir=target.parent)
    except OSError as exc:
        raise OutputError(str(target), exc.strerror or str(exc)) from None
    os.close(fd)
    tmp = Path(name)
    if not create:
        tmp.unlink()
    try:
        yield tmp
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(str(target), exc.strerror or str(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step, keeping its permissions."""
    target = Path(path)
    mode = target.stat().st_mode & 0o777 if target.exists() else None
    with atomic_path(target, suffix=target.suffix, mode=mode) as tmp:
        tmp.write_text(text, encoding="utf-8")
