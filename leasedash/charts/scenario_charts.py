"""A scenario's cost over the contract, against the contract as signed (layout and traces apart, so a slider
move sends one trace), and scenarios side by side."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import plotly.graph_objects as go

from leasedash.charts.style import GRAY, SERIES, TEAL, base_layout


def _line(series: Sequence[Decimal], name: str, color: str, labels: dict[str, str], amount: str, dash: str | None = None) -> go.Scatter:
    """One cumulative series; the hover names the trace, the month and the amount in `amount`, a Plotly pattern such
    as "%{y:,.2f} €" (Plotly writes the numbers, so no text is sent per point)."""
    return go.Scatter(x=list(range(len(series))), y=[float(v) for v in series], mode="lines", name=name,
                      hovertemplate=f"%{{fullData.name}}<br>{labels['month']} %{{x}}: {amount}<extra></extra>",
                      line={"color": color, "width": 3 if dash is None else 2, "dash": dash or "solid", "shape": "hv"})


def current_trace(current: Sequence[Decimal], labels: dict[str, str], amount: str) -> dict:
    """The contract as it stands, month by month: the trace the chart keeps while the sliders move."""
    return _line(current, labels["current"], GRAY, labels, amount, dash="dot").to_plotly_json()


def scenario_trace(scenario: Sequence[Decimal], labels: dict[str, str], amount: str) -> dict:
    """The scenario, month by month: the one trace sent again when a slider moves."""
    return _line(scenario, labels["scenario"], TEAL, labels, amount).to_plotly_json()


def _axes(fig: go.Figure, labels: dict[str, str], separators: str) -> go.Figure:
    fig.update_xaxes(title=labels["month"])
    fig.update_yaxes(title=labels["paid"])
    fig.update_layout(separators=separators)
    return base_layout(fig, labels["title"], height=360)


def cumulative_layout(labels: dict[str, str], separators: str) -> dict:
    """The layout of the cumulative chart (titles, axes, the reader's decimal and thousands separators), sent once
    a language."""
    return _axes(go.Figure(), labels, separators).to_plotly_json()["layout"]


def comparison_chart(named: Sequence[tuple[str, Sequence[Decimal]]], current: Sequence[Decimal], labels: dict[str, str], amount: str,
                     separators: str) -> go.Figure:
    """Every kept scenario's cumulative cost in one chart, with the contract as it stands."""
    traces = [_line(current, labels["current"], GRAY, labels, amount, dash="dot")]
    traces += [_line(series, name, SERIES[i % len(SERIES)], labels, amount) for i, (name, series) in enumerate(named)]
    return _axes(go.Figure(traces), labels, separators)
