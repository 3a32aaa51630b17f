"""Drilling down from /fleet's charts: a click on a bar or a point filters the table to the contracts behind it, says
so above the table, and can be cleared. The click's point data is checked here: only its trace and its index in
that trace are read, bounded by the series the figures were built from, so a crafted click names a part of a chart
or is refused. The charts are left alone (FleetChartsState's vars do not depend on the drill-down)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import reflex as rx

from leasedash.charts.fleet_charts import BANDS, pace_band
from leasedash.errors import InvalidInput
from leasedash.i18n import format_month
from leasedash.pages.fleet.state import MANAGERS, FleetState
from leasedash.services.fleet_drill import SIGNS, Drill
from leasedash.services.fleet_series import FleetCharts
from leasedash.state import guarded

CHARTS = ("pace", "scatter", "products", "makes", "ending")
DRILL_ID = "fleet-drill"


def _index(point: dict, key: str, size: int) -> int:
    """A whole number in [0, size) that the click sent under `key`."""
    value = point.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise InvalidInput("chart", f"{key} {value!r} names no part of the chart", code="fleet_drill")
    return value


def drill_at(chart: str, points: list[dict], charts: FleetCharts) -> tuple[Drill, str]:
    """The contracts behind the bar or point clicked on one of the CHARTS, and its name (a product, a make, a month
    as YYYY-MM; "" for a pace or a contract): Plotly's curveNumber picks the trace, pointIndex the bar or point in it,
    in the order charts/fleet_charts.py built them."""
    if chart not in CHARTS or not points:
        raise InvalidInput("chart", f"{chart!r} is not a chart to drill into", code="fleet_drill")
    point = points[0]
    if chart in ("pace", "scatter"):
        ratio = (charts.pace_edges[:-1] + charts.pace_edges[1:]) / 2 if chart == "pace" else charts.sample_pace / charts.sample_contracted
        members = np.nonzero(pace_band(ratio) == _index(point, "curveNumber", len(BANDS)))[0]
        at = int(members[_index(point, "pointIndex", len(members))])
        return (Drill("pace", at), "") if chart == "pace" else (Drill("contract", int(charts.sample_ids[at])), "")
    if chart in ("products", "makes"):
        groups = charts.products if chart == "products" else charts.makes
        sign = SIGNS[1 + _index(point, "curveNumber", 2)]
        group = groups[_index(point, "pointIndex", len(groups))]
        return Drill("product" if chart == "products" else "make", group.key, sign), group.name
    month = charts.ending_months[_index(point, "pointIndex", len(charts.ending_months))]
    return Drill("ending", int(np.datetime64(month, "M").astype(np.int64))), month


def drill_text(drill: Drill, name: str, tr: dict[str, str], lang: str) -> str:
    """What the table is drilled down to, for the reader."""
    if drill.kind == "pace":
        what = tr["fleet.drill_pace"].format(low=drill.key * 10, high=drill.key * 10 + 10)
    elif drill.kind == "ending":
        what = tr["fleet.drill_ending"].format(month=format_month(dt.date.fromisoformat(f"{name}-01"), lang))
    elif drill.kind == "contract":
        what = tr["fleet.drill_contract"].format(reference=name)
    else:
        what = tr[f"fleet.drill_{drill.sign}"].format(name=name)
    return tr["fleet.drill_shown"].format(what=what)


class FleetDrillState(FleetState):
    """The part of a chart the table shows the contracts of, and its name."""

    _drill_name: str = ""

    @rx.event
    @guarded(*MANAGERS)
    def drill(self, chart: str, points: list[dict]):
        """A click on a bar or a point of `chart`: the table shows the contracts behind it, from its first page."""
        if self._overview is None:
            return None
        drill, name = drill_at(chart, points, self._overview.charts)
        self._drill, self.page = drill, 0
        self._refresh_table()
        self._drill_name = self._rows[0].label.reference if drill.kind == "contract" and self._rows else name
        return rx.scroll_to(DRILL_ID)

    @rx.event
    @guarded(*MANAGERS)
    def clear_drill(self):
        """Every contract again."""
        self._drill, self._drill_name, self.page = None, "", 0
        self._refresh_table()

    @rx.var
    def drill_text(self) -> str:
        return "" if self._drill is None else drill_text(self._drill, self._drill_name, self.tr, self.lang)
