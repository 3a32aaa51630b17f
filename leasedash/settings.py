"""Settings read from the environment, shared by rxconfig.py, the CLI and the services."""

from __future__ import annotations

import os

DEFAULT_DB_URL = "sqlite:///leasedash.db"


def database_url() -> str:
    """REFLEX_DB_URL when set (PostgreSQL in production), else the embedded SQLite file."""
    return os.environ.get("REFLEX_DB_URL") or DEFAULT_DB_URL


def redis_url() -> str | None:
    """REFLEX_REDIS_URL when set: several backend workers then share their state in Redis."""
    return os.environ.get("REFLEX_REDIS_URL") or None


def export_dir():
    """Where CSV exports are written: private, outside the folders the app serves (LEASEDASH_EXPORT_DIR)."""
    from pathlib import Path

    return Path(os.environ.get("LEASEDASH_EXPORT_DIR") or Path(__file__).resolve().parent.parent / "exports")


def photo_dir():
    """Where damage photos are kept: private, outside every folder the app serves (LEASEDASH_PHOTO_DIR)."""
    from pathlib import Path

    return Path(os.environ.get("LEASEDASH_PHOTO_DIR") or Path(__file__).resolve().parent.parent / "private" / "photos")
