"""Reports of the scorecard views, built on the indicators' selectors (the same reads
as the pages, so a file holds what the page shows). One function per view:
``ranking_report``, ``province_report``, ``compare_report`` and ``full_report``.

Query counts do not grow with the number of units: each builder calls the page's
selector once (per year and pool for the full export) and reads the sources of
every cell in two more queries (``cell_sources``).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Framework, Indicator
from indicators.rules.merger import OFFICIAL_MERGER_YEAR
from indicators.rules.reference import PILLARS
from indicators.scorecard import compare, selectors
from indicators.scorecard import profile as profiles
from indicators.scorecard.compare import Comparison
from indicators.scorecard.params import RankingQuery
from indicators.scorecard.selectors import RankingTable
from indicators.scorecard.sources import cell_sources, reference_sources
from indicators.targets import selectors as target_selectors
from indicators.targets.rank_book import RankBook
from provinces.models import Unit
from provinces.pools import POOLS
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


def _frameworks() -> list[Framework]:
    return list(Framework.objects.published().prefetch_related("sources").order_by("year"))


def _framework_sources(frameworks: list[Framework]) -> list[str]:
    return [source.url for f in frameworks for source in f.sources.all()]


# ----------------------------------------------------------------------------
# Ranking
# ----------------------------------------------------------------------------


def _ranking_sheet(table: RankingTable, *, title: str, table_name: str) -> Sheet:
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
    frameworks = _frameworks()
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
            _ranking_sheet(
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


# ----------------------------------------------------------------------------
# Full data
# ----------------------------------------------------------------------------


def full_report(*, year: int | None = None) -> Report:
    """Every unit, year, pool and indicator with a published (or computed) value or
    rank, one sheet per year and pool, and every target. ``year`` narrows it to one year."""
    frameworks = _frameworks()
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
            _ranking_sheet(
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
        + _framework_sources(covered)
        + _target_sources(overview.rows),
        extracted_at=timezone.now(),
    )


def _target_sources(targets) -> list[str]:
    return [source.url for p in targets for source in p.target.sources.all()]


# ----------------------------------------------------------------------------
# Province
# ----------------------------------------------------------------------------


def province_report(*, unit: Unit) -> Report:
    """The province page: values and ranks over the years, targets, sources."""
    # One rank book for the profile and the targets, as the province page shares it.
    book = RankBook({*profiles.rank_codes(), *target_selectors.target_codes()})
    profile = profiles.province_profile(unit=unit, book=book)
    targets = target_selectors.unit_targets(unit=unit, book=book)
    years = [y.year for y in profile.years]
    tidy = TidyRows(cell_sources(years=years, unit_ids=[unit.pk]))
    indicators = profile.indicators
    rank_codes = [
        c
        for c in indicators
        if any(
            y.ranks.get(p, {}).get(c) and y.ranks[p][c].rank
            for y in profile.years
            for p in profile.pools
        )
    ]
    codes = [c for c in indicators if c in profile.codes or c in rank_codes]

    for y in profile.years:
        for code in codes:
            cell = y.cells.get(code)
            for pool in profile.pools:
                ranked = y.ranks.get(pool, {}).get(code)
                rank = ranked.rank if ranked else None
                if cell is None and rank is None:
                    continue
                tidy.add(
                    year=y.year,
                    unit=unit,
                    pool=pool,
                    code=code,
                    value=cell.value if cell else None,
                    provenance=cell.provenance if cell else None,
                    rank=rank,
                    rank_published=bool(ranked and ranked.rank_published),
                    backcast=pool == 34 and y.year < OFFICIAL_MERGER_YEAR,
                )

    value_codes = profile.codes
    headers = unique_headers(
        [
            _("Năm"),
            *[indicators[c].short_name for c in value_codes],
            _("TB cấp tỉnh (DTI)"),
            _("DTI quốc gia"),
            _("Đổi phương pháp"),
            _("Ghi chú"),
        ]
    )
    kinds = [
        Kind.INT,
        *[Kind.VALUE] * len(value_codes),
        Kind.VALUE,
        Kind.VALUE,
        Kind.TEXT,
        Kind.TEXT,
    ]
    rows = []
    for y in profile.years:
        computed = [
            indicators[c].short_name
            for c in value_codes
            if c in y.cells and not y.cells[c].is_published
        ]
        notes = [n.text for n in y.notes]
        if computed:
            notes.insert(
                0,
                _("giá trị do ứng dụng tính: %(codes)s") % {"codes": ", ".join(computed)},
            )
        rows.append(
            [
                y.year,
                *[value4(y.cells[c].value) if c in y.cells else None for c in value_codes],
                value4(y.average.value) if y.average else None,
                value4(y.national.value) if y.national else None,
                y.framework.local_method_note if y.method_changed else None,
                "; ".join(notes) or None,
            ]
        )
    series = [1 + value_codes.index(c) for c in ["DTI", *PILLARS] if c in value_codes]
    history = Sheet(
        title=sheet_title(_("Giá trị qua các năm")),
        table_name="GiaTri",
        columns=[Column(h, k) for h, k in zip(headers, kinds, strict=True)],
        rows=rows,
        frozen_columns=1,
        chart=Chart(
            kind="line",
            title=_("%(unit)s: DTI và ba trụ cột qua các năm") % {"unit": unit.name},
            y_title=_("Giá trị (0–1)"),
            categories=0,
            series=series,
        ),
    )

    rank_headers = unique_headers(
        [
            _("Năm"),
            _("Nhóm"),
            *[_("Hạng %(code)s") % {"code": indicators[c].short_name} for c in rank_codes],
        ]
    )
    rank_rows = []
    for y in profile.years:
        for pool in profile.pools:
            ranks = [y.ranks.get(pool, {}).get(c) for c in rank_codes]
            if any(r and r.rank for r in ranks):
                rank_rows.append([y.year, pool, *[r.rank if r else None for r in ranks]])
    rank_sheet = Sheet(
        title=sheet_title(_("Thứ hạng")),
        table_name="ThuHang",
        columns=[Column(h, Kind.INT) for h in rank_headers],
        rows=rank_rows,
        frozen_columns=2,
    )
    frameworks = _frameworks()
    sources = [s.url for y in profile.years for s in y.rank_sources] + reference_sources(
        years=years, codes=["DTI"]
    )
    sources += [s.url for y in profile.years for n in y.notes for s in n.sources.all()]
    return Report(
        title=_("%(unit)s – chỉ số chuyển đổi số qua các năm") % {"unit": unit.full_name},
        filename=f"dti-{unit.slug}",
        filters=[
            (_("Tỉnh, thành phố"), f"{unit.full_name} ({_('mã')} {unit.code}, {unit.period_label})")
        ],
        sheets=[history, rank_sheet],
        tidy=tidy.frame(),
        tidy_records=tidy.rows,
        frameworks=[f for f in frameworks if f.year in years],
        all_frameworks=frameworks,
        targets=targets,
        extra_sources=sources + _target_sources(targets),
        extracted_at=timezone.now(),
    )


# ----------------------------------------------------------------------------
# Compare
# ----------------------------------------------------------------------------


def compare_report(*, units: list[Unit], metric: Indicator) -> Report:
    """The compare page: several units on one metric over the years, with the
    provincial average, the leading unit and every unit's targets."""
    data: Comparison = compare.comparison(units=units, metric=metric)
    leaders = {year: ref.unit for year, ref in data.leaders.items()}
    tidy = TidyRows(
        cell_sources(years=data.years, unit_ids={u.pk for u in [*units, *leaders.values()]})
    )
    for unit in units:
        for year in data.years:
            cell = data.cells[unit.pk][year]
            if cell.ranks:
                for rank, pool, backcast in cell.ranks:
                    published = (
                        unit.pk,
                        metric.code,
                        year,
                        pool,
                    ) in tidy.sources.ranks  # a PublishedRank exists
                    tidy.add(
                        year=year,
                        unit=unit,
                        pool=pool,
                        code=metric.code,
                        value=cell.value,
                        provenance=cell.provenance,
                        rank=rank,
                        rank_published=published,
                        backcast=backcast,
                    )
            elif cell.value is not None:
                tidy.add(
                    year=year,
                    unit=unit,
                    pool=None,
                    code=metric.code,
                    value=cell.value,
                    provenance=cell.provenance,
                    rank=None,
                    rank_published=False,
                )

    names = unique_headers([u.name for u in units])
    headers = unique_headers(
        [
            _("Năm"),
            *names,
            _("TB cấp tỉnh"),
            _("Giá trị dẫn đầu"),
            _("Đơn vị dẫn đầu"),
            _("Đổi phương pháp"),
            _("Ghi chú"),
        ]
    )
    kinds = [
        Kind.INT,
        *[Kind.VALUE] * len(units),
        Kind.VALUE,
        Kind.VALUE,
        Kind.TEXT,
        Kind.TEXT,
        Kind.TEXT,
    ]
    rows = []
    for year in data.years:
        average, leader = data.averages.get(year), data.leaders.get(year)
        notes = []
        computed = [
            u.name
            for u in units
            if data.cells[u.pk][year].value is not None and not data.cells[u.pk][year].is_published
        ]
        if computed:
            notes.append(_("giá trị do ứng dụng tính: %(names)s") % {"names": ", ".join(computed)})
        if average and average.computed:
            notes.append(
                _("TB cấp tỉnh do ứng dụng tính (trung bình nhóm %(pool)s)")
                % {"pool": average.pool}
            )
        rows.append(
            [
                year,
                *[value4(data.cells[u.pk][year].value) for u in units],
                value4(average.value) if average else None,
                value4(leader.value) if leader else None,
                leader.unit.name if leader else None,
                data.method_changes.get(year),
                "; ".join(notes) or None,
            ]
        )
    main = Sheet(
        title=sheet_title(_("So sánh %(metric)s") % {"metric": metric.short_name}),
        table_name="SoSanh",
        columns=[Column(h, k) for h, k in zip(headers, kinds, strict=True)],
        rows=rows,
        frozen_columns=1,
        chart=Chart(
            kind="line",
            title=_("%(metric)s qua các năm") % {"metric": metric.label},
            y_title=metric.short_name,
            categories=0,
            series=list(range(1, len(units) + 2)),
        ),
    )
    rank_rows = [
        [year, unit.name, unit.code, pool, rank, _("ước tính ngược") if backcast else None]
        for unit in units
        for year in data.years
        for rank, pool, backcast in data.cells[unit.pk][year].ranks
    ]
    rank_sheet = Sheet(
        title=sheet_title(_("Thứ hạng")),
        table_name="ThuHang",
        rows=rank_rows,
        frozen_columns=2,
        columns=[
            Column(_("Năm"), Kind.INT),
            Column(_("Tỉnh, thành phố")),
            Column(_("Mã")),
            Column(_("Nhóm"), Kind.INT),
            Column(_("Hạng %(code)s") % {"code": metric.short_name}, Kind.INT),
            Column(_("Ghi chú")),
        ],
    )
    frameworks = _frameworks()
    targets = [p for u in units for p in data.targets.get(u.pk, [])]
    return Report(
        title=_("So sánh %(metric)s: %(units)s")
        % {"metric": metric.label, "units": ", ".join(u.name for u in units)},
        filename=f"dti-so-sanh-{metric.code.lower()}-" + "-".join(u.slug for u in units)[:120],
        filters=[
            (_("Đơn vị"), ", ".join(f"{u.name} ({u.code})" for u in units)),
            (_("Chỉ số"), metric.label),
        ],
        sheets=[main, rank_sheet],
        tidy=tidy.frame(),
        frameworks=frameworks,
        all_frameworks=frameworks,
        targets=targets,
        extracted_at=timezone.now(),
        extra_sources=_target_sources(targets)
        + reference_sources(years=data.years, codes=[metric.code])
        + [
            url
            for year, unit in leaders.items()
            for url in tidy.sources.value(unit.pk, metric.code, year)[0]
        ],
    )
