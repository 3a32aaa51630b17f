"""Work the backend does when it starts."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from leasedash.services.fleet import warm_up


@contextlib.asynccontextmanager
async def warm_fleet_cache() -> AsyncIterator[None]:
    """Project the whole portfolio once before the backend serves, so the first /fleet comes from the cache
    (a few seconds of start-up on a lessor-sized fleet; nothing on a small one)."""
    await asyncio.to_thread(warm_up)
    yield
