"""The ranking table's body rows, written in Python.

The ranking page is the one a crawler walks through every filter combination, so a
page-cache miss must render fast (issue 15: ≤ 15 ms of server time). Its body is
63 rows × up to 12 value cells; through the template language that took 40–60 ms
(about 9,000 nodes per page), here about 2 ms. The markup is the template's: the
header row, filters and notes stay in templates/indicators/ranking.html, and
tests/indicators/test_ranking_html.py holds the two to the same output.

Every text goes through ``escape`` (unit names, labels) or is a number we format;
the translated words are looked up once per table, not once per cell.
"""

from decimal import Decimal

from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.rules.ranking import as_published
from indicators.scorecard.selectors import Cell, RankingTable


def change_badge(change: int | None) -> str:
    """▲3 (up three places), ▼2 (down two), = (same); empty when not comparable."""
    if change is None:
        return ""
    if change > 0:
        title = ngettext("tăng %(n)s bậc", "tăng %(n)s bậc", change) % {"n": change}
        return format_html('<span class="up" title="{}">▲{}</span>', title, change)
    if change < 0:
        title = ngettext("giảm %(n)s bậc", "giảm %(n)s bậc", -change) % {"n": -change}
        return format_html('<span class="down" title="{}">▼{}</span>', title, -change)
    return format_html('<span class="same" title="{}">=</span>', _("giữ nguyên"))


def _value_formatter():
    """value4 for this request's language, without number_format's per-call lookups:
    the DTI values are below 1,000, where no thousands separator applies."""
    separator = formats.get_format("DECIMAL_SEPARATOR")

    def value4(value: Decimal) -> str:
        rounded = as_published(value)
        if abs(rounded) >= 1000:
            return formats.number_format(rounded, 4)
        return f"{rounded:.4f}".replace(".", separator)

    return value4


def ranking_rows(table: RankingTable, *, staff: bool) -> SafeString:
    """<tr>…</tr> for every row of the ranking table, in the table's order."""
    value4 = _value_formatter()
    not_published = f'<span class="np">{escape(_("chưa công bố"))}</span>'
    pool = table.pool
    metric_code = table.metric.code
    columns = [(c.code, " metric" if c.code == metric_code else "") for c in table.columns]
    provenance_labels: dict[str, str] = {}
    empty = Cell()
    out: list[str] = []
    for row in table.rows:
        rank = row.metric.rank
        out.append(
            '<tr><td class="num rank">'
            + (f"<strong>{rank}/{pool}</strong>" if rank else not_published)
            + f'</td><th scope="row" class="sticky"><a href="{escape(row.unit.get_absolute_url())}">'
            f"{escape(row.unit.name)}</a></th>"
            f'<td class="change">{change_badge(row.change)}</td>'
        )
        cells = row.cells
        for code, highlight in columns:
            cell = cells.get(code) or empty
            # The value as the cell's first text, its provenance as the cell's class: no
            # wrapper element (63 rows × 13 values; a phone's style and layout time
            # follows the element count).
            if cell.value is not None:
                out.append(f'<td class="num{highlight} {cell.provenance}">{value4(cell.value)}')
                if not cell.is_published:
                    label = provenance_labels.get(cell.provenance)
                    if label is None:
                        label = provenance_labels[cell.provenance] = escape(cell.provenance_label)
                    out.append(f'<sup class="mark" title="{label}">*</sup>')
            else:
                out.append(f'<td class="num{highlight}">{not_published}')
            if cell.rank:
                out.append(f' <small class="r">{cell.rank}/{pool}</small>')
            if staff and cell.rank_mismatch:
                title = escape(_("Tính được hạng %(n)s") % {"n": cell.rank_computed})
                out.append(f' <span class="flag" title="{title}">⚠</span>')
            out.append("</td>")
        out.append(f'<td class="region">{escape(row.unit.region.label)}</td></tr>\n')
    return mark_safe("".join(out))


def map_rows(table: RankingTable) -> SafeString:
    """<tr>…</tr> for the map's data table: unit, metric value, rank."""
    value4 = _value_formatter()
    not_published = f'<span class="np">{escape(_("chưa công bố"))}</span>'
    pool = table.pool
    out: list[str] = []
    for row in table.rows:
        cell = row.metric
        if cell.value is not None:
            value = value4(cell.value) + ("" if cell.is_published else '<sup class="mark">*</sup>')
        else:
            value = not_published
        rank = f"{cell.rank}/{pool}" if cell.rank is not None else ""
        out.append(
            f'<tr><th scope="row" class="sticky"><a href="{escape(row.unit.get_absolute_url())}">'
            f"{escape(row.unit.name)}</a></th>"
            f'<td class="num">{value}</td><td class="num">{rank}</td></tr>\n'
        )
    return mark_safe("".join(out))
