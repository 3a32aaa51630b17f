"""The fleet's charts in a state of their own (a substate of FleetState): the page's other events (a page of the table,
a filter, the contracts to adapt shown or hidden) leave these vars alone, so the browser does not draw the charts
again; the main chart comes with the figures, the other five right after it."""

from __future__ import annotations

import plotly.graph_objects as go
import reflex as rx

from leasedash.pages.fleet.figures import FIGURES, MAIN, figures
from leasedash.pages.fleet.state import FleetState


class FleetChartsState(FleetState):
    """The figures of the projected fleet, built once a projection and language."""

    @rx.var
    def main_figure(self) -> go.Figure:
        """How drivers drive against plan: the chart the page shows first."""
        return figures(self._overview.charts if self._overview else None, self.tr, self.lang)[MAIN]

    @rx.var
    def more_shown(self) -> bool:
        return self._overview is not None and self._all_charts

    @rx.var
    def more_figures(self) -> dict[str, go.Figure]:
        """The other charts by name (figures.FIGURES), once the main one is on its way."""
        shown = self._overview.charts if self._overview is not None and self._all_charts else None
        built = figures(shown, self.tr, self.lang)
        return {kind: built[kind] for kind in FIGURES if kind != MAIN}
