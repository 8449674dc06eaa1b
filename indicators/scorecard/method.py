"""How the numbers are made, in words: the merger rule, the compilation route of the
complete tables, and which derived figures are valid for which years. Shown on the
method page (/phuong-phap/) and in every workbook's About sheet."""

from django.utils.translation import gettext as _

from indicators.caching.catalog import catalog
from indicators.models import Derivation


def merger_rule() -> str:
    return _(
        "Quy tắc sáp nhập (chính thức, DTI 2024): giá trị của tỉnh hợp nhất = trung bình cộng các chỉ số chính "
        "của các tỉnh trước sáp nhập; DTI cũng là trung bình cộng (trụ cột chỉ khi năm đó suy ra được). Nhóm 63: 63 tỉnh trước 01/07/2025; "
        "nhóm 34: 34 đơn vị từ 01/07/2025. Bảng 34 đơn vị của các năm trước 2024 do ứng dụng ước tính ngược, "
        "không phải số liệu công bố."
    )


def compilation_route() -> str:
    """How the complete 2022–2024 tables reached the app: said here, on the method page
    and in the README, never as a value's source (the source is the publisher)."""
    return _(
        "Bảng chi tiết 2022–2024 của 63 tỉnh do Bộ TT&TT / Bộ KH&CN công bố trên dti.gov.vn "
        "(xep-hang-2022, xep-hang-2023-all, xep-hang-2024-63-tinh); bản tổng hợp các bảng này trong "
        "một kho mã công khai đã được đối chiếu với mọi giá trị, thứ hạng công bố riêng. Các năm "
        "khác và các thứ hạng lẻ đọc từ tin bài, văn bản; nguồn của từng giá trị là nơi công bố."
    )


def derivations_by_figure() -> list[tuple[str, list[Derivation]]]:
    """(figure label, its rows by year) for every derived figure with a row (catalog)."""
    rows = catalog().derivations
    return [
        (str(label), [d for d in rows if d.figure == figure])
        for figure, label in Derivation.Figure.choices
        if any(d.figure == figure for d in rows)
    ]


def derivation_rows() -> list[list]:
    """One row per derived figure: the years it is valid for and why (the Derivation table)."""
    result = []
    for label, entries in derivations_by_figure():
        valid = [str(d.year) for d in entries if d.valid] or [_("không năm nào")]
        text = _("hợp lệ: %(years)s") % {"years": ", ".join(valid)}
        for entry in (d for d in entries if not d.valid):
            text += " · " + _("không hợp lệ %(year)s: %(why)s") % {
                "year": entry.year,
                "why": entry.local_evidence,
            }
        result.append([label, text])
    return result
