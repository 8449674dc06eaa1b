"""Work a gunicorn worker does while it starts, not on its first request.

A fresh or recycled worker (max_requests) otherwise made its first visitors wait:
about 3 s importing the views (the URLconf pulls in pandas, plotly and openpyxl),
then about 1 s on the first province page while plotly loads its property
validators. Neither touches the database.
"""

import plotly.graph_objects as go
from django.urls import resolve


def warm_up() -> None:
    resolve("/")  # imports the URLconf, hence every view module
    # The trace types and layout parts our charts use (indicators/*/charts.py).
    figure = go.Figure(
        [
            go.Scatter(
                x=[2020],
                y=[0.5],
                mode="lines+markers",
                marker={"size": 6, "symbol": "circle-open"},
                line={"dash": "dot", "width": 2},
                customdata=[["/"]],
                hovertemplate="%{y}",
                legendgroup="g",
                connectgaps=False,
            ),
            go.Bar(
                x=[0.5],
                y=["A"],
                orientation="h",
                text=["0,5"],
                textposition="outside",
                marker={"color": "#b91c1c"},
            ),
            go.Choropleth(
                locations=["A"],
                z=[0.5],
                geojson={"type": "FeatureCollection", "features": []},
                featureidkey="properties.id",
                colorscale="Viridis",
                colorbar={"title": {"text": "DTI"}},
            ),
            go.Scattergeo(lon=[105], lat=[21], mode="markers+text", text=["A"]),
        ]
    )
    figure.update_layout(
        title={"text": "DTI"},
        xaxis={
            "title": {"text": "x"},
            "tickmode": "array",
            "tickvals": [2020],
            "range": [0, 1],
            "fixedrange": True,
        },
        yaxis={"title": {"text": "y"}, "range": [0, 1], "tickformat": ".2f", "automargin": True},
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 40, "r": 10, "t": 30, "b": 40},
        shapes=[
            {
                "type": "line",
                "x0": 0,
                "x1": 0,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"dash": "dot"},
            }
        ],
        annotations=[
            {"x": 0, "y": 1, "yref": "paper", "text": "a", "showarrow": False, "font": {"size": 10}}
        ],
        geo={"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}},
        hovermode="x unified",
        separators=",.",
        font={"family": "system-ui"},
        template="plotly_white",
    )
    figure.to_json()
