"""Headless Chromium with the network blocked, for the README's pictures of the map."""

from __future__ import annotations

from typing import Any


def offline_page(playwright: Any, width: int, height: int) -> tuple[Any, Any]:
    """Debian's Chromium and a page that loads only ``file:`` and ``data:`` URLs."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=["--no-sandbox", "--disable-gpu",
                                               "--disable-background-networking"])
    page = browser.new_page(viewport={"width": width, "height": height})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else r.abort())
    return browser, page
