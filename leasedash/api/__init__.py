"""The REST API under /api/v1, mounted on the Reflex backend with rx.App(api_transformer=...)."""

from leasedash.api.app import api

__all__ = ["api"]
