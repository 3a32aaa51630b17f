"""Pure functions: domain results -> Plotly figures."""
