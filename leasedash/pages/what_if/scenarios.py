"""The what-if page's scenarios: kept side by side (until cleared), saved on the server, deleted after a confirmation
with an undo, exported as CSV or JSON."""

from __future__ import annotations

import reflex as rx

from leasedash import styles
from leasedash.pages.what_if.charts import WhatIfChartState
from leasedash.pages.what_if.keeping import WhatIfScenariosState as S
from leasedash.state import AppState


def _kept_row(k) -> rx.Component:
    return rx.table.row(
        rx.table.cell(k.name, weight="medium"), rx.table.cell(k.rent), rx.table.cell(k.settlement), rx.table.cell(k.whole_cost),
        rx.table.cell(rx.button(AppState.tr["whatif.remove"], size="1", variant="ghost", on_click=S.remove_kept(k.scenario_id))),
    )


def _saved_row(s) -> rx.Component:
    return rx.table.row(
        rx.table.cell(s.name, weight="medium"), rx.table.cell(s.saved_on), rx.table.cell(s.settlement),
        rx.table.cell(rx.hstack(
            rx.button(AppState.tr["whatif.reopen"], size="1", variant="soft", on_click=S.reopen(s.scenario_id)),
            rx.button(AppState.tr["whatif.delete"], size="1", variant="ghost", color_scheme=styles.INVOICE,
                      on_click=S.ask_delete(s.scenario_id), id="delete-" + s.scenario_id))),
    )


def _confirm_delete() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(AppState.tr["whatif.confirm_delete_title"]),
            rx.alert_dialog.description(S.confirm_text),
            rx.hstack(rx.alert_dialog.cancel(rx.button(AppState.tr["common.cancel"], variant="soft", color_scheme=styles.NEUTRAL,
                                                       id="cancel-delete")),
                      rx.alert_dialog.action(rx.button(AppState.tr["whatif.delete"], color_scheme=styles.INVOICE, on_click=S.delete_saved,
                                                       id="confirm-delete")),
                      spacing="3", justify="end", margin_top="1rem")),
        open=S.confirm_id != "", on_open_change=S.confirm_open,
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.input(placeholder=AppState.tr["whatif.name"], value=S.save_name, on_change=S.set_save_name,
                 id="scenario-name", width="14rem", aria_label=AppState.tr["whatif.name"]),
        rx.button(rx.icon("copy-plus", size=16), AppState.tr["whatif.keep"], on_click=S.keep, variant="soft", id="keep"),
        rx.button(rx.icon("save", size=16), AppState.tr["whatif.save"], on_click=S.save, id="save"),
        rx.button(rx.icon("file-spreadsheet", size=16), AppState.tr["whatif.export_csv"], on_click=S.export_csv,
                  variant="outline", id="export-csv"),
        rx.button(rx.icon("file-json", size=16), AppState.tr["whatif.export_json"], on_click=S.export_json,
                  variant="outline", id="export-json"),
        spacing="2", wrap="wrap",
    )


def _kept() -> rx.Component:
    header = ("whatif.name", "whatif.rent_from_now", "whatif.total", "grid.total")
    return rx.vstack(
        rx.hstack(rx.text(AppState.tr["whatif.kept"], weight="medium"), rx.spacer(),
                  rx.button(AppState.tr["whatif.clear_kept"], size="1", variant="ghost", on_click=S.clear_kept, id="clear-kept"),
                  width="100%", align="center"),
        rx.table.root(
            rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[key]) for key in header), rx.table.column_header_cell(""))),
            rx.table.body(rx.foreach(S.kept_rows, _kept_row)), size="1", width="100%", id="kept-table"),
        rx.plotly.basic(data=WhatIfChartState.compare_chart, use_resize_handler=True, width="100%", id="compare-chart"),
        width="100%",
    )


def _notice() -> rx.Component:
    return rx.cond(S.notice != "", rx.hstack(
        rx.text(S.notice, size="2", color_scheme=styles.ACCENT, id="whatif-notice"),
        rx.cond(S.undo_name != "", rx.button(rx.icon("undo-2", size=14), AppState.tr["whatif.undo"], size="1", variant="soft",
                                             on_click=S.undo_delete, id="undo-delete")),
        spacing="2", align="center"))


def scenarios() -> rx.Component:
    """Name, keep, save and export the current scenario; the kept ones compared; the saved ones reopened or deleted."""
    return rx.card(
        rx.vstack(
            _actions(),
            _notice(),
            rx.cond(S.kept_rows.length() > 0, _kept()),
            rx.text(AppState.tr["whatif.saved"], weight="medium"),
            rx.cond(S.saved_rows.length() > 0,
                    rx.table.root(rx.table.body(rx.foreach(S.saved_rows, _saved_row)), size="1", width="100%", id="saved-table"),
                    rx.text(AppState.tr["whatif.none_saved"], size="2", color_scheme=styles.NEUTRAL)),
            _confirm_delete(),
            spacing="3", width="100%",
        ),
        width="100%",
    )
