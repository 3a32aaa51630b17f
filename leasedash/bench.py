"""`leasedash bench portfolio`: how fast the portfolio loads and projects on the configured database, against a
bare numpy kernel doing the same arithmetic on the same arrays, and how fast a cached projection takes in one
change. Prints figures only (/fleet in the browser: benchmarks/fleet_speed.py)."""

from __future__ import annotations

import datetime as dt
import resource
import time

import numpy as np

from sqlmodel import select

from leasedash.db.models import Contract, OdometerReading
from leasedash.db.portfolio_queries import EPOCH
from leasedash.db.session import get_engine, session_scope
from leasedash.db.snapshot_queries import load_portfolio
from leasedash.domain.portfolio import DAYS_PER_YEAR_X100, KIND_FIXED, ContractArrays, GridArrays, ProductArrays, project, totals_by
from leasedash.services import snapshot
from leasedash.services.fleet import fleet_data, overview
from leasedash.services.portfolio import run_portfolio


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
    num = gr[g, ki, mi] * (dm - a) * (dk - b) + gr[g, ki, mi1] * a * (dk - b) + gr[g, ki1, mi] * (dm - a) * b + gr[g, ki1, mi1] * a * b
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


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def bench_portfolio(as_of: dt.date, company_id: int | None = None, patch: bool = False) -> None:
    """Print: contracts, the load from the database, the load from the snapshot, the projection and the numpy
    reference on the same arrays, load + project against the reference, the fleet page's overview, and with
    `patch` how long a worker's cached projection takes to take in one contract change and one new reading
    (both written to the database, then put back) against the full load; peak memory."""
    engine = get_engine()
    url = engine.url.render_as_string(hide_password=False)
    day = (as_of - EPOCH).days
    with engine.connect() as connection:
        full_s, (contracts, products, grids, _) = _timed(lambda: load_portfolio(connection, as_of, company_id))
    if len(contracts) == 0:
        print(f"no contract is active on {as_of} in {engine.url.render_as_string(hide_password=True)}")
        return
    snapshot.drop(url)
    build_s, reads = _timed(lambda: (snapshot.store(url).parts(company_id), snapshot.store(url).database_reads)[1])
    run_s, run = _best(lambda: (snapshot.drop(url), run_portfolio(as_of, company_id, url))[1])
    projection_s, projection = _best(lambda: project(run.contracts, run.products, run.grids, day, run.threshold))
    stacked = _stack(run.grids)
    reference_s, (ref_km, ref_settlement) = _best(lambda: reference_kernel(run.contracts, run.products, stacked, day))
    totals_s, _ = _best(lambda: (totals_by(run.contracts.company_id, run.contracts, run.projection),
                                 totals_by(run.contracts.product, run.contracts, run.projection)))
    usable = ~projection.quote_needed
    same = bool(np.array_equal(ref_km, projection.projected_km) and np.array_equal(ref_settlement[usable], projection.settlement_cents[usable]))
    ratio = run_s / reference_s
    print(f"database        {engine.url.render_as_string(hide_password=True)}")
    print(f"contracts       {len(run.contracts):,} active on {as_of}" + ("" if len(run.contracts) == len(contracts) else f" (database: {len(contracts):,})"))
    print(f"load from db    {full_s:7.2f} s   (every row read from the database, no snapshot)")
    print(f"snapshot        {build_s:7.2f} s   ({'read from the database and written' if reads else 'read from its files'}: {snapshot.store(url).folder})")
    print(f"load + project  {run_s:7.3f} s   (best of 3 workers with nothing in memory: snapshot files, products, grids, projection)")
    print(f"projection      {projection_s:7.3f} s   (best of 3)")
    print(f"numpy reference {reference_s:7.3f} s   (best of 3); same results: {'yes' if same else 'NO'}")
    print(f"ratio           {ratio:7.2f} x   load + project / numpy reference (target within 3x)")
    print(f"totals          {totals_s:7.3f} s   (per company and per product)")
    data = fleet_data(as_of, company_id, url)
    overview_s, _ = _timed(lambda: overview(data))
    print(f"fleet overview  {overview_s:7.3f} s   (the /fleet charts' series, computed once a projection)")
    if patch:
        _bench_patch(url, as_of, company_id, full_s)
    print(f"peak memory     {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MB")


def _bench_patch(url: str, as_of: dt.date, company_id: int | None, full_s: float) -> None:
    """One contract's annual km changed, then one odometer reading added, each timed until the cached projection
    holds it; both put back afterwards."""
    data = fleet_data(as_of, company_id, url)
    c = data.run.contracts
    contract_id = int(c.contract_id[len(c) // 2])

    def terms(delta: int) -> None:
        with session_scope(url) as s:
            contract = s.get(Contract, contract_id)
            contract.annual_km += delta

    def reading(km: int | None) -> None:
        with session_scope(url) as s:
            if km is None:
                s.delete(s.exec(select(OdometerReading).where(OdometerReading.contract_id == contract_id, OdometerReading.source == "bench")).one())
            else:
                s.add(OdometerReading(contract_id=contract_id, reading_date=as_of, km=km, source="bench"))

    def patched() -> tuple[float, int, bool]:
        elapsed, again = _timed(lambda: fleet_data(as_of, company_id, url))
        row = int(np.nonzero(again.run.contracts.contract_id == contract_id)[0][0])
        fresh = run_portfolio(as_of, company_id, url)
        at = int(np.nonzero(fresh.contracts.contract_id == contract_id)[0][0])
        same = all(getattr(again.run.projection, f)[row] == getattr(fresh.projection, f)[at] for f in ("projected_km", "settlement_cents", "off_plan"))
        return elapsed, int(again.run.contracts.annual_km[row]), again is data and same

    terms(1000)
    contract_s, km, kept = patched()
    terms(-1000)
    fleet_data(as_of, company_id, url)
    latest = int(c.km[len(c) // 2]) if c.km[len(c) // 2] >= 0 else 0
    reading(latest + 800)
    reading_s, _, kept_reading = patched()
    reading(None)
    fleet_data(as_of, company_id, url)
    for what, elapsed, ok in (("one contract", contract_s, kept), ("one reading", reading_s, kept_reading)):
        print(f"patch {what:12s}{elapsed * 1000:7.1f} ms  = {100 * elapsed / full_s:.2f} % of the load from db (target < 1 %); "
              f"patched in place and equal to a fresh projection: {'yes' if ok else 'NO'}")
