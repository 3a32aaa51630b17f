"""The what-if in Chromium (issue 15, items 1-3): opened from home at the settlement home shows, a change dated from the
month the contract has reached, a settlement in dated steps before its sum, an early return's billed months, a refund
written as a refund, in English and French; kept scenarios found again after a reload, Save leaving the controls as
they were, Delete confirmed and undone."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import screenshot, sign_in
from tests.support.hydration import open_page, watch_hydration

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _text(page, selector: str) -> str:
    return page.locator(selector).inner_text()


def _press(page, selector: str, *keys: str) -> None:
    thumb = page.locator(f"{selector} [role=slider]")
    thumb.focus()
    for key in keys:
        thumb.press(key)


def _amount(text: str) -> str:
    return re.search(r"€[\d,]+\.\d\d", text).group()


def _return_at(page, km: str, shown: str) -> None:
    """The km at return typed in, once its slider reads `shown`."""
    page.click("#km-custom")
    page.fill("#return-km-input", km)
    page.wait_for_function(f"document.querySelector('#return-km-value').innerText.startsWith('{shown}')")


def _another_tab(page, url: str):
    """`url` opened in another tab of the same browser (the same signed-in reader), once its on_load is answered."""
    tab = page.context.new_page()
    watch_hydration(tab)
    open_page(tab, url)
    return tab


def test_the_what_if_tells_the_story_home_tells(page, app_server):
    sign_in(page, app_server, "driver@example.com")
    page.wait_for_selector("#end-settlement")
    home = _text(page, "#end-settlement")
    page.click("#simulate-change")
    page.wait_for_url(re.compile(r".*/what-if\?contract=\d+"))
    page.wait_for_selector("#whatif-settlement")
    assert page.locator("#km-driven").get_attribute("data-state") == "checked"
    assert _text(page, "#whatif-settlement") == _amount(home)
    assert _text(page, "#whatif-kind").lower() in home
    assert "driven since delivery" in _text(page, "#whatif-pace")
    reached = int(re.search(r"month (\d+)", _text(page, "#whatif-floor")).group(1))
    screenshot(page, "driver-what-if-opened-en")

    page.click("#change-switch")
    page.wait_for_selector("#change-month")
    assert page.locator("#change-month [role=slider]").get_attribute("aria-valuemin") == str(reached)
    assert _text(page, "#change-month-value") == str(reached)
    _press(page, "#new-km", "End")
    page.wait_for_function("document.querySelectorAll('.whatif-step').length === 2")
    now, end = (line.inner_text() for line in page.locator(".whatif-step").all())
    assert now.startswith("Now: ") and re.match(r"At the end, \d+ \w+ \d{4}: (invoice|refund|nothing)", end), (now, end)
    assert "-€" not in _text(page, "#whatif-results") and _text(page, "#whatif-rent-label") == "Monthly rent from now on"
    screenshot(page, "driver-what-if-steps-en")

    page.click("#change-switch")
    page.click("#return-early")
    page.wait_for_function("document.querySelector('#whatif-rent').innerText.includes('billed at')")
    assert _text(page, "#whatif-rent-label") == "Billed up to the return"
    assert page.locator("#return-month [role=slider]").get_attribute("aria-valuemin") == str(reached)
    assert _text(page, "#return-month-value") == str(reached)
    screenshot(page, "driver-what-if-early-return-en")

    page.click("#return-term")
    page.click("#km-custom")
    page.fill("#return-km-input", "1000")
    page.wait_for_function("document.querySelector('#whatif-kind').innerText === 'Refund'")
    assert not _text(page, "#whatif-settlement").startswith("-")
    screenshot(page, "driver-what-if-refund-en")

    page.get_by_role("radio", name="FR", exact=True).click()
    page.wait_for_function("document.querySelector('#whatif-kind').innerText === 'Remboursement'")
    page.click("#return-early")
    page.wait_for_function("document.body.innerText.includes('Facturé jusqu')")
    screenshot(page, "driver-what-if-early-return-fr")
    page.click("#return-term")
    page.click("#km-driven")
    page.click("#change-switch")
    page.wait_for_function("document.querySelectorAll('.whatif-step').length === 2")
    assert page.locator(".whatif-step").first.inner_text().startswith("Maintenant : ")
    assert f"au mois {reached}" in _text(page, "#whatif-floor")
    screenshot(page, "driver-what-if-steps-fr")
    page.click("#anew-switch")
    page.wait_for_function("document.querySelector('#whatif-floor').innerText.includes('depuis son début')")
    page.wait_for_function("document.querySelector('#change-month [role=slider]').getAttribute('aria-valuemin') === '1'")
    _press(page, "#change-month", "Home")
    page.wait_for_function("document.querySelector('#change-month-value').innerText === '1'")
    screenshot(page, "driver-what-if-anew-fr")
    page.get_by_role("radio", name="EN", exact=True).click()


def test_scenarios_stay_until_cleared_and_a_delete_can_be_undone(page, app_server):
    sign_in(page, app_server, "driver@example.com")
    open_page(page, app_server.url + "/what-if")
    page.wait_for_selector("#whatif-settlement")
    _return_at(page, "70000", "70,000")
    settlement = _text(page, "#whatif-settlement")
    page.fill("#scenario-name", "Seventy")
    page.click("#keep")
    page.wait_for_selector("#kept-table")
    other_tab = _another_tab(page, app_server.url + "/what-if")
    other_tab.wait_for_selector("#kept-table")
    assert "Seventy" in _text(other_tab, "#kept-table")
    screenshot(other_tab, "driver-what-if-kept-other-tab-en")
    other_tab.close()

    _return_at(page, "70000", "70,000")
    page.fill("#scenario-name", "Seventy saved")
    page.click("#save")
    page.wait_for_selector("#saved-table")
    assert _text(page, "#return-km-value").startswith("70,000") and _text(page, "#whatif-settlement") == settlement
    assert page.locator("#km-custom").get_attribute("data-state") == "checked"
    screenshot(page, "driver-what-if-saved-en")

    page.locator("#saved-table button", has_text="Delete").first.click()
    page.wait_for_selector("#confirm-delete")
    assert "Seventy saved" in _text(page, "[role=alertdialog]")
    screenshot(page, "driver-what-if-confirm-delete-en")
    page.click("#cancel-delete")
    assert "Seventy saved" in _text(page, "#saved-table")
    page.locator("#saved-table button", has_text="Delete").first.click()
    page.click("#confirm-delete")
    page.wait_for_selector("#undo-delete")
    assert page.locator("#saved-table").count() == 0 or "Seventy saved" not in _text(page, "#saved-table")
    page.click("#undo-delete")
    page.wait_for_function("(document.querySelector('#saved-table')?.innerText || '').includes('Seventy saved')")
    page.click("#clear-kept")
    page.wait_for_function("!document.querySelector('#kept-table')")
    other_tab = _another_tab(page, app_server.url + "/what-if")
    other_tab.wait_for_selector("#whatif-settlement")
    assert other_tab.locator("#kept-table").count() == 0
