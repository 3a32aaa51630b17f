"""The fleet page's numbers: the projected portfolio of a company (or all) on a date, cached per company and
date and patched contract by contract as the snapshot moves on, and what the page shows of it: totals, chart
series, a sorted and filtered table, and the contracts to adapt now."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from leasedash.db.portfolio_queries import EPOCH, ContractLabel, company_names, contract_labels, search_contract_ids
from leasedash.db.scoping import Viewer
from leasedash.db.session import get_engine, session_scope
from leasedash.db.snapshot_queries import COLUMNS, Scope, snapshot_rows
from leasedash.domain.portfolio import Totals, totals
from leasedash.errors import AccessDenied
from leasedash.services import snapshot
from leasedash.services.contract_view import contract_view
from leasedash.services.fleet_drill import Drill, drill_mask
from leasedash.services.fleet_series import FleetCharts, charts
from leasedash.services.portfolio import Named, PortfolioRun, patch_run, project_rows, scope_rows

CACHE_SIZE = 16
SORTS = ("settlement", "pace", "end", "rent")
ADVICE_ROWS = 12
READING_DAY = COLUMNS.index("reading_day")


@dataclass
class FleetData:
    """A projected portfolio, the snapshot position it reflects, and what the page derived from it (the overview,
    the sort orders, the table's selections), dropped whenever a change is patched in."""

    run: PortfolioRun
    company_id: int | None
    url: str | None
    position: tuple[int, int]
    lock: threading.Lock = field(default_factory=threading.Lock)
    summary: FleetOverview | None = None
    orders: dict[str, np.ndarray] = field(default_factory=dict)
    selections: dict[TableFilters, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class TableFilters:
    """What the contracts table shows: off plan only, one product (by id), a search, the sort and its order, and the
    contracts behind a part of a chart (a drill-down)."""

    only_off_plan: bool = False
    product_id: int | None = None
    search: str = ""
    sort: str = "settlement"
    descending: bool = True
    drill: Drill | None = None


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


def _slot(as_of: dt.date, company_id: int | None, url: str | None) -> tuple[snapshot.Store, tuple, threading.Lock]:
    """The snapshot (refreshed), the cache key of a portfolio, and the lock its readers take turns on."""
    store = snapshot.store(url)
    store.refresh()
    key = (store.url, as_of, company_id)
    with _lock:
        return store, key, _loading.setdefault(key, threading.Lock())


def _cached(key: tuple, store: snapshot.Store) -> FleetData | None:
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
    return cached if cached is not None and _catch_up(cached, store) else None


def cached_fleet(as_of: dt.date, company_id: int | None, url: str | None = None) -> FleetData | None:
    """The projected portfolio from the cache, with the contracts changed since patched in; None when it is not
    there (fleet_data projects it then)."""
    store, key, loading = _slot(as_of, company_id, url)
    with loading:
        return _cached(key, store)


def fleet_data(as_of: dt.date, company_id: int | None, url: str | None = None) -> FleetData:
    """The projected portfolio of a company (None: every company) on a date: from the cache, with the contracts
    changed since patched in (reading only those from the database), else projected from the snapshot."""
    store, key, loading = _slot(as_of, company_id, url)
    with loading:
        cached = _cached(key, store)
        if cached is not None:
            return cached
        parts, make_names, position = scope_rows(as_of, company_id, url)
        data = FleetData(project_rows(parts, make_names, as_of, url), company_id, url, position)
        with _lock:
            _cache[key] = data
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
        return data


def _catch_up(data: FleetData, store: snapshot.Store) -> bool:
    """Patch the changes the snapshot took in since `data` was projected; False when they cannot be patched."""
    generation, version = data.position
    batches = store.batches_since(version) if generation == store.generation else None
    if batches is None:
        return False
    if not batches:
        return True
    run = data.run
    with data.lock:
        for batch in batches:
            rows = batch.rows
            if rows.shape[1] and rows[READING_DAY].max() > (run.as_of - EPOCH).days:
                with get_engine(data.url).connect() as connection:
                    rows = snapshot_rows(connection, Scope(contract_ids=batch.ids.tolist()),
                                         {n: i for i, n in enumerate(store.make_names)}, run.as_of)
            if not patch_run(run, batch.ids, rows, data.company_id, data.url):
                return False
        run.make_names = list(store.make_names)
        data.position = (generation, batches[-1].version)
        data.summary, data.orders, data.selections = None, {}, {}
    return True


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
    """Totals, contracts ending within 90 days, the products present and the chart series (computed once a
    projection, then kept with it)."""
    summary = data.summary
    if summary is None:
        run = data.run
        c, p = run.contracts, run.projection
        day = (run.as_of - EPOCH).days
        ending = int(((c.end_day > day) & (c.end_day <= day + 90)).sum())
        products = [Named(run.product_ids[k], run.product_names.get(run.product_ids[k], "?")) for k in np.unique(c.product)]
        parts, _, _ = snapshot.store(data.url).parts(data.company_id)
        summary = data.summary = FleetOverview(totals(c, p), ending, products, charts(run, parts))
    return summary


def selection(data: FleetData, filters: TableFilters, company_id: int | None) -> np.ndarray:
    """Indices of the contracts that pass the filters, sorted; kept with the data, so paging is a slice."""
    selections = data.selections
    if filters not in selections:
        if len(selections) > 32:
            selections.clear()
        ids = None
        if filters.search:
            with get_engine(data.url).connect() as connection:
                ids = search_contract_ids(connection, filters.search, data.run.as_of, company_id)
        selections[filters] = _select(data, filters, ids)
    return selections[filters]


def _order(data: FleetData, sort: str) -> np.ndarray:
    """Every contract in the ascending order of a sort (stable), computed once a projection: a filter then only
    picks from it."""
    order = data.orders.get(sort)
    if order is None:
        c, p = data.run.contracts, data.run.projection
        key = {"settlement": lambda: np.where(p.quote_needed, np.iinfo(np.int64).max // 2, p.settlement_cents),
               "pace": lambda: p.pace / c.annual_km, "end": lambda: c.end_day, "rent": lambda: c.rent_cents}[sort]()
        order = data.orders[sort] = np.argsort(key, kind="stable")
    return order


def _select(data: FleetData, filters: TableFilters, ids: np.ndarray | None) -> np.ndarray:
    run = data.run
    c, p = run.contracts, run.projection
    order = _order(data, filters.sort if filters.sort in SORTS else "settlement")
    if not (filters.only_off_plan or filters.product_id is not None or ids is not None or filters.drill is not None):
        return order[::-1] if filters.descending else order
    keep = np.ones(len(c), dtype=bool)
    if filters.only_off_plan:
        keep &= p.off_plan
    if filters.product_id is not None:
        keep &= np.isin(c.product, [k for k, pid in enumerate(run.product_ids) if pid == filters.product_id])
    if ids is not None:
        keep &= np.isin(c.contract_id, ids)
    if filters.drill is not None:
        keep &= drill_mask(run, filters.drill)
    index = order[keep[order]]
    return index[::-1] if filters.descending else index


def fleet_rows(data: FleetData, index: np.ndarray) -> list[FleetRow]:
    """The contracts at `index` (in that order) with their labels and projected figures (one removed meanwhile is left out)."""
    c, p = data.run.contracts, data.run.projection
    with get_engine(data.url).connect() as connection:
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
    with session_scope(data.url) as s:
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
    """Project every company's portfolio for today once, with its overview and first table order, so that the first
    visit of /fleet is served from the cache."""
    try:
        data = fleet_data(dt.date.today(), None)
        overview(data)
        selection(data, TableFilters(), None)
    except Exception:  # noqa: BLE001 (a warm-up that fails leaves the cache cold; the page loads it then)
        return
