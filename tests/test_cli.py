"""The command line: output formats, exit codes, error messages, imports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import synthetic as S
from frontline import __version__
from frontline.cli import main


def run(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def test_version_and_about_credit_the_data(runner: CliRunner, index_path: Path) -> None:
    for args in (["--version"], ["about"]):
        result = run(runner, *args)
        assert result.exit_code == 0
        assert __version__ in result.stdout
        assert "GeoNames" in result.stdout and "CC BY 4.0" in result.stdout
        assert "Natural Earth" in result.stdout
    about = run(runner, "about").stdout
    assert "Gazetteer index:" in about
    assert "Model cache:" in about and "scenario(s)" in about


def test_help(runner: CliRunner) -> None:
    result = run(runner, "--help")
    assert result.exit_code == 0
    assert "geocode" in result.stdout and "gazetteer" in result.stdout
    assert "--admin1" in run(runner, "geocode", "--help").stdout


def test_table(runner: CliRunner, index_path: Path) -> None:
    result = run(runner, "geocode", "Selidovo", "Artemivsk", "Kursk region")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["query", "place", "admin-1"]
    assert "Selydove" in lines[2] and "Donetska oblast" in lines[2]
    assert "Artemivsk was renamed Bakhmut in 2016" in lines[3]
    assert "Kurskaya oblast'" in lines[4]


def test_json(runner: CliRunner, index_path: Path) -> None:
    result = run(runner, "geocode", "Kupiansk", "--json")
    (row,) = json.loads(result.stdout)
    assert row["name"] == "Kupyansk" and row["admin1_iso"] == "UA-63"
    assert row["matched_name"] == "Kupiansk" and isinstance(row["lat"], float)


def test_csv(runner: CliRunner, index_path: Path) -> None:
    result = run(runner, "geocode", "Kyiv", "Seldyove", "--csv")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["query"] for r in rows] == ["Kyiv", "Seldyove"]
    assert rows[0]["name"] == "Kyiv" and rows[0]["error"] == ""
    assert "did you mean Selydove" in rows[1]["error"]


def test_geojson(runner: CliRunner, index_path: Path) -> None:
    result = run(runner, "geocode", "Sudzha", "--format", "geojson")
    data = json.loads(result.stdout)
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    lon, lat = feature["geometry"]["coordinates"]
    assert 35 < lon < 36 and 51 < lat < 52  # GeoJSON order: lon, lat
    assert feature["properties"]["admin1_iso"] == "RU-KRS"


def test_batch_goes_on_past_bad_names(runner: CliRunner, index_path: Path,
                                      tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Kharkov\n# a comment\nSeldyove\n\nPokrovsk\nKazan\n", encoding="utf-8")
    result = run(runner, "geocode", "-i", str(names))
    assert result.exit_code == 1
    assert "Kharkiv" in result.stdout and "Kazan" in result.stdout
    assert "error: unknown place 'Seldyove'; did you mean Selydove" in result.stderr
    assert "error: 'Pokrovsk' is ambiguous" in result.stderr
    assert "2 of 4 name(s) failed" in result.stderr
    assert "Traceback" not in result.output


def test_stdin_and_options(runner: CliRunner, index_path: Path) -> None:
    result = run(runner, "geocode", "-i", "-", "--country", "UA", "--json",
                 input="Pokrovsk\nNovoselivka\n")
    assert result.exit_code == 1  # Novoselivka is still ambiguous in Ukraine
    ok, bad = json.loads(result.stdout)
    assert ok["admin1_iso"] == "UA-14"
    assert "ambiguous" in bad["error"] and len(bad["candidates"]) > 10
    result = run(runner, "geocode", "Novoselivka", "--admin1", "Donetsk oblast",
                 "--near", "48.82,37.47", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["geonameid"] == 704409
    assert run(runner, "geocode", "Pokrovsk", "--best").exit_code == 0


def test_explain_lists_every_candidate(runner: CliRunner, index_path: Path) -> None:
    result = run(runner, "geocode", "Pokrovsk", "--explain")
    assert "Pokrovsk: 3 candidate(s)" in result.stdout
    assert "GeoNames main name +0.50" in result.stdout
    assert "an other (e.g. former) name" in result.stdout  # Engels was Pokrovsk


def test_usage_errors(runner: CliRunner, index_path: Path) -> None:
    result = runner.invoke(main, ["geocode", "Kyiv", "--near", "north"])
    assert result.exit_code == 2 and "is not LAT,LON" in result.stderr
    result = runner.invoke(main, ["geocode"])
    assert result.exit_code == 2 and "give NAMES or --input FILE" in result.stderr


def test_library_errors_are_one_line(runner: CliRunner, index_path: Path) -> None:
    result = runner.invoke(main, ["geocode", "Kyiv", "--country", "Narnia"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: unknown country 'Narnia'; use a name or an ISO code such as UA or RU"]


def test_verbose_shows_the_traceback(index_path: Path) -> None:
    cmd = [sys.executable, "-m", "frontline.cli", "-v", "geocode", "Kyiv", "--admin1", "Qwxz"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "UnknownRegion" in proc.stderr
    proc = subprocess.run([c for c in cmd if c != "-v"], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("Error: unknown region 'Qwxz'")


def test_gazetteer_commands(runner: CliRunner, index_path: Path, user_db: Path,
                            tmp_path: Path) -> None:
    path = tmp_path / "villages.csv"
    path.write_text("name,lat,lon,country,admin1,aliases\n"
                    "Robotyne,47.4497,35.8372,UA,Zaporizka oblast,Работино\n", encoding="utf-8")
    result = run(runner, "gazetteer", "import", str(path))
    assert result.exit_code == 0 and "imported 1 place(s)" in result.stdout
    assert "villages.csv" in run(runner, "gazetteer", "list").stdout
    assert "Robotyne" in run(runner, "gazetteer", "list", "--places").stdout
    geo = run(runner, "geocode", "Работино", "--json")
    assert json.loads(geo.stdout)[0]["admin1_iso"] == "UA-23"
    assert "removed 1 place(s)" in run(runner, "gazetteer", "remove", "1").stdout
    assert run(runner, "geocode", "Robotyne").exit_code == 1
    result = runner.invoke(main, ["gazetteer", "remove", "7"])
    assert result.exit_code == 1 and "no imported file '7'" in result.stderr


def test_bad_import_file_is_reported_with_line_and_field(runner: CliRunner, index_path: Path,
                                                         user_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,lat,lon\nRobotyne,47.4,east\n", encoding="utf-8")
    result = runner.invoke(main, ["gazetteer", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: field 'lon': 'east' is not a number" in result.stderr


@pytest.mark.parametrize("heavy", ["geopandas", "folium", "rasterio", "shapely", "numpy"])
def test_geocode_imports_nothing_heavy(index_path: Path, heavy: str) -> None:
    code = (
        "import sys\n"
        "from frontline.cli import main\n"
        "try:\n"
        "    main(['geocode', 'Kyiv', 'Seldyove', '--json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('LOADED' if {heavy!r} in sys.modules else 'CLEAN')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert proc.stdout.strip().splitlines()[-1] == "CLEAN", proc.stderr


# -- one error boundary: every failure a user can cause is one line and an exit status -------------
def _one_line_error(result: object, status: int = 1) -> str:
    """The message of a failed command, asserting it is one line and no traceback."""
    assert result.exit_code == status, result.output  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def foreign_gpkg(tmp_path: Path) -> Path:
    import geopandas as gpd
    import shapely

    path = tmp_path / "foreign.gpkg"
    gpd.GeoDataFrame({"name": ["road"]}, geometry=[shapely.LineString([(0, 0), (1, 1)])],
                     crs=4326).to_file(path, layer="roads")
    return path


@pytest.mark.parametrize("command", [["map", "-o", "OUT/map.html"], ["stats"]])
def test_a_geopackage_that_is_not_ours(runner: CliRunner, foreign_gpkg: Path, tmp_path: Path,
                                       command: list[str]) -> None:
    args = [command[0], str(foreign_gpkg),
            *[a.replace("OUT", str(tmp_path)) for a in command[1:]]]
    message = _one_line_error(runner.invoke(main, args))
    assert message == (f"Error: {foreign_gpkg}: not a Frontline GeoPackage: no layer 'control' "
                       "(write one with 'frontline build')")
    assert not (tmp_path / "map.html").exists()


@pytest.mark.parametrize("content", [b"", None])
def test_a_file_that_is_not_a_geopackage(runner: CliRunner, tmp_path: Path,
                                         content: bytes | None) -> None:
    path = tmp_path / "empty.gpkg"
    if content is None:
        path = Path("/bin/ls")
    else:
        path.write_bytes(content)
    for args in (["map", str(path), "-o", str(tmp_path / "m.html")], ["stats", str(path)]):
        message = _one_line_error(runner.invoke(main, args))
        assert message == f"Error: {path}: not a GeoPackage (GDAL cannot open it)"


@pytest.mark.parametrize(("output", "reason"), [
    ("/proc/x.html", "cannot write"),
    ("/nonexistent_dir/map.html", "the directory /nonexistent_dir does not exist"),
])
def test_an_output_that_cannot_be_written(runner: CliRunner, foreign_gpkg: Path, output: str,
                                          reason: str) -> None:
    message = _one_line_error(runner.invoke(main, ["map", str(foreign_gpkg), "-o", output]))
    assert reason in message and output in message
    assert not Path("/nonexistent_dir").exists()


def test_an_output_directory_inside_one_that_does_not_exist(runner: CliRunner,
                                                            tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text("name: x\n", encoding="utf-8")
    for args in (["build", str(scenario), "-o", "/nonexistent_dir/out"],
                 ["demo", "-o", "/nonexistent_dir/out"]):
        message = _one_line_error(runner.invoke(main, args))
        assert message == ("Error: cannot write '/nonexistent_dir/out': the directory "
                           "/nonexistent_dir does not exist (create it first)")
    assert not Path("/nonexistent_dir").exists()


def test_a_bad_day_is_one_line_and_a_usage_error_everywhere(runner: CliRunner, tmp_path: Path,
                                                            foreign_gpkg: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Russian forces captured Selidovo.", encoding="utf-8")
    for args, option in ((["extract", str(article), "--published", "2024-13-45"], "--published"),
                         (["figure", str(foreign_gpkg), "--date", "2024-13-45", "-o",
                           str(tmp_path / "f.png")], "--date")):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        assert result.output.strip().splitlines() == [
            f"Error: Invalid value for '{option}': '2024-13-45' is not a day (YYYY-MM-DD): "
            "month must be in 1..12"]


def test_a_missing_input_file_is_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.yaml")
    for args in (["validate", missing], ["build", missing, "-o", str(tmp_path / "o")],
                 ["map", missing, "-o", str(tmp_path / "m.html")], ["stats", missing],
                 ["extract", missing, "--published", "2024-10-30"]):
        message = _one_line_error(runner.invoke(main, args))
        assert message == f"Error: cannot read '{missing}': no such file or directory"
    assert not (tmp_path / "o").exists()


def test_quiet_means_the_same_everywhere(runner: CliRunner, index_path: Path,
                                         tmp_path: Path) -> None:
    from frontline.layers import demo_scenario_path

    loud = runner.invoke(main, ["validate", str(demo_scenario_path())])
    assert loud.exit_code == 0 and ": ok: 680 settlements" in loud.stdout
    quiet = runner.invoke(main, ["-q", "validate", str(demo_scenario_path())])
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    for command in ("build", "demo", "extract", "validate", "stats", "map"):
        assert "--quiet" not in runner.invoke(main, [command, "--help"]).stdout


def test_an_unexpected_error_is_still_one_line(runner: CliRunner, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import frontline.layers.stats as stats

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("GEOSException: TopologyException: side location conflict")

    monkeypatch.setattr(stats, "area_stats", broken)
    path = tmp_path / "x.gpkg"
    path.write_bytes(b"")
    message = _one_line_error(runner.invoke(main, ["stats", str(path)]))
    assert message.startswith("Error: unexpected RuntimeError: GEOSException")
    assert "frontline -v" in message


# -- the geocoder refuses garbage ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["aaaa", "zzzz", "ZZZZ", "bbbb"])
@pytest.mark.parametrize("best", [False, True])
def test_garbage_is_unknown(runner: CliRunner, index_path: Path, name: str, best: bool) -> None:
    result = runner.invoke(main, ["geocode", name, *(["--best"] if best else [])])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"error: unknown place '{name}'")


def test_messages_quote_at_most_100_characters(runner: CliRunner, index_path: Path) -> None:
    name = "Selydove" + "x" * 5000
    result = runner.invoke(main, ["geocode", name])
    assert result.exit_code == 1
    assert f"'{name[:100]}...'" in result.stderr and len(result.stderr) < 1000
    result = runner.invoke(main, ["geocode", "Kyiv", "--admin1", "q" * 300])
    assert len(result.stderr) < 400 and "'" + "q" * 100 + "...'" in result.stderr


def test_a_former_name_in_cyrillic_says_so(runner: CliRunner, index_path: Path) -> None:
    for name in ("Artemivsk", "Артемівськ", "Артемовск"):
        (row,) = json.loads(run(runner, "geocode", name, "--json").stdout)
        assert row["name"] == "Bakhmut" and row["match"] == "renamed"
        assert "was renamed Bakhmut in 2016" in row["note"]


def test_bad_coordinates_are_one_line_not_a_geos_error(runner: CliRunner, index_path: Path,
                                                       tmp_path: Path) -> None:
    import synthetic as S

    rows = S.grid_settlements()
    rows[3] = {**rows[3], "lat": 1e300}
    path = S.write_scenario(tmp_path, settlements=rows)
    message = _one_line_error(runner.invoke(main, ["build", str(path), "-o",
                                                   str(tmp_path / "out")]))
    assert message.startswith(f"Error: {path}:") and "lat: 1e+300 is not a latitude" in message
    assert not (tmp_path / "out").exists()


def test_the_model_notes_are_one_line_unless_asked_for(runner: CliRunner, index_path: Path,
                                                        tmp_path: Path) -> None:
    siege = ("  - {id: siege, kind: siege, side: RU, place: S145, date: 2024-01-03,\n"
             "     encircled: true, source: s}")
    scenario = str(S.write_scenario(tmp_path, end="2024-01-05", reports=siege))
    quiet_notes = runner.invoke(main, ["build", scenario, "-o", str(tmp_path / "a"),
                                       "--tiles", "none"])
    assert quiet_notes.exit_code == 0, quiet_notes.output
    assert "note(s) from the model" in quiet_notes.stdout and "note: " not in quiet_notes.stdout
    listed = runner.invoke(main, ["-v", "build", scenario, "-o", str(tmp_path / "b"),
                                  "--tiles", "none"])
    assert listed.exit_code == 0, listed.output
    assert "note: " in listed.stdout and "S145 encircled" in listed.stdout
