"""The /grid page's handlers called directly: a driver opens only their own grids, the point query answers
in place and refuses a bad number under its field, only managers import, and an import with an error stores
nothing and shows each problem at its row and column."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import reflex as rx
from sqlalchemy import func
from sqlmodel import Session, select

from leasedash.db.models import Contract, RentGrid, User
from leasedash.db.session import get_engine
from leasedash.i18n import catalog, format_km
from leasedash.pages.grid.shown import QueryAnswer
from leasedash.pages.grid.state import GridState


def _driver_and_foreign_contract(url) -> tuple[Contract, Contract]:
    """The demo driver's contract, and a contract of another company on another grid."""
    with Session(get_engine(url)) as s:
        driver = s.exec(select(User).where(User.email == "driver@example.com")).one()
        own = s.exec(select(Contract).where(Contract.driver_id == driver.id)).one()
        foreign = s.exec(select(Contract).where(Contract.company_id != driver.company_id, Contract.rent_grid_id != own.rent_grid_id)).first()
        return own, foreign


def _grids(url) -> int:
    with Session(get_engine(url)) as s:
        return s.exec(select(func.count()).select_from(RentGrid)).one()


def test_without_a_session_the_grid_page_sends_to_login(make_state):
    answer = make_state(GridState, None).load()
    assert answer is not None and "/login" in str(answer)


def test_driver_sees_their_contracts_cell_and_cannot_open_another_grid(make_state, demo_db_url):
    own, foreign = _driver_and_foreign_contract(demo_db_url)
    grid = make_state(GridState, "driver@example.com")
    grid.load()
    assert grid.grid_id == str(own.rent_grid_id) and grid.problem == ""
    assert grid.cell_text == catalog("en")["grid.your_cell"].format(months=own.months, km=format_km(own.annual_km, "en"))
    assert [g.id for g in grid.grid_options] == [own.rent_grid_id] and grid.product_options == []
    grid.choose_grid(str(foreign.rent_grid_id))
    assert grid.problem == catalog("en")["common.not_found"]
    assert grid.grid_id == str(own.rent_grid_id)


def test_the_point_query_answers_in_place_and_refuses_a_bad_number_under_its_field(make_state):
    grid = make_state(GridState, "driver@example.com")
    grid.load()
    assert (grid.query_months, grid.query_km) == ("48", "15000")
    assert grid.answer == QueryAnswer("€536.32 a month, €25,743.36 in all", "a cell of the grid")
    grid.set_query_km("17.500")
    assert grid.answer.rule == "prorated between the nearest cells (003 q.36)" and grid.answer.result.startswith("€")
    grid.set_query_months("4x")
    assert grid.field_problems == {"months": catalog("en")["error.grid_query"]} and grid.answer == QueryAnswer()
    grid.set_query_months("72")
    assert grid.field_problems == {}
    assert grid.answer == QueryAnswer(outside="72 months is outside the grid (12 to 60 months): the lessor must quote it.")


def _upload(grid: GridState, name: str, data: bytes) -> None:
    asyncio.run(grid.handle_upload([rx.UploadFile(file=io.BytesIO(data), path=Path(name))]))


def test_an_upload_is_checked_on_the_server(make_state, leaseplus_text):
    grid = make_state(GridState, "fleet@example.com")
    grid.load()
    _upload(grid, "grille.pdf", leaseplus_text.encode())
    assert grid.field_problems == {"file": "grille.pdf: only .csv, .txt or .json files of at most 1 MB, in UTF-8."}
    assert grid.import_text == ""
    _upload(grid, "golf.csv", leaseplus_text.encode())
    assert grid.field_problems == {} and grid.import_text == leaseplus_text and grid.import_label == "golf"


def test_driver_cannot_import_a_grid(make_state, demo_db_url, leaseplus_text):
    before = _grids(demo_db_url)
    grid = make_state(GridState, "driver@example.com")
    grid.import_product, grid.import_label, grid.import_text = "1", "hack", leaseplus_text
    assert grid.submit_import() is None
    assert grid.problem == catalog("en")["common.not_allowed"] and grid.done_text == ""
    assert _grids(demo_db_url) == before


def test_grid_import_with_an_error_stores_nothing_and_points_at_the_cell(make_state, demo_db_url, leaseplus_text):
    grid = make_state(GridState, "fleet@example.com")
    grid.load()
    before = _grids(demo_db_url)
    grid.set_import_label("Peugeot 208 quote")
    grid.set_import_text(leaseplus_text.replace("783,10", "78x,10"))
    grid.submit_import()
    assert grid.problem_texts == ["Row 3 (15000 km), column 3 (24 months): \"78x,10\" is not an amount."]
    assert grid.failed_text == "Nothing was stored: 1 problem to fix."
    bad = [(r, c) for r, row in enumerate(grid.preview) for c, cell in enumerate(row) if cell.bad]
    assert len(bad) == 1 and grid.preview[bad[0][0]][bad[0][1]].text == "78x,10"
    assert _grids(demo_db_url) == before
    grid.set_lang("fr")
    assert grid.problem_texts == ["Ligne 3 (15000 km), colonne 3 (24 mois) : « 78x,10 » n'est pas un montant."]
    grid.set_import_text(leaseplus_text)
    grid.submit_import()
    assert grid.problem_texts == [] and grid.failed_text == ""
    assert grid.done_text == "Grille « Peugeot 208 quote » importée : 8 tranches de kilométrage × 9 durées."
    assert grid.grid_label.startswith("Peugeot 208 quote · ")
    with Session(get_engine(demo_db_url)) as s:
        stored = s.exec(select(RentGrid).where(RentGrid.label == "Peugeot 208 quote")).one()
        assert stored.company_id is not None
