"""Input parsing for the scorecard pages (query strings only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from provinces.models import Region
from provinces.pools import POOLS

PILLAR_CHOICES = [
    ("", _("Tất cả trụ cột")),
    ("CQS", _("Chính quyền số")),
    ("KTS", _("Kinh tế số")),
    ("XHS", _("Xã hội số")),
]


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return obj.label


VIEW_CHOICES = [("", _("Bảng")), ("map", _("Bản đồ"))]


class RankingFilterForm(forms.Form):
    """?pool=63|34 &pillar=CQS|KTS|XHS &region=<slug> &sort=<column> &dir=asc|desc
    &view=map (the map tab; the table is the default).

    A bad value is dropped (and reported on the page), never an error page.
    """

    pool = forms.TypedChoiceField(label=_("Nhóm xếp hạng"), choices=[(p, f"{p}") for p in POOLS], coerce=int, required=False)
    pillar = forms.ChoiceField(label=_("Trụ cột"), choices=PILLAR_CHOICES, required=False)
    region = RegionChoiceField(
        label=_("Vùng"), queryset=Region.objects.all(), to_field_name="code", required=False, empty_label=_("Cả nước")
    )
    sort = forms.RegexField(label=_("Sắp xếp"), regex=r"^[a-zA-Z]{1,20}$", required=False)
    dir = forms.ChoiceField(
        label=_("Chiều sắp xếp"), choices=[("", ""), ("asc", _("tăng dần")), ("desc", _("giảm dần"))], required=False
    )
    view = forms.ChoiceField(label=_("Cách xem"), choices=VIEW_CHOICES, required=False)

    def clean_pillar(self) -> str | None:
        return self.cleaned_data["pillar"] or None

    def valid_data(self) -> dict:
        """The fields that parsed; invalid ones fall back to their defaults."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

