"""Input parsing for the scorecard pages (query strings only)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.caching.catalog import catalog
from indicators.models import Target
from indicators.targets.selectors import TEXT_STATUS
from indicators.targets.status import STATUS_LABELS
from provinces.models import Region, Unit
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


class CatalogChoiceField(forms.ChoiceField):
    """A choice of one catalog object by key (no query: indicators.caching.catalog).

    ``objects`` maps key → object; ``label`` gives an object's label."""

    def __init__(self, *, objects: dict, label_of, empty_label, **kwargs) -> None:
        self.objects = objects
        super().__init__(
            choices=[("", empty_label), *[(k, label_of(o)) for k, o in objects.items()]], **kwargs
        )

    def clean(self, value):
        key = super().clean(value)
        return self.objects[key] if key else None


VIEW_CHOICES = [("", _("Bảng")), ("map", _("Bản đồ"))]


class RankingFilterForm(forms.Form):
    """?pool=63|34 &pillar=CQS|KTS|XHS &region=<slug> &sort=<column> &dir=asc|desc
    &view=map (the map tab; the table is the default).

    A bad value is dropped (and reported on the page), never an error page.
    """

    pool = forms.TypedChoiceField(
        label=_("Nhóm xếp hạng"), choices=[(p, f"{p}") for p in POOLS], coerce=int, required=False
    )
    pillar = forms.ChoiceField(
        label=_("Trụ cột"),
        choices=PILLAR_CHOICES,
        required=False,
        # static/js/app.js: a new pillar ranks by it from rank 1, dropping the sort.
        widget=forms.Select(attrs={"data-resets-sort": ""}),
    )
    region = RegionChoiceField(
        label=_("Vùng"),
        queryset=Region.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Cả nước"),
    )
    sort = forms.RegexField(label=_("Sắp xếp"), regex=r"^[a-zA-Z]{1,20}$", required=False)
    dir = forms.ChoiceField(
        label=_("Chiều sắp xếp"),
        choices=[("", ""), ("asc", _("tăng dần")), ("desc", _("giảm dần"))],
        required=False,
    )
    view = forms.ChoiceField(label=_("Cách xem"), choices=VIEW_CHOICES, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        self.fields["region"] = CatalogChoiceField(
            objects={r.code: r for r in catalog().regions},
            label_of=lambda r: r.label,
            empty_label=field.empty_label,
            label=field.label,
            required=False,
        )

    def clean_pillar(self) -> str | None:
        return self.cleaned_data["pillar"] or None

    def valid_data(self) -> dict:
        """The fields that parsed; invalid ones fall back to their defaults."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


_SLUG = re.compile(r"^[a-z0-9-]{1,120}$")


class CompareForm(forms.Form):
    """?units=bac-giang,ha-giang,hai-duong &metric=dti|cqs|…|hdxhs &q=<search>.

    Never an error page: unknown slugs, a bad metric or too many units are reported
    on the page (``notices``) and the rest is shown.
    """

    units = forms.CharField(label=_("Đơn vị"), required=False, max_length=2000)
    metric = forms.CharField(label=_("Chỉ số"), required=False, max_length=20)
    q = forms.CharField(label=_("Thêm tỉnh, thành phố"), required=False, max_length=100, strip=True)

    def __init__(self, *args, metrics: list, max_units: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.metrics = {m.code.lower(): m for m in metrics}
        self.max_units = max_units
        self.notices: list[str] = []  # what the page ignored or changed, and says so
        self.problems: list[str] = []  # the same, worded as reasons to refuse a download

    def parsed(self) -> dict:
        """units (in the order asked, deduplicated, at most ``max_units``), metric, q."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        for name in self.errors:
            self.notices.append(
                _("Tham số “%(name)s” không hợp lệ nên bị bỏ qua.") % {"name": name}
            )
            self.problems.append(_("Tham số không hợp lệ: %(names)s.") % {"names": name})
        slugs = list(
            dict.fromkeys(
                s.strip().lower() for s in (data.get("units") or "").split(",") if s.strip()
            )
        )
        by_slug = catalog().units_by_slug
        found = {s: by_slug[s] for s in slugs if _SLUG.match(s) and s in by_slug}
        unknown = [s for s in slugs if s not in found]
        if unknown:
            self.notices.append(
                _("Không tìm thấy đơn vị: %(slugs)s. Dùng ô tìm kiếm để chọn đúng tỉnh, thành phố.")
                % {"slugs": ", ".join(unknown)}
            )
            self.problems.append(self.notices[-1])
        units = [found[s] for s in slugs if s in found]
        if len(units) > self.max_units:
            dropped = ", ".join(u.name for u in units[self.max_units :])
            self.notices.append(
                _("Chỉ so sánh được tối đa %(n)s đơn vị một lúc; đã bỏ: %(names)s.")
                % {"n": self.max_units, "names": dropped}
            )
            units = units[: self.max_units]
            self.problems.append(
                _("Chỉ so sánh được tối đa %(n)s đơn vị một lúc.") % {"n": self.max_units}
            )
        code = (data.get("metric") or "dti").strip().lower()
        metric = self.metrics.get(code)
        if metric is None:
            self.notices.append(
                _("Không có chỉ số “%(code)s”; đang hiển thị DTI. Các chỉ số: %(codes)s.")
                % {"code": code, "codes": ", ".join(m.code for m in self.metrics.values())}
            )
            metric = self.metrics.get("dti")
            self.problems.append(
                _("Không có chỉ số “%(code)s”. Các chỉ số: %(codes)s.")
                % {"code": code, "codes": ", ".join(m.code for m in self.metrics.values())}
            )
        return {"units": units, "metric": metric, "q": data.get("q") or ""}


TARGET_STATUS_CHOICES = [
    ("", _("Mọi tình trạng")),
    *[(status.value, label) for status, label in STATUS_LABELS.items()],
    (TEXT_STATUS, _("Định tính (không đánh giá)")),
]


class TargetFilterForm(forms.Form):
    """?unit=<slug> &kind=rank|score|kpi|text &horizon=2025|2030|other &status=<status>.

    A bad value is dropped and reported, never an error page.
    """

    unit = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=Unit.objects.real(),
        to_field_name="slug",
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Loại mục tiêu"),
        choices=[("", _("Mọi loại")), *Target.Kind.choices],
        required=False,
    )
    horizon = forms.ChoiceField(
        label=_("Năm đích"),
        choices=[
            ("", _("Mọi năm")),
            ("2025", "2025"),
            ("2030", "2030"),
            ("other", _("khác / không nêu")),
        ],
        required=False,
    )
    status = forms.ChoiceField(label=_("Tình trạng"), choices=TARGET_STATUS_CHOICES, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        self.fields["unit"] = CatalogChoiceField(
            objects={u.slug: u for u in catalog().units},
            label_of=str,
            empty_label=field.empty_label,
            label=field.label,
            required=False,
        )

    def valid_data(self) -> dict:
        self.is_valid()
        return {
            name: value or None
            for name, value in self.cleaned_data.items()
            if name not in self.errors
        }
