"""The "Thông tin" (About) sheet: what the file is, when and from what it was taken,
how the numbers were made, and every address they were read from."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.scorecard.method import compilation_route, derivation_rows, merger_rule
from reports.tables import Report


def general_notes() -> list[str]:
    return [
        _("Ô trống: chưa công bố (không bao giờ ghi 0 thay cho số liệu thiếu)."),
        _(
            "Giá trị làm tròn 4 chữ số thập phân như bảng công bố; thang 0–1 (nhân 1.000 để ra điểm)."
        ),
        _(
            "Giá trị, thứ hạng do ứng dụng tính (trụ cột theo trọng số, tỉnh hợp nhất theo quy tắc sáp nhập, "
            "thứ hạng từ giá trị của cả nhóm) được ghi rõ ở cột “Ghi chú” / “note”."
        ),
        _(
            "Thứ hạng luôn đi kèm nhóm xếp hạng (63 hoặc 34); các đơn vị bằng điểm đồng hạng (15, 15, 17)."
        ),
        _("Chỉ có số liệu đã công bố; bản nháp đang chờ duyệt không bao giờ có trong tệp."),
    ]


def about_rows(report: Report) -> list[list]:
    """Two columns (label, text); headings are rows with an empty second column."""
    extracted = timezone.localtime(report.extracted_at or timezone.now())
    rows: list[list] = [
        [_("Tiêu đề"), report.title],
        [
            _("Thời điểm trích xuất"),
            f"{extracted:%d/%m/%Y %H:%M:%S} ({extracted.tzinfo})",
        ],
        [_("Phiên bản ứng dụng"), settings.APP_VERSION],
    ]
    if report.url:
        rows.append([_("Địa chỉ tải lại"), report.url])
    rows.append([])
    rows.append([_("Bộ lọc đã áp dụng"), None])
    rows += [[name, value] for name, value in report.filters]
    rows.append([])
    rows.append([_("Phương pháp theo năm"), None])
    for framework in report.frameworks:
        text = framework.local_description
        if framework.local_method_note:
            text += " " + framework.local_method_note
        label = f"DTI {framework.year}" + (
            f" – {_('đổi phương pháp')}" if framework.method_changed else ""
        )
        rows.append([label, text])
    changes = [f for f in report.all_frameworks if f.method_changed]
    if changes:
        rows.append(
            [
                _("Đổi phương pháp"),
                _("Không so sánh trực tiếp giá trị hai bên các năm đổi phương pháp: %(changes)s.")
                % {
                    "changes": "; ".join(
                        f"{f.year - 1}→{f.year}: {f.local_method_note.rstrip('.')}" for f in changes
                    )
                },
            ]
        )
    rows.append([_("Sáp nhập 2025"), merger_rule()])
    rows.append([_("Cách tổng hợp số liệu"), compilation_route()])
    rows.append([])
    rows.append([_("Giá trị suy ra hợp lệ theo năm"), None])
    rows += derivation_rows()
    rows += [[_("Ghi chú"), note] for note in [*general_notes(), *report.notes]]
    rows.append([])
    urls = report.source_urls
    rows.append([_("Nguồn của số liệu trong tệp (%(n)s địa chỉ)") % {"n": len(urls)}, None])
    rows += [[str(i), url] for i, url in enumerate(urls, 1)]
    return rows
