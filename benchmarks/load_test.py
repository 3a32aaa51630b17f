"""A bounded load test on loopback: the REST API under 200 concurrent clients for 60 s, then 20 browser
sessions moving /what-if sliders for 60 s. Prints requests, errors and latency percentiles.

    .venv/bin/python benchmarks/load_test.py [--url URL] [--clients 200] [--browsers 20] [--seconds 60]

Without --url it serves the app itself on PostgreSQL and Redis (127.0.0.1) with several backend workers:
REFLEX_DB_URL / REFLEX_REDIS_URL / GRANIAN_WORKERS may be set; a fresh database is created otherwise."""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager, nullcontext
from pathlib import Path

import httpx
from playwright.async_api import async_playwright
from sqlalchemy import create_engine, text
from sqlmodel import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from leasedash.db.models import Contract, User  # noqa: E402
from leasedash.db.session import session_scope  # noqa: E402
from leasedash.dev_server import running_app  # noqa: E402
from leasedash.services.api_tokens import create_token  # noqa: E402
from leasedash.services.auth import viewer_of  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _percentiles(values: list[float]) -> str:
    if not values:
        return "no request completed"
    q = statistics.quantiles(values, n=100) if len(values) >= 100 else sorted(values)
    p95 = q[94] if len(values) >= 100 else q[int(0.95 * (len(q) - 1))]
    return f"p50 {statistics.median(values):.0f} ms  p95 {p95:.0f} ms  max {max(values):.0f} ms"


async def rest_load(url: str, token: str, contract_ids: list[int], clients: int, seconds: float) -> None:
    latencies: list[float] = []
    errors: dict[str, int] = {}
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
                started = time.perf_counter()
                try:
                    if kind == 0:
                        response = await http.get("/contracts", params={"limit": 20, "offset": (i * 20) % 400})
                    elif kind == 1:
                        response = await http.post("/simulate", json=scenario)
                    else:
                        response = await http.get(f"/contracts/{contract_ids[i % len(contract_ids)]}/projection")
                    if response.status_code != 200:
                        errors[str(response.status_code)] = errors.get(str(response.status_code), 0) + 1
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    continue
                latencies.append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(one_client(n) for n in range(clients)))
    print(f"REST API, {clients} concurrent clients for {seconds:.0f} s: {len(latencies)} requests "
          f"({len(latencies) / seconds:.0f}/s), errors {sum(errors.values())} {errors or ''}")
    print(f"  {_percentiles(latencies)}")


async def browser_load(url: str, sessions: int, seconds: float) -> None:
    latencies: list[float] = []
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        async def one_session(n: int) -> None:
            context = await browser.new_context(viewport={"width": 1200, "height": 900})
            page = await context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
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
                    started = time.perf_counter()
                    await thumb.press("ArrowRight" if (i // 30) % 2 == 0 else "ArrowLeft")
                    await page.wait_for_function("(b) => document.querySelector('#whatif-settlement').innerText !== b", arg=before, timeout=15000)
                    latencies.append((time.perf_counter() - started) * 1000)
                    i += 1
            except Exception as exc:  # noqa: BLE001 (every failure is counted and named)
                errors.append(f"session {n}: {type(exc).__name__}: {str(exc)[:120]}")
            finally:
                await context.close()

        await asyncio.gather(*(one_session(n) for n in range(sessions)))
        await browser.close()
    print(f"/what-if, {sessions} browser sessions moving a slider for {seconds:.0f} s: {len(latencies)} moves, errors {len(errors)}")
    for e in errors[:5]:
        print(f"  {e}")
    print(f"  slider move -> settlement updated: {_percentiles(latencies)}")


@contextmanager
def _served(args):
    if args.url:
        with nullcontext(args.url) as url:
            yield url, os.environ["REFLEX_DB_URL"]
        return
    db_url = os.environ.get("REFLEX_DB_URL")
    admin = None
    if not db_url:
        name = f"leasedash_load_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        db_url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    folder = Path(tempfile.mkdtemp(prefix="leasedash-load-"))
    extra = {"REFLEX_REDIS_URL": os.environ.get("REFLEX_REDIS_URL", "redis://127.0.0.1:6379/0"),
             "GRANIAN_WORKERS": os.environ.get("GRANIAN_WORKERS", "3")}
    try:
        with running_app(db_url, folder / "app.log", demo_contracts=2000, extra_env=extra) as url:
            print(f"serving {url} on {db_url.rsplit('@', 1)[-1]} with Redis and {extra['GRANIAN_WORKERS']} backend workers")
            yield url, db_url
    finally:
        if admin is not None:
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--browsers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with _served(args) as (url, db_url):
        with session_scope(db_url) as s:
            user = s.exec(select(User).where(User.email == "admin@example.com")).one()
            token = create_token(s, viewer_of(user), "load test")[0]
            ids = [c.id for c in s.exec(select(Contract).where(Contract.status == "active").limit(200))]
        asyncio.run(rest_load(url, token, ids, args.clients, args.seconds))
        if args.browsers:
            asyncio.run(browser_load(url, args.browsers, args.seconds))


if __name__ == "__main__":
    main()
