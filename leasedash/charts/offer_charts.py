"""Offers side by side: the monthly rent against the budget, and the cost over the whole term."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from leasedash.charts.style import AMBER, BLUE, TEAL, base_layout


def offers_comparison(labels: list[str], rents: list[float], contributions: list[float], totals: list[float], budget: float,
                      titles: tuple[str, str], names: tuple[str, str, str]) -> go.Figure:
    """Left: each offer's monthly rent (after the contribution) with the budget as a line; right: its total cost
    over the term, the one-time contribution stacked on the rents."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=titles, horizontal_spacing=0.12)
    fig.add_trace(go.Bar(x=labels, y=rents, name=names[0], marker_color=TEAL, hovertemplate="%{x}: €%{y:,.2f}<extra></extra>"), 1, 1)
    fig.add_hline(y=budget, line_dash="dash", line_color=AMBER, annotation_text=names[2], annotation_position="top left", row=1, col=1)
    rent_totals = [t - c for t, c in zip(totals, contributions)]
    fig.add_trace(go.Bar(x=labels, y=rent_totals, name=names[0], marker_color=TEAL, showlegend=False,
                         hovertemplate="%{x}: €%{y:,.2f}<extra></extra>"), 1, 2)
    fig.add_trace(go.Bar(x=labels, y=contributions, name=names[1], marker_color=BLUE, hovertemplate="%{x}: €%{y:,.2f}<extra></extra>"), 1, 2)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title="€", row=1, col=1)
    return base_layout(fig, height=360)
