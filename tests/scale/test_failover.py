"""Failover as the README's production set-up runs it: three backend processes (one port each) on PostgreSQL and
Redis behind nginx. A browser session moving /what-if sliders keeps its state when the backend serving its
websocket is killed, and the REST API keeps answering through the proxy."""

from __future__ import annotations

import asyncio
import concurrent.futures
from contextlib import ExitStack

import pytest
import redis
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from benchmarks.load_test import Tally, report, rest_load, with_kill
from leasedash.db.models import Contract, User
from leasedash.db.session import session_scope
from leasedash.services.api_tokens import create_token
from leasedash.services.auth import viewer_of
from tests.conftest import skip_or_fail
from tests.scale.cluster import NGINX, PG_ADMIN_URL, fresh_database, served_behind_proxy
from tests.support.dev_server import sign_in_page

REDIS_URL = "redis://127.0.0.1:6379/3"
CLIENTS, SECONDS = 20, 20

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def cluster(tmp_path):
    if not NGINX.exists():
        skip_or_fail(f"{NGINX} is not installed (python3 dev.py test installs it when run as root)")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL} ({exc.__class__.__name__})")
    with ExitStack() as stack:
        try:
            db_url = stack.enter_context(fresh_database())
        except OperationalError as exc:
            skip_or_fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc.__class__.__name__})")
        client.flushdb()
        stack.callback(client.flushdb)
        yield stack.enter_context(served_behind_proxy(db_url, REDIS_URL, tmp_path))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _press(page, slider: str, *keys: str) -> None:
    thumb = page.locator(f"{slider} [role=slider]")
    thumb.focus()
    for key in keys:
        thumb.press(key)


def _text(page, selector: str) -> str:
    return page.locator(selector).inner_text()


def _session(page) -> str:
    """The browser tab's Reflex session token: the key of its state in Redis."""
    return page.evaluate("sessionStorage.getItem('token')")


def _in_thread(coroutine):
    """Run `coroutine` on an event loop of its own: the sync Playwright driver holds this thread's."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _rest_client(db_url: str) -> tuple[str, list[int]]:
    with session_scope(db_url) as s:
        admin = s.exec(select(User).where(User.email == "admin@example.com")).one()
        token = create_token(s, viewer_of(admin), "failover")[0]
        return token, [c.id for c in s.exec(select(Contract).where(Contract.status == "active").limit(50))]


def test_a_what_if_session_keeps_its_state_when_its_backend_is_killed(cluster, page):
    sign_in_page(page, cluster.url, "driver@example.com")
    page.goto(cluster.url + "/what-if", wait_until="networkidle")
    page.wait_for_selector("#whatif-settlement")
    page.click("#anew-switch")
    page.wait_for_function("document.querySelector('#whatif-floor').innerText.includes('start')")
    page.click("#change-switch")
    _press(page, "#change-month", "Home", *["ArrowRight"] * 11)
    _press(page, "#new-km", "Home", *["ArrowRight"] * 40)
    page.wait_for_function("document.querySelector('#new-km-value').innerText.startsWith('25,000')")
    page.fill("#scenario-name", "Drive more")
    page.click("#keep")
    page.wait_for_selector("#kept-table")
    contract, settlement = _text(page, "#whatif-contract-line"), _text(page, "#whatif-settlement")
    session = _session(page)
    serving = cluster.websocket_backend()

    token, contract_ids = _rest_client(cluster.db_url)
    tally = Tally()
    killed_at = _in_thread(with_kill(rest_load(cluster.url, token, contract_ids, CLIENTS, SECONDS, tally), SECONDS / 2,
                                     lambda: cluster.kill(serving)))
    report(f"REST API through nginx, {CLIENTS} clients for {SECONDS} s, the backend on :{serving} killed half-way",
           tally, SECONDS, killed_at)
    (before, before_errors), (after, after_errors) = tally.window(end=killed_at), tally.window(start=killed_at)
    assert before and not before_errors
    assert after and sum(after_errors.values()) <= CLIENTS, "only the requests in flight on the killed backend may fail"

    assert cluster.websocket_backend() != serving, "the websocket reconnects through nginx to a live backend"
    page.wait_for_function("!document.body.innerText.includes('Cannot connect to server')", timeout=15000)
    assert page.locator("#page-problem").count() == 0
    assert "Traceback" not in cluster.logs()
    assert _session(page) == session, "the tab keeps its token: its state is read back from Redis (session_failover)"
    _press(page, "#new-km", "ArrowRight")
    page.wait_for_function("document.querySelector('#new-km-value').innerText.startsWith('25,500')", timeout=30000)
    page.wait_for_function("(s) => document.querySelector('#whatif-settlement').innerText !== s", arg=settlement)
    assert _text(page, "#whatif-contract-line") == contract
    assert _text(page, "#change-month-value") == "12"
    assert "Drive more" in _text(page, "#kept-table")
