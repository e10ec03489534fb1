"""The figure for print: three formats read back, each side's colour where it belongs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pytest
from click.testing import CliRunner

from frontline.cli import main
from frontline.layers.figure import draw_figure, extent_around

PLACES = {"Donetsk": (37.8028, 48.0159, "RU"), "Pokrovsk": (37.1758, 48.2822, "UA"),
          "Selydove": (37.3000, 48.1500, "RU")}


def _blend(hex_colour: str, alpha: float) -> np.ndarray:
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)
    return rgb * alpha + 255 * (1 - alpha)


def test_png_has_each_side_where_it_holds(demo: Any, tmp_path: Path) -> None:
    import matplotlib.image as mpimg

    out = tmp_path / "fig.png"
    result = draw_figure(demo.gpkg, out, date="2024-10-27", compare="2024-10-20",
                         bbox=extent_around(48.15, 37.45, 45))
    image = (mpimg.imread(out)[:, :, :3] * 255).astype(float)
    assert image.shape[1] == 2000  # 10 in at 200 dpi
    control = pyogrio.read_dataframe(demo.gpkg, layer="control", read_geometry=False)
    colours = dict(zip(control["side"], control["colour"], strict=False))
    for name in ("Donetsk", "Pokrovsk"):
        lon, lat, side = PLACES[name]
        col, row = result.pixel(lon + 0.03, lat - 0.03)  # beside the name, not on it
        seen = image[row, col]
        assert np.abs(seen - _blend(colours[side], 0.35)).max() < 12, (name, seen)
    # Selydove changed hands in that week: solid, hatched in Russia's colour
    col, row = result.pixel(37.30, 48.135)
    patch = image[row - 6:row + 6, col - 6:col + 6].reshape(-1, 3)
    close = np.abs(patch - _blend(colours["RU"], 0.9)).max(axis=1) < 25
    assert close.mean() > 0.3, patch.mean(axis=0)
    assert result.changed["RU"] > 10 and result.changed.get("UA", 0.0) == 0.0


@pytest.mark.parametrize("suffix,magic", [(".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_vector_formats_and_repeatable(demo: Any, tmp_path: Path, suffix: str,
                                       magic: bytes) -> None:
    first = draw_figure(demo.gpkg, tmp_path / f"a{suffix}", date="2024-10-27").path
    second = draw_figure(demo.gpkg, tmp_path / f"b{suffix}", date="2024-10-27").path
    data = first.read_bytes()
    assert data.startswith(magic) and len(data) > 20_000
    if suffix == ".svg":
        assert b"GeoNames" in data and b"held by Russia" in data  # editable text
        assert b"where the front may be" in data  # the band's outline, in the legend
        assert b"lighter: placed by a rate or only claimed" in data  # September's ground
    assert data == second.read_bytes()  # the same inputs give the same file


def test_cli_place_and_errors(demo: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "sel.png"
    ok = runner.invoke(main, ["figure", str(demo.gpkg), "--date", "2024-10-27", "--compare",
                              "2024-10-20", "--place", "Selydove", "--radius-km", "20",
                              "-o", str(out)])
    assert ok.exit_code == 0, ok.output
    assert out.stat().st_size > 50_000 and "RU +" in ok.output
    bad = runner.invoke(main, ["figure", str(demo.gpkg), "--date", "2025-01-01",
                               "-o", str(tmp_path / "x.png")])
    assert bad.exit_code == 1 and "outside the GeoPackage's days" in bad.output
    assert "Traceback" not in bad.output and not (tmp_path / "x.png").exists()
    fmt = runner.invoke(main, ["figure", str(demo.gpkg), "--date", "2024-10-27",
                               "-o", str(tmp_path / "x.jpg")])
    assert fmt.exit_code == 1 and ".png, .svg or .pdf" in fmt.output
    box = runner.invoke(main, ["figure", str(demo.gpkg), "--date", "2024-10-27",
                               "--bbox", "38,48,37,49", "-o", str(tmp_path / "y.png")])
    assert box.exit_code == 2 and "min_lon,min_lat,max_lon,max_lat" in box.output
