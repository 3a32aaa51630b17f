"""When a page of the running app is ready, without fixed waits or network idle: Reflex ends the on_load events of
every page it shows (a full load or a navigation inside the app) with the delta `is_hydrated: true` on the websocket,
which a watched Playwright page counts."""

from __future__ import annotations

import time
import weakref

_HYDRATED = '"is_hydrated_rx_state_":'
_WATCHED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _Hydration:
    """How many times the page was hydrated, and whether the last is_hydrated delta said it is."""

    def __init__(self) -> None:
        self.count, self.done = 0, False

    def frame(self, payload: str | bytes) -> None:
        if isinstance(payload, str) and (at := payload.find(_HYDRATED)) >= 0:
            self.done = payload.startswith("true", at + len(_HYDRATED))
            if self.done:
                self.count += 1


def watch_hydration(page) -> None:
    """Count the hydrations of `page` from now on (before its first navigation, to see them all)."""
    if page not in _WATCHED:
        seen = _WATCHED[page] = _Hydration()
        page.on("websocket", lambda ws: ws.on("framereceived", seen.frame))


def hydrations(page) -> int:
    return _WATCHED[page].count


def wait_until_hydrated(page, after: int, timeout: float = 20) -> None:
    """Wait until `page` was hydrated once more than `after` times, and has drawn what came with it."""
    seen, deadline = _WATCHED[page], time.monotonic() + timeout
    while seen.count <= after or not seen.done:
        if time.monotonic() > deadline:
            raise AssertionError(f"{page.url}: no on_load answered within {timeout:.0f} s")
        page.wait_for_timeout(20)
    page.evaluate("new Promise(drawn => requestAnimationFrame(() => requestAnimationFrame(drawn)))")


def open_page(page, url: str) -> None:
    """Load `url` in a watched page and wait until its on_load events are answered and drawn."""
    seen = hydrations(page)
    page.goto(url)
    wait_until_hydrated(page, seen)
