"""The series behind the fleet's charts, from a projected run: how drivers drive against plan, what ends when, what
the fleet costs a month over time, the end settlements per product and per make, and a sample of contracts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leasedash.db.snapshot_queries import COLUMNS
from leasedash.domain.portfolio import Totals, totals_by
from leasedash.services.portfolio import PortfolioRun

SAMPLE_POINTS = 2000
PACE_EDGES = np.arange(0.0, 3.01, 0.1)
START, END, RENT = (COLUMNS.index(n) for n in ("start_day", "end_day", "rent_cents"))


@dataclass(frozen=True)
class SettlementGroup:
    """Projected end invoices and refunds of a group of contracts (a product or a make), in euros; `key`: the
    product's id or the make's index in the run."""

    name: str
    invoices: float
    refunds: float
    key: int = 0


@dataclass(frozen=True, eq=False)
class FleetCharts:
    """The series behind the fleet's charts: aggregates, and a sample of at most SAMPLE_POINTS contracts (one object
    a projection, told apart by identity, so the page keeps the figures it built from it)."""

    pace_edges: np.ndarray
    pace_counts: np.ndarray
    ending_months: list[str]
    ending_counts: np.ndarray
    spend_months: list[str]
    spend: np.ndarray
    sample_contracted: np.ndarray
    sample_pace: np.ndarray
    sample_ids: np.ndarray
    contracts: int
    products: list[SettlementGroup]
    makes: list[SettlementGroup]
    as_of_month: str



def charts(run: PortfolioRun, signed: list[np.ndarray]) -> FleetCharts:
    """The series of the fleet's charts for a projected run, and the snapshot rows of every contract it signed
    (one array a company) for its monthly spend over time."""
    edges, counts = _pace_histogram(run)
    months, ends = _ending_per_month(run)
    spend_months, spend = _spend_over_time(run, signed)
    contracted, pace, ids = _pace_sample(run)
    by_product = [(run.product_names.get(run.product_ids[k], "?"), run.product_ids[k], t)
                  for k, t in totals_by(run.contracts.product, run.contracts, run.projection).items()]
    by_make = [(run.make_names[k] if 0 <= k < len(run.make_names) else "?", k, t) for k, t in totals_by(run.makes, run.contracts, run.projection).items()]
    top_makes = sorted(by_make, key=lambda row: -(row[2].invoices - row[2].refunds))[:15]
    return FleetCharts(edges, counts, months, ends, spend_months, spend, contracted, pace, ids, len(run.contracts),
                       _groups(by_product), _groups(top_makes), run.as_of.isoformat()[:7])


def _groups(rows: list[tuple[str, int, Totals]]) -> list[SettlementGroup]:
    return [SettlementGroup(name, t.invoices / 100, t.refunds / 100, key) for name, key, t in rows]


def pace_bins(run: PortfolioRun) -> np.ndarray:
    """Each contract's bin of PACE_EDGES (10 % of plan wide) by its pace against plan; beyond the last edge, the last bin."""
    ratio = np.clip(run.projection.pace / run.contracts.annual_km, PACE_EDGES[0], PACE_EDGES[-1] - 1e-9)
    return np.minimum(np.searchsorted(PACE_EDGES, ratio, side="right") - 1, len(PACE_EDGES) - 2)


def _pace_histogram(run: PortfolioRun) -> tuple[np.ndarray, np.ndarray]:
    """How many contracts drive at each share of their plan (pace / contracted km), in 10 % bins."""
    return PACE_EDGES, np.bincount(pace_bins(run), minlength=len(PACE_EDGES) - 1)


def month_index(days: np.ndarray) -> np.ndarray:
    """Days since 1970 as months since 1970."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _ending_per_month(run: PortfolioRun, months: int = 24) -> tuple[list[str], np.ndarray]:
    """Contracts ending in each of the next `months` months."""
    first = int(np.datetime64(run.as_of, "M").astype(np.int64))
    index = month_index(run.contracts.end_day) - first
    counts = np.bincount(index[(index >= 0) & (index < months)], minlength=months)
    labels = [str(np.datetime64(first + i, "M")) for i in range(months)]
    return labels, counts


def _spend_over_time(run: PortfolioRun, parts: list[np.ndarray], past_months: int = 60, future_months: int = 24) -> tuple[list[str], np.ndarray]:
    """The monthly rent of every contract running in each month, from five years back to two years ahead, in euros
    (every signed contract of the snapshot, one company's array at a time)."""
    first = int(np.datetime64(run.as_of, "M").astype(np.int64)) - past_months
    span = past_months + future_months
    if not any(part.shape[1] for part in parts):
        return [], np.zeros(0)
    delta = np.zeros(span + 1)
    for rows in parts:
        start = np.clip(month_index(rows[START]) - first, 0, span)
        end = np.clip(month_index(rows[END]) - first, 0, span)
        delta += np.bincount(start, weights=rows[RENT], minlength=span + 1) - np.bincount(end, weights=rows[RENT], minlength=span + 1)
    return [str(np.datetime64(first + i, "M")) for i in range(span)], np.cumsum(delta)[:span] / 100


def _pace_sample(run: PortfolioRun) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Contracted km against the pace driven, at most SAMPLE_POINTS contracts (a fixed random sample beyond)."""
    n = len(run.contracts)
    index = np.arange(n) if n <= SAMPLE_POINTS else np.sort(np.random.default_rng(0).choice(n, SAMPLE_POINTS, replace=False))
    return run.contracts.annual_km[index].astype(float), run.projection.pace[index], run.contracts.contract_id[index]
