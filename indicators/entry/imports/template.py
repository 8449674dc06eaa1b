"""The template of a year and pool: one row per unit, one column per indicator,
instructions, allowed ranges and data validation."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.entry.imports.types import (
    CODE_LABEL,
    DATA_SHEET,
    HELP_SHEET,
    NAME_LABEL,
    SOURCE_SHEET,
    YEAR_LABEL,
    check_year_pool,
    framework_codes,
    pool_units,
)
from provinces.pools import POOL_DATES

# ----------------------------------------------------------------------------
# Template
# ----------------------------------------------------------------------------


def import_template_build(*, year: int, pool: int) -> bytes:
    """The .xlsx template of a year and pool (see the module docstring)."""
    framework = check_year_pool(year, pool)
    indicators = framework_codes(framework)
    units = pool_units(pool)
    points = {n.indicator_id: n.max_points for n in framework.nodes.all()}

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    headers = [YEAR_LABEL, CODE_LABEL, NAME_LABEL, *[i.code for i in indicators]]
    ws.append(headers)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for col, indicator in enumerate(indicators, start=4):
        ws.cell(row=1, column=col).comment = Comment(
            f"{indicator.name}\n{_('Giá trị từ 0 đến 1')}", "DTI"
        )
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
    for unit in units:
        ws.append([year, unit.code, unit.name])
    last_row = len(units) + 1
    for row in ws.iter_rows(min_row=2, max_row=last_row, min_col=2, max_col=2):
        row[0].number_format = "@"  # keep the leading zero of "01"
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 11
    ws.column_dimensions["C"].width = 22
    last_col = get_column_letter(len(headers))
    for col in range(4, len(headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 10
    for row in ws.iter_rows(min_row=2, max_row=last_row, min_col=4, max_col=len(headers)):
        for cell in row:
            cell.number_format = "0.0000"
    validation = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="1",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Giá trị không hợp lệ"),
        error=_("Nhập một số từ 0 đến 1 (ví dụ 0,7350), hoặc để trống."),
        promptTitle=_("Giá trị 0..1"),
        prompt=_("Số từ 0 đến 1, 4 chữ số thập phân; để trống nếu chưa công bố."),
    )
    validation.showInputMessage = True
    ws.add_data_validation(validation)
    if indicators and units:
        validation.add(f"D2:{last_col}{last_row}")
    ws.freeze_panes = "D2"

    source_ws = wb.create_sheet(SOURCE_SHEET)
    source_ws.append([_("Nguồn công bố (địa chỉ trang)"), None])
    source_ws.append([_("hoặc: số văn bản công bố"), None])
    source_ws.append([_("và ngày văn bản (dd/mm/yyyy)"), None])
    source_ws.append([])
    source_ws.append(
        [
            _(
                "Bắt buộc: địa chỉ trang công bố số liệu, hoặc số và ngày văn bản. Không có nguồn thì không công bố được."
            )
        ]
    )
    source_ws.column_dimensions["A"].width = 34
    source_ws.column_dimensions["B"].width = 60
    for cell in source_ws["A"][:3]:
        cell.font = bold
    source_ws["B3"].number_format = "dd/mm/yyyy"

    help_ws = wb.create_sheet(HELP_SHEET)
    day = POOL_DATES[pool]
    lines = [
        [
            _("Mẫu nhập số liệu DTI năm %(year)s – nhóm %(pool)s đơn vị")
            % {"year": year, "pool": pool}
        ],
        [
            _("Đơn vị: %(count)s đơn vị hành chính cấp tỉnh có hiệu lực ngày %(day)s.")
            % {"count": len(units), "day": f"{day:%d/%m/%Y}"}
        ],
        [],
        [_("Cách điền")],
        [
            _(
                '1. Mỗi dòng một đơn vị; đơn vị được nhận diện theo MÃ (cột "Mã đơn vị"), tên chỉ để đối chiếu.'
            )
        ],
        [_("2. Mỗi cột chỉ số nhận một số từ 0 đến 1 (ví dụ 0,7350); để trống nếu chưa công bố.")],
        [
            _(
                "3. Ô để trống không xóa giá trị đã có. Không dùng công thức, không gộp ô, không đổi tên cột."
            )
        ],
        [
            _('4. Cột "Năm" phải là %(year)s. Không thêm đơn vị không có trong danh sách.')
            % {"year": year}
        ],
        [
            _(
                "5. Ghi nguồn công bố ở trang “Nguồn” (địa chỉ, hoặc số và ngày văn bản), hoặc trong ô Nguồn của trang Nhập số liệu."
            )
        ],
        [
            _(
                "6. Tải tệp lên trang Nhập số liệu; số liệu là bản nháp cho tới khi người có quyền công bố."
            )
        ],
        [],
        [
            _("Mã chỉ số"),
            _("Tên chỉ số"),
            _("Loại"),
            _("Khoảng cho phép"),
            _("Điểm tối đa"),
        ],
    ]
    for line in lines:
        help_ws.append(line)
    header_row = help_ws.max_row
    for indicator in indicators:
        max_points = points.get(indicator.pk)
        help_ws.append(
            [
                indicator.code,
                indicator.name,
                indicator.get_kind_display(),
                "0 – 1",
                float(max_points) if max_points else None,
            ]
        )
    for cell in (help_ws["A1"], help_ws["A4"], *help_ws[header_row]):
        cell.font = bold
    help_ws.column_dimensions["A"].width = 12
    help_ws.column_dimensions["B"].width = 48
    help_ws.column_dimensions["C"].width = 22
    help_ws.column_dimensions["D"].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
