"""Shared fixtures: where the seeds' golden examples live, and how to skip visibly outside CI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLDEN = SHARED / "golden"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


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
