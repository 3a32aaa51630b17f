"""The grid's charts in a state of their own (a substate of GridState): a point typed in the query leaves these vars
alone, so the browser does not draw the heatmap again while the driver types; the heatmap comes first, the other
charts once it is drawn."""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
import reflex as rx

from leasedash.charts.grid_charts import HEATMAP_HEIGHT, rent_curves, rent_heatmap, step_chart, total_cost_heatmap
from leasedash.charts.style import base_layout
from leasedash.i18n import format_money, format_number
from leasedash.pages.grid.state import GridState

CHART_LABELS = {"months": "common.months", "km_year": "common.km_year", "rent": "grid.rent", "total": "grid.total", "month": "grid.month",
                "contract": "grid.contract", "projected": "grid.projected", "duration": "grid.duration", "mileage": "grid.mileage",
                "band_change": "grid.band_change", "heatmap_title": "grid.heatmap_title", "curves_title": "grid.curves_title",
                "total_title": "grid.total_title", "steps_title": "grid.steps_title"}
MORE = ("curves", "total", "steps")


class GridChartsState(GridState):
    """The grid on show as a heatmap, curves, total costs and steps."""

    def _labels(self) -> dict[str, str]:
        return {name: self.tr[key] for name, key in CHART_LABELS.items()}

    def _formatters(self):
        lang = self.lang
        return (lambda v: format_money(Decimal(v), lang)), (lambda v: format_number(v, lang))

    @rx.var
    def heatmap(self) -> go.Figure:
        """The grid as a heatmap, its contract's cell and projected end marked (an empty frame before a grid is on show)."""
        grid = self._grid
        if grid is None:
            return base_layout(go.Figure(), height=HEATMAP_HEIGHT)
        labels, (money, number) = self._labels(), self._formatters()
        return rent_heatmap(grid, labels, money, number, self._contract_point, self._projected_point)

    @rx.var
    def figures(self) -> dict[str, go.Figure]:
        """The curves, the total costs and the steps, once the heatmap is drawn."""
        grid = self._grid
        if grid is None or not self._all_charts:
            return {kind: base_layout(go.Figure()) for kind in MORE}
        labels, (money, number) = self._labels(), self._formatters()
        return {"curves": rent_curves(grid, labels, money, number), "total": total_cost_heatmap(grid, labels, money, number),
                "steps": step_chart(grid, labels, money, number)}
