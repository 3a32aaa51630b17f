"""The state of the 404 page: nothing of its own; its on_load clears a refusal left by the page before and names the
signed-in user in the navbar."""

from __future__ import annotations

import reflex as rx

from leasedash.state import AppState, open_to_all


class NotFoundState(AppState):
    @rx.event
    @open_to_all
    def load(self):
        """A refusal of the page before is not this page's; the navbar shows the signed-in user's links (no redirect:
        the page is for everyone)."""
        self._resolve()
