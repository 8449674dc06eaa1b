"""Plotly figure of the rank drivers, as a plain dict for ``json_script`` (the style of
charts.py: data, not script; static/js/charts.js draws it).

The waterfall is drawn as bars with base offsets: the partial bundle the province page
loads (plotly-basic: scatter, bar, pie) has no ``waterfall`` trace, and a bar with
``base`` draws the same steps. No ORM and no request in here.
"""

import json
from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from indicators.scenarios.drivers import Decomposition

BEHIND, AHEAD, TOTAL = "#b91c1c", "#047857", "#374151"


def _pts(value: Decimal) -> float:
    return round(float(value), 2)


def drivers_figure(decomposition: Decomposition, *, names: dict[str, str], title: str) -> dict:
    """One step per main index (w·(x − x_other) on 1,000 points), biggest shortfall
    first, then the total: the difference in DTI points (< 0: behind)."""
    labels, bases, heights, colours, texts = [], [], [], [], []
    running = Decimal(0)
    for c in decomposition.contributions:
        labels.append(names.get(c.code, c.code))
        bases.append(_pts(running if c.points >= 0 else running + c.points))
        heights.append(abs(_pts(c.points)))
        colours.append(AHEAD if c.points >= 0 else BEHIND)
        texts.append(f"{c.points:+.1f}")
        running += c.points
    difference = decomposition.difference
    labels.append(_("Chênh lệch DTI"))
    bases.append(_pts(min(difference, Decimal(0))))
    heights.append(abs(_pts(difference)))
    colours.append(TOTAL)
    texts.append(f"{difference:+.1f}")
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=heights,
            base=bases,
            marker={"color": colours},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            customdata=texts,
            hovertemplate="%{x}: %{customdata} " + _("điểm") + "<extra></extra>",
        )
    )
    fig.update_layout(
        template="none",
        title={"text": title, "font": {"size": 13}},
        margin={"l": 72, "r": 16, "t": 40, "b": 96},  # room for the axis title
        height=380,
        showlegend=False,
        yaxis={
            "title": {"text": _("điểm DTI (thang 1.000)")},
            "zeroline": True,
            "zerolinecolor": "#111827",
        },
        xaxis={"tickangle": -30},
    )
    return json.loads(fig.to_json())
