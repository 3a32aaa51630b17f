"""Schemathesis against the OpenAPI spec the app serves: whatever it sends, no server error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_no_server_error(app_server, api_tokens):
    done = subprocess.run(
        [str(Path(sys.executable).parent / "schemathesis"), "run", app_server.url + "/api/v1/openapi.json",
         "-H", f"Authorization: Bearer {api_tokens['admin@example.com']}", "--checks", "not_a_server_error",
         "--max-examples", "40", "--seed", "2026"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:]
    selected = re.search(r"Selected: (\d+)/(\d+)", done.stdout)
    tested = re.search(r"Tested: (\d+)", done.stdout)
    assert selected and tested and int(tested.group(1)) == int(selected.group(2)) >= 9, done.stdout[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout.split("SUMMARY")[-1]
