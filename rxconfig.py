"""Reflex configuration: SQLite file by default, any SQLAlchemy URL through REFLEX_DB_URL,
Redis through REFLEX_REDIS_URL (several backend workers), telemetry off; CORS and the websocket's
Origin check allow the app's own origin and LEASEDASH_ALLOWED_ORIGINS only."""

import reflex as rx

from leasedash.settings import allowed_origins, database_url, redis_url

config = rx.Config(
    app_name="leasedash",
    db_url=database_url(),
    redis_url=redis_url(),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="teal", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
config.cors_allowed_origins = allowed_origins(config.deploy_url, config.api_url)
