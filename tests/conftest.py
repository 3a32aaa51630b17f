"""Shared fixtures: where the seeds' golden examples live, and how to skip visibly outside CI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support.dev_server import CHROMIUM_ARGS, AppDidNotStart, running_app

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLDEN = SHARED / "golden"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = Path("/usr/bin/chromium")
SLOW_FOLDERS = ("e2e", "scale")
SLOW_FILES = ("test_compile.py",)
LISTED_ORIGIN = "https://partner.example"  # the app under test also allows this origin (LEASEDASH_ALLOWED_ORIGINS)


def pytest_collection_modifyitems(items) -> None:
    """Mark `slow` every test that builds the frontend or needs the running app: tests/e2e, tests/scale, the
    frontend build of tests/app/test_compile.py, and any test using the app_server fixture (tests/api)."""
    for item in items:
        folder = item.path.relative_to(ROOT / "tests").parts[0]
        if folder in SLOW_FOLDERS or item.path.name in SLOW_FILES or "app_server" in item.fixturenames:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def snapshot_cache(tmp_path_factory) -> None:
    """The portfolio snapshots of the tests' databases (and of the apps they start) in a temporary folder, never in
    the project's private/cache."""
    os.environ["LEASEDASH_CACHE_DIR"] = str(tmp_path_factory.mktemp("snapshots"))


def skip_or_fail(reason: str) -> None:
    """Outside CI a missing service or browser skips with its reason; in CI it is a failure."""
    if IN_CI:
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


def golden_files() -> list[Path]:
    return sorted(GOLDEN.glob("*.json"))


@pytest.fixture(params=golden_files() or [None], ids=lambda p: p.stem if p else "no-golden")
def golden(request) -> dict:
    """Each worked example of ../shared/golden/, as {"source", "scenario", "expected"}."""
    if request.param is None:
        skip_or_fail(f"no golden examples found in {GOLDEN}")
    return json.loads(request.param.read_text(encoding="utf-8"))


@pytest.fixture
def leaseplus_text() -> str:
    """The Lease Plus rent grid of seed 003 q.36, exactly as pasted from the page."""
    return (FIXTURES / "leaseplus_grid_003.txt").read_text(encoding="utf-8")


class RunningApp:
    """The app under test: its URL, its database and its log (read in slices by the browser tests)."""

    def __init__(self, url: str, db_url: str, log: Path) -> None:
        self.url, self.db_url, self.log = url, db_url, log
        self.log_offset = 0

    def new_log(self) -> str:
        text = self.log.read_text(errors="replace")
        fresh, self.log_offset = text[self.log_offset :], len(text)
        return fresh


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> RunningApp:
    """The production app on a free port with a 300-contract demo fleet in its own SQLite file."""
    folder = tmp_path_factory.mktemp("app")
    log, db_url = folder / "app.log", f"sqlite:///{folder / 'leasedash-e2e.db'}"
    try:
        with running_app(db_url, log, extra_env={"LEASEDASH_ALLOWED_ORIGINS": LISTED_ORIGIN}) as url:
            app = RunningApp(url, db_url, log)
            app.new_log()
            yield app
    except AppDidNotStart as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is not installed (python3 dev.py test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()
