"""The database schema: Alembic migrations to head, on whatever database is configured."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from leasedash.db.session import get_engine
from leasedash.errors import LeaseDashError

ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


def alembic_config() -> Config:
    """The project's Alembic configuration (alembic.ini and alembic/)."""
    return Config(str(ALEMBIC_INI))


class MigrationError(LeaseDashError, RuntimeError):
    """A migration left rows that break a foreign key; nothing was committed."""


def upgrade_to_head(url: str | None = None, revision: str = "head") -> None:
    """Apply every migration not yet applied (builds the whole schema on an empty database).

    On SQLite, Alembic rebuilds a table to alter it; foreign keys are switched off for that and
    every key is checked before the migration commits, so no row is lost or left dangling."""
    config = alembic_config()
    with get_engine(url).connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if sqlite:
                dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if dangling:
                    connection.rollback()
                    raise MigrationError(f"the migration would leave {len(dangling)} rows with a broken foreign key: {dangling[:3]}")
            connection.commit()
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def is_empty(url: str | None = None) -> bool:
    """Whether the database has no contract yet (or no schema at all)."""
    engine = get_engine(url)
    if not inspect(engine).has_table("contract"):
        return True
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT 1 FROM contract LIMIT 1").first() is None
