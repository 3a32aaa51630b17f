"""/fleet in headless Chromium, as ratios measured in one run: its first load as an admin (every company; the
server's fleet cache warm, the browser's cache empty) until its main chart is drawn, against the first load of
/account; page and filter changes of the contracts table against a trivial event's round trip (the list of
contracts to adapt shown or hidden), p95 over as many of each, taking turns, in --repeats runs (the median of
their ratios is the figure: one p95 over 30 events is two samples, at the mercy of a shared machine). Prints the
figures; asserts nothing.

    .venv/bin/python benchmarks/fleet_speed.py [--url http://127.0.0.1:3000] [--changes 30] [--rounds 3] [--repeats 3]

Without --url it serves the app from a copy of the project on the configured database (REFLEX_DB_URL, else
leasedash.db), loading a demo fleet first when it holds no contract; for a lessor-sized fleet load one before,
e.g. `leasedash demo --contracts 650000 --seed 1`. `leasedash bench portfolio` times the projection behind the page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.browser_timing import (SIGNED_IN, VIEWPORT, clicked, drawn, first_load, first_loads, in_page, launch, median,  # noqa: E402
                                       print_ratios, served, signed_in, trivial_events)
from leasedash.settings import database_url  # noqa: E402

ACCOUNT = f"{SIGNED_IN} && document.querySelector('#current') !== null"
FLEET_CHART = f"{SIGNED_IN} && {drawn('fleet-pace')}"
FLEET_ALL = (f"{SIGNED_IN} && " + " && ".join(drawn(c) for c in ("fleet-pace", "fleet-scatter", "fleet-products", "fleet-makes",
                                                                   "fleet-ending-chart", "fleet-spend"))
             + " && document.querySelectorAll('#fleet-table tbody tr').length > 0")
TABLE = "document.querySelector('#fleet-table tbody').innerText"


def measure(base: str, changes: int, rounds: int, repeats: int, email: str) -> None:
    with sync_playwright() as p:
        browser = launch(p)
        state = signed_in(browser, base, email)
        warm = first_load(browser, state, base, "/fleet", FLEET_ALL, timeout=600_000)
        loads = first_loads(browser, state, base, {"/account": ACCOUNT, "/fleet": FLEET_CHART}, rounds)
        whole = [first_load(browser, state, base, "/fleet", FLEET_ALL) for _ in range(rounds)]
        context = browser.new_context(viewport=VIEWPORT, storage_state=state)
        page = context.new_page()
        page.goto(base + "/fleet", wait_until="commit")
        page.wait_for_function(FLEET_ALL, timeout=120_000, polling="raf")
        contracts = page.inner_text("#fleet-contracts-value")
        series = []
        for _ in range(repeats):
            trivial, moves = [], []
            for i in range(changes):
                trivial += trivial_events(page, 1)
                target = "#fleet-off-plan-only" if i % 3 == 2 else "#fleet-next"
                moves.append(in_page(page, clicked(target), f"(b) => {TABLE} !== b", before=TABLE)[0])
            series.append((trivial, moves))
        browser.close()
    account, fleet = median(loads["/account"]), median(loads["/fleet"])
    print(f"/fleet as {email}: {contracts} active contracts; first visit (untimed warm-up of the page) {warm:.0f} ms")
    print(f"first load of /account               {account:7.0f} ms   median of {', '.join(f'{t:.0f}' for t in loads['/account'])}")
    print(f"first load of /fleet, main chart     {fleet:7.0f} ms   median of {', '.join(f'{t:.0f}' for t in loads['/fleet'])}"
          f"   ratio {fleet / account:.2f}x /account (target within 3x)")
    print(f"  every chart and the table          {median(whole):7.0f} ms   median of {', '.join(f'{t:.0f}' for t in whole)}")
    print_ratios(series, "page or filter change", "page or filter change", "target within 1.5x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running leasedash")
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3, help="first loads of each page")
    parser.add_argument("--repeats", type=int, default=3, help="runs of --changes changes, each against as many trivial events")
    parser.add_argument("--email", default="admin@example.com", help="who signs in (admin: every company)")
    args = parser.parse_args()
    with served(args.url, database_url()) as base:
        measure(base, args.changes, args.rounds, args.repeats, args.email)


if __name__ == "__main__":
    main()
