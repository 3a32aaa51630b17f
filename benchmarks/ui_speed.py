"""UI speed in headless Chromium: first load of every page, and how long a slider move on /what-if
takes to update the numbers and the chart. Prints the figures; asserts nothing.

    .venv/bin/python benchmarks/ui_speed.py [--moves 60] [--url http://127.0.0.1:3000]

Without --url it starts the production app on a free port with a 300-contract demo fleet."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.dev_server import CHROMIUM_ARGS, app_at, p95, sign_in_page  # noqa: E402

PAGES = {"/": "#kpi-rent", "/grid": "#grid-heatmap .main-svg", "/what-if": "#whatif-chart .main-svg", "/account": "form"}
SETTLED = """([before, chartBefore]) => {
  const now = document.querySelector('#whatif-settlement')?.innerText;
  const chart = document.querySelector('#whatif-chart .scatterlayer')?.innerHTML;
  return now !== before && chart !== chartBefore;
}"""


def measure(url: str, moves: int) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        sign_in_page(page, url, "driver@example.com")
        loads = {}
        for path, selector in PAGES.items():
            page.goto(url + "/login", wait_until="domcontentloaded")
            started = time.perf_counter()
            page.goto(url + path, wait_until="commit")
            page.wait_for_selector(selector, timeout=20000)
            loads[path] = (time.perf_counter() - started) * 1000
        page.goto(url + "/what-if", wait_until="networkidle")
        page.click("#change-switch")
        page.wait_for_selector("#new-km [role=slider]")
        thumb = page.locator("#new-km [role=slider]")
        thumb.focus()
        thumb.press("Home")
        page.wait_for_timeout(800)
        timings = []
        for i in range(moves):
            before = page.evaluate("[document.querySelector('#whatif-settlement')?.innerText, document.querySelector('#whatif-chart .scatterlayer')?.innerHTML]")
            started = time.perf_counter()
            thumb.press("ArrowRight" if (i // 30) % 2 == 0 else "ArrowLeft")
            page.wait_for_function(SETTLED, arg=before, timeout=10000, polling="raf")
            timings.append((time.perf_counter() - started) * 1000)
        browser.close()
    print("first load (ms), signed in, from navigation to the page's main content:")
    for path, ms in loads.items():
        print(f"  {path:10s} {ms:7.0f}")
    print(f"  worst      {max(loads.values()):7.0f}   (target < 2000)")
    print(f"slider move on /what-if -> settlement and chart updated, {len(timings)} moves (ms):")
    print(f"  p50 {statistics.median(timings):6.0f}   p95 {p95(timings):6.0f}   max {max(timings):6.0f}   (target p95 < 150)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running leasedash (signed in as driver@example.com)")
    parser.add_argument("--moves", type=int, default=60)
    args = parser.parse_args()
    with app_at(args.url) as url:
        measure(url, args.moves)


if __name__ == "__main__":
    main()
