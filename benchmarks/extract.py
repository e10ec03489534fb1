"""Articles per second and peak memory of `frontline extract` on a synthetic corpus, and the
time one article takes through the CLI; the same with the parser, and on a Dask cluster.

    python benchmarks/extract.py [N]      (default 10,000 articles)
    python benchmarks/extract.py N --cluster

One article: the project's rewrite of the seed article (tests/data/seed_article.txt), run as
`frontline -q extract FILE --published 2024-10-30` five times; the median wall time includes
Python's start, the imports and opening the gazetteer.

``--cluster`` compares, on the same corpus: the rules and the rules with the parser
(``--parser``), each with one and two processes (``--jobs``), and the rules and the parser on
a Dask ``LocalCluster`` of one and of two worker processes (one thread each) started here
(``--scheduler``); it checks every run of a reader gives the same bytes, and prints articles
per second per core (per process or worker).

The corpus is made in code: wire-style paragraphs about real front-line places
of Donetsk oblast (captures, withdrawals, rates, deployments, hypotheticals and
filler), one JSONL record per article. The CLI runs it as a user would
(`frontline extract corpus.jsonl -o out.yaml --jobs N`), once with one process
and once with two; peak memory is the largest sum of resident memory over the
process and its workers, sampled every 50 ms from /proc.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PLACES = ["Selydove", "Hirnyk", "Ukrainsk", "Kurakhove", "Vuhledar", "Pokrovsk", "Myrnohrad",
          "Toretsk", "Krasnohorivka", "Novohrodivka", "Avdiivka", "Chasiv Yar", "Kostiantynivka",
          "Velyka Novosilka", "Marinka", "Bakhmut", "Vovchansk", "Kupiansk", "Sudzha", "Lyman"]
TEMPLATES = [
    "Russian forces captured {p} on {wd}, Russia's defence ministry said.",
    "Ukrainian troops withdrew from {p} to avoid encirclement, the military said on {wd}.",
    "Russian gains averaged {n} square kilometres a day in {month}, analysts said.",
    "Some {k},000 North Korean troops arrived in Russia's Kursk region last week, officials "
    "said.",
    "Russian forces are trying to encircle {p}, a Ukrainian commander said.",
    "Kyiv denied that Russian forces had captured {p}.",
    "Shelling damaged homes and a school in {p} overnight, the regional governor said on {wd}.",
    "The town, which had about {k}0,000 residents before the war, lies near {q}.",
    "Officials said aid convoys would resume next week if the roads stayed open.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["June", "July", "August", "September"]


def make_corpus(path: Path, n: int, seed: int = 1) -> int:
    rnd = random.Random(seed)
    start = dt.date(2024, 10, 1)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            paras = []
            for _ in range(rnd.randint(4, 8)):
                t = rnd.choice(TEMPLATES)
                paras.append(t.format(p=rnd.choice(PLACES), q=rnd.choice(PLACES),
                                      wd=rnd.choice(WEEKDAYS), n=rnd.randint(5, 30),
                                      month=rnd.choice(MONTHS), k=rnd.randint(1, 9)))
            pub = start + dt.timedelta(days=i % 60)
            fh.write(json.dumps({"id": f"art-{i}", "published": pub.isoformat(),
                                 "url": f"https://news.example/{i}", "title": f"Report {i}",
                                 "text": "\n\n".join(paras)}) + "\n")
    return path.stat().st_size


def _tree_rss_kb(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run(corpus: Path, jobs: int, out: Path, *extra: str) -> tuple[float, int]:
    cmd = [sys.executable, "-m", "frontline.cli", "-q", "extract", str(corpus), "-o",
           str(out), "--jobs", str(jobs), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"{cmd} failed with {proc.returncode}")
    return elapsed, peak


SEED = Path(__file__).resolve().parent.parent / "tests" / "data" / "seed_article.txt"


def one_article(tmp: str, runs: int = 5) -> float:
    """Median seconds for one article through the CLI, as a user runs it."""
    article = Path(tmp) / "seed.txt"
    article.write_text(SEED.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    cmd = [sys.executable, "-m", "frontline.cli", "-q", "extract", str(article),
           "--published", "2024-10-30", "-o", str(Path(tmp) / "seed.yaml")]
    subprocess.run(cmd, check=True)  # warm the file cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True)
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def cluster_table(corpus: Path, n: int, tmp: str) -> None:
    """Rules and parser, local processes and Dask workers: articles/s per core, same bytes."""
    import importlib

    local_cluster: Any = importlib.import_module("distributed").LocalCluster  # (untyped)

    outputs: dict[str, list[bytes]] = {"rules": [], "parser": []}
    print(f"{'reader':<8} {'where':<22} {'s':>7} {'articles/s':>11} {'per core':>9}")

    def row(reader: str, where: str, cores: int, *args: str) -> None:
        out = Path(tmp) / f"{reader}-{where.replace(' ', '_')}.yaml"
        extra = ["--parser"] if reader == "parser" else []
        elapsed, _ = run(corpus, 1, out, *extra, *args)
        outputs[reader].append(out.read_bytes())
        print(f"{reader:<8} {where:<22} {elapsed:7.1f} {n / elapsed:11.1f} "
              f"{n / elapsed / cores:9.1f}")

    for reader in ("rules", "parser"):
        for jobs in (1, 2):
            row(reader, f"--jobs {jobs}", jobs, "--jobs", str(jobs))
        for workers in (1, 2):
            with local_cluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as c:
                row(reader, f"dask, {workers} worker(s)", workers, "--scheduler",
                    c.scheduler_address)
    for reader, outs in outputs.items():
        print(f"{reader}: every run gave the same bytes: {len(set(outs)) == 1}")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    if "--cluster" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            size = make_corpus(corpus, n)
            print(f"corpus: {n:,} articles, {size / 1e6:.1f} MB; {os.cpu_count()} CPUs")
            cluster_table(corpus, n, tmp)
        return
    with tempfile.TemporaryDirectory() as tmp:
        print(f"one article through the CLI: {one_article(tmp):.2f} s (median of 5)")
        corpus = Path(tmp) / "corpus.jsonl"
        size = make_corpus(corpus, n)
        print(f"corpus: {n:,} articles, {size / 1e6:.1f} MB; {os.cpu_count()} CPUs")
        run(corpus, 1, Path(tmp) / "warm.yaml") if n > 200 else None  # the gazetteer cache
        results = {}
        for jobs in (1, 2):
            out = Path(tmp) / f"out{jobs}.yaml"
            elapsed, peak = run(corpus, jobs, out)
            results[jobs] = (elapsed, peak, out.read_bytes())
            print(f"--jobs {jobs}: {elapsed:6.1f} s  {n / elapsed:7.0f} articles/s  "
                  f"peak memory {peak / 1024:6.0f} MB  output {out.stat().st_size / 1e6:.1f} MB")
        speedup = results[1][0] / results[2][0]
        same = results[1][2] == results[2][2]
        print(f"two processes vs one: {speedup:.2f}x the speed, "
              f"{results[2][1] / results[1][1]:.2f}x the memory; identical output: {same}")


if __name__ == "__main__":
    main()
