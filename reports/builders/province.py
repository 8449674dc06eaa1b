"""The province page's report: values and ranks over the years, targets, sources."""

from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.rules.merger import OFFICIAL_MERGER_YEAR
from indicators.rules.reference import PILLARS
from indicators.scorecard import profile as profiles
from indicators.scorecard.sources import cell_sources, reference_sources
from indicators.targets import selectors as target_selectors
from indicators.targets.rank_book import RankBook
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
        notes = [n.local_text for n in y.notes]
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
    frameworks = published_frameworks()
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
        extra_sources=sources + target_sources(targets),
        extracted_at=timezone.now(),
    )
