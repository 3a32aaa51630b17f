"""/fleet-import: upload the lessor's CSV or Excel export, confirm which column is which and the decimal mark, see the
first rows as they will be stored and every problem by row and column, then import (all rows or none) with its
progress; the templates to download and the history of imports."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.forms import label_text, named_upload
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem, refused_drop
from leasedash.domain.fleet_file import limits
from leasedash.pages.fleet_import.lines import HistoryRow, MappingRow, PreviewRowLine
from leasedash.pages.fleet_import.state import FleetImportState as S
from leasedash.state import AppState

UPLOAD_ID = "fleet-upload"
ACCEPT = {"text/csv": [".csv"], "text/plain": [".txt"],
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"]}


def _choices() -> rx.Component:
    kind = rx.segmented_control.root(
        rx.segmented_control.item(AppState.tr["fleetimport.kind.contracts"], value="contracts"),
        rx.segmented_control.item(AppState.tr["fleetimport.kind.readings"], value="readings"),
        value=S.kind, on_change=S.set_kind, id="import-kind")
    company = rx.cond(AppState.user_role == "admin", rx.select.root(
        rx.select.trigger(id="import-company", min_width="14rem", aria_label=AppState.tr["entry.company"]),
        rx.select.content(rx.foreach(S.companies, lambda c: rx.select.item(c.name, value=c.id.to_string()))),
        value=S.company, on_change=S.set_company))
    return rx.hstack(kind, company, spacing="4", wrap="wrap", align="center")


def _templates() -> rx.Component:
    return rx.hstack(
        label_text(AppState.tr["fleetimport.template"], size="2", html_for="template-language"),
        rx.select.root(rx.select.trigger(id="template-language"), rx.select.content(rx.select.item("Français", value="fr"), rx.select.item("Nederlands", value="nl"),
                                                              rx.select.item("English", value="en")),
                       value=S.template_lang, on_change=S.set_template_lang, size="1"),
        rx.button("CSV", size="1", variant="soft", on_click=S.template("csv"), id="template-csv"),
        rx.button("Excel", size="1", variant="soft", on_click=S.template("xlsx"), id="template-xlsx"),
        spacing="2", align="center", wrap="wrap",
    )


def _upload() -> rx.Component:
    return rx.vstack(
        named_upload(AppState.tr["fleetimport.drop"],
            rx.vstack(rx.icon("file-up", size=22), rx.text(AppState.tr["fleetimport.drop"], size="2"),
                      rx.cond(S.file_name != "", rx.text(S.file_name, weight="medium", size="2", id="import-file")), align="center", spacing="1"),
            id=UPLOAD_ID, multiple=False, max_files=1, max_size=limits()["max_upload_bytes"], accept=ACCEPT,
            on_drop=S.upload, on_drop_rejected=refused_drop(ACCEPT, limits()["max_upload_bytes"]), border=f"1px dashed {rx.color(styles.NEUTRAL, 7)}",
            padding="1rem", border_radius=styles.RADIUS, width="100%",
        ),
        field_problem("file"),
        width="100%", spacing="1",
    )


def _mapping_row(row: MappingRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.hstack(rx.text(row.label), rx.cond(row.required, rx.text("*", color_scheme=styles.WARNING)), spacing="1")),
        rx.table.cell(rx.select.root(
            rx.select.trigger(min_width="14rem", id="map-" + row.field, aria_label=row.label),
            rx.select.content(rx.foreach(S.columns, lambda c: rx.select.item(c["name"], value=c["id"]))),
            value=row.column, on_change=lambda value: S.set_column(row.field, value), size="1")),
    )


def _mapping() -> rx.Component:
    return rx.vstack(
        rx.heading(AppState.tr["fleetimport.mapping"], size="4", as_="h2"),
        rx.text(AppState.tr["fleetimport.mapping_help"], size="2", color_scheme=styles.NEUTRAL),
        rx.hstack(rx.text(AppState.tr["fleetimport.mark"], size="2"),
                  rx.segmented_control.root(rx.segmented_control.item("1.234,56", value=","), rx.segmented_control.item("1,234.56", value="."),
                                            value=S.mark, on_change=S.set_mark, id="import-mark"),
                  rx.text(S.preview.mark, size="1", color_scheme=styles.NEUTRAL), spacing="3", align="center", wrap="wrap"),
        rx.box(rx.table.root(rx.table.body(rx.foreach(S.mapping, _mapping_row)), size="1", variant="ghost", id="import-mapping"),
               overflow_x="auto", width="100%"),
        spacing="2", width="100%",
    )


def _preview_row(row: PreviewRowLine) -> rx.Component:
    return rx.table.row(rx.table.cell(row.row), rx.table.cell(rx.badge(row.action)),
                        rx.foreach(row.cells, lambda c: rx.table.cell(c, white_space="nowrap")))


def _preview() -> rx.Component:
    return rx.vstack(
        rx.heading(AppState.tr["fleetimport.preview"], size="4", as_="h2"),
        rx.box(rx.table.root(
            rx.table.header(rx.table.row(rx.table.column_header_cell(AppState.tr["fleetimport.row"]), rx.table.column_header_cell(""),
                                         rx.foreach(S.preview.labels, lambda label: rx.table.column_header_cell(label, white_space="nowrap")))),
            rx.table.body(rx.foreach(S.preview.rows, _preview_row)), size="1", variant="surface", id="import-preview"),
            overflow_x="auto", width="100%"),
        rx.text(S.preview.counts, size="2", weight="medium", id="import-counts"),
        rx.cond(S.preview.absent != "", rx.text(S.preview.absent, size="2", color_scheme=styles.NEUTRAL, id="import-absent")),
        spacing="2", width="100%",
    )


def _problems() -> rx.Component:
    return rx.cond(S.problems.length() > 0, rx.callout(
        rx.vstack(rx.text(S.problem_total, weight="bold"), rx.foreach(S.problems, lambda p: rx.text("• ", p, size="2")), spacing="1"),
        icon="triangle-alert", color_scheme=styles.WARNING, width="100%", id="import-problems"))


def _run() -> rx.Component:
    return rx.vstack(
        rx.button(rx.icon("database", size=16), AppState.tr["fleetimport.run"], on_click=S.start, disabled=~S.may_import, size="3",
                  id="import-run"),
        rx.cond(S.running, rx.vstack(rx.progress(value=S.progress_pct, width="100%", aria_label=S.progress_text), rx.text(S.progress_text, size="2", id="import-progress"),
                                     width="100%", spacing="1")),
        rx.cond(S.result != "", rx.callout(S.result, icon="check", color_scheme=styles.ACCENT, id="import-result", width="100%")),
        spacing="2", width="100%",
    )


def _history_row(h: HistoryRow) -> rx.Component:
    return rx.table.row(*(rx.table.cell(v, white_space="nowrap") for v in (h.at, h.company, h.kind, h.file_name, h.by)), rx.table.cell(h.counts))


def _history() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(AppState.tr["fleetimport.history"], size="4", as_="h2"),
        rx.box(rx.table.root(
            rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in (
                "fleetimport.when", "entry.company", "fleetimport.what", "fleetimport.file", "fleetimport.by", "fleetimport.result")))),
            rx.table.body(rx.foreach(S.history, _history_row)), size="1", variant="ghost", id="import-history"), overflow_x="auto", width="100%"),
        spacing="2", width="100%"), width="100%")


@protected_page(routes.FLEET_IMPORT, "leasedash — fleet import", on_load=[S.load])
def fleet_import_page() -> rx.Component:
    """The import card (choices, templates, upload, mapping, preview, problems, run) and the history."""
    return rx.vstack(
        rx.heading(AppState.tr["fleetimport.title"], size="7"),
        rx.text(AppState.tr["fleetimport.help"], size="2", color_scheme=styles.NEUTRAL),
        rx.card(rx.vstack(
            _choices(), _templates(), _upload(),
            rx.cond(S.checked, rx.vstack(_mapping(), _problems(), _preview(), width="100%", spacing="4"), _problems()),
            _run(),
            spacing="4", width="100%"), width="100%"),
        _history(),
        spacing="4", width="100%",
    )
