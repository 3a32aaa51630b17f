"""Cards shared by several pages."""

from __future__ import annotations

import reflex as rx

from leasedash import styles


def kpi_card(icon: str, label, value, detail, progress=None, card_id: str | None = None) -> rx.Component:
    """A key figure: what it is, its value, a line of detail, and optionally a progress bar."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon(icon, size=18, color=rx.color(styles.ACCENT, 10)), rx.text(label, size="2", color_scheme=styles.NEUTRAL), align="center", spacing="2"),
            rx.text(value, size="6", weight="bold", id=f"{card_id}-value" if card_id else None),
            rx.progress(value=progress, width="100%", aria_label=label) if progress is not None else rx.fragment(),
            rx.text(detail, size="1", color_scheme=styles.NEUTRAL),
            spacing="2",
        ),
        width="100%",
        id=card_id,
    )
