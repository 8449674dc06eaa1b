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
from .target_selectors import Comparison

SERIES = [("DTI", "#b91c1c"), ("CQS", "#1d4ed8"), ("KTS", "#047857"), ("XHS", "#a16207")]


def _method_marks(profile: Profile) -> tuple[list[dict], list[dict]]:
    return _method_marks_for([y.year for y in profile.years if y.method_changed])


def _method_marks_for(changed_years: list[int]) -> tuple[list[dict], list[dict]]:
    """A dotted vertical line and a label half a year before each year whose method changed."""
    shapes, annotations = [], []
    for year in changed_years:
        x = year - 0.5
        shapes.append({"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "yref": "paper",
                       "line": {"dash": "dot", "width": 1, "color": "#6b7280"}})  # fmt: skip
        annotations.append({"x": x, "y": 1, "yref": "paper", "text": _("Đổi phương pháp %(year)s") % {"year": year},
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


# Colour-blind-safe (Okabe–Ito) colours for up to 8 compared units; each also gets its own marker.
UNIT_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
UNIT_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon"]


def _rank_text(ranks: list[tuple[int, int, bool]]) -> str:
    return " · ".join(f"{rank}/{pool}{'*' if backcast else ''}" for rank, pool, backcast in ranks) or _("chưa công bố")


def compare_figure(data: Comparison) -> dict:
    """One line per unit on the metric over the years (hover: value and rank with its
    pool, "9/63"), the provincial average and each year's leading unit as reference
    lines, and a dotted mark at each method change. Missing values stay gaps; values
    computed by the app are drawn hollow."""
    fig = go.Figure()
    years = data.years
    for index, unit in enumerate(data.units):
        cells = [data.cells[unit.pk][y] for y in years]
        fig.add_trace(go.Scatter(
            x=years, y=[float(c.value) if c.value is not None else None for c in cells], name=unit.name,
            mode="lines+markers", connectgaps=False,
            line={"color": UNIT_COLOURS[index % len(UNIT_COLOURS)], "width": 3},
            marker={"size": 10, "symbol": [UNIT_SYMBOLS[index % len(UNIT_SYMBOLS)] + ("" if c.is_published else "-open")
                                           for c in cells]},
            customdata=[_rank_text(c.ranks) for c in cells],
            hovertemplate="%{x}: %{y:.4f} – " + _("hạng") + " %{customdata}<extra>" + unit.name + "</extra>",
        ))  # fmt: skip
    averages = [data.averages.get(y) for y in years]
    if any(a is not None for a in averages):
        fig.add_trace(go.Scatter(
            x=years, y=[float(a.value) if a else None for a in averages], name=_("Trung bình cấp tỉnh"),
            mode="lines+markers", line={"color": "#6b7280", "dash": "dash", "width": 2},
            marker={"symbol": ["circle" if a and not a.computed else "circle-open" for a in averages], "size": 7},
            customdata=[(_("ứng dụng tính từ bảng đầy đủ") if a.computed else _("công bố")) + f", /{a.pool}" if a else ""
                        for a in averages],
            hovertemplate="%{x}: %{y:.4f} (%{customdata})<extra>" + _("Trung bình") + "</extra>",
        ))  # fmt: skip
    leaders = [data.leaders.get(y) for y in years]
    if any(lead is not None and lead.value is not None for lead in leaders):
        fig.add_trace(go.Scatter(
            x=years, y=[float(lead.value) if lead and lead.value is not None else None for lead in leaders],
            name=_("Dẫn đầu mỗi năm"), mode="lines+markers", line={"color": "#111827", "dash": "dot", "width": 1.5},
            marker={"symbol": "star", "size": 9},
            customdata=[f"{lead.unit.name}, 1/{lead.pool}" if lead else "" for lead in leaders],
            hovertemplate="%{x}: %{y:.4f} – %{customdata}<extra>" + _("Dẫn đầu") + "</extra>",
        ))  # fmt: skip
    shapes, annotations = _method_marks_for(sorted(data.method_changes))
    fig.update_layout(
        template="none",
        margin={"l": 48, "r": 16, "t": 32, "b": 40},
        height=400,
        xaxis={"tickmode": "array", "tickvals": years, "range": [min(years) - 0.6, max(years) + 0.6]},
        yaxis={"range": [0, 1], "tickformat": ".2f", "title": {"text": f"{data.metric.label} (0–1)"}},
        legend={"orientation": "h", "y": -0.15},
        shapes=shapes,
        annotations=annotations,
        hovermode="x unified",
    )
    return json.loads(fig.to_json())
