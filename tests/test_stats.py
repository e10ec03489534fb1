"""Area statistics read from a GeoPackage, against hand-computed areas."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import synthetic as S
from frontline.cli import main
from frontline.layers import build
from frontline.layers.stats import area_stats, region_stats

RATE = """  - {id: r, kind: advance_rate, side: RU, start: 2024-01-11, end: 2024-02-09,
     rate_km2_per_day: 12, toward: [S135], source: s}"""


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory: pytest.TempPathFactory, index_path: Path) -> Path:
    folder = tmp_path_factory.mktemp("stats")
    scenario = S.write_scenario(folder, end="2024-02-29", reports=RATE)
    return build(scenario, folder / "out", map=False).gpkg


def test_monthly_rates_beside_the_report(gpkg: Path) -> None:
    rows = {(r["period"], r["side"], r["country"]): r for r in area_stats(gpkg, by="month")}
    jan, feb = rows[("2024-01", "RU", "UA")], rows[("2024-02", "RU", "UA")]
    # January: 21 days of 12 km² (11th to 31st) over 31 days; February: 9 of 29
    assert jan["change_km2"] == pytest.approx(21 * 12, rel=0.002)
    assert jan["km2_per_day"] == pytest.approx(21 * 12 / 31, rel=0.002)
    assert jan["reported_km2_per_day"] == pytest.approx(21 * 12 / 31, abs=0.001)  # rounded
    assert abs(jan["difference_km2_per_day"]) < 0.05
    assert feb["change_km2"] == pytest.approx(9 * 12, rel=0.002)
    assert feb["start_km2"] == jan["end_km2"]
    ua = rows[("2024-01", "UA", "UA")]
    assert ua["change_km2"] == pytest.approx(-jan["change_km2"], abs=0.002)  # 3 decimals
    assert ua["reported_km2_per_day"] is None


def test_daily_and_weekly_buckets(gpkg: Path) -> None:
    daily = [r for r in area_stats(gpkg, by="day") if (r["side"], r["country"]) == ("RU", "UA")]
    assert len(daily) == 60
    rate_days = [r for r in daily if r["reported_km2_per_day"]]
    assert len(rate_days) == 30
    assert all(r["km2_per_day"] == pytest.approx(12, rel=0.002) for r in rate_days)
    weekly = [r for r in area_stats(gpkg, by="week") if (r["side"], r["country"]) == ("RU", "UA")]
    assert weekly[0]["period"] == "2024-W01" and sum(r["days"] for r in weekly) == 60
    assert sum(r["change_km2"] for r in weekly) == pytest.approx(360, rel=0.002)


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_stats_command(gpkg: Path, fmt: str) -> None:
    result = CliRunner().invoke(main, ["stats", str(gpkg), "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "json":
        assert {r["period"] for r in json.loads(out)} == {"2024-01", "2024-02"}
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows[0].keys() >= {"period", "side", "km2_per_day", "reported_km2_per_day"}
    elif fmt == "markdown":
        assert out.startswith("| period | side | country |")
    else:
        assert "km² per day" in out.splitlines()[0]


def test_plot(gpkg: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stats", str(gpkg), "--plot", str(tmp_path / "a.png")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_raster_sums_match_hand_computed_areas(gpkg: Path, tmp_path: Path) -> None:
    """A grid of one 'person' per 0.01° cell in EPSG:4326 reaching a degree past the theatre."""
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin

    from frontline.layers.stats import raster_sums

    path = tmp_path / "people.tif"
    data = np.ones((100, 400), dtype="float32")  # lat -0.5..0.5, lon 10..14
    data[:, 390:] = -1  # nodata in the far east
    with rasterio.open(path, "w", driver="GTiff", width=400, height=100, count=1,
                       dtype="float32", crs="EPSG:4326", nodata=-1,
                       transform=from_origin(10.0, 0.5, 0.01, 0.01)) as dst:
        dst.write(data, 1)
    rows, outside = raster_sums(gpkg, path, by="month")
    # the theatre spans lon 10-13 of the valid 10-13.9: 0.9 of 3.9 lies outside
    assert outside == pytest.approx(0.9 / 3.9, abs=0.01)
    jan = next(r for r in rows if (r["period"], r["side"]) == ("2024-01", "RU"))
    cell_km2 = (0.01 * 111.32) * (0.01 * 110.57)  # a 0.01° cell near the equator
    assert jan["sum"] == jan["cells"]
    assert jan["sum"] == pytest.approx(21 * 12 / cell_km2, rel=0.03)
    result = CliRunner().invoke(main, ["stats", str(gpkg), "--raster", str(path), "--csv"])
    assert result.exit_code == 0, result.output
    assert "outside the theatre" in result.stderr
    assert result.stdout.splitlines()[0] == "period,side,sum,cells"


def test_plot_in_the_scenario_colours(tmp_path: Path, gpkg: Path) -> None:
    import matplotlib.image as mpimg
    import numpy as np

    from frontline.layers.stats import plot_stats

    image = mpimg.imread(plot_stats(gpkg, tmp_path / "plot.png"))[..., :3]
    pixels = (image.reshape(-1, 3) * 255).round().astype(int)

    def share(rgb: tuple[int, int, int]) -> float:
        return float(np.mean(np.all(np.abs(pixels - np.array(rgb)) <= 2, axis=1)))

    # the scenario's colours: Russia #c0392b (red), Ukraine #1f5fa8 (blue), drawn as such
    assert share((0xc0, 0x39, 0x2b)) > 0.0005 and share((0x1f, 0x5f, 0xa8)) > 0.0005


def test_area_by_region_sums_to_the_area_by_country(demo: object) -> None:
    """Each side's oblasts add up to its area in the country; the demo's known shares."""
    gpkg = demo.gpkg  # type: ignore[attr-defined]
    rows = region_stats(gpkg, by="month")
    totals: dict[tuple[str, str, str], float] = {}
    for r in rows:
        key = (r["period"], r["side"], r["country"])
        totals[key] = totals.get(key, 0.0) + r["end_km2"]
    for r in area_stats(gpkg, by="month"):
        assert totals[(r["period"], r["side"], r["country"])] == pytest.approx(
            r["end_km2"], rel=0.001, abs=1.0)
    last = {(r["side"], r["region"]): r for r in rows if r["period"] == "2024-11"}
    assert last[("RU", "Avtonomna Respublika Krym")]["share_end"] > 0.99
    assert last[("RU", "Luhanska oblast")]["share_end"] > 0.97
    assert 0.55 < last[("RU", "Donetska oblast")]["share_end"] < 0.75
    assert last[("UA", "Kharkivska oblast")]["share_end"] > 0.95
    kursk = [r for r in rows if r["side"] == "UA" and r["region"] == "Kurskaya oblast'"]
    assert kursk[0]["start_km2"] == pytest.approx(1294, rel=0.05)  # the 08-27 report
    assert kursk[-1]["end_km2"] == pytest.approx(800, rel=0.05)  # the 11-02 report
    # the reports name the Kursk region: none of the incursion lies in another (slivers aside)
    assert all(r["end_km2"] < 1 and r["start_km2"] < 1 for r in rows
               if r["side"] == "UA" and r["country"] == "RU" and r["region"] != "Kurskaya oblast'")
    # the ground Russia took in September lies in Donetsk oblast (the demo's directions)
    sep = {r["region"]: r for r in rows if r["period"] == "2024-09" and r["side"] == "RU"}
    assert sep["Donetska oblast"]["change_km2"] == pytest.approx(420, rel=0.05)


def test_stats_by_region_command(demo: object) -> None:
    gpkg = str(demo.gpkg)  # type: ignore[attr-defined]
    result = CliRunner().invoke(main, ["stats", gpkg, "--by-region", "--by", "period",
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    donetsk = next(r for r in rows if r["side"] == "RU" and r["region"] == "Donetska oblast")
    assert float(donetsk["region_km2"]) == pytest.approx(26_517, rel=0.1)  # official area
    # its code is the ISO one, which geocode's --admin1 takes (as it takes GeoNames' UA.05)
    assert donetsk["region_code"] == "UA-14"
    for code in (donetsk["region_code"], "UA.05"):
        found = CliRunner().invoke(main, ["geocode", "Pokrovsk", "--admin1", code])
        assert found.exit_code == 0 and "Donetska oblast" in found.output, found.output
    bad = CliRunner().invoke(main, ["stats", gpkg, "--by-region", "--raster", gpkg])
    assert bad.exit_code == 2 and "not both" in bad.output
