"""/fleet in headless Chromium: the first render as an admin, and the p95 of page and filter changes.

Every company's contracts, as an admin sees them; the changes are pages and filters of the contracts table.
Prints the figures; asserts nothing.

    .venv/bin/python benchmarks/fleet_speed.py [--url http://127.0.0.1:3000] [--changes 30]

Without --url it serves the app on the configured database (REFLEX_DB_URL, else leasedash.db), loading a demo
fleet first when it holds no contract; `leasedash bench portfolio` times the projection behind the page."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from leasedash.settings import database_url  # noqa: E402
from tests.support.dev_server import CHROMIUM_ARGS, app_at, p95, sign_in_page  # noqa: E402

FLEET_RENDERED = ("() => document.querySelector('#fleet-contracts') && document.querySelectorAll('.main-svg').length >= 6 "
                  "&& document.querySelectorAll('#fleet-table tbody tr').length > 0")


def measure(base: str, changes: int) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        sign_in_page(page, base, "admin@example.com")
        renders = []
        for _ in range(3):
            page.goto(base + "/", wait_until="networkidle")
            started = time.perf_counter()
            page.goto(base + "/fleet", wait_until="commit")
            page.wait_for_function(FLEET_RENDERED, timeout=120000, polling=50)
            renders.append((time.perf_counter() - started) * 1000)
        contracts = page.locator("#fleet-contracts .rt-Heading").first.inner_text()
        timings = []
        for i in range(changes):
            before = page.locator("#fleet-table tbody").inner_text()
            started = time.perf_counter()
            page.click("#fleet-off-plan-only" if i % 3 == 2 else "#fleet-next")
            page.wait_for_function("(b) => document.querySelector('#fleet-table tbody').innerText !== b", arg=before, timeout=30000, polling="raf")
            timings.append((time.perf_counter() - started) * 1000)
        browser.close()
    print(f"/fleet as admin, {contracts} active contracts")
    print(f"first render    {renders[0]:7.0f} ms  first visit, then {', '.join(f'{r:.0f}' for r in renders[1:])} ms   (target < 3000)")
    print(f"page or filter  p50 {statistics.median(timings):.0f} ms, p95 {p95(timings):.0f} ms over {len(timings)} changes   (target p95 < 300)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running leasedash (signed in as admin@example.com)")
    parser.add_argument("--changes", type=int, default=30)
    args = parser.parse_args()
    with app_at(args.url, database_url()) as base:
        measure(base, args.changes)


if __name__ == "__main__":
    main()
