"""Reflex configuration: SQLite file by default, any SQLAlchemy URL through REFLEX_DB_URL,
Redis through REFLEX_REDIS_URL (several backend workers), telemetry off."""

import reflex as rx

from leasedash.settings import database_url, redis_url

config = rx.Config(
    app_name="leasedash",
    db_url=database_url(),
    redis_url=redis_url(),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="teal", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
