"""Reflex configuration: SQLite file by default, any SQLAlchemy URL through REFLEX_DB_URL,
Redis through REFLEX_REDIS_URL (several backend workers), telemetry off."""

import os

import reflex as rx

config = rx.Config(
    app_name="leasedash",
    db_url=os.environ.get("REFLEX_DB_URL", "sqlite:///leasedash.db"),
    redis_url=os.environ.get("REFLEX_REDIS_URL") or None,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="teal", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
