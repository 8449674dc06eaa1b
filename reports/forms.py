"""Input parsing for the downloads that have no page of their own."""

from django import forms
from django.utils.translation import gettext_lazy as _


class FullExportForm(forms.Form):
    """?year=2022 (optional): the full-data export of one year instead of all."""

    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "")] + [(str(y), str(y)) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = _(
            "Không có dữ liệu DTI năm %(value)s. Các năm có dữ liệu: %(years)s."
        ) % {"value": "%(value)s", "years": ", ".join(str(y) for y in sorted(years))}
