"""A scenario's cost over the contract, against the contract as signed, and scenarios side by side."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np
import plotly.graph_objects as go

from leasedash.charts.style import GRAY, SERIES, TEAL, base_layout


def _line(series: Sequence[Decimal], name: str, color: str, money, dash: str | None = None) -> go.Scatter:
    values = np.array([float(v) for v in series])
    hover = [f"{name}<br>{money(v)}" for v in series]
    return go.Scatter(x=np.arange(len(values)), y=values, mode="lines", name=name, hovertext=hover, hoverinfo="text+x",
                      line={"color": color, "width": 3 if dash is None else 2, "dash": dash or "solid", "shape": "hv"})


def cumulative_chart(current: Sequence[Decimal], scenario: Sequence[Decimal], labels: dict[str, str], money) -> go.Figure:
    """Cumulative amount paid, month by month: the contract as it stands and the scenario."""
    fig = go.Figure([_line(current, labels["current"], GRAY, money, dash="dot"), _line(scenario, labels["scenario"], TEAL, money)])
    fig.update_xaxes(title=labels["month"])
    fig.update_yaxes(title=labels["paid"])
    return base_layout(fig, labels["title"], height=360)


def comparison_chart(named: Sequence[tuple[str, Sequence[Decimal]]], current: Sequence[Decimal], labels: dict[str, str], money) -> go.Figure:
    """Every kept scenario's cumulative cost in one chart, with the contract as it stands."""
    traces = [_line(current, labels["current"], GRAY, money, dash="dot")]
    traces += [_line(series, name, SERIES[i % len(SERIES)], money) for i, (name, series) in enumerate(named)]
    fig = go.Figure(traces)
    fig.update_xaxes(title=labels["month"])
    fig.update_yaxes(title=labels["paid"])
    return base_layout(fig, labels["title"], height=360)
