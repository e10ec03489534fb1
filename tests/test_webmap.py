"""The HTML map in a real browser: Debian's Chromium driven by Playwright, offline."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import synthetic as S
from frontline.layers import build, demo_scenario_path
from frontline.layers.webmap import build_map

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page with every network request blocked, recording errors and dialogs."""

    def __init__(self, browser: Any, url: str) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 860})
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", self._console)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
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

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            where = (msg.location or {}).get("url", "")
            if not (where and where in self.blocked):  # the blocked tiles themselves
                self.errors.append(msg.text)

    def date(self) -> str:
        return self.page.inner_text("#fl-date")


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory: pytest.TempPathFactory, index_path: Path) -> Path:
    out = tmp_path_factory.mktemp("map")
    result = build(demo_scenario_path(), out)
    assert result.map is not None
    build_map(result.gpkg, out / "none.html", tiles="none")
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
    assert page.page.evaluate("location.hash") == "#2024-10-27"
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


def test_report_text_is_escaped(browser: Any, tmp_path: Path, index_path: Path) -> None:
    evil = "<img src=x onerror=alert(1)>"
    reports = (f"  - {{id: c1, kind: capture, side: RU, place: S135, date: 2024-01-03,\n"
               f"     source: {{title: '{evil}', url: 'javascript:alert(2)'}},\n"
               f"     evidence: {{article: a1, span: [0, 40], confidence: 0.9,\n"
               f"                sentence: 'They said <script>alert(3)</script> S135 fell'}}}}")
    scenario = S.write_scenario(tmp_path, end="2024-01-05", reports=reports)
    result = build(scenario, tmp_path / "out", tiles="none")
    page = Page(browser, result.map.as_uri() + "#2024-01-04")
    page.page.locator("path.fl-ev-s135").click()
    popup = page.page.locator(".leaflet-popup-content")
    assert evil in popup.inner_text()
    assert "They said <script>alert(3)</script> S135 fell" in popup.inner_text()  # the quote
    assert popup.locator("img").count() == 0 and popup.locator("a").count() == 0
    page.page.wait_for_timeout(300)
    assert page.dialogs == [] and page.errors == []
