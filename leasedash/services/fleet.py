"""The fleet page's numbers: the projected portfolio of a company (or all), cached per company and
date until a contract or an odometer reading changes, and what the page shows of it: totals, chart
series, a sorted and filtered table, and the contracts to adapt now."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from leasedash.db.portfolio_queries import (EPOCH, ContractLabel, company_names, contract_labels, data_fingerprint, load_history,
                                            load_makes, search_contract_ids)
from leasedash.db.scoping import Viewer
from leasedash.db.session import get_engine, session_scope
from leasedash.domain.portfolio import Totals, totals, totals_by
from leasedash.errors import AccessDenied
from leasedash.services.contract_view import contract_view
from leasedash.services.portfolio import Named, PortfolioRun, run_portfolio

CACHE_SIZE = 16
SORTS = ("settlement", "pace", "end", "rent")
SAMPLE_POINTS = 4000
ADVICE_ROWS = 12


@dataclass
class FleetData:
    """A projected portfolio with what the charts need besides: makes, and every contract's history."""

    run: PortfolioRun
    makes: np.ndarray
    make_names: list[str]
    history: np.ndarray
    fingerprint: tuple
    selections: dict[TableFilters, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class TableFilters:
    """What the contracts table shows: off plan only, one product (by id), a search, the sort and its order."""

    only_off_plan: bool = False
    product_id: int | None = None
    search: str = ""
    sort: str = "settlement"
    descending: bool = True


@dataclass(frozen=True)
class SettlementGroup:
    """Projected end invoices and refunds of a group of contracts (a product or a make), in euros."""

    name: str
    invoices: float
    refunds: float


@dataclass(frozen=True)
class FleetCharts:
    """The series behind the fleet's charts: aggregates, and a sample of at most SAMPLE_POINTS contracts."""

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


@dataclass(frozen=True)
class FleetOverview:
    """The head of the fleet page: totals, contracts ending within 90 days, the products present, the charts."""

    totals: Totals
    ending_soon: int
    products: list[Named]
    charts: FleetCharts


@dataclass(frozen=True)
class FleetRow:
    """One contract of the table (or of the CSV export) with its projection; settlement None: the lessor must quote."""

    contract_id: int
    label: ContractLabel
    rent_cents: int
    pace_ratio: float
    projected_km: int
    settlement_cents: int | None
    off_plan: bool


@dataclass(frozen=True)
class Advice:
    """A contract to adapt now: its projected end settlement and, when its product allows a change, the mileage
    to adapt to and what would be left to settle at the end."""

    contract_id: int
    label: ContractLabel
    settlement_cents: int
    new_annual_km: int | None = None
    settlement_after_cents: int | None = None


_cache: OrderedDict[tuple, FleetData] = OrderedDict()
_lock = threading.Lock()
_loading: dict[tuple, threading.Lock] = {}


def fleet_data(as_of: dt.date, company_id: int | None, url: str | None = None) -> FleetData:
    """The portfolio of a company (None: every company) on a date, from the cache while nothing changed."""
    engine = get_engine(url)
    with engine.connect() as connection:
        fingerprint = data_fingerprint(connection)
    key = (str(engine.url), as_of, company_id)
    with _lock:
        loading = _loading.setdefault(key, threading.Lock())
    with loading:
        with _lock:
            cached = _cache.get(key)
            if cached is not None and cached.fingerprint == fingerprint:
                _cache.move_to_end(key)
                return cached
        data = _load(as_of, company_id, url, fingerprint)
        with _lock:
            _cache[key] = data
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
        return data


def _load(as_of: dt.date, company_id: int | None, url: str | None, fingerprint: tuple) -> FleetData:
    engine = get_engine(url)

    def makes():
        with engine.connect() as c:
            return load_makes(c, as_of, company_id)

    def history():
        with engine.connect() as c:
            return load_history(c, company_id)

    with ThreadPoolExecutor(max_workers=3) as pool:
        f_run, f_makes, f_history = pool.submit(run_portfolio, as_of, company_id, url), pool.submit(makes), pool.submit(history)
        run, make_list, history_rows = f_run.result(), f_makes.result(), f_history.result()
    make_names, make_codes = np.unique(np.array(make_list, dtype=object), return_inverse=True) if make_list else (np.array([]), np.array([], dtype=np.int64))
    return FleetData(run, make_codes.astype(np.int64), [str(m) for m in make_names], history_rows, fingerprint)


def fleet_scope(viewer: Viewer, company_id: int | None) -> int | None:
    """The company whose fleet the viewer sees: a fleet manager's own, an admin's choice (None: every company)."""
    if viewer.role == "fleet_manager":
        return viewer.company_id
    if viewer.role == "admin":
        return company_id
    raise AccessDenied("the fleet is for fleet managers and admins")


def companies() -> list[Named]:
    """Every company, by name (an admin's choice of fleet)."""
    with get_engine().connect() as connection:
        return [Named(i, name) for i, name in sorted(company_names(connection).items(), key=lambda kv: kv[1])]


def overview(data: FleetData) -> FleetOverview:
    """Totals, contracts ending within 90 days, the products present and the chart series."""
    run = data.run
    c, p = run.contracts, run.projection
    day = (run.as_of - EPOCH).days
    ending = int(((c.end_day > day) & (c.end_day <= day + 90)).sum())
    present = np.unique(c.product)
    products = [Named(run.product_ids[k], run.product_names.get(run.product_ids[k], "?")) for k in present]
    return FleetOverview(totals(c, p), ending, products, _charts(data))


def _charts(data: FleetData) -> FleetCharts:
    run = data.run
    edges, counts = _pace_histogram(data)
    months, ends = _ending_per_month(data)
    spend_months, spend = _spend_over_time(data)
    contracted, pace, ids = _pace_sample(data)
    by_product = [(run.product_names.get(run.product_ids[k], "?"), t) for k, t in totals_by(run.contracts.product, run.contracts, run.projection).items()]
    by_make = [(data.make_names[k], t) for k, t in totals_by(data.makes, run.contracts, run.projection).items()]
    top_makes = sorted(by_make, key=lambda kv: -(kv[1].invoices - kv[1].refunds))[:15]
    return FleetCharts(edges, counts, months, ends, spend_months, spend, contracted, pace, ids, len(run.contracts),
                       _groups(by_product), _groups(top_makes), run.as_of.isoformat()[:7])


def _groups(rows: list[tuple[str, Totals]]) -> list[SettlementGroup]:
    return [SettlementGroup(name, t.invoices / 100, t.refunds / 100) for name, t in rows]


def _pace_histogram(data: FleetData) -> tuple[np.ndarray, np.ndarray]:
    """How many contracts drive at each share of their plan (pace / contracted km), in 10 % bins."""
    edges = np.arange(0.0, 3.01, 0.1)
    ratio = data.run.projection.pace / data.run.contracts.annual_km
    counts, _ = np.histogram(np.clip(ratio, edges[0], edges[-1] - 1e-9), bins=edges)
    return edges, counts


def _month_index(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _ending_per_month(data: FleetData, months: int = 24) -> tuple[list[str], np.ndarray]:
    """Contracts ending in each of the next `months` months."""
    run = data.run
    first = int(np.datetime64(run.as_of, "M").astype(np.int64))
    index = _month_index(run.contracts.end_day) - first
    counts = np.bincount(index[(index >= 0) & (index < months)], minlength=months)
    labels = [str(np.datetime64(first + i, "M")) for i in range(months)]
    return labels, counts


def _spend_over_time(data: FleetData, past_months: int = 60, future_months: int = 24) -> tuple[list[str], np.ndarray]:
    """The monthly rent of every contract running in each month, from five years back to two years ahead, in euros."""
    first = int(np.datetime64(data.run.as_of, "M").astype(np.int64)) - past_months
    span = past_months + future_months
    h = data.history
    if len(h) == 0:
        return [], np.zeros(0)
    start, end = np.clip(_month_index(h[:, 0]) - first, 0, span), np.clip(_month_index(h[:, 1]) - first, 0, span)
    delta = np.bincount(start, weights=h[:, 2], minlength=span + 1) - np.bincount(end, weights=h[:, 2], minlength=span + 1)
    return [str(np.datetime64(first + i, "M")) for i in range(span)], np.cumsum(delta)[:span] / 100


def _pace_sample(data: FleetData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Contracted km against the pace driven, at most SAMPLE_POINTS contracts (a fixed random sample beyond)."""
    run = data.run
    n = len(run.contracts)
    index = np.arange(n) if n <= SAMPLE_POINTS else np.sort(np.random.default_rng(0).choice(n, SAMPLE_POINTS, replace=False))
    return run.contracts.annual_km[index].astype(float), run.projection.pace[index], run.contracts.contract_id[index]


def selection(data: FleetData, filters: TableFilters, company_id: int | None) -> np.ndarray:
    """Indices of the contracts that pass the filters, sorted; kept with the data, so paging is a slice."""
    if filters not in data.selections:
        if len(data.selections) > 32:
            data.selections.clear()
        ids = None
        if filters.search:
            with get_engine().connect() as connection:
                ids = search_contract_ids(connection, filters.search, data.run.as_of, company_id)
        data.selections[filters] = _select(data, filters, ids)
    return data.selections[filters]


def _select(data: FleetData, filters: TableFilters, ids: np.ndarray | None) -> np.ndarray:
    run = data.run
    c, p = run.contracts, run.projection
    keep = np.ones(len(c), dtype=bool)
    if filters.only_off_plan:
        keep &= p.off_plan
    if filters.product_id is not None:
        keep &= np.isin(c.product, [k for k, pid in enumerate(run.product_ids) if pid == filters.product_id])
    if ids is not None:
        keep &= np.isin(c.contract_id, ids)
    index = np.nonzero(keep)[0]
    key = {"settlement": np.where(p.quote_needed, np.iinfo(np.int64).max // 2, p.settlement_cents),
           "pace": p.pace / c.annual_km, "end": c.end_day, "rent": c.rent_cents}[filters.sort if filters.sort in SORTS else "settlement"][index]
    order = np.argsort(key, kind="stable")
    return index[order[::-1] if filters.descending else order]


def fleet_rows(data: FleetData, index: np.ndarray) -> list[FleetRow]:
    """The contracts at `index` (in that order) with their labels and projected figures (one removed meanwhile is left out)."""
    c, p = data.run.contracts, data.run.projection
    with get_engine().connect() as connection:
        labels = contract_labels(connection, [int(c.contract_id[i]) for i in index])
    return [FleetRow(int(c.contract_id[i]), labels[int(c.contract_id[i])], int(c.rent_cents[i]), float(p.pace[i] / c.annual_km[i]),
                     int(p.projected_km[i]), None if p.quote_needed[i] else int(p.settlement_cents[i]), bool(p.off_plan[i]))
            for i in index if int(c.contract_id[i]) in labels]


def advice(viewer: Viewer, data: FleetData, threshold_cents: int) -> list[Advice]:
    """The ADVICE_ROWS contracts with the largest projected end settlement above the threshold, largest first,
    each with the mileage to adapt to now when its product allows a change."""
    p = data.run.projection
    over = np.nonzero(~p.quote_needed & (p.settlement_cents > threshold_cents))[0]
    out = []
    with session_scope() as s:
        for row in fleet_rows(data, over[np.argsort(-p.settlement_cents[over], kind="stable")][:ADVICE_ROWS]):
            projection = contract_view(s, viewer, row.contract_id, data.run.as_of).projection if row.label.changes_allowed else None
            suggestion = projection.suggestion if projection is not None else None
            if suggestion is not None and suggestion.kind == "adapt":
                out.append(Advice(row.contract_id, row.label, row.settlement_cents, suggestion.new_annual_km,
                                  int(suggestion.settlement_at_end * 100)))
            else:
                out.append(Advice(row.contract_id, row.label, row.settlement_cents))
    return out


def warm_up() -> None:
    """Project every company's portfolio for today once, so that the first visit of /fleet is served from the cache."""
    try:
        fleet_data(dt.date.today(), None)
    except Exception:  # noqa: BLE001 (a warm-up that fails leaves the cache cold; the page loads it then)
        return
