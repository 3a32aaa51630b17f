"""Scenario documents and rent grids as an attacker would write them: every value of the golden documents replaced
by random or hostile JSON, grids far larger than any product's. Whatever comes in, the answer is a result or a
refusal naming the field (InvalidInput), never another exception; a refusal of an oversized input costs about
what a valid document costs."""

from __future__ import annotations

import copy
import json
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leasedash.domain import GridError, parse_grid, simulate_document
from leasedash.domain.limits import input_limits
from leasedash.errors import InvalidInput
from tests.support.documents import places, put
from tests.conftest import golden_files

GOLDEN = [json.loads(p.read_text(encoding="utf-8"))["scenario"] for p in golden_files()]
HOSTILE = st.sampled_from([
    None, True, [], {}, "", "1e300000", "1e300", 1e300, float("nan"), float("inf"), 10**30, -(10**30), 2**63, "9" * 100_000,
    "\ud800", "-1", 0, -1, 0.5, "12,5", "9999-12-31", "0001-01-01", "2026-02-30", [1, 2], {"type": []}, "x" * 5000,
])
VALUES = st.one_of(HOSTILE, st.integers(-(10**15), 10**15), st.floats(), st.text(max_size=20),
                   st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                                lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=5))


def _answer(document) -> str:
    """'result' or 'refused'; any other exception fails the test."""
    try:
        simulate_document(document).as_json("en")
    except InvalidInput:
        return "refused"
    return "result"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_value_anywhere_in_a_scenario_is_a_result_or_a_refusal(data):
    document = data.draw(st.sampled_from(GOLDEN))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(places(document))))
        document = put(document, path, data.draw(VALUES))
    assert _answer(document) in ("result", "refused")


@pytest.mark.parametrize(("path", "value", "field"), [
    (("contract", "annual_km"), "9" * 100_000, "contract.annual_km"),
    (("contract", "annual_km"), 10**100_000 // 10**99_000, "contract.annual_km"),
    (("contract", "monthly_rent"), 10**30, "contract.monthly_rent"),
    (("contract", "monthly_rent"), "1e300000", "contract.monthly_rent"),
    (("product", "grid", "rents", 0, 0), 1e300, "product.grid.rents"),
    (("product", "grid", "rents", 0, 0), "1e300", "product.grid.rents"),
    (("product", "kind"), ["grid"], "product.kind"),
    (("events",), [{"type": {"a": 1}}], "events[0].type"),
    (("name",), "n" * 100_000, "name"),
    (("product", "name"), ["Lease"], "product.name"),
    (("contract", "start_date"), "9999-12-31", "contract.start_date"),
])
def test_each_hostile_value_of_the_issue_is_refused_under_its_field(path, value, field):
    document = put(next(d for d in GOLDEN if d["product"].get("grid")), path, value)
    with pytest.raises(InvalidInput) as refused:
        simulate_document(document)
    assert refused.value.field == field


def _grid_document(months: int, rows: int) -> dict:
    document = copy.deepcopy(next(d for d in GOLDEN if d["product"]["kind"] == "grid"))
    document["events"] = []
    grid = document["product"]["grid"]
    grid["months"] = list(range(1, months + 1))
    grid["annual_km"] = [1000 * (k + 1) for k in range(rows)]
    grid["rents"] = [["100.00"] * months for _ in range(rows)]
    return document


def test_a_grid_is_at_most_60_by_60_and_a_larger_one_is_refused_at_the_cost_of_a_valid_one():
    limits = input_limits()
    assert (limits.grid_durations, limits.grid_mileages) == (60, 60)
    valid = _grid_document(12, 10)
    valid["contract"] = {"months": 12, "annual_km": 5000}
    started = time.perf_counter()
    assert _answer(valid) == "result"
    valid_seconds = time.perf_counter() - started
    slowest = 0.0
    for months, rows, field in ((40_000, 2, "product.grid.months"), (2, 40_000, "product.grid.annual_km"), (61, 2, "product.grid.months")):
        document = _grid_document(months, rows)
        started = time.perf_counter()
        with pytest.raises(GridError) as refused:
            simulate_document(document)
        slowest = max(slowest, time.perf_counter() - started)
        assert refused.value.field == field and refused.value.problems[0].code == "too_many"
    print(f"\nrent grid: slowest refusal {slowest * 1000:.1f} ms, a valid 12x10 document {valid_seconds * 1000:.1f} ms")
    largest = parse_grid(json.dumps({k: _grid_document(60, 60)["product"]["grid"][k] for k in ("months", "annual_km", "rents")}))
    assert (len(largest.months), len(largest.annual_km)) == (60, 60)
    assert slowest < max(valid_seconds, 0.05) * 5


def test_a_scenario_has_at_most_100_events():
    document = copy.deepcopy(GOLDEN[0])
    document["events"] = [{"type": "mileage_change", "at_month": 1, "annual_km": 10000}] * 101
    with pytest.raises(InvalidInput) as refused:
        simulate_document(document)
    assert refused.value.field == "events" and refused.value.code == "too_many_events"


def _timed_parse(text: str) -> float:
    started = time.perf_counter()
    with pytest.raises(GridError):
        parse_grid(text)
    return time.perf_counter() - started


def test_grid_texts_that_used_to_freeze_the_parser_are_refused_at_once(leaseplus_text):
    started = time.perf_counter()
    parse_grid(leaseplus_text)
    valid = time.perf_counter() - started
    header = leaseplus_text.splitlines()[0]
    hostile = {
        "km label with a long run of spaces": header + "\n1" + " " * 5000 + "x\t100\t100",
        "month header with 5,000 digits": "Km\t" + "9" * 5000 + " mo.\t24 mo.\n5000\t100\t90",
        "a cell over the csv module's field limit": "Km;12;24\n5000;" + "1" * 200_000 + ";100",
        "text over 400 KB": "Km\t12\t24\n" + "5000\t100\t90\n" * 40_000,
        "JSON nested 100,000 deep": "{" + '"months":' + "[" * 100_000 + "]" * 100_000 + "}",
        "JSON with a 10,000-digit number": '{"months": [' + "9" * 10_000 + '], "annual_km": [1], "rents": [[1]]}',
        "40,000 durations": json.dumps({"months": list(range(1, 40_001)), "annual_km": [1000, 2000], "rents": [[1], [1]]}),
    }
    times = {name: _timed_parse(text) for name, text in hostile.items()}
    slowest = max(times, key=times.get)
    print(f"\ngrid text: slowest refusal {times[slowest] * 1000:.1f} ms ({slowest}), the Lease Plus grid {valid * 1000:.1f} ms")
    assert times[slowest] < 1.0


def test_rents_and_months_in_a_grid_go_through_the_one_bounded_parser():
    with pytest.raises(GridError) as refused:
        parse_grid(json.dumps({"months": [12, 24], "annual_km": [5000, 10000], "rents": [[1e300, "100"], ["100", "NaN"]]}))
    codes = {(p.row, p.column): p.code for p in refused.value.problems}
    assert codes == {(1, 1): "not_a_number", (2, 2): "not_a_number"}
    assert parse_grid("Km\t12 mo.\t24 mo.\n5.000\t1.349,88\t961,28\n10.000\t1.350,00\t962,00").rents[0][0] == Decimal("1349.88")
