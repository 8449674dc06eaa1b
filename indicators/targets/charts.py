"""The chart of a KPI metric on the province page: the unit's published values, its
targets, and the whole country's values as a benchmark line, one per series
(publisher), as plain dicts for ``json_script``. No ORM, no request.
"""

import json

import plotly.graph_objects as go
from django.utils import formats
from django.utils.translation import gettext as _

from indicators.targets.observations import MetricObservations

UNIT_COLOUR, RELATED_COLOUR, TARGET_COLOUR = "#1d4ed8", "#7c3aed", "#b91c1c"
NATIONAL_COLOURS = ["#4b5563", "#9ca3af", "#a16207"]


def _num(value) -> str:
    """As published, without trailing zeros, with the language's decimal mark."""
    text = f"{value.normalize():f}"
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def observed_label(observation) -> str:
    """ "trên 800", "ước 17,5": the qualifier the figure was published with, for hovers."""
    value = _num(observation.value)
    if observation.qualifier:
        return f"{observation.get_qualifier_display()} {value}"
    return value


def _hover(observation, who: str) -> str:
    flags = []
    if observation.definition_differs:
        flags.append(_("định nghĩa khác chỉ tiêu"))
    if observation.superseded:
        flags.append(_("đã có số công bố sau"))
    if observation.series:
        flags.insert(0, observation.series)
    tail = f" ({'; '.join(flags)})" if flags else ""
    return f"{who} {observation.year}: {observed_label(observation)}{tail}"


def observations_figure(entry: MetricObservations, *, unit_name: str) -> dict | None:
    """None when there is nothing to draw on a year axis."""
    fig = go.Figure()
    if entry.own:
        counted = [o for o in entry.own if not (o.definition_differs or o.superseded)]
        flagged = [o for o in entry.own if o.definition_differs or o.superseded]
        for group, name, symbol in (
            (counted, unit_name, "circle"),
            (flagged, _("%(name)s – định nghĩa khác / số cũ") % {"name": unit_name}, "x-open"),
        ):
            if group:
                fig.add_trace(
                    go.Scatter(
                        x=[o.year for o in group],
                        y=[float(o.value) for o in group],
                        name=name,
                        mode="lines+markers" if symbol == "circle" else "markers",
                        marker={"symbol": symbol, "size": 9, "color": UNIT_COLOUR},
                        line={"color": UNIT_COLOUR},
                        text=[_hover(o, unit_name) for o in group],
                        hovertemplate="%{text}<extra></extra>",
                    )
                )
    for other in dict.fromkeys(u for u, _o in entry.related):
        group = [o for u, o in entry.related if u == other]
        fig.add_trace(
            go.Scatter(
                x=[o.year for o in group],
                y=[float(o.value) for o in group],
                name=other.name,
                mode="markers",
                marker={"symbol": "diamond-open", "size": 9, "color": RELATED_COLOUR},
                text=[_hover(o, other.name) for o in group],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    if entry.benchmark_comparable:
        for index, series in enumerate(entry.series):
            group = [o for o in entry.national if o.series == series and not o.superseded]
            if not group:
                continue
            label = _("Cả nước") + (f" – {series}" if series else "")
            fig.add_trace(
                go.Scatter(
                    x=[o.year for o in group],
                    y=[float(o.value) for o in group],
                    name=label,
                    mode="lines+markers",
                    line={"dash": "dash", "color": NATIONAL_COLOURS[index % 3], "width": 2},
                    marker={"size": 6},
                    text=[_hover(o, _("Cả nước")) for o in group],
                    hovertemplate="%{text}<extra></extra>",
                )
            )
    if not fig.data:
        return None  # targets alone are no chart: the table says there is no value yet
    goals = [t for t in entry.targets if t.value is not None and t.target_year]
    if goals:
        fig.add_trace(
            go.Scatter(
                x=[t.target_year for t in goals],
                y=[float(t.value) for t in goals],
                name=_("Mục tiêu"),
                mode="markers",
                marker={"symbol": "star", "size": 13, "color": TARGET_COLOUR},
                text=[
                    f"{t.unit.name}: {t.get_comparator_display()} {_num(t.value)} ({t.target_year})"
                    for t in goals
                ],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    years = sorted({int(x) for trace in fig.data for x in trace.x})
    fig.update_layout(
        template="none",
        # No height: the figure fills its box (app.css: taller on a phone, where the
        # legend below the axis takes more rows).
        margin={"l": 48, "r": 16, "t": 16, "b": 130},
        separators=_(",."),
        xaxis={
            "tickmode": "array",
            "tickvals": years,
            "range": [min(years) - 0.6, max(years) + 0.6],
        },
        yaxis={"title": {"text": entry.metric.local_unit_label}, "rangemode": "tozero"},
        legend={"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top"},
        hovermode="closest",
    )
    return json.loads(fig.to_json())
