"""The index framework per year: indicators, the tree and weights of a year, and
the sources values are read from."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from provinces.models import localized

YEAR_MIN, YEAR_MAX = 2015, 2100


def year_check(name: str, field: str = "year") -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX}), name=name
    )


class PublicNote:
    """The public note of a value in the active language; ``working_note`` is for admins."""

    note: str
    note_en: str

    @property
    def local_note(self) -> str:
        return localized(self.note, self.note_en)


class Source(models.Model):
    """An address a published figure was read from."""

    url = models.URLField(_("địa chỉ"), max_length=1000, unique=True)
    title = models.CharField(_("mô tả"), max_length=500, blank=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("nguồn")
        verbose_name_plural = _("nguồn")

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def host(self) -> str:
        """The site name shown as the link text ("dti.gov.vn")."""
        host = self.url.split("//", 1)[-1].split("/", 1)[0]
        return host.removeprefix("www.")


class Indicator(models.Model):
    """An index that is scored (DTI, a pillar, a main index), stable across years by code."""

    class Kind(models.TextChoices):
        TOTAL = "total", _("Chỉ số tổng hợp")
        PILLAR = "pillar", _("Trụ cột")
        MAIN = "main", _("Chỉ số chính")
        COMPONENT = "component", _("Chỉ số thành phần")

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=40)
    short_name_en = models.CharField(_("tên ngắn tiếng Anh"), max_length=40, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def label(self) -> str:
        """The name in the active language (Vietnamese unless English is active)."""
        return localized(self.name, self.name_en)

    @property
    def short(self) -> str:
        """The short name in the active language: "CQS", "DG" on English pages."""
        return localized(self.short_name, self.short_name_en)

    @property
    def tooltip(self) -> str:
        """The name for a title attribute; on English pages with the Vietnamese beside it,
        as officials know the index by its Vietnamese names."""
        if self.short != self.short_name:
            return f"{self.name_en} – {self.short_name}: {self.name}"
        return self.label


class FrameworkQuerySet(models.QuerySet):
    def published(self) -> "FrameworkQuerySet":
        """Years with at least one published score: what public pages may list
        (a year holding only drafts stays hidden). One query, whatever the size."""
        score = self.model._meta.apps.get_model("indicators", "Score")  # defined in scores
        scores = score.objects.published().filter(year=OuterRef("year"))
        if not getattr(settings, "DTI_INCLUDE_SYNTHETIC", False):
            # a year of synthetic data only is no published year
            scores = scores.filter(unit__is_synthetic=False)
        return self.filter(Exists(scores))


class Framework(models.Model):
    """The DTI method of one assessment year (its index tree is FrameworkIndicator)."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    description = models.TextField(_("cấu trúc"))
    description_en = models.TextField(_("cấu trúc (tiếng Anh)"))
    method_changed = models.BooleanField(
        _("đổi phương pháp so với năm trước"),
        default=False,
        help_text=_("Số liệu không so sánh trực tiếp được với năm trước."),
    )
    method_note = models.TextField(_("ghi chú phương pháp"), blank=True)
    method_note_en = models.TextField(_("ghi chú phương pháp (tiếng Anh)"), blank=True)
    weights_confirmed = models.BooleanField(
        _("trọng số đã được công bố"),
        default=False,
        help_text=_("Trọng số của năm có nguồn xác nhận."),
    )
    published_on = models.DateField(_("ngày công bố"), null=True, blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("nguồn"), blank=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["year"]
        verbose_name = _("khung chỉ số theo năm")
        verbose_name_plural = _("khung chỉ số theo năm")
        constraints = [year_check("framework_year_range")]

    def __str__(self) -> str:
        return f"DTI {self.year}"

    @property
    def local_description(self) -> str:
        return localized(self.description, self.description_en)

    @property
    def local_method_note(self) -> str:
        return localized(self.method_note, self.method_note_en)


class FrameworkIndicator(models.Model):
    """One node of a year's index tree, with its maximum points (its weight).

    For 2021+ the five foundation indices count in every pillar and each activity
    index (HDCQS, HDKTS, HDXHS) in one pillar: ``pillar`` names it.
    """

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("khung")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="nodes", verbose_name=_("chỉ số")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("chỉ số cha"),
    )
    pillar = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trụ cột"),
        help_text=_("Trụ cột mà chỉ số hoạt động này thuộc về; để trống với chỉ số nền tảng."),
    )
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["framework__year", "indicator__order"]
        verbose_name = _("chỉ số trong khung")
        verbose_name_plural = _("chỉ số trong khung")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "indicator"], name="framework_indicator_unique"
            ),
            models.CheckConstraint(
                condition=Q(max_points__isnull=True) | Q(max_points__gt=0),
                name="max_points_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.year} {self.indicator.code}"


class Derivation(models.Model):
    """For which framework year a derived figure is valid, and why: data, not code.
    A derived value is computed and shown only for a year whose row says valid
    (loaded from fixtures/derivations.csv, editable here)."""

    class Figure(models.TextChoices):
        PILLARS = "pillar-formula", _("trụ cột tính từ các chỉ số chính")
        MERGER_RULE = "merger-rule", _("tỉnh hợp nhất theo quy tắc sáp nhập chính thức")
        MERGER_BACKCAST = "merger-backcast", _("tỉnh hợp nhất ước tính ngược")
        POOL_MEAN = "pool-mean", _("trung bình cộng của nhóm do ứng dụng tính")

    figure = models.CharField(_("giá trị suy ra"), max_length=20, choices=Figure.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    valid = models.BooleanField(_("hợp lệ"))
    evidence = models.TextField(_("căn cứ"))
    evidence_en = models.TextField(_("căn cứ (tiếng Anh)"))

    class Meta:
        ordering = ["figure", "year"]
        verbose_name = _("giá trị suy ra hợp lệ theo năm")
        verbose_name_plural = _("giá trị suy ra hợp lệ theo năm")
        constraints = [
            models.UniqueConstraint(fields=["figure", "year"], name="derivation_unique"),
            year_check("derivation_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.year}: {'valid' if self.valid else 'not valid'}"

    @property
    def local_evidence(self) -> str:
        return localized(self.evidence, self.evidence_en)
