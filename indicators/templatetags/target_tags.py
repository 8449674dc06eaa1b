"""Display helpers for targets: a status badge (icon + text, never colour alone) and
plain numbers as the resolutions write them."""

import math
from decimal import Decimal, localcontext
from urllib.parse import urlsplit

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from indicators.rules.kpi_reference import local_unit
from indicators.targets.status import (
    METHOD_LABELS,
    STATUS_ICONS,
    STATUS_LABELS,
    Method,
    Reason,
    Status,
)

register = template.Library()


@register.simple_tag
def status_badge(assessment) -> str:
    """<span class="status status-on-track">↗ Đúng tiến độ</span>; a text-only target has none."""
    if assessment is None:
        return format_html(
            '<span class="status status-text"><span aria-hidden="true">—</span> {}</span>',
            _("Định tính, không đánh giá"),
        )
    status = Status(assessment.status)
    return format_html(
        '<span class="status status-{}"><span aria-hidden="true">{}</span> {}</span>',
        status.value,
        STATUS_ICONS[status],
        STATUS_LABELS[status],
    )


@register.simple_tag
def status_label(key: str) -> str:
    """Icon and text of a status key (filters and counts); "text" for text-only targets."""
    if key == "text":
        return format_html('<span aria-hidden="true">—</span> {}', _("Định tính"))
    status = Status(key)
    return format_html(
        '<span aria-hidden="true">{}</span> {}', STATUS_ICONS[status], STATUS_LABELS[status]
    )


@register.filter
def method_name(method) -> str:
    return str(METHOD_LABELS[Method(method)]) if method else ""


@register.filter
def num(value, places: int = 4) -> str:
    """A number without trailing zeros, localised: 95, 12,5, 0,6383 (at most ``places`` decimals)."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return "∞" if value > 0 else "−∞" if value < 0 else "—"
    with localcontext() as ctx:
        ctx.prec = 60
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(places)))
    text = format(number.normalize(), "f")
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return formats.number_format(number, decimals)


@register.filter
def unit(label: str) -> str:
    """A KPI's unit of measure in the page's language: "doanh nghiệp" → "enterprises"."""
    return local_unit(label)


@register.filter
def signed(value, places: int = 4) -> str:
    """+0,0123 / −0,0078 (a real minus sign)."""
    if value is None:
        return ""
    text = num(abs(value), places)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


@register.filter
def absolute(value):
    return abs(value) if value is not None else None


def _amount(value, progress, *, computed: bool = False) -> str:
    """A value of the target's metric in words: "hạng 13/63", "19,3 %", "0,6383",
    "1.500 doanh nghiệp". Values the app computed (expected, projected) get 1 decimal
    (4 on the 0–1 scale), observed values are shown as published."""
    target = progress.target
    if target.kind == "rank":
        pool = progress.readings[0].pool if progress.readings else ""
        return _("hạng %(rank)s/%(pool)s") % {"rank": num(value, 1), "pool": pool}
    unit = progress.unit_label
    if unit == "0–1":
        return num(value, 4)
    text = num(value, 1 if computed else 4)
    return f"{text} {local_unit(unit)}" if unit else text


def _wanted(progress) -> str:
    """The target as a value: "35 %", "hạng 10/63 trở lên" (a rank target: that rank or better)."""
    target = progress.target
    if target.kind == "rank":
        pool = progress.readings[0].pool if progress.readings else ""
        values = {"rank": num(target.value, 0), "pool": pool}
        if target.comparator == "<":
            return _("cao hơn hạng %(rank)s/%(pool)s") % values
        return _("hạng %(rank)s/%(pool)s trở lên") % values
    return _amount(target.value, progress)


def _rate(value: float | None) -> str:
    """A yearly growth rate as a signed percentage: +12,3 %."""
    if value is None:
        return ""
    return f"{signed(value * 100, 1)} %"


def _now_and_wanted(assessment, progress) -> str:
    """The latest value against the target: for a rank target, the rank now and the rank wanted."""
    latest, year = assessment.latest, assessment.target_year
    values = {
        "t": latest.year,
        "latest": _amount(latest.value, progress),
        "target": _wanted(progress),
        "year": year,
    }
    if year is None:
        return _("Mới nhất (%(t)s): %(latest)s; mục tiêu: %(target)s.") % values
    return _("Mới nhất (%(t)s): %(latest)s; mục tiêu: %(target)s năm %(year)s.") % values


@register.simple_tag
def method_sentence(assessment, progress) -> str:
    """What a trajectory method found, in a sentence with the numbers it used."""
    baseline, latest, year = assessment.baseline, assessment.latest, assessment.target_year
    if assessment.reason != Reason.TRAJECTORY or baseline is None or latest is None:
        return ""
    method = Method(assessment.method)
    if method == Method.LINEAR:
        return _(
            "Kỳ vọng %(expected)s vào năm %(t)s trên đường thẳng từ cơ sở (%(b)s: %(base)s) "
            "đến mục tiêu (%(year)s: %(target)s); thực tế %(observed)s."
        ) % {
            "expected": _amount(assessment.expected, progress, computed=True),
            "t": latest.year,
            "b": baseline.year,
            "base": _amount(baseline.value, progress),
            "year": year,
            "target": _amount(assessment.target_value, progress),
            "observed": _amount(latest.value, progress),
        }
    if method == Method.GROWTH:
        return _(
            "Tăng trưởng %(b)s–%(t)s: %(observed)s/năm; cần %(required)s/năm từ %(b)s "
            "để đạt %(target)s năm %(year)s."
        ) % {
            "b": baseline.year,
            "t": latest.year,
            "observed": _rate(assessment.observed_growth),
            "required": _rate(assessment.required_growth),
            "target": _amount(assessment.target_value, progress),
            "year": year,
        }
    return _(
        "Theo tốc độ %(b)s–%(t)s, đến %(year)s đạt %(projected)s, so với mục tiêu %(target)s."
    ) % {
        "b": baseline.year,
        "t": latest.year,
        "year": year,
        "projected": _amount(assessment.projected, progress, computed=True),
        "target": _amount(assessment.target_value, progress),
    }


@register.simple_tag
def status_sentence(progress, assessment=None) -> str:
    """Why the status is what it is, in words and numbers (no formula): the one sentence
    beside a target's status. ``assessment`` defaults to the target's own."""
    assessment = assessment or progress.assessment
    if assessment is None:
        return ""
    reason, latest, year = assessment.reason, assessment.latest, assessment.target_year
    if reason == Reason.NO_DATA:
        return _("Chưa có giá trị quan sát nào: chưa công bố.")
    is_rank = progress.target.kind == "rank"
    if reason == Reason.TRAJECTORY:
        sentence = method_sentence(assessment, progress)
        return f"{_now_and_wanted(assessment, progress)} {sentence}" if is_rank else sentence
    if reason == Reason.SINGLE_POINT:
        return _("Mới có một giá trị (%(t)s: %(latest)s); mục tiêu %(target)s năm %(year)s.") % {
            "t": latest.year,
            "latest": _amount(latest.value, progress),
            "target": _wanted(progress),
            "year": year,
        }
    if reason == Reason.FINAL:
        return _("Kết quả năm đích %(year)s: %(latest)s, so với mục tiêu %(target)s.") % {
            "year": year,
            "latest": _amount(latest.value, progress),
            "target": _wanted(progress),
        }
    if reason == Reason.MET and year is not None:
        lead = _("Đã đạt sớm (%(t)s); kết quả năm đích chưa công bố.") % {"t": latest.year}
    elif reason == Reason.MET:
        lead = _("Văn bản không nêu năm đích; giá trị mới nhất đạt mục tiêu.")
    elif reason == Reason.NO_TARGET_YEAR:
        lead = _("Văn bản không nêu năm đích: chỉ so giá trị mới nhất với mục tiêu.")
    elif reason == Reason.DEADLINE_NO_VALUE:
        lead = _("Năm đích %(year)s đã qua, kết quả năm %(year)s chưa công bố.") % {"year": year}
    else:  # negative values
        lead = _("Có giá trị âm: không tính được tốc độ tăng trưởng.")
    return f"{lead} {_now_and_wanted(assessment, progress)}" if latest else lead


def _slugs(param: str) -> list[str]:
    return [s for s in (param or "").split(",") if s]


@register.filter
def with_unit(units_param: str, slug: str) -> str:
    """The ?units= list with one more slug (unchanged if it is already there)."""
    slugs = _slugs(units_param)
    return ",".join(slugs if slug in slugs else [*slugs, slug])


@register.filter
def without_unit(units_param: str, slug: str) -> str:
    return ",".join(s for s in _slugs(units_param) if s != slug)


@register.filter
def host(url: str) -> str:
    """The site of an address, for a link's text."""
    return urlsplit(url).netloc.removeprefix("www.") or url


@register.simple_tag
def observed(observation) -> str:
    """A KPI value as it was published: "trên 800 doanh nghiệp", "ước 17,5 %",
    "bình quân 2021–2025: 9,15 %/năm"."""
    value = f"{num(observation.value)} {unit(observation.value_unit)}".strip()
    qualifier = observation.qualifier
    if qualifier == observation.Qualifier.PERIOD_AVERAGE:
        return _("bình quân %(period)s: %(value)s") % {
            "period": observation.period or observation.year,
            "value": value,
        }
    if qualifier == observation.Qualifier.ALL:
        return _("tất cả (%(value)s)") % {"value": value}
    if qualifier:
        return f"{observation.get_qualifier_display()} {value}"
    return value
