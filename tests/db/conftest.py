"""A fresh, migrated database per test module: a SQLite file, and the real PostgreSQL on
127.0.0.1:5432 when it answers (skipped with the reason otherwise; a failure in CI)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from leasedash.db.session import get_engine
from leasedash.services.schema import upgrade_to_head
from tests.conftest import skip_or_fail

PG_ADMIN_URL = os.environ.get("LEASEDASH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _postgres_database() -> tuple[str, callable]:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 (any connection failure means: not reachable)
        admin.dispose()
        skip_or_fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc.__class__.__name__})")
    name = f"leasedash_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

    def drop() -> None:
        get_engine(url).dispose()
        get_engine.cache_clear()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request, tmp_path) -> str:
    """The URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'leasedash.db'}"
        return
    url, drop = _postgres_database()
    yield url
    drop()


@pytest.fixture
def db_url(empty_db_url) -> str:
    """An empty database migrated to head."""
    upgrade_to_head(empty_db_url)
    return empty_db_url
