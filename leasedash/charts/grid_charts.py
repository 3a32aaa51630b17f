"""The rent grid as charts: a heatmap with the contract and its projected end marked, rent against
duration per mileage band, the total cost per cell, and where the grid steps up between bands."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import plotly.graph_objects as go

from leasedash.charts.style import AMBER, RED, SERIES, TEAL, base_layout
from leasedash.domain.grid import RentGrid

STEP_THRESHOLD = Decimal("15")
HEATMAP_HEIGHT = 440


def rent_heatmap(grid: RentGrid, labels: dict[str, str], money, number, contract_point: tuple[int, int] | None = None,
                 projected_point: tuple[float, float] | None = None) -> go.Figure:
    """Rent per (duration, mileage) with each cell's value, hover with the rent and the total cost,
    the contract's cell (star) and the projected end position (diamond)."""
    z = np.array([[float(v) for v in row] for row in grid.rents])
    hover = [[f"{m} {labels['months']} · {number(k)} {labels['km_year']}<br>{labels['rent']}: {money(v)}<br>{labels['total']}: {money(v * m)}"
              for m, v in zip(grid.months, row)] for k, row in zip(grid.annual_km, grid.rents)]
    text = [[f"{float(v):.0f}" for v in row] for row in grid.rents]
    fig = go.Figure(go.Heatmap(
        x=list(grid.months), y=list(grid.annual_km), z=z, text=text, texttemplate="%{text}", hovertext=hover,
        hoverinfo="text", colorscale="Tealgrn", colorbar={"title": {"text": "€"}}, xgap=2, ygap=2,
    ))
    if contract_point:
        fig.add_trace(go.Scatter(x=[contract_point[0]], y=[contract_point[1]], mode="markers", name=labels["contract"],
                                 marker={"symbol": "star", "size": 22, "color": AMBER, "line": {"color": "#000", "width": 1}},
                                 hovertemplate=f"{labels['contract']}<extra></extra>"))
    if projected_point:
        fig.add_trace(go.Scatter(x=[projected_point[0]], y=[projected_point[1]], mode="markers", name=labels["projected"],
                                 marker={"symbol": "diamond", "size": 18, "color": RED, "line": {"color": "#fff", "width": 2}},
                                 hovertemplate=f"{labels['projected']}<extra></extra>"))
    fig.update_xaxes(title=labels["duration"], tickvals=list(grid.months))
    fig.update_yaxes(title=labels["mileage"], tickvals=list(grid.annual_km), ticktext=[number(k) for k in grid.annual_km])
    return base_layout(fig, labels["heatmap_title"], height=HEATMAP_HEIGHT)


def rent_curves(grid: RentGrid, labels: dict[str, str], money, number) -> go.Figure:
    """Rent against duration, one line per mileage band; hover shows the rent and the total."""
    fig = go.Figure()
    for i, (km, row) in enumerate(zip(grid.annual_km, grid.rents)):
        hover = [f"{number(km)} {labels['km_year']} · {m} {labels['months']}<br>{labels['rent']}: {money(v)}<br>{labels['total']}: {money(v * m)}"
                 for m, v in zip(grid.months, row)]
        fig.add_trace(go.Scatter(x=list(grid.months), y=[float(v) for v in row], mode="lines+markers", name=f"{number(km)} km",
                                 line={"color": SERIES[i % len(SERIES)], "width": 2}, hovertext=hover, hoverinfo="text"))
    fig.update_xaxes(title=labels["duration"], tickvals=list(grid.months))
    fig.update_yaxes(title=labels["rent"] + " (€)")
    return base_layout(fig, labels["curves_title"])


def total_cost_heatmap(grid: RentGrid, labels: dict[str, str], money, number) -> go.Figure:
    """Rent × months per cell: what the whole contract costs."""
    totals = [[v * m for m, v in zip(grid.months, row)] for row in grid.rents]
    hover = [[f"{m} {labels['months']} · {number(k)} {labels['km_year']}<br>{labels['total']}: {money(t)}" for m, t in zip(grid.months, row)]
             for k, row in zip(grid.annual_km, totals)]
    fig = go.Figure(go.Heatmap(
        x=list(grid.months), y=list(grid.annual_km), z=np.array([[float(t) for t in row] for row in totals]),
        text=[[f"{float(t) / 1000:.1f}k" for t in row] for row in totals], texttemplate="%{text}", hovertext=hover,
        hoverinfo="text", colorscale="Blues", colorbar={"title": {"text": "€"}}, xgap=2, ygap=2,
    ))
    fig.update_xaxes(title=labels["duration"], tickvals=list(grid.months))
    fig.update_yaxes(title=labels["mileage"], tickvals=list(grid.annual_km), ticktext=[number(k) for k in grid.annual_km])
    return base_layout(fig, labels["total_title"])


def step_chart(grid: RentGrid, labels: dict[str, str], money, number) -> go.Figure:
    """The rise in rent from each mileage band to the next, per duration: jumps of EUR 15 or more
    (pricing.md: service intervals or residual-value bands) stand out."""
    if len(grid.annual_km) < 2:
        return base_layout(go.Figure(), labels["steps_title"])
    rises = [[grid.rents[i + 1][j] - grid.rents[i][j] for j in range(len(grid.months))] for i in range(len(grid.annual_km) - 1)]
    bands = [f"{number(a)}→{number(b)}" for a, b in zip(grid.annual_km, grid.annual_km[1:])]
    hover = [[f"{band} km · {m} {labels['months']}<br>+{money(r)} / {labels['month']}" for m, r in zip(grid.months, row)]
             for band, row in zip(bands, rises)]
    fig = go.Figure(go.Heatmap(
        x=list(grid.months), y=bands, z=np.array([[float(r) for r in row] for row in rises]),
        text=[[(f"+{float(r):.0f}" if r >= STEP_THRESHOLD else "") for r in row] for row in rises], texttemplate="%{text}",
        hovertext=hover, hoverinfo="text", colorscale=[[0, "rgba(18,165,148,0.08)"], [0.4, "rgba(18,165,148,0.35)"], [1, TEAL]],
        colorbar={"title": {"text": "€"}}, xgap=2, ygap=2,
    ))
    fig.update_xaxes(title=labels["duration"], tickvals=list(grid.months))
    fig.update_yaxes(title=labels["band_change"], type="category")
    return base_layout(fig, labels["steps_title"])
