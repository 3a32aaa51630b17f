"""/what-if: sliders for the mileage, the duration, the month of a change, an early return and the
km at return; the new rent, the settlement and why update live, against the contract as it stands."""

from __future__ import annotations

import datetime as dt
import functools
import json
from decimal import Decimal

import plotly.graph_objects as go
import reflex as rx

from leasedash import routes
from leasedash.charts.scenario_charts import comparison_chart, cumulative_chart
from leasedash.components.layout import protected_page
from leasedash.db.errors import NotFound
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError, simulate_document
from leasedash.domain.cashflow import cumulative_cost
from leasedash.i18n import format_date, format_km, format_money
from leasedash.services.contract_view import contract_view, own_contract_ids
from leasedash.services.saved_scenarios import delete_scenario, open_scenario, save_scenario, saved_scenarios
from leasedash.services.what_if import Controls, controls_of, scenario_document, scenarios_csv
from leasedash.state import AppState

KM_STEP = 500


@functools.lru_cache(maxsize=512)
def _simulated(document_json: str):
    """The engine's answer for a scenario document given as canonical JSON: the views of one slider
    position (numbers, chart, comparison) share one simulation."""
    return simulate_document(json.loads(document_json))


def simulated(document: dict):
    return _simulated(json.dumps(document, sort_keys=True))


def _events_text(document: dict) -> str:
    return "; ".join(", ".join(f"{k}={v}" for k, v in e.items()) for e in document.get("events", []))


class WhatIfState(AppState):
    """The contract simulated, the controls, kept and saved scenarios."""

    contract_id: str = ""
    contract_options: list[dict[str, str]] = []
    base: dict = {}
    info: dict[str, str] = {}
    bounds: dict[str, int] = {}
    change_enabled: bool = False
    change_month: int = 1
    new_km: int = 0
    new_months: int = 0
    early: bool = False
    return_month: int = 1
    custom_km: bool = False
    return_km: int = 0
    kept: list[dict[str, str]] = []
    saved: list[dict[str, str]] = []
    save_name: str = ""
    notice: str = ""
    error_key: str = ""
    controls_version: int = 0

    # loading
    @rx.event
    def load(self):
        """The contract in the URL (else the viewer's first); a contract outside the viewer's scope finds nothing."""
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        params = self.router.url.query_parameters
        with session_scope() as s:
            options = own_contract_ids(s, viewer)
        self.contract_options = [{"id": str(i), "label": ref} for i, ref in options]
        wanted = params.get("contract") or (str(options[0][0]) if options else "")
        self.kept, self.notice = [], ""
        if wanted:
            self._open(wanted)
        if params.get("scenario") and self.base:
            self.reopen(params["scenario"])
        return None

    @rx.event
    def choose_contract(self, contract_id: str):
        self.kept, self.notice = [], ""
        self._open(contract_id)

    def _open(self, contract_id: str) -> None:
        viewer = self.viewer()
        if viewer is None:
            return
        try:
            with session_scope() as s:
                view = contract_view(s, viewer, int(contract_id))
                saved = saved_scenarios(s, viewer, view.contract_id)
        except (NotFound, ValueError):
            self.base, self.info, self.error_key = {}, {}, "common.not_found"
            return
        self.error_key, self.contract_id = "", str(view.contract_id)
        doc = {k: v for k, v in view.document.items() if k != "events"}
        product, contract = doc["product"], doc["contract"]
        grid = product.get("grid")
        months, km = int(contract["months"]), int(contract["annual_km"])
        earliest = int(product.get("earliest_termination_month") or 1)
        self.base = doc
        self.info = {"reference": view.reference, "product": view.product_name, "kind": view.product_kind,
                     "changes_allowed": "1" if view.changes_allowed else "", "earliest": str(earliest),
                     "months": str(months), "km": str(km), "rent": view.monthly_rent}
        km_max = int(grid["annual_km"][-1]) if grid else km * 2
        self.bounds = {
            "km_min": int(grid["annual_km"][0]) if grid else max(KM_STEP, km // 2), "km_max": km_max,
            "months_min": int(grid["months"][0]) if grid else months, "months_max": int(grid["months"][-1]) if grid else months,
            "return_min": min(earliest, months - 1) if months > 1 else 1, "return_km_max": max(km_max, km * 2) * int(grid["months"][-1] if grid else months) // 12,
        }
        run = view.projection.months_run if view.projection else 1
        self.change_enabled, self.early, self.custom_km = False, False, False
        self.change_month, self.new_km, self.new_months = max(1, min(run, months)), km, months
        self.return_month = max(self.bounds["return_min"], min(run or 1, months - 1))
        self.return_km = view.projection.projected_km if view.projection else km * months // 12
        self.controls_version += 1
        self.saved = [{"id": str(r.id), "name": r.name, "date": r.created_at.date().isoformat(),
                       "settlement": r.result.get("total_settlement", "0.00")} for r in saved]

    # controls
    def _controls(self) -> Controls:
        return Controls(self.change_enabled and bool(self.info.get("changes_allowed")), self.change_month, self.new_km,
                        self.new_months, self.early, self.return_month, self.custom_km, self.return_km)

    @rx.event
    def toggle_change(self, value: bool):
        self.change_enabled = bool(value) and bool(self.info.get("changes_allowed"))

    @rx.event
    def set_change_month(self, value: list[int | float]):
        self.change_month = int(value[0])

    @rx.event
    def set_new_km(self, value: list[int | float]):
        self.new_km = int(value[0])

    @rx.event
    def set_new_months(self, value: list[int | float]):
        self.new_months = max(int(value[0]), self.change_month)

    @rx.event
    def set_return_mode(self, value: str | list[str]):
        self.early = value == "early"

    @rx.event
    def set_return_month(self, value: list[int | float]):
        self.return_month = int(value[0])

    @rx.event
    def set_km_mode(self, value: str | list[str]):
        self.custom_km = value == "custom"

    @rx.event
    def set_return_km(self, value: list[int | float]):
        self.return_km = int(value[0])

    @rx.event
    def set_return_km_text(self, value: str):
        digits = "".join(c for c in value if c.isdigit())
        if digits:
            self.return_km = min(int(digits), 10_000_000)
            self.controls_version += 1

    # the answer
    def _document(self) -> dict:
        return scenario_document(self.base, self._controls()) if self.base else {}

    def _run(self) -> tuple[dict, list[Decimal], list[Decimal], str]:
        """(result JSON, scenario's cumulative cost, contract's cumulative cost, error code)."""
        doc = self._document()
        if not doc:
            return {}, [], [], ""
        current = cumulative_cost(simulated({**self.base, "events": []}))
        try:
            result = simulated(doc)
        except LeaseInputError as exc:
            return {}, [], current, exc.code or f"other:{exc.field}"
        return result.as_json(self.lang), cumulative_cost(result), current, ""

    @rx.var
    def outcome(self) -> dict[str, str]:
        """The new rent, the settlement and why, in the reader's language."""
        tr, lang = self.tr, self.lang
        result, series, _, error = self._run()
        empty = {"error": "", "rent": "", "settlement": "", "kind": "", "color": "gray", "whole": "", "why": ""}
        if error:
            code, _, field = error.partition(":")
            text = tr.get(f"whatif.error.{code}") or tr["whatif.error.other"].format(field=field)
            return {**empty, "error": text}
        if not result:
            return empty
        total = Decimal(result["total_settlement"])
        kind = "whatif.invoice" if total > 0 else "whatif.refund" if total < 0 else "whatif.nothing"
        return {**empty, "rent": format_money(Decimal(result["monthly_rent"]), lang), "settlement": format_money(abs(total), lang),
                "kind": tr[kind], "color": "red" if total > 0 else "green" if total < 0 else "gray",
                "whole": tr["whatif.whole_cost"].format(amount=format_money(series[-1], lang)),
                "why": " ".join(step["explanation"] for step in result["steps"]), "raw_total": result["total_settlement"]}

    def _chart_labels(self, title_key: str) -> dict[str, str]:
        tr = self.tr
        return {"title": tr[title_key], "current": tr["whatif.chart_current"], "scenario": tr["whatif.chart_scenario"],
                "month": tr["whatif.chart_month"], "paid": tr["whatif.chart_paid"]}

    @rx.var
    def chart(self) -> go.Figure:
        _, series, current, _ = self._run()
        if not current:
            return go.Figure()
        lang = self.lang
        return cumulative_chart(current, series or current, self._chart_labels("whatif.chart_title"), lambda v: format_money(v, lang))

    @rx.var
    def compare_chart(self) -> go.Figure:
        if not self.kept or not self.base:
            return go.Figure()
        lang = self.lang
        current = cumulative_cost(simulated({**self.base, "events": []}))
        named = [(k["name"], cumulative_cost(simulated(json.loads(k["document"])))) for k in self.kept]
        return comparison_chart(named, current, self._chart_labels("whatif.compare_title"), lambda v: format_money(v, lang))

    @rx.var
    def contract_line(self) -> str:
        info = self.info
        if not info:
            return ""
        return self.tr["whatif.contract_line"].format(reference=info["reference"], product=info["product"], months=info["months"],
                                                     km=format_km(int(info["km"]), self.lang), rent=format_money(Decimal(info["rent"]), self.lang))

    @rx.var
    def forbidden_text(self) -> str:
        return "" if not self.info or self.info["changes_allowed"] else self.tr["whatif.changes_forbidden"].format(product=self.info["product"])

    @rx.var
    def earliest_text(self) -> str:
        if not self.info or int(self.info["earliest"]) <= 1:
            return ""
        return self.tr["whatif.earliest"].format(product=self.info["product"], month=self.info["earliest"])

    @rx.var
    def labels(self) -> dict[str, str]:
        """Slider read-outs in the reader's format."""
        lang, tr = self.lang, self.tr
        return {"new_km": format_km(self.new_km, lang), "return_km": format_km(self.return_km, lang),
                "new_months": f"{self.new_months} {tr['common.months']}", "change_month": str(self.change_month),
                "return_month": str(self.return_month)}

    @rx.var
    def kept_view(self) -> list[dict[str, str]]:
        lang = self.lang
        return [{**k, "rent_text": format_money(Decimal(k["rent"]), lang), "settlement_text": format_money(Decimal(k["settlement"]), lang),
                 "whole_text": format_money(Decimal(k["whole_cost"]), lang)} for k in self.kept]

    @rx.var
    def saved_view(self) -> list[dict[str, str]]:
        lang = self.lang
        return [{**s, "settlement_text": format_money(Decimal(s["settlement"]), lang), "date_text": format_date(dt.date.fromisoformat(s["date"]), lang)}
                for s in self.saved]

    # keeping, saving, exporting
    @rx.event
    def keep(self):
        """Keep the current scenario for the side-by-side comparison."""
        result, series, _, error = self._run()
        if error or not result:
            return None
        doc = self._document()
        name = self.save_name.strip() or self.tr["whatif.default_name"].format(n=len(self.kept) + 1)
        self.kept = [*self.kept, {"name": name, "document": json.dumps(doc), "events": _events_text(doc), "rent": result["monthly_rent"],
                                  "settlement": result["total_settlement"], "whole_cost": f"{series[-1]:.2f}"}]
        self.save_name = ""
        return None

    @rx.event
    def remove_kept(self, index: int):
        self.kept = [k for i, k in enumerate(self.kept) if i != index]

    @rx.event
    def set_save_name(self, value: str):
        self.save_name = value

    @rx.event
    def save(self):
        """Save the current scenario on the server (result recomputed there) under the name given."""
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        doc = self._document()
        name = self.save_name.strip() or self.tr["whatif.default_name"].format(n=len(self.saved) + 1)
        try:
            with session_scope() as s:
                save_scenario(s, viewer, int(self.contract_id), name, doc)
        except (NotFound, ValueError, LeaseInputError):
            self.notice = self.tr["common.not_found"]
            return None
        self.notice = self.tr["whatif.saved_ok"].format(name=name)
        self.save_name = ""
        self._open(self.contract_id)
        return None

    @rx.event
    def reopen(self, scenario_id: str):
        """Set the controls from one of the viewer's saved scenarios."""
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        try:
            with session_scope() as s:
                row = open_scenario(s, viewer, int(scenario_id))
                document, contract_id = row.document, row.contract_id
        except (NotFound, ValueError):
            self.notice = self.tr["common.not_found"]
            return None
        if str(contract_id) != self.contract_id:
            self._open(str(contract_id))
        c = controls_of(document, self._controls())
        self.change_enabled, self.change_month, self.new_km, self.new_months = c.change, c.change_month, c.new_km, c.new_months
        self.early, self.return_month, self.custom_km, self.return_km = c.early, c.return_month, c.custom_km, c.return_km
        self.controls_version += 1
        return None

    @rx.event
    def delete_saved(self, scenario_id: str):
        viewer = self.viewer()
        if viewer is None:
            return rx.redirect(routes.LOGIN)
        try:
            with session_scope() as s:
                delete_scenario(s, viewer, int(scenario_id))
        except (NotFound, ValueError):
            self.notice = self.tr["common.not_found"]
            return None
        self._open(self.contract_id)
        return None

    @rx.event
    def export_csv(self):
        result, series, _, error = self._run()
        rows = list(self.kept)
        if result and not error:
            rows.append({"name": self.tr["whatif.chart_scenario"], "events": _events_text(self._document()), "rent": result["monthly_rent"],
                         "settlement": result["total_settlement"], "whole_cost": f"{series[-1]:.2f}"})
        return rx.download(data=scenarios_csv(rows), filename=f"leasedash-{self.info.get('reference', 'scenarios')}.csv")

    @rx.event
    def export_json(self):
        return rx.download(data=json.dumps(self._document(), indent=2, ensure_ascii=False),
                           filename=f"leasedash-{self.info.get('reference', 'scenario')}.json")


def _slider(label, readout, value, minimum, maximum, step, handler, slider_id: str, disabled=False) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text(label, size="2"), rx.spacer(), rx.text(readout, size="2", weight="bold", id=f"{slider_id}-value"), width="100%"),
        rx.slider(default_value=[value], min=minimum, max=maximum, step=step, on_change=handler, disabled=disabled, id=slider_id,
                  width="100%", key=f"{slider_id}-" + WhatIfState.controls_version.to_string()),
        spacing="2", width="100%",
    )


def _controls() -> rx.Component:
    b, labels = WhatIfState.bounds, WhatIfState.labels
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.hstack(rx.switch(checked=WhatIfState.change_enabled, on_change=WhatIfState.toggle_change, id="change-switch",
                                    disabled=WhatIfState.forbidden_text != ""),
                          rx.text(AppState.tr["whatif.change"], weight="medium"), align="center", spacing="2"),
                rx.cond(WhatIfState.forbidden_text != "", rx.callout(WhatIfState.forbidden_text, icon="lock", color_scheme="amber", size="1", id="changes-forbidden")),
                rx.cond(WhatIfState.change_enabled, rx.vstack(
                    _slider(AppState.tr["whatif.change_month"], labels["change_month"], WhatIfState.change_month, 1, WhatIfState.info["months"].to(int), 1, WhatIfState.set_change_month, "change-month"),
                    _slider(AppState.tr["whatif.new_km"], labels["new_km"], WhatIfState.new_km, b["km_min"], b["km_max"], KM_STEP, WhatIfState.set_new_km, "new-km"),
                    _slider(AppState.tr["whatif.new_months"], labels["new_months"], WhatIfState.new_months, b["months_min"], b["months_max"], 1, WhatIfState.set_new_months, "new-months"),
                    spacing="4", width="100%")),
                spacing="3", width="100%",
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.text(AppState.tr["whatif.return"], weight="medium"),
                rx.radio_group.root(
                    rx.hstack(rx.radio_group.item(value="term", id="return-term"), rx.text(AppState.tr["whatif.at_term"], size="2"),
                              rx.radio_group.item(value="early", id="return-early"), rx.text(AppState.tr["whatif.early"], size="2"), spacing="2", align="center", wrap="wrap"),
                    value=rx.cond(WhatIfState.early, "early", "term"), on_change=WhatIfState.set_return_mode,
                ),
                rx.cond(WhatIfState.earliest_text != "", rx.text(WhatIfState.earliest_text, size="1", color_scheme="gray")),
                rx.cond(WhatIfState.early,
                        _slider(AppState.tr["whatif.return_month"], labels["return_month"], WhatIfState.return_month, b["return_min"],
                                WhatIfState.info["months"].to(int) - 1, 1, WhatIfState.set_return_month, "return-month")),
                rx.text(AppState.tr["whatif.km_at_return"], size="2", weight="medium"),
                rx.radio_group.root(
                    rx.hstack(rx.radio_group.item(value="pace", id="km-pace"), rx.text(AppState.tr["whatif.at_pace"], size="2"),
                              rx.radio_group.item(value="custom", id="km-custom"), rx.text(AppState.tr["whatif.custom_km"], size="2"), spacing="2", align="center", wrap="wrap"),
                    value=rx.cond(WhatIfState.custom_km, "custom", "pace"), on_change=WhatIfState.set_km_mode,
                ),
                rx.cond(WhatIfState.custom_km, rx.vstack(
                    _slider(AppState.tr["whatif.km_at_return"], labels["return_km"], WhatIfState.return_km, 0, b["return_km_max"], 100, WhatIfState.set_return_km, "return-km"),
                    rx.input(value=WhatIfState.return_km.to_string(), on_change=WhatIfState.set_return_km_text.debounce(400), inputmode="numeric",
                             id="return-km-input", width="10rem", aria_label=AppState.tr["whatif.km_at_return"]),
                    spacing="2", width="100%")),
                spacing="3", width="100%",
            ),
            width="100%",
        ),
        spacing="4", width="100%",
    )


def _results() -> rx.Component:
    o = WhatIfState.outcome
    return rx.vstack(
        rx.cond(
            o["error"] != "",
            rx.callout(o["error"], icon="triangle-alert", color_scheme="amber", id="whatif-error", width="100%"),
            rx.grid(
                rx.card(rx.vstack(rx.text(AppState.tr["whatif.new_rent"], size="2", color_scheme="gray"),
                                  rx.heading(o["rent"], size="7", id="whatif-rent"), spacing="1"), width="100%"),
                rx.card(rx.vstack(rx.text(AppState.tr["whatif.total"], size="2", color_scheme="gray"),
                                  rx.hstack(rx.badge(o["kind"], color_scheme=o["color"].to(str), size="2", id="whatif-kind"),
                                            rx.heading(o["settlement"], size="7", id="whatif-settlement"), align="center", spacing="2"),
                                  rx.text(o["whole"], size="1", color_scheme="gray"), spacing="1"), width="100%"),
                columns=rx.breakpoints(initial="1", sm="2"), spacing="4", width="100%",
            ),
        ),
        rx.cond(o["why"] != "", rx.card(rx.vstack(rx.text(AppState.tr["whatif.why"], size="2", weight="medium"),
                                                  rx.text(o["why"], size="2", id="whatif-why"), spacing="1"), width="100%")),
        rx.card(rx.plotly(data=WhatIfState.chart, use_resize_handler=True, width="100%", id="whatif-chart"), width="100%"),
        spacing="4", width="100%",
    )


def _kept_row(k, index) -> rx.Component:
    return rx.table.row(
        rx.table.cell(k["name"], weight="medium"), rx.table.cell(k["rent_text"]), rx.table.cell(k["settlement_text"]),
        rx.table.cell(k["whole_text"]),
        rx.table.cell(rx.button(AppState.tr["whatif.remove"], size="1", variant="ghost", on_click=WhatIfState.remove_kept(index))),
    )


def _saved_row(s) -> rx.Component:
    return rx.table.row(
        rx.table.cell(s["name"], weight="medium"), rx.table.cell(s["date_text"]), rx.table.cell(s["settlement_text"]),
        rx.table.cell(rx.hstack(rx.button(AppState.tr["whatif.reopen"], size="1", variant="soft", on_click=WhatIfState.reopen(s["id"])),
                                rx.button(AppState.tr["whatif.delete"], size="1", variant="ghost", color_scheme="red", on_click=WhatIfState.delete_saved(s["id"])))),
    )


def _scenarios() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.input(placeholder=AppState.tr["whatif.name"], value=WhatIfState.save_name, on_change=WhatIfState.set_save_name, id="scenario-name", width="14rem"),
                rx.button(rx.icon("copy-plus", size=16), AppState.tr["whatif.keep"], on_click=WhatIfState.keep, variant="soft", id="keep"),
                rx.button(rx.icon("save", size=16), AppState.tr["whatif.save"], on_click=WhatIfState.save, id="save"),
                rx.button(rx.icon("file-spreadsheet", size=16), AppState.tr["whatif.export_csv"], on_click=WhatIfState.export_csv, variant="outline", id="export-csv"),
                rx.button(rx.icon("file-json", size=16), AppState.tr["whatif.export_json"], on_click=WhatIfState.export_json, variant="outline", id="export-json"),
                spacing="2", wrap="wrap",
            ),
            rx.cond(WhatIfState.notice != "", rx.text(WhatIfState.notice, size="2", color_scheme="teal", id="whatif-notice")),
            rx.cond(WhatIfState.kept.length() > 0, rx.vstack(
                rx.text(AppState.tr["whatif.kept"], weight="medium"),
                rx.table.root(rx.table.header(rx.table.row(
                    rx.table.column_header_cell(AppState.tr["whatif.name"]), rx.table.column_header_cell(AppState.tr["whatif.new_rent"]),
                    rx.table.column_header_cell(AppState.tr["whatif.total"]), rx.table.column_header_cell(AppState.tr["grid.total"]),
                    rx.table.column_header_cell(""))),
                    rx.table.body(rx.foreach(WhatIfState.kept_view, _kept_row)), size="1", width="100%", id="kept-table"),
                rx.plotly(data=WhatIfState.compare_chart, use_resize_handler=True, width="100%", id="compare-chart"),
                width="100%")),
            rx.text(AppState.tr["whatif.saved"], weight="medium"),
            rx.cond(WhatIfState.saved.length() > 0,
                    rx.table.root(rx.table.body(rx.foreach(WhatIfState.saved_view, _saved_row)), size="1", width="100%", id="saved-table"),
                    rx.text(AppState.tr["whatif.none_saved"], size="2", color_scheme="gray")),
            spacing="3", width="100%",
        ),
        width="100%",
    )


@protected_page(routes.WHAT_IF, "leasedash — what-if", on_load=[WhatIfState.load])
def what_if() -> rx.Component:
    """Controls beside the live answer; kept, saved and exported scenarios below."""
    return rx.vstack(
        rx.hstack(
            rx.vstack(rx.heading(AppState.tr["whatif.title"], size="7"), rx.text(AppState.tr["whatif.subtitle"], size="2", color_scheme="gray"), spacing="1"),
            rx.spacer(),
            rx.cond(WhatIfState.contract_options.length() > 1,
                    rx.select.root(rx.select.trigger(id="whatif-contract"),
                                   rx.select.content(rx.foreach(WhatIfState.contract_options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                                   value=WhatIfState.contract_id, on_change=WhatIfState.choose_contract)),
            width="100%", align="end", wrap="wrap",
        ),
        rx.cond(WhatIfState.error_key != "", rx.callout(AppState.tr["common.not_found"], icon="triangle-alert", color_scheme="red")),
        rx.cond(
            WhatIfState.info.length() > 0,
            rx.vstack(
                rx.text(WhatIfState.contract_line, weight="medium", id="whatif-contract-line"),
                rx.grid(_controls(), _results(), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
                _scenarios(),
                spacing="4", width="100%",
            ),
            rx.cond(WhatIfState.error_key == "", rx.text(AppState.tr["whatif.no_contract"])),
        ),
        spacing="4", width="100%",
    )
