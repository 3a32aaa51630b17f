"""The contract search in headless Chromium, as a ratio measured in one run: 30 queries typed in /fleet's contract
search (references, drivers' names, plates, makes, as a lessor's admin: every contract) from the moment the page
sends the search until it shows the contract the server finds first, against a trivial event's round trip (the list
of contracts to adapt shown or hidden), p95 over as many of each, taking turns, in --repeats runs (the median of
their ratios is the figure). Also prints what the search costs the server alone. Prints the figures; asserts nothing.

    .venv/bin/python benchmarks/search_speed.py [--url http://127.0.0.1:3000] [--queries 30] [--repeats 3]

Without --url it serves the app from a copy of the project on the configured database (REFLEX_DB_URL, else
leasedash.db), loading a demo fleet first when it holds no contract; at a lessor's scale load one before:
`REFLEX_DB_URL=sqlite:////tmp/search650k.db leasedash demo --contracts 650000 --seed 1`."""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlmodel import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.browser_timing import SIGNED_IN, VIEWPORT, launch, print_ratios, served, signed_in, summary, trivial_events  # noqa: E402
from leasedash.db.models import Contract, User, Vehicle  # noqa: E402
from leasedash.db.scoping import Viewer  # noqa: E402
from leasedash.db.session import session_scope  # noqa: E402
from leasedash.services.contract_search import find_contracts  # noqa: E402
from leasedash.settings import database_url  # noqa: E402

READY = (f"{SIGNED_IN} && document.querySelector('#fleet-advice-toggle') !== null && document.querySelector('#contract-search') !== null"
         " && document.querySelectorAll('#fleet-table tbody tr').length > 0")  # the fleet read: a search waits for nothing else
# the moment the page sends a search event (Reflex sends its events over a websocket)
WATCH_SENDS = """(() => { const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.includes('contract_search_state.search')) window.__searchSent = performance.now();
    return send.call(this, data);
  }; })();"""
TYPE_AND_WAIT = """async ([text, expected, timeout]) => {
  const input = document.querySelector('#contract-search');
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const t0 = performance.now();
  window.__searchSent = 0;
  input.focus();
  setter.call(input, text);
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const first = () => document.querySelector('#contract-hits button')?.innerText;
  while (!(window.__searchSent > t0 && first() === expected)) {
    if (performance.now() - t0 > timeout) throw new Error('timed out waiting for ' + expected + ' after typing ' + text);
    await new Promise(r => requestAnimationFrame(r));
  }
  return performance.now() - window.__searchSent;
}"""


def queries(viewer: Viewer, count: int, seed: int = 1) -> list[tuple[str, str]]:
    """`count` queries a user types, as (text, the reference the server finds first): whole references, last names,
    a first and last name, the start of a plate, a make and a make with a last name, taken from random contracts;
    each finds another first contract than the one before."""
    rng = random.Random(seed)
    with session_scope() as s:
        top = s.exec(select(Contract.id).order_by(Contract.id.desc()).limit(1)).one()
        picked = []
        while len(picked) < count * 2:
            row = s.exec(select(Contract.reference, User.first_name, User.last_name, Vehicle.plate, Vehicle.make)
                         .join(User, User.id == Contract.driver_id).join(Vehicle, Vehicle.id == Contract.vehicle_id)
                         .where(Contract.id >= rng.randint(1, top)).order_by(Contract.id).limit(1)).first()
            if row is not None:
                picked.append(row)
    forms = (lambda r: r[0], lambda r: r[2], lambda r: f"{r[1]} {r[2]}", lambda r: r[3][:5], lambda r: r[4], lambda r: f"{r[4]} {r[2]}")
    out: list[tuple[str, str]] = []
    for i, row in enumerate(picked):
        text = forms[i % len(forms)](row)
        hits = find_contracts(viewer, text).hits
        if hits and (not out or hits[0].reference != out[-1][1]) and text not in {t for t, _ in out}:
            out.append((text, hits[0].reference))
        if len(out) == count:
            break
    return out


def server_times(viewer: Viewer, typed: list[tuple[str, str]]) -> list[float]:
    """Milliseconds the service takes for each query (the first page, as the page asks for it)."""
    out = []
    for text, _ in typed:
        t0 = time.perf_counter()
        find_contracts(viewer, text)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def measure(base: str, count: int, repeats: int, email: str) -> None:
    with session_scope() as s:
        user = s.exec(select(User).where(User.email == email)).one()
        viewer = Viewer(user.id, user.role, user.company_id)
        contracts = s.exec(select(func.count(Contract.id))).one() if viewer.role == "admin" else None
    typed = queries(viewer, count)
    served_ms = server_times(viewer, typed)
    with sync_playwright() as p:
        browser = launch(p)
        state = signed_in(browser, base, email)
        context = browser.new_context(viewport=VIEWPORT, storage_state=state)
        context.add_init_script(WATCH_SENDS)
        page = context.new_page()
        page.goto(base + "/fleet", wait_until="commit")
        page.wait_for_function(READY, timeout=600_000, polling="raf")
        page.evaluate(TYPE_AND_WAIT, [typed[1][0], typed[1][1], 600_000])  # typing what the box holds sends nothing
        series = []
        for _ in range(repeats):
            trivial, searches = [], []
            for text, expected in typed:
                trivial += trivial_events(page, 1)
                searches.append(float(page.evaluate(TYPE_AND_WAIT, [text, expected, 30_000])))
            series.append((trivial, searches))
        browser.close()
    scope = f"{contracts:,} contracts" if contracts is not None else "their scope"
    print(f"contract search on /fleet as {email} ({viewer.role}, {scope}), {len(typed)} queries:")
    print("  " + ", ".join(repr(t) for t, _ in typed))
    print(summary("the service alone (find_contracts)", served_ms))
    print_ratios(series, "search sent -> first contract shown", "search", "target under 1.5x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running leasedash on the configured database")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3, help="runs of --queries searches, each against as many trivial events")
    parser.add_argument("--email", default="admin@example.com", help="who searches (admin: every contract)")
    args = parser.parse_args()
    with served(args.url, database_url()) as base:
        measure(base, args.queries, args.repeats, args.email)


if __name__ == "__main__":
    main()
