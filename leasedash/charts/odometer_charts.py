"""The odometer log's chart: the readings against the allowance line (the delivery odometer plus the km allowed,
pro rata of the days), the projection to the end at the pace so far, and today's target odometer."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from leasedash.charts.style import AMBER, GRAY, TEAL, base_layout
from leasedash.services.odometer_log import OdometerLog


def odometer_chart(log: OdometerLog, labels: dict[str, str]) -> go.Figure:
    """Readings (teal), the allowance from delivery to the end (grey), the projection from the latest reading to the
    end (amber, dashed) and today's target (a grey diamond)."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[log.start_date, log.end_date], y=[log.delivery_km, log.delivery_km + log.allowance_total],
                             name=labels["allowance"], mode="lines", line={"color": GRAY, "width": 2},
                             hovertemplate="%{x|%d/%m/%Y}: %{y:,.0f} km<extra></extra>"))
    if log.readings:
        fig.add_trace(go.Scatter(x=[log.start_date, *(r.day for r in log.readings)], y=[log.delivery_km, *(r.km for r in log.readings)],
                                 name=labels["readings"], mode="lines+markers", line={"color": TEAL, "width": 3},
                                 hovertemplate="%{x|%d/%m/%Y}: %{y:,.0f} km<extra></extra>"))
    if log.projected_odometer is not None and log.readings:
        latest = log.readings[-1]
        fig.add_trace(go.Scatter(x=[latest.day, log.end_date], y=[latest.km, log.projected_odometer], name=labels["projection"],
                                 mode="lines", line={"color": AMBER, "width": 2, "dash": "dash"},
                                 hovertemplate="%{x|%d/%m/%Y}: %{y:,.0f} km<extra></extra>"))
    fig.add_trace(go.Scatter(x=[min(log.today, log.end_date)], y=[log.target_today], name=labels["target"], mode="markers",
                             marker={"color": GRAY, "size": 12, "symbol": "diamond"},
                             hovertemplate="%{x|%d/%m/%Y}: %{y:,.0f} km<extra></extra>"))
    fig.update_yaxes(title="km", tickformat=",d", rangemode="tozero")
    fig.update_xaxes(range=[log.start_date - dt.timedelta(days=15), log.end_date + dt.timedelta(days=15)])
    return base_layout(fig, labels["title"], height=340)
