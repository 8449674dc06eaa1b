"""Display helpers for targets: a status badge (icon + text, never colour alone) and
plain numbers as the resolutions write them."""

import math
from decimal import Decimal, localcontext
from urllib.parse import urlsplit

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from indicators.targets.status import (
    METHOD_LABELS,
    STATUS_ICONS,
    STATUS_LABELS,
    Method,
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
def signed(value, places: int = 4) -> str:
    """+0,0123 / −0,0078 (a real minus sign)."""
    if value is None:
        return ""
    text = num(abs(value), places)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


@register.filter
def absolute(value):
    return abs(value) if value is not None else None


@register.simple_tag
def reason_text(assessment) -> str:
    """Why the status is what it is, in a sentence."""
    if assessment is None:
        return ""
    reason, latest, year = assessment.reason, assessment.latest, assessment.target_year
    if reason == "no-data":
        return _("Chưa có giá trị quan sát nào.")
    if reason == "no-target-year":
        return _("Văn bản không nêu năm đích: chỉ so giá trị mới nhất với mục tiêu.")
    if reason == "deadline-no-value":
        return _("Năm đích %(year)s đã qua nhưng chưa có số liệu năm %(year)s.") % {"year": year}
    if reason == "single-point":
        return _("Mới có số liệu của một năm; cần ít nhất hai năm để đánh giá xu hướng.")
    if reason == "negative-values":
        return _("Có giá trị âm: không tính được tốc độ tăng trưởng.")
    if reason == "final":
        return _("Đánh giá theo số liệu năm đích %(year)s.") % {"year": year}
    if reason == "met":
        if year and latest and latest.year < year:
            return _("Đã đạt ở năm %(t)s (chưa có kết quả năm đích %(year)s).") % {
                "t": latest.year,
                "year": year,
            }
        return _("Đã đạt ở năm %(t)s.") % {"t": latest.year} if latest else ""
    method = Method(assessment.method)
    ratio = assessment.ratio
    if ratio is None:
        return ""
    if method == Method.LINEAR:
        return _("Đã đi được %(p)s%% quãng đường dự kiến đến năm %(t)s.") % {
            "p": num(ratio * 100, 0),
            "t": latest.year,
        }
    if method == Method.GROWTH:
        return _("R = %(r)s (tăng trưởng thực tế / tăng trưởng cần có).") % {"r": num(ratio, 2)}
    return _("CR = %(r)s; giá trị dự phóng năm %(year)s: %(v)s.") % {
        "r": num(ratio, 2),
        "year": year,
        "v": num(assessment.projected, 4),
    }


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
    value = f"{num(observation.value)} {observation.value_unit}".strip()
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
