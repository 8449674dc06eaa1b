"""Input parsing for the data-entry pages (upload, confirm, template download)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from indicators.entry.imports import import_pools
from indicators.models import Framework
from provinces.pools import POOLS, default_pool


def _year_choices() -> list[tuple[int, str]]:
    return [(y, str(y)) for y in Framework.objects.order_by("-year").values_list("year", flat=True)]


class _YearPoolForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm đánh giá"), coerce=int)
    pool = forms.TypedChoiceField(
        label=_("Nhóm đơn vị"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Mặc định của năm"))]
        + [(p, _("%(pool)s đơn vị") % {"pool": p}) for p in POOLS],
        help_text=_("Năm 2024 có hai bảng xếp hạng: 63 đơn vị cũ và 34 đơn vị mới."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()

    def clean(self) -> dict:
        data = super().clean()
        year = data.get("year")
        if year is not None:
            data["pool"] = data.get("pool") or default_pool(year)
            if data["pool"] not in import_pools(year):
                self.add_error(
                    "pool",
                    _("Năm %(year)s không nhập theo nhóm %(pool)s.")
                    % {"year": year, "pool": data["pool"]},
                )
        return data


class TemplateForm(_YearPoolForm):
    """?pool=63|34 for the template of a year (the year is in the path)."""


class UploadForm(_YearPoolForm):
    """The file of a year's figures, checked for size before it is read."""

    file = forms.FileField(
        label=_("Tệp số liệu (.xlsx hoặc .csv)"),
        error_messages={"empty": _("Tệp rỗng.")},
    )
    source_url = forms.URLField(
        label=_("Nguồn công bố (địa chỉ)"),
        required=False,
        max_length=1000,
        help_text=_(
            "Hoặc số và ngày văn bản bên dưới; để trống nếu đã ghi ở trang “Nguồn” của tệp."
        ),
    )
    source_document = forms.CharField(label=_("Số văn bản công bố"), required=False, max_length=200)
    source_date = forms.DateField(
        label=_("Ngày văn bản"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("dd/mm/yyyy"),
        error_messages={
            "invalid": _("Ngày không hợp lệ: ghi theo dạng dd/mm/yyyy, vd. 03/04/2025.")
        },
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.DTI_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn: %(size)s KB, tối đa %(max)s KB.")
                % {"size": upload.size // 1024, "max": limit // 1024}
            )
        return upload


class ConfirmForm(forms.Form):
    """The preview the admin confirms: the file's hash and the preview fingerprint."""

    token = forms.RegexField(regex=r"^[0-9a-f]{64}$")
    digest = forms.RegexField(regex=r"^[0-9a-f]{64}$")


class PublishConfirmForm(forms.Form):
    """The publisher's confirmation of the summary shown on the change set's page:
    the box ticked and the fingerprint of exactly the changes they saw."""

    confirm = forms.BooleanField(
        label=_("Tôi đã xem các thay đổi ở trên và muốn công bố"),
        error_messages={"required": _("Hãy đánh dấu ô xác nhận trước khi công bố.")},
    )
    digest = forms.RegexField(
        regex=r"^[0-9a-f]{64}$",
        widget=forms.HiddenInput,
        error_messages={"required": _("Thiếu dấu xác nhận của bản tóm tắt; hãy tải lại trang.")},
    )
