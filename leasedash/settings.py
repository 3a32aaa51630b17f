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


def trusted_proxies() -> tuple[str, ...]:
    """The reverse proxies whose X-Forwarded-For is believed (LEASEDASH_TRUSTED_PROXIES: addresses or networks,
    comma-separated, e.g. "127.0.0.1, 10.0.0.0/8"); none by default, so a client cannot claim another address."""
    return tuple(p.strip() for p in os.environ.get("LEASEDASH_TRUSTED_PROXIES", "").split(",") if p.strip())


def export_dir():
    """Where CSV exports are written: private, outside the folders the app serves (LEASEDASH_EXPORT_DIR)."""
    from pathlib import Path

    return Path(os.environ.get("LEASEDASH_EXPORT_DIR") or Path(__file__).resolve().parent.parent / "exports")


def photo_dir():
    """Where damage photos are kept: private, outside every folder the app serves (LEASEDASH_PHOTO_DIR)."""
    from pathlib import Path

    return Path(os.environ.get("LEASEDASH_PHOTO_DIR") or Path(__file__).resolve().parent.parent / "private" / "photos")


def document_dir():
    """Where dealer quotes and request attachments are kept: private, outside every folder the app serves
    (LEASEDASH_DOCUMENT_DIR)."""
    from pathlib import Path

    return Path(os.environ.get("LEASEDASH_DOCUMENT_DIR") or Path(__file__).resolve().parent.parent / "private" / "documents")


def cache_dir():
    """Where the portfolio snapshots are kept (LEASEDASH_CACHE_DIR); None: beside a SQLite file, else under private/cache.
    Only a cache: deleting it loses nothing."""
    from pathlib import Path

    folder = os.environ.get("LEASEDASH_CACHE_DIR")
    return Path(folder) if folder else None


def _whole_number(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ValueError(f"{name}: a whole number is needed, not {raw!r}")
    return int(raw)


def smtp_settings() -> dict | None:
    """Where document e-mails are sent (seed 002): LEASEDASH_SMTP_HOST, LEASEDASH_SMTP_PORT (25),
    LEASEDASH_SMTP_USER, LEASEDASH_SMTP_PASSWORD, LEASEDASH_SMTP_STARTTLS (1/true/yes); None without a host."""
    host = os.environ.get("LEASEDASH_SMTP_HOST", "").strip()
    if not host:
        return None
    return {"host": host, "port": _whole_number("LEASEDASH_SMTP_PORT", 25),
            "user": os.environ.get("LEASEDASH_SMTP_USER") or None, "password": os.environ.get("LEASEDASH_SMTP_PASSWORD") or "",
            "starttls": os.environ.get("LEASEDASH_SMTP_STARTTLS", "").strip().lower() in ("1", "true", "yes")}


def mail_from() -> str:
    """The sender of document e-mails (LEASEDASH_MAIL_FROM)."""
    return os.environ.get("LEASEDASH_MAIL_FROM") or "leasedash@localhost"


def base_url() -> str:
    """The app's address, for the links in e-mails (LEASEDASH_BASE_URL)."""
    return (os.environ.get("LEASEDASH_BASE_URL") or "http://localhost:3000").rstrip("/")


def notify_seconds() -> int:
    """How often the backend sends the document e-mails that are due (LEASEDASH_NOTIFY_SECONDS, 300; 0: never)."""
    return _whole_number("LEASEDASH_NOTIFY_SECONDS", 300)
