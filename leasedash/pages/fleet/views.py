"""/fleet: a fleet manager's company (an admin's: every company or one) projected to the end of every contract:
KPI cards and charts first, then the contracts to adapt now, the contracts table and a CSV export."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.cards import kpi_card
from leasedash.components.contract_search import ContractSearchState, contract_search
from leasedash.components.forms import hinted_input, label_text
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem
from leasedash.pages.fleet.advice import advice_card
from leasedash.pages.fleet.charts import FleetChartsState
from leasedash.pages.fleet.companies import FleetCompaniesState
from leasedash.pages.fleet.drill import CHARTS, DRILL_ID, FleetDrillState
from leasedash.pages.fleet.ending import ending_card
from leasedash.pages.fleet.figures import MAIN, PLACEHOLDER_HEIGHT
from leasedash.pages.fleet.state import FleetState
from leasedash.pages.fleet.shown import TableRow
from leasedash.services import fleet as svc
from leasedash.state import AppState

TABLE_COLUMNS = ("home.reference", "common.driver", "common.car", "common.rent", "fleet.col_pace", "fleet.col_projected",
                 "fleet.col_settlement", "common.ends")


def _kpis() -> rx.Component:
    k, tr = FleetState.kpis, AppState.tr
    return rx.grid(
        kpi_card("car", tr["fleet.kpi_contracts"], k.contracts, k.spend, card_id="fleet-contracts"),
        kpi_card("file-warning", tr["fleet.kpi_invoices"], k.invoices, k.net, card_id="fleet-invoices"),
        kpi_card("piggy-bank", tr["fleet.kpi_refunds"], k.refunds, k.quote, card_id="fleet-refunds"),
        kpi_card("gauge", tr["fleet.kpi_off_plan"], k.off_plan, k.off_share, card_id="fleet-off-plan"),
        kpi_card("calendar-clock", tr["fleet.kpi_ending"], k.ending, "", card_id="fleet-ending"),
        columns=rx.breakpoints(initial="1", sm="2", lg="5"), spacing=styles.CARD_GAP, width="100%",
    )


def _chart(kind: str, chart_id: str, **props) -> rx.Component:
    """A chart card: the main chart (on the page from the start, so Plotly loads while the fleet is read), the others
    once it is drawn (a box of their height until then); a click on a bar or a point drills the table down to it."""
    if kind in CHARTS:
        props["on_click"] = lambda points: FleetDrillState.drill(kind, points)
    if kind == MAIN:
        return rx.card(rx.plotly.basic(data=FleetChartsState.main_figure, use_resize_handler=True, width="100%", id=chart_id,
                                       on_after_plot=FleetState.show_charts, **props), width="100%")
    return rx.card(rx.cond(FleetChartsState.more_shown,
                           rx.plotly.basic(data=FleetChartsState.more_figures[kind], use_resize_handler=True, width="100%", id=chart_id, **props),
                           rx.box(height=f"{PLACEHOLDER_HEIGHT}px")), width="100%")


def _pair(*charts: rx.Component) -> rx.Component:
    return rx.grid(*charts, columns=rx.breakpoints(initial="1", lg="2"), spacing=styles.CARD_GAP, width="100%")


def _charts() -> rx.Component:
    return rx.vstack(
        rx.text(AppState.tr["fleet.drill_help"], size="2", color_scheme=styles.NEUTRAL),
        _pair(_chart(MAIN, "fleet-pace"), _chart("scatter", "fleet-scatter")),
        _pair(_chart("products", "fleet-products"), _chart("makes", "fleet-makes")),
        _pair(_chart("ending", "fleet-ending-chart"), _chart("spend", "fleet-spend")),
        spacing=styles.CARD_GAP, width="100%",
    )


def _row(r: TableRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(r.reference, href=r.what_if), white_space="nowrap"),
        rx.table.cell(r.driver),
        rx.table.cell(rx.vstack(rx.text(r.car), rx.text(r.product, size="1", color_scheme=styles.NEUTRAL), spacing="0")),
        rx.table.cell(r.rent, white_space="nowrap"),
        rx.table.cell(rx.badge(r.pace, color_scheme=rx.cond(r.off_plan, styles.WARNING, styles.NEUTRAL))),
        rx.table.cell(r.projected, white_space="nowrap"),
        rx.table.cell(rx.text(r.settlement, color=rx.color(r.settlement_tone, 11), weight="medium"), white_space="nowrap"),
        rx.table.cell(r.ends, white_space="nowrap"),
        on_click=rx.redirect(r.what_if), cursor="pointer",
    )


def _select(options, value, on_change, all_key: str, select_id: str, on_open_change=None, **props) -> rx.Component:
    """A select of companies or products with "all" first."""
    return rx.select.root(
        rx.select.trigger(placeholder=AppState.tr[all_key], id=select_id, **props),
        rx.select.content(rx.select.item(AppState.tr[all_key], value="all"),
                          rx.foreach(options, lambda o: rx.select.item(o.name, value=o.id.to_string()))),
        value=rx.cond(value == "", "all", value), on_change=on_change, **({"on_open_change": on_open_change} if on_open_change else {}),
    )


def _filters() -> rx.Component:
    return rx.hstack(
        rx.hstack(rx.switch(checked=FleetState.only_off_plan, on_change=FleetState.set_only_off_plan, id="fleet-off-plan-only"),
                  label_text(AppState.tr["fleet.only_off_plan"], size="2", html_for="fleet-off-plan-only"),
                  spacing="2", align="center"),
        _select(FleetState.product_options, FleetState.product, FleetState.set_product, "fleet.all_products", "fleet-product",
                aria_label=AppState.tr["common.product"]),
        label_text(AppState.tr["fleet.sort"], size="2", html_for="fleet-sort"),
        rx.select.root(rx.select.trigger(id="fleet-sort"), rx.select.content(*(rx.select.item(AppState.tr[f"fleet.sort.{k}"], value=k) for k in svc.SORTS)),
                       value=FleetState.sort, on_change=FleetState.set_sort),
        rx.icon_button(rx.cond(FleetState.descending, rx.icon("arrow-down-wide-narrow"), rx.icon("arrow-up-narrow-wide")),
                       on_click=FleetState.toggle_order, variant="soft", id="fleet-order", aria_label=AppState.tr["fleet.order"]),
        rx.spacer(),
        rx.button(rx.icon("download", size=16), AppState.tr["fleet.export"], on_click=FleetState.export, variant="outline", id="fleet-export"),
        spacing=styles.CARD_GAP, align="center", wrap="wrap", width="100%",
    )


def _export() -> rx.Component:
    return rx.cond(FleetState.export_text != "", rx.cond(
        FleetState.export_url != "",
        rx.link(rx.button(rx.icon("file-down", size=16), FleetState.export_text, color_scheme=styles.ACCENT), href=FleetState.export_url,
                id="fleet-download", is_external=True),
        rx.vstack(rx.text(FleetState.export_text, size="2"),
                  rx.progress(value=(FleetState.export_done * 100 / rx.cond(FleetState.export_total > 0, FleetState.export_total, 1)).to(int), width="100%",
                              aria_label=FleetState.export_text),
                  width="100%"),
    ))


def _drill() -> rx.Component:
    """What the table is drilled down to, and the way back to every contract."""
    return rx.cond(FleetDrillState.drill_text != "", rx.callout.root(
        rx.callout.icon(rx.icon("filter", size=16)),
        rx.hstack(rx.callout.text(FleetDrillState.drill_text, id="fleet-drill-text"),
                  rx.button(rx.icon("x", size=14), AppState.tr["fleet.drill_clear"], size="1", variant="soft", on_click=FleetDrillState.clear_drill,
                            id="fleet-drill-clear"),
                  spacing="3", align="center", wrap="wrap"),
        size="1", color_scheme=styles.ACCENT, width="100%"))


def _table() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(AppState.tr["fleet.table"], size="5", as_="h2"), rx.badge(FleetState.rows_text, id="fleet-rows"), rx.spacer(),
                rx.vstack(hinted_input("common.search", value=FleetState.search, on_change=FleetState.set_search.debounce(350),
                                       width="18rem", id="fleet-search"), field_problem("search"), spacing="1"),
                align="center", width="100%", wrap="wrap",
            ),
            _drill(),
            _filters(),
            _export(),
            rx.box(rx.table.root(
                rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in TABLE_COLUMNS))),
                rx.table.body(rx.foreach(FleetState.table, _row)), size="1", variant="ghost", id="fleet-table"), overflow_x="auto", width="100%"),
            rx.hstack(
                rx.button(AppState.tr["common.previous"], on_click=FleetState.previous_page, variant="soft",
                          disabled=FleetState.page == 0, id="fleet-previous"),
                rx.text(FleetState.page_text, size="2", id="fleet-page"),
                rx.button(AppState.tr["common.next"], on_click=FleetState.next_page, variant="soft",
                          disabled=(FleetState.page + 1) >= FleetState.pages, id="fleet-next"),
                align="center", spacing=styles.CARD_GAP,
            ),
            spacing=styles.CARD_GAP, width="100%",
        ),
        width="100%", id=DRILL_ID,
    )


def _heading() -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.heading(AppState.tr["fleet.title"], size="7"), rx.text(FleetState.subtitle, size="2", color_scheme=styles.NEUTRAL), spacing="1"),
        rx.spacer(),
        rx.cond(AppState.user_role == "admin", rx.vstack(
            _select(FleetCompaniesState.companies, FleetCompaniesState.chosen, FleetState.set_company, "fleet.all_companies", "fleet-company",
                    on_open_change=FleetCompaniesState.set_picking, max_width="20rem", aria_label=AppState.tr["entry.company"]),
            field_problem("company"), spacing="1")),
        rx.vstack(rx.hstack(label_text(AppState.tr["fleet.as_of"], size="2", html_for="fleet-as-of"),
                            rx.input(type="date", value=FleetState.as_of, on_change=FleetState.set_as_of, id="fleet-as-of", width="10rem"),
                            align="center", spacing="2"),
                  field_problem("as_of"), spacing="1"),
        width="100%", align="end", wrap="wrap", spacing=styles.CARD_GAP,
    )


def _progress() -> rx.Component:
    return rx.hstack(rx.spinner(size="3"), rx.text(FleetState.stage_text, size="2", color_scheme=styles.NEUTRAL, id="fleet-stage"),
                     align="center", spacing=styles.CARD_GAP)


@protected_page(routes.FLEET, "leasedash — fleet", on_load=[FleetState.load])
def fleet() -> rx.Component:
    """Charts first, tables second."""
    return rx.cond(
        AppState.user_role == "driver",
        rx.callout(AppState.tr["fleet.forbidden"], icon="lock", color_scheme=styles.WARNING),
        rx.vstack(
            _heading(),
            contract_search(ContractSearchState.open_what_if, show_chosen=False),
            rx.cond(FleetState.stage != "", _progress()),
            rx.cond(FleetState.has_figures, _kpis()),
            _charts(),
            rx.cond(FleetState.has_figures, rx.vstack(advice_card(), ending_card(), _table(), spacing=styles.SECTION_GAP, width="100%")),
            spacing=styles.SECTION_GAP, width="100%",
        ),
    )
