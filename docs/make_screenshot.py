"""Make the README's picture: the demo map on 2024-10-27, in headless Chromium.

Run ``python docs/make_screenshot.py`` after ``frontline demo``. It opens
``frontline-demo/map.html`` offline (tiles blocked), moves to 2024-10-27, zooms
to the front and saves ``docs/map-2024-10-27.png``; then zooms on Selydove, the day
it changed hands, and saves ``docs/map-selydove-2024-10-27.png``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HTML = Path(sys.argv[1] if len(sys.argv) > 1 else "frontline-demo/map.html").resolve()
OUT = Path(__file__).resolve().parent / "map-2024-10-27.png"
ZOOMED = OUT.with_name("map-selydove-2024-10-27.png")

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                args=["--no-sandbox", "--disable-gpu",
                                      "--disable-background-networking"])
    page = browser.new_page(viewport={"width": 1280, "height": 820})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else r.abort())
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
    browser.close()
print(OUT)
print(ZOOMED)
