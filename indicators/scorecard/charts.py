"""Plotly figures of scorecard data, as plain dicts for ``json_script``.

Charts get data, not script: a static charts.js draws them with the plotly.js
served from our own static files. No ORM and no request in here.

(STYLE puts chart builders in reports/charts.py; DESIGN §7 says nothing imports
reports, and the province page is a view of indicators, so they live here.)
"""

import json
import math
from decimal import Decimal

import plotly.graph_objects as go
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.rules.ranking import as_published
from indicators.scorecard.compare import Comparison
from indicators.scorecard.profile import Profile
from indicators.scorecard.selectors import RankingTable

SERIES = [("DTI", "#b91c1c"), ("CQS", "#1d4ed8"), ("KTS", "#047857"), ("XHS", "#a16207")]


def _method_marks(profile: Profile) -> tuple[list[dict], list[dict]]:
    return _method_marks_for([y.year for y in profile.years if y.method_changed])


def _method_marks_for(changed_years: list[int]) -> tuple[list[dict], list[dict]]:
    """A dotted vertical line and a label half a year before each year whose method changed."""
    shapes, annotations = [], []
    for year in changed_years:
        x = year - 0.5
        shapes.append(
            {
                "type": "line",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"dash": "dot", "width": 1, "color": "#6b7280"},
            }
        )
        annotations.append(
            {
                "x": x,
                "y": 1,
                "yref": "paper",
                "text": _("Đổi phương pháp %(year)s") % {"year": year},
                "showarrow": False,
                "font": {"size": 10, "color": "#4b5563"},
                "yanchor": "bottom",
            }
        )
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
        symbols = [
            "circle" if code in y.cells and y.cells[code].is_published else "circle-open"
            for y in profile.years
        ]
        fig.add_trace(
            go.Scatter(
                x=years,
                y=values,
                name=indicator_names.get(code, code),
                mode="lines+markers",
                line={"color": colour, "width": 3 if code == "DTI" else 2},
                marker={"symbol": symbols, "size": 9},
                connectgaps=False,
                hovertemplate="%{x}: %{y:.4f}<extra>"
                + indicator_names.get(code, code)
                + "</extra>",
            )
        )
    averages = [float(y.average.value) if y.average else None for y in profile.years]
    if any(v is not None for v in averages):
        fig.add_trace(
            go.Scatter(
                x=years,
                y=averages,
                name=_("Trung bình cấp tỉnh (DTI)"),
                mode="markers",
                marker={"symbol": "line-ew-open", "size": 18, "color": "#111827"},
                hovertemplate="%{x}: %{y:.4f}<extra>" + _("Trung bình") + "</extra>",
            )
        )
    shapes, annotations = _method_marks(profile)
    fig.update_layout(
        template="none",
        # The method-change labels sit in a top margin below plotly's toolbar, not under it.
        margin={"l": 48, "r": 16, "t": 52, "b": 40},
        height=360,
        xaxis={
            "tickmode": "array",
            "tickvals": years,
            "range": [min(years) - 0.6, max(years) + 0.6],
        },
        yaxis={"range": [0, 1], "tickformat": ".2f", "title": {"text": _("Giá trị (0–1)")}},
        legend={"orientation": "h", "y": -0.15},
        shapes=shapes,
        annotations=annotations,
        hovermode="x unified",
    )
    return json.loads(fig.to_json())


# Light (low) to dark (high), readable for the common colour-vision deficiencies;
# colour is never the only carrier: hover text and the data table give the values.
MAP_COLOURSCALE = "YlGnBu"
NO_VALUE_COLOUR = "#e5e7eb"
MAP_SCALE_STEP = 0.05
# Named on every map of the country, at the default zoom: (label, longitude, latitude).
ARCHIPELAGOS = [
    (gettext_lazy("Quần đảo Hoàng Sa (Đà Nẵng)"), 112.0, 16.5),
    (gettext_lazy("Quần đảo Trường Sa (Khánh Hòa)"), 114.2, 9.9),
]


def map_scale(bounds: tuple[Decimal, Decimal] | None) -> tuple[float, float]:
    """The colour range of a metric's map: its lowest and highest value over every
    year, rounded out to 0.05, so a colour means the same value in every year and
    in both pools (0..1 when the metric has no value at all)."""
    if bounds is None:
        return 0.0, 1.0
    low = math.floor(float(bounds[0]) / MAP_SCALE_STEP) * MAP_SCALE_STEP
    high = math.ceil(float(bounds[1]) / MAP_SCALE_STEP) * MAP_SCALE_STEP
    return round(max(low, 0.0), 2), round(min(high, 1.0), 2)


def _value_text(value: Decimal) -> str:
    return formats.number_format(as_published(value), 4)


def ranking_map_figure(
    table: RankingTable, *, geojson_url: str, scale: tuple[float, float]
) -> dict:
    """A choropleth of the table's rows (every unit of the pool, or of the filtered
    region, which the map then zooms to), coloured by the table's metric on the fixed
    ``scale``. Units with no value are drawn grey, with "not published" on hover.
    Each shape carries customdata [name, value, rank with pool, page URL]; charts.js
    opens the URL on click. The browser loads the boundaries from ``geojson_url``."""
    coloured: list[tuple] = []
    grey: list[tuple] = []
    for row in table.rows:
        unit = row.unit
        rank = (
            (_("Hạng %(rank)s/%(pool)s") % {"rank": row.metric.rank, "pool": table.pool})
            if row.metric.rank
            else ""
        )
        url = unit.get_absolute_url()
        if row.metric.value is None:
            grey.append((unit.code, [unit.name, _("chưa công bố"), rank, url]))
        else:
            computed = "" if row.metric.is_published else " *"
            coloured.append(
                (
                    unit.code,
                    float(row.metric.value),
                    [unit.name, _value_text(row.metric.value) + computed, rank, url],
                )
            )
    metric_name = table.metric.label
    # Plain text only: plotly turns <b>/<i> into style attributes, which the CSP refuses.
    common = {
        "geojson": geojson_url,
        "featureidkey": "id",
        "marker": {"line": {"color": "#ffffff", "width": 0.6}},
    }
    fig = go.Figure()
    if grey:
        fig.add_trace(
            go.Choropleth(
                locations=[code for code, _data in grey],
                z=[0] * len(grey),
                customdata=[data for _code, data in grey],
                colorscale=[[0, NO_VALUE_COLOUR], [1, NO_VALUE_COLOUR]],
                showscale=False,
                name=_("Không có giá trị"),
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
                **common,
            )
        )
    if coloured:
        low, high = scale
        fig.add_trace(
            go.Choropleth(
                locations=[code for code, _value, _data in coloured],
                z=[value for _code, value, _data in coloured],
                customdata=[data for _code, _value, data in coloured],
                zmin=low,
                zmax=high,
                colorscale=MAP_COLOURSCALE,
                name=metric_name,
                hovertemplate="%{customdata[0]}<br>"
                + metric_name
                + ": %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
                colorbar={
                    "title": {"text": table.metric.short, "side": "top"},
                    "orientation": "h",
                    "thickness": 12,
                    "len": 0.9,
                    "y": -0.02,
                    "yanchor": "top",
                    "tickformat": ".2f",
                },
                **common,
            )
        )
    if table.region is None:  # the whole country: the two archipelagos, named
        fig.add_trace(
            go.Scattergeo(
                lon=[lon for _name, lon, _lat in ARCHIPELAGOS],
                lat=[lat for _name, _lon, lat in ARCHIPELAGOS],
                text=[str(name) for name, _lon, _lat in ARCHIPELAGOS],
                mode="markers+text",
                # Trường Sa's label ends at its mark: it stays inside a phone's map.
                textposition=["bottom center", "bottom left"],
                marker={"size": 4, "color": "#4b5563"},
                textfont={"size": 11, "color": "#374151"},
                hoverinfo="text",
                showlegend=False,
                name=_("Quần đảo"),
            )
        )
    fig.update_geos(
        visible=False,
        fitbounds="locations",
        projection={"type": "mercator"},
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        template="none",
        # No height: the map fills its box, which app.css sizes for phones and desktops.
        autosize=True,
        margin={"l": 0, "r": 0, "t": 8, "b": 56},
        dragmode=False,
        hoverlabel={"bgcolor": "#ffffff", "font": {"color": "#111827"}},
    )
    return json.loads(fig.to_json())


# Colour-blind-safe (Okabe–Ito) colours for up to 8 compared units; each also gets its own marker.
UNIT_COLOURS = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#F0E442",
]
UNIT_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon"]


def _rank_text(ranks: list[tuple[int, int, bool]]) -> str:
    return " · ".join(
        f"{rank}/{pool}{'*' if backcast else ''}" for rank, pool, backcast in ranks
    ) or _("chưa công bố")


def compare_figure(data: Comparison) -> dict:
    """One line per unit on the metric over the years (hover: value and rank with its
    pool, "9/63"), the provincial average and each year's leading unit as reference
    lines, and a dotted mark at each method change. Missing values stay gaps; values
    computed by the app are drawn hollow."""
    fig = go.Figure()
    years = data.years
    for index, unit in enumerate(data.units):
        cells = [data.cells[unit.pk][y] for y in years]
        fig.add_trace(
            go.Scatter(
                x=years,
                y=[float(c.value) if c.value is not None else None for c in cells],
                name=unit.name,
                mode="lines+markers",
                connectgaps=False,
                line={"color": UNIT_COLOURS[index % len(UNIT_COLOURS)], "width": 3},
                marker={
                    "size": 10,
                    "symbol": [
                        UNIT_SYMBOLS[index % len(UNIT_SYMBOLS)]
                        + ("" if c.is_published else "-open")
                        for c in cells
                    ],
                },
                customdata=[_rank_text(c.ranks) for c in cells],
                hovertemplate="%{x}: %{y:.4f} – "
                + _("hạng")
                + " %{customdata}<extra>"
                + unit.name
                + "</extra>",
            )
        )
    averages = [data.averages.get(y) for y in years]
    if any(a is not None for a in averages):
        fig.add_trace(
            go.Scatter(
                x=years,
                y=[float(a.value) if a else None for a in averages],
                name=_("Trung bình cấp tỉnh"),
                mode="lines+markers",
                line={"color": "#6b7280", "dash": "dash", "width": 2},
                marker={
                    "symbol": [
                        "circle" if a and not a.computed else "circle-open" for a in averages
                    ],
                    "size": 7,
                },
                customdata=[
                    (_("ứng dụng tính từ bảng đầy đủ") if a.computed else _("công bố"))
                    + f", /{a.pool}"
                    if a
                    else ""
                    for a in averages
                ],
                hovertemplate="%{x}: %{y:.4f} (%{customdata})<extra>"
                + _("Trung bình")
                + "</extra>",
            )
        )
    nationals = [data.nationals.get(y) for y in years]
    if any(n is not None for n in nationals):
        fig.add_trace(
            go.Scatter(
                x=years,
                y=[float(n.value) if n else None for n in nationals],
                name=_("DTI quốc gia (công bố)"),
                mode="lines+markers",
                connectgaps=False,
                line={"color": "#111827", "dash": "dot", "width": 2},
                marker={"symbol": "square", "size": 7},
                # ".4~f": as published, 0.71 not 0.7100 (d3-format's ~ trims trailing zeros).
                hovertemplate="%{x}: %{y:.4~f}<extra>" + _("DTI quốc gia") + "</extra>",
            )
        )
    means = [data.pool_means.get(y) for y in years]
    if any(m is not None for m in means):
        fig.add_trace(
            go.Scatter(
                x=years,
                y=[float(m.value) if m else None for m in means],
                name=_("Trung bình của nhóm (ứng dụng tính)"),
                mode="markers",
                marker={"symbol": "circle-open", "size": 9, "color": "#6b7280"},
                customdata=[f"/{m.pool}" if m else "" for m in means],
                hovertemplate="%{x}: %{y:.4f} (%{customdata}, "
                + _("ứng dụng tính")
                + ")<extra></extra>",
            )
        )
    leaders = [data.leaders.get(y) for y in years]
    if any(lead is not None and lead.value is not None for lead in leaders):
        fig.add_trace(
            go.Scatter(
                x=years,
                y=[
                    float(lead.value) if lead and lead.value is not None else None
                    for lead in leaders
                ],
                name=_("Dẫn đầu mỗi năm"),
                mode="lines+markers",
                line={"color": "#111827", "dash": "dot", "width": 1.5},
                marker={"symbol": "star", "size": 9},
                customdata=[f"{lead.unit.name}, 1/{lead.pool}" if lead else "" for lead in leaders],
                hovertemplate="%{x}: %{y:.4f} – %{customdata}<extra>" + _("Dẫn đầu") + "</extra>",
            )
        )
    shapes, annotations = _method_marks_for(sorted(data.method_changes))
    fig.update_layout(
        template="none",
        # The method-change labels sit in a top margin below plotly's toolbar, not under it.
        margin={"l": 48, "r": 16, "t": 52, "b": 40},
        height=400,
        xaxis={
            "tickmode": "array",
            "tickvals": years,
            "range": [min(years) - 0.6, max(years) + 0.6],
        },
        yaxis={
            "range": [0, 1],
            "tickformat": ".2f",
            "title": {"text": f"{data.metric.label} (0–1)"},
        },
        legend={"orientation": "h", "y": -0.15},
        shapes=shapes,
        annotations=annotations,
        hovermode="x unified",
    )
    return json.loads(fig.to_json())
