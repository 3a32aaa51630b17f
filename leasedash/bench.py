"""`leasedash bench portfolio`: how fast the portfolio projection runs on the configured database,
against a bare numpy kernel doing the same arithmetic on the same arrays. Prints figures only
(/fleet in the browser: benchmarks/fleet_speed.py)."""

from __future__ import annotations

import datetime as dt
import resource
import time
from fractions import Fraction

import numpy as np

from leasedash.db.portfolio_queries import EPOCH, load_portfolio
from leasedash.db.session import get_engine
from leasedash.domain.portfolio import DAYS_PER_YEAR_X100, KIND_FIXED, ContractArrays, GridArrays, ProductArrays, project, totals_by


def _stack(grids: list[GridArrays]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every grid padded into one 3-D array, so the reference needs no loop over grids."""
    nm = max(len(g.months) for g in grids)
    nk = max(len(g.annual_km) for g in grids)
    months = np.full((len(grids), nm), np.iinfo(np.int64).max // 4, dtype=np.int64)
    kms = np.full((len(grids), nk), np.iinfo(np.int64).max // 4, dtype=np.int64)
    rents = np.zeros((len(grids), nk, nm), dtype=np.int64)
    for i, g in enumerate(grids):
        months[i, : len(g.months)], kms[i, : len(g.annual_km)] = g.months, g.annual_km
        rents[i, : len(g.annual_km), : len(g.months)] = g.rents
        months[i, len(g.months):], kms[i, len(g.annual_km):] = g.months[-1], g.annual_km[-1]
        rents[i, len(g.annual_km):, :] = rents[i, len(g.annual_km) - 1, :]
        rents[i, :, len(g.months):] = rents[i, :, len(g.months) - 1: len(g.months)]
    return months, kms, rents


def reference_kernel(c: ContractArrays, p: ProductArrays, stacked, day: int) -> tuple[np.ndarray, np.ndarray]:
    """The same arithmetic as domain.portfolio.project, written straight through on stacked grids."""
    gm, gk, gr = stacked
    days = c.reading_day - c.start_day
    paced = (c.km >= 0) & (days >= 30)
    d = np.where(paced, days, 1)
    num = c.km * DAYS_PER_YEAR_X100 * c.months
    den = d * 1200
    projected = np.where(paced, (2 * num + den) // (2 * den), c.annual_km * c.months // 12)
    x12 = 12 * projected - c.annual_km * c.months
    rate = np.where(x12 > 0, p.excess_e4[c.product], p.under_e4[c.product])
    n = x12 * rate
    fixed = np.where(n < 0, -((2 * -n + 1200) // 2400), (2 * n + 1200) // 2400)
    g = np.maximum(c.grid, 0)
    billed = np.maximum(c.months, p.min_billed[c.product])
    rows_m, rows_k = gm[g], gk[g]
    mi = np.clip((rows_m <= billed[:, None]).sum(1) - 1, 0, gm.shape[1] - 1)
    mi1 = np.minimum(mi + 1, gm.shape[1] - 1)
    km_num, km_den = projected * 12, billed
    lo, hi = rows_k[:, 0] * km_den, rows_k.max(1) * km_den
    km_num = np.clip(km_num, lo, hi)
    ki = np.clip((rows_k * km_den[:, None] <= km_num[:, None]).sum(1) - 1, 0, gk.shape[1] - 1)
    ki1 = np.minimum(ki + 1, gk.shape[1] - 1)
    idx = np.arange(len(g))
    m0, m1 = rows_m[idx, mi], rows_m[idx, mi1]
    k0, k1 = rows_k[idx, ki], rows_k[idx, ki1]
    dm = np.where(m1 > m0, m1 - m0, 1)
    a = np.where(m1 > m0, billed - m0, 0)
    dk = np.where(k1 > k0, k1 - k0, 1) * km_den
    b = np.where(k1 > k0, km_num - k0 * km_den, 0)
    r = gr[g]
    num = r[idx, ki, mi] * (dm - a) * (dk - b) + r[idx, ki, mi1] * a * (dk - b) + r[idx, ki1, mi] * (dm - a) * b + r[idx, ki1, mi1] * a * b
    den = dm * dk
    rent = (2 * num + den) // (2 * den)
    eco = np.where(c.months < p.eco_before[c.product], p.eco_cents[c.product], 0)
    grid_settlement = rent * billed - c.rent_cents * c.months + eco
    return projected, np.where(p.kind[c.product] == KIND_FIXED, fixed, grid_settlement)


def _best(fn, repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def bench_portfolio(as_of: dt.date, company_id: int | None = None) -> None:
    """Print: contracts, load time from the database, projection time, reference kernel time, totals, peak memory."""
    engine = get_engine()
    day = (as_of - EPOCH).days
    started = time.perf_counter()
    with engine.connect() as connection:
        contracts, products, grids, _ = load_portfolio(connection, as_of, company_id)
    load = time.perf_counter() - started
    if len(contracts) == 0:
        print(f"no contract is active on {as_of} in {engine.url.render_as_string(hide_password=True)}")
        return
    projection_s, projection = _best(lambda: project(contracts, products, grids, day, Fraction(1, 10)))
    stacked = _stack(grids)
    reference_s, (ref_km, ref_settlement) = _best(lambda: reference_kernel(contracts, products, stacked, day))
    totals_s, _ = _best(lambda: (totals_by(contracts.company_id, contracts, projection), totals_by(contracts.product, contracts, projection)))
    usable = ~projection.quote_needed
    same = bool(np.array_equal(ref_km, projection.projected_km) and np.array_equal(ref_settlement[usable], projection.settlement_cents[usable]))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database        {engine.url.render_as_string(hide_password=True)}")
    print(f"contracts       {len(contracts):,} active on {as_of}")
    print(f"load from db    {load:7.2f} s")
    print(f"projection      {projection_s:7.3f} s   (best of 3)")
    print(f"numpy reference {reference_s:7.3f} s   ratio {projection_s / reference_s:4.2f}x (target within 3x); same results: {'yes' if same else 'NO'}")
    print(f"totals          {totals_s:7.3f} s   (per company and per product)")
    print(f"load+project    {load + projection_s + totals_s:7.2f} s   (target < 5 s)")
    print(f"peak memory     {peak_mb:7.0f} MB  (target < 1536 MB)")
