"""The what-if page's scenarios: kept side by side, saved on the server, exported as CSV or JSON."""

from __future__ import annotations

import reflex as rx

from leasedash import styles
from leasedash.pages.what_if.charts import WhatIfChartState
from leasedash.pages.what_if.state import WhatIfState
from leasedash.state import AppState


def _kept_row(k, index) -> rx.Component:
    return rx.table.row(
        rx.table.cell(k.name, weight="medium"), rx.table.cell(k.rent), rx.table.cell(k.settlement), rx.table.cell(k.whole_cost),
        rx.table.cell(rx.button(AppState.tr["whatif.remove"], size="1", variant="ghost", on_click=WhatIfState.remove_kept(index))),
    )


def _saved_row(s) -> rx.Component:
    return rx.table.row(
        rx.table.cell(s.name, weight="medium"), rx.table.cell(s.saved_on), rx.table.cell(s.settlement),
        rx.table.cell(rx.hstack(
            rx.button(AppState.tr["whatif.reopen"], size="1", variant="soft", on_click=WhatIfState.reopen(s.scenario_id)),
            rx.button(AppState.tr["whatif.delete"], size="1", variant="ghost", color_scheme=styles.INVOICE,
                      on_click=WhatIfState.delete_saved(s.scenario_id)))),
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.input(placeholder=AppState.tr["whatif.name"], value=WhatIfState.save_name, on_change=WhatIfState.set_save_name,
                 id="scenario-name", width="14rem"),
        rx.button(rx.icon("copy-plus", size=16), AppState.tr["whatif.keep"], on_click=WhatIfState.keep, variant="soft", id="keep"),
        rx.button(rx.icon("save", size=16), AppState.tr["whatif.save"], on_click=WhatIfState.save, id="save"),
        rx.button(rx.icon("file-spreadsheet", size=16), AppState.tr["whatif.export_csv"], on_click=WhatIfState.export_csv,
                  variant="outline", id="export-csv"),
        rx.button(rx.icon("file-json", size=16), AppState.tr["whatif.export_json"], on_click=WhatIfState.export_json,
                  variant="outline", id="export-json"),
        spacing="2", wrap="wrap",
    )


def _kept() -> rx.Component:
    header = ("whatif.name", "whatif.new_rent", "whatif.total", "grid.total")
    return rx.vstack(
        rx.text(AppState.tr["whatif.kept"], weight="medium"),
        rx.table.root(
            rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[key]) for key in header), rx.table.column_header_cell(""))),
            rx.table.body(rx.foreach(WhatIfState.kept_rows, _kept_row)), size="1", width="100%", id="kept-table"),
        rx.plotly.basic(data=WhatIfChartState.compare_chart, use_resize_handler=True, width="100%", id="compare-chart"),
        width="100%",
    )


def scenarios() -> rx.Component:
    """Name, keep, save and export the current scenario; the kept ones compared; the saved ones reopened."""
    return rx.card(
        rx.vstack(
            _actions(),
            rx.cond(WhatIfState.notice != "", rx.text(WhatIfState.notice, size="2", color_scheme=styles.ACCENT, id="whatif-notice")),
            rx.cond(WhatIfState.kept_rows.length() > 0, _kept()),
            rx.text(AppState.tr["whatif.saved"], weight="medium"),
            rx.cond(WhatIfState.saved_rows.length() > 0,
                    rx.table.root(rx.table.body(rx.foreach(WhatIfState.saved_rows, _saved_row)), size="1", width="100%", id="saved-table"),
                    rx.text(AppState.tr["whatif.none_saved"], size="2", color_scheme=styles.NEUTRAL)),
            spacing="3", width="100%",
        ),
        width="100%",
    )
