"""The fleet at a glance: how drivers drive against plan, what the ends will settle, what ends when,
what the fleet costs a month, and pace against contracted km (sampled)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from leasedash.charts.style import BLUE, GRAY, RED, TEAL, base_layout


BANDS = ("below", "within", "above")
BAND_COLOURS = (BLUE, TEAL, RED)


def pace_band(ratio: np.ndarray) -> np.ndarray:
    """The colour band of each pace against plan: 0 below plan (under 90 %), 1 within 10 % of it, 2 above (over 110 %)."""
    return np.where(ratio > 1.1, 2, np.where(ratio < 0.9, 0, 1))


def pace_distribution(edges: np.ndarray, counts: np.ndarray, labels: dict[str, str]) -> go.Figure:
    """Contracts per share of plan driven, one trace a band of pace_band (its colour named in the legend): trace b
    holds the bins np.nonzero(pace_band(centres) == b), in order."""
    centres = (edges[:-1] + edges[1:]) / 2
    band = pace_band(centres)
    fig = go.Figure([go.Bar(x=centres[band == b] * 100, y=counts[band == b], marker_color=colour, width=9, name=labels[f"band_{name}"],
                            hovertemplate=f"%{{x:.0f}} %<br>{labels['contracts']}: %{{y}}<extra></extra>")
                     for b, (name, colour) in enumerate(zip(BANDS, BAND_COLOURS))])
    fig.update_xaxes(title=labels["pace_axis"], ticksuffix=" %")
    fig.update_yaxes(title=labels["contracts"])
    return _legend_on_top(base_layout(fig, labels["pace_title"], height=320))


def _legend_on_top(fig: go.Figure) -> go.Figure:
    """The legend above the plot, right-aligned, clear of the axis titles."""
    fig.update_layout(showlegend=True, legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"})
    return fig


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
    fig.add_annotation(x=as_of_month, y=1, yref="paper", text=labels["as_of"], showarrow=False, xanchor="left", font={"color": GRAY})
    fig.update_yaxes(title=labels["spend_axis"])
    return base_layout(fig, labels["spend_title"], height=300)


def pace_scatter(contracted: np.ndarray, pace: np.ndarray, ids: np.ndarray, total: int, labels: dict[str, str]) -> go.Figure:
    """Pace driven against contracted km, one point a contract (a sample beyond a couple of thousand: SVG draws them
    at once, without a WebGL context to start); one trace a band of pace_band (trace b holds the points
    np.nonzero(pace_band(pace / contracted) == b), in order), then the line of driving as contracted."""
    band = pace_band(pace / contracted)
    x = contracted + np.random.default_rng(1).uniform(-600, 600, len(contracted))
    fig = go.Figure([go.Scatter(x=x[band == b], y=pace[band == b], mode="markers", customdata=ids[band == b], name=labels[f"band_{name}"],
                                marker={"color": colour, "size": 5, "opacity": 0.6},
                                hovertemplate=f"#%{{customdata}}<br>{labels['contracted']}: %{{x:,.0f}}<br>{labels['pace']}: %{{y:,.0f}}<extra></extra>")
                     for b, (name, colour) in enumerate(zip(BANDS, BAND_COLOURS))])
    top = float(max(contracted.max(initial=1), pace.max(initial=1)))
    fig.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", line={"color": GRAY, "dash": "dot"}, hoverinfo="skip", name=labels["as_contracted"]))
    title = labels["scatter_title"] + (f" ({labels['sample'].format(shown=len(ids), total=total)})" if len(ids) < total else "")
    fig.update_xaxes(title=labels["contracted"])
    fig.update_yaxes(title=labels["pace"])
    return _legend_on_top(base_layout(fig, title, height=380))
