"""The fleet's charts, built from the series the services keep on the server and worded for the reader."""

from __future__ import annotations

import threading
from weakref import WeakKeyDictionary

import plotly.graph_objects as go

from leasedash.charts.fleet_charts import ending_chart, pace_distribution, pace_scatter, settlement_bars, spend_chart
from leasedash.charts.style import base_layout
from leasedash.services.fleet_series import FleetCharts, SettlementGroup

CHART_LABELS = ("contracts", "pace_title", "pace_axis", "invoices", "refunds", "ending_title", "spend_title", "spend_axis",
                "scatter_title", "sample", "contracted", "pace", "band_below", "band_within", "band_above", "as_contracted", "as_of")
FIGURES = ("pace", "scatter", "products", "makes", "ending", "spend")
MAIN = "pace"
PLACEHOLDER_HEIGHT = 320


def _bars(groups: list[SettlementGroup], title: str, labels: dict[str, str]) -> go.Figure:
    return settlement_bars([g.name for g in groups], [g.invoices for g in groups], [g.refunds for g in groups], title, labels)


_built: WeakKeyDictionary[FleetCharts, dict[str, dict[str, go.Figure]]] = WeakKeyDictionary()
_lock = threading.Lock()


def figures(charts: FleetCharts | None, tr: dict[str, str], lang: str) -> dict[str, go.Figure]:
    """Every one of the FIGURES of a projected fleet in the reader's language, built once a projection and
    language (every reader of the same fleet gets the same figures); empty frames before the fleet is projected."""
    if charts is None:
        return {kind: base_layout(go.Figure(), height=PLACEHOLDER_HEIGHT) for kind in FIGURES}
    with _lock:
        built = _built.setdefault(charts, {})
        if lang not in built:
            built[lang] = {kind: figure(kind, charts, tr) for kind in FIGURES}
        return built[lang]


def figure(kind: str, charts: FleetCharts, tr: dict[str, str]) -> go.Figure:
    """One of the FIGURES of the fleet."""
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
