"""The what-if simulator: a contract opened where it stands (the month it has reached, the km driven so far) with the
range of its sliders, the controls as a scenario document and back, the engine's answer for one position (simulated
once for all its views) with the date of each step, kept scenarios (stored for their owner) as CSV."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import functools
import io
import json
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError, SimulationResult, simulate_document
from leasedash.domain.cashflow import cumulative_cost
from leasedash.domain.projection import add_months, km_at_month, months_between
from leasedash.services.contract_view import Driven, contract_view
from leasedash.services.saved_scenarios import KeptDocument, SavedWhatIf, kept_documents, listed_scenarios
from leasedash.services.spreadsheet_cells import safe_row

KM_STEP = 500
DRIVEN, CONTRACTED, CUSTOM = "driven", "contract", "custom"
KM_MODES = (DRIVEN, CONTRACTED, CUSTOM)


@dataclass(frozen=True)
class Controls:
    """What the driver set on the page. `km_mode`: the km at the return at the pace driven so far ("driven"), at the
    contracted pace ("contract") or a number of km ("custom", `return_km`); `anew`: simulate the contract from its
    start, as if signed anew, instead of from the month it has reached."""

    change: bool = False
    change_month: int = 1
    new_km: int = 0
    new_months: int = 0
    early: bool = False
    return_month: int = 1
    km_mode: str = CONTRACTED
    return_km: int = 0
    anew: bool = False


@dataclass(frozen=True)
class Standing:
    """Where the contract stands today: the month it has reached (0 when it is not running) and how far it has been
    driven (its latest reading)."""

    reached: int = 0
    driven: Driven = Driven()

    @property
    def floor(self) -> int:
        """The first month a change or a return may be dated at (the month reached; 1 for a contract not running)."""
        return max(1, self.reached)


@dataclass(frozen=True)
class SliderBounds:
    """How far each slider of one contract goes; `floor`: the month the contract has reached (a change or a return
    is dated from it on, except as if signed anew)."""

    months: int = 1
    km_min: int = 0
    km_max: int = 0
    months_min: int = 1
    months_max: int = 1
    return_min: int = 1
    return_max: int = 1
    return_km_max: int = 0
    floor: int = 1


@dataclass(frozen=True)
class WhatIfTerms:
    """The contract a what-if starts from, as the page names it."""

    contract_id: int
    reference: str
    product: str
    changes_allowed: bool
    earliest_return: int
    months: int
    annual_km: int
    monthly_rent: Decimal


@dataclass(frozen=True)
class KeptScenario:
    """A scenario kept for the side-by-side comparison and the CSV export (stored for its owner: `scenario_id`)."""

    scenario_id: int
    name: str
    events: str
    monthly_rent: Decimal
    settlement: Decimal
    whole_cost: Decimal
    series: tuple[Decimal, ...]


@dataclass(frozen=True)
class OpenedContract:
    """A contract opened in the simulator: its terms, where it stands, its sliders' range and starting position (the
    end at the pace driven so far), the scenario document without events, the viewer's saved and kept what-ifs on it."""

    terms: WhatIfTerms
    standing: Standing
    bounds: SliderBounds
    start: Controls
    base: dict[str, Any]
    saved: tuple[SavedWhatIf, ...]
    kept: tuple[KeptScenario, ...]


@dataclass(frozen=True)
class Moment:
    """When one step of a scenario settles: "now" (a change at the month reached), "month" (a change at another
    month), "return" (an early return) or "end"; the month, its date, and the step's settlement."""

    kind: str
    month: int
    day: dt.date | None
    settlement: Decimal


@dataclass(frozen=True)
class ScenarioAnswer:
    """The engine's answer for one position of the controls, with the cumulative cost month by month of the
    scenario and of the contract as it stands and when each step settles; `problem` when the engine refuses it."""

    current: tuple[Decimal, ...]
    result: SimulationResult | None = None
    series: tuple[Decimal, ...] = ()
    problem: LeaseInputError | None = None
    moments: tuple[Moment, ...] = ()


def open_contract(viewer: Viewer, contract_id: int, as_of: dt.date | None = None) -> OpenedContract:
    """One of the viewer's contracts (NotFound otherwise) ready to simulate, as of `as_of` (today): the changes and
    the return dated from the month it has reached, the return at the km its latest reading projects (as home and
    /fleet project it)."""
    with session_scope() as s:
        return opened_contract(s, viewer, contract_id, as_of)


def opened_contract(session: Session, viewer: Viewer, contract_id: int, as_of: dt.date | None = None) -> OpenedContract:
    """open_contract in the caller's session (services/termination.py quotes an early return with it)."""
    as_of = as_of or dt.date.today()
    view = contract_view(session, viewer, contract_id, as_of)
    saved = listed_scenarios(session, viewer, view.contract_id)
    kept_rows = kept_documents(session, viewer, view.contract_id)
    base = {k: v for k, v in view.document.items() if k != "events"}
    running = view.status == "active"
    standing = Standing(max(0, min(view.months, months_between(view.start_date, as_of))) if running else 0, view.driven)
    earliest = int(base["product"].get("earliest_termination_month") or 1)
    terms = WhatIfTerms(view.contract_id, view.reference, view.product_name, view.changes_allowed, earliest, view.months,
                        view.annual_km, view.monthly_rent)
    bounds = _bounds(base["product"].get("grid"), terms, standing)
    start = Controls(change_month=min(bounds.floor, view.months), new_km=view.annual_km, new_months=view.months,
                     return_month=bounds.return_min, km_mode=DRIVEN if running else CONTRACTED,
                     return_km=km_at_month(view.driven.km, view.driven.days, view.annual_km, view.months))
    kept = tuple(k for k in (kept_scenario(row, base) for row in kept_rows) if k is not None)
    return OpenedContract(terms, standing, bounds, start, base, saved, kept)


def _bounds(grid: dict[str, Any] | None, terms: WhatIfTerms, standing: Standing) -> SliderBounds:
    months, km = terms.months, terms.annual_km
    km_max = int(grid["annual_km"][-1]) if grid else km * 2
    months_max = int(grid["months"][-1]) if grid else months
    return_max = max(1, months - 1)
    return SliderBounds(
        months=months, km_min=int(grid["annual_km"][0]) if grid else max(KM_STEP, km // 2), km_max=km_max,
        months_min=int(grid["months"][0]) if grid else months, months_max=months_max,
        return_min=min(max(terms.earliest_return, standing.floor), return_max), return_max=return_max,
        return_km_max=max(km_max, km * 2) * months_max // 12, floor=min(standing.floor, months),
    )


def effective(controls: Controls, standing: Standing, changes_allowed: bool) -> Controls:
    """The controls as simulated: no change on a product that fixes the contract; a change or a return dated at
    the month the contract has reached at the earliest, unless simulated as if signed anew."""
    controls = replace(controls, change=controls.change and changes_allowed)
    if controls.anew:
        return controls
    return replace(controls, change_month=max(controls.change_month, standing.floor),
                   return_month=max(controls.return_month, standing.floor))


def scenario_document(base: dict[str, Any], controls: Controls, standing: Standing = Standing()) -> dict[str, Any]:
    """The scenario document of spec/scenario.md that the controls describe: a mileage and/or duration
    change at one month, then the return at term or early, with the km at the pace driven so far (the latest reading
    projected to the month of the return), at the contracted pace or a km figure."""
    doc = copy.deepcopy(base)
    contract = doc["contract"]
    events: list[dict[str, Any]] = []
    months = int(contract["months"])
    if controls.change:
        if controls.new_km and controls.new_km != int(contract["annual_km"]):
            events.append({"type": "mileage_change", "at_month": controls.change_month, "annual_km": controls.new_km})
        if controls.new_months and controls.new_months != months:
            events.append({"type": "duration_change", "at_month": controls.change_month, "months": controls.new_months})
            months = controls.new_months
    month = controls.return_month if controls.early else months
    km: dict[str, int] = {}
    if controls.km_mode == CUSTOM:
        km = {"total_km": controls.return_km}
    elif controls.km_mode == DRIVEN:
        km = {"total_km": km_at_month(standing.driven.km, standing.driven.days, int(contract["annual_km"]), month)}
    if controls.early:
        events.append({"type": "early_return", "at_month": controls.return_month, **km})
    else:
        events.append({"type": "end", **km})
    doc["events"] = events
    return doc


def controls_of(document: dict[str, Any], defaults: Controls, standing: Standing = Standing()) -> Controls:
    """The controls that rebuild a saved scenario document (its events read back; a km figure as "a number of km");
    simulated as if signed anew when an event is dated before the month the contract has reached."""
    controls = replace(defaults, change=False, early=False, km_mode=CONTRACTED, anew=False)
    for event in document.get("events", []):
        kind = event.get("type")
        if kind == "mileage_change":
            controls = replace(controls, change=True, change_month=int(event["at_month"]), new_km=int(event["annual_km"]))
        elif kind == "duration_change":
            controls = replace(controls, change=True, change_month=int(event["at_month"]), new_months=int(event["months"]))
        elif kind in ("end", "early_return"):
            controls = replace(controls, early=kind == "early_return", return_month=int(event.get("at_month", controls.return_month)))
            if event.get("total_km") is not None:
                controls = replace(controls, km_mode=CUSTOM, return_km=int(event["total_km"]))
        if int(event.get("at_month", standing.floor)) < standing.floor:
            controls = replace(controls, anew=True)
    return controls


@functools.lru_cache(maxsize=512)
def _simulated(document_json: str) -> SimulationResult:
    return simulate_document(json.loads(document_json))


def simulated(document: dict[str, Any]) -> SimulationResult:
    """The engine's answer for a scenario document, computed once per document: the views of one slider
    position (numbers, chart, comparison) share one simulation."""
    return _simulated(json.dumps(document, sort_keys=True))


def moments(result: SimulationResult, reached: int, anew: bool) -> tuple[Moment, ...]:
    """When each step settles: its month (an `end` at the contract's length as it then stands) and that month's date
    from the contract's start; a change at the month reached is "now" (not as if signed anew)."""
    start, months, out = result.scenario.contract.start_date, result.scenario.contract.months, []
    for step in result.steps:
        event = step.event
        if event.type == "end":
            kind, month = "end", months
        elif event.type == "early_return":
            kind, month = "return", event.at_month
        else:
            kind, month = ("now" if event.at_month == reached and not anew else "month"), event.at_month
        if event.type == "duration_change":
            months = event.months
        out.append(Moment(kind, month, add_months(start, month) if start else None, step.settlement))
    return tuple(out)


def answer(base: dict[str, Any], controls: Controls, standing: Standing = Standing()) -> ScenarioAnswer:
    """The scenario the controls (as simulated: `effective`) describe on the contract `base`, against the contract as
    it stands."""
    current = tuple(cumulative_cost(simulated({**base, "events": []})))
    try:
        result = simulated(scenario_document(base, controls, standing))
    except LeaseInputError as exc:
        return ScenarioAnswer(current, problem=exc)
    return ScenarioAnswer(current, result, tuple(cumulative_cost(result)), moments=moments(result, standing.reached, controls.anew))


def headline_rent(result: SimulationResult) -> Decimal:
    """The monthly rent from now on: the rent in force after the last change (the rent the return step starts from;
    a return's re-rating is a settlement, not a rent paid from now on)."""
    return result.steps[-1].rent_before if result.steps else result.monthly_rent


def kept_scenario(row: KeptDocument, base: dict[str, Any]) -> KeptScenario | None:
    """A stored scenario of the contract `base`, as the comparison shows it (None when the engine refuses it now)."""
    events = row.document.get("events", [])
    try:
        result = simulated({**base, "events": events})
    except LeaseInputError:
        return None
    series = tuple(cumulative_cost(result))
    return KeptScenario(row.scenario_id, row.name, "; ".join(", ".join(f"{k}={v}" for k, v in e.items()) for e in events),
                        headline_rent(result), result.total_settlement, series[-1], series)


def scenarios_csv(rows: list[KeptScenario]) -> str:
    """Kept scenarios as CSV: name, events, rent from now on, settlement (positive: an invoice, negative: a refund, as
    spec/scenario.md signs it), whole cost (amounts with a dot, two decimals)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["scenario", "events", "monthly_rent", "total_settlement", "whole_cost"])
    for row in rows:
        writer.writerow(safe_row([row.name, row.events, f"{row.monthly_rent:.2f}", f"{row.settlement:.2f}", f"{row.whole_cost:.2f}"]))
    return out.getvalue()
