"""Precision and recall of ``frontline extract`` on the test set in ``tests/data``.

Run it as a script to print the table: ``python tests/extract_scoring.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from frontline.news.articles import Article
from frontline.news.extract import Extractor

CASES = Path(__file__).parent / "data" / "extract_cases.yaml"
KINDS = ("capture", "withdrawal", "advance_rate", "area_held", "deployment")


def load_cases() -> list[dict[str, Any]]:
    return yaml.safe_load(CASES.read_text(encoding="utf-8"))


def _close(a: Any, b: Any) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) <= 0.01 * abs(float(b))


def matches(got: dict[str, Any], want: dict[str, Any]) -> bool:
    """Does an extracted report say what the expected one says?"""
    if got["kind"] != want["kind"] or got["side"] != want["side"]:
        return False
    if bool(got.get("unresolved")) != bool(want.get("unresolved")):
        return False  # a place the gazetteer lacks is listed apart, never resolved to another
    kind = want["kind"]
    if kind == "withdrawal" and "region" in want:  # from a whole region
        return (str(got.get("region", "")).lower().startswith(str(want["region"]).lower())
                and "place" not in got and got.get("date") == want["date"])
    if kind in ("capture", "withdrawal"):
        resolved = str(got.get("evidence", {}).get("resolved", ""))
        return (str(got.get("place", "")).lower() == str(want["place"]).lower()
                and got.get("date") == want["date"]
                and ("oblast" not in want or f"({want['oblast']}" in resolved))
    if kind == "advance_rate":
        return (got.get("start") == want["start"] and got.get("end") == want["end"]
                and _close(got.get("rate_km2_per_day"), want["rate_km2_per_day"]))
    region_ok = str(got.get("region", "")).lower().startswith(str(want["region"]).lower())
    if kind == "area_held":
        return region_ok and got.get("date") == want["date"] and _close(
            got.get("area_km2"), want["area_km2"])
    return (region_ok and got.get("date") == want["date"]
            and ("count" not in want or got.get("count") == want["count"]))


def run(extractor: Extractor, cases: list[dict[str, Any]] | None = None
        ) -> tuple[dict[str, Counter[str]], list[str]]:
    """Score every case: per kind, true positives, false positives, false negatives."""
    counts: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    misses: list[str] = []
    for case in cases if cases is not None else load_cases():
        published = case["published"]
        assert isinstance(published, dt.date)
        article = Article(case["id"], case["text"], published, case["id"])
        data = extractor.extract(article).to_dict()
        got = data["reports"] + data["unresolved"]
        wanted = list(case["expect"] or [])
        unmatched = list(got)
        for want in wanted:
            hit = next((g for g in unmatched if matches(g, want)), None)
            if hit is None:
                counts[want["kind"]]["fn"] += 1
                misses.append(f"{case['id']}: missed {want}")
            else:
                counts[want["kind"]]["tp"] += 1
                unmatched.remove(hit)
        for g in unmatched:
            counts[g["kind"]]["fp"] += 1
            shown = {k: v for k, v in g.items() if k not in ("source", "evidence", "id")}
            shown["resolved"] = g.get("evidence", {}).get("resolved", "")
            misses.append(f"{case['id']}: wrong {shown}")
    return counts, misses


def table(counts: dict[str, Counter[str]]) -> str:
    lines = [f"{'kind':<14}{'tp':>4}{'fp':>4}{'fn':>4}{'precision':>11}{'recall':>8}"]
    for kind, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        lines.append(f"{kind:<14}{c['tp']:>4}{c['fp']:>4}{c['fn']:>4}{p:>11.2f}{r:>8.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    extractor = Extractor()
    for name in ("extract_cases.yaml", "extract_cases_2.yaml", "extract_long.yaml",
                 "extract_heldout.yaml", "news_train.yaml", "news_heldout.yaml"):
        cases = yaml.safe_load((CASES.parent / name).read_text(encoding="utf-8"))
        counts, misses = run(extractor, cases)
        print(f"\n{name}: {len(cases)} cases")
        print(table(counts))
        print("\n".join(misses))
