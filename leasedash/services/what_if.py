"""The what-if simulator's controls as a scenario document, and back."""

from __future__ import annotations

import copy
import csv
import io
from dataclasses import dataclass, replace
from typing import Any


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


def scenarios_csv(rows: list[dict[str, str]]) -> str:
    """Kept scenarios as CSV: name, events, new rent, settlement, whole cost (amounts with a dot, two decimals)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["scenario", "events", "monthly_rent", "total_settlement", "whole_cost"])
    for row in rows:
        writer.writerow([row["name"], row["events"], row["rent"], row["settlement"], row["whole_cost"]])
    return out.getvalue()
