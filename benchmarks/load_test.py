"""A bounded load test on loopback: the REST API under 200 concurrent clients for 60 s, then 20 browser
sessions moving /what-if sliders for 60 s. Prints requests, errors and latency percentiles.

    .venv/bin/python benchmarks/load_test.py [--url URL] [--clients 200] [--browsers 20] [--seconds 60] [--failover]

Without --url it serves the README's production set-up itself: the built frontend and three backend processes
on PostgreSQL and Redis (127.0.0.1) behind nginx. REFLEX_DB_URL / REFLEX_REDIS_URL may be set; a fresh database
is created otherwise. --failover kills one backend (kill -9) half-way through each phase, the one holding the most
connections, and prints requests, errors and p95 before and after the kill."""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from pathlib import Path

import httpx
from playwright.async_api import async_playwright
from sqlmodel import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from leasedash.db.models import Contract, User  # noqa: E402
from leasedash.db.session import session_scope  # noqa: E402
from leasedash.services.api_tokens import create_token  # noqa: E402
from leasedash.services.auth import viewer_of  # noqa: E402
from tests.scale.cluster import Cluster, fresh_database, served_behind_proxy  # noqa: E402
from tests.support.dev_server import CHROMIUM_ARGS, p95  # noqa: E402


def _percentiles(values: list[float]) -> str:
    if not values:
        return "no request completed"
    return f"p50 {statistics.median(values):.0f} ms  p95 {p95(values):.0f} ms  max {max(values):.0f} ms"


class Tally:
    """Each answer with its latency (ms), each error with its kind, and the moment it came (time.monotonic())."""

    def __init__(self) -> None:
        self.timed: list[tuple[float, float]] = []
        self.failed: list[tuple[float, str]] = []

    def answered(self, started: float) -> None:
        now = time.monotonic()
        self.timed.append((now, (now - started) * 1000))

    def error(self, kind: str) -> None:
        self.failed.append((time.monotonic(), kind))

    def window(self, start: float = -math.inf, end: float = math.inf) -> tuple[list[float], Counter]:
        """The latencies and the errors by kind of what came in [start, end)."""
        return ([ms for t, ms in self.timed if start <= t < end],
                Counter(kind for t, kind in self.failed if start <= t < end))


def report(title: str, tally: Tally, seconds: float, killed_at: float | None = None) -> None:
    """Print requests, errors and percentiles; with a kill, requests, errors and p95 before and after it."""
    latencies, errors = tally.window()
    print(f"{title}: {len(latencies)} requests ({len(latencies) / seconds:.0f}/s), errors {sum(errors.values())}")
    for kind, count in errors.most_common(5):
        print(f"  {count} x {kind}")
    print(f"  {_percentiles(latencies)}")
    if killed_at is None:
        return
    for label, start, end in (("before the kill", -math.inf, killed_at), ("after the kill ", killed_at, math.inf)):
        latencies, errors = tally.window(start, end)
        slowest = f"{p95(latencies):.0f} ms" if latencies else "none answered"
        print(f"  {label}: {len(latencies)} requests, errors {sum(errors.values())}, p95 {slowest}")


async def with_kill(load: Awaitable[None], after: float, kill: Callable[[], None]) -> float:
    """Run `load` and call `kill` `after` seconds in; the moment of the kill (time.monotonic())."""
    async def killer() -> float:
        await asyncio.sleep(after)
        kill()
        return time.monotonic()

    killed_at, _ = await asyncio.gather(killer(), load)
    return killed_at


async def rest_load(url: str, token: str, contract_ids: list[int], clients: int, seconds: float, tally: Tally) -> None:
    scenario = {"product": {"name": "My Personal Lease", "kind": "fixed", "excess_km_rate": "0.06", "under_km_rate": "0.06",
                            "changes_allowed": False, "termination": "half_remaining_rents"},
                "contract": {"months": 48, "annual_km": 15000, "monthly_rent": "400.00"},
                "events": [{"type": "early_return", "at_month": 24, "total_km": 30000}]}
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url + "/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=30, limits=limits) as http:
        async def one_client(n: int) -> None:
            i = n
            while time.monotonic() < deadline:
                i += 1
                kind = i % 3
                started = time.monotonic()
                try:
                    if kind == 0:
                        response = await http.get("/contracts", params={"limit": 20, "offset": (i * 20) % 400})
                    elif kind == 1:
                        response = await http.post("/simulate", json=scenario)
                    else:
                        response = await http.get(f"/contracts/{contract_ids[i % len(contract_ids)]}/projection")
                except httpx.HTTPError as exc:
                    tally.error(type(exc).__name__)
                    continue
                if response.status_code == 200:
                    tally.answered(started)
                else:
                    tally.error(str(response.status_code))

        await asyncio.gather(*(one_client(n) for n in range(clients)))


async def browser_load(url: str, sessions: int, seconds: float, tally: Tally) -> None:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        async def one_session(n: int) -> None:
            context = await browser.new_context(viewport={"width": 1200, "height": 900})
            page = await context.new_page()
            page.on("pageerror", lambda e: tally.error(f"page error: {str(e)[:80]}"))
            try:
                await page.goto(url + "/login", wait_until="networkidle", timeout=60000)
                await page.fill("#email", "driver@example.com")
                await page.fill("#password", "Leasedash2026")
                await page.click("#sign-in")
                await page.wait_for_url(url + "/", timeout=60000)
                await page.goto(url + "/what-if", wait_until="networkidle", timeout=60000)
                await page.click("#change-switch")
                thumb = page.locator("#new-km [role=slider]")
                await thumb.focus()
                await thumb.press("Home")
                deadline = time.monotonic() + seconds
                i = 0
                while time.monotonic() < deadline:
                    before = await page.locator("#whatif-settlement").inner_text()
                    started = time.monotonic()
                    await thumb.press("ArrowRight" if (i // 30) % 2 == 0 else "ArrowLeft")
                    await page.wait_for_function("(b) => document.querySelector('#whatif-settlement').innerText !== b", arg=before, timeout=15000)
                    tally.answered(started)
                    i += 1
            except Exception as exc:  # noqa: BLE001 (every failure is counted and named)
                tally.error(f"session {n}: {type(exc).__name__}: {str(exc)[:120]}")
            finally:
                await context.close()

        await asyncio.gather(*(one_session(n) for n in range(sessions)))
        await browser.close()


def kill_busiest(cluster: Cluster) -> None:
    """kill -9 the live backend holding the most connections (websockets, requests in flight)."""
    held = cluster.connections()
    port = max(cluster.live_backends(), key=lambda p: held[p])
    cluster.kill(port)
    print(f"  kill -9 the backend on :{port} ({held[port]} connections open)")


def measure(url: str, db_url: str, args, cluster: Cluster | None) -> None:
    """Both phases against `url`; with --failover, one backend of `cluster` killed half-way through each."""
    with session_scope(db_url) as s:
        user = s.exec(select(User).where(User.email == "admin@example.com")).one()
        token = create_token(s, viewer_of(user), "load test")[0]
        ids = [c.id for c in s.exec(select(Contract).where(Contract.status == "active").limit(200))]
    phases = [(f"REST API, {args.clients} concurrent clients for {args.seconds:.0f} s",
               lambda tally: rest_load(url, token, ids, args.clients, args.seconds, tally))]
    if args.browsers:
        phases.append((f"/what-if, {args.browsers} browser sessions moving a slider for {args.seconds:.0f} s "
                       "(slider move -> settlement updated)",
                       lambda tally: browser_load(url, args.browsers, args.seconds, tally)))
    for title, load in phases:
        tally, killed_at = Tally(), None
        if args.failover:
            killed_at = asyncio.run(with_kill(load(tally), args.seconds / 2, lambda: kill_busiest(cluster)))
        else:
            asyncio.run(load(tally))
        report(title, tally, args.seconds, killed_at)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--browsers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--failover", action="store_true", help="kill -9 one backend half-way through each phase")
    args = parser.parse_args()
    if args.url:
        if args.failover:
            parser.error("--failover needs the backends this script starts (leave out --url)")
        measure(args.url, os.environ["REFLEX_DB_URL"], args, None)
        return
    redis_url = os.environ.get("REFLEX_REDIS_URL", "redis://127.0.0.1:6379/0")
    database = nullcontext(os.environ["REFLEX_DB_URL"]) if os.environ.get("REFLEX_DB_URL") else fresh_database()
    with database as db_url, served_behind_proxy(db_url, redis_url, Path(tempfile.mkdtemp(prefix="leasedash-load-")),
                                                    demo_contracts=2000) as cluster:
        print(f"serving {cluster.url} on {db_url.rsplit('@', 1)[-1]} with Redis: nginx in front of "
              f"{len(cluster.backends)} backend processes")
        measure(cluster.url, db_url, args, cluster)


if __name__ == "__main__":
    main()
