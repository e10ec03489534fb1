"""Scenario files: every problem reported at once, with file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

import synthetic as S
from frontline.errors import ScenarioError
from frontline.scenario import load_scenario

REAL = """name: Checks
theatre: {{countries: [UA, RU]}}
period: {{start: 2024-09-01, end: 2024-09-30}}
sides:
  - {{id: RU, name: Russia, colour: "#c0392b", country: RU}}
  - {{id: UA, name: Ukraine, colour: "#1f5fa8", country: UA}}
baseline:
  settlements:
    - {{name: Selydove, oblast: Donetsk oblast, side: UA}}
    - {{name: Donetsk, oblast: Donetsk oblast, side: RU}}
    - {{name: Kurakhove, oblast: Donetsk oblast, side: UA}}
reports:
{reports}
"""


def load(tmp_path: Path, reports: str) -> object:
    path = tmp_path / "s.yaml"
    path.write_text(REAL.format(reports=reports), encoding="utf-8")
    return load_scenario(path)


def problems(tmp_path: Path, reports: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load(tmp_path, reports)
    return [str(p) for p in info.value.problems]


def error_text(path: Path) -> str:
    """Everything a failing scenario file reports."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return str(info.value)


def test_a_good_scenario_resolves_its_places(tmp_path: Path, index_path: Path) -> None:
    sc = load(tmp_path, """  - {id: c, kind: capture, side: RU, place: Selidovo, date: 2024-09-27,
     source: {title: t, publisher: p, published: 2024-09-30, url: "https://example.org/a"}}
  - {id: r, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     area_km2: 420, toward: [Kurakhove], source: t}""")
    capture, rate = sc.reports
    assert capture.place.name == "Selydove" and capture.place_name == "Selidovo"
    assert capture.source.url == "https://example.org/a"
    assert rate.rate_km2_per_day == pytest.approx(14.0) and rate.days == 30
    assert rate.country == "UA" and [p.name for p in rate.toward] == ["Kurakhove"]
    assert len(sc.settlements) == 3 and not sc.warnings
    assert len(sc.content_hash) == 64


def test_every_problem_at_once(tmp_path: Path, index_path: Path) -> None:
    found = problems(tmp_path, """\
  - {id: a, kind: capture, side: RU, place: Seldyove, date: 2024-09-10, source: t}
  - {id: b, kind: capture, side: RU, place: Novoselivka, date: 2024-09-10, source: t}
  - {id: c, kind: capture, side: RU, place: Kurakhove, date: 2024-10-10, source: t}
  - {id: d, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     rate_km2_per_day: -3, source: t}
  - {id: e, kind: capture, side: XX, place: Kurakhove, date: 2024-09-10, source: t}
  - {id: f, kind: explosion, side: RU, date: 2024-09-10, source: t}
  - {id: g, kind: capture, side: RU, place: Kurakhove, date: 2024-09-31, source: t}""")
    path = str(tmp_path / "s.yaml")
    text = "\n".join(found)
    assert f"{path}:13: reports[0].place: unknown place 'Seldyove'; did you mean Selydove" in text
    assert f"{path}:14: reports[1].place: 'Novoselivka' is ambiguous" in text
    assert f"{path}:15: reports[2].date: 2024-10-10 is after the end of the period" in text
    assert f"{path}:17: reports[3].rate_km2_per_day: -3 km²/day is negative" in text
    assert f"{path}:18: reports[4].side: side 'XX' is not declared" in text
    assert f"{path}:19: reports[5].kind: 'explosion' is not one of" in text
    assert f"{path}:20: reports[6].date: '2024-09-31' is not a date" in text
    assert len(found) == 7


def test_rate_larger_than_the_theatre(tmp_path: Path, index_path: Path) -> None:
    found = problems(tmp_path, """  - {id: big, kind: advance_rate, side: RU, start: 2024-09-01,
     end: 2024-09-30, rate_km2_per_day: 1000000, source: t}""")
    assert len(found) == 1
    assert "reports[0].rate_km2_per_day: 1,000,000 km²/day over 30 days" in found[0]
    assert "more than all of UA within the theatre" in found[0]


def test_capture_of_a_place_already_held_is_a_warning(tmp_path: Path, index_path: Path) -> None:
    sc = load(tmp_path, """  - {id: w, kind: capture, side: UA, place: Kurakhove, date: 2024-09-10,
     source: t}""")
    (warning,) = sc.warnings
    assert warning.severity == "warning" and warning.field == "reports[0].place"
    assert "already held by UA" in str(warning)


def test_missing_fields_and_bad_yaml(tmp_path: Path, index_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nperiod: {start: 2024-01-01}\nsides: [{id: A}, {id: B}]\n",
                    encoding="utf-8")
    text = error_text(path)
    assert f"{path}:1: theatre: missing" in text
    assert f"{path}:2: period.end: missing" in text
    assert "baseline: missing" in text
    path.write_text("name: x\nperiod: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(path)


def test_baseline_table_errors_name_the_csv_line(tmp_path: Path, index_path: Path) -> None:
    (tmp_path / "base.csv").write_text(
        "name,oblast,side,lat,lon\nSelydove,Donetska oblast,UA,,\n"
        "Seldyove,Donetska oblast,UA,,\nDonetsk,Donetska oblast,ZZ,,\n", encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(REAL.format(reports="  []").replace(
        """  settlements:
    - {name: Selydove, oblast: Donetsk oblast, side: UA}
    - {name: Donetsk, oblast: Donetsk oblast, side: RU}
    - {name: Kurakhove, oblast: Donetsk oblast, side: UA}""", "  settlements: base.csv"),
        encoding="utf-8")
    text = error_text(path)
    assert f"{tmp_path / 'base.csv'}:3: name: unknown place 'Seldyove'" in text
    assert f"{tmp_path / 'base.csv'}:4: side: side 'ZZ' is not declared" in text


def _polygon_scenario(tmp_path: Path, ru_file: str) -> Path:
    S.write_borders(tmp_path)
    path = tmp_path / "poly.yaml"
    path.write_text(S.scenario_text(settlements=[]).replace(
        "  settlements:\n", f"  polygons: {{RU: {ru_file}}}\n"), encoding="utf-8")
    return path


def _write_geojson(path: Path, geom: shapely.Geometry, crs: str | None) -> None:
    data = {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {},
                          "geometry": shapely.geometry.mapping(geom)}]}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(data))


def test_polygon_baseline_repaired_and_reprojected(tmp_path: Path, index_path: Path) -> None:
    bowtie = shapely.Polygon([(11.5, -0.5), (12, 0.5), (12, -0.5), (11.5, 0.5)])
    _write_geojson(tmp_path / "ru.geojson", bowtie, None)
    sc = load_scenario(_polygon_scenario(tmp_path, "ru.geojson"))
    assert any("invalid geometry" in str(w) and "repaired" in str(w) for w in sc.warnings)
    assert sc.polygons["RU"].is_valid
    mercator = shapely.box(1_280_000, -55_000, 1_335_000, 55_000)
    _write_geojson(tmp_path / "ru3857.geojson", mercator, "urn:ogc:def:crs:EPSG::3857")
    sc = load_scenario(_polygon_scenario(tmp_path, "ru3857.geojson"))
    assert any("reprojected to EPSG:4326" in str(w) for w in sc.warnings)
    assert 11.4 < sc.polygons["RU"].bounds[0] < 11.6


def test_polygon_baseline_without_crs_is_an_error(tmp_path: Path, index_path: Path) -> None:
    (tmp_path / "ru.csv").write_text("WKT\n\"POLYGON ((11.5 -0.5, 12 -0.5, 12 0.5, 11.5 -0.5))\"\n")
    with pytest.raises(ScenarioError, match="has no CRS"):
        load_scenario(_polygon_scenario(tmp_path, "ru.csv"))


def test_a_loose_match_far_from_the_front_is_a_warning(tmp_path: Path, index_path: Path) -> None:
    # "Shumy" is listed only as a former name of a village in Crimea, far from this front
    sc = load(tmp_path, """  - {id: s, kind: capture, side: RU, place: Shumy, date: 2024-09-10,
     source: t}""")
    (warning,) = sc.warnings
    assert "'Shumy' matched Verkhnyaya Kutuzovka" in str(warning)
    assert "from the front" in str(warning) and warning.field == "reports[0].place"
