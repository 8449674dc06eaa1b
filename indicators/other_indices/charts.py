"""Plotly figures of PAPI and PCI, as plain dicts for ``json_script`` (no ORM)."""

import json
import math

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from indicators.other_indices.selectors import OtherIndices, Relationship
from indicators.scorecard.charts import compare_figure
from indicators.scorecard.compare import Comparison

COLOURS = ["#7c3aed", "#0f766e", "#b45309", "#be123c"]


def papi_history_figure(data: OtherIndices) -> dict | None:
    """The PAPI total per year (scale 80), one line per unit shown (a merged unit's
    predecessors each get their own line); gaps stay gaps. None without any total."""
    if not any(y.total for b in data.blocks for y in b.papi):
        return None
    fig = go.Figure()
    years = data.papi_years
    totals = [float(y.total.value) for b in data.blocks for y in b.papi if y.total]
    # A few points either side, not autorange: 44.3 → 44.7 must not look like a leap.
    low, high = math.floor(min(totals)) - 3, math.ceil(max(totals)) + 3
    for index, block in enumerate(data.blocks):
        fig.add_trace(
            go.Scatter(
                x=years,
                y=[float(y.total.value) if y.total else None for y in block.papi],
                name=block.unit.name,
                mode="lines+markers",
                connectgaps=False,
                line={"color": COLOURS[index % len(COLOURS)], "width": 3},
                marker={"size": 9},
                hovertemplate="%{x}: %{y:.4f}<extra>" + block.unit.name + "</extra>",
            )
        )
    fig.update_layout(
        template="none",
        margin={"l": 48, "r": 16, "t": 16, "b": 40},
        height=260,
        xaxis={
            "tickmode": "array",
            "tickvals": years,
            "range": [min(years) - 0.5, max(years) + 0.5],
        },
        yaxis={
            "range": [low, high],
            "tickformat": ".0f",
            "title": {"text": _("PAPI, điểm tổng (thang 80)")},
        },
        legend={"orientation": "h", "y": -0.2},
        showlegend=len(data.blocks) > 1,
    )
    return json.loads(fig.to_json())


def relationship_figure(data: Relationship) -> dict:
    """DTI (y) against the PAPI measure (x), one point per province; the seed
    provinces drawn larger, in another colour and named; hover gives the name and
    both values. Each point links to its province page (customdata[1])."""
    fig = go.Figure()
    for highlighted in (False, True):
        points = [p for p in data.points if p.highlighted == highlighted]
        if not points:
            continue
        fig.add_trace(
            go.Scatter(
                x=[float(p.other) for p in points],
                y=[float(p.dti) for p in points],
                mode="markers+text" if highlighted else "markers",
                text=[p.unit.name for p in points] if highlighted else None,
                textposition="top center",
                name=_("Bắc Giang, Hà Giang, Hải Dương") if highlighted else _("Các tỉnh khác"),
                marker={
                    "size": 14 if highlighted else 8,
                    "color": "#b91c1c" if highlighted else "#6b7280",
                    "symbol": "diamond" if highlighted else "circle",
                    "line": {"width": 1, "color": "#111827"},
                },
                customdata=[[p.unit.name, p.unit.get_absolute_url()] for p in points],
                hovertemplate="%{customdata[0]}<br>"
                + data.metric.short_name
                + ": %{x:.4f}<br>DTI: %{y:.4f}<extra></extra>",
            )
        )
    fig.update_layout(
        template="none",
        margin={"l": 56, "r": 16, "t": 16, "b": 48},
        height=440,
        xaxis={"title": {"text": f"{data.metric.label} ({data.metric.scale})"}},
        yaxis={"title": {"text": _("DTI %(year)s (0–1)") % {"year": data.year}}},
        legend={"orientation": "h", "y": -0.18},
    )
    return json.loads(fig.to_json())


def other_compare_figure(data: Comparison) -> dict:
    """The compare page's figure for a PAPI/PCI metric: the DTI compare figure, with
    the value axis on the index's own scale instead of 0–1."""
    fig = compare_figure(data)
    fig["layout"]["yaxis"] = {
        "autorange": True,
        "tickformat": ".1f" if data.metric.measure == "total" else ".2f",
        "title": {"text": f"{data.metric.label} ({data.metric.scale})"},
    }
    return fig
