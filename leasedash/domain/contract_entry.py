"""A contract typed in by its lessee or their fleet manager, checked field by field before anything is stored:
the terms as the contract states them, the car, and for "another lessor" the rules of its product (spec/scenario.md
"product"). The fields have the limits of the fleet import (fleet_import.json); the rent of a contract with a grid (a
grid product's, or a fixed product's price list at signing) must be the grid's quote for the contract's duration and
mileage (the cell, or the prorata between the nearest cells, 003 q.36) to the cent, as the scenario document requires."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from leasedash.domain.errors import GridError, LeaseInputError
from leasedash.domain.fleet_cells import CellProblem, cell_parser
from leasedash.domain.fleet_file import field_specs
from leasedash.domain.grid import RentGrid
from leasedash.domain.grid_parse import parse_grid
from leasedash.domain.money import parse_amount, parse_decimal, parse_whole
from leasedash.domain.scenario import GRID, TERMINATIONS, parse_product

RULE_FIELDS = ("kind", "excess_km_rate", "under_km_rate", "min_billed_months", "termination", "keurmerk_percentage",
               "first_invoice_cutoff_day")
_RATES = ("excess_km_rate", "under_km_rate", "keurmerk_percentage")
_COUNTS = ("min_billed_months", "first_invoice_cutoff_day")
_PROBE_GRID = {"months": [12, 24], "annual_km": [10000, 20000], "rents": [["2", "1"], ["2", "1"]]}


@dataclass(frozen=True)
class CheckedContract:
    """A contract form that passed every check: the values to store, the grid pasted, and "another lessor"'s rules."""

    reference: str
    start_date: dt.date
    months: int
    annual_km: int
    monthly_rent: Decimal
    make: str
    model: str
    plate: str
    vin: str | None
    first_registration: dt.date | None
    fuel: str
    body: str
    catalogue_price: Decimal
    delivery_km: int
    grid: RentGrid | None
    rules: dict[str, Any] | None


@lru_cache(maxsize=4096)
def _quote(grid: RentGrid, months: int, annual_km: int):
    return grid.quote(months, annual_km)


def grid_rent_problem(grid: RentGrid, months: int, annual_km: int, rent: Decimal) -> LeaseInputError | None:
    """None when `rent` is the grid's quote for (months, km a year) to the cent; else the refusal with the grid's rent and
    the difference; a point outside the grid is refused under its field (the lessor must quote it, scenario.md)."""
    try:
        quote = _quote(grid, months, annual_km)
    except LeaseInputError as exc:
        return LeaseInputError("annual_km" if exc.code == "above_grid_km" else "months", exc.reason, code=exc.code)
    if quote.monthly_rent == rent:
        return None
    difference = rent - quote.monthly_rent
    return LeaseInputError("monthly_rent", f"{rent} is not the grid's rent for {months} months at {annual_km} km a year: the grid "
                                           f"gives {quote.monthly_rent}, a difference of {difference:+}", code="entry_rent_grid",
                           params={"rent": f"{rent:.2f}", "grid_rent": f"{quote.monthly_rent:.2f}", "difference": f"{difference:+.2f}",
                                   "months": months, "km": annual_km})


class _Form:
    """The form's text fields, and one problem at most per field."""

    def __init__(self, form: dict[str, Any]) -> None:
        self.form = form
        self.problems: dict[str, LeaseInputError] = {}

    def text(self, name: str) -> str:
        value = self.form.get(name)
        return value.strip() if isinstance(value, str) else ""

    def refuse(self, name: str, reason: str, code: str, **params: object) -> None:
        self.problems.setdefault(name, LeaseInputError(name, reason, code=code, params=params))

    def read(self, name: str, parse, default: Any = None) -> Any:
        """The field read by `parse` (an empty field: `default`, or "is required" when default is None)."""
        text = self.text(name)
        if not text:
            if default is None:
                self.refuse(name, "is required", "import_required")
            return default
        try:
            return parse(text)
        except CellProblem as bad:
            self.refuse(name, bad.reason, bad.code, **bad.params)
        return None


def _bounded(parse, field: str):
    """A form number read the lenient way of domain.money (either decimal mark), within the import's limits."""
    spec = next(s for s in field_specs("contracts") if s["field"] == field)
    low, high = Decimal(str(spec["minimum"])), Decimal(str(spec["maximum"]))

    def read(text: str):
        try:
            value = parse(text, field)
        except LeaseInputError:
            value = None
        if value is None or not low <= value <= high:
            raise CellProblem("entry_number", f"must be a number from {low} to {high}, got {text!r}", low=low, high=high, value=repr(text))
        return value
    return read


def _rate(text: str):
    try:
        value = parse_decimal(text, "rate")
    except LeaseInputError:
        value = None
    if value is None or value < 0:
        raise CellProblem("entry_rate", f"must be a number of zero or more, got {text!r}", value=repr(text))
    return value


def _count(text: str):
    try:
        return parse_whole(text, "count")
    except LeaseInputError:
        raise CellProblem("entry_count", f"must be a whole number of zero or more, got {text!r}", value=repr(text)) from None


def other_lessor_rules(form: _Form, with_grid: bool) -> dict[str, Any] | None:
    """"Another lessor"'s rules as a scenario product (scenario.md "product"), each refusal under its form field."""
    kind = form.text("kind")
    if kind not in TERMINATIONS:
        form.refuse("kind", 'must be "grid" or "fixed"', "entry_kind")
        return None
    rules: dict[str, Any] = {"name": form.text("product_name")[:200] or "Other lessor", "kind": kind, "changes_allowed": kind == GRID}
    for name in RULE_FIELDS[1:]:
        if form.text(name):
            rules[name] = form.read(name, _rate if name in _RATES else _count if name in _COUNTS else str)
    termination = rules.get("termination", "grid" if kind == GRID else "")
    if termination not in TERMINATIONS[kind]:
        form.refuse("termination", f"a {kind} product ends by one of {', '.join(TERMINATIONS[kind])}", "entry_termination",
                    allowed=", ".join(TERMINATIONS[kind]))
    elif termination == "keurmerk" and not (rules.get("keurmerk_percentage") is not None and rules["keurmerk_percentage"] <= 1):
        form.refuse("keurmerk_percentage", "a fraction between 0 and 1 is needed for the Keurmerk termination", "entry_keurmerk")
    if not 1 <= rules.get("first_invoice_cutoff_day", 1) <= 31:
        form.refuse("first_invoice_cutoff_day", "a day of the month is 1 to 31", "entry_cutoff")
    if any(n in form.problems for n in RULE_FIELDS):
        return None
    document = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in rules.items()}
    parse_product({**document, "grid": _PROBE_GRID} if with_grid or kind == GRID else document)
    return rules


def _grid(form: _Form, rules: dict[str, Any] | None) -> RentGrid | None:
    text = form.text("grid_text")
    needs = rules is not None and (rules["kind"] == GRID or rules.get("termination") == "keurmerk")
    if not text:
        if needs:
            form.refuse("grid_text", "paste the rent grid as the lessor prints it: this product's rent and terms follow it",
                        "entry_grid_required")
        return None
    try:
        return parse_grid(text, min_axis_values=2 if rules is not None and rules["kind"] == GRID else 1)
    except GridError as exc:
        first = exc.problems[0]
        form.refuse("grid_text", first.reason, first.code, **dict(first.params))
        return None


def check_contract(fields: dict[str, Any], rules: dict[str, Any] | None) -> tuple[CheckedContract | None, dict[str, LeaseInputError]]:
    """Check a contract form: (the contract, {}) when every field is right, else (None, one problem per field at fault).
    `rules` are the chosen product's (None: "another lessor", whose rules are in the form)."""
    form = _Form(fields)
    if rules is None:
        rules = other_lessor_rules(form, bool(form.text("grid_text")))
    grid = _grid(form, rules)
    cell = {name: cell_parser("contracts", name) for name in ("reference", "make", "model", "plate", "vin", "start_date",
                                                               "first_registration", "fuel", "body")}
    reference, make, model, plate = (form.read(n, cell[n]) for n in ("reference", "make", "model", "plate"))
    vin = form.read("vin", cell["vin"], "") or None
    start = form.read("start_date", cell["start_date"])
    registered = form.read("first_registration", cell["first_registration"], "") or None
    fuel, body = form.read("fuel", cell["fuel"], "petrol"), form.read("body", cell["body"], "car")
    months, annual_km = form.read("months", _bounded(parse_whole, "months")), form.read("annual_km", _bounded(parse_whole, "annual_km"))
    rent = form.read("monthly_rent", _bounded(parse_amount, "monthly_rent"))
    catalogue = form.read("catalogue_price", _bounded(parse_amount, "catalogue_price"), Decimal("0.00"))
    delivery = form.read("delivery_km", _bounded(parse_whole, "delivery_km"), 0)
    if start and registered and registered > start:
        form.refuse("first_registration", f"{registered} is after the start date {start}: a car is registered before it is delivered",
                    "import_registration_late", date=registered, start=start)
    if grid is not None and None not in (months, annual_km, rent):
        problem = grid_rent_problem(grid, months, annual_km, rent)
        if problem is not None:
            form.problems.setdefault(problem.field, problem)
    if form.problems:
        return None, form.problems
    return CheckedContract(reference, start, months, annual_km, rent, make, model, plate, vin, registered, fuel, body, catalogue,
                           delivery, grid, rules), {}
