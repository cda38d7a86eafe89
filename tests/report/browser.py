"""Open an HTML file in Debian's headless Chromium with the network switched off.

Used by the browser test and, run as a script, to refresh the screenshot in the docs:

    .venv/bin/python tests/report/browser.py page.html shot.png [--width 1200] [--height 2400]
"""

from __future__ import annotations

import argparse
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
DRIVER = ("chromedriver", "chromium-driver")


def find(names: tuple[str, ...]) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class Page:
    """What the browser saw."""

    console: list[dict[str, Any]]
    charts: list[dict[str, Any]]
    resources: list[str]
    width: int
    probed: Any = None
    """What the `probe` script returned, if one was given."""


def open_offline(
    page: Path, screenshot: Path, width: int = 1200, height: int = 2400, probe: str | None = None
) -> Page:
    """Load `page` from disk with the network off, read its console and charts, screenshot it;
    `probe`, a script body ending in ``return ...``, reads anything else from the page."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = find(CHROMIUM), find(DRIVER)
    assert browser and driver_path, "chromium and chromedriver must be installed"
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
        # No name resolves and no proxy answers: any fetch from the page would fail loudly.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=http://127.0.0.1:9",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        # A window cannot be made phone-narrow in headless mode; emulate the screen instead.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        driver.get(page.resolve().as_uri())
        charts = driver.execute_script(
            """return Array.from(document.querySelectorAll('figure.chart svg')).map(svg => {
                 const box = svg.getBoundingClientRect();
                 return {label: svg.getAttribute('aria-label'), width: box.width,
                         height: box.height,
                         shapes: svg.querySelectorAll('path, rect, line, polyline').length,
                         text: svg.textContent.trim().length};
               });"""
        )
        resources = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name);"
        )
        inner = driver.execute_script("return document.documentElement.scrollWidth;")
        probed = None if probe is None else driver.execute_script(probe)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        full = driver.execute_script("return document.body.scrollHeight;")
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": width,
                "height": min(int(full) + 40, 8000),
                "deviceScaleFactor": 1,
                "mobile": width < 600,
            },
        )
        driver.save_screenshot(str(screenshot))
        console = driver.get_log("browser")  # type: ignore[no-untyped-call]
    finally:
        driver.quit()
    return Page(
        console=console, charts=charts, resources=resources, width=int(inner), probed=probed
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("page", type=Path)
    parser.add_argument("screenshot", type=Path)
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args()
    seen = open_offline(args.page, args.screenshot, args.width, args.height)
    print(f"{len(seen.charts)} charts, {len(seen.console)} console messages -> {args.screenshot}")
    for message in seen.console:
        print(" ", message)
    if os.environ.get("VERBOSE"):
        print(seen)


if __name__ == "__main__":
    main()
