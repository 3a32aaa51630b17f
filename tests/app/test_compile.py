"""The whole app compiles and its frontend builds, so a broken page fails CI. The build runs in a
copy of the project, so that it never rewrites the frontend of an app the other tests are serving."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.dev_server import copy_project

BIN = Path(sys.executable).parent


@pytest.mark.slow
def test_reflex_export_builds_the_frontend(tmp_path):
    project = copy_project(tmp_path / "leasedash")
    env = {**os.environ, "REFLEX_USE_NPM": "1", "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(project), "REFLEX_DB_URL": f"sqlite:///{tmp_path / 'compile.db'}"}
    done = subprocess.run(
        [str(BIN / "reflex"), "export", "--frontend-only", "--no-zip", "--loglevel", "info"],
        cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert (project / ".web" / "build" / "client" / "index.html").exists()
