"""Precision and recall of `frontline extract` on the real-news development set, split into the
part the rules are tuned on and a frozen held-out part.

    python benchmarks/news_dev.py [--news-dev ../shared/news_dev] [--out DIR] [--no-run]
                                  [--parser]

The set (`../shared/news_dev/`, real passages with an answer key and its `score.py`) is not part of
the project and is never copied into it; this script only runs when the folder is there. It runs
`frontline extract` on every passage once (through the set's own `score.py`, with this
interpreter's environment), then scores two parts with the set's own matching rules:

- **held-out**: every third passage (ids 03, 06, ..., 60). Frozen on 2026-12-07, before any rule
  was changed for this set; nobody working on the reader reads these passages or their misses.
  Every third rather than the last third, because the set is ordered by year and its negatives
  are all at the end: the held-out part has each year and four negatives.
- **tuning**: the other 40 passages, which may be read and learned from.

It prints, for each part, precision and recall per kind and in all, the same with the
geographic check (a matched place resolved in the right oblast), the count of captures and
withdrawals put in another oblast than the key's (a namesake: a place on the map where the
report did not put it; a place left unresolved is not counted), and the count of false reports
in negative passages. Only the tuning part's misses and false reports are listed (``-v``).

``--parser`` reads with the dependency parse as well (``frontline extract --parser``); it runs
the extractor in this process, one article per passage as the CLI does, and says how long
reading took with and without the parser.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT_EVERY = 3


def held_out(pid: str) -> bool:
    """Whether passage ``pid`` belongs to the frozen held-out part."""
    return int(pid) % HELD_OUT_EVERY == 0


def load_score(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("news_dev_score", folder / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {folder / 'score.py'}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def table(score: ModuleType, passages: list[dict[str, Any]], out: Path, title: str
          ) -> dict[str, Any]:
    score.OPTS.update(period=True, geo=False)
    res = score.evaluate(passages, out)
    print(f"\n{title} ({len(passages)} passages)")
    print(f"{'kind':<13} {'key':>4} {'found':>5} {'recall':>6}   {'out':>4} {'right':>5} "
          f"{'precision':>9}")
    for kind in score.KINDS:
        s = res["per_kind"][kind]
        print(f"{kind:<13} {s['n_key']:>4} {s['hit']:>5} {score.pr(s['hit'], s['n_key']):>6}   "
              f"{s['n_out']:>4} {s['correct']:>5} {score.pr(s['correct'], s['n_out']):>9}")
    tk, th, to, tc = score.totals(res)
    print(f"{'all':<13} {tk:>4} {th:>5} {score.pr(th, tk):>6}   {to:>4} {tc:>5} "
          f"{score.pr(tc, to):>9}")
    negatives = {p["id"] for p in passages if p.get("negative")}
    print(f"false reports in the {len(negatives)} negative passages: "
          f"{sum(1 for f in res['falses'] if f[0] in negatives)}")
    wrong = sum(1 for f in res["flags"]
                if f[1].startswith("resolved outside") and not f[1].endswith("?"))
    print(f"captures and withdrawals put in another oblast than the key's: {wrong}")
    score.OPTS.update(geo=True)
    print("with the geographic check: " + score.summary(score.evaluate(passages, out)))
    score.OPTS.update(geo=False)
    return res


def run_in_process(passages: list[dict[str, Any]], folder: Path, out: Path, *, parser: bool
                   ) -> float:
    """Extract every passage with an Extractor in this process; the seconds spent reading."""
    import datetime as dt
    import json
    import time

    from frontline.news.articles import Article
    from frontline.news.extract import Extractor

    ex = Extractor(parser=parser)
    out.mkdir(parents=True, exist_ok=True)
    spent = 0.0
    for p in passages:
        text = (folder / p["file"]).read_text(encoding="utf-8")
        published = p["published"]
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        article = Article(Path(p["file"]).stem, text, published,
                          url=(p.get("source") or {}).get("url") or "")
        t = time.perf_counter()
        got = ex.extract(article).to_dict()
        spent += time.perf_counter() - t
        (out / f"{p['id']}.json").write_text(json.dumps(got, default=str), encoding="utf-8")
    return spent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news-dev", default=str(ROOT.parent / "shared" / "news_dev"))
    ap.add_argument("--out", default="/tmp/frontline_news_dev")
    ap.add_argument("--no-run", action="store_true", help="score the outputs already in --out")
    ap.add_argument("--parser", action="store_true",
                    help="read with the dependency parse too (in this process)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list the tuning part's misses and false reports")
    a = ap.parse_args(argv)
    folder = Path(a.news_dev)
    if not (folder / "key.yaml").exists():
        print(f"no development set at {folder}; nothing to measure")
        return 0
    score = load_score(folder)
    out = Path(a.out)
    passages = yaml.safe_load((folder / "key.yaml").read_text(encoding="utf-8"))["passages"]
    if a.parser and not a.no_run:
        spent = run_in_process(passages, folder, out, parser=True)
        print(f"read {len(passages)} passages with the parser in {spent:.1f} s")
    elif not a.no_run:
        venv = Path(sys.executable).parent.parent
        with contextlib.redirect_stdout(io.StringIO()):
            score.main(["--venv", str(venv), "--out", str(out), "-q"])
    tuning = [p for p in passages if not held_out(p["id"])]
    frozen = [p for p in passages if held_out(p["id"])]
    res = table(score, tuning, out, "tuning part")
    table(score, frozen, out, "held-out part (frozen; not read)")
    table(score, passages, out, "all")
    if a.verbose:
        print("\nTUNING PART, misses:")
        for pid, k, why in res["misses"]:
            print(f"  {pid}  {score.describe_key(k)}\n        -> {why}")
        print("\nTUNING PART, false reports:")
        for pid, r, sent, conf, why, note in res["falses"]:
            print(f"  {pid}  {r.get('kind')} {r.get('side')} {r.get('place') or r.get('region')} "
                  f"{r.get('date') or r.get('start')} conf={conf}\n        {sent[:160]!r}"
                  f"\n        near: {why} note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
