"""The end-of-lease decision (domain/end_options.py) for many contracts at once, vectorised with numpy on the arrays
of the portfolio projection (domain/portfolio.py): for every contract ending soon, the total of returning at term,
extending by the default extension and buying out, over the same horizon, and the cheapest. Exact integers in cents
wherever the Decimal computation is exact (km settlements, grid re-rating, the residual curve), so each total equals
the per-contract computation to the cent (tests/db/test_end_of_lease.py); the extension that the lessor must quote
prices the pricing model in float64, rounded to the cent as pricing.monthly_rent is."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from leasedash.domain.end_options import EndRules, end_rules
from leasedash.domain.portfolio import KIND_GRID, ContractArrays, GridArrays, ProductArrays, Projection, _div_half_up, grid_rents
from leasedash.domain.money import to_cents
from leasedash.domain.pricing import CarToPrice, pricing_parameters, residual_value
from leasedash.domain.projection import MIN_DAYS_FOR_PACE

RETURN, EXTEND, BUY_OUT = 0, 1, 2
DAYS_PER_YEAR_X100 = 36525


@dataclass
class EndingFacts:
    """What the decision needs beyond the portfolio's arrays, per contract ending soon: its row in the arrays, whether
    its product allows changes, the car (price incl. VAT in cents, fuel, country) and its age in months at the end,
    the expected return costs and the lessor's buy-out quote (cents; -1: none)."""

    rows: np.ndarray
    changes_allowed: np.ndarray
    price_cents: np.ndarray
    fuel: np.ndarray
    country: np.ndarray
    age_at_end: np.ndarray
    return_costs_cents: np.ndarray
    quote_cents: np.ndarray


@dataclass
class EndingPaths:
    """Per contract ending soon: each path's total in cents over its horizon (rows: return, extend, buy out), the
    extension and horizon used, and the cheapest path (0, 1, 2)."""

    totals: np.ndarray
    extension: np.ndarray
    horizon: np.ndarray

    @property
    def cheapest(self) -> np.ndarray:
        return np.argmin(self.totals, axis=0)

    @property
    def saving_against_return(self) -> np.ndarray:
        """What the cheapest path saves against returning the car (cents, >= 0)."""
        return self.totals[RETURN] - self.totals.min(axis=0)


def _fraction_parts(value: Any) -> tuple[int, int]:
    f = Fraction(Decimal(str(value)))
    return f.numerator, f.denominator


def _km_at(c: ContractArrays, rows: np.ndarray, months: np.ndarray) -> np.ndarray:
    """projection.km_at_month for each row: the latest reading projected to `months`, or the contracted pace."""
    days = c.reading_day[rows] - c.start_day[rows]
    paced = (c.km[rows] >= 0) & (days >= MIN_DAYS_FOR_PACE)
    safe = np.where(paced, days, 1)
    return np.where(paced, _div_half_up(c.km[rows] * DAYS_PER_YEAR_X100 * months, safe * 1200), c.annual_km[rows] * months // 12)


def _extensions(c: ContractArrays, products: ProductArrays, grids: list[GridArrays], rows: np.ndarray, default: int) -> np.ndarray:
    """end_options.extension_choices, the one nearest the default (the shorter on a tie): a grid's longer durations,
    else the default itself (6-month steps up to twice it include it)."""
    out = np.full(len(rows), default, dtype=np.int64)
    on_grid = (products.kind[c.product[rows]] == KIND_GRID) & (c.grid[rows] >= 0)
    for g in np.unique(c.grid[rows][on_grid]):
        part = np.flatnonzero(on_grid & (c.grid[rows] == g))
        extra = grids[g].months[None, :] - c.months[rows][part][:, None]
        key = np.where(extra > 0, 2 * np.abs(extra - default) + (extra > default), np.iinfo(np.int64).max)
        best = np.argmin(key, axis=1)
        found = extra[np.arange(len(part)), best] > 0
        out[part[found]] = extra[np.arange(len(part)), best][found]
    return out


def _fixed_km_cents(products: ProductArrays, product: np.ndarray, annual: np.ndarray, months: np.ndarray, km: np.ndarray) -> np.ndarray:
    """The per-km settlement over `months` (engine._fixed_return at the end): the gap to the allowance at its rate."""
    driven_x12 = 12 * km - annual * months
    rate = np.where(driven_x12 > 0, products.excess_e4[product], products.under_e4[product])
    return _div_half_up(driven_x12 * rate, np.full(len(km), 1200))


def _model_rents(facts: EndingFacts, months: np.ndarray, annual_km: np.ndarray, p: dict[str, Any]) -> np.ndarray:
    """pricing.monthly_rent in float64 (the annuity on the price less the residual value, the services, VAT)."""
    vat = np.array([float(p["vat_rate"][k]) for k in facts.country])
    price = facts.price_cents / 100
    price_excl = price / (1 + vat)
    residual = _residual_exact(facts.price_cents, months, annual_km, p)
    rv_excl = residual[0] / residual[1] / 100 / (1 + vat)
    r = float(p["annual_interest_rate"]) / 12
    growth = (1 + r) ** months
    annuity = (price_excl * growth - rv_excl) * r / (growth - 1) / (1 + r)
    total_km = np.maximum(annual_km, p["priced_annual_km_floor"]) * months / 12
    services = np.maximum(np.ceil(total_km / p["service_interval_km"]), np.ceil(months / p["service_interval_months"]))
    per_km = np.array([float(p["maintenance_per_km"][f]) for f in facts.fuel]) + float(p["tyres_per_km"])
    running = (per_km * total_km + services * np.array([float(p["service_cost"][f]) for f in facts.fuel])) / months
    fixed = (price_excl * float(p["insurance_per_year_of_price"]) / 12
             + np.array([float(p["road_tax_per_month"][k][f]) for k, f in zip(facts.country, facts.fuel)])
             + float(p["management_fee_per_month"]) + float(p["replacement_car_per_month"]))
    return np.floor((annuity + running + fixed) * (1 + vat) * 100 + 0.5).astype(np.int64)


def _residual_exact(price_cents: np.ndarray, age: np.ndarray, annual_km: np.ndarray, p: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """pricing.residual_value in cents as an exact fraction (numerator, denominator): the age curve interpolated
    (extrapolated beyond its ends), less the value of the km above the average, never below the floor."""
    curve = sorted((int(m), Fraction(Decimal(v))) for m, v in p["residual_value_by_months"].items())
    xs = np.array([m for m, _ in curve], dtype=np.int64)
    scale = int(np.lcm.reduce([y.denominator for _, y in curve]))
    ys = np.array([int(y * scale) for _, y in curve], dtype=np.int64)
    seg = np.clip(np.searchsorted(xs, age, side="right") - 1, 0, len(xs) - 2)
    x0, x1, y0, y1 = xs[seg], xs[seg + 1], ys[seg], ys[seg + 1]
    dx = x1 - x0
    loss_num, loss_den = _fraction_parts(Decimal(p["value_loss_per_extra_km"]) * 100)
    floor_num, floor_den = _fraction_parts(p["residual_value_floor"])
    den = scale * dx * 12 * loss_den
    num = (price_cents * (y0 * dx + (y1 - y0) * (age - x0)) * 12 * loss_den
           - (annual_km - int(p["average_annual_km"])) * age * loss_num * scale * dx)
    below = num * floor_den < price_cents * floor_num * den
    return np.where(below, price_cents * floor_num, num), np.where(below, floor_den, den)


def ending_paths(c: ContractArrays, projection: Projection, products: ProductArrays, grids: list[GridArrays], facts: EndingFacts,
                 rules: EndRules | None = None) -> EndingPaths:
    """Every path of end_options for the contracts at `facts.rows`, with the default extension."""
    rules, params = rules or end_rules(), pricing_parameters()
    rows = facts.rows
    product, months, annual, rent = c.product[rows], c.months[rows], c.annual_km[rows], c.rent_cents[rows]
    left = np.maximum(months - projection.months_run[rows], 0)
    extension = _extensions(c, products, grids, rows, rules.default_extension_months)
    horizon = np.maximum(rules.horizon_months, left + extension)
    costs = facts.return_costs_cents
    settlement = np.where(projection.quote_needed[rows], 0, projection.settlement_cents[rows])
    back = rent * left + settlement + costs

    new_months = months + extension
    km_new = _km_at(c, rows, new_months)
    extend = np.zeros(len(rows), dtype=np.int64)
    estimated = np.ones(len(rows), dtype=bool)
    on_grid = (products.kind[product] == KIND_GRID) & facts.changes_allowed & (c.grid[rows] >= 0)
    for g in np.unique(c.grid[rows][on_grid]):
        part = np.flatnonzero(on_grid & (c.grid[rows] == g))
        nm, ext = new_months[part], extension[part]
        new_rent, out1 = grid_rents(grids[g], nm, annual[part], np.ones(len(part), dtype=np.int64))
        billed = np.maximum(nm, products.min_billed[product[part]])
        end_rent, out2 = grid_rents(grids[g], billed, km_new[part] * 12, billed)
        eco = np.where(nm < products.eco_before[product[part]], products.eco_cents[product[part]], 0)
        paid = new_rent * months[part] + new_rent * ext
        settle = end_rent * billed - paid + eco
        extend[part] = rent[part] * left[part] + (new_rent - rent[part]) * months[part] + new_rent * ext + settle + costs[part]
        estimated[part] = out1 | out2
    if estimated.any():
        est = np.flatnonzero(estimated)
        sub = EndingFacts(*(getattr(facts, name)[est] for name in EndingFacts.__dataclass_fields__))
        pace_km = km_new[est] * 12 // new_months[est]
        model_new = _model_rents(sub, new_months[est], pace_km, params)
        model_now = _model_rents(sub, months[est], annual[est], params)
        new_rent = np.where(model_now > 0, _div_half_up(rent[est] * model_new, np.maximum(model_now, 1)), rent[est])
        km_cents = _fixed_km_cents(products, product[est], annual[est], new_months[est], km_new[est])
        extend[est] = rent[est] * left[est] + new_rent * extension[est] + km_cents + costs[est]

    pace_end = projection.projected_km[rows] * 12 // np.maximum(months, 1)
    value_num, value_den = _residual_exact(facts.price_cents, facts.age_at_end, pace_end, params)
    estimate = _div_half_up(value_num, value_den)
    price = np.where(facts.quote_cents >= 0, facts.quote_cents, estimate)
    later_age = facts.age_at_end + horizon - left
    later_num, later_den = _residual_exact(facts.price_cents, later_age, pace_end, params)
    kept = _div_half_up(later_num, later_den)
    quoted = np.flatnonzero(facts.quote_cents >= 0)
    kept[quoted] = [_half_up(int(later_num[i]) * int(price[i]), int(later_den[i]) * int(estimate[i])) for i in quoted]
    for i in np.flatnonzero(_half_cent(value_num, value_den) | _half_cent(later_num, later_den)):
        estimate[i], kept[i] = _as_decimal(facts, i, int(later_age[i]), int(pace_end[i]), int(price[i]) if facts.quote_cents[i] >= 0 else None)
        price[i] = facts.quote_cents[i] if facts.quote_cents[i] >= 0 else estimate[i]
    buy = rent * left + price - kept
    return EndingPaths(np.vstack([back, extend, buy]), extension, horizon)


def _half_up(num: int, den: int) -> int:
    q = (2 * abs(num) + den) // (2 * den)
    return -q if num < 0 else q


def _half_cent(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Where an exact amount in cents ends in exactly half a cent: the Decimal computation, rounded at 28 digits, may
    fall either side of it."""
    return ((2 * num) % den == 0) & (num % den != 0)


def _as_decimal(facts: EndingFacts, i: int, later_age: int, pace: int, quote_cents: int | None) -> tuple[int, int]:
    """The estimate and the value kept of row `i` as end_options computes them (pricing.residual_value in Decimal), for
    the rare amount that sits on a half cent."""
    car = CarToPrice(Decimal(int(facts.price_cents[i])) / 100, str(facts.fuel[i]), str(facts.country[i]))
    estimate = to_cents(residual_value(car, int(facts.age_at_end[i]), pace))
    price = estimate if quote_cents is None else Decimal(quote_cents) / 100
    kept = to_cents(residual_value(car, later_age, pace) * price / estimate) if estimate > 0 else Decimal(0)
    return int(estimate * 100), int(kept * 100)
