"""`build --watch`: a rebuild when the scenario or a file it names changes."""

from __future__ import annotations

import hashlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import synthetic as S
from frontline.layers.watch import Rebuild, watch_build
from frontline.scenario import scenario_inputs

RATE = """  - {id: r, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-04,
     rate_km2_per_day: 15, toward: [S135], source: s}"""


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_files_a_scenario_names_are_its_inputs(tmp_path: Path) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-01-05")
    assert [p.name for p in scenario_inputs(scenario)] == ["scenario.yaml", "borders.geojson"]
    scenario.write_text("name: [unclosed", encoding="utf-8")  # unreadable: still itself
    assert [p.name for p in scenario_inputs(scenario)] == ["scenario.yaml"]


def test_a_change_rebuilds_and_a_broken_edit_keeps_the_last_outputs(tmp_path: Path,
                                                                     index_path: Path) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-01-05", reports=RATE)
    out = tmp_path / "out"
    builds: queue.Queue[Rebuild] = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_build, args=(scenario, out), daemon=True,
                               kwargs={"on_build": builds.put, "stop": stop, "tiles": "none",
                                       "resolution": None, "debounce_ms": 100})
    watcher.start()
    try:
        first = builds.get(timeout=120)
        assert first.result is not None and first.result.summary["days"] == 5
        text = scenario.read_text(encoding="utf-8")
        time.sleep(0.5)  # (the watch starts after the first build)
        scenario.write_text(text.replace("end: 2024-01-05", "end: 2024-01-07"), "utf-8")
        second = builds.get(timeout=120)
        assert second.result is not None and second.result.summary["days"] == 7
        assert [p.name for p in second.changed] == ["scenario.yaml"]
        kept = digests(out)
        scenario.write_text(text.replace("side: RU, start", "side: XX, start"), "utf-8")
        third = builds.get(timeout=120)
        assert third.error is not None and "side 'XX' is not declared" in str(
            third.error.problems[0])  # type: ignore[attr-defined]
        assert digests(out) == kept
        # a file the scenario names is watched too
        (tmp_path / "borders.geojson").touch()
        scenario.write_text(text, "utf-8")
        fourth = builds.get(timeout=120)
        assert fourth.result is not None and fourth.result.summary["days"] == 5
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()


def test_the_command_says_one_line_per_build_and_stops_on_ctrl_c(tmp_path: Path,
                                                                 index_path: Path) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-01-04", reports=RATE)
    proc = subprocess.Popen([sys.executable, "-m", "frontline.cli", "build", str(scenario),
                             "-o", str(tmp_path / "out"), "--tiles", "none", "--watch"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=os.environ.copy())
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert " built 4 days" in first, first  # (", 4 from the cache": built before)
        time.sleep(0.5)
        text = scenario.read_text(encoding="utf-8")
        scenario.write_text(text.replace("end: 2024-01-04", "end: 2024-01-06"), "utf-8")
        second = proc.stdout.readline()
        assert " built 6 days" in second and "(scenario.yaml changed)" in second, second
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130 and err.strip().splitlines()[-1] == "interrupted"
