"""Serving at scale: several backend workers on PostgreSQL sharing their state in Redis."""

from __future__ import annotations

import concurrent.futures
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

from leasedash.db.models import User
from leasedash.db.session import get_engine, session_scope
from leasedash.dev_server import copy_project, running_app
from leasedash.services.api_tokens import create_token
from leasedash.services.auth import viewer_of
from tests.conftest import skip_or_fail
from tests.db.conftest import PG_ADMIN_URL

REDIS_URL = "redis://127.0.0.1:6379/3"

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def pg_redis_app(tmp_path):
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL} ({exc.__class__.__name__})")
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        skip_or_fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc.__class__.__name__})")
    name = f"leasedash_workers_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    client.flushdb()
    try:
        with running_app(db_url, tmp_path / "app.log", extra_env={"REFLEX_REDIS_URL": REDIS_URL, "GRANIAN_WORKERS": "3"},
                         project=copy_project(tmp_path / "leasedash")) as url:
            yield url, db_url, client, tmp_path / "app.log"
    finally:
        client.flushdb()
        get_engine(db_url).dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_workers_share_state_in_redis(pg_redis_app, browser):
    url, db_url, redis_client, log = pg_redis_app

    with session_scope(db_url) as s:
        token = create_token(s, viewer_of(s.exec(select(User).where(User.email == "fleet@example.com")).one()), "workers")[0]
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda _: httpx.get(url + "/api/v1/contracts", headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code, range(48)))
    assert statuses == [200] * 48

    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "/login", wait_until="networkidle")
    page.fill("#email", "driver@example.com")
    page.fill("#password", "Leasedash2026")
    page.click("#sign-in")
    page.wait_for_url(url + "/")
    for _ in range(4):
        page.goto(url + "/what-if", wait_until="networkidle")
        page.wait_for_selector("#whatif-settlement")
        assert page.locator("#whatif-contract-line").inner_text().startswith("LD-")
    context.close()
    assert redis_client.dbsize() > 0
    assert "Traceback" not in Path(log).read_text()
