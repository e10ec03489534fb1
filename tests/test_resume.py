"""Incremental builds: a rebuild models from the first day a change can reach, and writes
the same files, byte for byte, as a build from nothing (frontline.model.resume)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import synthetic as S
from frontline.cli import main
from frontline.layers import build, demo_scenario_path
from frontline.model import ModelCache, build_timeline
from frontline.model.resume import COLD, NEVER, fingerprints, first_reached, reach
from frontline.scenario import load_scenario
from frontline.thresholds import PROTECTED_DAYS

D = dt.date.fromisoformat

#: Two months of rates toward the other side's villages, and captures on the way.
REPORTS = """  - {id: jan, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-31,
     rate_km2_per_day: 12, toward: [S135], source: s}
  - {id: feb, kind: advance_rate, side: RU, start: 2024-02-01, end: 2024-02-20,
     rate_km2_per_day: 9, toward: [S124], source: s}
  - {id: cap-a, kind: capture, side: RU, place: S146, date: 2024-01-20, source: s}
  - {id: cap-b, kind: capture, side: RU, place: S125, date: 2024-02-10, source: s}"""
#: January's: for the shorter periods.
JANUARY = """  - {id: jan, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-31,
     rate_km2_per_day: 12, toward: [S135], source: s}
  - {id: cap-a, kind: capture, side: RU, place: S146, date: 2024-01-20, source: s}"""
CAPTURE_C = "\n  - {id: cap-c, kind: capture, side: RU, place: S135, date: 2024-02-27, source: s}"


def _sums(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _build(scenario: Path, out: Path, cache: ModelCache | None) -> dict[str, str]:
    build(scenario, out, command="frontline build", cache=cache, tiles="none")
    return _sums(out)


@pytest.fixture
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1730505600")


@pytest.mark.parametrize("edit, resumed", [
    # a capture added on the last day: the last rate is not under way then, so only the
    # days it protects the place are modelled again
    (lambda t: t + CAPTURE_C, D("2024-02-27") - dt.timedelta(days=PROTECTED_DAYS)),
    # a capture removed: from the days it protected its place (before its rate began)
    (lambda t: t.replace("  - {id: cap-b, kind: capture, side: RU, place: S125, "
                         "date: 2024-02-10, source: s}", ""),
     D("2024-02-10") - dt.timedelta(days=PROTECTED_DAYS)),
    # a capture moved within its rate's month: from the rate's first day (it pulls its wave)
    (lambda t: t.replace("date: 2024-01-20", "date: 2024-01-24"), D("2024-01-02")),
    # a rate changed: from its first day
    (lambda t: t.replace("rate_km2_per_day: 9", "rate_km2_per_day: 11"), D("2024-02-01")),
    # the period grown by a day: the days before are kept whole
    (lambda t: t.replace("end: 2024-02-29", "end: 2024-03-01"), D("2024-03-01")),
])
def test_a_rebuild_writes_what_a_cold_build_writes(tmp_path: Path, index_path: Path,
                                                    fixed_time: None, edit: object,
                                                    resumed: dt.date) -> None:
    assert callable(edit)
    folder = tmp_path / "sc"
    folder.mkdir()
    scenario = S.write_scenario(folder, end="2024-02-29", reports=REPORTS)
    cache = ModelCache(tmp_path / "cache")
    _build(scenario, tmp_path / "out", cache)
    assert cache.resumed is None  # the first build: cold
    original = scenario.read_text()
    scenario.write_text(edit(original))
    warm = _build(scenario, tmp_path / "out", cache)
    assert cache.resumed is not None and cache.resumed <= resumed
    assert cache.reused >= (resumed - D("2024-01-01")).days - 6  # (a checkpoint a week)
    assert warm == _build(scenario, tmp_path / "out", None)  # cold: the same bytes
    # and back: the first version again, from the cache
    scenario.write_text(original)
    again = _build(scenario, tmp_path / "out", cache)
    assert again == _build(scenario, tmp_path / "out", None)


def test_an_unchanged_scenario_is_not_modelled_again(tmp_path: Path, index_path: Path) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-01-31", reports=JANUARY)
    cache = ModelCache(tmp_path / "cache")
    sc = load_scenario(scenario)
    first = build_timeline(sc, cache=cache)
    # a source's words: nothing the model reads
    scenario.write_text(scenario.read_text().replace("source: s}",
                                                     "source: {title: another title}}", 1))
    again = build_timeline(load_scenario(scenario), cache=cache)
    assert cache.reused == len(first.days) == len(again.days)
    assert [c.area_km2 for c in again.changes] == [c.area_km2 for c in first.changes]
    assert again.notes == first.notes


def test_a_cache_that_cannot_be_read_is_said_and_not_used(tmp_path: Path, index_path: Path,
                                                          fixed_time: None) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-01-20", reports=JANUARY)
    cache = ModelCache(tmp_path / "cache")
    cold = _build(scenario, tmp_path / "a", cache)
    for record in (tmp_path / "cache").glob("*/record.pickle"):
        record.write_bytes(b"not a record")
    result = build(scenario, tmp_path / "a", command="frontline build", cache=cache,
                   tiles="none")
    assert result.reused_days == 0
    assert result.cache_notes and "cannot be read" in result.cache_notes[0]
    assert _sums(tmp_path / "a") == cold
    # and the next build has a good record again
    build(scenario, tmp_path / "a", command="frontline build", cache=cache, tiles="none")
    assert cache.reused == 20 and not cache.notes


def test_how_far_back_each_kind_of_report_reaches(tmp_path: Path, index_path: Path) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-02-29", reports=REPORTS + CAPTURE_C)
    sc = load_scenario(scenario)
    by_id = {r.id: r for r in sc.reports}
    start = sc.start

    def first(rid: str) -> dt.date:
        return reach(by_id[rid], start, sc.reports, "UA")

    assert first("jan") == D("2024-01-02")
    assert first("cap-a") == D("2024-01-02")  # it pulls January's wave from its first day
    assert first("cap-c") == D("2024-02-27") - dt.timedelta(days=PROTECTED_DAYS)
    held = dataclasses.replace(by_id["cap-a"], id="held", kind="area_held", area_km2=50.0)
    assert reach(held, start, sc.reports, "UA") == COLD  # an incursion: from all its reports
    prints = fingerprints(sc)  # a record where only cap-c was otherwise
    record = {r.id: (prints[r.id] if r.id != "cap-c" else "another version", r)
              for r in sc.reports}
    assert first_reached(record, sc) == first("cap-c")
    deployment = dataclasses.replace(by_id["cap-a"], id="d", kind="deployment", place=None)
    assert reach(deployment, start, sc.reports, "UA") == NEVER


def test_the_demo_rebuilt_after_a_capture_in_october(tmp_path: Path, index_path: Path,
                                                     fixed_time: None) -> None:
    """The embedded example with a capture added on 2024-10-10 and then taken out again."""
    folder = tmp_path / "sc"
    shutil.copytree(demo_scenario_path().parent, folder,
                    ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    scenario = folder / demo_scenario_path().name
    cache = ModelCache(tmp_path / "cache")
    original = scenario.read_text()
    first = _build(scenario, tmp_path / "out", cache)
    anchor = "  - id: selydove-capture\n"
    scenario.write_text(original.replace(anchor, (
        "  - {id: hirnyk, kind: capture, side: RU, place: Hirnyk, date: 2024-10-10,\n"
        "     source: {title: Hirnyk taken}}\n") + anchor))
    warm = _build(scenario, tmp_path / "out", cache)
    assert cache.reused >= 20
    assert warm == _build(scenario, tmp_path / "out", None)
    scenario.write_text(original)
    assert _build(scenario, tmp_path / "out", cache) == first
    assert cache.reused >= 20


def test_no_cache_builds_cold_and_the_summary_says_what_was_reused(
        tmp_path: Path, index_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "user-cache"))
    for f in index_path.parent.glob("gazetteer-*.sqlite"):  # (the index: not rebuilt)
        (tmp_path / "user-cache").mkdir(exist_ok=True)
        (tmp_path / "user-cache" / f.name).symlink_to(f)
    scenario = S.write_scenario(tmp_path, end="2024-01-20", reports=JANUARY)
    args = ["build", str(scenario), "-o", str(tmp_path / "out"), "--tiles", "none"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "as the last build left them" not in first.output
    second = CliRunner().invoke(main, args)
    assert "the first 20 of the days as the last build left them" in second.output
    cold = CliRunner().invoke(main, [*args, "--no-cache"])
    assert cold.exit_code == 0 and "as the last build left them" not in cold.output
    assert list((tmp_path / "user-cache" / "model").iterdir())


def test_the_days_a_rebuild_takes_over_keep_their_names_and_what_was_made_of_them(
        tmp_path: Path, index_path: Path) -> None:
    from frontline.model.band import front_bands
    from frontline.model.memo import DayMemo

    scenario = S.write_scenario(tmp_path, end="2024-02-29", reports=REPORTS)
    cache = ModelCache(tmp_path / "cache")
    first = build_timeline(load_scenario(scenario), cache=cache)
    memo = DayMemo.beside(cache, first.key)
    front_bands(first, memo)
    memo.save()
    scenario.write_text(scenario.read_text() + CAPTURE_C)
    again = build_timeline(load_scenario(scenario), cache=cache)
    # the days before the first the capture reaches keep their names; the others are new
    reached = (D("2024-02-27") - dt.timedelta(days=PROTECTED_DAYS) - D("2024-01-01")).days
    assert again.key == first.key and len(again.tokens) == len(again.days)
    assert again.tokens[:reached] == first.tokens[:reached]
    assert not set(again.tokens[reached:]) & set(first.tokens)
    # their bands are taken from the memo (the days whose pins are as they were), and are
    # those made afresh
    memo = DayMemo.beside(cache, again.key)
    kept = front_bands(again, memo)
    assert memo.hits >= reached - 7  # (the capture pins the front from 7 days before it)
    fresh = front_bands(again)
    assert [b.geometry.wkb if b else None for b in kept] == \
        [b.geometry.wkb if b else None for b in fresh]
    # a memo that cannot be read is not used
    for path in (tmp_path / "cache").glob(f"*/{'days.memo'}"):
        path.write_bytes(b"not a memo")
    memo = DayMemo.beside(cache, again.key)
    assert [b.geometry.wkb if b else None for b in front_bands(again, memo)] == \
        [b.geometry.wkb if b else None for b in fresh]
    assert memo.hits == 0


def test_a_rebuild_whose_ground_is_as_it_was_takes_the_maps_pieces(
        tmp_path: Path, index_path: Path, fixed_time: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from frontline.layers import pieces

    scenario = S.write_scenario(tmp_path, end="2024-01-31", reports=JANUARY)
    cache = ModelCache(tmp_path / "cache")
    _build(scenario, tmp_path / "out", cache)
    made: list[int] = []
    real = pieces._pieces

    def counted(*args: Any) -> Any:
        made.append(1)
        return real(*args)

    monkeypatch.setattr(pieces, "_pieces", counted)
    # a source's words: the same ground, the reports layer and the map's text change
    scenario.write_text(scenario.read_text().replace("source: s}",
                                                     "source: {title: another title}}", 1))
    warm = _build(scenario, tmp_path / "out", cache)
    assert made == []
    assert warm == _build(scenario, tmp_path / "out", None)  # cold: the same bytes
    assert made == [1]
    # a capture moved: the ground changes, the pieces are made again
    scenario.write_text(scenario.read_text().replace("date: 2024-01-20", "date: 2024-01-24"))
    _build(scenario, tmp_path / "out", cache)
    assert made == [1, 1]
