"""Alembic environment for plain `alembic` commands; `reflex db migrate` drives the same scripts.

The database is the one leasedash is configured with (REFLEX_DB_URL, else the SQLite file)."""

import warnings
from logging.config import fileConfig

from alembic import context
from sqlalchemy.exc import SAWarning
from sqlmodel import SQLModel

import leasedash.db.models  # noqa: F401  (registers every table on SQLModel.metadata)
from leasedash.db.session import get_engine

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata

# SQLite cannot reflect the contract search's expression indexes when a migration rebuilds a table in batch mode;
# 8c2d4e6f1a35 creates them again at the head (tests/db/test_contract_search.py reads SQLite's plan), so the warning
# says nothing a reader of `leasedash demo` or `db upgrade` can act on.
warnings.filterwarnings("ignore", message="Skipped unsupported reflection of expression-based index", category=SAWarning)


def run_migrations_offline() -> None:
    context.configure(url=str(get_engine().url), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    with get_engine().connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
