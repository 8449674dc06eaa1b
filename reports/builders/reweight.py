"""The re-weighting page as a report (/bao-cao/trong-so/<year>.xlsx|.csv): the weights
sheet, the result table and the "Thông tin" sheet (workbook.py), built from
indicators.scenarios.weighting, the reader the page uses, so a file is exactly the
table on screen. The CSV holds the tidy rows: per unit the published DTI with its
official rank, and the recomputed DTI with its rank and band (marked as computed)."""

import pandas as pd
from django.utils.translation import gettext as _

from indicators.models import Framework
from indicators.scenarios import reweight
from indicators.scenarios.weighting import Page
from reports.tables import TIDY_COLUMNS, Column, Kind, Report, Sheet, value4

RECOMPUTED = "DTI_REWEIGHTED"


def _weights(page: Page) -> Sheet:
    normalised = page.normalised
    rows = [
        [
            code,
            page.names.get(code, code),
            float(page.official[code]),
            float(page.weights[code]),
            round(float(normalised[code]), 2),
        ]
        for code in reweight.CODES
    ]
    rows.append([_("Tổng"), "", float(sum(page.official.values())), float(page.total), 1000.0])
    columns = [
        Column(_("Mã")),
        Column(_("Chỉ số chính")),
        Column(_("Trọng số chính thức (điểm)"), Kind.NUMBER),
        Column(_("Trọng số đã chọn (điểm)"), Kind.NUMBER),
        Column(_("Quy về thang 1.000"), Kind.NUMBER),
    ]
    return Sheet(title=_("Trọng số"), table_name="TrongSo", columns=columns, rows=rows)


def _note(page: Page, row) -> str:
    parts = []
    if row.merged:
        parts.append(_("trung bình cộng các tỉnh cũ (quy tắc sáp nhập, ứng dụng tính)"))
    if row.published_rank is None:
        parts.append(_("hạng chính thức xếp từ DTI công bố (ứng dụng tính)"))
    return "; ".join(parts)


def _result(page: Page) -> Sheet:
    rows = [
        [
            r.rank,
            r.unit.code,
            r.unit.name,
            value4(r.value),
            value4(r.official_value),
            r.official_rank,
            r.change,
            r.low,
            r.high,
            _note(page, r),
        ]
        for r in page.rows
    ]
    columns = [
        Column(_("Hạng tính lại"), Kind.INT),
        Column(_("Mã")),
        Column(_("Tỉnh, thành phố")),
        Column(_("DTI tính lại"), Kind.VALUE),
        Column(_("DTI công bố"), Kind.VALUE),
        Column(_("Hạng chính thức"), Kind.INT),
        Column(_("Thay đổi"), Kind.INT),
        Column(_("Hạng phân vị 5"), Kind.INT),
        Column(_("Hạng phân vị 95"), Kind.INT),
        Column(_("Ghi chú")),
    ]
    return Sheet(
        title=_("Kết quả"), table_name="KetQua", columns=columns, rows=rows, frozen_columns=3
    )


def _tidy(page: Page) -> pd.DataFrame:
    computed = _("tính lại với trọng số %(w)s (ứng dụng tính); dải hạng 5–95%%: %(low)s–%(high)s")
    weights = ", ".join(f"{c} {page.weights[c].normalize():f}" for c in reweight.CODES)
    rows = []
    for r in page.rows:
        base = {"year": page.year, "unit_code": r.unit.code, "unit_name": r.unit.name}
        rows.append(
            base
            | {
                "pool": page.pool,
                "indicator": "DTI",
                "value": value4(r.official_value),
                "rank": r.official_rank,
                "source_url": None,
                "note": _note(page, r) or None,
            }
        )
        rows.append(
            base
            | {
                "pool": page.pool,
                "indicator": RECOMPUTED,
                "value": value4(r.value),
                "rank": r.rank,
                "source_url": None,
                "note": computed % {"w": weights, "low": r.low, "high": r.high},
            }
        )
    frame = pd.DataFrame(rows, columns=TIDY_COLUMNS)
    frame["pool"] = frame["pool"].astype("Int64")
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def reweight_report(*, page: Page) -> Report:
    """The re-weighting of ``page`` (which has rows) as a Report."""
    filters = [(_("Năm"), str(page.year)), (_("Nhóm xếp hạng"), str(page.pool))]
    filters += [(code, f"{page.weights[code].normalize():f}") for code in reweight.CODES]
    filters.append(
        (
            _("Dải hạng"),
            _("%(draws)s lần rút, mỗi trọng số × U(0,75; 1,25), hạt giống %(seed)s")
            % {"draws": page.draws, "seed": page.seed},
        )
    )
    if not page.confirmed:
        filters.append(
            (
                _("Cảnh báo"),
                _(
                    "Chưa có nguồn nào xác nhận trọng số năm %(year)s: thử nghiệm với trọng số 2021–2023."
                )
                % {"year": page.year},
            )
        )
    framework = page.framework
    return Report(
        title=_("DTI %(year)s tính lại với trọng số khác") % {"year": page.year},
        filename=f"trong-so-{page.year}-{page.pool}",
        filters=filters,
        sheets=[_weights(page), _result(page)],
        tidy=_tidy(page),
        frameworks=[framework] if framework else [],
        all_frameworks=list(Framework.objects.published()),
        extra_sources=[s.url for s in framework.sources.all()] if framework else [],
    )
