"""How a final statement builds up, line by line, as a waterfall."""

from __future__ import annotations

import plotly.graph_objects as go

from leasedash.charts.style import BLUE, RED, TEAL, base_layout


def statement_waterfall(labels: list[str], amounts: list[float], total_label: str, title: str) -> go.Figure:
    """Each line of the statement rises (the driver pays) or falls (refunded or covered), then the total."""
    fig = go.Figure(go.Waterfall(
        x=[*labels, total_label], y=[*amounts, 0], measure=["relative"] * len(amounts) + ["total"],
        increasing={"marker": {"color": RED}}, decreasing={"marker": {"color": TEAL}}, totals={"marker": {"color": BLUE}},
        connector={"line": {"color": "rgba(128,128,128,0.4)"}}, hovertemplate="%{x}: €%{y:,.2f}<extra></extra>",
    ))
    fig.update_yaxes(title="€")
    return base_layout(fig, title, height=360)
