"""Make the README's pictures of the demo, the map in headless Chromium.

Run ``python docs/make_screenshot.py`` after ``frontline demo``. It opens
``frontline-demo/map.html`` offline (tiles blocked), moves to 2024-10-27, zooms
to the front and saves ``docs/map-2024-10-27.png``; zooms on Selydove, the day
it changed hands (``docs/map-selydove-2024-10-27.png``); shows the Pokrovsk
direction with its place names and no tiles (``docs/map-pokrovsk-offline.png``)
and the comparison of 2024-10-20 with 2024-10-27 (``docs/map-compare.png``); then
draws the figure for print of the same comparison (``docs/figure-selydove.png``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from offline_browser import offline_page

HTML = Path(sys.argv[1] if len(sys.argv) > 1 else "frontline-demo/map.html").resolve()
OUT = Path(__file__).resolve().parent / "map-2024-10-27.png"
ZOOMED = OUT.with_name("map-selydove-2024-10-27.png")

with sync_playwright() as p:
    browser, page = offline_page(p, 1280, 820)
    page.goto(HTML.as_uri() + "#2024-10-27")
    page.wait_for_function("window.frontline !== undefined")
    page.evaluate("() => { window.frontline.map.setView([48.9, 36.4], 7); }")
    page.wait_for_timeout(800)
    page.locator("path.fl-ev-selydove").click()
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUT))
    page.keyboard.press("Escape")
    page.evaluate("() => { window.frontline.map.closePopup();"
                  " window.frontline.map.setView([48.16, 37.35], 11); }")
    page.wait_for_timeout(800)
    page.screenshot(path=str(ZOOMED))
    for name, address in [("map-pokrovsk-offline.png", "#d=2024-10-27&v=10/48.2/37.25"),
                          ("map-compare.png", "#d=2024-10-27&c=2024-10-20&v=11/48.17/37.32")]:
        page.goto(HTML.as_uri() + address)
        page.reload()
        page.wait_for_function("window.frontline !== undefined")
        page.wait_for_timeout(800)
        page.screenshot(path=str(OUT.with_name(name)))
        print(OUT.with_name(name))
    browser.close()
print(OUT)
print(ZOOMED)

from frontline.layers.figure import draw_figure, extent_around  # noqa: E402

print(draw_figure(HTML.with_name("frontline.gpkg"), OUT.with_name("figure-selydove.png"),
                  date="2024-10-27", compare="2024-10-20",
                  bbox=extent_around(48.17, 37.35, 28), width_in=8).path)
