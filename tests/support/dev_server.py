"""Start the production app on a free port with its own database, for browser tests and benchmarks."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

import httpx

from leasedash.services.demo_people import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


class AppDidNotStart(RuntimeError):
    """The app stopped or did not answer while starting; the message carries the end of its log."""


_NOT_COPIED = shutil.ignore_patterns(".web", ".venv", ".git", "screenshots", "exports", "*.db", "__pycache__", ".states",
                                     ".hypothesis", ".pytest_cache")


def copy_project(destination: Path) -> Path:
    """A copy of the project's sources, so that a second app builds its own frontend (the build holds
    its port) without touching the one another app is serving."""
    shutil.copytree(ROOT, destination, ignore=_NOT_COPIED)
    return destination


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_env(db_url: str, project: Path = ROOT) -> dict[str, str]:
    return {**os.environ, "REFLEX_USE_NPM": "1", "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "REFLEX_DB_URL": db_url,
            "PYTHONPATH": str(project)}


def wait_until_answering(process: subprocess.Popen, log: Path, urls: tuple[str, ...], timeout: float) -> None:
    """Wait until every URL answers 200; AppDidNotStart with the end of the log when the process stops first or
    `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise AppDidNotStart(f"{log.name}: the app stopped while starting:\n{log.read_text()[-4000:]}")
        try:
            if all(httpx.get(url, timeout=5).status_code == 200 for url in urls):
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise AppDidNotStart(f"{urls[-1]} did not answer within {timeout:.0f} s:\n{log.read_text()[-4000:]}")
        time.sleep(1)


@contextmanager
def running_app(db_url: str, log: Path, demo_contracts: int = 300, timeout: float = 600,
                extra_env: dict[str, str] | None = None, project: Path = ROOT) -> Iterator[str]:
    """Load a demo fleet into `db_url` unless it holds contracts already (only migrate it when `demo_contracts` is 0),
    serve the app (`reflex run --env prod`, one port) from `project` and yield its URL."""
    env = {**app_env(db_url, project), **(extra_env or {})}
    prepare = ["demo", "--contracts", str(demo_contracts), "--seed", "5", "--if-empty"] if demo_contracts else ["db", "upgrade"]
    demo = subprocess.run([str(BIN / "leasedash"), *prepare], cwd=project, env=env, capture_output=True, text=True, check=False)
    if demo.returncode != 0:
        raise AppDidNotStart(demo.stderr[-2000:])
    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(BIN / "reflex"), "run", "--env", "prod", "--single-port", "--frontend-port", str(port), "--backend-port", str(port)],
            cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(proc, log, (f"{url}/ping", url), timeout)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def sign_in_page(page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the /login form with a Playwright page, as a user does, and wait for the home page."""
    page.goto(base_url + "/login", wait_until="networkidle")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#sign-in")
    page.wait_for_url(base_url + "/", timeout=20000)


def app_at(url: str | None, db_url: str | None = None) -> AbstractContextManager[str]:
    """The app at `url` when given, else one served on `db_url` (a new SQLite file by default), its log in a
    temporary folder."""
    if url:
        return nullcontext(url)
    folder = Path(tempfile.mkdtemp(prefix="leasedash-bench-"))
    return running_app(db_url or f"sqlite:///{folder / 'bench.db'}", folder / "app.log")


def p95(timings: list[float]) -> float:
    """The 95th percentile of timings (the slowest of fewer than 20)."""
    return statistics.quantiles(timings, n=20)[-1] if len(timings) >= 20 else max(timings)
