"""The page template: a navbar with the product name and a centred content column."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles


def navbar() -> rx.Component:
    """The bar at the top of every page."""
    return rx.hstack(
        rx.link(
            rx.hstack(
                rx.image(src="/logo.svg", width="28px", height="28px", alt=""),
                rx.heading("leasedash", size="5", weight="bold"),
                align="center",
                spacing="2",
            ),
            href=routes.HOME,
            underline="none",
            color_scheme="gray",
            high_contrast=True,
        ),
        rx.spacer(),
        rx.color_mode.button(variant="ghost", aria_label="Light or dark"),
        align="center",
        width="100%",
        padding_x=styles.PAGE_PADDING,
        padding_y="0.75rem",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        background_color=rx.color("gray", 1),
        position="sticky",
        top="0",
        z_index="10",
    )


def page(*children: rx.Component) -> rx.Component:
    """A whole page: navbar, then the content in a column no wider than the design's maximum."""
    return rx.box(
        navbar(),
        rx.box(
            rx.vstack(*children, spacing="6", width="100%"),
            max_width=styles.MAX_WIDTH,
            margin_x="auto",
            padding=styles.PAGE_PADDING,
        ),
        min_height="100vh",
        background_color=rx.color("gray", 2),
    )
