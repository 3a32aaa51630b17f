"""Work the backend does when it starts."""

from __future__ import annotations

import asyncio

from leasedash.services.fleet import warm_up


async def warm_fleet_cache() -> None:
    """Project the whole portfolio once in a thread, so the first /fleet is served from the cache."""
    await asyncio.to_thread(warm_up)
