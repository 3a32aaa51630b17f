"""Bring your own lease in headless Chromium: a private lessee types in their contract, adds three readings on the
home page and sees the chart and today's target odometer; a fleet manager imports a CSV with two bad rows, sees both
named by row and column, fixes them and imports."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from leasedash.db.models import Company, User
from leasedash.db.session import session_scope
from leasedash.services.auth import set_password
from tests.e2e.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "Odometer-Road-2026"
START = dt.date.today().replace(day=1) - dt.timedelta(days=600)


@pytest.fixture
def lessee(app_server) -> str:
    """A private lessee with an account and no contract yet."""
    email = f"lessee.{dt.datetime.now():%H%M%S%f}@home.example"
    with session_scope(app_server.db_url) as s:
        company = Company(name=f"Private lessee {email}", kind="private")
        s.add(company)
        s.flush()
        user = User(email=email, first_name="Lea", last_name="Janssens", role="driver", company_id=company.id, language="en")
        s.add(user)
        s.flush()
        assert set_password(s, user, PASSWORD) == []
    return email


def _pick(page, trigger: str, option: str) -> None:
    page.click(trigger)
    page.get_by_role("option", name=option).first.click()


def _reading(page, day: dt.date, km: int) -> None:
    page.click("#log-add")
    page.fill("#log-date", day.isoformat())
    page.fill("#log-km", str(km))
    page.click("#log-save")
    page.wait_for_function(f"document.querySelector('#log-readings')?.innerText.includes('{km:,}')")


def test_a_private_lessee_types_in_a_contract_and_logs_three_readings(page, app_server, lessee):
    sign_in(page, app_server, lessee, PASSWORD)
    page.goto(app_server.url + "/my-contract", wait_until="networkidle")
    page.wait_for_selector("#contract-form")
    _pick(page, "#product", "My Personal Lease · Alphabet (BE)")
    for field, value in (("reference", "MPL-0042"), ("start_date", START.isoformat()), ("months", "48"), ("annual_km", "15000"),
                         ("monthly_rent", "0"), ("delivery_km", "124"), ("make", "Peugeot"), ("model", "e-208"), ("plate", "1-LEA-042")):
        page.fill(f"#{field}", value)
    page.click("#entry-save")
    page.wait_for_selector("#problem-monthly_rent")
    screenshot(page, "own-lease-form-refused-en")
    page.fill("#monthly_rent", "412,50")
    page.click("#entry-save")
    page.wait_for_selector("#entry-saved")
    assert "MPL-0042" in page.locator("#my-contracts").inner_text()
    screenshot(page, "own-lease-form-en")

    page.goto(app_server.url + "/", wait_until="networkidle")
    page.wait_for_selector("#odometer-log")
    days = (dt.date.today() - START).days
    target = 124 + int((Decimal(15000) * days / Decimal("365.25")).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert page.locator("#log-target").inner_text() == f"Your odometer should read {target:,} km today"
    for back, km in ((500, 7000), (300, 15500), (20, 24000)):
        _reading(page, dt.date.today() - dt.timedelta(days=back), km)
    page.click("#log-add")
    page.fill("#log-date", (dt.date.today() - dt.timedelta(days=10)).isoformat())
    page.fill("#log-km", "20000")
    page.click("#log-save")
    page.wait_for_selector("#problem-km")
    assert "24000" in page.locator("#problem-km").inner_text()
    page.wait_for_selector("#log-chart .main-svg")
    assert page.locator("#log-chart .scatterlayer .trace").count() == 4
    assert page.locator("#log-runs-out").inner_text().startswith("At this pace the allowance")
    assert page.locator("#kpi-km").count() == 1
    screenshot(page, "own-lease-log-en")
    page.get_by_role("radio", name="FR").click()
    page.wait_for_function("document.querySelector('#log-target').innerText.startsWith('Votre compteur devrait indiquer')")
    screenshot(page, "own-lease-log-fr")
    page.goto(app_server.url + "/my-contract", wait_until="networkidle")
    page.wait_for_selector("#contract-form")
    screenshot(page, "own-lease-form-fr")
    page.get_by_role("radio", name="EN").click()
    page.goto(app_server.url + "/account", wait_until="networkidle")
    page.click("#pace-emails")
    page.wait_for_function("document.querySelector('#pace-emails').getAttribute('aria-checked') === 'false'")
    screenshot(page, "own-lease-account-en")


def _csv(rows: list[str]) -> bytes:
    head = "Contract reference;Driver e-mail;Product;Start date;Duration (months);Annual km;Monthly rent;Make;Model;Plate"
    return ("\n".join([head, *rows]) + "\n").encode()


def test_a_fleet_manager_imports_a_file_after_fixing_its_two_bad_rows(page, app_server):
    stamp = dt.datetime.now().strftime("%H%M%S")
    good = [f"E2E-{stamp}-1;ana.{stamp}@example.com;best-deal;15/01/2025;36;10.000;399,00;Renault;Clio;E2E-{stamp}-1",
            f"E2E-{stamp}-2;ben.{stamp}@example.com;My Personal Lease;01/02/2025;48;15.000;412,50;Peugeot;e-208;E2E-{stamp}-2"]
    bad = [f"E2E-{stamp}-3;cy.{stamp}@example.com;best-deal;31/02/2025;36;10.000;399,00;Renault;Clio;E2E-{stamp}-3",
           f"E2E-{stamp}-4;cy.{stamp}@example.com;best-deal;01/03/2025;36;10.000,5;399,00;Renault;Clio;E2E-{stamp}-4"]
    fixed = [bad[0].replace("31/02/2025", "28/02/2025"), bad[1].replace("10.000,5", "10.000")]
    sign_in(page, app_server, "fleet@example.com")
    page.goto(app_server.url + "/fleet-import", wait_until="networkidle")
    page.wait_for_selector("#fleet-upload")
    page.set_input_files("#fleet-upload input[type=file]", files=[{"name": "fleet.csv", "mimeType": "text/csv", "buffer": _csv(good + bad)}])
    page.wait_for_selector("#import-problems")
    problems = page.locator("#import-problems").inner_text()
    assert "row 4, column Start date: expected a date as YYYY-MM-DD or DD/MM/YYYY, got '31/02/2025'" in problems
    assert "row 5, column Annual km: must be a whole number of km, got '10.000,5'" in problems
    assert page.locator("#import-run").is_disabled()
    screenshot(page, "fleet-import-problems-en")
    page.set_input_files("#fleet-upload input[type=file]", files=[{"name": "fleet.csv", "mimeType": "text/csv", "buffer": _csv(good + fixed)}])
    page.wait_for_function("document.querySelector('#import-counts')?.innerText.startsWith('4 rows: 4 new')")
    assert page.locator("#import-problems").count() == 0
    screenshot(page, "fleet-import-preview-en")
    page.click("#import-run")
    page.wait_for_selector("#import-result", timeout=60000)
    assert page.locator("#import-result").inner_text().startswith("Imported: 4 new, 0 updated, 0 unchanged")
    assert "fleet.csv" in page.locator("#import-history").inner_text()
    page.get_by_role("radio", name="FR").click()
    page.wait_for_function("document.body.innerText.includes('Historique des imports')")
    screenshot(page, "fleet-import-done-fr")
    page.get_by_role("radio", name="EN").click()
    page.goto(app_server.url + "/", wait_until="networkidle")
    page.fill("#contract-search", f"E2E-{stamp}")
    page.wait_for_function("document.querySelector('#contracts-count')?.innerText.startsWith('4 ')")
    screenshot(page, "fleet-home-imported-en")
