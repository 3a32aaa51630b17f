"""The odometer log on the home page: today's target odometer and the km left, the chart, a reading added in two
clicks, and the readings with their corrections, deletions and history."""

from __future__ import annotations

import reflex as rx

from leasedash import styles
from leasedash.components.confirm import confirmed
from leasedash.components.forms import label_text, named_upload
from leasedash.components.problems import field_problem, refused_drop
from leasedash.pages.home.log_lines import ChangeLine, ReadingLine
from leasedash.pages.home.log_state import OdometerState as S
from leasedash.services.uploads import accepted_types, max_upload_bytes
from leasedash.state import AppState


def _facts() -> rx.Component:
    log = S.log
    return rx.vstack(
        rx.text(log.target, size="5", weight="bold", id="log-target"),
        rx.cond(log.month_left != "", rx.text(log.month_left, size="2", id="log-month-left")),
        rx.cond(log.year_left != "", rx.text(log.year_left, size="2", id="log-year-left")),
        rx.cond(log.runs_out != "", rx.text(log.runs_out, size="2", weight="medium", id="log-runs-out")),
        spacing="1",
    )


def _add_form() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.vstack(label_text(AppState.tr["log.date"], size="2", html_for="log-date"), rx.input(type="date", value=S.new_date, on_change=S.set_new_date, id="log-date"),
                      field_problem("reading_date"), spacing="1"),
            rx.vstack(label_text(AppState.tr["log.km"], size="2", html_for="log-km"),
                      rx.input(value=S.new_km, on_change=S.set_new_km, inputmode="numeric", id="log-km", auto_focus=True, placeholder="25175"),
                      field_problem("km"), spacing="1"),
            named_upload(AppState.tr["log.photo"], rx.hstack(rx.icon("camera", size=16), rx.text(rx.cond(S.photo_name != "", S.photo_name, AppState.tr["log.photo"]), size="2"),
                                spacing="2", align="center"),
                      id="log-photo", multiple=False, max_files=1, max_size=max_upload_bytes(), accept=accepted_types(),
                      on_drop=S.upload_photo, on_drop_rejected=refused_drop(accepted_types(), max_upload_bytes()),
                      border=f"1px dashed {rx.color(styles.NEUTRAL, 7)}", padding="0.5rem", border_radius=styles.RADIUS),
            spacing="3", align="end", wrap="wrap",
        ),
        field_problem("file"),
        rx.hstack(rx.button(rx.icon("check", size=16), AppState.tr["log.save"], on_click=S.add, id="log-save"),
                  rx.button(AppState.tr["common.cancel"], variant="soft", color_scheme=styles.NEUTRAL, on_click=S.close_add), spacing="2"),
        spacing="2", width="100%",
    )


def _reading(r: ReadingLine) -> rx.Component:
    editing = S.editing == r.reading_id
    return rx.table.row(
        rx.table.cell(rx.cond(editing, rx.input(type="date", value=S.edit_date, on_change=S.set_edit_date, size="1", id="edit-date",
                                                aria_label=AppState.tr["log.date"]), r.day),
                      white_space="nowrap"),
        rx.table.cell(rx.cond(editing, rx.input(value=S.edit_km, on_change=S.set_edit_km, size="1", width="7rem", id="edit-km",
                                                aria_label=AppState.tr["log.km"]), r.km),
                      white_space="nowrap"),
        rx.table.cell(rx.hstack(rx.text(r.source, size="2"), rx.cond(r.has_photo, rx.icon("camera", size=14)), spacing="1", align="center")),
        rx.table.cell(rx.cond(r.editable, rx.cond(
            editing,
            rx.hstack(rx.button(AppState.tr["log.save"], size="1", on_click=S.save_edit, id="edit-save"),
                      rx.button(AppState.tr["common.cancel"], size="1", variant="soft", on_click=S.cancel_edit), spacing="1"),
            rx.hstack(rx.button(AppState.tr["log.correct"], size="1", variant="soft", on_click=S.start_edit(r.reading_id, r.iso_day, r.km_value)),
                      confirmed(rx.button(AppState.tr["log.delete"], size="1", variant="soft", color_scheme=styles.INVOICE),
                                AppState.tr["confirm.delete_reading_title"], AppState.tr["confirm.delete_reading_text"], AppState.tr["log.delete"],
                                on_confirm=S.delete(r.reading_id), action_id="confirm-delete-reading"),
                      spacing="1"))), white_space="nowrap"),
    )


def _history(c: ChangeLine) -> rx.Component:
    return rx.text(c.at, " · ", c.text, size="1", color_scheme=styles.NEUTRAL)


def odometer_log_card() -> rx.Component:
    """The whole log of the driver's contract on show."""
    return rx.cond(S.log.shown, rx.card(rx.vstack(
        rx.hstack(rx.heading(AppState.tr["log.title"], size="4", as_="h2"), rx.spacer(),
                  rx.cond(~S.adding, rx.button(rx.icon("plus", size=16), AppState.tr["log.add"], on_click=S.open_add, id="log-add")),
                  width="100%", align="center"),
        _facts(),
        rx.cond(S.adding, _add_form()),
        rx.plotly(data=S.chart, use_resize_handler=True, width="100%", id="log-chart"),
        rx.cond(S.log.readings.length() > 0, rx.box(rx.table.root(
            rx.table.header(rx.table.row(*(rx.table.column_header_cell(AppState.tr[k]) for k in ("log.date", "log.km", "log.source")),
                                         rx.table.column_header_cell(""))),
            rx.table.body(rx.foreach(S.log.readings, _reading)), size="1", variant="ghost", id="log-readings"), overflow_x="auto", width="100%")),
        field_problem("edit_km"), field_problem("edit_date"),
        rx.cond(S.log.changes.length() > 0, rx.vstack(rx.text(AppState.tr["log.history"], size="2", weight="medium"),
                                                      rx.foreach(S.log.changes, _history), spacing="1", id="log-history")),
        spacing="3", width="100%"), width="100%", id="odometer-log"))
