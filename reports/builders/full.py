"""The full-data report: every published value of every year (or one year)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.scorecard import selectors
from indicators.scorecard.sources import cell_sources
from indicators.targets import selectors as target_selectors
from provinces.pools import POOLS
from reports.builders.common import framework_sources, published_frameworks, target_sources
from reports.builders.ranking import ranking_sheet
from reports.tables import (
    Report,
    TidyRows,
)

# ----------------------------------------------------------------------------
# Full data
# ----------------------------------------------------------------------------


def full_report(*, year: int | None = None) -> Report:
    """Every unit, year, pool and indicator with a published (or computed) value or
    rank, one sheet per year and pool, and every target. ``year`` narrows it to one year."""
    frameworks = published_frameworks()
    covered = [f for f in frameworks if year is None or f.year == year]
    tables, sheet_ids = [], set()
    for framework in covered:
        pools = selectors.available_pools(year=framework.year)
        for pool in POOLS:
            # A pool the year has no ranking in (34 before 2022) still holds the new units'
            # back-cast values: they go in the data sheet, without ranks, not in a sheet of their own.
            table = selectors.ranking_table(framework=framework, pool=pool)
            tables.append(table)
            if pool in pools:
                sheet_ids.add(id(table))
    tidy = TidyRows(cell_sources(years=[f.year for f in covered]))
    sheets = []
    for table in tables:
        for row in table.rows:
            for column in table.columns:
                cell = row.cells[column.code]
                if cell.value is not None or cell.rank is not None:
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
        if id(table) not in sheet_ids:
            continue
        sheets.append(
            ranking_sheet(
                table,
                title=f"{table.year} – {table.pool}",
                table_name=f"DTI{table.year}_{table.pool}",
            )
        )
    overview = target_selectors.target_overview()
    filters = [(_("Năm"), str(year) if year else _("Mọi năm có dữ liệu"))]
    return Report(
        title=_("Toàn bộ số liệu DTI cấp tỉnh") + (f" {year}" if year else ""),
        filename=f"dti-toan-bo-{year}" if year else "dti-toan-bo",
        filters=filters,
        sheets=sheets,
        tidy=tidy.frame(),
        frameworks=covered,
        all_frameworks=frameworks,
        targets=overview.rows,
        extra_sources=[s.url for t in tables for s in t.sources]
        + framework_sources(covered)
        + target_sources(overview.rows),
        extracted_at=timezone.now(),
    )
