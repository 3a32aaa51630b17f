"""The what-if simulator: a contract opened with the range of its sliders, the controls as a scenario document
and back, the engine's answer for one position (simulated once for all its views), kept scenarios as CSV."""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from leasedash.db.scoping import Viewer
from leasedash.db.session import session_scope
from leasedash.domain import LeaseInputError, SimulationResult, simulate_document
from leasedash.domain.cashflow import cumulative_cost
from leasedash.services.contract_view import ContractView, contract_view
from leasedash.services.saved_scenarios import SavedWhatIf, listed_scenarios
from leasedash.services.spreadsheet_cells import safe_row

KM_STEP = 500


@dataclass(frozen=True)
class Controls:
    """What the driver set on the page."""

    change: bool = False
    change_month: int = 1
    new_km: int = 0
    new_months: int = 0
    early: bool = False
    return_month: int = 1
    custom_km: bool = False
    return_km: int = 0


@dataclass(frozen=True)
class SliderBounds:
    """How far each slider of one contract goes."""

    months: int = 1
    km_min: int = 0
    km_max: int = 0
    months_min: int = 1
    months_max: int = 1
    return_min: int = 1
    return_max: int = 1
    return_km_max: int = 0


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
class OpenedContract:
    """A contract opened in the simulator: its terms, its sliders' range and starting position, the scenario
    document without events, and the viewer's saved what-ifs on it."""

    terms: WhatIfTerms
    bounds: SliderBounds
    start: Controls
    base: dict[str, Any]
    saved: tuple[SavedWhatIf, ...]


@dataclass(frozen=True)
class ScenarioAnswer:
    """The engine's answer for one position of the controls, with the cumulative cost month by month of the
    scenario and of the contract as it stands; `problem` when the engine refuses the scenario."""

    current: tuple[Decimal, ...]
    result: SimulationResult | None = None
    series: tuple[Decimal, ...] = ()
    problem: LeaseInputError | None = None


@dataclass(frozen=True)
class KeptScenario:
    """A scenario kept for the side-by-side comparison and the CSV export."""

    name: str
    controls: Controls
    events: str
    monthly_rent: Decimal
    settlement: Decimal
    whole_cost: Decimal


def open_contract(viewer: Viewer, contract_id: int) -> OpenedContract:
    """One of the viewer's contracts (NotFound otherwise) ready to simulate, the sliders where it stands today."""
    with session_scope() as s:
        view = contract_view(s, viewer, contract_id)
        saved = listed_scenarios(s, viewer, view.contract_id)
    base = {k: v for k, v in view.document.items() if k != "events"}
    earliest = int(base["product"].get("earliest_termination_month") or 1)
    terms = WhatIfTerms(view.contract_id, view.reference, view.product_name, view.changes_allowed, earliest, view.months,
                        view.annual_km, view.monthly_rent)
    bounds = _bounds(base["product"].get("grid"), terms)
    return OpenedContract(terms, bounds, _start(view, bounds), base, saved)


def _bounds(grid: dict[str, Any] | None, terms: WhatIfTerms) -> SliderBounds:
    months, km = terms.months, terms.annual_km
    km_max = int(grid["annual_km"][-1]) if grid else km * 2
    months_max = int(grid["months"][-1]) if grid else months
    return SliderBounds(
        months=months, km_min=int(grid["annual_km"][0]) if grid else max(KM_STEP, km // 2), km_max=km_max,
        months_min=int(grid["months"][0]) if grid else months, months_max=months_max,
        return_min=min(terms.earliest_return, months - 1) if months > 1 else 1, return_max=months - 1,
        return_km_max=max(km_max, km * 2) * months_max // 12,
    )


def _start(view: ContractView, bounds: SliderBounds) -> Controls:
    months, km, projection = view.months, view.annual_km, view.projection
    run = projection.months_run if projection else 1
    return Controls(change_month=max(1, min(run, months)), new_km=km, new_months=months,
                    return_month=max(bounds.return_min, min(run or 1, months - 1)),
                    return_km=projection.projected_km if projection else km * months // 12)


def scenario_document(base: dict[str, Any], controls: Controls) -> dict[str, Any]:
    """The scenario document of spec/scenario.md that the controls describe: a mileage and/or duration
    change at one month, then the return at term or early, at the contracted pace or with a km figure."""
    doc = copy.deepcopy(base)
    contract = doc["contract"]
    events: list[dict[str, Any]] = []
    if controls.change:
        if controls.new_km and controls.new_km != int(contract["annual_km"]):
            events.append({"type": "mileage_change", "at_month": controls.change_month, "annual_km": controls.new_km})
        if controls.new_months and controls.new_months != int(contract["months"]):
            events.append({"type": "duration_change", "at_month": controls.change_month, "months": controls.new_months})
    km = {"total_km": controls.return_km} if controls.custom_km else {}
    if controls.early:
        events.append({"type": "early_return", "at_month": controls.return_month, **km})
    else:
        events.append({"type": "end", **km})
    doc["events"] = events
    return doc


def controls_of(document: dict[str, Any], defaults: Controls) -> Controls:
    """The controls that rebuild a saved scenario document (its events read back)."""
    controls = replace(defaults, change=False, early=False, custom_km=False)
    for event in document.get("events", []):
        kind = event.get("type")
        if kind == "mileage_change":
            controls = replace(controls, change=True, change_month=int(event["at_month"]), new_km=int(event["annual_km"]))
        elif kind == "duration_change":
            controls = replace(controls, change=True, change_month=int(event["at_month"]), new_months=int(event["months"]))
        elif kind in ("end", "early_return"):
            controls = replace(controls, early=kind == "early_return", return_month=int(event.get("at_month", controls.return_month)))
            if event.get("total_km") is not None:
                controls = replace(controls, custom_km=True, return_km=int(event["total_km"]))
    return controls


@functools.lru_cache(maxsize=512)
def _simulated(document_json: str) -> SimulationResult:
    return simulate_document(json.loads(document_json))


def simulated(document: dict[str, Any]) -> SimulationResult:
    """The engine's answer for a scenario document, computed once per document: the views of one slider
    position (numbers, chart, comparison) share one simulation."""
    return _simulated(json.dumps(document, sort_keys=True))


def answer(base: dict[str, Any], controls: Controls) -> ScenarioAnswer:
    """The scenario the controls describe on the contract `base`, against the contract as it stands."""
    current = tuple(cumulative_cost(simulated({**base, "events": []})))
    try:
        result = simulated(scenario_document(base, controls))
    except LeaseInputError as exc:
        return ScenarioAnswer(current, problem=exc)
    return ScenarioAnswer(current, result, tuple(cumulative_cost(result)))


def kept_scenario(name: str, base: dict[str, Any], controls: Controls) -> KeptScenario | None:
    """The scenario the controls describe, named for the comparison (None when the engine refuses it)."""
    reply = answer(base, controls)
    if reply.result is None:
        return None
    events = scenario_document(base, controls)["events"]
    return KeptScenario(name, controls, "; ".join(", ".join(f"{k}={v}" for k, v in e.items()) for e in events),
                        reply.result.monthly_rent, reply.result.total_settlement, reply.series[-1])


def scenarios_csv(rows: list[KeptScenario]) -> str:
    """Kept scenarios as CSV: name, events, new rent, settlement, whole cost (amounts with a dot, two decimals)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["scenario", "events", "monthly_rent", "total_settlement", "whole_cost"])
    for row in rows:
        writer.writerow(safe_row([row.name, row.events, f"{row.monthly_rent:.2f}", f"{row.settlement:.2f}", f"{row.whole_cost:.2f}"]))
    return out.getvalue()
