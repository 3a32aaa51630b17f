"""The fleet page's numbers: the projected portfolio of a company (or all), cached per company and
date until a contract or an odometer reading changes, and the slices the page shows."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from leasedash.db.portfolio_queries import EPOCH, data_fingerprint, load_history, load_makes
from leasedash.db.session import get_engine
from leasedash.domain.portfolio import Totals, totals, totals_by
from leasedash.services.portfolio import PortfolioRun, run_portfolio

CACHE_SIZE = 16
SORTS = ("settlement", "pace", "end", "rent")


@dataclass
class FleetData:
    """A projected portfolio with what the charts need besides: makes, and every contract's history."""

    run: PortfolioRun
    makes: np.ndarray
    make_names: list[str]
    history: np.ndarray
    fingerprint: tuple
    selections: dict = field(default_factory=dict)


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


def kpis(data: FleetData) -> tuple[Totals, int]:
    """The portfolio totals, and how many contracts end within 90 days."""
    run = data.run
    day = (run.as_of - EPOCH).days
    ending = int(((run.contracts.end_day > day) & (run.contracts.end_day <= day + 90)).sum())
    return totals(run.contracts, run.projection), ending


def pace_histogram(data: FleetData, bins: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """How many contracts drive at each share of their plan (pace / contracted km), in 10 % bins."""
    edges = np.arange(0.0, 3.01, 0.1) if bins is None else bins
    ratio = data.run.projection.pace / data.run.contracts.annual_km
    counts, _ = np.histogram(np.clip(ratio, edges[0], edges[-1] - 1e-9), bins=edges)
    return edges, counts


def by_product(data: FleetData) -> list[tuple[str, Totals]]:
    run = data.run
    return [(run.product_names.get(run.product_ids[k], "?"), t) for k, t in totals_by(run.contracts.product, run.contracts, run.projection).items()]


def by_make(data: FleetData) -> list[tuple[str, Totals]]:
    run = data.run
    return [(data.make_names[k], t) for k, t in totals_by(data.makes, run.contracts, run.projection).items()]


def _month_index(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def ending_per_month(data: FleetData, months: int = 24) -> tuple[list[str], np.ndarray]:
    """Contracts ending in each of the next `months` months."""
    run = data.run
    first = int(np.datetime64(run.as_of, "M").astype(np.int64))
    index = _month_index(run.contracts.end_day) - first
    counts = np.bincount(index[(index >= 0) & (index < months)], minlength=months)
    labels = [str(np.datetime64(first + i, "M")) for i in range(months)]
    return labels, counts


def spend_over_time(data: FleetData, past_months: int = 60, future_months: int = 24) -> tuple[list[str], np.ndarray]:
    """The monthly rent of every contract running in each month, from five years back to two years ahead."""
    first = int(np.datetime64(data.run.as_of, "M").astype(np.int64)) - past_months
    span = past_months + future_months
    h = data.history
    if len(h) == 0:
        return [], np.zeros(0)
    start, end = np.clip(_month_index(h[:, 0]) - first, 0, span), np.clip(_month_index(h[:, 1]) - first, 0, span)
    delta = np.bincount(start, weights=h[:, 2], minlength=span + 1) - np.bincount(end, weights=h[:, 2], minlength=span + 1)
    return [str(np.datetime64(first + i, "M")) for i in range(span)], np.cumsum(delta)[:span] / 100


def pace_sample(data: FleetData, limit: int = 4000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Contracted km against the pace driven, at most `limit` contracts (a fixed random sample beyond)."""
    run = data.run
    n = len(run.contracts)
    index = np.arange(n) if n <= limit else np.sort(np.random.default_rng(0).choice(n, limit, replace=False))
    return run.contracts.annual_km[index], run.projection.pace[index], run.contracts.contract_id[index]


def select_rows(data: FleetData, *, only_off_plan: bool = False, product: int | None = None, ids: np.ndarray | None = None,
                sort: str = "settlement", descending: bool = True, search: str = "") -> np.ndarray:
    """Indices of the contracts that pass the filters, sorted; kept with the data, so paging is a slice."""
    key = (only_off_plan, product, search, sort, descending)
    if key not in data.selections:
        if len(data.selections) > 32:
            data.selections.clear()
        data.selections[key] = _select(data, only_off_plan, product, ids, sort, descending)
    return data.selections[key]


def _select(data: FleetData, only_off_plan: bool, product: int | None, ids: np.ndarray | None, sort: str, descending: bool) -> np.ndarray:
    run = data.run
    c, p = run.contracts, run.projection
    keep = np.ones(len(c), dtype=bool)
    if only_off_plan:
        keep &= p.off_plan
    if product is not None:
        keep &= c.product == product
    if ids is not None:
        keep &= np.isin(c.contract_id, ids)
    index = np.nonzero(keep)[0]
    key = {"settlement": np.where(p.quote_needed, np.iinfo(np.int64).max // 2, p.settlement_cents),
           "pace": p.pace / c.annual_km, "end": c.end_day, "rent": c.rent_cents}[sort if sort in SORTS else "settlement"][index]
    order = np.argsort(key, kind="stable")
    return index[order[::-1] if descending else order]


def recommendations(data: FleetData, threshold_cents: int, limit: int = 12) -> np.ndarray:
    """Contracts whose projected end settlement exceeds the threshold, largest first."""
    p = data.run.projection
    index = np.nonzero(~p.quote_needed & (p.settlement_cents > threshold_cents))[0]
    return index[np.argsort(-p.settlement_cents[index], kind="stable")][:limit]


def warm_up() -> None:
    """Project every company's portfolio for today once, so that the first visit of /fleet is served from the cache."""
    try:
        fleet_data(dt.date.today(), None)
    except Exception:  # noqa: BLE001 (a warm-up that fails leaves the cache cold; the page loads it then)
        return
