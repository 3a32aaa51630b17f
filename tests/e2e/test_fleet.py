"""The fleet page in Chromium: charts and KPIs, server-side paging and filters, a row opens its what-if,
the CSV export with its progress, a click on a bar filters the table (and says so, until cleared), the colours'
legends, and drivers kept out."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from leasedash.domain.projection import portfolio_rules
from tests.e2e.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_fleet_manager_walks_the_fleet_page(page, app_server):
    sign_in(page, app_server, "fleet@example.com")
    page.goto(app_server.url + "/fleet", wait_until="networkidle")
    page.wait_for_selector("#fleet-contracts")
    for chart in ("#fleet-pace", "#fleet-scatter", "#fleet-products", "#fleet-makes", "#fleet-ending-chart", "#fleet-spend"):
        page.wait_for_selector(f"{chart} .main-svg", timeout=15000)
    rows = page.locator("#fleet-table tbody tr")
    assert rows.count() == 20
    first_page = page.locator("#fleet-table tbody").inner_text()
    page.click("#fleet-next")
    page.wait_for_function("document.querySelector('#fleet-page').innerText.startsWith('Page 2')")
    assert page.locator("#fleet-table tbody").inner_text() != first_page
    page.click("#fleet-off-plan-only")
    page.wait_for_function("document.querySelector('#fleet-page').innerText.startsWith('Page 1')")
    paces = [int(re.match(r"\d+", cell.inner_text()).group()) for cell in page.locator("#fleet-table tbody tr td:nth-child(5)").all()]
    off_by = Decimal(portfolio_rules()["pace_alert_threshold"]) * 100
    # each pace is shown to the whole percent: one off plan by more than the threshold is shown at least that far from 100 %
    assert paces and all(abs(pace - 100) >= off_by for pace in paces), paces
    screenshot(page, "fleet-fleet-off-plan")
    page.click("#fleet-export")
    page.wait_for_selector("#fleet-download", timeout=30000)
    href = page.locator("#fleet-download").get_attribute("href")
    response = page.request.get(app_server.url + href)
    assert response.status == 200 and response.text().startswith("contract_id,reference,driver")
    page.locator("#fleet-table tbody tr").first.click()
    page.wait_for_url(re.compile(r".*/what-if\?contract=\d+"))
    page.wait_for_selector("#whatif-settlement")


def test_drivers_are_kept_out_of_the_fleet_page(page, app_server):
    sign_in(page, app_server, "driver@example.com")
    page.goto(app_server.url + "/fleet", wait_until="networkidle")
    page.wait_for_function("document.body.innerText.includes('for fleet managers and administrators')")
    assert page.locator("#fleet-contracts").count() == 0


def test_a_click_on_a_bar_filters_the_table_says_so_and_clears(page, app_server):
    sign_in(page, app_server, "fleet@example.com")
    page.goto(app_server.url + "/fleet", wait_until="networkidle")
    page.wait_for_selector("#fleet-ending-chart .main-svg", timeout=15000)
    everything = page.locator("#fleet-rows").inner_text()
    for chart, names in (("#fleet-pace", ("Below plan", "Within 10 % of plan", "Above plan")),
                         ("#fleet-scatter", ("Below plan", "Within 10 % of plan", "Above plan", "Driving as contracted"))):
        legend = page.locator(f"{chart} .legend").text_content()
        assert all(name in legend for name in names), legend
    counts = page.evaluate("Array.from(document.getElementById('fleet-ending-chart')._fullData[0].y)")
    busiest = max(range(len(counts)), key=lambda i: counts[i])
    bar = page.locator("#fleet-ending-chart g.trace.bars g.point").nth(busiest)
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#fleet-drill-text")
    month = page.evaluate("Array.from(document.getElementById('fleet-ending-chart')._fullData[0].x)")[busiest]
    year, number = map(int, month.split("-"))
    assert page.locator("#fleet-drill-text").inner_text() == f"Filtered from the chart: contracts ending in {dt.date(year, number, 1):%B %Y}"
    page.wait_for_function(f"document.querySelector('#fleet-rows').innerText === '{counts[busiest]} contract{'s' if counts[busiest] > 1 else ''}'")
    assert page.locator("#fleet-table tbody tr").count() == min(20, counts[busiest])
    screenshot(page, "fleet-drilled-down")
    page.click("#fleet-drill-clear")
    page.wait_for_selector("#fleet-drill-text", state="detached")
    page.wait_for_function(f"document.querySelector('#fleet-rows').innerText === '{everything}'")
