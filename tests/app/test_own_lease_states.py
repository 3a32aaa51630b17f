"""The handlers of /my-contract, /fleet-import and the home page's odometer log called directly on the demo
database, without writing to it: who may enter contracts, every refusal under its field in the reader's language,
a file's problems listed by row and column, today's target odometer."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from pathlib import Path

import reflex as rx

from leasedash.i18n import catalog
from leasedash.pages.fleet_import import state
from leasedash.pages.fleet_import.state import FleetImportState
from leasedash.pages.home.log_state import OdometerState
from leasedash.pages.my_contract.state import MyContractState
from leasedash.services.fleet_import import HistoryLine

FILE = ("Référence;E-mail du conducteur;Produit;Date de début;Durée (mois);Km annuels;Loyer mensuel;Marque;Modèle;Plaque\n"
        "ST-1;an@acme.be;best-deal;15/01/2025;36;10.000;399,00;Renault;Clio;1-ST-001\n"
        "ST-2;an@acme.be;best-deal;15/01/2025;36;10.000,5;399,00;Renault;Clio;1-ST-002\n")


def test_a_company_driver_reads_their_contracts_and_enters_none(make_state):
    page = make_state(MyContractState, "driver@example.com")
    page.load()
    assert not page.may_enter and len(page.contracts) == 1 and page.contracts[0].picked is False


def test_the_contract_form_refuses_every_bad_field_under_it_in_french(make_state):
    page = make_state(MyContractState, "fleet@example.com")
    page.lang = "fr"
    page.load()
    assert page.may_enter and page.picks_driver and any(p.id == "other" for p in page.products)
    page.set_product(next(p.id for p in page.products if p.name.startswith("Best Deal")))
    page.save({"reference": "", "months": "0", "annual_km": "15000", "monthly_rent": "399", "make": "VW", "model": "Up",
               "plate": "1/X", "start_date": "2025-01-15", "driver_email": "driver@example.com"})
    assert set(page.field_problems) == {"reference", "months", "plate"}
    assert page.field_problems["reference"] == catalog("fr")["error.import_required"]
    assert page.problem == "3 champs à corriger : rien n'a été enregistré."
    page.set_product("no-such-product")
    assert page.field_problems == {"product": page.field_problems["product"]}


def test_a_file_with_a_bad_row_shows_it_and_cannot_be_imported(make_state):
    page = make_state(FleetImportState, "fleet@example.com")
    page.load()
    asyncio.run(page.upload([rx.UploadFile(file=io.BytesIO(FILE.encode()), path=Path("flotte.csv"))]))
    assert page.checked and page.mark == ","
    assert page.problems == ["row 3, column Km annuels: must be a whole number of km, got '10.000,5'"]
    assert not page.may_import and page.problem_total == "1 problem: nothing was imported."
    assert {m.field: m.column for m in page.mapping}["annual_km"] == "5"
    page.set_column("annual_km", "-1")
    assert page.problems == ["no column holds Annual km: choose it in the mapping"]
    assert page.preview.rows == [] and "Annual km" not in page.preview.labels


def test_a_driver_may_not_import(make_state):
    page = make_state(FleetImportState, "driver@example.com")
    page.load()
    assert page.problem == catalog("en")["common.not_allowed"]


def test_the_home_page_tells_the_driver_their_target_odometer(make_state):
    log = make_state(OdometerState, "driver@example.com")
    log.load()
    log.load_log()
    assert log.log.shown and log.log.target.startswith("Your odometer should read ")
    assert len(log.log.readings) > 0


def test_the_history_lists_the_imports_of_the_company(make_state, monkeypatch):
    line = HistoryLine(7, "Acme", "contracts", "fleet.csv", "", dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.timezone.utc), 3, 2, 1, 0, 4)
    monkeypatch.setattr(state, "import_history", lambda viewer, company: [line])
    page = make_state(FleetImportState, "fleet@example.com")
    page.load()
    [row] = page.history
    assert (row.file_name, row.by, row.counts) == ("fleet.csv", "command line", "3 rows: 2 new, 1 updated, 0 unchanged, 4 absent from the file")
