"""The 404 page: Reflex shows it for any address no page has (its route is routes.NOT_FOUND)."""

from __future__ import annotations

import reflex as rx
from reflex.event import back

from leasedash import routes, styles
from leasedash.components.forms import centred_card
from leasedash.components.layout import page
from leasedash.pages.not_found.state import NotFoundState
from leasedash.state import AppState


@rx.page(route=routes.NOT_FOUND, title="leasedash — 404", on_load=NotFoundState.load)
def not_found_page() -> rx.Component:
    return page(centred_card(
        rx.heading(AppState.tr["notfound.title"], size="6", as_="h1"),
        rx.text(AppState.tr["notfound.text"], color_scheme=styles.NEUTRAL),
        rx.hstack(
            rx.link(rx.button(rx.icon("house", size=16), AppState.tr["notfound.home"]), href=routes.HOME, id="not-found-home"),
            rx.button(rx.icon("arrow-left", size=16), AppState.tr["notfound.back"], variant="soft", on_click=back(), id="not-found-back"),
            spacing="3", wrap="wrap"),
    ))
