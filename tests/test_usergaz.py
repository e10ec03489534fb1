"""The user gazetteer: imports of GeoNames dumps and CSV files, written in the tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from frontline.errors import InputFileError, UnknownPlace, UnknownSource
from frontline.geo import Gazetteer, usergaz

# GeoNames dump rows (19 tab-separated columns). Robotyne (pop. 480) and
# Novoprokopivka are below the embedded 500; the river is not a populated place;
# Selydove is already embedded and is skipped.
DUMP_ROWS = [
    ["700100", "Robotyne", "Robotyne", "Rabotino,Работино,Роботине", "47.44972", "35.83722",
     "P", "PPL", "UA", "", "26", "", "", "", "480", "", "97", "Europe/Zaporozhye",
     "2024-01-01"],
    ["700101", "Novoprokopivka", "Novoprokopivka", "Novoprokopovka,Новопрокопівка",
     "47.4289", "35.8939", "P", "PPL", "UA", "", "26", "", "", "", "0", "", "150",
     "Europe/Zaporozhye", "2024-01-01"],
    ["700102", "Vovcha", "Vovcha", "", "48.2", "36.9", "H", "STM", "UA", "", "05", "", "", "",
     "0", "", "100", "Europe/Kyiv", "2024-01-01"],
    ["700646", "Selydove", "Selydove", "", "48.1465", "37.3022", "P", "PPLA3", "UA", "", "05",
     "", "", "", "21521", "", "180", "Europe/Kyiv", "2024-01-01"],
]


def write_dump(path: Path, rows: list[list[str]] = DUMP_ROWS) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def gazetteer(index_path: Path, user_db: Path) -> Gazetteer:
    return Gazetteer(index_path, user_path=user_db)


def reopen(index_path: Path, user_db: Path) -> Gazetteer:
    return Gazetteer(index_path, user_path=user_db)


@pytest.mark.parametrize("packed", [False, True], ids=["txt", "zip"])
def test_geonames_dump(tmp_path: Path, index_path: Path, user_db: Path,
                       gazetteer: Gazetteer, packed: bool) -> None:
    dump = write_dump(tmp_path / "UA.txt")
    if packed:
        with zipfile.ZipFile(tmp_path / "UA.zip", "w") as zf:
            zf.write(dump, "UA.txt")
            zf.writestr("readme.txt", "GeoNames dump")
        dump = tmp_path / "UA.zip"
    result = usergaz.import_file(dump, gazetteer=gazetteer)
    assert (result.kind, result.added, result.skipped) == ("geonames", 2, 2)
    gaz = reopen(index_path, user_db)
    robotyne = gaz.lookup("Robotyne").place
    assert (robotyne.id, robotyne.admin1_iso, robotyne.population) == (700100, "UA-23", 480)
    assert robotyne.source.endswith(dump.name)
    assert gaz.lookup("Работино").place == robotyne
    assert gaz.lookup("Rabotino, Zaporizhzhia oblast").place == robotyne
    assert gaz.lookup("Novoprokopovka").place.name == "Novoprokopivka"
    assert gaz.lookup("Selydove").place.source == "geonames"  # embedded one, not duplicated
    with pytest.raises(UnknownPlace):
        gaz.lookup("Vovcha")  # a river


def test_csv_import_with_inferred_admin1(tmp_path: Path, index_path: Path, user_db: Path,
                                         gazetteer: Gazetteer) -> None:
    path = tmp_path / "villages.csv"
    path.write_text(
        "name,lat,lon,country,admin1,aliases\n"
        "Robotyne,47.4497,35.8372,UA,Zaporizhzhia oblast,Работино;Rabotino\n"
        "Klishchiivka,48.5306,37.9739,,,Kleshcheevka\n",
        encoding="utf-8",
    )
    result = usergaz.import_file(path, gazetteer=gazetteer)
    assert (result.kind, result.added) == ("csv", 2)
    gaz = reopen(index_path, user_db)
    robotyne = gaz.lookup("Rabotino").place
    assert robotyne.id < 0 and robotyne.admin1_iso == "UA-23"
    village = gaz.lookup("Kleshcheevka").place
    assert (village.country, village.admin1_iso) == ("UA", "UA-14")  # from its neighbours


def test_user_entries_take_part_in_ranking(tmp_path: Path, index_path: Path, user_db: Path,
                                           gazetteer: Gazetteer) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("name,lat,lon\nPokrovsk,47.98,34.10\n", encoding="utf-8")
    usergaz.import_file(path, gazetteer=gazetteer)
    gaz = reopen(index_path, user_db)
    sources = {c.place.source for c in gaz.candidates("Pokrovsk")}
    assert "geonames" in sources and str(path.resolve()) in sources
    assert gaz.lookup("Pokrovsk", near=(47.98, 34.10)).place.source == str(path.resolve())


def test_bad_csv_lists_every_problem_and_imports_nothing(
    tmp_path: Path, index_path: Path, user_db: Path, gazetteer: Gazetteer
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "name,lat,lon,country,admin1\n"
        "Robotyne,47.45,35.84,UA,Zaporizhzhia oblast\n"
        "Somewhere,abc,35.8,UA,\n"
        "Elsewhere,47.1,35.8,UA,Nowhere oblast\n"
        "Far,95,35.8,UA,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError) as info:
        usergaz.import_file(path, gazetteer=gazetteer)
    message = str(info.value)
    assert "3 bad row(s), nothing imported" in message
    assert f"{path}:3: field 'lat': 'abc' is not a number" in message
    assert f"{path}:4: field 'admin1': unknown region 'Nowhere oblast'" in message
    assert f"{path}:5: field 'lat': 95.0 is outside -90..90" in message
    assert usergaz.list_sources(user_path=user_db) == []


def test_csv_without_the_required_columns(tmp_path: Path, gazetteer: Gazetteer) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("place,latitude,longitude\nRobotyne,47.4,35.8\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="missing: name, lat, lon"):
        usergaz.import_file(path, gazetteer=gazetteer)


def test_reimport_replaces_and_remove_forgets(tmp_path: Path, index_path: Path, user_db: Path,
                                              gazetteer: Gazetteer) -> None:
    dump = write_dump(tmp_path / "UA.txt")
    first = usergaz.import_file(dump, gazetteer=gazetteer)
    again = usergaz.import_file(dump, gazetteer=gazetteer)
    assert again.replaced == first.added == 2
    sources = usergaz.list_sources(user_path=user_db)
    assert [s["count"] for s in sources] == [2]
    assert {p["name"] for p in usergaz.list_places(user_path=user_db)} == {
        "Robotyne", "Novoprokopivka"}
    assert usergaz.remove_source(sources[0]["id"], user_path=user_db) == 2
    with pytest.raises(UnknownPlace):
        reopen(index_path, user_db).lookup("Robotyne")
    with pytest.raises(UnknownSource):
        usergaz.remove_source("42", user_path=user_db)


def test_malformed_dump(tmp_path: Path, gazetteer: Gazetteer) -> None:
    rows = [DUMP_ROWS[0], DUMP_ROWS[1][:10] + ["x"] * 9]
    rows[1][4] = "north"
    with pytest.raises(InputFileError, match=":2: could not convert string to float"):
        usergaz.import_file(write_dump(tmp_path / "UA.txt", rows), kind="geonames",
                            gazetteer=gazetteer)
    (tmp_path / "empty.zip").write_bytes(b"not a zip")
    with pytest.raises(InputFileError, match="not a zip file"):
        usergaz.import_file(tmp_path / "empty.zip", gazetteer=gazetteer)
