"""Plotly figures of scorecard data, as plain dicts for ``json_script``.

Charts get data, not script: a static charts.js draws them with the plotly.js
served from our own static files. No ORM and no request in here.

(STYLE puts chart builders in reports/charts.py; DESIGN §7 says nothing imports
reports, and the province page is a view of indicators, so they live here.)
"""

import json

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from .selectors import Profile

SERIES = [("DTI", "#b91c1c"), ("CQS", "#1d4ed8"), ("KTS", "#047857"), ("XHS", "#a16207")]


def _method_marks(profile: Profile) -> tuple[list[dict], list[dict]]:
    shapes, annotations = [], []
    for year in profile.years:
        if year.method_changed:
            x = year.year - 0.5
            shapes.append({"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "yref": "paper",
                           "line": {"dash": "dot", "width": 1, "color": "#6b7280"}})  # fmt: skip
            annotations.append({"x": x, "y": 1, "yref": "paper", "text": _("Đổi phương pháp %(year)s") % {"year": year.year},
                                "showarrow": False, "font": {"size": 10, "color": "#4b5563"}, "yanchor": "bottom"})  # fmt: skip
    return shapes, annotations


def history_figure(profile: Profile, *, indicator_names: dict[str, str]) -> dict:
    """DTI and pillar values over the years, one line each, with the provincial
    average where published and a dotted mark at each method change. Points not
    published stay gaps; computed points are drawn hollow."""
    fig = go.Figure()
    years = [y.year for y in profile.years]
    for code, colour in SERIES:
        values = [float(y.cells[code].value) if code in y.cells else None for y in profile.years]
        if not any(v is not None for v in values):
            continue
        symbols = ["circle" if code in y.cells and y.cells[code].is_published else "circle-open" for y in profile.years]
        fig.add_trace(go.Scatter(
            x=years, y=values, name=indicator_names.get(code, code), mode="lines+markers",
            line={"color": colour, "width": 3 if code == "DTI" else 2}, marker={"symbol": symbols, "size": 9},
            connectgaps=False, hovertemplate="%{x}: %{y:.4f}<extra>" + indicator_names.get(code, code) + "</extra>",
        ))  # fmt: skip
    averages = [float(y.average.value) if y.average else None for y in profile.years]
    if any(v is not None for v in averages):
        fig.add_trace(go.Scatter(
            x=years, y=averages, name=_("Trung bình cấp tỉnh (DTI)"), mode="markers",
            marker={"symbol": "line-ew-open", "size": 18, "color": "#111827"},
            hovertemplate="%{x}: %{y:.4f}<extra>" + _("Trung bình") + "</extra>",
        ))  # fmt: skip
    shapes, annotations = _method_marks(profile)
    fig.update_layout(
        template="none",
        margin={"l": 48, "r": 16, "t": 32, "b": 40},
        height=360,
        xaxis={"tickmode": "array", "tickvals": years, "range": [min(years) - 0.6, max(years) + 0.6]},
        yaxis={"range": [0, 1], "tickformat": ".2f", "title": {"text": _("Giá trị (0–1)")}},
        legend={"orientation": "h", "y": -0.15},
        shapes=shapes,
        annotations=annotations,
        hovermode="x unified",
    )
    return json.loads(fig.to_json())
