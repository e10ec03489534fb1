"""Make the README's pictures of the second example, the invasion of February-April 2022.

Run ``python docs/make_invasion_pictures.py`` after ``frontline demo --example
invasion-2022`` (it reads ``frontline-invasion-2022/``). It opens the map offline in
headless Chromium on 2022-03-21 (``docs/invasion-2022-03-21.png``) and draws the
area each side held each day with ``frontline stats --plot``
(``docs/invasion-2022-area.png``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from offline_browser import offline_page

FOLDER = Path(sys.argv[1] if len(sys.argv) > 1 else "frontline-invasion-2022").resolve()
DOCS = Path(__file__).resolve().parent

with sync_playwright() as p:
    browser, page = offline_page(p, 1280, 860)
    page.goto((FOLDER / "map.html").as_uri() + "#d=2022-03-21&v=6/48.6/32.4")
    page.wait_for_function("window.frontline !== undefined")
    page.wait_for_timeout(1500)
    page.screenshot(path=str(DOCS / "invasion-2022-03-21.png"))
    browser.close()
print(DOCS / "invasion-2022-03-21.png")

subprocess.run(["frontline", "stats", str(FOLDER / "frontline.gpkg"), "--by", "day", "--plot",
                str(DOCS / "invasion-2022-area.png")], check=True, stdout=subprocess.DEVNULL)
print(DOCS / "invasion-2022-area.png")
