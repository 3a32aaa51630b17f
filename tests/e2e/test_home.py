"""The app shell serves the home page with the product name and the engine's worked examples."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_home_page_shows_the_product_and_the_seed_examples(page, app_server):
    page.goto(app_server.url + "/", wait_until="networkidle")
    assert page.locator("#product-name").inner_text() == "leasedash"
    assert page.title().startswith("leasedash")
    table = page.locator("#worked-examples")
    for amount in ("-€435.84", "€441.84", "-€2,344.80", "€1,060.92", "€12,980.64", "€709.20", "€4,800.00", "€3,600.00"):
        assert table.get_by_text(amount, exact=True).count() == 1, amount


def test_home_page_fits_a_phone(page, app_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(app_server.url + "/", wait_until="networkidle")
    assert page.locator("#product-name").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
