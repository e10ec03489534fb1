"""Write a file whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_path"]


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
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=f".partial{suffix}",
                                dir=target.parent)
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
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
