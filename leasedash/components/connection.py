"""A lost connection to the server said in the reader's language, where the eye is (the top of the window): Reflex's own
overlay says it in an English toast."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import connection_pulser, has_too_many_connection_errors

from leasedash import styles
from leasedash.state import AppState


def connection_lost() -> rx.Component:
    """The app's overlay (in place of Reflex's default): the pulsing icon, and a callout while the server cannot be reached."""
    return rx.fragment(
        connection_pulser(),
        rx.cond(has_too_many_connection_errors,
                rx.callout(AppState.tr["common.connection_lost"], icon="wifi-off", color_scheme=styles.WARNING, role="alert", id="connection-lost",
                           position="fixed", top="4.5rem", left="50%", transform="translateX(-50%)", z_index="50", width="min(36rem, 92vw)")),
    )
