"""The what-if charts in a state of their own (a substate of WhatIfState): a slider move sends its numbers without
touching these vars, so the browser shows them at once; the chart follows with the next event (draw), which sends
only the scenario's trace (the layout goes once a language, the contract's trace once a contract)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import reflex as rx

from leasedash.pages.what_if.display import chart_layout, comparison, current_traces, scenario_traces
from leasedash.pages.what_if.state import WhatIfState
from leasedash.services.what_if import Controls, ScenarioAnswer, answer


class WhatIfChartState(WhatIfState):
    """What the driver pays month by month, and the kept scenarios side by side."""

    @rx.var
    def chart_layout(self) -> dict[str, Any]:
        """The layout of what the driver pays month by month (sent once a language)."""
        return chart_layout(self.lang)

    @rx.var
    def chart_current(self) -> list[dict[str, Any]]:
        """What the contract as it stands costs month by month (sent again only when another contract opens)."""
        return current_traces(answer(self._base, Controls()) if self._base else ScenarioAnswer(()), self.lang)

    @rx.var
    def chart_scenario(self) -> list[dict[str, Any]]:
        """What the scenario drawn costs month by month: the one trace a slider move sends again."""
        drawn = self._drawn
        return scenario_traces(answer(self._base, drawn, self._standing) if self._base and drawn is not None else ScenarioAnswer(()),
                               self.lang)

    @rx.var
    def compare_chart(self) -> go.Figure:
        """The kept scenarios side by side."""
        if not self._kept or not self._base:
            return go.Figure()
        named = [(k.name, k.series) for k in self._kept]
        return comparison(named, answer(self._base, Controls()).current, self.lang)
