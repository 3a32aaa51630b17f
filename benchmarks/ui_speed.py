"""UI speed in headless Chromium, as ratios measured in one run: the first load of /grid and /what-if (the browser's
cache empty) until their main chart is drawn, against the first load of /account; after a what-if slider move, the
numbers and the chart updated, against a trivial event's round trip (the list of contracts to adapt on /fleet shown
or hidden), p95 over as many of each, taking turns, in --repeats runs (the median of their ratios is the figure).
Prints the figures; asserts nothing.

    .venv/bin/python benchmarks/ui_speed.py [--moves 30] [--rounds 3] [--repeats 3] [--url http://127.0.0.1:3000]

Without --url it serves the app from a copy of the project with a 2,000-contract demo fleet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.browser_timing import (SIGNED_IN, VIEWPORT, drawn, first_loads, in_page, launch, median, served, signed_in,  # noqa: E402
                                       summary, trivial_events)
from tests.support.dev_server import p95  # noqa: E402

PAGES = {"/account": f"{SIGNED_IN} && document.querySelector('#current') !== null",
         "/grid": f"{SIGNED_IN} && {drawn('grid-heatmap')}",
         "/what-if": f"{SIGNED_IN} && {drawn('whatif-chart')}"}
NUMBERS = "document.querySelector('#whatif-settlement')?.innerText"
CHART = "document.querySelector('#whatif-chart .scatterlayer')?.innerHTML"


def _open(browser, state: dict, url: str, ready: str):
    page = browser.new_context(viewport=VIEWPORT, storage_state=state).new_page()
    page.goto(url, wait_until="commit")
    page.wait_for_function(ready, timeout=120_000, polling="raf")
    return page


def slider_move(page, key: str) -> list[float]:
    """Milliseconds from a key pressed on the new-mileage slider until the settlement, then the chart, changed."""
    press = ("document.querySelector('#new-km [role=slider]').dispatchEvent("
             f"new KeyboardEvent('keydown', {{key: '{key}', bubbles: true, cancelable: true}}))")
    return in_page(page, press, f"(b) => {NUMBERS} !== b[0]", f"(b) => {CHART} !== b[1]", before=f"[{NUMBERS}, {CHART}]", timeout=10_000)


def measure(url: str, moves: int, rounds: int, repeats: int) -> None:
    with sync_playwright() as p:
        browser, other = launch(p), launch(p)  # each page in a browser of its own: neither is a tab behind the other
        driver, manager = signed_in(browser, url, "driver@example.com"), signed_in(browser, url, "fleet@example.com")
        loads = first_loads(browser, driver, url, PAGES, rounds)
        fleet = _open(other, manager, url + "/fleet", f"{SIGNED_IN} && document.querySelector('#fleet-advice-toggle') !== null")
        what_if = _open(browser, driver, url + "/what-if", PAGES["/what-if"])
        what_if.click("#change-switch")
        what_if.wait_for_selector("#new-km [role=slider]")
        what_if.locator("#new-km [role=slider]").press("Home")
        what_if.wait_for_timeout(800)
        series = []
        for run in range(repeats):
            trivial, numbers, charts = [], [], []
            for _ in range(moves):
                trivial += trivial_events(fleet, 1)
                shown, drawn_ms = slider_move(what_if, "ArrowRight" if run % 2 == 0 else "ArrowLeft")
                numbers.append(shown)
                charts.append(drawn_ms)
            series.append((trivial, numbers, charts))
        browser.close()
        other.close()
    account = median(loads["/account"])
    print("first load (ms), browser cache empty, from navigation to the page's main chart drawn (/account: its form, signed in):")
    for path, timings in loads.items():
        ratio = "" if path == "/account" else f"   ratio {median(timings) / account:.2f}x /account (target within 3x)"
        print(f"  {path:10s} {median(timings):7.0f}   median of {', '.join(f'{t:.0f}' for t in timings)}{ratio}")
    numbers_ratios, chart_ratios = [], []
    for n, (trivial, numbers, charts) in enumerate(series, 1):
        numbers_ratios.append(p95(numbers) / p95(trivial))
        chart_ratios.append(p95(charts) / p95(trivial))
        print(summary(f"#{n} trivial event (advice shown/hidden)", trivial))
        print(summary(f"#{n} slider move -> numbers", numbers) + f"   ratio of p95 {numbers_ratios[-1]:.2f}x")
        print(summary(f"#{n} slider move -> chart", charts) + f"   ratio of p95 {chart_ratios[-1]:.2f}x")
    print(f"slider move / trivial event, p95, the median of {len(series)} runs of {moves}: numbers {median(numbers_ratios):.2f}x "
          f"(target within 1.5x), chart {median(chart_ratios):.2f}x (target within 3x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running leasedash with the demo accounts")
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3, help="first loads of each page")
    parser.add_argument("--repeats", type=int, default=3, help="runs of --moves moves (one way, then back), each against as many trivial events")
    args = parser.parse_args()
    with served(args.url, demo_contracts=2000) as url:
        measure(url, args.moves, args.rounds, args.repeats)


if __name__ == "__main__":
    main()
