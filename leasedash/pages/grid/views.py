"""/grid: the rent grid explorer (heatmap, curves per mileage band, total cost, steps, any point queried) and,
for fleet managers and admins, grid import with every problem shown in place."""

from __future__ import annotations

import reflex as rx

from leasedash import routes, styles
from leasedash.components.contract_search import contract_search
from leasedash.components.forms import label_text, named_upload
from leasedash.components.layout import protected_page
from leasedash.components.problems import field_problem, refused_drop
from leasedash.pages.grid.charts import GridChartsState
from leasedash.pages.grid.shown import PreviewCell
from leasedash.pages.grid.state import GridState
from leasedash.services.grid_view import MAX_UPLOAD_BYTES, UPLOAD_ACCEPT
from leasedash.state import AppState

UPLOAD_ID = "grid-upload"
# On a phone the heatmap keeps cells its amounts fit in and scrolls sideways in its own box.
HEATMAP_MIN_WIDTH = rx.breakpoints(initial="36rem", sm="0")
TABS = (("heatmap", "grid.tab_heatmap"), ("curves", "grid.tab_curves"), ("total", "grid.tab_total"), ("steps", "grid.tab_steps"))


def _plot(kind: str, **props) -> rx.Component:
    return rx.plotly.cartesian(data=GridChartsState.figures[kind], use_resize_handler=True, width="100%", **props)


def _chart_tabs() -> rx.Component:
    """The heatmap (on the page while the grid is read, so Plotly loads meanwhile), then the other charts."""
    return rx.tabs.root(
        rx.tabs.list(*(rx.tabs.trigger(AppState.tr[key], value=value) for value, key in TABS)),
        rx.tabs.content(rx.box(rx.plotly.cartesian(data=GridChartsState.heatmap, use_resize_handler=True, width="100%", id="grid-heatmap",
                                                   min_width=HEATMAP_MIN_WIDTH, on_after_plot=GridState.show_charts),
                               overflow_x="auto", width="100%", class_name="scroll-x", tab_index=0, role="region",
                               aria_label=AppState.tr["grid.tab_heatmap"]), value="heatmap"),
        rx.tabs.content(_plot("curves"), value="curves"),
        rx.tabs.content(_plot("total"), value="total"),
        rx.tabs.content(rx.vstack(_plot("steps"), rx.text(AppState.tr["grid.steps_note"], size="2", color_scheme=styles.NEUTRAL)),
                        value="steps"),
        default_value="heatmap",
        width="100%",
    )


def _labelled(label_key: str, control_id: str, control: rx.Component, field: str | None = None) -> rx.Component:
    """A control with its label above (tied to the control's id) and, when it is a field that can be refused, its refusal
    below."""
    return rx.vstack(label_text(AppState.tr[label_key], size="2", html_for=control_id), control,
                     field_problem(field) if field else rx.fragment(), spacing="1")


def _query_card() -> rx.Component:
    answer = GridState.answer
    return rx.card(
        rx.vstack(
            rx.heading(AppState.tr["grid.query"], size="4", as_="h2"),
            rx.hstack(
                _labelled("grid.query_months", "query-months", rx.input(value=GridState.query_months, on_change=GridState.set_query_months, id="query-months",
                                                        inputmode="decimal", width="8rem"), "months"),
                _labelled("grid.query_km", "query-km", rx.input(value=GridState.query_km, on_change=GridState.set_query_km, id="query-km",
                                                    inputmode="decimal", width="10rem"), "annual_km"),
                spacing="4", wrap="wrap",
            ),
            rx.cond(answer.outside != "",
                    rx.text(answer.outside, color_scheme=styles.WARNING, size="2", id="query-error"),
                    rx.vstack(rx.text(answer.result, weight="bold", size="4", id="query-result"),
                              rx.text(answer.rule, size="2", color_scheme=styles.NEUTRAL, id="query-rule"), spacing="1")),
            spacing=styles.CARD_GAP,
        ),
        width="100%",
    )


def _preview_cell(cell: PreviewCell) -> rx.Component:
    return rx.table.cell(
        cell.text,
        background_color=rx.cond(cell.bad, rx.color(styles.WARNING, 4), "transparent"),
        color=rx.cond(cell.bad, rx.color(styles.WARNING, 11), "inherit"),
        font_weight=rx.cond(cell.head, "600", "400"),
        white_space="nowrap",
    )


def _bullets(texts, color: str, **props) -> rx.Component:
    return rx.vstack(rx.foreach(texts, lambda t: rx.text("• ", t, size="2", color_scheme=color)), spacing="1", **props)


def _import_form() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            _labelled("grid.import_product", "import-product", rx.select.root(
                rx.select.trigger(id="import-product"),
                rx.select.content(rx.foreach(GridState.product_options, lambda o: rx.select.item(o.name, value=o.id.to_string()))),
                value=GridState.import_product, on_change=GridState.set_import_product), "import_product"),
            _labelled("grid.import_label", "import-label", rx.input(value=GridState.import_label, on_change=GridState.set_import_label, id="import-label",
                                                    width="18rem")),
            spacing="4", wrap="wrap",
        ),
        rx.text_area(default_value=GridState.import_text, on_blur=GridState.set_import_text, id="import-text",
                     key="import-text-" + GridState.import_version.to_string(),
                     placeholder="Km annuel\t12 mo.\t18 mo.\n5.000\t1.349,88\t961,28", rows="8", width="100%",
                     font_family="monospace", aria_label=AppState.tr["grid.import_text"]),
        field_problem("import_text"),
        named_upload(AppState.tr["grid.import_upload"],
            rx.hstack(rx.icon("upload", size=16), rx.text(AppState.tr["grid.import_upload"], size="2"), spacing="2", align="center"),
            id=UPLOAD_ID, multiple=False, max_files=1, max_size=MAX_UPLOAD_BYTES,
            accept=UPLOAD_ACCEPT,
            on_drop=GridState.handle_upload,
            on_drop_rejected=refused_drop(UPLOAD_ACCEPT, MAX_UPLOAD_BYTES), border=f"1px dashed {rx.color(styles.NEUTRAL, 7)}", padding="0.75rem",
            border_radius=styles.RADIUS, width="100%",
        ),
        field_problem("file"),
        rx.button(AppState.tr["grid.import_submit"], on_click=GridState.submit_import, id="import-submit"),
        spacing=styles.CARD_GAP, width="100%",
    )


def _import_outcome() -> rx.Component:
    return rx.vstack(
        rx.cond(GridState.failed_text != "", rx.callout(GridState.failed_text, icon="triangle-alert", color_scheme=styles.WARNING,
                                                        id="import-failed", width="100%")),
        rx.cond(GridState.problem_texts.length() > 0, _bullets(GridState.problem_texts, styles.WARNING, id="import-problems")),
        rx.cond(GridState.preview.length() > 0,
                rx.box(rx.table.root(rx.table.body(rx.foreach(GridState.preview, lambda row: rx.table.row(rx.foreach(row, _preview_cell)))),
                                     size="1", variant="surface"), overflow_x="auto", width="100%", id="import-preview")),
        rx.cond(GridState.done_text != "", rx.callout(GridState.done_text, icon="check", color_scheme=styles.ACCENT, id="import-done", width="100%")),
        rx.cond(GridState.warning_texts.length() > 0,
                rx.vstack(rx.text(AppState.tr["grid.warnings"], weight="medium", size="2"), _bullets(GridState.warning_texts, styles.NEUTRAL),
                          spacing="1")),
        spacing=styles.CARD_GAP, width="100%",
    )


def _import_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(AppState.tr["grid.import"], size="4", as_="h2"),
            rx.text(AppState.tr["grid.import_help"], size="2", color_scheme=styles.NEUTRAL),
            _import_form(),
            _import_outcome(),
            spacing=styles.CARD_GAP, width="100%",
        ),
        width="100%",
    )


@protected_page(routes.GRID, "leasedash — rent grid", on_load=[GridState.load])
def grid_page() -> rx.Component:
    """Charts first, then the point query, then (managers) the import."""
    return rx.vstack(
        rx.hstack(
            rx.heading(AppState.tr["grid.title"], size="7"),
            rx.spacer(),
            rx.cond(GridState.grid_options.length() > 1,
                    rx.select.root(rx.select.trigger(id="grid-select", max_width="24rem", aria_label=AppState.tr["grid.choose"]),
                                   rx.select.content(rx.foreach(GridState.grid_options, lambda o: rx.select.item(o.name, value=o.id.to_string()))),
                                   value=GridState.grid_id, on_change=GridState.choose_grid)),
            width="100%", align="center", wrap="wrap",
        ),
        contract_search(GridState.show_contract, show_chosen=False),
        rx.cond(GridState.has_grid, rx.vstack(
            rx.text(GridState.grid_label, weight="medium", id="grid-label"),
            rx.cond(GridState.contract_text != "", rx.text(GridState.contract_text, size="2", id="grid-contract")),
            rx.cond(GridState.cell_text != "", rx.text(GridState.cell_text, size="2", color_scheme=styles.NEUTRAL)),
            spacing="4", width="100%")),
        rx.cond(GridState.has_grid | ~GridState.loaded, rx.card(_chart_tabs(), width="100%")),
        rx.cond(GridState.has_grid, _query_card(), rx.cond(GridState.loaded & (AppState.problem == ""), rx.text(AppState.tr["grid.none"]))),
        rx.cond(AppState.is_manager, _import_card()),
        spacing="4",
        width="100%",
    )
