"""Accessibility in Chromium (issue 15, items 8 and 10): axe-core finds no serious or critical violation on any page of
leasedash/routes.py, for each role that may see it, in the light and the dark theme; every page has one h1; the
parts of the car outline are named buttons reached with Tab and chosen with Enter or Space; the keyboard's focus is
visible at every stop; at a phone's width (390 px) /offers' table and badges fit and the rent-grid heatmap keeps
cells its amounts fit in."""

from __future__ import annotations

import re

import pytest

from leasedash import routes
from tests.conftest import skip_or_fail
from tests.e2e.conftest import screenshot, sign_in
from tests.support.axe import AxeUnavailable, axe_script, severe_violations
from tests.support.hydration import open_page, watch_hydration

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOT_FOUND = "404"  # Reflex's route of the page it shows for an address no page has, checked at UNKNOWN
UNKNOWN = "/no-such-page"
SIGNED_OUT = (routes.LOGIN, routes.SIGNUP, routes.SIGNUP_CONFIRM, routes.PASSWORD_FORGOT, routes.PASSWORD_RESET, routes.INVITATION,
              routes.ACCOUNT_EMAIL)
EVERYONE = (routes.HOME, routes.GRID, routes.WHAT_IF, routes.OFFERS, routes.RETURNS, routes.REQUESTS, routes.MY_CONTRACT, routes.END_OF_LEASE,
            routes.ACCOUNT, routes.TOKENS)
MANAGERS = (routes.FLEET, routes.PEOPLE, routes.FLEET_IMPORT, routes.MOBILITY_PLAN, routes.RETURN_RULES)
ROLES = {"driver": EVERYONE, "fleet": EVERYONE + MANAGERS, "admin": EVERYONE + MANAGERS}
OPENED_FROM_A_PAGE = (routes.INSPECTION,)  # checked on a self-check the driver starts from /returns
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def axe(request) -> str:
    try:
        return axe_script(request.config.cache.mkdir("axe-core"))
    except AxeUnavailable as exc:
        skip_or_fail(str(exc))


def test_every_route_is_checked():
    """A route added to leasedash/routes.py is added here too, with the roles that may see it."""
    declared = {value for name, value in vars(routes).items() if name.isupper() and isinstance(value, str)}
    checked = {*SIGNED_OUT, *EVERYONE, *MANAGERS, *OPENED_FROM_A_PAGE, NOT_FOUND}
    assert declared == checked


def _check(page, axe: str, label: str, found: dict[str, list[str]]) -> None:
    """axe's serious and critical violations on the page as it is, and its h1 headings, recorded under `label`."""
    problems = severe_violations(page, axe)
    headings = page.locator("h1").all_inner_texts()
    if len(headings) != 1:
        problems.append(f"{len(headings)} h1 headings: {headings}")
    if problems:
        found[label] = problems


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{label}:\n  " + "\n  ".join(problems) for label, problems in found.items())


def _open(page, url: str) -> None:
    open_page(page, url)
    page.evaluate("document.fonts.ready.then(() => true)")


@pytest.mark.parametrize("color_scheme", ["light", "dark"], indirect=True)
def test_signed_out_pages(page, app_server, axe, color_scheme):
    page.emulate_media(reduced_motion="reduce")
    found: dict[str, list[str]] = {}
    for route in SIGNED_OUT:
        _open(page, app_server.url + route)
        _check(page, axe, route, found)
    assert not found, _report(found)


@pytest.mark.parametrize("color_scheme", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_each_role(page, app_server, axe, role, color_scheme):
    """Each page the role may see, afresh, then the what-if with its sliders out and, for the driver, a self-check."""
    page.emulate_media(reduced_motion="reduce")
    sign_in(page, app_server, f"{role}@example.com")
    found: dict[str, list[str]] = {}
    for route in ROLES[role]:
        _open(page, app_server.url + route)
        assert "/login" not in page.url, route
        _check(page, axe, route, found)
    _open(page, app_server.url + routes.WHAT_IF)
    if page.locator("#change-switch:not([disabled])").count():
        page.click("#change-switch")
        page.click("#return-early")
        page.click("#km-custom")
        page.wait_for_selector("#change-month [role=slider]")
        page.wait_for_selector("#return-km [role=slider]")
        _check(page, axe, "/what-if with its sliders", found)
    if role == "driver":
        _start_self_check(page, app_server)
        _check(page, axe, routes.INSPECTION, found)
    assert not found, _report(found)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_not_found_page(browser, app_server, axe, color_scheme):
    """The page of an address no page has, signed out and signed in (its own browser context: the browser reports the
    404 answer as a console error, which watched pages count as a failure)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme, reduced_motion="reduce")
    page = context.new_page()
    watch_hydration(page)
    found: dict[str, list[str]] = {}
    _open(page, app_server.url + UNKNOWN)
    _check(page, axe, f"{UNKNOWN} signed out", found)
    sign_in(page, app_server, "driver@example.com")
    _open(page, app_server.url + UNKNOWN)
    _check(page, axe, f"{UNKNOWN} signed in", found)
    context.close()
    assert not found, _report(found)


def _start_self_check(page, app_server) -> None:
    _open(page, app_server.url + routes.RETURNS)
    page.click("#start-inspection")
    page.wait_for_url(re.compile(r".*/returns/inspection\?id=\d+"))
    page.wait_for_selector("#car-outline")


def _tab_to(page, element_id: str, most: int = 150) -> None:
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} not reached with {most} presses of Tab")


def test_car_outline_parts_are_named_buttons_chosen_with_the_keyboard(page, app_server):
    sign_in(page, app_server, "driver@example.com")
    _start_self_check(page, app_server)
    parts = page.locator("#car-outline [role=button]")
    assert parts.count() == 31
    assert page.get_by_role("button", name="bonnet", exact=True).count() == 1
    assert page.get_by_role("group", name="Part").count() == 1
    _tab_to(page, "part-bumper_front")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "part-headlight_left"
    assert page.evaluate("getComputedStyle(document.activeElement).strokeWidth") == "3px", "a focused part is drawn thicker"
    page.keyboard.press("Enter")
    page.wait_for_selector("#part-headlight_left[aria-pressed=true]")
    assert page.locator("#damage-part").inner_text() == "left headlight"
    assert page.locator("#part-door_front_left").get_attribute("aria-pressed") == "false"
    page.keyboard.press("Tab")
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.press(" ")
    page.wait_for_selector("#part-headlight_right[aria-pressed=true]")
    assert page.evaluate("window.scrollY") == scrolled, "Space chooses the part without scrolling the page"
    assert "right headlight" in page.locator("#add-damage").inner_text()
    page.get_by_role("radio", name="FR").click()
    page.wait_for_selector("#car-outline [role=button][aria-label='phare droit']")
    screenshot(page, "driver-self-check-outline-keyboard")


_FOCUS_STYLE = """(el) => {
  const look = (node, pseudo) => { const s = getComputedStyle(node, pseudo);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.stroke, s.strokeWidth].join('|'); };
  return [look(el), look(el, '::before'), look(el, '::after'), el.parentElement ? look(el.parentElement) : ''].join(' / ');
}"""


def _focus_shows_at_every_stop(page, stops: int) -> list[str]:
    """Press Tab `stops` times; at each stop the focused element (its outline, shadow, stroke, pseudo-elements or its
    parent's ring) must look different from the same element without the focus."""
    unseen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        if page.evaluate("(el) => el === document.body", focused):
            break
        with_focus = page.evaluate(_FOCUS_STYLE, focused)
        page.evaluate("(el) => el.blur()", focused)
        if page.evaluate(_FOCUS_STYLE, focused) == with_focus:
            unseen.append(page.evaluate("(el) => el.outerHTML.slice(0, 160)", focused))
        focused.focus()
    return unseen


@pytest.mark.parametrize("color_scheme", ["light", "dark"], indirect=True)
def test_focus_is_visible(page, app_server, color_scheme):
    sign_in(page, app_server, "fleet@example.com")
    unseen = {}
    for route in (routes.HOME, routes.WHAT_IF, routes.FLEET, routes.OFFERS):
        _open(page, app_server.url + route)
        if missed := _focus_shows_at_every_stop(page, 40):
            unseen[route] = missed
    assert not unseen, unseen


def _scrolls_sideways(page, selector: str) -> bool:
    return page.evaluate(f"""(() => {{ const box = document.querySelector({selector!r});
        return box.scrollWidth > box.clientWidth && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX); }})()""")


def test_offers_fit_a_phone(page, app_server):
    page.set_viewport_size(PHONE)
    sign_in(page, app_server, "fleet@example.com")
    _open(page, app_server.url + routes.OFFERS)
    page.wait_for_selector("#offers-list")
    assert page.locator("#offers-table").is_hidden(), "on a phone the offers are one under the other, not a table"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    outside = page.evaluate("""(() => [...document.querySelectorAll('.rt-Badge')].filter(badge => {
        let box = badge.parentElement;
        while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
        const edge = box ? box.getBoundingClientRect().left + box.scrollWidth : window.innerWidth;
        const r = badge.getBoundingClientRect();
        return r.width > 0 && (r.right > edge + 1 || badge.scrollWidth > badge.clientWidth + 1); }).map(b => b.innerText))()""")
    assert not outside, f"badges cut or outside the page: {outside}"
    screenshot(page, "fleet-offers-phone")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "fleet-offers-phone-dark")


def test_rent_grid_heatmap_readable_on_a_phone(page, app_server):
    page.set_viewport_size(PHONE)
    sign_in(page, app_server, "driver@example.com")
    _open(page, app_server.url + routes.GRID)
    page.wait_for_selector("#grid-heatmap .heatmap-label text", state="attached")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cramped = page.evaluate("""(() => {
        const plot = document.querySelector('#grid-heatmap .nsewdrag');
        const columns = document.querySelectorAll('#grid-heatmap .xtick').length;
        const texts = [...document.querySelectorAll('#grid-heatmap .heatmap-label text')];
        const widest = Math.max(0, ...texts.map(t => t.getBBox().width));
        const smallest = Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize)));
        return {cell: plot.getBoundingClientRect().width / columns, widest, smallest, columns, texts: texts.length};
    })()""")
    assert cramped["columns"] > 0 and cramped["texts"] >= cramped["columns"], cramped
    assert cramped["cell"] >= cramped["widest"] + 4, f"the amounts do not fit their cells: {cramped}"
    assert cramped["smallest"] >= 11, f"Plotly shrank the amounts to fit cramped cells: {cramped}"
    assert _scrolls_sideways(page, "[role=region]:has(#grid-heatmap)"), "the heatmap scrolls in its own box"
    screenshot(page, "driver-grid-phone")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "driver-grid-phone-dark")
