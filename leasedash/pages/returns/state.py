"""The states of /returns (the inspections a user may see, and starting one) and /returns/rules (an admin's
rules and price list); every handler goes through the gate and services/returns.py."""

from __future__ import annotations

import datetime as dt

import reflex as rx

from leasedash import routes
from leasedash.domain.money import parse_whole
from leasedash.i18n import format_date, format_money
from leasedash.pages.returns.records import Choice, InspectionRow
from leasedash.services import returns as desk
from leasedash.services.contract_view import ContractChoice, contract_choices
from leasedash.state import AppState, guarded


class ReturnsState(AppState):
    """The inspections (on the server) and the contract a new one is started on."""

    contract: str = ""
    _summaries: tuple[desk.InspectionSummary, ...] = ()
    _choices: list[ContractChoice] = []

    @rx.event
    @guarded()
    def load(self):
        """on_load: the list, and the contract of the address (?contract=N) or the first one."""
        viewer = self.viewer()
        self._summaries = desk.inspection_summaries(viewer)
        self._choices = contract_choices(viewer)
        wanted = self.router.url.query_parameters.get("contract", "")
        self.contract = wanted or (str(self._choices[0].contract_id) if self._choices else "")

    @rx.event
    @guarded()
    def choose_contract(self, value: str):
        self.contract = str(value)

    @rx.event
    @guarded()
    def start(self):
        """A self-check for a driver, a planned inspection for a fleet manager or an admin, on a contract they may see."""
        inspection_id = desk.start_inspection(self.viewer(), parse_whole(self.contract, "contract", 1), dt.date.today())
        return rx.redirect(routes.inspection(inspection_id))

    @rx.var
    def contract_options(self) -> list[Choice]:
        return [Choice(str(c.contract_id), c.reference) for c in self._choices]

    @rx.var
    def rows(self) -> list[InspectionRow]:
        lang, tr = self.lang, self.tr
        return [InspectionRow(routes.inspection(i.inspection_id), i.reference, tr["returns.self_check" if i.self_check else "returns.inspection"],
                              format_date(i.inspection_date, lang), tr[f"inspection_status.{i.status}"],
                              "" if i.total is None else format_money(i.total, lang))
                for i in self._summaries]


class RulesState(AppState):
    """The newest rules and prices as the JSON an admin edits, and the version the last save made."""

    rules_text: str = ""
    prices_text: str = ""
    saved_version: str = ""
    allowed: bool = False

    def _read(self) -> None:
        texts = desk.rule_texts()
        self.rules_text, self.prices_text = texts.rules, texts.prices

    @rx.event
    @guarded()
    def load(self):
        """on_load: the editors for an admin; for anyone else, a word that only an admin edits them."""
        self.saved_version = ""
        self.allowed = self.viewer().role == "admin"
        if self.allowed:
            self._read()

    def _save(self, kind: str, text: str) -> None:
        self.saved_version = ""
        self.saved_version = desk.save_rule_text(self.viewer(), kind, text)
        self._read()

    @rx.event
    @guarded("admin")
    def save_rules(self, form: dict):
        self._save("rules", str(form.get("rules", "")))

    @rx.event
    @guarded("admin")
    def save_prices(self, form: dict):
        self._save("prices", str(form.get("prices", "")))

    @rx.var
    def notice(self) -> str:
        return self.tr["rules.saved"].format(version=self.saved_version) if self.saved_version else ""
