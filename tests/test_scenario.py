"""Scenario files: every problem reported at once, with file, line and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import shapely

import synthetic as S
from frontline.errors import ScenarioError
from frontline.scenario import Scenario, load_scenario

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


def load(tmp_path: Path, reports: str) -> Scenario:
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
    assert S.place_of(None, capture).name == "Selydove" and capture.place_name == "Selidovo"
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
    data: dict[str, Any] = {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {},
                          "geometry": json.loads(shapely.to_geojson(geom))}]}
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


def test_a_place_far_from_the_front_is_an_error(tmp_path: Path, index_path: Path) -> None:
    # "Shumy" is listed only as a former name of a village in Crimea, far from this front
    found = problems(tmp_path, """\
  - {id: s, kind: capture, side: RU, place: Shumy, date: 2024-09-10, source: t}""")
    text = "\n".join(found)
    assert "reports[0].place: warning: 'Shumy' matched Verkhnyaya Kutuzovka" in text
    assert ("reports[0].place: 'Shumy' resolves to Verkhnyaya Kutuzovka (Avtonomna Respublika "
            "Krym, UA)") in text and "km from the front: give its oblast or coordinates" in text


def test_a_place_an_advance_heads_for_is_not_too_far(tmp_path: Path, index_path: Path) -> None:
    # the same village, in a scenario whose advance heads for Crimea: an invasion takes
    # places far from the line it started on, near where its axes lead
    sc = load(tmp_path, """\
  - {id: r, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     rate_km2_per_day: 10, toward: [Alushta], source: t}
  - {id: s, kind: capture, side: RU, place: Shumy, date: 2024-09-10, source: t}""")
    assert S.place_of(None, sc.reports[1]).name == "Verkhnyaya Kutuzovka"
    # (nor is a match by a former name there suspect)
    assert not any("Shumy" in str(w) for w in sc.warnings), sc.warnings


def test_places_are_looked_for_where_the_advances_head(tmp_path: Path, index_path: Path) -> None:
    # near the Donbas front alone, "Chornobyl" is a former name of Lazurnyi (Donetsk oblast);
    # with an advance toward Ivankiv, it is the town of Kyiv oblast
    capture = "  - {id: c, kind: capture, side: RU, place: Chornobyl, date: 2024-09-10, source: t}"
    assert S.place_of(None, load(tmp_path, capture).reports[0]).admin1_name == "Donetska oblast"
    sc = load(tmp_path, capture + """
  - {id: r, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     rate_km2_per_day: 10, toward: [Ivankiv], source: t}""")
    assert S.place_of(None, sc.reports[0]).label() == "Chornobyl (Kyivska oblast, UA)"
    assert [r.id for r in sc.reports] == ["c", "r"]  # (in the file's order)


def test_an_advances_objectives_are_told_apart_by_one_another(tmp_path: Path,
                                                              index_path: Path) -> None:
    # near the Donbas front alone, 'Vasylivka' has several namesakes none clearly first; named
    # with Melitopol and Tokmak it is the town of Zaporizhzhia oblast (pop. 12,567)
    alone = problems(tmp_path, """\
  - {id: r, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     rate_km2_per_day: 10, toward: [Vasylivka], source: t}""")
    assert any("reports[0].toward[0]: 'Vasylivka' is ambiguous" in f for f in alone), alone
    sc = load(tmp_path, """\
  - {id: r, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     rate_km2_per_day: 10, toward: [Melitopol, Vasylivka, Tokmak], source: t}""")
    (r,) = sc.reports
    assert [p.admin1_name for p in r.toward] == ["Zaporizka oblast"] * 3
    assert r.toward[1].population == 12_567
    assert r.toward_names == ("Melitopol", "Vasylivka", "Tokmak")
    # the advance's origin counts as one of its places too
    sc = load(tmp_path, """\
  - {id: r, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     rate_km2_per_day: 10, origin: Okhtyrka, toward: [Trostianets], source: t}""")
    assert sc.reports[0].toward[0].label() == "Trostyanets (Sumska oblast, UA)"


def test_an_objective_far_from_the_front_and_its_advance_is_an_error(tmp_path: Path,
                                                                   index_path: Path) -> None:
    # the Hlyboke north of Kharkiv is not in the gazetteer (under 500 people): the name finds
    # the village of Odesa oblast, 400+ km from this front and from Kurakhove
    found = problems(tmp_path, """\
  - {id: r, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     rate_km2_per_day: 10, toward: [Kurakhove, Hlyboke], source: t}""")
    assert any("reports[0].toward[1]: 'Hlyboke' resolves to Hlyboke (Odeska oblast, UA)" in f
               and "km from the front and from the advance's other places: give its oblast"
               in f for f in found), found
    # pinned, it is the writer's choice: a warning
    sc = load(tmp_path, """\
  - {id: r, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     rate_km2_per_day: 10, toward: [Kurakhove, {name: Hlyboke, oblast: Odesa oblast}],
     source: t}""")
    assert any("toward[1]: warning: 'Hlyboke' resolves to" in str(w) for w in sc.warnings)


def test_a_settlement_labelled_deep_in_the_other_sides_ground_is_a_warning(
        tmp_path: Path, index_path: Path) -> None:
    # Sokilnyky, at the edge of Lviv, labelled RU among Ukrainian-held towns 1,000 km from
    # the front: a wrong label. Grayvoron, a Russian town on the border with Ukrainian towns
    # round it, is its side's own country: no warning
    towns = ["Lviv", "Sambir", "Stryi", "Zolochiv", "Sheptytskyi", "Drohobych"]
    rows = "".join(f"    - {{name: {t}, oblast: Lviv oblast, side: UA}}\n" for t in towns)
    text = REAL.format(reports="").replace(
        "    - {name: Kurakhove, oblast: Donetsk oblast, side: UA}\n",
        "    - {name: Kurakhove, oblast: Donetsk oblast, side: UA}\n" + rows
        + "    - {name: Sokilnyky, oblast: Lviv oblast, side: RU}\n"
        + "    - {name: Grayvoron, side: RU}\n"
        + "    - {name: Zolochiv, oblast: Kharkiv oblast, side: UA}\n"
        + "    - {name: Velyka Pysarivka, side: UA}\n    - {name: Okhtyrka, side: UA}\n")
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("reports:\n", "reports: []\n"), encoding="utf-8")
    sc = load_scenario(path)
    warned = [str(w) for w in sc.warnings]
    assert len(warned) == 1, warned
    assert "baseline.settlements[9].side: warning: Sokilnyky (Lvivska oblast, UA) is " \
        "labelled RU" in warned[0] and "are UA's: is the label or the place wrong?" in warned[0]
    assert "s.yaml:18:" in warned[0]  # its line


def test_report_places_can_be_pinned(tmp_path: Path, index_path: Path) -> None:
    sc = load(tmp_path, """\
  - {id: a, kind: capture, side: RU, place: {name: Hrodivka, lat: 48.28, lon: 37.33},
     date: 2024-09-12, source: t}
  - {id: b, kind: capture, side: RU, place: {name: Shevchenko, oblast: Donetsk oblast,
     near: Pokrovsk}, date: 2024-09-12, source: t}
  - {id: c, kind: capture, side: RU, place: {name: Novyi Khutir, lat: 48.17, lon: 37.41},
     date: 2024-09-12, source: t}
  - {id: r, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30, area_km2: 420,
     toward: [{name: Ukrainsk, oblast: Donetsk oblast}], source: t}""")
    a, b, c, r = sc.reports
    assert S.place_of(None, a).name == "Hrodivka" and S.place_of(None, a).population == 2299
    assert S.place_of(None, b).name == "Shevchenko" and S.place_of(None, b).admin1_iso == "UA-14"
    assert S.place_of(None, c).name == "Novyi Khutir" and S.place_of(None, c).source == "scenario"
    assert (S.place_of(None, c).lat, S.place_of(None, c).lon) == (48.17, 37.41)
    assert r.toward[0].name == "Ukrayinsk" and r.toward_names == ("Ukrainsk",)
    found = problems(tmp_path, """\
  - {id: a, kind: capture, side: RU, place: {name: Hrodivka, lat: 148.3, lon: 37.1, palce: x},
     date: 2024-09-12, source: t}""")
    assert any("reports[0].place.lat: 148.3 is not a latitude" in f for f in found)
    assert any("reports[0].place.palce: unknown field 'palce'" in f for f in found)



# -- validation that catches what the build would choke on ---------------------------------------
def test_unknown_fields_are_errors_with_a_suggestion(tmp_path: Path, index_path: Path) -> None:
    found = problems(tmp_path, """\
  - {id: r, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     rate_km2_per_day: 14, towards: [Kurakhove], source: t}
  - {id: c, kind: capture, side: RU, palce: Selidovo, date: 2024-09-20, source: t}
  - {id: d, kind: capture, side: RU, place: Selidovo, toward: [Kurakhove], date: 2024-09-20,
     source: t}""")
    text = "\n".join(found)
    assert "reports[0].towards: unknown field 'towards'; did you mean 'toward'?" in text
    assert "reports[1].palce: unknown field 'palce'; did you mean 'place'?" in text
    assert "reports[1].place: missing" in text
    assert "reports[2].toward: 'toward' is not a field of a capture report" in text
    assert len(found) == 4


def test_unknown_fields_outside_reports(tmp_path: Path, index_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(REAL.format(reports="  []").replace("period:", "peroid: x\nperiod:").replace(
        "{id: RU, name: Russia", "{id: RU, nmae: Russia"), encoding="utf-8")
    text = error_text(path)
    assert "peroid: unknown field 'peroid'; did you mean 'period'?" in text
    assert "sides[0].nmae: unknown field 'nmae'; did you mean 'name'?" in text


@pytest.mark.parametrize(("lat", "lon", "field", "message"), [
    (95.0, 37.3, "lat", "95.0 is not a latitude"),
    (48.1, 1e300, "lon", "is not a longitude"),
    ("nan", 37.3, "lat", "nan is not a latitude"),
])
def test_baseline_coordinates_out_of_range(tmp_path: Path, index_path: Path, lat: object,
                                           lon: object, field: str, message: str) -> None:
    (tmp_path / "base.csv").write_text(
        "name,oblast,side,lat,lon\nDonetsk,Donetska oblast,RU,,\n"
        f"Selydove,Donetska oblast,UA,{lat},{lon}\n", encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(_with_table(REAL.format(reports="  []")), encoding="utf-8")
    text = error_text(path)
    assert f"{tmp_path / 'base.csv'}:3: {field}: " in text and message in text


def _with_table(text: str) -> str:
    return text.replace("""  settlements:
    - {name: Selydove, oblast: Donetsk oblast, side: UA}
    - {name: Donetsk, oblast: Donetsk oblast, side: RU}
    - {name: Kurakhove, oblast: Donetsk oblast, side: UA}""", "  settlements: base.csv")


def test_baseline_coordinates_outside_their_oblast_or_country(tmp_path: Path,
                                                              index_path: Path) -> None:
    (tmp_path / "base.csv").write_text(
        "name,oblast,side,lat,lon\n"
        "Donetsk,Donetska oblast,RU,,\n"
        # Kharkiv's coordinates for a village said to be in Donetsk oblast
        "Novoselivka,Donetska oblast,UA,49.99,36.23\n"
        # lat and lon swapped: the middle of Kazakhstan
        "Ukrainsk,Donetska oblast,UA,37.35,48.09\n"
        # a village of Donetsk oblast 1 km from where GeoNames has it: fine
        "Hirnyk,Donetska oblast,UA,48.05,37.38\n", encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(_with_table(REAL.format(reports="  []")), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    text = str(info.value)
    assert f"{tmp_path / 'base.csv'}:3: oblast: 49.99, 36.23 lies at least" in text
    assert "outside Donetska oblast (UA-14)" in text
    assert f"{tmp_path / 'base.csv'}:4: lat: 37.35, 48.09 lies" in text and "outside UA" in text
    assert ":5:" not in text
    assert len([p for p in info.value.problems if p.severity == "error"]) == 2


def test_real_settlements_with_coordinates_are_inside_their_oblasts(index_path: Path) -> None:
    """The calibration table: 725 settlements with oblast, lat and lon, none flagged."""
    from frontline.geo import Gazetteer
    from frontline.scenario._checker import Checker
    from frontline.scenario.baseline import read_settlements

    table = Path(__file__).resolve().parent / "data" / "settlements_2024-07-07.csv"
    chk = Checker("s.yaml", {})
    settled, readable = read_settlements(table.name, table, chk, Gazetteer.default(),
                                         {"RU", "UA"}, ["UA", "RU"], borders=None, blobs=[])
    assert readable and [str(p) for p in chk.problems] == []
    assert len(settled) == 725


def test_one_problem_never_hides_another(tmp_path: Path, index_path: Path) -> None:
    found = problems(tmp_path, """\
  - {id: big, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     rate_km2_per_day: 1e9, source: t}
  - {id: c, kind: capture, side: RU, place: Seldyove, date: 2024-09-20, source: t}""")
    assert len(found) == 2
    assert "reports[0].rate_km2_per_day: 1,000,000,000 km²/day" in found[0]
    assert "reports[1].place: unknown place 'Seldyove'" in found[1]


def test_a_missing_baseline_file_is_one_error(tmp_path: Path, index_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(_with_table(REAL.format(reports="""\
  - {id: c, kind: capture, side: RU, place: Pokrovsk, date: 2024-09-20, source: t}
  - {id: r, kind: advance_rate, side: RU, start: 2024-09-01, end: 2024-09-30,
     rate_km2_per_day: 14, toward: [Novohrodivka], source: t}""")), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert problem.field == "baseline.settlements" and "cannot read" in problem.message


def test_a_rate_larger_than_the_ground_held_is_refused(tmp_path: Path,
                                                       index_path: Path) -> None:
    """The demo with 20,000 km²/day in September: more than all of Ukraine in the theatre."""
    from frontline.layers import demo_scenario_path
    from frontline.model import check_targets

    demo = demo_scenario_path()
    (tmp_path / demo.name).write_text(
        demo.read_text(encoding="utf-8").replace("rate_km2_per_day: 14", "rate_km2_per_day: 20000"),
        encoding="utf-8")
    (tmp_path / "settlement_control_2024-08-31.csv").write_bytes(
        (demo.parent / "settlement_control_2024-08-31.csv").read_bytes())
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / demo.name)
    (problem,) = info.value.problems
    assert problem.field.endswith(".rate_km2_per_day")
    assert "20,000 km²/day over 30 days is 600,000 km²" in problem.message
    # 16,500 km²/day fits in Ukraine's part of the theatre, but not in what Ukraine holds
    (tmp_path / demo.name).write_text(
        demo.read_text(encoding="utf-8").replace("rate_km2_per_day: 14", "rate_km2_per_day: 16500"),
        encoding="utf-8")
    sc = load_scenario(tmp_path / demo.name)
    with pytest.raises(ScenarioError) as info:
        check_targets(sc)
    (problem,) = info.value.problems
    assert "more than the" in problem.message
    assert "of UA that UA hold at the start" in problem.message


def test_polygon_baseline_with_coordinates_out_of_range(tmp_path: Path, index_path: Path) -> None:
    # a file in metres that claims to be in degrees: a GEOS error later, a clear error now
    _write_geojson(tmp_path / "ru.geojson", shapely.box(1_280_000, -55_000, 1_335_000, 55_000),
                   "urn:ogc:def:crs:OGC:1.3:CRS84")
    with pytest.raises(ScenarioError) as info:
        load_scenario(_polygon_scenario(tmp_path, "ru.geojson"))
    assert "are not longitudes and latitudes; check the file's CRS" in str(info.value)


def test_polygon_baseline_keeps_all_its_ground_in_the_theatre(tmp_path: Path,
                                                             index_path: Path) -> None:
    # RU holds a triangle of UA whose corner lies ~100 km from its bounding box's diagonal:
    # with a 10 km margin, every km² of it must still be in the theatre
    triangle = shapely.Polygon([(10.0, -0.5), (11.9, -0.5), (10.0, 0.5)])
    _write_geojson(tmp_path / "ru.geojson", triangle, "urn:ogc:def:crs:OGC:1.3:CRS84")
    path = _polygon_scenario(tmp_path, "ru.geojson")
    path.write_text(path.read_text().replace("margin_km: 500", "margin_km: 10"))
    sc = load_scenario(path)
    theatre = sc.theatre
    held = theatre.projection.to_proj(triangle)
    inside = shapely.union_all(list(theatre.countries.values()))
    # (the edges along the border differ by the border's segmentation only)
    assert shapely.difference(held, inside).area < 1e-4 * held.area


def test_polygon_baseline_gives_the_front_and_its_checks(tmp_path: Path, index_path: Path) -> None:
    # RU holds the east of UA beyond lon 11.5: its polygon's edges on UA's outline and on the
    # border are no front; its western edge is
    _write_geojson(tmp_path / "ru.geojson", shapely.box(11.5, -0.5, 12.0, 0.5),
                   "urn:ogc:def:crs:OGC:1.3:CRS84")
    path = _polygon_scenario(tmp_path, "ru.geojson")
    text = path.read_text()
    reports = ("reports:\n"
               "  - {id: held, kind: capture, side: RU, date: 2024-01-10, source: t,\n"
               "     place: {name: Eastville, lat: 0.1, lon: 11.8}}\n"
               "  - {id: west, kind: capture, side: RU, date: 2024-01-10, source: t,\n"
               "     place: {name: Westville, lat: 0.1, lon: 11.4}}\n")
    path.write_text(text[:text.index("reports:")] + reports)
    sc = load_scenario(path)
    lats = [lat for lat, _ in sc.front.points]
    assert sc.front and all(lon == pytest.approx(11.5) for _, lon in sc.front.points)
    assert min(lats) > -0.5 + 0.02 and max(lats) < 0.5 - 0.02
    assert len(sc.front) > 40  # every 2 km along 111 km
    warnings = [str(w) for w in sc.warnings]
    assert any("Eastville is already held by RU" in w for w in warnings)
    assert not any("Westville" in w for w in warnings)
    # far from the polygons' front: a name no other place has is taken as meant (a warning:
    # in a war of movement such jumps are the news); one that others share is an error that
    # says what to give
    path.write_text(text[:text.index("reports:")] + reports.replace(
        "place: {name: Westville, lat: 0.1, lon: 11.4}", "place: Lviv"))
    far = [str(w) for w in load_scenario(path).warnings if "'Lviv' resolves to Lviv" in str(w)]
    assert len(far) == 1 and "km from the front" in far[0] and "give its oblast" not in far[0]
    path.write_text(text[:text.index("reports:")] + reports.replace(
        "place: {name: Westville, lat: 0.1, lon: 11.4}", "place: Mykolaiv"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "'Mykolaiv' resolves to Mykolayiv (Mykolaivska oblast" in str(info.value)
    assert "km from the front: give its oblast or coordinates" in str(info.value)


def test_theatre_is_the_whole_country_at_war_and_a_band_of_its_neighbour(
        tmp_path: Path, index_path: Path) -> None:
    # RU holds a box of Donbas: all of Ukraine is in the theatre (the polygons name too little
    # of it to cut it), Russia only within the margin of the polygon (a band, not a hull)
    from frontline.geo.borders import load_countries
    from frontline.geo.projection import geodesic_area_km2

    box = shapely.box(37.6, 46.8, 40.5, 49.3)
    _write_geojson(tmp_path / "ru.geojson", box, "urn:ogc:def:crs:OGC:1.3:CRS84")
    (tmp_path / "s.yaml").write_text(
        "name: t\ntheatre: {countries: [UA, RU], margin_km: 100}\n"
        "period: {start: 2024-11-01, end: 2024-11-03}\n"
        "sides:\n  - {id: RU, name: Russia, colour: red, country: RU}\n"
        "  - {id: UA, name: Ukraine, colour: blue, country: UA}\n"
        "baseline: {date: 2024-10-31, polygons: {RU: ru.geojson}}\nreports: []\n")
    theatre = load_scenario(tmp_path / "s.yaml").theatre
    ukraine = geodesic_area_km2(load_countries(["UA"])["UA"])
    assert theatre.area_km2("UA") == pytest.approx(ukraine, rel=0.005)
    russia = theatre.countries["RU"]
    reach = shapely.buffer(theatre.projection.to_proj(shapely.segmentize(box, 0.05)), 101_000)
    assert shapely.difference(russia, reach).area < 1e-6 * russia.area
    assert 40_000 < theatre.area_km2("RU") < 120_000


def test_a_siege_names_its_place_and_may_end(tmp_path: Path, index_path: Path) -> None:
    sc = load(tmp_path, """  - {id: s, kind: siege, side: RU, place: Pokrovsk, date: 2024-09-10,
     end: 2024-09-30, source: t}""")
    (siege,) = sc.reports
    assert (siege.kind, S.place_of(None, siege).name) == ("siege", "Pokrovsk")
    assert str(siege.end) == "2024-09-30"
    found = problems(tmp_path, """  - {id: s, kind: siege, side: RU, place: Pokrovsk,
     date: 2024-09-10, end: 2024-09-01, rate_km2_per_day: 3, source: t}""")
    assert any("before the siege began" in p for p in found), found
    assert any("rate_km2_per_day" in p for p in found), found
    assert not siege.encircled
    (ring,) = load(tmp_path, """  - {id: s, kind: siege, side: RU, place: Pokrovsk,
     date: 2024-09-10, encircled: true, source: t}""").reports
    assert ring.encircled and ring.to_dict()["encircled"] is True
    found = problems(tmp_path, """  - {id: s, kind: siege, side: RU, place: Pokrovsk,
     date: 2024-09-10, encircled: "yes", source: t}
  - {id: c, kind: capture, side: RU, place: Pokrovsk, date: 2024-09-10, encircled: true,
     source: t}""")
    assert any("'yes' is not true or false" in p for p in found), found
    assert any("encircled" in p and "reports[1]" in p for p in found), found


def test_a_withdrawal_names_a_place_or_a_region(tmp_path: Path, index_path: Path) -> None:
    sc = load(tmp_path, """  - {id: w, kind: withdrawal, side: RU, region: Kyiv region,
     date: 2024-09-10, source: t}""")
    (w,) = sc.reports
    assert w.place is None and w.region is not None and w.region.iso == "UA-32"
    found = problems(tmp_path, """  - {id: w, kind: withdrawal, side: RU, region: Kyiv region,
     place: Pokrovsk, date: 2024-09-10, source: t}""")
    assert any("not both" in p for p in found), found
    found = problems(tmp_path, """  - {id: w, kind: withdrawal, side: RU, region: Atlantis,
     date: 2024-09-10, source: t}""")
    assert any("region" in p for p in found), found


def test_a_retaking_is_no_capture_of_what_is_held(tmp_path: Path, index_path: Path) -> None:
    """A place taken back after the other side captured it in the same scenario is a real
    change of hands; taking it twice is not."""
    reports = """  - {id: taken, kind: capture, side: RU, place: S135, date: 2024-01-03, source: s}
  - {id: retaken, kind: capture, side: UA, place: S135, date: 2024-01-10, source: s}
  - {id: again, kind: capture, side: UA, place: S135, date: 2024-01-12, source: s}"""
    sc = load_scenario(S.write_scenario(tmp_path, end="2024-01-20", reports=reports))
    warned = [str(w) for w in sc.warnings if "already held" in str(w)]
    assert len(warned) == 1 and "reports[2]" in warned[0], warned
    assert "already held by UA after retaken (2024-01-10)" in warned[0]


def test_a_rate_holding_another_toward_the_same_places_is_a_warning(tmp_path: Path,
                                                                     index_path: Path) -> None:
    """A total and its part ('this year' and 'in October') would count the ground twice."""
    sc = load(tmp_path, """  - {id: month, kind: advance_rate, side: RU, start: 2024-09-01,
     end: 2024-09-30, rate_km2_per_day: 10, source: t}
  - {id: week, kind: advance_rate, side: RU, start: 2024-09-10, end: 2024-09-16,
     rate_km2_per_day: 12, source: t}
  - {id: north, kind: advance_rate, side: RU, start: 2024-09-05, end: 2024-09-15,
     rate_km2_per_day: 5, toward: [Kurakhove], source: t}""")
    warned = [str(w) for w in sc.warnings]
    assert len(warned) == 1, warned
    assert "reports[0].start: warning: month (2024-09-01..2024-09-30) holds the period of " \
           "week" in warned[0] and "keep one" in warned[0]
