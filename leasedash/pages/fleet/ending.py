"""/fleet's contracts ending soon (issue 18, item 3): how many end in the next months, the path each should take (return,
extend, buy out) and what the cheapest paths save against returning every car, with the contracts that save most, each
linked to its /end-of-lease page; worked out in the background once the card is on the page."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal

import reflex as rx

from leasedash import routes, styles
from leasedash.i18n import format_date, format_money, plural
from leasedash.pages.end_of_lease.display import path_title
from leasedash.pages.fleet.state import MANAGERS, FleetState
from leasedash.services import fleet as svc
from leasedash.services.fleet_ending import EndingOverview, ending_overview
from leasedash.state import AppState, guarded


@dataclass(frozen=True)
class EndingLine:
    """A contract ending soon as the card lists it."""

    reference: str
    link: str
    driver: str
    ends: str
    cheapest: str
    saving: str


class FleetEndingState(FleetState):
    """The contracts of the fleet shown that end soon, with their cheapest path."""

    _ending: EndingOverview | None = None

    @rx.event(background=True)
    @guarded(*MANAGERS, by_the_browser=True)
    async def load_ending(self):
        """Work out the paths of the contracts ending soon off the event loop."""
        async with self:
            day, company = self._day(), self._company()
        data = await asyncio.to_thread(svc.fleet_data, day, company)
        overview = await asyncio.to_thread(ending_overview, data)
        async with self:
            self._ending = overview
        yield  # a generator: the gate (guarded) checks the caller of a background handler under the state's lock

    @rx.var
    def ending_title(self) -> str:
        return plural("endlease.fleet.title", self._ending.months, self.lang) if self._ending else ""

    @rx.var
    def ending_summary(self) -> str:
        e = self._ending
        if e is None:
            return ""
        return plural("endlease.fleet.summary", e.count, self.lang, returns=e.by_path["return"], extends=e.by_path["extend"],
                      buys=e.by_path["buy_out"], saving=format_money(Decimal(e.saving_cents) / 100, self.lang))

    @rx.var
    def ending_lines(self) -> list[EndingLine]:
        e, lang = self._ending, self.lang
        if e is None:
            return []
        return [EndingLine(r.label.reference, routes.end_of_lease(r.contract_id), r.label.driver, format_date(r.label.end_date, lang),
                           path_title(r.cheapest, lang), format_money(Decimal(r.saving_cents) / 100, lang)) for r in e.rows]


def _row(line: EndingLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(line.reference, href=line.link, class_name="ending-link")),
        rx.table.cell(line.driver), rx.table.cell(line.ends), rx.table.cell(line.cheapest), rx.table.cell(line.saving, text_align="right"))


def ending_card() -> rx.Component:
    """The contracts ending soon and their cheapest paths (filled in once worked out)."""
    S = FleetEndingState
    header = [rx.table.column_header_cell(AppState.tr[k]) for k in
              ("endlease.fleet.contract", "common.driver", "endlease.fleet.ends", "endlease.fleet.cheapest", "endlease.fleet.saving")]
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(rx.cond(S.ending_title != "", S.ending_title, AppState.tr["endlease.open"]), size="5", as_="h2"), rx.spacer(),
                  rx.icon_button(rx.icon("refresh-cw"), on_click=S.load_ending, variant="ghost", aria_label=AppState.tr["endlease.open"]),
                  align="center", width="100%"),
        rx.text(S.ending_summary, size="2", id="fleet-ending-summary"),
        rx.cond(S.ending_lines.length() > 0,
                rx.table.root(rx.table.header(rx.table.row(*header)), rx.table.body(rx.foreach(S.ending_lines, _row)), size="1", width="100%",
                              id="fleet-ending"),
                rx.cond(S.ending_summary != "", rx.text(AppState.tr["endlease.fleet.none"], size="2", color_scheme=styles.NEUTRAL))),
        spacing="3", width="100%"), width="100%", on_mount=S.load_ending, id="fleet-ending-card")

