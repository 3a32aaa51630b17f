"""Every message in the reader's language, where the eye is (issue 15, items 6 and 7), in Chromium: each demo role
walks every page of leasedash/routes.py in French and then in Dutch, refusals triggered on purpose (a number that is
not one, a file of the wrong kind, a file whose content lies about its type, a form sent empty, a wrong password), and
the test fails when a line of visible text is an English catalog message whose French or Dutch differs. `<html lang>`
follows the switch; an upload's refusal is right under its drop zone, a field's under its field; the 404 page is in the
app's frame, translated, with a way home and back."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from leasedash import routes
from leasedash.i18n import catalog
from tests.e2e.conftest import screenshot, sign_in, watched_page
from tests.support.hydration import open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
EXE = {"name": "outil.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00 not a document"}
LYING_PNG = {"name": "facture.png", "mimeType": "image/png", "buffer": b"GIF89a not a png"}
NOWHERE = "/no-such-page"
AT_LOGIN = f"location.pathname.replace(/\\/$/, '') === '{routes.LOGIN}'"
PUBLIC = (routes.LOGIN, routes.SIGNUP, routes.PASSWORD_FORGOT, routes.PASSWORD_RESET, routes.INVITATION, routes.SIGNUP_CONFIRM,
          routes.ACCOUNT_EMAIL)


def signed_in_routes() -> list[str]:
    """Every page of routes.py but the public ones (walked signed out, with the 404): a page a role may not use says
    so, or sends it elsewhere, in the reader's language too."""
    every = {value for name, value in vars(routes).items() if name.isupper() and isinstance(value, str) and value.startswith("/")}
    return sorted(every - set(PUBLIC))


@cache
def english_only(lang: str) -> tuple[frozenset[str], re.Pattern | None, tuple[str, ...], frozenset[str]]:
    """The English messages whose `lang` translation differs: (whole lines, one pattern for those with placeholders, long
    ones that may sit inside a line, every message of `lang` itself)."""
    english, translated = catalog("en"), catalog(lang)
    own = frozenset(text.strip() for text in translated.values())
    exact, patterns, long = set(), [], []
    for key, text in english.items():
        text = text.strip()
        literal = _PLACEHOLDER.sub("", text)
        if translated.get(key, text).strip() == text or len(literal.strip()) < 4 or not re.search("[A-Za-z]{3}", literal):
            continue
        if _PLACEHOLDER.search(text):
            if len(literal.strip()) >= 12:
                patterns.append("".join(".+?" if _PLACEHOLDER.fullmatch(part) else re.escape(part)
                                        for part in re.split(r"(\{[^{}]*\})", text) if part))
            continue
        exact.add(text)
        if len(text) >= 24:
            long.append(text)
    pattern = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    return frozenset(exact - own), pattern, tuple(long), own


@cache
def key_shaped() -> re.Pattern:
    """A message's key shown instead of its message ("log.source.delivery"): a catalog section, a dot, more."""
    sections = sorted({key.split(".", 1)[0] for key in catalog("en") if "." in key})
    return re.compile(rf"(?:{'|'.join(map(re.escape, sections))})(?:\.[a-z0-9_]+)+")


def english_lines(page, lang: str) -> list[str]:
    """The lines of visible text that are English messages of the catalogs (or a message's key), on a page shown in `lang`."""
    exact, pattern, long, own = english_only(lang)
    found = []
    for line in page.inner_text("body").splitlines():
        line = line.strip()
        if not line or line in own:
            continue
        if (line in exact or (pattern is not None and pattern.fullmatch(line)) or any(text in line for text in long)
                or key_shaped().fullmatch(line)):
            found.append(line)
    return found


def assert_in_language(page, lang: str, where: str) -> None:
    assert document_language(page, lang) == lang, where
    headings = page.locator("h1")
    assert headings.count() <= 1, f"{where}: one h1"
    title = f"{headings.inner_text().strip()} · leasedash" if headings.count() else "leasedash"  # a page refused has none
    page.wait_for_function("t => document.title === t", arg=title, timeout=5000)  # the tab is named in the reader's language too
    english = english_lines(page, lang)
    assert not english, f"{where} in {lang}: English on the page: {english}"


def under(page, anchor: str, problem: str) -> None:
    """The refusal `problem` is shown right under `anchor` (within 4 lines of text), not somewhere else on the page."""
    page.wait_for_selector(problem, state="visible", timeout=15000)
    top, below = page.locator(anchor).first.bounding_box(), page.locator(problem).first.bounding_box()
    gap = below["y"] - (top["y"] + top["height"])
    assert -2 <= gap <= 90, f"{problem} is {gap:.0f} px from the bottom of {anchor}"
    assert not page.locator("#page-problem").is_visible(), "the field's refusal is repeated at the top of the page"


def document_language(page, expected: str) -> str:
    """`<html lang>` once React's effect that sets it has run: effects run after the paint, so the page may be drawn a
    frame before; waits up to 5 s for `expected`, then returns what the document says."""
    try:
        page.wait_for_function(f"document.documentElement.lang === '{expected}'", timeout=5000)
    except PlaywrightTimeout:
        pass
    return page.evaluate("document.documentElement.lang")


def switch(page, lang: str) -> None:
    page.get_by_role("radio", name=lang.upper()).click()
    page.wait_for_function(f"document.documentElement.lang === '{lang}'")


def _wrong_password(page) -> None:
    page.fill("#email", "driver@example.com")
    page.fill("#password", "not-the-Password1")
    page.click("#sign-in")
    page.wait_for_selector("#login-error")


def _reading_not_a_number(page) -> None:
    if page.locator("#log-add").count():  # the form stays open from the walk in the other language
        page.click("#log-add")
    page.fill("#log-km", "abc")
    page.click("#log-save")
    under(page, "#log-km", "#problem-km")
    page.set_input_files("#log-photo input[type=file]", files=[EXE])
    under(page, "#log-photo", "#problem-file")


def _request_refused(page) -> None:
    page.wait_for_selector("#request-kind")
    page.set_input_files("#request-upload input[type=file]", files=[LYING_PNG])
    under(page, "#request-upload", "#problem-file")
    page.click("#file-request")
    under(page, "#request-details", "#problem-details")


def _budget_not_a_number(page) -> None:
    page.fill("#plan-budget", "abc")
    page.click("#save-plan")
    page.wait_for_selector(".field-problem", state="visible")


def _wrong_kind_of_file(drop_zone: str) -> Callable:
    def drop(page) -> None:
        page.set_input_files(f"#{drop_zone} input[type=file]", files=[EXE])
        under(page, f"#{drop_zone}", "#problem-file")
    return drop


REFUSALS: dict[str, dict[str, Callable]] = {
    "driver": {routes.HOME: _reading_not_a_number, routes.REQUESTS: _request_refused},
    "fleet": {routes.MOBILITY_PLAN: _budget_not_a_number, routes.GRID: _wrong_kind_of_file("grid-upload"),
              routes.PEOPLE: _wrong_kind_of_file("people-upload"), routes.FLEET_IMPORT: _wrong_kind_of_file("fleet-upload")},
    "admin": {routes.FLEET_IMPORT: _wrong_kind_of_file("fleet-upload")},
}


def test_signed_out_pages_and_the_404_speak_the_readers_language(browser, app_server):
    with watched_page(browser, app_server, answered_404=(NOWHERE,)) as page:
        _walk_signed_out(page, app_server)


def _walk_signed_out(page, app_server) -> None:
    open_page(page, app_server.url + routes.LOGIN)
    for lang in ("fr", "nl"):
        switch(page, lang)
        for path in PUBLIC:
            open_page(page, app_server.url + path)
            assert_in_language(page, lang, path)
        open_page(page, app_server.url + routes.LOGIN)
        _wrong_password(page)
        assert_in_language(page, lang, "a wrong password")
        open_page(page, app_server.url + NOWHERE)
        assert_in_language(page, lang, "the 404 page")
        assert page.inner_text("h1") == catalog(lang)["notfound.title"]
        assert page.locator("#language-switch").is_visible()
        assert page.locator("#page-problem").count() == 0, "a refusal of the page before is not the 404's"
        screenshot(page, f"not-found-{lang}")
    page.click("#not-found-back")
    page.wait_for_function(AT_LOGIN)
    open_page(page, app_server.url + NOWHERE)
    page.click("#not-found-home")
    page.wait_for_function(AT_LOGIN)  # home, which sends a reader without a session to sign in


@pytest.mark.parametrize("role", ["driver", "fleet", "admin"])
def test_every_page_and_refusal_in_french_and_dutch(page, app_server, role):
    sign_in(page, app_server, f"{role}@example.com")
    assert page.evaluate("document.documentElement.lang") == "en"
    for lang in ("fr", "nl"):
        switch(page, lang)
        for path in signed_in_routes():
            open_page(page, app_server.url + path)
            assert_in_language(page, lang, path)
            refuse = REFUSALS[role].get(path)
            if refuse is not None:
                refuse(page)
                assert_in_language(page, lang, f"{path} after a refusal")
                screenshot(page, f"refused-{role}-{path.strip('/').replace('/', '-') or 'home'}-{lang}")


def test_the_walk_finds_english_on_a_french_page(page, app_server):
    """The check itself: an English message on a French page is found, its French is not."""
    open_page(page, app_server.url + routes.LOGIN)
    switch(page, "fr")
    english, french = catalog("en")["error.choice"], catalog("fr")["error.choice"]
    page.evaluate("([a, b]) => { for (const t of [a, b]) { const p = document.createElement('p'); p.textContent = t; document.body.append(p); } }",
                  [english, french])
    page.evaluate("() => { const p = document.createElement('p'); p.textContent = 'log.source.nowhere'; document.body.append(p); }")
    assert english_lines(page, "fr") == [english, "log.source.nowhere"]
