"""The running app in headless Chromium: one server for the session, a fresh page per test,
and a test fails on any error the app logs or the browser console reports. Pages are ready when Reflex has answered
their on_load events (tests.support.hydration), never after a fixed wait."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.conftest import ROOT, RunningApp
from tests.support.dev_server import DEMO_PASSWORD, sign_in_page
from tests.support.hydration import watch_hydration

_APP_ERRORS = re.compile(r"Traceback|^ERROR|\bError:|Exception", re.MULTILINE)


SCREENSHOTS = ROOT / "screenshots"


@pytest.fixture(params=["light"])
def color_scheme(request) -> str:
    return request.param


@contextmanager
def watched_page(browser, app: RunningApp, color_scheme: str = "light", answered_404: tuple[str, ...] = ()) -> Iterator:
    """A fresh browser page on `app`; fails on any console error, page error or error in the app's log (but the browser's
    note that the addresses of `answered_404`, opened on purpose, were answered 404)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme, accept_downloads=True)
    tab = context.new_page()
    watch_hydration(tab)
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
           if m.type == "error" and not (" 404 " in m.text and m.location.get("url", "").endswith(answered_404 or ("\0",))) else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    app.new_log()
    yield tab
    context.close()
    logged = app.new_log()
    assert not problems, "\n".join(problems)
    assert not _APP_ERRORS.search(logged), logged[-4000:]


@pytest.fixture
def page(browser, app_server, color_scheme):
    """A fresh browser page; the test fails on any console error, page error or error in the app's log."""
    with watched_page(browser, app_server, color_scheme) as tab:
        yield tab


def sign_in(page, app: RunningApp, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, as a user does, and wait until the home page has answered its on_load events."""
    sign_in_page(page, app.url, email, password)


def screenshot(page, name: str) -> None:
    """A full-page PNG in screenshots/ (see the README), once the fonts are loaded, animations at their end."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, animations="disabled")
