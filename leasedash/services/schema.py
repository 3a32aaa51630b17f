"""The database schema: Alembic migrations to head, on whatever database is configured."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from leasedash.db.session import get_engine

ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


def alembic_config() -> Config:
    """The project's Alembic configuration (alembic.ini and alembic/)."""
    return Config(str(ALEMBIC_INI))


def upgrade_to_head(url: str | None = None) -> None:
    """Apply every migration not yet applied (builds the whole schema on an empty database)."""
    config = alembic_config()
    with get_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_empty(url: str | None = None) -> bool:
    """Whether the database has no contract yet (or no schema at all)."""
    engine = get_engine(url)
    if not inspect(engine).has_table("contract"):
        return True
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT 1 FROM contract LIMIT 1").first() is None
