"""The `leasedash` console script, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

LEASEDASH = str(Path(sys.executable).parent / "leasedash")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([LEASEDASH, *args], input=stdin, capture_output=True, text=True, check=False)


def test_grid_parse_prints_the_grid(tmp_path, leaseplus_text):
    path = tmp_path / "grid.txt"
    path.write_text(leaseplus_text, encoding="utf-8")
    done = run("grid", "parse", str(path))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["months"] == [12, 18, 24, 30, 36, 42, 48, 54, 60]
    assert out["annual_km"][0] == 5000
    assert out["rents"][0][0] == "1349.88"
    assert out["rents"][2][6] == "536.32"
    assert out["warnings"] == []


def test_grid_lookup_cell_and_interpolated(tmp_path, leaseplus_text):
    path = tmp_path / "grid.txt"
    path.write_text(leaseplus_text, encoding="utf-8")
    done = run("grid", "lookup", "--grid", str(path), "--months", "48", "--annual-km", "15000")
    assert json.loads(done.stdout) == {"monthly_rent": "536.32"}
    done = run("grid", "lookup", "--grid", "-", "--months", "45", "--annual-km", "17500", "--explain", stdin=leaseplus_text)
    assert json.loads(done.stdout) == {"monthly_rent": "555.13", "rule": "interpolated"}


def test_simulate_reads_a_file_and_standard_input(tmp_path):
    document = {
        "product": {"name": "My Personal Lease", "kind": "fixed", "excess_km_rate": "0.06", "under_km_rate": "0.06",
                    "changes_allowed": False, "termination": "half_remaining_rents"},
        "contract": {"months": 48, "annual_km": 10000, "monthly_rent": "450.00"},
        "events": [{"type": "end", "total_km": 51320, "replacement_km": 500}],
    }
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(document))
    for done in (run("simulate", str(path)), run("simulate", "-", stdin=json.dumps(document))):
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["total_settlement"] == "709.20"
    done = run("simulate", str(path), "--lang", "nl")
    assert "meerkilometers" in json.loads(done.stdout)["steps"][0]["explanation"]


@pytest.mark.parametrize(
    "args, stdin, field",
    [
        (("simulate", "-"), '{"product": {"kind": "grid"}, "contract": {}}', "product.grid"),
        (("simulate", "-"), "{not json", "not valid JSON"),
        (("simulate", "/no/such/file.json"), None, "/no/such/file.json: no such file"),
        (("simulate", "-"), '{"product": {"kind": "fixed", "termination": "half_remaining_rents"}, "contract": {"months": 48, "annual_km": 10000}}', "contract.monthly_rent"),
        (("grid", "parse", "-"), "Km annuel\t12 mo.\t24 mo.\n5.000\t100\tabc\n10.000\t110\t90", "row 1 (5000 km), column 2 (24 months)"),
        (("grid", "lookup", "--grid", "-", "--months", "70", "--annual-km", "5000"), "km;12;24\n5000;10;9\n10000;11;10", "--months: 70 months is outside the grid"),
        (("grid", "lookup", "--grid", "-", "--months", "12", "--annual-km", "lots"), "km;12;24\n5000;10;9\n10000;11;10", "--annual-km: 'lots' is not a number"),
        (("simulate",), None, "the following arguments are required: file"),
        (("frobnicate",), None, "invalid choice"),
    ],
)
def test_invalid_input_exits_2_with_one_line_naming_the_field(args, stdin, field):
    done = run(*args, stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert field in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr


LIGHT = """import json, sys
from leasedash.cli import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    json.dump(sorted(sys.modules), out)
sys.exit(code)
"""
HEAVY = {"sqlalchemy", "sqlmodel", "numpy", "reflex", "bcrypt", "fpdf"}


@pytest.mark.parametrize("args", [("simulate", "{scenario}"), ("grid", "lookup", "--grid", "{grid}", "--months", "45", "--annual-km", "17500")])
def test_simulate_and_grid_lookup_import_only_what_they_need(tmp_path, leaseplus_text, args):
    (tmp_path / "grid.txt").write_text(leaseplus_text, encoding="utf-8")
    (tmp_path / "scenario.json").write_text(json.dumps({
        "product": {"name": "My Personal Lease", "kind": "fixed", "excess_km_rate": "0.06", "under_km_rate": "0.06",
                    "changes_allowed": False, "termination": "half_remaining_rents"},
        "contract": {"months": 48, "annual_km": 10000, "monthly_rent": "450.00"},
        "events": [{"type": "end", "total_km": 51320}]}))
    modules = tmp_path / "modules.json"
    argv = [a.format(scenario=tmp_path / "scenario.json", grid=tmp_path / "grid.txt") for a in args]
    done = subprocess.run([sys.executable, "-c", LIGHT, str(modules), *argv], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and json.loads(done.stdout), done.stderr
    loaded = {name.split(".")[0] for name in json.loads(modules.read_text())}
    assert "leasedash" in loaded and loaded & HEAVY == set()


def test_every_refusal_the_cli_answers_is_a_leasedash_error():
    from leasedash.errors import LeaseDashError
    from leasedash.services.demo import DemoError
    from leasedash.services.schema import MigrationError

    assert issubclass(DemoError, LeaseDashError) and issubclass(MigrationError, LeaseDashError)
