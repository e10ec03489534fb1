"""The HTML map in a real browser: Debian's Chromium driven by Playwright, offline."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import synthetic as S
from clients import missing
from frontline.layers import build
from frontline.layers.webmap import build_map

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        missing(f"Debian's chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page with every network request blocked, recording errors and dialogs."""

    def __init__(self, browser: Any, url: str, size: tuple[int, int] = (1280, 860)) -> None:
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        self.page.goto(url)
        self.page.wait_for_function("window.frontline !== undefined", timeout=15000)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            where = (msg.location or {}).get("url", "")
            if not (where and where in self.blocked):  # the blocked tiles themselves
                self.errors.append(msg.text)

    def date(self) -> str:
        return self.page.inner_text("#fl-date")


@pytest.fixture(scope="module")
def demo_map(demo: Any) -> Path:
    out = Path(demo.gpkg).parent
    assert demo.map is not None
    build_map(demo.gpkg, out / "none.html", tiles="none")
    return out


def test_file_is_self_contained(demo_map: Path) -> None:
    text = (demo_map / "map.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", text)
    assert not re.search(r"<link[^>]+href=[\"']https?:", text)
    assert 'http-equiv="Content-Security-Policy"' in text
    assert "script-src &#x27;unsafe-inline&#x27;" in text or "script-src 'unsafe-inline'" in text
    size = (demo_map / "map.html").stat().st_size
    assert size < 5_000_000


def test_demo_offline_on_the_day_selydove_fell(browser: Any, demo_map: Path) -> None:
    page = Page(browser, (demo_map / "map.html").as_uri())
    assert page.date() == "2024-08-31"
    page.page.locator("#fl-slider").fill("57")  # 2024-10-27
    assert page.date() == "2024-10-27"
    assert page.page.evaluate("location.hash").startswith("#d=2024-10-27&v=")
    page.page.locator("path.fl-ev-selydove").click()
    popup = page.page.locator(".leaflet-popup-content").inner_text()
    assert "Selidovo -> Selydove" in popup
    assert "captured by Russia (RU)" in popup and "2024-10-27" in popup
    assert "Russian forces captured Selidovo" in popup
    assert page.errors == []
    assert all("tile.openstreetmap.org" in url for url in page.blocked)


def test_no_console_errors_without_tiles(browser: Any, demo_map: Path) -> None:
    page = Page(browser, (demo_map / "none.html").as_uri() + "#2024-09-30")
    assert page.date() == "2024-09-30"
    assert page.errors == [] and page.blocked == []


def test_hash_keyboard_and_play(browser: Any, demo_map: Path) -> None:
    page = Page(browser, (demo_map / "none.html").as_uri() + "#2024-10-02")
    assert page.date() == "2024-10-02"
    page.page.keyboard.press("ArrowRight")
    assert page.date() == "2024-10-03"
    page.page.keyboard.press("ArrowLeft")
    page.page.keyboard.press("ArrowLeft")
    assert page.date() == "2024-10-01"
    page.page.click("#fl-play")
    page.page.wait_for_timeout(1200)
    page.page.click("#fl-play")
    assert page.date() > "2024-10-02"
    page.page.evaluate("location.hash = '#2024-11-02'")
    page.page.wait_for_function("document.getElementById('fl-date').textContent === '2024-11-02'")
    # territory says who holds it and since when
    page.page.mouse.click(400, 400)
    page.page.wait_for_selector(".leaflet-popup-content")
    assert "Held by" in page.page.locator(".leaflet-popup-content").inner_text()


def test_ground_says_its_basis(browser: Any, demo_map: Path) -> None:
    """Selydove's ground is reported (its capture); ground that only the September rate
    placed is modelled."""
    page = Page(browser, (demo_map / "none.html").as_uri() + "#2024-10-30")

    def basis_at(lat: float, lon: float) -> str:
        page.page.evaluate(f"window.frontline.map.setView([{lat}, {lon}], 12, {{animate: false}})")
        point = page.page.evaluate(
            f"(() => {{ const p = window.frontline.map.latLngToContainerPoint([{lat}, {lon}]);"
            " const r = window.frontline.map.getContainer().getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; })()")
        page.page.mouse.click(point[0], point[1])
        page.page.wait_for_selector(".leaflet-popup-content")
        text = str(page.page.locator(".leaflet-popup-content").inner_text())
        page.page.evaluate("window.frontline.map.closePopup()")
        return text

    # 1.5 km east of the town's centre: inside its footprint, clear of its marker
    assert "Basis: reported" in basis_at(48.1475, 37.3245)
    # inside the largest piece of September's advance (nothing took it back in October)
    import pyogrio
    import shapely

    gains = pyogrio.read_dataframe(demo_map / "frontline.gpkg", layer="gains")
    september = gains[gains["report_ids"] == "isw-september-rate"]
    piece = max(shapely.get_parts(september.geometry.union_all()), key=lambda g: g.area)
    inner = shapely.point_on_surface(shapely.buffer(piece, -0.002))
    assert "Basis: modelled" in basis_at(inner.y, inner.x)
    assert page.errors == []


def test_report_text_is_escaped(browser: Any, tmp_path: Path, index_path: Path) -> None:
    evil = "<img src=x onerror=alert(1)>"
    reports = (f"  - {{id: c1, kind: capture, side: RU, place: S135, date: 2024-01-03,\n"
               f"     source: {{title: '{evil}', url: 'javascript:alert(2)'}},\n"
               f"     evidence: {{article: a1, span: [0, 40], confidence: 0.9,\n"
               f"                sentence: 'They said <script>alert(3)</script> S135 fell'}}}}")
    scenario = S.write_scenario(tmp_path, end="2024-01-05", reports=reports)
    result = build(scenario, tmp_path / "out", tiles="none")
    assert result.map is not None
    page = Page(browser, result.map.as_uri() + "#2024-01-04")
    page.page.locator("path.fl-ev-s135").click()
    popup = page.page.locator(".leaflet-popup-content")
    assert evil in popup.inner_text()
    assert "They said <script>alert(3)</script> S135 fell" in popup.inner_text()  # the quote
    assert popup.locator("img").count() == 0 and popup.locator("a").count() == 0
    page.page.wait_for_timeout(300)
    assert page.dialogs == [] and page.errors == []


def _labels(page: Page) -> set[str]:
    return set(page.page.eval_on_selector_all(".fl-label", "els => els.map(e => e.textContent)"))


def test_place_names_by_zoom_offline(browser: Any, demo_map: Path) -> None:
    page = Page(browser, (demo_map / "none.html").as_uri() + "#2024-10-27")
    theatre = _labels(page)
    assert {"Kharkiv", "Dnipro", "Kursk", "Selydove"} <= theatre  # 100k+ cities, reports
    assert len(theatre) >= 30
    assert "Hrodivka" not in theatre and "Novohrodivka" not in theatre  # villages wait
    page.page.evaluate("window.frontline.map.setView([48.2, 37.3], 11, {animate: false})")
    page.page.wait_for_timeout(200)
    close = _labels(page)
    assert {"Pokrovsk", "Myrnohrad", "Novohrodivka", "Hrodivka", "Selydove"} <= close
    boxes = page.page.eval_on_selector_all(".fl-label", """els => els.map(e => {
        const r = e.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom, e.textContent]; })""")
    context = [b for b in boxes if b[4] not in ("Selydove", "Vuhledar", "Sudzha")]
    for i, a in enumerate(context):  # context names never on top of each other
        for b in context[i + 1:]:
            apart = a[2] <= b[0] + 1 or b[2] <= a[0] + 1 or a[3] <= b[1] + 1 or b[3] <= a[1] + 1
            assert apart, (a, b)
    assert page.errors == [] and page.blocked == []


@pytest.mark.parametrize("size", [(800, 600), (375, 667)])
def test_legend_never_covers_a_popup(browser: Any, demo_map: Path, size: tuple[int, int]) -> None:
    page = Page(browser, (demo_map / "none.html").as_uri() + "#d=2024-10-27&v=10/48.2/37.3", size)
    legend = page.page.locator("#fl-side")
    assert legend.evaluate("e => e.open") is (size[0] >= 700)  # folded on a phone
    page.page.locator("path.fl-ev-selydove").click()
    page.page.wait_for_selector(".leaflet-popup-content")
    page.page.wait_for_timeout(400)  # the map pans the popup into view
    pop = page.page.locator(".leaflet-popup").bounding_box()
    box = legend.bounding_box()
    panel = page.page.locator("#fl-panel").bounding_box()
    assert pop and box and panel
    for other in (box, panel):
        apart = (pop["x"] + pop["width"] <= other["x"] or other["x"] + other["width"] <= pop["x"]
                 or pop["y"] + pop["height"] <= other["y"]
                 or other["y"] + other["height"] <= pop["y"])
        assert apart, (pop, other)
    assert pop["x"] >= 0 and pop["x"] + pop["width"] <= size[0]
    page.page.keyboard.press("Escape")
    page.page.wait_for_timeout(100)
    assert legend.evaluate("e => e.open") is (size[0] >= 700)  # back as it was
    assert page.errors == []


def test_compare_two_dates(browser: Any, demo_map: Path) -> None:
    import pyogrio

    gains = pyogrio.read_dataframe(demo_map / "frontline.gpkg", layer="gains", read_geometry=False)
    days = gains["date"].astype(str).str[:10]
    week = gains[(days > "2024-10-20") & (days <= "2024-10-27")]
    expected = float(week[week["side"] == "RU"]["area_km2"].sum())
    assert expected > 10
    page = Page(browser, (demo_map / "none.html").as_uri() + "#d=2024-10-27&c=2024-10-20")
    assert page.page.locator("#fl-compare").input_value() != ""
    changes = page.page.evaluate("window.frontline.changes()")
    assert set(changes) == {"RU"} and abs(changes["RU"] - expected) < 0.01 * expected
    text = page.page.inner_text("#fl-changes")
    shown = f"{changes['RU']:,.1f}".removesuffix(".0")  # (as the page rounds: 86, 86.4)
    assert "2024-10-20" in text and "2024-10-27" in text and f"Russia +{shown} km²" in text
    # the Selydove gain is highlighted: its ground is in the changed shape on the canvas
    hot = page.page.evaluate("""() => { const m = window.frontline.map; let n = 0;
        m.eachLayer(l => { if (l.options && l.options.className === 'fl-ground-RU-hot')
                              n = l.getLatLngs().length; }); return n; }""")
    assert hot > 0
    page.page.select_option("#fl-compare", "")
    assert page.page.evaluate("window.frontline.compared()") is None
    assert "c=" not in page.page.evaluate("location.hash")
    assert page.errors == []


def test_a_shared_link_restores_dates_and_view(browser: Any, demo_map: Path) -> None:
    page = Page(browser, (demo_map / "none.html").as_uri())
    page.page.evaluate("window.frontline.map.setView([48.15, 37.3], 11, {animate: false})")
    page.page.evaluate("window.frontline.go(57); window.frontline.compare(50)")
    page.page.wait_for_timeout(200)
    link = page.page.url
    assert "d=2024-10-27" in link and "c=2024-10-20" in link and "v=11/48.1500/37.3000" in link
    other = Page(browser, link, (900, 700))
    assert other.date() == "2024-10-27"
    assert other.page.evaluate("window.frontline.compared()") == 50
    view = other.page.evaluate("[window.frontline.map.getZoom(), "
                               "window.frontline.map.getCenter().lat, "
                               "window.frontline.map.getCenter().lng]")
    assert view[0] == 11 and abs(view[1] - 48.15) < 1e-3 and abs(view[2] - 37.3) < 1e-3
    assert page.errors == [] and other.errors == []


def test_ground_is_one_shape_per_side(browser: Any, demo_map: Path) -> None:
    page = Page(browser, (demo_map / "none.html").as_uri() + "#2024-10-27")
    paths = page.page.evaluate("""() => { const out = {};
        window.frontline.map.eachLayer(l => { const c = l.options && l.options.className;
            if (c && c.startsWith('fl-ground-') && l.getLatLngs().length) out[c] = true; });
        return Object.keys(out).sort(); }""")
    # each side's ground is one path, and the day's gains one more per side: no pieces
    assert {"fl-ground-RU-base", "fl-ground-RU-hot", "fl-ground-UA-base"} <= set(paths)
    # Russia's September ground, placed by the rate alone, is drawn lighter
    assert "fl-ground-RU-soft" in paths
    assert set(paths) <= {"fl-ground-RU-base", "fl-ground-RU-hot", "fl-ground-UA-base",
                          "fl-ground-UA-hot", "fl-ground-RU-soft", "fl-ground-UA-soft"}
    assert page.errors == []


def test_a_siege_is_shown_while_it_holds(browser: Any, tmp_path: Path, index_path: Path) -> None:
    reports = ("  - {id: s1, kind: siege, side: RU, place: S145, date: 2024-01-02,\n"
               "     end: 2024-01-04, source: {title: t}}\n"
               "  - {id: s2, kind: siege, side: RU, place: S135, date: 2024-01-02,\n"
               "     encircled: true, source: {title: t}}")
    scenario = S.write_scenario(tmp_path, end="2024-01-06", reports=reports)
    result = build(scenario, tmp_path / "out", tiles="none")
    assert result.map is not None
    page = Page(browser, result.map.as_uri() + "#2024-01-03")
    siege = page.page.locator("path.fl-siege.fl-ev-s145")
    assert siege.count() == 1
    siege.click()
    popup = page.page.locator(".leaflet-popup-content").inner_text()
    assert "2024-01-02: besieged by" in popup and "S145" in popup
    page.page.locator("path.fl-siege.fl-ev-s135").click()
    popup = page.page.locator(".leaflet-popup-content", has_text="S135").inner_text()
    assert "2024-01-02: encircled by" in popup and "S135" in popup
    page.page.evaluate("window.frontline.go(4)")  # 2024-01-05: the first lifted
    assert page.page.locator("path.fl-siege").count() == 1
    assert page.errors == []


def test_the_map_thread_leaves_the_warning_filters_alone(
        demo: Any, side_threads_catching_warnings: list[str]) -> None:
    from frontline.layers.webmap import map_data

    assert len(map_data(demo.gpkg)["territory"]) > 10
    assert side_threads_catching_warnings == []


def test_city_districts_are_not_named_as_cities(demo: Any) -> None:
    """GeoNames lists Donetsk's districts as places of 100,000 people and more: not on the map."""
    from frontline.layers.webmap import map_data

    names = {label[0] for label in map_data(demo.gpkg)["labels"]}
    assert {"Donetsk", "Makiyivka", "Khartsyzk", "Khmelnytskyi", "Kropyvnytskyi",
            "Kamyanets-Podilskyi", "Bilhorod-Dnistrovskyi"} <= names
    assert not names & {"Kyivskyi", "Rutchenkivskyi", "Chumakivskyi", "Kalynivskyi",
                        "Voznesenskyi", "Tsentralno-Miskyi"}


def test_the_band_where_the_front_may_be_is_switchable(browser: Any, demo_map: Path) -> None:
    page = Page(browser, (demo_map / "none.html").as_uri() + "#2024-10-27")
    count = """() => { let n = 0; window.frontline.map.eachLayer(l => {
        if (l.options && l.options.className === 'fl-band') n += 1; }); return n; }"""
    assert page.page.evaluate(count) == 0  # off until asked for
    assert "where the front may be" in page.page.inner_text("#fl-legend")
    page.page.check("#fl-band-toggle")
    shown = page.page.evaluate(count)
    assert shown > 0
    page.page.keyboard.press("ArrowLeft")  # another day: that day's outline
    assert page.date() == "2024-10-26" and page.page.evaluate(count) > 0
    page.page.uncheck("#fl-band-toggle")
    assert page.page.evaluate(count) == 0
    assert page.errors == []


def test_contested_ground_where_fighting_is_reported(browser: Any, tmp_path: Path,
                                                     index_path: Path) -> None:
    import pyogrio
    import shapely

    from frontline.thresholds import CONTESTED_HALF_KM, CONTESTED_REACH_KM

    reports = "  - {id: f1, kind: fighting, place: S145, date: 2024-01-02, source: {title: t}}"
    scenario = S.write_scenario(tmp_path, end="2024-01-12", reports=reports)
    result = build(scenario, tmp_path / "out", tiles="none")
    ground = pyogrio.read_dataframe(result.gpkg, layer="contested")
    # a week from the report's date, around the front near the place, and nowhere else
    assert [str(d)[:10] for d in ground.date] == [f"2024-01-{d:02d}" for d in range(2, 9)]
    assert set(ground.report_ids) == {"f1"} and (ground.area_km2 > 0).all()
    fronts = pyogrio.read_dataframe(result.gpkg, layer="front_lines")
    front = fronts.geometry.iloc[1]
    place = next(p for p in S.grid_settlements() if p["name"] == "S145")
    km = 1 / 111.0  # (degrees of latitude per km, about)
    reach = (CONTESTED_REACH_KM + CONTESTED_HALF_KM) / 111.0 * 2  # (lon degrees are shorter)
    # (the place lies 3 km behind the front: the ground is the front's, near it)
    assert ground.geometry.iloc[0].distance(shapely.Point(place["lon"], place["lat"])) < \
        CONTESTED_REACH_KM * km
    assert shapely.Point(place["lon"], place["lat"]).buffer(reach).covers(ground.geometry.iloc[0])
    assert front.buffer(CONTESTED_HALF_KM * km * 2).covers(ground.geometry.iloc[0])
    assert result.map is not None
    page = Page(browser, result.map.as_uri() + "#2024-01-03")
    count = """() => { let n = 0; window.frontline.map.eachLayer(l => {
        if (l.options && l.options.className === 'fl-contested') n += 1; }); return n; }"""
    assert page.page.evaluate(count) == 1
    assert "contested" in page.page.inner_text("#fl-legend")
    page.page.evaluate("window.frontline.go(9)")  # 2024-01-10: the week is over
    assert page.page.evaluate(count) == 0
    page.page.evaluate("window.frontline.go(2)")
    page.page.uncheck("#fl-contested-toggle")
    assert page.page.evaluate(count) == 0
    assert page.errors == []
