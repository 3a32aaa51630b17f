"""The states of /returns (the inspections a user may see; for fleet managers and admins the contracts coming to
their end and the one contract search; starting an inspection) and /returns/rules (an admin's rules and price list
as forms, saved as new versions, the JSON as an export); every handler goes through the gate and the services."""

from __future__ import annotations

import datetime as dt

import reflex as rx

from leasedash import routes
from leasedash.domain.money import parse_whole
from leasedash.i18n import format_date, format_money
from leasedash.pages.returns.records import Choice, EndingRow, InspectionRow, RuleField
from leasedash.pages.returns.rule_rows import rule_fields
from leasedash.services import returns as desk
from leasedash.services.contract_view import ContractChoice, contract_choices
from leasedash.services.return_desk import EndingContracts, contracts_ending_soon
from leasedash.services.rule_forms import RuleForm, rule_forms, save_rule_form
from leasedash.state import AppState, guarded

MAX_VERSION = 60
MAX_VALUE = 400


class ReturnsState(AppState):
    """The inspections and the contracts ending soon (on the server), and the contract a new inspection is started on."""

    contract: str = ""
    _summaries: tuple[desk.InspectionSummary, ...] = ()
    _choices: list[ContractChoice] = []
    _ending: EndingContracts | None = None

    @rx.event
    @guarded()
    def load(self):
        """on_load: the list; a driver's own contracts, or a manager's contracts ending soon; the contract of the
        address (?contract=N) or the driver's first one."""
        viewer = self.viewer()
        self._summaries = desk.inspection_summaries(viewer)
        self._choices = [] if viewer.manages_contracts else contract_choices(viewer)
        self._ending = contracts_ending_soon(viewer, dt.date.today()) if viewer.manages_contracts else None
        wanted = self.router.url.query_parameters.get("contract", "")
        self.contract = wanted or (str(self._choices[0].contract_id) if self._choices else "")

    @rx.event
    @guarded()
    def choose_contract(self, value: str):
        """The contract picked in the driver's list or in the contract search."""
        self.contract = str(value)[:12]

    def _start(self, contract: str):
        inspection_id = desk.start_inspection(self.viewer(), parse_whole(contract, "contract", 1), dt.date.today())
        return rx.redirect(routes.inspection(inspection_id))

    @rx.event
    @guarded()
    def start(self):
        """A self-check for a driver, a planned inspection for a fleet manager or an admin, on a contract they may see."""
        return self._start(self.contract)

    @rx.event
    @guarded("fleet_manager", "admin")
    def start_for(self, contract_id: str):
        """The inspection of a contract of the list of contracts ending soon."""
        return self._start(str(contract_id)[:12])

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

    @rx.var
    def ending(self) -> list[EndingRow]:
        rows = self._ending.rows if self._ending else ()
        return [EndingRow(str(c.contract_id), c.reference, c.driver, f"{c.car} · {c.plate}", format_date(c.end_date, self.lang),
                          routes.inspection(c.inspection_id) if c.inspection_id else "") for c in rows]

    @rx.var
    def ending_title(self) -> str:
        return self.text("returns.ending_title", days=self._ending.days) if self._ending else ""

    @rx.var
    def ending_count(self) -> str:
        e = self._ending
        return self.counted("returns.ending_count", e.total) if e and e.total > len(e.rows) else ""


class RulesState(AppState):
    """The newest rules and price list as forms (on the server), and the version the last save made."""

    saved_version: str = ""
    allowed: bool = False
    _forms: tuple[RuleForm, ...] = ()

    @rx.event
    @guarded()
    def load(self):
        """on_load: the forms for an admin; for anyone else, a word that only an admin edits them."""
        self.saved_version = ""
        self.allowed = self.viewer().role == "admin"
        self._forms = rule_forms() if self.allowed else ()

    def _save(self, kind: str, form: dict) -> None:
        """The rows of the form (the browser also sends each input under its id: those are left out)."""
        self.saved_version = ""
        rows = {row.key for f in self._forms if f.kind == kind for row in f.rows}
        version = str(form.get("version", ""))[:MAX_VERSION + 1]
        values = {k: str(v)[:MAX_VALUE] for k, v in form.items() if k in rows}
        self.saved_version = save_rule_form(self.viewer(), kind, version, values)
        self._forms = rule_forms()

    @rx.event
    @guarded("admin")
    def save_rules(self, form: dict):
        self._save("rules", form)

    @rx.event
    @guarded("admin")
    def save_prices(self, form: dict):
        self._save("prices", form)

    @rx.event
    @guarded("admin")
    def export(self, kind: str):
        """The newest rules or price list as the JSON file of leasedash/data (an export; edits go through the forms)."""
        form = next((f for f in self._forms if f.kind == kind), None)
        if form is not None:
            return rx.download(data=form.json_text, filename=f"{kind}-{form.version}.json")
        return None

    def _fields(self, kind: str) -> list[RuleField]:
        form = next((f for f in self._forms if f.kind == kind), None)
        return rule_fields(form.rows, self.lang) if form else []

    @rx.var
    def rule_fields(self) -> list[RuleField]:
        return self._fields("rules")

    @rx.var
    def price_fields(self) -> list[RuleField]:
        return self._fields("prices")

    @rx.var
    def current_versions(self) -> dict[str, str]:
        """Per form, the version its rows show."""
        return {f.kind: self.text("rules.current", version=f.version) for f in self._forms}

    @rx.var
    def notice(self) -> str:
        return self.tr["rules.saved"].format(version=self.saved_version) if self.saved_version else ""
