"""PAPI and PCI in the province and compare downloads: a sheet of the values as the
page shows them, and tidy rows (CSV and the "Dữ liệu" sheet) with the publisher's
address as source; the public compilation the PAPI values were read through goes
in the About sheet. Built on indicators.other_indices' selectors (the page's reads).
"""

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.loading.other_indices import PAPI_COMPILATION
from indicators.other_indices import selectors
from indicators.other_indices.selectors import OtherMetric, Reading
from provinces.models import Unit
from reports.tables import (
    TIDY_COLUMNS,
    Chart,
    Column,
    Kind,
    Report,
    Sheet,
    sheet_title,
    unique_headers,
)

NOT_OFFICIAL = "xếp theo điểm, không phải xếp hạng chính thức"


def _rank_note(index: str, reading: Reading) -> str:
    if reading.rank is None:
        return ""
    if index == selectors.PAPI:
        return _(
            "thứ hạng PAPI: xếp theo điểm, không phải xếp hạng chính thức "
            "(trong %(n)s tỉnh có số liệu năm đó)"
        ) % {"n": reading.rank_pool}
    return _("thứ hạng do VCCI công bố (nhóm 63)")


def _tidy_row(unit: Unit, code: str, index: str, year: int, reading: Reading, inherited: bool):
    notes = [_("nguồn: %(what)s") % {"what": reading.source_title}] if reading.source_title else []
    if reading.value is None:
        notes.append(_("giá trị chưa công bố"))
    if reading.note and index == selectors.PCI:
        notes.append(_("cơ sở: %(basis)s") % {"basis": reading.note})
    elif reading.note:
        notes.append(reading.note)
    if rank_note := _rank_note(index, reading):
        notes.append(rank_note)
    if inherited:
        notes.append(_("số liệu của tỉnh trước 01/07/2025 (PAPI, PCI không tính ngược)"))
    return {
        "year": year,
        "unit_code": unit.code,
        "unit_name": unit.name,
        "pool": reading.rank_pool,
        "indicator": code,
        "value": float(reading.value) if reading.value is not None else None,
        "rank": reading.rank,
        "source_url": reading.source_url,
        "note": "; ".join(notes),
    }


def _tidy_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=TIDY_COLUMNS).astype(
        {"year": "Int64", "pool": "Int64", "rank": "Int64", "value": "Float64"}
    )


def _append_tidy(report: Report, rows: list[dict]) -> None:
    """The report's tidy rows followed by ``rows`` (rebuilt from records: pandas
    warns on concatenating frames with all-empty columns)."""
    if rows:
        report.tidy = _tidy_frame([*report.tidy.to_dict("records"), *rows])


def _about_notes() -> list[str]:
    return [
        _(
            "PAPI (CECODES – RTA – UNDP, papi.org.vn) và PCI (VCCI, pcivietnam.vn) là hai chỉ số riêng, "
            "phương pháp riêng; chỉ có cho 63 tỉnh trước 01/07/2025, không tính ngược cho đơn vị hợp nhất."
        ),
        _(
            "PAPI không công bố thứ hạng: thứ hạng PAPI trong tệp là xếp theo điểm tổng, không phải xếp "
            "hạng chính thức, trong số các tỉnh có số liệu năm đó (cột pool)."
        ),
        _("Giá trị PAPI đọc qua bản tổng hợp công khai: %(what)s.") % {"what": PAPI_COMPILATION},
    ]


def province_extend(report: Report, *, unit: Unit) -> Report:
    """Add the unit's PAPI and PCI (or its predecessors', labelled) to its report."""
    data = selectors.other_indices_for_unit(unit=unit)
    dims = list(selectors.PAPI_DIMENSIONS)
    headers = [
        _("Tỉnh, thành phố"),
        _("Năm"),
        _("PAPI tổng"),
        _("PAPI xếp theo điểm"),
        _("Số tỉnh xếp"),
        *[f"PAPI {d.upper()}" for d in dims],
        _("PCI"),
        _("Hạng PCI (VCCI, /63)"),
        _("Nguồn"),
        _("Ghi chú"),
    ]
    kinds = [Kind.TEXT, Kind.INT, Kind.NUMBER, Kind.INT, Kind.INT, *[Kind.NUMBER] * 8]
    kinds += [Kind.NUMBER, Kind.INT, Kind.TEXT, Kind.TEXT]
    rows, tidy = [], []
    for block in data.blocks:
        pci = dict(block.pci)
        for year in sorted({*data.papi_years, *data.pci_years}):
            papi = next((y for y in block.papi if y.year == year), None)
            total = papi.total if papi else None
            reading = pci.get(year)
            sources = [r.source_url for r in (papi.any if papi else None, reading) if r]
            notes = []
            if papi and papi.partial:
                notes.append(_("PAPI một phần: không có điểm tổng"))
            if papi and not papi.any:
                notes.append(_("PAPI chưa công bố"))
            if total and total.rank:
                notes.append(NOT_OFFICIAL)
            if block.inherited:
                notes.append(_("số liệu của tỉnh trước 01/07/2025"))
            rows.append(
                [
                    block.unit.name,
                    year,
                    float(total.value) if total else None,
                    total.rank if total else None,
                    total.rank_pool if total else None,
                    *[
                        float(papi.dimensions[d].value) if papi and papi.dimensions[d] else None
                        for d in dims
                    ],
                    float(reading.value) if reading and reading.value is not None else None,
                    reading.rank if reading else None,
                    " | ".join(dict.fromkeys(sources)) or None,
                    "; ".join(notes) or None,
                ]
            )
            for measure, r in ((("total", total),) if papi else ()) + tuple(
                (d, papi.dimensions[d]) for d in dims if papi
            ):
                if r:
                    code = "PAPI" if measure == "total" else f"PAPI_{measure.upper()}"
                    tidy.append(_tidy_row(block.unit, code, "papi", year, r, block.inherited))
            if reading:
                tidy.append(_tidy_row(block.unit, "PCI", "pci", year, reading, block.inherited))
    report.sheets.append(
        Sheet(
            title=sheet_title(_("PAPI, PCI")),
            table_name="PapiPci",
            columns=[Column(h, k) for h, k in zip(unique_headers(headers), kinds, strict=True)],
            rows=rows,
            frozen_columns=2,
        )
    )
    _append_tidy(report, tidy)
    report.notes += _about_notes()
    return report


def compare_report(*, units: list[Unit], metric: OtherMetric) -> Report:
    """The compare page on a PAPI/PCI metric: each unit's published value per year,
    the rank printed beside it and the unit ranked 1st; tidy rows with the sources."""
    data = selectors.other_comparison(units=units, metric=metric)
    readings = selectors.other_readings(units=units, metric=metric)
    names = unique_headers([u.name for u in units])
    headers = unique_headers(
        [_("Năm"), *names, _("Giá trị dẫn đầu"), _("Đơn vị dẫn đầu"), _("Đổi phương pháp")]
    )
    kinds = [Kind.INT, *[Kind.NUMBER] * len(units), Kind.NUMBER, Kind.TEXT, Kind.TEXT]
    rows, tidy, rank_rows = [], [], []
    for year in data.years:
        leader = data.leaders.get(year)
        cells = [data.cells[u.pk][year] for u in units]
        rows.append(
            [
                year,
                *[float(c.value) if c.value is not None else None for c in cells],
                float(leader.value) if leader and leader.value is not None else None,
                leader.unit.name if leader else None,
                data.method_changes.get(year),
            ]
        )
        for unit in units:
            reading = readings.get((unit.pk, year))
            if reading:
                tidy.append(_tidy_row(unit, metric.code, metric.index, year, reading, False))
                if reading.rank:
                    rank_rows.append(
                        [
                            year,
                            unit.name,
                            unit.code,
                            reading.rank_pool,
                            reading.rank,
                            _rank_note(metric.index, reading),
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
            y_title=f"{metric.short_name} ({metric.scale})",
            categories=0,
            series=list(range(1, len(units) + 1)),
        ),
    )
    rank_sheet = Sheet(
        title=sheet_title(_("Thứ hạng")),
        table_name="ThuHang",
        rows=rank_rows,
        frozen_columns=2,
        columns=[
            Column(_("Năm"), Kind.INT),
            Column(_("Tỉnh, thành phố")),
            Column(_("Mã")),
            Column(_("Số tỉnh xếp"), Kind.INT),
            Column(_("Hạng %(code)s") % {"code": metric.short_name}, Kind.INT),
            Column(_("Ghi chú")),
        ],
    )
    report = Report(
        title=_("So sánh %(metric)s: %(units)s")
        % {"metric": metric.label, "units": ", ".join(u.name for u in units)},
        filename=f"dti-so-sanh-{metric.code.lower()}-" + "-".join(u.slug for u in units)[:120],
        filters=[
            (_("Đơn vị"), ", ".join(f"{u.name} ({u.code})" for u in units)),
            (_("Chỉ số"), metric.label),
        ],
        sheets=[main, rank_sheet],
        tidy=_tidy_frame(tidy),
        frameworks=[],
        all_frameworks=[],
        extracted_at=timezone.now(),
        extra_sources=[metric.attribution[1]],
    )
    report.notes += _about_notes()
    if any(not u.is_valid_on(selectors.POOL_DATES[63]) for u in units):
        report.notes += selectors.other_units_notice(units=units)
    return report
