"""The page template: a navbar with the user, the language switch and the theme, and a centred column."""

from __future__ import annotations

import functools
from collections.abc import Callable

import reflex as rx

from leasedash import routes, styles
from leasedash.components.document_language import document_language
from leasedash.components.problems import page_problem
from leasedash.state import AppState

_LINKS = ((routes.HOME, "nav.home", "house"), (routes.GRID, "nav.grid", "grid-3x3"), (routes.WHAT_IF, "nav.what_if", "sliders-horizontal"),
          (routes.OFFERS, "nav.offers", "car"),
          (routes.RETURNS, "nav.returns", "clipboard-check"), (routes.REQUESTS, "nav.requests", "inbox"))
_DRIVER_LINKS = ((routes.MY_CONTRACT, "nav.my_contract", "file-pen-line"),)
_MANAGER_LINKS = ((routes.FLEET, "nav.fleet", "chart-no-axes-combined"), (routes.PEOPLE, "nav.people", "users"),
                  (routes.FLEET_IMPORT, "nav.fleet_import", "file-up"))


def _brand() -> rx.Component:
    return rx.link(
        rx.hstack(rx.image(src="/logo.svg", width="28px", height="28px", alt=""), rx.text("leasedash", size="5", weight="bold"),
                  align="center", spacing="2"),
        href=routes.HOME, underline="none", color_scheme=styles.NEUTRAL, high_contrast=True,
    )


def language_switch() -> rx.Component:
    """FR / NL / EN."""
    return rx.segmented_control.root(
        rx.segmented_control.item("FR", value="fr"),
        rx.segmented_control.item("NL", value="nl"),
        rx.segmented_control.item("EN", value="en"),
        value=AppState.lang,
        on_change=AppState.set_lang,
        size="1",
        aria_label=AppState.tr["nav.language"],
        id="language-switch",
    )


def _nav_link(href: str, key: str, icon: str) -> rx.Component:
    return rx.link(rx.hstack(rx.icon(icon, size=16), rx.text(AppState.tr[key]), spacing="1", align="center"),
                   href=href, color_scheme=styles.NEUTRAL, high_contrast=True, size="2", weight="medium")


def _user_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(rx.button(rx.icon("circle-user", size=16), rx.text(AppState.user_name, display=rx.breakpoints(initial="none", sm="inline")),
                                  variant="soft", size="2", id="user-menu", aria_label=AppState.user_name)),
        rx.menu.content(
            rx.box(rx.text(AppState.tr["role." + AppState.user_role].to(str), size="1", color_scheme=styles.NEUTRAL), padding_x="0.75rem", padding_y="0.25rem"),
            rx.menu.item(AppState.tr["nav.account"], on_click=rx.redirect(routes.ACCOUNT)),
            rx.menu.item(AppState.tr["nav.tokens"], on_click=rx.redirect(routes.TOKENS)),
            rx.menu.separator(),
            rx.menu.item(AppState.tr["nav.sign_out"], on_click=AppState.sign_out, color="red", id="sign-out"),
        ),
    )


def navbar() -> rx.Component:
    """The bar at the top of every page."""
    return rx.hstack(
        _brand(),
        rx.cond(AppState.user_name != "", _links(inline=True, spacing="4")),
        rx.spacer(),
        language_switch(),
        rx.color_mode.button(variant="ghost", aria_label=AppState.tr["nav.theme"], id="theme-toggle"),
        rx.cond(AppState.user_name != "", _user_menu()),
        align="center",
        spacing="4",
        width="100%",
        padding_x=styles.PAGE_PADDING,
        padding_y="0.75rem",
        border_bottom=f"1px solid {rx.color(styles.NEUTRAL, 5)}",
        background_color=rx.color(styles.NEUTRAL, 1),
        position="sticky",
        top="0",
        z_index="10",
    )


def _links(inline: bool, **props) -> rx.Component:
    """The reader's links, in the top bar (`inline`) where they fit on one line, else in a row of their own under it: a
    driver's seven fit from 992 px, a fleet manager's ten (and their longer Dutch and French words) from 1536 px."""
    def shown(wide: str) -> rx.breakpoints:
        return rx.breakpoints(initial="none", **{wide: "flex"}) if inline else rx.breakpoints(initial="flex", **{wide: "none"})
    return rx.cond(AppState.is_manager,
                   rx.hstack(*(_nav_link(*link) for link in (*_LINKS, *_MANAGER_LINKS)), display=shown("xl"), **props),
                   rx.hstack(*(_nav_link(*link) for link in (*_LINKS, *_DRIVER_LINKS)), display=shown("md"), **props))


def _mobile_links() -> rx.Component:
    return rx.cond(AppState.user_name != "", _links(inline=False, spacing="3", justify="center", wrap="wrap", width="100%", padding_y="0.5rem",
                                                    padding_x="0.5rem", border_bottom=f"1px solid {rx.color(styles.NEUTRAL, 5)}"))


def page(*children: rx.Component) -> rx.Component:
    """A whole page: navbar, then the content in a column no wider than the design's maximum; the document's language
    follows the reader's."""
    return rx.box(
        document_language(),
        navbar(),
        _mobile_links(),
        rx.box(rx.vstack(page_problem(), *children, spacing=styles.SECTION_GAP, width="100%"), max_width=styles.MAX_WIDTH,
               margin_x="auto", padding=styles.PAGE_PADDING),
        min_height="100vh",
        background_color=rx.color(styles.NEUTRAL, 2),
    )


def protected_page(route: str, title: str, on_load: list | None = None) -> Callable:
    """Register a page that needs a signed-in user: the server checks the session before anything loads."""
    def decorator(render: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        @functools.wraps(render)
        def whole_page() -> rx.Component:
            return page(render())

        rx.page(route=route, title=title, on_load=[AppState.require_sign_in, *(on_load or [])])(whole_page)
        return render

    return decorator
