"""Shared fixtures.

The gazetteer index is built once per data version into the user's cache
directory (or ``$FRONTLINE_CACHE_DIR``), exactly as for a user; it is immutable,
so tests share it. The user gazetteer is always a temporary directory, so
tests never see or touch a user's imported places.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

_DATA_DIR = os.environ["FRONTLINE_DATA_DIR"]  # a temporary directory: see ../conftest.py


#: Scripts the tests run with Debian's Python and QGIS, not test modules (--doctest-modules
#: would import them here, where QGIS is not importable).
collect_ignore = ["qgis_probe.py", "qgis_raster_probe.py"]


@pytest.fixture(scope="session")
def index_path() -> Path:
    from frontline.geo import index

    return index.ensure_index()


@pytest.fixture(scope="session")
def gaz(index_path: Path) -> Iterator[object]:
    """The embedded gazetteer, without user entries."""
    from frontline.geo import Gazetteer

    g = Gazetteer(index_path, user_path=Path(_DATA_DIR) / "none.sqlite")
    yield g
    g.close()


@pytest.fixture
def user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, empty user gazetteer used by library and CLI alike."""
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path / "data"))
    from frontline.geo import Gazetteer, index

    Gazetteer.reset_default()
    yield index.user_gazetteer_path()
    Gazetteer.reset_default()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def demo_copy(tmp_path: Path, index_path: Path) -> Path:
    """The demo scenario and its baseline table, copied to write into (``extract --into``)."""
    import shutil

    from frontline.layers import demo_scenario_path

    for name in ("autumn_2024.yaml", "settlement_control_2024-08-31.csv"):
        shutil.copy(demo_scenario_path().parent / name, tmp_path / name)
    return tmp_path / "autumn_2024.yaml"


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory, index_path: Path) -> object:
    """The demo built once for the session (read it, never change it)."""
    from frontline.layers import build, demo_scenario_path

    return build(demo_scenario_path(), tmp_path_factory.mktemp("demo"))


@pytest.fixture
def side_threads_catching_warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The threads other than the main one that enter ``warnings.catch_warnings``.

    It swaps the process's warning filters and back, so it is not thread-safe: entered
    on a second thread while the main one is inside its own (rasterio silences "no
    geotransform" with one, pandas its casts), it puts the main one's filters back from
    under it, which lets a silenced warning out at random (a CI run failed on it) or
    leaves "ignore" for the whole process. The model's and the map's second threads
    must not enter it.
    """
    entered: list[str] = []

    class Recording(warnings.catch_warnings):
        def __enter__(self) -> Any:
            if threading.current_thread() is not threading.main_thread():
                entered.append(threading.current_thread().name)
            return super().__enter__()

    monkeypatch.setattr(warnings, "catch_warnings", Recording)
    return entered
