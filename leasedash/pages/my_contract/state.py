"""The state of /my-contract: the contracts the viewer has (a driver picks the one every page shows), and the form
that creates or edits a contract: nothing is stored until the whole form is valid, each refusal under its field."""

from __future__ import annotations

import reflex as rx

from leasedash.domain.money import parse_whole
from leasedash.errors import InvalidInput
from leasedash.pages.my_contract.lines import ContractLine, ProductOption, contract_line
from leasedash.services.contract_entry import (OTHER_LESSOR, EntryScope, OwnContract, contract_form, entry_scope, my_contracts,
                                               pick_contract, save_contract)
from leasedash.services.grid_view import MAX_UPLOAD_BYTES, upload_text
from leasedash.services.portfolio import Named
from leasedash.state import AppState, guarded, refusal_message


class MyContractState(AppState):
    """The viewer's contracts, and the contract form."""

    may_enter: bool = False
    picks_driver: bool = False
    companies: list[Named] = []
    company: str = ""
    products: list[ProductOption] = []
    product: str = ""
    kind: str = "fixed"
    editing: str = ""
    form_key: int = 0
    grid_key: int = 0
    defaults: dict[str, str] = {}
    grid_text: str = ""
    saved: str = ""
    _version: int | None = None
    _contracts: list[OwnContract] = []

    def _scope(self, scope: EntryScope) -> None:
        self.may_enter, self.picks_driver = scope.may_enter, scope.picks_driver
        self.companies = list(scope.companies)
        self.company = str(scope.company_id or "")
        self.products = [ProductOption(p.id, p.name, p.needs_grid) for p in scope.products] + [ProductOption(OTHER_LESSOR, "", False)]
        if self.product not in {p.id for p in self.products}:
            self.product = self.products[0].id if self.products else OTHER_LESSOR

    def _blank(self) -> None:
        self.editing, self._version, self.defaults, self.grid_text, self.kind = "", None, {}, "", "fixed"
        self.form_key += 1

    @rx.event
    @guarded()
    def load(self):
        """The viewer's contracts and what they may enter; the contract in the URL opened for editing."""
        self.saved = ""
        viewer = self.viewer()
        self._contracts = my_contracts(viewer)
        self._scope(entry_scope(viewer, int(self.company) if self.company else None))
        wanted = self.router.url.query_parameters.get("contract", "")
        if wanted:
            self._open(parse_whole(wanted, "contract", 1))
        elif self.editing == "":
            self._blank()

    def _open(self, contract_id: int) -> None:
        form = contract_form(self.viewer(), contract_id)
        self.editing, self._version = str(form.contract_id), form.version
        self.defaults, self.grid_text, self.product = dict(form.values), form.values["grid_text"], form.values["product"]
        if self.viewer().role == "admin":
            self._scope(entry_scope(self.viewer(), form.company_id))
            self.product = form.values["product"]
        self.form_key += 1

    @rx.event
    @guarded()
    def edit(self, contract_id: str):
        self.saved = ""
        self._open(parse_whole(contract_id, "contract", 1))

    @rx.event
    @guarded()
    def new_contract(self):
        self.saved = ""
        self._blank()

    @rx.event
    @guarded()
    def pick(self, contract_id: str):
        """Show this contract on every page (home, grid, what-if)."""
        pick_contract(self.viewer(), parse_whole(contract_id, "contract", 1))
        self._contracts = my_contracts(self.viewer())

    @rx.event
    @guarded("admin")
    def set_company(self, value: str):
        """An admin's choice of the company the new contract belongs to."""
        if value not in {str(c.id) for c in self.companies}:
            raise InvalidInput("company", "choose one of the companies listed", "entry_company")
        self._scope(entry_scope(self.viewer(), int(value)))

    @rx.event
    @guarded()
    def set_product(self, value: str):
        if value not in {p.id for p in self.products}:
            raise InvalidInput("product", "choose one of the products listed, or another lessor", "entry_product")
        self.product = value

    @rx.event
    @guarded()
    def set_kind(self, value: str):
        if value not in ("grid", "fixed"):
            raise InvalidInput("kind", 'must be "grid" or "fixed"', "entry_kind")
        self.kind = value

    @rx.event
    @guarded()
    async def upload_grid(self, files: list[rx.UploadFile]):
        """Read an uploaded grid (.csv, .txt or .json, as the lessor prints it) into the grid field."""
        for file in files[:1]:
            name = (file.name or file.filename or "").rsplit("/", 1)[-1]
            self.grid_text = upload_text(name, await file.read(MAX_UPLOAD_BYTES + 1))
            self.grid_key += 1

    @rx.event
    @guarded()
    def save(self, form_data: dict):
        """Store the contract when every field is right; otherwise each problem under its field, nothing stored."""
        self.saved = ""
        fields = {k: v for k, v in form_data.items() if isinstance(k, str) and isinstance(v, str)}
        fields.update(product=self.product, kind=self.kind)
        outcome = save_contract(self.viewer(), fields, int(self.editing) if self.editing else None, self._version,
                                int(self.company) if self.company else None)
        if outcome.problems:
            self.defaults, self.grid_text = {**self.defaults, **fields}, fields.get("grid_text", "")
            self.field_problems = {name: refusal_message(exc, self.lang) for name, exc in outcome.problems.items()}
            self.problem = self.counted("entry.problems", len(outcome.problems))
            return None
        self._contracts = my_contracts(self.viewer())
        self._open(outcome.contract_id)
        self.saved = self.text("entry.saved", reference=self.defaults.get("reference", ""))
        return None

    @rx.var
    def contracts(self) -> list[ContractLine]:
        return [contract_line(c, self.lang) for c in self._contracts]

    @rx.var
    def other_lessor(self) -> bool:
        return self.product == OTHER_LESSOR

    @rx.var
    def needs_grid(self) -> bool:
        chosen = next((p for p in self.products if p.id == self.product), None)
        return self.kind == "grid" if self.product == OTHER_LESSOR else bool(chosen and chosen.needs_grid)

    @rx.var
    def title(self) -> str:
        return self.text("entry.edit_title", reference=self.defaults.get("reference", "")) if self.editing else self.tr["entry.new_title"]
