"""/fleet's contracts to adapt now: each with its what-if opened at the change proposed and "tell the driver" (a
notice with that change in the driver's list and e-mail, services/proposals.py), and what was last told."""

from __future__ import annotations

import reflex as rx

from leasedash import styles
from leasedash.components.forms import label_text
from leasedash.components.problems import field_problem
from leasedash.domain.money import parse_whole
from leasedash.pages.fleet.shown import AdviceLine
from leasedash.pages.fleet.state import MANAGERS, FleetState
from leasedash.services.proposals import Proposal, tell_driver
from leasedash.state import AppState, guarded


class FleetAdviceState(FleetState):
    """The last proposal sent from the contracts to adapt."""

    _told: Proposal | None = None

    @rx.event
    @guarded(*MANAGERS)
    def tell_driver(self, contract_id: int):
        """Tell the contract's driver of the change proposed, as projected on the page's day (their contract only)."""
        self._told = None
        self._told = tell_driver(self.viewer(), parse_whole(contract_id, "contract", 1), self._day())

    @rx.var
    def told(self) -> str:
        told = self._told
        if told is None:
            return ""
        return self.text("fleet.told" if told.sent else "fleet.told_already", driver=told.driver, reference=told.reference)


def _line(a: AdviceLine) -> rx.Component:
    return rx.hstack(
        rx.link(a.reference, href=a.what_if, weight="medium", white_space="nowrap"), rx.text(a.driver, size="2", white_space="nowrap"),
        rx.text(a.text, size="2"),
        rx.cond(a.what_if_change != "", rx.link(rx.hstack(rx.icon("sliders-horizontal", size=14), AppState.tr["fleet.open_change"], spacing="1",
                                                          align="center"), href=a.what_if_change, size="2", class_name="open-change")),
        rx.button(rx.icon("send", size=14), AppState.tr["fleet.tell_driver"], size="1", variant="soft", class_name="tell-driver",
                  on_click=FleetAdviceState.tell_driver(a.contract_id)),
        spacing=styles.CARD_GAP, align="baseline", wrap="wrap")


def _list() -> rx.Component:
    return rx.vstack(
        rx.text(AppState.tr["fleet.recommend_help"], size="2", color_scheme=styles.NEUTRAL),
        rx.cond(FleetAdviceState.told != "", rx.callout(FleetAdviceState.told, icon="send", size="1", color_scheme=styles.ACCENT, id="fleet-told")),
        field_problem("contract"),
        rx.cond(FleetState.advice.length() > 0,
                rx.vstack(rx.foreach(FleetState.advice, _line), spacing="2", id="fleet-advice", width="100%"),
                rx.text(AppState.tr["fleet.none"], size="2")),
        spacing=styles.CARD_GAP, width="100%", id="fleet-advice-list",
    )


def advice_card() -> rx.Component:
    """The contracts to adapt now above a threshold, shown or hidden."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(AppState.tr["fleet.recommend"], size="5", as_="h2"), rx.spacer(),
                      label_text(AppState.tr["fleet.threshold"], size="2", html_for="fleet-threshold"),
                      rx.input(value=FleetState.threshold, on_change=FleetState.set_threshold.debounce(400), width="7rem", inputmode="decimal",
                               id="fleet-threshold"),
                      rx.icon_button(rx.cond(FleetState.advice_open, rx.icon("chevron-up"), rx.icon("chevron-down")),
                                     on_click=FleetState.toggle_advice, variant="ghost", aria_label=AppState.tr["fleet.advice_toggle"],
                                     aria_expanded=FleetState.advice_open, id="fleet-advice-toggle"),
                      align="center", width="100%", wrap="wrap"),
            field_problem("threshold"),
            rx.cond(FleetState.advice_open, _list()),
            spacing=styles.CARD_GAP, width="100%",
        ),
        width="100%",
    )
