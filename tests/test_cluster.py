"""`frontline extract --scheduler`: a corpus read on a Dask cluster started by the test gives
the same file, byte for byte, as the local run; an unreachable scheduler is one line."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.cli import main

distributed = pytest.importorskip("distributed")

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


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c.scheduler_address


def test_cluster_gives_the_local_output_byte_for_byte(tmp_path: Path, runner: CliRunner,
                                                      cluster: str) -> None:
    src = tmp_path / "corpus.jsonl"
    corpus(src, 300)
    local, remote = tmp_path / "local.yaml", tmp_path / "remote.yaml"
    res = runner.invoke(main, ["extract", str(src), "-o", str(local), "--fronts"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["extract", str(src), "-o", str(remote), "--fronts",
                               "--scheduler", cluster])
    assert res.exit_code == 0, res.output
    assert local.read_bytes() == remote.read_bytes()
    assert "report(s) from 300 article(s)" in res.output
    assert res.output.count("skipped line") == 3
    assert local.read_text(encoding="utf-8").count("kind: fighting") > 10


def test_unreachable_scheduler_is_one_line_and_writes_nothing(tmp_path: Path,
                                                              runner: CliRunner) -> None:
    import frontline.news.corpus as corpus_module

    src = tmp_path / "corpus.jsonl"
    corpus(src, 5)
    out = tmp_path / "out.yaml"
    old = corpus_module.SCHEDULER_TIMEOUT_S
    corpus_module.SCHEDULER_TIMEOUT_S = 2
    try:
        res = runner.invoke(main, ["extract", str(src), "-o", str(out), "--scheduler",
                                   "tcp://127.0.0.1:9"])
    finally:
        corpus_module.SCHEDULER_TIMEOUT_S = old
    assert res.exit_code == 1, res.output
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in res.output
    assert "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1
    assert not out.exists()
