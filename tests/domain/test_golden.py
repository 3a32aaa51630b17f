"""Every worked example of ../shared/golden/, through the Python API and through the CLI, to the cent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from leasedash.domain import simulate_document

LEASEDASH = str(Path(sys.executable).parent / "leasedash")


def _check(expected: dict, result: dict) -> None:
    for key, value in expected.items():
        if key == "first_invoice":
            for k, v in value.items():
                assert result["first_invoice"][k] == v, k
        else:
            assert result[key] == value, key


def test_golden_through_python_api(golden):
    _check(golden["expected"], simulate_document(golden["scenario"]).as_json())


def test_golden_through_cli(golden):
    done = subprocess.run(
        [LEASEDASH, "simulate", "-"], input=json.dumps(golden["scenario"]), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    _check(golden["expected"], json.loads(done.stdout))


def test_golden_examples_are_all_there(golden):
    assert golden["expected"], golden["source"]
