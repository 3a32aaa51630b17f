"""Work the backend does when it starts."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from leasedash.services.end_reminders import queue_due_reminders
from leasedash.services.fleet import warm_up
from leasedash.services.notifications import deliver_pending
from leasedash.services.notifications import log as notify_log
from leasedash.settings import notify_seconds


@contextlib.asynccontextmanager
async def warm_fleet_cache() -> AsyncIterator[None]:
    """Project the whole portfolio once before the backend serves, so the first /fleet comes from the cache
    (a few seconds of start-up on a lessor-sized fleet; nothing on a small one)."""
    await asyncio.to_thread(warm_up)
    yield


async def _notify_forever(seconds: int) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            await asyncio.to_thread(queue_due_reminders)
            await asyncio.to_thread(deliver_pending)
        except Exception as exc:  # noqa: BLE001 (a failed round is tried again at the next one)
            notify_log.warning("document e-mails: this round failed (%s); the next one is in %d s", type(exc).__name__, seconds)


@contextlib.asynccontextmanager
async def send_document_mails() -> AsyncIterator[None]:
    """Every LEASEDASH_NOTIFY_SECONDS (300; 0: never) queue the end-of-lease reminders that came within reach and e-mail
    the documents that are ready (002), in a thread; the
    first round comes one interval after start-up, so the backend starts as fast as before."""
    seconds = notify_seconds()
    task = asyncio.create_task(_notify_forever(seconds)) if seconds > 0 else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
