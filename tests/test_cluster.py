"""`frontline extract --scheduler`: a corpus read on a Dask cluster started by the test gives
the same file, byte for byte, as the local run; an unreachable scheduler is one line."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

PLACES = ["Selydove", "Hirnyk", "Ukrainsk", "Kurakhove", "Vuhledar", "Toretsk", "Vovchansk"]
SENTENCES = [
    "Russian forces captured {p} on {d}, the defence ministry in Moscow said.",
    "Ukrainian troops withdrew from {p} to avoid encirclement, a spokesman said on {d}.",
    "Russian gains averaged {n} square kilometres a day in September, analysts said.",
    "Russian forces recently advanced near {p}.",
    "Fighting continues near {p}, the governor said on {d}.",
    "Officials said Russia could try to take {p} within weeks.",
    "The weather was cold and grey in the capital.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def corpus(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(rng.choice(SENTENCES).format(p=rng.choice(PLACES),
                                                          d=rng.choice(DAYS),
                                                          n=rng.randint(5, 30))
                            for _ in range(rng.randint(2, 6)))
            fh.write(json.dumps({"id": f"a{i:05d}", "published": "2024-10-30",
                                 "url": f"https://example.org/{i}", "text": text}) + "\n")
            if i in (40, 41, 97):  # bad records keep their place in the output's order
                fh.write("{not json\n")


#: The cluster runs in a process of its own (as a user's would), and so does each command that
#: reaches it: no Dask object lives in the test process, whose garbage collector would
#: otherwise finalize a client's objects from the wrong thread, long after.
CLUSTER = """
import sys
from distributed import LocalCluster
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                  dashboard_address=None) as c:
    print(c.scheduler_address, flush=True)
    sys.stdin.read()  # until the test closes it
"""
#: A command of the CLI, the scheduler's time-out shortened to ``sys.argv[1]`` seconds.
COMMAND = """
import sys
import frontline.news.corpus as corpus
from frontline.cli import main
corpus.SCHEDULER_TIMEOUT_S = float(sys.argv[1])
main(sys.argv[2:])
"""


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with subprocess.Popen([sys.executable, "-c", CLUSTER], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            address = proc.stdout.readline().strip()
            assert address.startswith("tcp://"), address
            yield address
        finally:
            proc.stdin.close()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()


def frontline(*args: str, timeout_s: float = 30.0) -> subprocess.CompletedProcess[str]:
    """``frontline ARGS`` in a process of its own."""
    return subprocess.run([sys.executable, "-c", COMMAND, str(timeout_s), *args],
                          capture_output=True, text=True, timeout=600)


def test_cluster_gives_the_local_output_byte_for_byte(tmp_path: Path, cluster: str) -> None:
    src = tmp_path / "corpus.jsonl"
    corpus(src, 300)
    local, remote = tmp_path / "local.yaml", tmp_path / "remote.yaml"
    res = frontline("extract", str(src), "-o", str(local), "--fronts")
    assert res.returncode == 0, res.stderr
    res = frontline("extract", str(src), "-o", str(remote), "--fronts", "--scheduler", cluster)
    assert res.returncode == 0, res.stderr
    assert local.read_bytes() == remote.read_bytes()
    said = res.stdout + res.stderr
    assert "report(s) from 300 article(s)" in said
    assert said.count("skipped line") == 3
    assert local.read_text(encoding="utf-8").count("kind: fighting") > 10


def test_unreachable_scheduler_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "corpus.jsonl"
    corpus(src, 5)
    out = tmp_path / "out.yaml"
    res = frontline("extract", str(src), "-o", str(out), "--scheduler", "tcp://127.0.0.1:9",
                    timeout_s=2)
    assert res.returncode == 1, res.stdout + res.stderr
    said = (res.stdout + res.stderr).strip()
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in said
    assert "Traceback" not in said and len(said.splitlines()) == 1
    assert not out.exists()
