"""Start the production app on a free port with its own database, for browser tests and benchmarks. The frontend is
built once per process (`reflex export` in a copy of the project) and every app started serves that build."""

from __future__ import annotations

import atexit
import gzip
import hashlib
import json
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
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

from leasedash.services.demo_people import DEMO_PASSWORD
from tests.support.hydration import hydrations, open_page, wait_until_hydrated, watch_hydration

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SERVE_BUILT = Path(__file__).with_name("serve_built.py")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


class AppDidNotStart(RuntimeError):
    """The app stopped or did not answer while starting; the message carries the end of its log."""


_NOT_COPIED = shutil.ignore_patterns(".web", ".venv", ".git", "screenshots", "exports", "*.db", "__pycache__", ".states",
                                     ".hypothesis", ".pytest_cache")


def copy_project(destination: Path, project: Path = ROOT) -> Path:
    """A copy of the project's sources, to build or serve an app without touching the files of another."""
    shutil.copytree(project, destination, ignore=_NOT_COPIED)
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


@dataclass(frozen=True)
class Build:
    """The project copy `reflex export --frontend-only` ran in, the fingerprint of its sources, its exit status and
    what it printed."""

    project: Path
    sources: str
    returncode: int
    output: str

    @property
    def web(self) -> Path:
        return self.project / ".web"


_BUILDS: dict[str, Build] = {}


def sources_fingerprint(project: Path) -> str:
    """A hash of what the frontend is compiled from: rxconfig.py and the files under leasedash/ and assets/ (bytecode,
    compiled catalogs and the links Reflex makes in assets/external aside)."""
    digest = hashlib.sha256()
    files = sorted(path for folder in ("leasedash", "assets") for path in (project / folder).rglob("*")
                   if path.is_file() and path.suffix not in (".pyc", ".mo")
                   and not {"__pycache__", "external"} & set(path.parts))
    for path in [project / "rxconfig.py", *files]:
        digest.update(str(path.relative_to(project)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _export(project: Path) -> Build:
    folder = Path(tempfile.mkdtemp(prefix="leasedash-frontend-"))
    atexit.register(subprocess.Popen, ["rm", "-rf", str(folder)], start_new_session=True)  # tens of thousands of files
    copy = copy_project(folder / "leasedash", project)
    done = subprocess.run([str(BIN / "reflex"), "export", "--frontend-only", "--no-zip", "--loglevel", "info"],
                          cwd=copy, env=app_env(f"sqlite:///{folder / 'build.db'}", copy), capture_output=True,
                          text=True, timeout=900, check=False)
    return Build(copy, sources_fingerprint(copy), done.returncode, done.stdout + done.stderr)


def built_frontend(project: Path = ROOT) -> Build:
    """The frontend of `project`'s sources as they are now, built once per process for each state of the sources, in a
    temporary copy (built again when the sources changed while it was copied)."""
    for _ in range(3):
        if (build := _BUILDS.get(sources_fingerprint(project))) is not None:
            return build
        build = _export(project)
        _BUILDS[build.sources] = build
    return build


def _websocket(url: str) -> str:
    return url.replace("https://", "wss://").replace("http://", "ws://")


def web_dir_for(build: Build, destination: Path, api_url: str) -> Path:
    """A web folder (REFLEX_WEB_WORKDIR) serving `build` whose pages call the backend at `api_url`: the built files
    hard-linked, node_modules left out, and the one script holding the backend's address written again."""
    shutil.copytree(build.web, destination, ignore=shutil.ignore_patterns("node_modules"), copy_function=os.link)
    env_json = destination / "env.json"
    built = json.loads(env_json.read_text())
    built_api = built["PING"].removesuffix("/ping")
    moves = ((built_api, api_url), (_websocket(built_api), _websocket(api_url)))
    moved = {name: new + url[len(old):] for name, url in built.items() if isinstance(url, str)
             for old, new in moves if url.startswith(old + "/")}
    chunks = list((destination / "build" / "client" / "assets").glob("reflex-env-*.js"))
    script = chunks[0].read_text() if len(chunks) == 1 else ""
    if not moved or not all(built[name] in script for name in moved):
        raise AppDidNotStart(f"the build has no single reflex-env script holding {built}: {chunks}")
    for name, url in moved.items():
        script = script.replace(built[name], url)
    for stale in [*chunks[0].parent.glob(chunks[0].name + ".*"), chunks[0], env_json]:
        stale.unlink()  # hard links: the build's own files stay as they are
    chunks[0].write_text(script)
    chunks[0].with_name(chunks[0].name + ".gz").write_bytes(gzip.compress(script.encode()))
    env_json.write_text(json.dumps({**built, **moved}))
    return destination


@contextmanager
def running_app(db_url: str, log: Path, demo_contracts: int = 300, timeout: float = 600,
                extra_env: dict[str, str] | None = None, project: Path = ROOT) -> Iterator[str]:
    """Load a demo fleet into `db_url` unless it holds contracts already (only migrate it when `demo_contracts` is 0),
    serve the app from `project` as `reflex run --env prod --single-port` does on one free port, with the frontend of
    built_frontend() (its backend address that port, or REFLEX_API_URL when given), and yield its URL."""
    env = {**app_env(db_url, project), **(extra_env or {})}
    prepare = ["demo", "--contracts", str(demo_contracts), "--seed", "5", "--if-empty"] if demo_contracts else ["db", "upgrade"]
    demo = subprocess.run([str(BIN / "leasedash"), *prepare], cwd=project, env=env, capture_output=True, text=True, check=False)
    if demo.returncode != 0:
        raise AppDidNotStart(demo.stderr[-2000:])
    build = built_frontend(project)
    if build.returncode != 0:
        raise AppDidNotStart(f"reflex export failed:\n{build.output[-4000:]}")
    port = free_port()
    own = Path(tempfile.mkdtemp(prefix=f"{log.stem}-", dir=log.parent))  # its frontend and session states
    api_url = env.get("REFLEX_API_URL") or f"http://localhost:{port}"
    env["REFLEX_WEB_WORKDIR"] = str(web_dir_for(build, own / ".web", api_url))
    env["REFLEX_STATES_WORKDIR"] = str(own / ".states")
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, str(SERVE_BUILT), str(port)], cwd=project, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(proc, log, (f"{url}/ping", url), timeout)
        yield url
    finally:
        with suppress(ProcessLookupError):  # it stopped by itself: AppDidNotStart says why
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def sign_in_page(page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the /login form with a Playwright page, as a user does, once the form is live, and wait until
    the home page has answered its on_load events."""
    watch_hydration(page)
    open_page(page, base_url + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    signed_out = hydrations(page)
    page.click("#sign-in")
    page.wait_for_url(base_url + "/", timeout=20000)
    wait_until_hydrated(page, signed_out)


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
