"""The HTML map against the way a folium user would write it, in headless Chromium.

Run with ``python benchmarks/webmap.py`` (needs Debian's chromium, Playwright and
npm). For the demo, a synthetic 365-day scenario and the invasion example (66 days
over a theatre of 900,000 km²) it prints, side by side:

* Frontline's ``map.html`` (territory as intervals, Leaflet inlined);
* the same control and front lines written with folium's ``TimestampedGeoJson``,
  one full copy of each side's polygon and of the front per day, at our precision
  (simplified together by the same tolerance, rounded to the same grid) and
  drawn on a canvas as ours is, so the ratio measures the interval design
  alone; its scripts (jQuery, jQuery UI, iso8601-js-period,
  leaflet-timedimension, moment) are fetched once from the npm registry and
  inlined, with Leaflet from xstatic, so both pages load from ``file://`` with
  the network blocked and are measured the same way.

For each: the file size, the time from navigation to the first territory drawn
(the first frame after the territory is on a canvas, for both; the median of nine
loads, the two pages in turn), and one slider step (from the call to the second
animation frame after it, the median of thirty: about 33 ms is the floor at 60
frames a second).
Targets (issue 13): the demo map at most 1.5 MB, its first territory within 0.5 s,
a step within 50 ms (issue 4: at most a third of the peer's size).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import synthetic as S
from frontline.layers import build, demo_scenario_path
from frontline.layers.webmap import leaflet_assets
from frontline.thresholds import MAP_PRECISION_DEG, MAP_SIMPLIFY_DEG

NPM = {  # package@version: files inside the tarball
    "jquery@3.7.1": ["package/dist/jquery.min.js"],
    "jquery-ui-dist@1.13.2": ["package/jquery-ui.min.js"],
    "iso8601-js-period@0.2.1": ["package/iso8601.js"],
    "leaflet-timedimension@1.1.1": ["package/dist/leaflet.timedimension.min.js",
                                    "package/dist/leaflet.timedimension.control.css"],
    "moment@2.29.4": ["package/min/moment.min.js"],
}
CACHE = Path(tempfile.gettempdir()) / "frontline-bench-npm"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def peer_assets() -> dict[str, str]:
    CACHE.mkdir(exist_ok=True)
    out = {}
    for spec, members in NPM.items():
        name, version = spec.split("@")
        tgz = CACHE / f"{name}-{version}.tgz"
        if not tgz.exists():
            subprocess.run(["npm", "pack", spec, "--silent"], cwd=CACHE, check=True,
                           capture_output=True)
        with tarfile.open(tgz) as tar:
            for member in members:
                fh = tar.extractfile(member)
                assert fh is not None
                out[Path(member).name] = fh.read().decode("utf-8")
    return out


def peer_map(gpkg: Path, out: Path) -> Path:
    """Control and front lines as a folium user would write them: TimestampedGeoJson, a copy
    of each per day.

    At the same precision as ours: each day's ground simplified together (a coverage) by
    the same tolerance and rounded to the same grid, drawn on a canvas as ours is.
    """
    import folium
    import numpy as np
    import pyogrio
    import shapely
    from folium.plugins import TimestampedGeoJson

    control = pyogrio.read_dataframe(gpkg, layer="control")
    fronts = pyogrio.read_dataframe(gpkg, layer="front_lines")
    features = []
    for row in fronts.itertuples():  # the day's front line, as ours shows it
        if row.geometry is None or row.geometry.is_empty:
            continue
        line = shapely.set_precision(shapely.simplify(row.geometry, MAP_SIMPLIFY_DEG),
                                     MAP_PRECISION_DEG)
        features.append({
            "type": "Feature", "geometry": shapely.geometry.mapping(line),
            "properties": {"times": [str(row.date)[:10]],
                           "style": {"color": "#000000", "weight": 2}},
        })
    for _, day_rows in control.groupby("date", sort=True):
        geoms = shapely.coverage_simplify(np.array(list(day_rows.geometry), dtype=object),
                                          MAP_SIMPLIFY_DEG, simplify_boundary=True)
        for row, geom in zip(day_rows.itertuples(), geoms, strict=True):
            geom = shapely.set_precision(geom, MAP_PRECISION_DEG)
            day = dt.date.fromisoformat(str(row.date)[:10])
            features.append({
                "type": "Feature", "geometry": shapely.geometry.mapping(geom),
                "properties": {"times": [day.isoformat()],
                               "style": {"color": row.colour, "fillColor": row.colour,
                                         "fillOpacity": 0.35}},
            })
    minx, miny, maxx, maxy = control.total_bounds
    fmap = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=6, tiles=None,
                      prefer_canvas=True)
    plugin: Any = TimestampedGeoJson  # (folium ships no types)
    plugin({"type": "FeatureCollection", "features": features}, period="P1D",
                       duration="PT23H", add_last_point=False, auto_play=False).add_to(fmap)
    html = fmap.get_root().render()
    js, css = leaflet_assets()
    assets = peer_assets()
    by_url = {"leaflet.js": js, "leaflet.css": css}
    by_url.update(assets)

    def inline_script(match: re.Match[str]) -> str:
        name = match.group(1).rsplit("/", 1)[-1]
        name = {"iso8601.min.js": "iso8601.js"}.get(name, name)
        return f"<script>{by_url[name]}</script>" if name in by_url else ""

    def inline_css(match: re.Match[str]) -> str:
        name = match.group(1).rsplit("/", 1)[-1]
        return f"<style>{by_url[name]}</style>" if name in by_url else ""

    html = re.sub(r'<script src="([^"]+)"></script>', inline_script, html)
    html = re.sub(r'<link rel="stylesheet" href="([^"]+)"/?>', inline_css, html)
    out.write_text(html, encoding="utf-8")
    return out


STEP_OURS = """async () => {
  const i = (window.frontline.current() + 1) % window.frontline.days.length;
  const t = performance.now(); window.frontline.go(i);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t; }"""
STEP_PEER = """async () => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const t = performance.now(); map.timeDimension.nextTime(1, true);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t; }"""


READY_OURS = ("window.frontline !== undefined && "
              "document.querySelector('.leaflet-overlay-pane canvas') !== null")
READY_PEER = ("Object.values(window).some(v => v instanceof L.Map && v.timeDimension) && "
              "document.querySelector('.leaflet-overlay-pane canvas') !== null")


LOADS = 9  # each page is opened this many times, the two pages in turn (the machine's
# speed drifts by a quarter from minute to minute: taking turns exposes both to it alike)


def load(browser: Any, html: Path, ready: str, step_js: str | None) -> tuple[float, list[float]]:
    """Open a page once: the first territory's time, and ten slider steps if asked."""
    page = browser.new_page(viewport={"width": 1280, "height": 820})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else r.abort())
    page.goto(html.as_uri(), wait_until="commit")
    page.wait_for_function(f"() => {ready}", timeout=60000)
    first = page.evaluate("new Promise(r => requestAnimationFrame(() => r(performance.now())))")
    steps = []
    if step_js:
        page.wait_for_timeout(300)
        steps = [page.evaluate(step_js) for _ in range(10)]
    page.close()
    return first, steps


def measure(browser: Any, pages: list[tuple[Path, str, str]]) -> list[tuple[float, float]]:
    """Median first draw (of LOADS) and median step (of 30) for each page, loaded in turn."""
    firsts: list[list[float]] = [[] for _ in pages]
    steps: list[list[float]] = [[] for _ in pages]
    for n in range(LOADS):
        for k, (html, ready, step_js) in enumerate(pages):
            first, some = load(browser, html, ready, step_js if n < 3 else None)
            firsts[k].append(first)
            steps[k] += some
    return [(statistics.median(f), statistics.median(s))
            for f, s in zip(firsts, steps, strict=True)]


def main() -> None:
    from build import year_reports
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cases = {"demo (64 days)": build(demo_scenario_path(), root / "demo", tiles="none")}
        folder = root / "syn"
        folder.mkdir()
        start = dt.date(2024, 1, 1)
        scenario = S.write_scenario(folder, start=str(start),
                                    end=str(start + dt.timedelta(days=364)),
                                    reports=year_reports(365))
        cases["synthetic (365 days)"] = build(scenario, folder / "out", tiles="none")
        cases["invasion (66 days)"] = build(demo_scenario_path("invasion-2022"), root / "inv",
                                            tiles="none", resolution=None)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            print(f"{'':22}{'':12}{'size MB':>9}{'first draw ms':>15}{'step ms':>9}")
            for label, result in cases.items():
                ours = result.map
                assert ours is not None
                peer = peer_map(result.gpkg, result.gpkg.parent / "peer.html")
                (o_first, o_step), (p_first, p_step) = measure(
                    browser, [(ours, READY_OURS, STEP_OURS), (peer, READY_PEER, STEP_PEER)])
                o_size, p_size = ours.stat().st_size / 1e6, peer.stat().st_size / 1e6
                print(f"{label:22}{'frontline':12}{o_size:9.2f}{o_first:15.0f}{o_step:9.1f}")
                print(f"{'':22}{'folium TGJ':12}{p_size:9.2f}{p_first:15.0f}{p_step:9.1f}")
                print(f"{'':22}{'ratio':12}{o_size / p_size:9.3f}{o_first / p_first:15.2f}"
                      f"{o_step / p_step:9.2f}")
            browser.close()
    print("\ntargets: demo <= 1.5 MB and <= 1/3 of the peer's size; first draw <= 500 ms (demo); "
          "step <= 50 ms")


if __name__ == "__main__":
    main()
