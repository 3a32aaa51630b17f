"""The fleet at a glance: how drivers drive against plan, what the ends will settle, what ends when,
what the fleet costs a month, and pace against contracted km (sampled)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from leasedash.charts.style import BLUE, GRAY, RED, TEAL, base_layout


def pace_distribution(edges: np.ndarray, counts: np.ndarray, labels: dict[str, str]) -> go.Figure:
    """Contracts per share of plan driven; the band within ±10 % of plan in teal, the rest in amber/red."""
    centres = (edges[:-1] + edges[1:]) / 2
    colors = [TEAL if 0.9 <= c <= 1.1 else (RED if c > 1.1 else BLUE) for c in centres]
    fig = go.Figure(go.Bar(x=centres * 100, y=counts, marker_color=colors, width=9,
                           hovertemplate=f"%{{x:.0f}} %<br>{labels['contracts']}: %{{y}}<extra></extra>"))
    fig.update_xaxes(title=labels["pace_axis"], ticksuffix=" %")
    fig.update_yaxes(title=labels["contracts"])
    return base_layout(fig, labels["pace_title"], height=320)


def settlement_bars(names: list[str], invoices: list[float], refunds: list[float], title: str, labels: dict[str, str]) -> go.Figure:
    """Projected end invoices and refunds per group (product or make)."""
    fig = go.Figure([
        go.Bar(y=names, x=invoices, orientation="h", name=labels["invoices"], marker_color=RED, hovertemplate="%{y}: €%{x:,.0f}<extra></extra>"),
        go.Bar(y=names, x=refunds, orientation="h", name=labels["refunds"], marker_color=TEAL, hovertemplate="%{y}: €%{x:,.0f}<extra></extra>"),
    ])
    fig.update_layout(barmode="relative")
    fig.update_xaxes(title="€")
    return base_layout(fig, title, height=max(300, 60 + 28 * len(names)))


def ending_chart(months: list[str], counts: np.ndarray, labels: dict[str, str]) -> go.Figure:
    fig = go.Figure(go.Bar(x=months, y=counts, marker_color=BLUE, hovertemplate=f"%{{x}}: %{{y}} {labels['contracts']}<extra></extra>"))
    fig.update_yaxes(title=labels["contracts"])
    return base_layout(fig, labels["ending_title"], height=300)


def spend_chart(months: list[str], spend: np.ndarray, as_of_month: str, labels: dict[str, str]) -> go.Figure:
    fig = go.Figure(go.Scatter(x=months, y=spend, mode="lines", line={"color": TEAL, "width": 3}, fill="tozeroy",
                               hovertemplate="%{x}: €%{y:,.0f}<extra></extra>"))
    fig.add_vline(x=as_of_month, line_dash="dot", line_color=GRAY)
    fig.update_yaxes(title=labels["spend_axis"])
    return base_layout(fig, labels["spend_title"], height=300)


def pace_scatter(contracted: np.ndarray, pace: np.ndarray, ids: np.ndarray, total: int, labels: dict[str, str]) -> go.Figure:
    """Pace driven against contracted km, one point a contract (a sample beyond a couple of thousand: SVG draws them
    at once, without a WebGL context to start)."""
    ratio = pace / contracted
    colors = np.where(ratio > 1.1, RED, np.where(ratio < 0.9, BLUE, TEAL))
    jitter = np.random.default_rng(1).uniform(-600, 600, len(contracted))
    fig = go.Figure(go.Scatter(x=contracted + jitter, y=pace, mode="markers", customdata=ids,
                                 marker={"color": colors, "size": 5, "opacity": 0.6},
                                 hovertemplate=f"#%{{customdata}}<br>{labels['contracted']}: %{{x:,.0f}}<br>{labels['pace']}: %{{y:,.0f}}<extra></extra>"))
    top = float(max(contracted.max(initial=1), pace.max(initial=1)))
    fig.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", line={"color": GRAY, "dash": "dot"}, hoverinfo="skip", showlegend=False))
    title = labels["scatter_title"] + (f" ({labels['sample'].format(shown=len(ids), total=total)})" if len(ids) < total else "")
    fig.update_xaxes(title=labels["contracted"])
    fig.update_yaxes(title=labels["pace"])
    fig.update_layout(showlegend=False)
    return base_layout(fig, title, height=380)
