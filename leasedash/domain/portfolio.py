"""The projection of a whole portfolio at once, vectorised with numpy: for every contract active on a
date, the pace driven so far, the km projected to the end, and what the product's own rules would
settle then. Integer arithmetic in cents and exact fractions, so every figure equals the Decimal
scenario engine's to the cent (tests/domain/test_portfolio.py)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from leasedash.domain.projection import MIN_DAYS_FOR_PACE

KIND_GRID, KIND_FIXED = 0, 1
DAYS_PER_YEAR_X100 = 36525


@dataclass
class GridArrays:
    """One rent grid: its axes and its rents in cents (rows: annual km, columns: months)."""

    months: np.ndarray
    annual_km: np.ndarray
    rents: np.ndarray


@dataclass
class ProductArrays:
    """Per product (by index): the rules that settle a contract's end."""

    kind: np.ndarray
    min_billed: np.ndarray
    eco_cents: np.ndarray
    eco_before: np.ndarray
    excess_e4: np.ndarray
    under_e4: np.ndarray


@dataclass
class ContractArrays:
    """Per contract: its terms, its product and grid (index; -1 none), and its latest odometer reading."""

    contract_id: np.ndarray
    company_id: np.ndarray
    product: np.ndarray
    grid: np.ndarray
    months: np.ndarray
    annual_km: np.ndarray
    rent_cents: np.ndarray
    start_day: np.ndarray
    end_day: np.ndarray
    km: np.ndarray
    reading_day: np.ndarray

    def __len__(self) -> int:
        return len(self.contract_id)


@dataclass
class Projection:
    """Per contract: months run, annual pace, projected km at the end, the end settlement in cents
    (meaningless where `quote_needed`), and whether the pace is off plan by more than the threshold."""

    months_run: np.ndarray
    pace: np.ndarray
    projected_km: np.ndarray
    settlement_cents: np.ndarray
    quote_needed: np.ndarray
    off_plan: np.ndarray


def _div_half_up(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den rounded half-up, ties away from zero (den > 0), in exact integers."""
    q = (2 * np.abs(num) + den) // (2 * den)
    return np.where(num < 0, -q, q)


def _civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day of month) of days since 1970-01-01, in integer arithmetic (H. Hinnant's civil_from_days)."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    month = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (month <= 2), month, doy - (153 * mp + 2) // 5 + 1


def months_between(start_day: np.ndarray, day: int) -> np.ndarray:
    """Whole months from each start to `day` (days since 1970-01-01), as projection.months_between."""
    year, month, dom = _civil(start_day)
    to_year, to_month, to_dom = (int(v[0]) for v in _civil(np.array([day], dtype=np.int64)))
    return (to_year - year) * 12 + (to_month - month) - (to_dom < dom)


def project(contracts: ContractArrays, products: ProductArrays, grids: list[GridArrays], as_of_day: int,
            threshold: Fraction = Fraction(1, 10)) -> Projection:
    """Project every contract to its end at the pace driven so far and settle it under its product:
    grid products re-rated retroactively at the interpolated rent, fixed products per km."""
    c, p = contracts, products
    months, annual = c.months, c.annual_km
    days = c.reading_day - c.start_day
    paced = (c.km >= 0) & (days >= MIN_DAYS_FOR_PACE)
    safe_days = np.where(paced, days, 1)
    projected = np.where(
        paced,
        _div_half_up(c.km * DAYS_PER_YEAR_X100 * months, safe_days * 1200),
        annual * months // 12,
    )
    pace = np.where(paced, c.km * 365.25 / safe_days, annual.astype(float))
    gap = np.abs(c.km * DAYS_PER_YEAR_X100 - annual * safe_days * 100)
    off_plan = paced & (gap * threshold.denominator > threshold.numerator * annual * safe_days * 100)

    kind = p.kind[c.product]
    settlement = np.zeros(len(c), dtype=np.int64)
    quote_needed = np.zeros(len(c), dtype=bool)

    fixed = kind == KIND_FIXED
    driven_x12 = 12 * projected - annual * months
    rate = np.where(driven_x12 > 0, p.excess_e4[c.product], p.under_e4[c.product])
    settlement = np.where(fixed, _div_half_up(driven_x12 * rate, np.full(len(c), 1200)), settlement)

    billed = np.maximum(months, p.min_billed[c.product])
    eco = np.where((months < p.eco_before[c.product]), p.eco_cents[c.product], 0)
    for g, rows in _by_grid(c.grid, kind == KIND_GRID, len(grids)):
        rent, needed = grid_rents(grids[g], billed[rows], projected[rows] * 12, billed[rows])
        settlement[rows] = rent * billed[rows] - c.rent_cents[rows] * months[rows] + eco[rows]
        quote_needed[rows] = needed
    return Projection(months_between(c.start_day, as_of_day).clip(0, months), pace, projected, settlement, quote_needed, off_plan)


def _by_grid(grid: np.ndarray, on_grid: np.ndarray, count: int):
    """(grid index, the rows priced on it in ascending order) for every grid used, from one stable sort of the
    rows by grid (a radix sort: the indexes fit in the smallest integer type that holds `count`)."""
    rows = np.flatnonzero(on_grid & (grid >= 0))
    keys = grid[rows].astype(np.min_scalar_type(max(count, 1)))
    order = rows[np.argsort(keys, kind="stable")]
    starts = np.flatnonzero(np.diff(grid[order])) + 1
    return [(int(grid[part[0]]), part) for part in np.split(order, starts) if len(part)]


def grid_rents(grid: GridArrays, at_months: np.ndarray, km_num: np.ndarray, km_den: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rents in cents at (months, km_num / km_den km a year): exact bilinear interpolation rounded half-up;
    below the lowest row the lowest row applies; outside the grid, `needed` (the lessor must quote)."""
    gm, gk, r = grid.months, grid.annual_km, grid.rents
    outside = (at_months < gm[0]) | (at_months > gm[-1]) | (km_num > gk[-1] * km_den)
    m = np.clip(at_months, gm[0], gm[-1])
    km_num = np.where(km_num < gk[0] * km_den, gk[0] * km_den, km_num)
    km_num = np.minimum(km_num, gk[-1] * km_den)
    mi = np.clip(np.searchsorted(gm, m, side="right") - 1, 0, len(gm) - 1)
    mi1 = np.minimum(mi + 1, len(gm) - 1)
    dm = np.where(mi1 > mi, gm[mi1] - gm[mi], 1)
    a = np.where(mi1 > mi, m - gm[mi], 0)
    ki = np.clip(np.searchsorted(gk, km_num // km_den, side="right") - 1, 0, len(gk) - 1)
    ki1 = np.minimum(ki + 1, len(gk) - 1)
    dk = np.where(ki1 > ki, gk[ki1] - gk[ki], 1) * km_den
    b = np.where(ki1 > ki, km_num - gk[ki] * km_den, 0)
    num = (r[ki, mi] * (dm - a) * (dk - b) + r[ki, mi1] * a * (dk - b)
           + r[ki1, mi] * (dm - a) * b + r[ki1, mi1] * a * b)
    return _div_half_up(num, dm * dk), outside


@dataclass
class Totals:
    """Portfolio totals in cents: contracts, monthly spend, projected invoices (> 0), refunds (< 0), net."""

    contracts: int
    monthly_spend: int
    invoices: int
    refunds: int
    net: int
    off_plan: int
    quote_needed: int


def totals(contracts: ContractArrays, projection: Projection, mask: np.ndarray | None = None) -> Totals:
    """Sum a portfolio (or the part selected by `mask`); contracts the lessor must quote are counted apart."""
    keep = np.ones(len(contracts), dtype=bool) if mask is None else mask
    settled = np.where(keep & ~projection.quote_needed, projection.settlement_cents, 0)
    return Totals(
        contracts=int(keep.sum()),
        monthly_spend=int(contracts.rent_cents[keep].sum()),
        invoices=int(settled[settled > 0].sum()),
        refunds=int(settled[settled < 0].sum()),
        net=int(settled.sum()),
        off_plan=int((projection.off_plan & keep).sum()),
        quote_needed=int((projection.quote_needed & keep).sum()),
    )


def totals_by(keys: np.ndarray, contracts: ContractArrays, projection: Projection) -> dict[int, Totals]:
    """Totals per value of `keys` (a company id or a product index per contract), in one pass."""
    if len(keys) == 0:
        return {}
    values, group = np.unique(keys, return_inverse=True)
    settled = np.where(projection.quote_needed, 0, projection.settlement_cents)

    def summed(weights) -> np.ndarray:
        return np.rint(np.bincount(group, weights=weights, minlength=len(values))).astype(np.int64)

    counts = np.bincount(group, minlength=len(values))
    spend, invoices, refunds = summed(contracts.rent_cents), summed(np.maximum(settled, 0)), summed(np.minimum(settled, 0))
    off, quoted = np.bincount(group, weights=projection.off_plan, minlength=len(values)), np.bincount(group, weights=projection.quote_needed, minlength=len(values))
    return {int(v): Totals(int(counts[i]), int(spend[i]), int(invoices[i]), int(refunds[i]), int(invoices[i] + refunds[i]), int(off[i]), int(quoted[i]))
            for i, v in enumerate(values)}
