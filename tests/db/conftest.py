"""Every database test on SQLite and on the real PostgreSQL at 127.0.0.1:5432 when it answers (skipped with the
reason otherwise; a failure in CI). The schema is migrated once per run into a template; each test module gets a
fresh database copied from it (SQLite: the file, copied for every test; PostgreSQL: CREATE DATABASE ... TEMPLATE,
put back to its migrated rows after every test), so every test starts from the migrated schema and its rows."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlmodel import SQLModel

import leasedash.db.models  # noqa: F401  (registers every table on SQLModel.metadata)
from leasedash.db.session import get_engine
from leasedash.services.schema import upgrade_to_head
from tests.conftest import skip_or_fail

PG_ADMIN_URL = os.environ.get("LEASEDASH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _postgres_database(template: str | None = None) -> tuple[str, Callable[[], None]]:
    """A new PostgreSQL database (a copy of `template` when given) and the function that drops it."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 (any connection failure means: not reachable)
        admin.dispose()
        skip_or_fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc.__class__.__name__})")
    name = f"leasedash_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

    def drop() -> None:
        get_engine(url).dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request, tmp_path) -> Iterator[str]:
    """The URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'leasedash.db'}"
        return
    url, drop = _postgres_database()
    yield url
    drop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated to head, once per run."""
    path = tmp_path_factory.mktemp("template") / "leasedash.db"
    url = f"sqlite:///{path}"
    upgrade_to_head(url)
    with get_engine(url).connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself before it is copied
    get_engine(url).dispose()
    return path


class PostgresTemplate:
    """A PostgreSQL database migrated to head once per run, with the rows the migrations wrote."""

    def __init__(self) -> None:
        self.url, self.drop = _postgres_database()
        upgrade_to_head(self.url)
        engine = get_engine(self.url)
        with engine.connect() as c:
            rows = {table: [dict(row._mapping) for row in c.execute(select(table))] for table in SQLModel.metadata.sorted_tables}
            sequences = c.exec_driver_sql("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'").scalars().all()
        self.rows = {table: written for table, written in rows.items() if written}
        engine.dispose()
        self.emptying = "; ".join(["SET LOCAL lock_timeout = '20s'"]  # a test that left a transaction open fails here, loudly
                                  + [f'DELETE FROM "{table.name}"' for table in reversed(SQLModel.metadata.sorted_tables)]
                                  + [f'ALTER SEQUENCE "{sequence}" RESTART' for sequence in sequences])

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[1]

    def restore(self, url: str) -> None:
        """Put a copy of the template back to the template's rows, its sequences restarted."""
        with get_engine(url).begin() as c:
            c.exec_driver_sql(self.emptying)
            for table, rows in self.rows.items():
                c.execute(table.insert(), rows)
                c.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM \"{table.name}\"))")


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[PostgresTemplate]:
    template = PostgresTemplate()
    yield template
    template.drop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_database(request) -> Iterator[str | Path]:
    """The module's database: the SQLite template to copy, or a PostgreSQL copy of the template."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_template")
        return
    template = request.getfixturevalue("postgres_template")
    url, drop = _postgres_database(template.name)
    yield url
    drop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def read_only_db_url(request, tmp_path_factory) -> Iterator[str]:
    """A database of each kind migrated to head, one for the whole module, for rows a module fixture loads once and
    its tests only read (a test that writes takes db_url: a copy of its own)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("read-only") / "leasedash.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
        yield url
        get_engine(url).dispose()
        return
    url, drop = _postgres_database(request.getfixturevalue("postgres_template").name)
    yield url
    drop()


@pytest.fixture
def db_url(module_database, tmp_path, request) -> Iterator[str]:
    """A database migrated to head, holding only what the migrations wrote."""
    if isinstance(module_database, Path):
        shutil.copyfile(module_database, tmp_path / "leasedash.db")
        yield f"sqlite:///{tmp_path / 'leasedash.db'}"
        return
    template = request.getfixturevalue("postgres_template")
    yield module_database
    template.restore(module_database)


@pytest.fixture
def services_db(db_url, monkeypatch) -> Iterator[str]:
    """db_url made the configured database of the services (REFLEX_DB_URL) for the test."""
    monkeypatch.setenv("REFLEX_DB_URL", db_url)
    yield db_url
