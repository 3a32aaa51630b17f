"""Where a refusal is shown: a page-wide problem at the top of the page, a field's under the field."""

from __future__ import annotations

import reflex as rx

from leasedash import styles
from leasedash.state import AppState


def page_problem() -> rx.Component:
    """The page-wide refusal of the last event (not allowed, changed meanwhile, bad input), announced to screen readers."""
    return rx.cond(
        AppState.problem != "",
        rx.callout(AppState.problem, icon="triangle_alert", color_scheme=styles.WARNING, role="alert",
                   id="page-problem", width="100%"),
    )


def field_problem(field: str) -> rx.Component:
    """The refusal of one field, under that field."""
    return rx.cond(
        AppState.field_problems.contains(field),
        rx.text(AppState.field_problems[field], size="1", color=rx.color(styles.WARNING, 11), role="alert",
                id=f"problem-{field}"),
    )
