"""The one contract search in Chromium, on the pages that share it: a fleet manager types a driver's name on
/what-if and opens that contract, a reference on /grid and sees its grid, a plate on /fleet and lands on its what-if,
then finds the contracts they opened first; a driver picks their contract on /requests and sees the early
termination quoted from the earliest date the notice allows, as the what-if shows it."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from leasedash.db.models import Contract, Product, User, Vehicle
from leasedash.db.session import get_engine
from tests.e2e.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _company_contracts(db_url: str, kind: str) -> list[tuple[int, str, str, str, str]]:
    """(id, reference, driver's first and last name, plate) of the fleet manager's active contracts of a `kind` product."""
    with Session(get_engine(db_url)) as s:
        fleet = s.exec(select(User).where(User.email == "fleet@example.com")).one()
        rows = s.exec(select(Contract.id, Contract.reference, User.first_name, User.last_name, Vehicle.plate)
                      .join(User, User.id == Contract.driver_id).join(Vehicle, Vehicle.id == Contract.vehicle_id)
                      .join(Product, Product.id == Contract.product_id)
                      .where(Contract.company_id == fleet.company_id, Contract.status == "active", Product.kind == kind,
                             User.email != "driver@example.com").order_by(Contract.id)).all()
    return [tuple(r) for r in rows]


def _type(page, text: str, every_hit: str) -> None:
    """Type in the contract search and wait until every contract shown (the server's first page) says `every_hit`."""
    page.fill("#contract-search", text)
    page.wait_for_function("([text, said]) => { const rows = [...document.querySelectorAll('#contract-hits tr')]; "
                           "return document.querySelector('#contract-search').value === text && rows.length > 0 "
                           "&& rows.every(r => r.innerText.includes(said)); }", arg=[text, every_hit])


def _pick(page, reference: str) -> None:
    page.wait_for_selector(f"#contract-hits button:text-is('{reference}')")
    page.locator("#contract-hits button", has_text=reference).first.click()


def test_a_fleet_manager_finds_any_contract_from_the_what_if_the_grid_and_the_fleet(page, app_server):
    grid_contracts = _company_contracts(app_server.db_url, "grid")
    first, second, third = grid_contracts[0], grid_contracts[len(grid_contracts) // 2], grid_contracts[-1]
    sign_in(page, app_server, "fleet@example.com")
    page.goto(app_server.url + "/what-if", wait_until="networkidle")
    page.wait_for_selector("#whatif-contract-line")
    _type(page, f"{first[2]} {first[3]}", f"{first[2]} {first[3]}")
    screenshot(page, "search-what-if-typed")
    _pick(page, first[1])
    page.wait_for_function(f"document.querySelector('#whatif-contract-line').innerText.includes({first[1]!r})")
    assert page.locator("#contract-hits").count() == 0, "the list closes once a contract is picked"
    screenshot(page, "search-what-if-opened")

    page.goto(app_server.url + "/grid", wait_until="networkidle")
    page.wait_for_selector("#grid-label")
    _type(page, second[1].lower(), second[1])
    _pick(page, second[1])
    page.wait_for_function(f"document.querySelector('#grid-contract')?.innerText === 'Rent grid of contract {second[1]}'")
    screenshot(page, "search-grid")

    page.goto(app_server.url + "/fleet", wait_until="networkidle")
    page.wait_for_selector("#fleet-table tbody tr")
    _type(page, third[4], third[4])
    _pick(page, third[1])
    page.wait_for_url(f"**/what-if?contract={third[0]}")
    page.wait_for_function(f"document.querySelector('#whatif-contract-line')?.innerText.includes({third[1]!r})")

    page.click("#contract-search")
    page.wait_for_function("document.querySelectorAll('#contract-hits tr').length >= 3")
    rows = page.locator("#contract-hits tr").all_inner_texts()
    assert [r.split("\t")[0].split("\n")[0] for r in rows[:3]] == [third[1], second[1], first[1]], rows
    assert all("opened recently" in r for r in rows[:3])
    page.get_by_role("radio", name="FR").click()
    page.wait_for_function("document.querySelector('#contract-hits').innerText.includes('ouvert récemment')")
    screenshot(page, "search-recent-fr")


def test_a_driver_picks_their_contract_on_requests_and_sees_the_what_ifs_quote(page, app_server):
    sign_in(page, app_server, "driver@example.com")
    page.goto(app_server.url + "/requests", wait_until="networkidle")
    page.wait_for_selector("#request-contract")
    reference = page.inner_text("#request-contract")
    page.click("#contract-search")
    page.wait_for_selector("#contract-hits button")
    assert page.locator("#contract-hits tr").all_inner_texts()[0].startswith(reference) and "yours" in page.inner_text("#contract-hits")
    page.fill("#contract-search", "zzzz")
    page.wait_for_selector("text=No contract found.")
    page.click("#request-kind")
    page.get_by_role("option", name="Early termination of my lease", exact=True).click()
    page.wait_for_selector("#termination-quote")
    notice, cost, kind = page.inner_text("#termination-notice"), page.inner_text("#simulated-cost"), page.inner_text("#simulated-kind")
    month = int(page.input_value("#termination-month"))
    assert notice.startswith("2 months' notice: the car can come back from month ") and f"month {month} on" in notice
    screenshot(page, "search-requests-quote")
    page.click("#termination-what-if")
    page.wait_for_selector("#return-early")
    page.click("#return-early")
    slider = page.locator("#return-month [role=slider]")
    slider.wait_for()
    slider.press("Home")
    while int(slider.get_attribute("aria-valuenow")) < month:
        slider.press("ArrowRight")
    page.wait_for_function(f"document.querySelector('#whatif-settlement')?.innerText === {cost!r}")
    assert page.inner_text("#whatif-kind") == kind
    screenshot(page, "search-requests-what-if")
