"""What each piece of ground that changed hands rests on: ``reported`` (a report of the place
put it there), ``claimed`` (its reports say ``confirmed: false``) or ``modelled`` (an advance
rate placed it), in the ``gains`` layer, the statistics and the map's popups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyogrio
import pytest

import synthetic as S
from frontline.layers import BuildResult, build
from frontline.layers.stats import area_stats

REPORTS = """  - {id: jan, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-20,
     rate_km2_per_day: 12, toward: [S135], source: s}
  - {id: sure, kind: capture, side: RU, place: S125, date: 2024-01-10, source: s}
  - {id: denied, kind: capture, side: RU, place: S104, date: 2024-01-12, confirmed: false,
     source: {title: "Ministry claim, denied by the other side"}}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, index_path: Path) -> Any:
    folder = tmp_path_factory.mktemp("basis")
    path = S.write_scenario(folder, end="2024-01-20", reports=REPORTS)
    return build(path, folder / "out", tiles="none", resolution=None)


def test_each_change_has_its_basis(built: Any) -> None:
    gains = pyogrio.read_dataframe(built.gpkg, layer="gains")
    by_report = {ids: set(rows["basis"]) for ids, rows in gains.groupby("report_ids")}
    assert by_report["jan"] == {"modelled"}  # the rate's daily shares (and its pockets)
    assert by_report["sure"] == {"reported"}
    assert by_report["denied"] == {"claimed"}
    assert set(gains["basis"]) <= {"reported", "claimed", "modelled"}
    reports = pyogrio.read_dataframe(built.gpkg, layer="reports", read_geometry=False)
    assert dict(zip(reports["id"], reports["confirmed"], strict=True)) == {
        "jan": True, "sure": True, "denied": False}


def test_the_statistics_split_the_gains_by_basis(built: Any) -> None:
    gains = pyogrio.read_dataframe(built.gpkg, layer="gains", read_geometry=False)
    (row,) = [r for r in area_stats(built.gpkg, by="period")
              if r["side"] == "RU" and r["country"] == "UA"]
    for basis in ("reported", "claimed", "modelled"):
        expected = float(gains[(gains["side"] == "RU") & (gains["country"] == "UA")
                               & (gains["basis"] == basis)]["area_km2"].sum())
        assert row[f"gained_{basis}_km2"] == pytest.approx(expected, abs=1e-3)
    assert row["gained_claimed_km2"] > 1  # the denied village's footprint, at least
    # Ukraine takes nothing back here: the three add up to Russia's change of ground
    total = sum(row[f"gained_{b}_km2"] for b in ("reported", "claimed", "modelled"))
    assert total == pytest.approx(row["change_km2"], abs=0.01)


def test_a_confirmed_field_that_is_not_true_or_false_is_an_error(tmp_path: Path,
                                                                 index_path: Path) -> None:
    from frontline.errors import ScenarioError
    from frontline.scenario import load_scenario

    path = S.write_scenario(tmp_path, end="2024-01-20", reports=REPORTS.replace(
        "confirmed: false", "confirmed: maybe"))
    with pytest.raises(ScenarioError, match=r"reports\[2\]\.confirmed: 'maybe' is not true"):
        load_scenario(path)


def test_the_demo_september_is_modelled_and_selydove_reported(demo: BuildResult) -> None:
    gains = pyogrio.read_dataframe(demo.gpkg, layer="gains", read_geometry=False)
    september = gains[gains["report_ids"] == "isw-september-rate"]
    assert len(september) > 20 and set(september["basis"]) == {"modelled"}
    selydove = gains[gains["report_ids"] == "selydove-capture"]
    assert len(selydove) and set(selydove["basis"]) == {"reported"}
    assert set(gains[gains["cause"] == "area_held"]["basis"]) == {"reported"}


def test_the_control_layer_says_what_each_sides_ground_rests_on(demo: BuildResult) -> None:
    """Russia's September ground is the rate's (420 km², the rate met: bookkeeping), the rest
    it gained is reported; the baseline holds the remainder."""
    control = pyogrio.read_dataframe(demo.gpkg, layer="control")
    ru = control[control.side == "RU"].sort_values("date")
    end_sept = ru[ru.date.dt.strftime("%Y-%m-%d") == "2024-09-30"].iloc[0]
    first, last = ru.iloc[0], ru.iloc[-1]
    assert first.basis_modelled_km2 == first.basis_reported_km2 == 0.0
    assert end_sept.basis_modelled_km2 == pytest.approx(420.0, abs=0.01)
    assert last.basis_reported_km2 > 0 and last.basis_claimed_km2 == 0.0
    assert (control.basis_reported_km2 + control.basis_claimed_km2 + control.basis_modelled_km2
            <= control.area_km2 + 1e-6).all()


def test_a_denied_claim_read_from_text_moves_claimed_ground(tmp_path: Path, runner: Any,
                                                            demo_copy: Path) -> None:
    """'..., a claim Kyiv denied': the reader writes confirmed: false, and the ground the
    capture moves is claimed, not reported."""
    from frontline.cli import main
    from frontline.model import build_timeline
    from frontline.scenario import load_scenario

    scenario = demo_copy
    art = tmp_path / "a.txt"
    art.write_text("Russia's defence ministry said on Sunday its forces had captured Hirnyk, a "
                   "claim Kyiv denied.", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(art), "--published", "2024-10-21", "--into",
                               str(scenario), "--yes"])
    assert res.exit_code == 0, res.output
    assert "confirmed: false" in scenario.read_text(encoding="utf-8")
    tl = build_timeline(load_scenario(scenario))
    (hirnyk,) = [c for c in tl.changes if c.cause == "capture" and
                 any("hirnyk" in i for i in c.report_ids)]
    assert tl.basis(hirnyk) == "claimed"
