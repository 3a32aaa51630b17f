"""/my-contract: the viewer's contracts (a driver picks the one every page shows) and the form that enters a contract:
a private lessee their own, a fleet manager their drivers', an admin any company's; a company's driver reads theirs."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.layout import protected_page
from leasedash.pages.my_contract.form import contract_form
from leasedash.pages.my_contract.lines import ContractLine
from leasedash.pages.my_contract.state import MyContractState as S
from leasedash.state import AppState


def _row(c: ContractLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.hstack(rx.text(c.reference, weight="medium"), rx.cond(c.picked, rx.badge(AppState.tr["entry.picked"])), spacing="2"),
                      white_space="nowrap"),
        rx.table.cell(c.product),
        rx.table.cell(c.car),
        rx.table.cell(c.period, white_space="nowrap"),
        rx.table.cell(rx.badge(c.status, color_scheme=rx.cond(c.active, styles.ACCENT, styles.NEUTRAL))),
        rx.table.cell(rx.hstack(
            rx.cond(AppState.is_manager, rx.fragment(),
                    rx.cond(c.picked, rx.fragment(), rx.button(AppState.tr["entry.pick"], size="1", variant="soft", on_click=S.pick(c.contract_id)))),
            rx.cond(c.editable, rx.button(AppState.tr["entry.edit"], size="1", variant="soft", on_click=S.edit(c.contract_id))),
            rx.link(AppState.tr["home.open_what_if"], href=c.what_if, size="2"),
            spacing="2", align="center"), white_space="nowrap"),
    )


def _contracts() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(rx.cond(AppState.is_manager, AppState.tr["entry.typed_in"], AppState.tr["entry.your_contracts"]), size="4", as_="h2"),
            rx.cond(
                S.contracts.length() > 0,
                rx.box(rx.table.root(
                    rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in (
                        "home.reference", "common.product", "common.car", "entry.period", "common.status")), rx.table.column_header_cell(""))),
                    rx.table.body(rx.foreach(S.contracts, _row)), variant="ghost", size="2", id="my-contracts"), overflow_x="auto", width="100%"),
                rx.text(AppState.tr["entry.none_yet"], size="2", color_scheme=styles.NEUTRAL),
            ),
            spacing=styles.CARD_GAP, width="100%",
        ),
        width="100%",
    )


def _company_choice() -> rx.Component:
    return rx.cond(AppState.user_role == "admin", rx.hstack(
        rx.text(AppState.tr["entry.company"], size="2"),
        rx.select.root(rx.select.trigger(id="entry-company", min_width="16rem", aria_label=AppState.tr["entry.company"]),
                       rx.select.content(rx.foreach(S.companies, lambda c: rx.select.item(c.name, value=c.id.to_string()))),
                       value=S.company, on_change=S.set_company),
        align="center", spacing="3"))


def _entry() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(S.title, size="5", as_="h2", id="entry-title"), rx.spacer(),
                      rx.cond(S.editing != "", rx.button(rx.icon("plus", size=16), AppState.tr["entry.new"], variant="soft", on_click=S.new_contract,
                                                         id="entry-new")),
                      width="100%", align="center"),
            _company_choice(),
            contract_form(),
            spacing="4", width="100%",
        ),
        width="100%",
    )


@protected_page(routes.MY_CONTRACT, "leasedash — my contract", on_load=[S.load])
def my_contract_page() -> rx.Component:
    """The contracts, then the form (for those who may enter contracts), else why not."""
    return rx.vstack(
        rx.heading(AppState.tr["entry.title"], size="7"),
        _contracts(),
        rx.cond(S.may_enter, _entry(), rx.callout(AppState.tr["entry.company_driver"], icon="info", id="entry-not-yours")),
        spacing="4", width="100%",
    )
