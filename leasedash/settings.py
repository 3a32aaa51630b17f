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


_LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str, source: str) -> tuple[str, str, str]:
    """(scheme, host, ":port" or "") of an origin written as scheme://host[:port]; ValueError naming `source` otherwise."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip().rstrip("/"))
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in _DEFAULT_PORTS or not parts.hostname or parts.path or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise ValueError(f"{source}: {url!r} is not an origin (scheme://host[:port], http or https, nothing after it)")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return parts.scheme, host, f":{port}" if port and port != _DEFAULT_PORTS[parts.scheme] else ""


def allowed_origins(*app_urls: str | None) -> list[str]:
    """The origins whose pages may call the backend and open its websocket (Reflex's cors_allowed_origins governs
    both): the app's own, from its URLs (deploy and API URL; on a loopback host under each loopback name, as the
    browser names the origin it typed), plus LEASEDASH_ALLOWED_ORIGINS (comma-separated scheme://host[:port]).
    Never empty, since Reflex switches the websocket's Origin check off for an empty list; "*" is refused."""
    origins: list[str] = []
    for url in filter(None, app_urls):
        scheme, host, port = _origin(url, "the app's URL")
        origins += [f"{scheme}://{name}{port}" for name in (_LOOPBACK if host in _LOOPBACK else (host,))]
    extra = [entry for entry in os.environ.get("LEASEDASH_ALLOWED_ORIGINS", "").split(",") if entry.strip()]
    for entry in extra:
        scheme, host, port = _origin(entry, "LEASEDASH_ALLOWED_ORIGINS")
        origins.append(f"{scheme}://{host}{port}")
    if not origins:
        raise ValueError("no allowed origin: give the app's URL (REFLEX_DEPLOY_URL) or LEASEDASH_ALLOWED_ORIGINS")
    return list(dict.fromkeys(origins))


def signing_key() -> bytes:
    """The key that signs the short-lived links to files: LEASEDASH_SIGNING_KEY (the same on every backend), else
    one generated once into private/signing.key (readable by its owner only)."""
    from pathlib import Path

    if key := os.environ.get("LEASEDASH_SIGNING_KEY", "").strip():
        return key.encode()
    path = Path(__file__).resolve().parent.parent / "private" / "signing.key"
    if not path.is_file():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".signing-{os.getpid()}-{secrets.token_hex(4)}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            out.write(secrets.token_urlsafe(48).encode())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_bytes().strip()
