"""The compare page's report: several units on one metric over the years."""

from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Indicator
from indicators.scorecard import compare
from indicators.scorecard.compare import Comparison
from indicators.scorecard.sources import cell_sources, reference_sources
from indicators.templatetags.scorecard import value4 as value4_text
from provinces.models import Unit
from reports.builders.common import published_frameworks, target_sources
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
        if mean := data.pool_means.get(year):
            notes.append(
                _(
                    "TB cấp tỉnh công bố là của %(published)s tỉnh; trung bình %(pool)s đơn vị do ứng dụng tính: %(mean)s"
                )
                % {"published": average.pool, "pool": mean.pool, "mean": value4_text(mean.value)}
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
    frameworks = published_frameworks()
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
        extra_sources=target_sources(targets)
        + reference_sources(years=data.years, codes=[metric.code])
        + [
            url
            for year, unit in leaders.items()
            for url in tidy.sources.value(unit.pk, metric.code, year)[0]
        ],
    )
