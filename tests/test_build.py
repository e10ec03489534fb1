"""Building scenarios end to end: the demo's facts, the GeoPackage, the commands."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest
import shapely
from click.testing import CliRunner

import synthetic as S
from clients import missing
from frontline.cli import main
from frontline.layers import BuildResult, build
from frontline.layers.schema import LAYERS

D = dt.date


def test_selydove_falls_on_the_reported_day(demo: BuildResult) -> None:
    tl = demo.timeline
    selydove = S.place_of(demo.scenario, "selydove-capture")
    assert tl.holder(selydove.lon, selydove.lat, D(2024, 10, 26)) == "UA"
    assert tl.holder(selydove.lon, selydove.lat, D(2024, 10, 27)) == "RU"
    vuhledar = S.place_of(demo.scenario, "vuhledar-withdrawal")
    assert tl.holder(vuhledar.lon, vuhledar.lat, D(2024, 10, 1)) == "UA"
    assert tl.holder(vuhledar.lon, vuhledar.lat, D(2024, 10, 2)) == "RU"


def test_selydove_is_taken_with_the_bay_between_it_and_the_front(demo: BuildResult) -> None:
    """Selydove lies just off the front: it falls with the ground between, not as a round
    town on a neck (the ground round it on the day is its own convex hull)."""
    from frontline.model.growth import footprint_radius_m
    from frontline.thresholds import CAPTURE_FILL_FACTOR

    tl = demo.timeline
    selydove = S.place_of(demo.scenario, "selydove-capture")
    point = shapely.Point(tl.projection.point(selydove.lon, selydove.lat))
    around = shapely.buffer(point, CAPTURE_FILL_FACTOR * footprint_radius_m(selydove.population))
    held = shapely.intersection(tl.control[tl.day_index(D(2024, 10, 27))]["RU"], around)
    # (8.5% more as a bulb on a neck, as it was drawn before)
    assert shapely.convex_hull(held).area / held.area < 1.01


def test_september_gain_is_the_reported_rate(demo: BuildResult) -> None:
    gained = demo.timeline.gained_km2("RU", D(2024, 9, 1), D(2024, 9, 30), country="UA")
    assert gained == pytest.approx(420, rel=0.005)


def test_kursk_incursion_follows_the_reports(demo: BuildResult) -> None:
    tl = demo.timeline
    assert tl.area_km2("UA", D(2024, 8, 31), "RU") == pytest.approx(1294, rel=0.01)
    assert tl.area_km2("UA", D(2024, 11, 2), "RU") == pytest.approx(800, rel=0.01)
    sudzha = S.place_of(demo.scenario, "sudzha-2024-08-15")
    assert {tl.holder(sudzha.lon, sudzha.lat, d) for d in tl.days} == {"UA"}


@pytest.mark.parametrize(("name", "lon", "lat", "side"), [
    ("Kyiv", 30.5238, 50.4547, "UA"), ("Kharkiv", 36.2548, 49.9818, "UA"),
    ("Zaporizhzhia", 35.1396, 47.8388, "UA"), ("Donetsk", 37.8028, 48.0159, "RU"),
    ("Simferopol", 34.1003, 44.9521, "RU"),
])
def test_cities_far_from_the_changes_never_flip(demo: BuildResult, name: str, lon: float,
                                                lat: float, side: str) -> None:
    assert {demo.timeline.holder(lon, lat, d) for d in demo.timeline.days} == {side}


def test_demo_partition_agrees_with_its_labels(demo: BuildResult) -> None:
    places = pyogrio.read_dataframe(demo.gpkg, layer="places")
    labelled = places[places.side_baseline.notna()]
    agree = (labelled.side_baseline == labelled.side_start).mean()
    assert len(labelled) == 680 and agree >= 0.99


def test_gpkg_layers_read_back(demo: BuildResult) -> None:
    layers = {name for name, _ in pyogrio.list_layers(demo.gpkg)}
    assert layers == {"control", "gains", "front_lines", "front_band", "contested", "places",
                      "reports", "layer_styles"}
    control = pyogrio.read_dataframe(demo.gpkg, layer="control")
    assert control.crs.to_epsg() == 4326
    for name in ("control", "gains", "front_lines", "front_band", "contested"):  # QGIS's time
        info = pyogrio.read_info(demo.gpkg, layer=name)
        types = dict(zip(info["fields"], info["ogr_types"], strict=True))
        assert types["valid_from"] == types["valid_to"] == "OFTDateTime"
    assert (control.valid_to - control.valid_from).dt.days.eq(1).all()
    assert {"date", "side", "area_km2", "area_ua_km2", "area_ru_km2", "report_ids"} <= set(
        control.columns)
    assert len(control) == 2 * 64
    assert shapely.is_valid(control.geometry.values).all()
    gains = pyogrio.read_dataframe(demo.gpkg, layer="gains")
    assert set(gains.cause) <= {"advance_rate", "encircled", "area_held", "capture", "withdrawal"}
    assert {"advance_rate", "area_held", "capture", "withdrawal"} <= set(gains.cause)
    assert gains[gains.cause == "capture"].report_ids.str.contains("selydove-capture").any()
    reports = pyogrio.read_dataframe(demo.gpkg, layer="reports")
    assert len(reports) == 10 and reports.source_title.notna().all()
    fronts = pyogrio.read_dataframe(demo.gpkg, layer="front_lines")
    # the front from Kherson to Kharkiv and around Kursk: about 1,000 km (a zig-zag or a
    # border drawn as front would make it much longer)
    assert fronts.length_km.between(900, 1_200).all()
    band = pyogrio.read_dataframe(demo.gpkg, layer="front_band")
    # every day's band holds its front, is at least 2 km wide (twice the least half-width) and
    # under 3 km on average; where nothing pins it, it is wider
    assert len(band) == 64 and shapely.is_valid(band.geometry.values).all()
    for line, area in zip(fronts.geometry, band.geometry, strict=True):
        # (within the theatre, where the band is cut: the front's ends may touch its edge)
        assert shapely.difference(line, area).length <= 1e-5 * line.length
    assert band.width_km.between(1.99, 3.0).all() and band.pinned_share.between(0.5, 1.0).all()


def test_layer_styles_for_qgis(demo: BuildResult) -> None:
    import sqlite3
    import xml.etree.ElementTree as ET

    con = sqlite3.connect(demo.gpkg)
    rows = con.execute("SELECT f_table_name, f_geometry_column, styleQML, useAsDefault "
                       "FROM layer_styles ORDER BY f_table_name").fetchall()
    con.close()
    assert [r[0] for r in rows] == ["contested", "control", "front_band", "front_lines", "gains",
                                    "places", "reports"]
    assert all(r[1] == "geom" and r[3] == 1 for r in rows)
    styles = {name: ET.fromstring(text.split("\n", 1)[1]) for name, _, text, _ in rows}
    control = styles["control"].find("renderer-v2")
    assert control is not None
    assert control.get("type") == "categorizedSymbol" and control.get("attr") == "side"
    assert [c.get("value") for c in control.iter("category")] == ["RU", "UA"]
    colours = [o.get("value") for o in control.iter("Option") if o.get("name") == "color"]
    assert colours == ["192,57,43,255", "31,95,168,255"]
    assert any(o.get("value") == "b_diagonal" for o in styles["gains"].iter("Option"))
    text_style = styles["places"].find("labeling/settings/text-style")
    assert text_style is not None and text_style.get("fieldName") == "name"
    # GDAL reads the table back as an attribute layer
    table = pyogrio.read_dataframe(demo.gpkg, layer="layer_styles", read_geometry=False)
    assert len(table) == 7


def test_capture_date_raster(demo: BuildResult) -> None:
    import numpy as np
    import rasterio

    from frontline.layers.raster import NODATA, days_since_epoch, raster_crs

    assert demo.raster is not None
    with rasterio.open(demo.raster) as ds:
        assert ds.count == 2 and ds.dtypes == ("int32", "int32") and ds.nodata == NODATA
        # equal-area, and named: ETRS89 / LAEA Europe covers the demo's theatre
        assert ds.crs.to_epsg() == 3035 and ds.res == (250.0, 250.0)
        assert ds.descriptions == ("first day held by RU (Russia)",
                                   "first day held by UA (Ukraine)")
        assert ds.tags()["encoding"].startswith("int32 days since 1970-01-01")
        assert ds.overviews(1) and ds.profile["tiled"] and ds.compression.name == "deflate"
        assert ds.tags(ns="IMAGE_STRUCTURE")["LAYOUT"] == "COG"  # GDAL's COG layout
        ru = ds.read(1)
        # a cell inside the ground that changed hands with Selydove on 2024-10-27 holds that day
        capture = next(c for c in demo.timeline.changes if "selydove-capture" in c.report_ids)
        _, to_crs = raster_crs(demo.timeline)
        x, y = to_crs(shapely.point_on_surface(capture.geom)).coords[0]
        row, col = ds.index(x, y)
        assert ru[row, col] == days_since_epoch(D(2024, 10, 27))
        # Donetsk was Russia's from the first day; Kyiv never
        for lon, lat, value in ((37.8028, 48.0159, days_since_epoch(D(2024, 8, 31))),
                                (30.5238, 50.4547, NODATA)):
            point = shapely.Point(demo.timeline.projection.point(lon, lat))
            row, col = ds.index(*to_crs(point).coords[0])
            assert ru[row, col] == value
        assert np.all((ru == NODATA) | (ru >= days_since_epoch(D(2024, 8, 31))))


def test_summary(demo: BuildResult) -> None:
    sept = next(m for m in demo.summary["months"]
                if (m["period"], m["side"], m["country"]) == ("2024-09", "RU", "UA"))
    assert sept["km2_per_day"] == pytest.approx(14, rel=0.005)
    assert sept["reported_km2_per_day"] == pytest.approx(14)


def test_summary_stats_and_map_give_the_same_rates(demo: BuildResult) -> None:
    """One computation: the build's summary, `frontline stats` and the map's table agree."""
    from frontline.layers.stats import area_stats, rate_rows
    from frontline.layers.webmap import map_data

    from_file = rate_rows(area_stats(demo.gpkg, by="month"))
    assert demo.summary["months"] == from_file
    shown = [(r["month"], r["side"], r["country"], r["modelled"], r["reported"])
             for r in map_data(demo.gpkg)["rates"]]
    assert shown == [(r["period"], r["side"], r["country"], round(r["km2_per_day"], 2),
                      None if r["reported_km2_per_day"] is None
                      else round(r["reported_km2_per_day"], 2)) for r in from_file]
    assert demo.summary["areas"] == area_stats(demo.gpkg, by="period")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


RATE = """  - {id: r, kind: advance_rate, side: RU, start: 2024-01-02, end: 2024-01-09,
     rate_km2_per_day: 15, toward: [S135], source: s}"""


def _layers_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for name in LAYERS:
        frame = pyogrio.read_dataframe(path, layer=name)
        digest.update(frame.drop(columns="geometry").to_csv().encode())
        digest.update(b"".join(shapely.to_wkb(frame.geometry.values)))
    return digest.hexdigest()


def test_same_scenario_same_bytes(tmp_path: Path, index_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-01-10", reports=RATE)
    a, b = build(scenario, tmp_path / "a"), build(scenario, tmp_path / "b")
    first, second = a.gpkg, b.gpkg
    assert _layers_digest(first) == _layers_digest(second)  # the layers, whenever built
    assert a.map is not None and b.map is not None
    assert a.map.read_bytes() == b.map.read_bytes()  # the map (folium's ids are random)
    assert a.raster is not None and b.raster is not None
    assert a.raster.read_bytes() == b.raster.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1730505600")
    third = build(scenario, tmp_path / "c").gpkg
    fourth = build(scenario, tmp_path / "d").gpkg
    assert _digest(third) == _digest(fourth)  # and the whole file with a fixed build time
    for layer in LAYERS:  # every layer carries the metadata
        meta = pyogrio.read_info(third, layer=layer)["layer_metadata"]
        assert meta["built"] == "2024-11-02T00:00:00Z"
        assert meta["scenario_sha256"] and "GeoNames" in meta["attribution"]


def test_reading_the_geopackage_leaves_nothing_beside_it(tmp_path: Path, demo: BuildResult
                                                         ) -> None:
    """GDAL writes a .aux.xml beside a GeoPackage with dataset metadata whenever it reads it
    (unless GDAL_PAM_ENABLED=NO, which the tests set): Frontline's has none, so a user's
    geopandas.read_file leaves the folder as it was."""
    copy = tmp_path / "frontline.gpkg"
    copy.write_bytes(demo.gpkg.read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "GDAL_PAM_ENABLED"}
    code = ("import sys, geopandas\n"
            "for layer in ('control', 'gains', 'front_lines', 'front_band', 'contested', "
            "'places', 'reports'):\n"
            "    geopandas.read_file(sys.argv[1], layer=layer)\n")
    subprocess.run([sys.executable, "-c", code, str(copy)], env=env, check=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frontline.gpkg"]


KILLER = """
import os, signal, sys
import pyogrio
real = pyogrio.write_dataframe
calls = []
def dying(*args, **kwargs):
    calls.append(1)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
pyogrio.write_dataframe = dying
from frontline.layers import build
build(sys.argv[1], sys.argv[2])
"""


def test_interrupted_build_leaves_the_old_file(tmp_path: Path, index_path: Path) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-01-10", reports=RATE)
    out = tmp_path / "out"
    old = build(scenario, out).gpkg
    before = _digest(old)
    proc = subprocess.run([sys.executable, "-c", KILLER, str(scenario), str(out)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == -signal.SIGKILL
    assert _digest(old) == before
    assert len(pyogrio.read_dataframe(old, layer="control")) == 2 * 10
    # the next build clears what the killed one left
    build(scenario, out)
    assert sorted(p.name for p in out.iterdir()) == ["capture_date.qml", "capture_date.tif",
                                                     "frontline.gpkg", "map.html"]


def test_build_command(tmp_path: Path, index_path: Path) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-01-10", reports=RATE)
    result = CliRunner().invoke(main, ["build", str(scenario), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "built 10 days, 2024-01-01 to 2024-01-10" in result.stdout
    # 8 days of 15 km² in the 10 days of January that the period covers
    assert "+12.00            12.00 (r)" in result.stdout
    quiet = CliRunner().invoke(main, ["-q", "build", str(scenario), "-o", str(tmp_path / "q")])
    assert quiet.exit_code == 0 and quiet.stdout == ""


def test_validate_command(tmp_path: Path, index_path: Path) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-01-10", reports=RATE)
    ok = CliRunner().invoke(main, ["validate", str(scenario)])
    assert ok.exit_code == 0 and "ok: 200 settlements, 1 reports, 10 days" in ok.stdout
    bad = S.write_scenario(tmp_path, end="2024-01-10", reports=RATE.replace("side: RU",
                                                                             "side: XX"))
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.stderr and "side 'XX' is not declared" in result.stderr
    built = CliRunner().invoke(main, ["build", str(bad), "-o", str(tmp_path / "x")])
    assert built.exit_code == 1 and "nothing was written" in built.stderr
    assert "Traceback" not in built.output and not (tmp_path / "x").exists()


def test_demo_command_offline(tmp_path: Path, index_path: Path) -> None:
    env = {**os.environ, "no_proxy": "*", "http_proxy": "http://127.0.0.1:9",
           "https_proxy": "http://127.0.0.1:9"}
    proc = subprocess.run([sys.executable, "-m", "frontline.cli", "demo", "-o",
                           str(tmp_path / "d")], capture_output=True, text=True, env=env,
                          check=False, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "d" / "frontline.gpkg").exists()
    assert "built 64 days, 2024-08-31 to 2024-11-02" in proc.stdout


@pytest.mark.parametrize("fmt", ["geojson", "fgb"])
def test_other_formats_hold_the_same_layers(tmp_path: Path, index_path: Path, fmt: str) -> None:
    scenario = S.write_scenario(tmp_path, end="2024-01-10", reports=RATE)
    result = CliRunner().invoke(main, ["build", str(scenario), "-o", str(tmp_path / "o"),
                                       "--format", fmt, "--tiles", "none"])
    assert result.exit_code == 0, result.output
    gpkg = tmp_path / "o" / "frontline.gpkg"
    for name in LAYERS:
        ours = pyogrio.read_dataframe(gpkg, layer=name)
        other = pyogrio.read_dataframe(tmp_path / "o" / f"{name}.{fmt}")
        if not len(ours) and fmt == "geojson":  # (an empty GeoJSON keeps no fields)
            assert not len(other)
            continue
        assert len(other) == len(ours) and set(ours.columns) <= set(other.columns)
        assert other.crs.to_epsg() == 4326
        if len(ours) and name != "reports":
            # the same shapes (compared in degrees², which is enough to tell them apart)
            assert shapely.area(other.geometry.values).sum() == pytest.approx(
                shapely.area(ours.geometry.values).sum(), rel=1e-6)
    assert not list((tmp_path / "o").glob(".*partial*"))


QGIS_PYTHON = "/usr/bin/python3"  # Debian's, with python3-qgis (installed by .ci/run)
VALIDATE_GPKG = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"


def _debian_tool(probe: str) -> None:
    """Skip where Debian's QGIS/GDAL Python is missing, but never in CI (it installs them)."""
    ok = subprocess.run([QGIS_PYTHON, "-c", probe], capture_output=True).returncode == 0
    if not ok:
        missing(f"{QGIS_PYTHON} able to run {probe!r}")


def test_qgis_animates_one_day_per_frame(demo: BuildResult) -> None:
    import json

    _debian_tool("import qgis.core")
    probe = Path(__file__).with_name("qgis_probe.py")
    donetsk = ("37.8028", "48.0159")
    done = subprocess.run([QGIS_PYTHON, str(probe), str(demo.gpkg), "2024-10-27", *donetsk],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    layers = json.loads(done.stdout.strip().splitlines()[-1])
    for name, seen in layers.items():
        if name == "pixel":
            continue
        # time-aware as soon as the layer and its default style are loaded
        assert seen["valid"] and seen["style"] and seen["active"], (name, seen)
        if name == "contested":  # (the demo has no fighting reports: an empty layer)
            assert seen["dates"] == []
            continue
        assert set(seen["dates"]) == {"2024-10-27"}, (name, seen["dates"])
    assert len(layers["control"]["dates"]) == 2  # both sides, that day only
    assert len(layers["front_lines"]["dates"]) == 1
    assert len(layers["front_band"]["dates"]) == 1  # the band styled and time-aware too
    # the gains drawn by side and by what they rest on (reported, claimed, modelled)
    assert layers["gains"]["classes"] == [f"{s}:{b}" for s in ("RU", "UA")
                                          for b in ("reported", "claimed", "modelled")]
    # rendered: Donetsk's pixel is Russia's colour at the style's 50% over white, once (two
    # days drawn would give it twice, darker)
    once = [round((c + 255) / 2) for c in (0xc0, 0x39, 0x2b)]
    assert all(abs(a - b) <= 3 for a, b in zip(layers.pop("pixel"), once, strict=True))
    # the layer's metadata in QGIS: what it is, from which scenario, under which licences
    control = layers["control"]
    assert control["title"] == "Ukraine and Kursk, autumn 2024: control"
    assert demo.scenario.content_hash in control["abstract"]
    assert "GeoNames" in control["abstract"] and "Natural Earth" in control["abstract"]


def test_geopackage_passes_gdal_validation(demo: BuildResult) -> None:
    import sqlite3

    _debian_tool("import osgeo_utils.samples.validate_gpkg")
    done = subprocess.run([QGIS_PYTHON, VALIDATE_GPKG, str(demo.gpkg)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
    con = sqlite3.connect(demo.gpkg)
    try:
        stamps = [row[0] for row in con.execute("SELECT last_change FROM gpkg_contents")]
        values = [row[0] for row in con.execute("SELECT valid_from FROM control LIMIT 3")]
    finally:
        con.close()
    assert all(s.endswith(".000Z") for s in stamps), stamps
    assert values[0] == "2024-08-31T00:00:00.000Z"


def test_qgis_opens_the_raster_styled(demo: BuildResult) -> None:
    import json

    _debian_tool("import qgis.core")
    assert demo.raster is not None and demo.raster.with_suffix(".qml").exists()
    probe = Path(__file__).with_name("qgis_raster_probe.py")
    done = subprocess.run([QGIS_PYTHON, str(probe), str(demo.raster)], capture_output=True,
                          text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # its own style (not QGIS's two-band guess), Russia's band, drawn, and nothing left beside it
    assert seen["valid"] and seen["renderer"] == "singlebandpseudocolor" and seen["band"] == [1]
    assert seen["crs_valid"] and seen["crs"] == "EPSG:3035" and seen["drawn"] > 0.05
    assert not seen["aux"]


def test_a_build_leaves_the_garbage_collector_as_it_found_it() -> None:
    """A build freezes its long-lived objects for the collector, and unfreezes them after;
    a process that froze its own keeps them frozen and nothing more."""
    import gc

    from frontline.layers.build import _long_lived

    before = gc.get_freeze_count()
    if before:  # (something froze objects already: the second case only)
        pytest.skip("the process has frozen objects")
    with _long_lived() as keep:
        keep()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with _long_lived() as keep:
            keep()
            _ = [[] for _ in range(100)]
            keep()
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
