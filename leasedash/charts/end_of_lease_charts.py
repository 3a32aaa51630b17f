"""The end-of-lease paths' cumulative costs from today, one line each, on the scenario charts' axes."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import plotly.graph_objects as go

from leasedash.charts.scenario_charts import _line, cumulative_layout
from leasedash.charts.style import BLUE, GRAY, TEAL

PATH_COLORS = (GRAY, BLUE, TEAL)


def paths_chart(named: Sequence[tuple[str, Sequence[Decimal]]], labels: dict[str, str], amount: str, separators: str) -> go.Figure:
    """Return, extend and buy out (in that order) as cumulative cost month by month; `amount` is the hover's Plotly
    pattern for an amount and `separators` the reader's decimal and thousands separators."""
    traces = [_line(series, name, PATH_COLORS[i % len(PATH_COLORS)], labels, amount) for i, (name, series) in enumerate(named)]
    return go.Figure(traces, layout=cumulative_layout(labels, separators))
