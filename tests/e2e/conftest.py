"""The running app in headless Chromium: one server for the session, a fresh page per test,
and a test fails on any error the app logs or the browser console reports."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
_APP_ERRORS = re.compile(r"Traceback|^ERROR|\bError:|Exception", re.MULTILINE)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningApp:
    def __init__(self, url: str, log: Path) -> None:
        self.url = url
        self.log = log
        self.log_offset = 0

    def new_log(self) -> str:
        text = self.log.read_text(errors="replace")
        fresh, self.log_offset = text[self.log_offset :], len(text)
        return fresh


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> RunningApp:
    """`reflex run --env prod` on free ports with its own SQLite file; stopped after the session."""
    port = _free_port()
    log = tmp_path_factory.mktemp("app") / "app.log"
    env = {
        **os.environ,
        "REFLEX_USE_NPM": "1",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "REFLEX_DB_URL": f"sqlite:///{log.parent / 'leasedash-e2e.db'}",
    }
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(BIN / "reflex"), "run", "--env", "prod", "--single-port", "--frontend-port", str(port), "--backend-port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the app stopped while starting:\n{log.read_text()[-4000:]}")
            try:
                if httpx.get(f"{url}/ping", timeout=2).status_code == 200 and httpx.get(url, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not answer within 10 minutes:\n{log.read_text()[-4000:]}")
            time.sleep(1)
        app = RunningApp(url, log)
        app.new_log()
        yield app
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is not installed (python3 dev.py test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, app_server):
    """A fresh browser page; the test fails on any console error, page error or error in the app's log."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    yield tab
    context.close()
    logged = app_server.new_log()
    assert not problems, "\n".join(problems)
    assert not _APP_ERRORS.search(logged), logged[-4000:]
