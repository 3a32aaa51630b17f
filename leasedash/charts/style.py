"""The look shared by every chart: transparent background, compact margins, the app's colours."""

from __future__ import annotations

import plotly.graph_objects as go

TEAL = "#12a594"
AMBER = "#ffb224"
RED = "#e5484d"
BLUE = "#0090ff"
GRAY = "#8b8d98"
SERIES = (TEAL, BLUE, AMBER, "#8e4ec6", RED, "#30a46c", "#f76b15", "#d6409f", GRAY)


def base_layout(fig: go.Figure, title: str = "", height: int = 380) -> go.Figure:
    """Apply the shared layout; the colour-mode template comes from rx.plotly (none in the figure, so a figure
    sent to the browser carries its data and layout only)."""
    fig.update_layout(
        template=None,
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}} if title else None,
        margin={"l": 60, "r": 20, "t": 50 if title else 20, "b": 50},
        height=height,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        legend={"orientation": "h", "y": -0.2},
        hoverlabel={"namelength": -1},
    )
    return fig
