"""The ranking page's report (one year, one pool, the page's filters and sort)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.scorecard import selectors
from indicators.scorecard.params import RankingQuery
from indicators.scorecard.selectors import RankingTable
from indicators.scorecard.sources import cell_sources
from reports.builders.common import published_frameworks
from reports.tables import (
    Chart,
    Column,
    Kind,
    Report,
    Sheet,
    TidyRows,
    sheet_title,
    unique_headers,
    value4,
)

# ----------------------------------------------------------------------------
# Ranking
# ----------------------------------------------------------------------------


def ranking_sheet(table: RankingTable, *, title: str, table_name: str) -> Sheet:
    """The page's table: rank and pool, the unit, its change, every index value."""
    change_header = (
        (_("Thay đổi hạng so với %(year)s") % {"year": table.previous_year})
        if table.previous_year
        else _("Thay đổi hạng")
    )
    headers = unique_headers(
        [
            _("Hạng"),
            _("Nhóm"),
            _("Mã"),
            _("Tỉnh, thành phố"),
            _("Vùng"),
            change_header,
            *[c.short_name for c in table.columns],
            _("Ghi chú"),
        ]
    )
    kinds = [
        Kind.INT,
        Kind.INT,
        Kind.TEXT,
        Kind.TEXT,
        Kind.TEXT,
        Kind.INT,
        *[Kind.VALUE] * len(table.columns),
        Kind.TEXT,
    ]
    rows = []
    for row in table.rows:
        computed = [
            c.short_name
            for c in table.columns
            if row.cells[c.code].value is not None and not row.cells[c.code].is_published
        ]
        notes = []
        if computed:
            notes.append(_("giá trị do ứng dụng tính: %(codes)s") % {"codes": ", ".join(computed)})
        if row.metric.rank is not None and not row.metric.rank_published:
            notes.append(_("thứ hạng do ứng dụng tính từ giá trị của cả nhóm"))
        if row.metric.value is None:
            notes.append(_("%(metric)s chưa công bố") % {"metric": table.metric.short_name})
        rows.append(
            [
                row.metric.rank,
                table.pool,
                row.unit.code,
                row.unit.name,
                row.unit.region.label,
                row.change,
                *[value4(row.cells[c.code].value) for c in table.columns],
                "; ".join(notes) or None,
            ]
        )
    metric_index = 6 + [c.code for c in table.columns].index(table.metric.code)
    chart = Chart(
        kind="bar",
        title=_("%(metric)s %(year)s, nhóm %(pool)s đơn vị")
        % {"metric": table.metric.label, "year": table.year, "pool": table.pool},
        y_title=table.metric.short_name,
        categories=3,
        series=[metric_index],
    )
    return Sheet(
        title=sheet_title(title),
        table_name=table_name,
        columns=[Column(h, k) for h, k in zip(headers, kinds, strict=True)],
        rows=rows,
        chart=chart,
        frozen_columns=4,
    )


def _ranking_tidy(tidy: TidyRows, table: RankingTable) -> None:
    """Every value and rank of the table; the metric of every unit even when empty."""
    for row in table.rows:
        for column in table.columns:
            cell = row.cells[column.code]
            if cell.value is None and cell.rank is None and column.code != table.metric.code:
                continue
            tidy.add(
                year=table.year,
                unit=row.unit,
                pool=table.pool,
                code=column.code,
                value=cell.value,
                provenance=cell.provenance,
                rank=cell.rank,
                rank_published=cell.rank_published,
                backcast=table.is_backcast,
            )


def _ranking_filters(query: RankingQuery, table: RankingTable) -> list[tuple[str, str]]:
    sort_names = {
        "rank": _("Hạng"),
        "name": _("Tỉnh, thành phố"),
        "region": _("Vùng"),
        "change": _("Thay đổi"),
    }
    sort_names |= {c.code: c.short_name for c in table.columns}
    return [
        (_("Năm"), str(table.year)),
        (_("Nhóm xếp hạng"), _("%(pool)s tỉnh, thành") % {"pool": table.pool}),
        (_("Trụ cột"), table.metric.label if query.pillar else _("Tất cả trụ cột")),
        (_("Vùng"), table.region.label if table.region else _("Cả nước")),
        (
            _("Sắp xếp"),
            f"{sort_names.get(table.sort, table.sort)} ({_('giảm dần') if table.descending else _('tăng dần')})",
        ),
    ]


def ranking_report(*, query: RankingQuery) -> Report:
    """The ranking page's table for a parsed query (see ``indicators.scorecard.params``)."""
    table = selectors.ranking_table(**query.table_kwargs())
    tidy = TidyRows(cell_sources(years=[table.year], unit_ids=[row.unit.pk for row in table.rows]))
    _ranking_tidy(tidy, table)
    frameworks = published_frameworks()
    name = f"dti-xep-hang-{table.year}-{table.pool}"
    if query.pillar:
        name += f"-{query.pillar.lower()}"
    if table.region:
        name += f"-{table.region.code}"
    return Report(
        title=_("Xếp hạng DTI %(year)s – %(metric)s, nhóm %(pool)s đơn vị")
        % {"year": table.year, "metric": table.metric.label, "pool": table.pool},
        filename=name,
        filters=_ranking_filters(query, table),
        sheets=[
            ranking_sheet(
                table,
                title=_("Xếp hạng %(year)s") % {"year": table.year},
                table_name=f"XepHang{table.year}",
            )
        ],
        tidy=tidy.frame(),
        frameworks=[f for f in frameworks if f.year == table.year],
        all_frameworks=frameworks,
        extra_sources=[s.url for s in table.sources],
        extracted_at=timezone.now(),
    )
