"""The fleet's charts, built from the series the services keep on the server and worded for the reader."""

from __future__ import annotations

import plotly.graph_objects as go

from leasedash.charts.fleet_charts import ending_chart, pace_distribution, pace_scatter, settlement_bars, spend_chart
from leasedash.services.fleet import FleetCharts, SettlementGroup

CHART_LABELS = ("contracts", "pace_title", "pace_axis", "invoices", "refunds", "ending_title", "spend_title", "spend_axis",
                "scatter_title", "sample", "contracted", "pace")
FIGURES = ("pace", "scatter", "products", "makes", "ending", "spend")


def _bars(groups: list[SettlementGroup], title: str, labels: dict[str, str]) -> go.Figure:
    return settlement_bars([g.name for g in groups], [g.invoices for g in groups], [g.refunds for g in groups], title, labels)


def figure(kind: str, charts: FleetCharts | None, tr: dict[str, str]) -> go.Figure:
    """One of the FIGURES of the fleet (an empty figure before the fleet is projected)."""
    if charts is None:
        return go.Figure()
    labels = {key: tr[f"fleet.{key}"] for key in CHART_LABELS}
    if kind == "pace":
        return pace_distribution(charts.pace_edges, charts.pace_counts, labels)
    if kind == "scatter":
        return pace_scatter(charts.sample_contracted, charts.sample_pace, charts.sample_ids, charts.contracts, labels)
    if kind == "products":
        return _bars(charts.products, tr["fleet.by_product"], labels)
    if kind == "makes":
        return _bars(charts.makes, tr["fleet.by_make"], labels)
    if kind == "ending":
        return ending_chart(charts.ending_months, charts.ending_counts, labels)
    return spend_chart(charts.spend_months, charts.spend, charts.as_of_month, labels)
