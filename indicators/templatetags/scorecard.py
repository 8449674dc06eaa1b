"""Display helpers for scorecard values: 4 decimals, "15/63", ▲3 / ▼2 / =."""

from decimal import Decimal

from django import template
from django.template import defaulttags
from django.urls import translate_url
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from indicators.rules.ranking import as_published
from indicators.scorecard import ranking_html
from provinces.pools import pool_label

register = template.Library()


@register.filter
def value4(value: Decimal | None) -> str:
    """A value as the DTI tables print it: 4 decimals, localised separator."""
    if value is None:
        return ""
    return formats.number_format(as_published(value), 4)


@register.filter
def get(mapping: dict, key):
    """mapping[key] in a template (None when absent)."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def rank_pool(rank: int | None, pool: int) -> str:
    """ "15/63" — a rank is never shown without its pool (provinces.pools.pool_label)."""
    return pool_label(rank, pool)


@register.simple_tag
def change_badge(change: int | None) -> str:
    """▲3 (up three places), ▼2 (down two), = (same); empty when not comparable."""
    return ranking_html.change_badge(change)


@register.simple_tag(takes_context=True)
def ranking_rows(context, table) -> str:
    """The ranking table's body rows (written in Python: indicators.scorecard.ranking_html)."""
    user = context.get("user")
    return ranking_html.ranking_rows(table, staff=bool(user and user.is_staff))


@register.simple_tag
def map_rows(table) -> str:
    """The map's data table rows (indicators.scorecard.ranking_html)."""
    return ranking_html.map_rows(table)


@register.simple_tag(takes_context=True)
def language_url(context, language: str) -> str:
    """The current page in another language (same path and query)."""
    request = context["request"]
    url = translate_url(request.path, language)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def sort_query(context, table, column: str) -> str:
    """The ranking's query string for a click on ``column``'s header: that column in its
    default direction, or, when the table is already sorted by it, the other direction."""
    direction = None
    if table.sort == column:
        direction = "asc" if table.descending else "desc"
    return defaulttags.querystring(context, sort=column, dir=direction)


@register.simple_tag
def sort_arrow(table, column: str) -> str:
    """A visible arrow on the sorted column's header (▲ ascending, ▼ descending), a faint
    ↕ on the others; screen readers get aria-sort on the <th> instead."""
    if table.sort != column:
        return mark_safe('<span class="sort-arrow idle" aria-hidden="true">↕</span>')
    return format_html(
        '<span class="sort-arrow" aria-hidden="true">{}</span>', "▼" if table.descending else "▲"
    )
