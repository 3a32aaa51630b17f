"""The shape of a demo fleet: which company, product, car, terms and driving pace each contract gets.

Drawn with numpy from one seed, so the same (contracts, seed) always gives the same fleet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from leasedash.domain.projection import add_months


@dataclass(frozen=True)
class Employer:
    index: int
    country: str
    products: tuple[str, ...]
    product_weights: tuple[float, ...]


# Which seed products each kind of lessee leases under, and how often.
EMPLOYER_PRODUCTS = {
    "BE": (("kbc-movesmart", "leaseplus-sur-mesure", "best-deal"), (0.7, 0.15, 0.15)),
    "LU": (("leaseplus-sur-mesure", "best-deal"), (0.65, 0.35)),
}
PRIVATE_BASES = (("my-personal-lease", "BE"), ("smart-mobility-leasing", "NL"))
PRIVATE_SHARE = 0.2


def employer_count(contracts: int) -> int:
    """About 1,500 contracts an employer, at least three."""
    return max(3, contracts // 1500)


def pace_factors(rng: np.random.Generator, count: int) -> np.ndarray:
    """Driven km over contracted km: most drivers within about 10 % of plan, a tail far above or below."""
    near = rng.lognormal(0.0, 0.08, count)
    far = rng.lognormal(0.0, 0.38, count)
    return np.clip(np.where(rng.random(count) < 0.8, near, far), 0.25, 3.0)


def axis_weights(values: list[int], centre: float, spread: float) -> np.ndarray:
    """Weights favouring axis values near `centre`."""
    w = np.exp(-(((np.asarray(values, dtype=float) - centre) / spread) ** 2))
    return w / w.sum()


def reading_schedule(start: dt.date, until: dt.date, every_months: int = 6) -> list[dt.date]:
    """Delivery, then every `every_months`, then `until` (the latest reading)."""
    dates, k = [start], every_months
    while (nxt := add_months(start, k)) < until:
        dates.append(nxt)
        k += every_months
    if until > start:
        dates.append(until)
    return dates
