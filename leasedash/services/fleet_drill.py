"""A drill-down of the fleet's table: the contracts behind one bar or point of the fleet's charts, picked from the
same arrays the chart's series were counted from (fleet_series), so the table lists exactly the contracts a bar
counts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leasedash.services.fleet_series import month_index, pace_bins
from leasedash.services.portfolio import PortfolioRun

KINDS = ("pace", "product", "make", "ending", "contract")
SIGNS = ("", "invoices", "refunds")


@dataclass(frozen=True)
class Drill:
    """The contracts behind a part of a chart. `key` by `kind`: pace, a bin of fleet_series.PACE_EDGES; product, a
    product id; make, a make's index in the run; ending, a month since 1970; contract, a contract id. `sign` (product
    and make): only the contracts projected to an invoice, or to a refund, at the end."""

    kind: str
    key: int
    sign: str = ""


def drill_mask(run: PortfolioRun, drill: Drill) -> np.ndarray:
    """Which contracts of the run are behind the part of the chart `drill` names."""
    c, p = run.contracts, run.projection
    if drill.kind == "pace":
        keep = pace_bins(run) == drill.key
    elif drill.kind == "product":
        keep = np.isin(c.product, [k for k, pid in enumerate(run.product_ids) if pid == drill.key])
    elif drill.kind == "make":
        keep = run.makes == drill.key
    elif drill.kind == "ending":
        keep = month_index(c.end_day) == drill.key
    else:
        keep = c.contract_id == drill.key
    if drill.sign:
        settled = np.where(p.quote_needed, 0, p.settlement_cents)
        keep = keep & (settled > 0 if drill.sign == "invoices" else settled < 0)
    return keep
