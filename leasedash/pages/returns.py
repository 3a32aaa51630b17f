"""/returns: the inspections the user may see, and a self-check (drivers) or an inspection (fleet managers) to start."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import reflex as rx

from leasedash import routes
from leasedash.components.layout import protected_page
from leasedash.db.errors import NotFound
from leasedash.db.session import session_scope
from leasedash.i18n import format_date, format_money
from leasedash.services.contract_view import own_contract_ids
from leasedash.services.inspections import create_inspection, visible_inspections
from leasedash.state import AppState


class ReturnsState(AppState):
    inspections: list[dict[str, str]] = []
    contract_options: list[dict[str, str]] = []
    contract: str = ""
    error: str = ""

    @rx.event
    def load(self):
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        with session_scope() as s:
            self.inspections = [{"id": str(i.id), "reference": c.reference, "date": i.inspection_date.isoformat(), "status": i.status,
                                 "self_check": "1" if i.self_check else "", "total": (i.statement or {}).get("total", "")}
                                for i, c in visible_inspections(s, viewer)]
            self.contract_options = [{"id": str(cid), "label": ref} for cid, ref in own_contract_ids(s, viewer)]
        wanted = self.router.url.query_parameters.get("contract", "")
        self.contract = wanted or (self.contract_options[0]["id"] if self.contract_options else "")
        return None

    @rx.event
    def set_contract(self, value: str):
        self.contract = value

    @rx.event
    def start(self):
        """A self-check for a driver, a planned inspection for a fleet manager or an admin, on a contract they may see."""
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        try:
            with session_scope() as s:
                inspection = create_inspection(s, viewer, int(self.contract), dt.date.today())
                return rx.redirect(routes.inspection(inspection.id))
        except (NotFound, ValueError):
            self.error = self.tr["common.not_found"]
            return None

    @rx.var
    def rows(self) -> list[dict[str, str]]:
        lang, tr = self.lang, self.tr
        return [{**i, "date_text": format_date(dt.date.fromisoformat(i["date"]), lang), "status_text": tr[f"inspection_status.{i['status']}"],
                 "what": tr["returns.self_check" if i["self_check"] else "returns.inspection"],
                 "total_text": format_money(Decimal(i["total"]), lang) if i["total"] else "", "href": routes.inspection(int(i["id"]))}
                for i in self.inspections]


def _row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(r["reference"], href=r["href"]), white_space="nowrap"), rx.table.cell(r["what"]), rx.table.cell(r["date_text"]),
        rx.table.cell(rx.badge(r["status_text"])), rx.table.cell(r["total_text"], white_space="nowrap"),
        rx.table.cell(rx.link(AppState.tr["returns.open"], href=r["href"])),
    )


@protected_page(routes.RETURNS, "leasedash — returns", on_load=[ReturnsState.load])
def returns() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(AppState.tr["returns.title"], size="7"), rx.spacer(),
                  rx.cond(AppState.user_role == "admin", rx.link(rx.button(AppState.tr["returns.rules"], variant="soft"), href=routes.RETURN_RULES)),
                  width="100%", align="center"),
        rx.text(rx.cond(AppState.is_manager, AppState.tr["returns.help_manager"], AppState.tr["returns.help"]), size="2", color_scheme="gray"),
        rx.card(rx.hstack(
            rx.text(AppState.tr["returns.contract_id"], size="2"),
            rx.select.root(rx.select.trigger(id="return-contract"), rx.select.content(rx.foreach(ReturnsState.contract_options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                           value=ReturnsState.contract, on_change=ReturnsState.set_contract),
            rx.button(rx.icon("clipboard-plus", size=16), rx.cond(AppState.user_role == "driver", AppState.tr["returns.new_self_check"], AppState.tr["returns.new_inspection"]),
                      on_click=ReturnsState.start, id="start-inspection"),
            rx.cond(ReturnsState.error != "", rx.text(ReturnsState.error, color_scheme="red", size="2")),
            spacing="3", align="center", wrap="wrap"), width="100%"),
        rx.cond(ReturnsState.inspections.length() > 0,
                rx.card(rx.table.root(rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in (
                    "home.reference", "inspect.kind", "inspect.date", "common.status", "returns.total")), rx.table.column_header_cell(""))),
                    rx.table.body(rx.foreach(ReturnsState.rows, _row)), variant="ghost", id="inspections-table"), width="100%", overflow_x="auto"),
                rx.text(AppState.tr["returns.none"], size="2")),
        spacing="4", width="100%",
    )
