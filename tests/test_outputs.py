"""A build's files are one set: an interrupt leaves all the old files or all the new ones."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import synthetic as S
from frontline.layers import build
from frontline.layers.outputs import STAGING_PREFIX, recover

RATE = """  - {id: r, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-09,
     rate_km2_per_day: 15, toward: [S135], source: s}"""


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def two_sets(tmp_path: Path, index_path: Path, monkeypatch: pytest.MonkeyPatch
             ) -> tuple[Path, Path, dict[str, str]]:
    """An output directory holding an old set, and a scenario whose build differs from it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1730505600")
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old = S.write_scenario(tmp_path / "old", end="2024-01-08", reports=RATE)
    new = S.write_scenario(tmp_path / "new", end="2024-01-10", reports=RATE)
    out = tmp_path / "out"
    build(old, out, tiles="none")
    return out, new, digests(out)


def _after(real: Callable[..., Any], exc: BaseException) -> Callable[..., Any]:
    """``real``, then ``exc``: an interrupt right after a writer finished its file."""
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise exc
    return wrapped


@pytest.mark.parametrize("where", [
    "frontline.layers.build.write_gpkg",
    "frontline.layers.raster.write_capture_dates",
    "frontline.layers.webmap.build_map",
    "frontline.layers.build.write_layers",
])
def test_an_interrupt_after_any_writer_leaves_the_old_set(
        two_sets: tuple[Path, Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch,
        where: str) -> None:
    out, scenario, before = two_sets
    module, name = where.rsplit(".", 1)
    real = getattr(sys.modules[module], name)
    monkeypatch.setattr(sys.modules[module], name, _after(real, KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        build(scenario, out, tiles="none", formats=("geojson",))
    assert digests(out) == before
    assert not list(out.glob(f"{STAGING_PREFIX}*"))


def test_a_failed_build_into_a_new_directory_leaves_none(tmp_path: Path, index_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-01-05", reports=RATE)
    webmap = sys.modules["frontline.layers.webmap"]
    monkeypatch.setattr(webmap, "build_map", _after(webmap.build_map, KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        build(scenario, tmp_path / "fresh", tiles="none")
    assert not (tmp_path / "fresh").exists()


KILL_IN_THE_SWAP = """
import os, signal, sys
import frontline.layers.outputs as outputs
def dying(staging, folder, names):
    for name in names[:2]:  # two files of the set in place, the others not yet
        os.replace(staging / name, folder / name)
    os.kill(os.getpid(), signal.SIGKILL)
outputs._put_in_place = dying
from frontline.layers import build
build(sys.argv[1], sys.argv[2], tiles="none")
"""


def test_a_kill_while_the_set_is_put_in_place_is_finished_next_time(
        two_sets: tuple[Path, Path, dict[str, str]], tmp_path: Path) -> None:
    out, scenario, before = two_sets
    proc = subprocess.run([sys.executable, "-c", KILL_IN_THE_SWAP, str(scenario), str(out)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    halfway = digests(out)
    assert halfway != before and set(halfway) == set(before)  # (half and half, for now)
    recover(out)  # what the next build does first
    reference = tmp_path / "reference"
    build(scenario, reference, tiles="none")
    assert digests(out) == digests(reference)
    assert not list(out.glob(f"{STAGING_PREFIX}*"))


SIGNAL_AT = """
import os, signal, sys
import frontline.layers.outputs as outputs
import frontline.layers.webmap as webmap
which = getattr(signal, sys.argv[3])
if sys.argv[4] == "map":  # after the map is written, before the set is put in place
    real = webmap.build_map
    def hit(*args, **kwargs):
        path = real(*args, **kwargs)
        os.kill(os.getpid(), which)
        return path
    webmap.build_map = hit
else:  # while the set is being put in place: it waits until the set is whole
    real = outputs._put_in_place
    def hit(*args, **kwargs):
        os.kill(os.getpid(), which)
        return real(*args, **kwargs)
    outputs._put_in_place = hit
from frontline.cli import main
main(["build", sys.argv[1], "-o", sys.argv[2], "--tiles", "none"])
"""


@pytest.mark.parametrize(("sig", "status", "said"), [
    ("SIGTERM", 143, "terminated"), ("SIGINT", 130, "interrupted")])
@pytest.mark.parametrize("when", ["map", "swap"])
def test_a_signal_leaves_one_whole_set_and_says_so(
        two_sets: tuple[Path, Path, dict[str, str]], tmp_path: Path, sig: str, status: int,
        said: str, when: str) -> None:
    out, scenario, before = two_sets
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1730505600"}
    proc = subprocess.run([sys.executable, "-c", SIGNAL_AT, str(scenario), str(out), sig,
                           when], capture_output=True, text=True, check=False, env=env)
    assert proc.returncode == status, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == said
    assert not list(out.glob(f"{STAGING_PREFIX}*"))
    if when == "map":
        assert digests(out) == before
    else:  # the signal waited for the whole new set
        reference = tmp_path / "reference"
        build(scenario, reference, tiles="none")
        got, want = digests(out), digests(reference)
        # (the GeoPackage records the command line, which differs)
        assert {k: v for k, v in got.items() if k != "frontline.gpkg"} == \
            {k: v for k, v in want.items() if k != "frontline.gpkg"}
        assert got["frontline.gpkg"] != before["frontline.gpkg"]


def test_a_geopackage_of_an_earlier_version_still_opens(demo: Any, tmp_path: Path) -> None:
    """Without the front_band and contested layers (written before they were), the map, the
    statistics and the figure are still made from it."""
    import sqlite3

    from frontline.layers.figure import draw_figure
    from frontline.layers.stats import area_stats
    from frontline.layers.webmap import map_data

    old = tmp_path / "old.gpkg"
    old.write_bytes(Path(demo.gpkg).read_bytes())
    con = sqlite3.connect(old)
    with con:
        for name in ("front_band", "contested"):
            for (trigger,) in con.execute("SELECT name FROM sqlite_master WHERE type = "
                                          "'trigger' AND tbl_name = ?", (name,)).fetchall():
                con.execute(f'DROP TRIGGER "{trigger}"')
            con.execute(f'DROP TABLE IF EXISTS "rtree_{name}_geom"')
            con.execute(f'DROP TABLE "{name}"')
            for table in ("gpkg_contents", "gpkg_geometry_columns", "gpkg_extensions"):
                con.execute(f"DELETE FROM {table} WHERE table_name = ?", (name,))
            con.execute("DELETE FROM layer_styles WHERE f_table_name = ?", (name,))
    con.close()
    data = map_data(old)
    assert data["band"] == [] and data["contested"] == [] and data["territory"]
    rows = area_stats(old)
    assert rows and all(r["band_width_km"] is None for r in rows)
    assert draw_figure(old, tmp_path / "f.png", date="2024-10-27").path.exists()
