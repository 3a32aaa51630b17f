"""/fleet speed in headless Chromium on the configured database (use the 650,000-contract demo fleet):
first render as an admin (every company), then page and filter changes. Prints figures; asserts nothing.

    REFLEX_DB_URL=... .venv/bin/python benchmarks/fleet_speed.py [--changes 30] [--url http://127.0.0.1:3000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from leasedash.dev_server import running_app  # noqa: E402
from leasedash.settings import database_url  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
RENDERED = "() => document.querySelector('#fleet-contracts') && document.querySelectorAll('.main-svg').length >= 6 && document.querySelectorAll('#fleet-table tbody tr').length > 0"


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def measure(url: str, changes: int) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/login", wait_until="networkidle")
        page.fill("#email", "admin@example.com")
        page.fill("#password", "Leasedash2026")
        page.click("#sign-in")
        page.wait_for_url(url + "/")
        renders = []
        for _ in range(3):
            page.goto(url + "/", wait_until="networkidle")
            started = time.perf_counter()
            page.goto(url + "/fleet", wait_until="commit")
            page.wait_for_function(RENDERED, timeout=120000, polling=50)
            renders.append((time.perf_counter() - started) * 1000)
        contracts = page.locator("#fleet-contracts h2, #fleet-contracts .rt-Heading").first.inner_text()
        timings = []
        for i in range(changes):
            before = page.locator("#fleet-table tbody").inner_text()
            started = time.perf_counter()
            if i % 3 == 2:
                page.click("#fleet-off-plan-only")
            else:
                page.click("#fleet-next")
            page.wait_for_function("(before) => document.querySelector('#fleet-table tbody').innerText !== before", arg=before, timeout=30000, polling="raf")
            timings.append((time.perf_counter() - started) * 1000)
        browser.close()
    print(f"/fleet as admin, {contracts} active contracts")
    print(f"  first render (ms): cold {renders[0]:.0f}, then {', '.join(f'{r:.0f}' for r in renders[1:])}   (target < 3000)")
    print(f"  page or filter change, {len(timings)} changes (ms): p50 {statistics.median(timings):.0f}  p95 {_p95(timings):.0f}  max {max(timings):.0f}   (target p95 < 300)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--changes", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="leasedash-fleet-"))
    server = nullcontext(args.url) if args.url else running_app(database_url(), folder / "app.log")
    with server as url:
        measure(url, args.changes)


if __name__ == "__main__":
    main()
