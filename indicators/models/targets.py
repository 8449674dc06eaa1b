"""Resolutions, their targets and the KPI observations they are judged on
(DESIGN §5), and who is responsible for each main index."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models.frameworks import (
    YEAR_MAX,
    YEAR_MIN,
    Indicator,
    PublicNote,
    Source,
    year_check,
)
from indicators.rules.kpi_reference import local_unit
from provinces.models import Unit, localized

# ----------------------------------------------------------------------------
# Resolutions, targets and KPI observations (DESIGN §5)
# ----------------------------------------------------------------------------

_DATE_TOKEN = re.compile(r"(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}|\d{4})\b")
_VIETNAMESE_LETTERS = set("ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


class Resolution(models.Model):
    """A provincial document that sets digital-transformation targets (a Party
    resolution "NQ/TU", an HĐND resolution, a UBND plan …), as the sources cite it."""

    class Issuer(models.TextChoices):
        PARTY = "tinh-uy", _("Tỉnh ủy / Thành ủy")
        COUNCIL = "hdnd", _("Hội đồng nhân dân tỉnh")
        PEOPLES_COMMITTEE = "ubnd", _("Ủy ban nhân dân tỉnh")
        UNKNOWN = "", _("không nêu trong nguồn")

    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="resolutions",
        verbose_name=_("đơn vị ban hành"),
    )
    number = models.CharField(
        _("số hiệu"),
        max_length=300,
        help_text=_("Như nguồn ghi, kể cả khi nguồn không nêu số hiệu."),
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_on_other = models.DateField(
        _("ngày ban hành theo nguồn khác"),
        null=True,
        blank=True,
        help_text=_("Khi các nguồn ghi ngày khác nhau: giữ cả hai."),
    )
    issuer = models.CharField(
        _("cơ quan ban hành"), max_length=10, choices=Issuer.choices, blank=True
    )
    period = models.CharField(_("giai đoạn"), max_length=200, blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("nguồn"), blank=True, related_name="resolutions"
    )
    source_note = models.TextField(_("nguồn không có địa chỉ"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["unit__name", "issued_on", "number"]
        verbose_name = _("nghị quyết, kế hoạch")
        verbose_name_plural = _("nghị quyết, kế hoạch")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"], name="resolution_unit_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True)
                | Q(issued_on_other__isnull=True)
                | ~Q(issued_on=models.F("issued_on_other")),
                name="resolution_other_date_differs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.unit.name})"

    @property
    def date_disputed(self) -> bool:
        return self.issued_on_other is not None


class KpiMetric(models.Model):
    """A measure outside the DTI that resolutions set targets on ("% of provincial
    dossiers processed online", "number of digital enterprises")."""

    code = models.SlugField(_("mã"), max_length=80, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300)
    unit_label = models.CharField(
        _("đơn vị đo"), max_length=40, help_text=_("%, doanh nghiệp, trạm …")
    )
    higher_is_better = models.BooleanField(_("càng cao càng tốt"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("chỉ tiêu ngoài DTI")
        verbose_name_plural = _("chỉ tiêu ngoài DTI")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return localized(self.name, self.name_en)

    @property
    def local_unit_label(self) -> str:
        """The unit in the page's language ("doanh nghiệp" → "enterprises")."""
        return local_unit(self.unit_label)


class Target(models.Model):
    """One target of a resolution, with the text as written.

    ``kind`` says what it is measured on: a rank or a score of an Indicator (DTI, a
    pillar, a main index), a KPI metric, or nothing (a qualitative goal, shown as
    text with no status). Where sources disagree on a figure both readings are kept
    as two targets flagged ``disputed`` and pointing at each other.
    """

    class Kind(models.TextChoices):
        RANK = "rank", _("Thứ hạng")
        SCORE = "score", _("Điểm chỉ số")
        KPI = "kpi", _("Chỉ tiêu ngoài DTI")
        TEXT = "text", _("Định tính (không có số)")

    class Comparator(models.TextChoices):
        AT_LEAST = ">=", "≥"
        MORE_THAN = ">", ">"
        AT_MOST = "<=", "≤"
        LESS_THAN = "<", "<"
        EQUAL = "=", "="
        ABOUT = "~", "≈"
        NONE = "", "—"

    class Method(models.TextChoices):
        LINEAR = "linear", _("Đường thẳng (UN ECA)")
        GROWTH = "growth", _("Tăng trưởng cần có so với thực tế")
        PROJECTION = "projection", _("Dự phóng giá trị năm đích")

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="targets", verbose_name=_("văn bản")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="targets", verbose_name=_("đơn vị")
    )
    text = models.TextField(_("nội dung như văn bản ghi"))
    working_note = models.TextField(
        _("ghi chú biên soạn"),
        blank=True,
        help_text=_("Chỉ người quản trị thấy: dòng nguồn gốc khi nội dung công khai được rút gọn."),
    )
    metric_code = models.CharField(_("mã chỉ tiêu trong nguồn"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=5, choices=Kind.choices)
    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("chỉ số DTI"),
    )
    kpi_metric = models.ForeignKey(
        KpiMetric,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("chỉ tiêu"),
    )
    comparator = models.CharField(
        _("so sánh"), max_length=2, choices=Comparator.choices, blank=True
    )
    value = models.DecimalField(
        _("giá trị mục tiêu"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("năm đích"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("năm cơ sở"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("giá trị cơ sở"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    method = models.CharField(
        _("phương pháp đánh giá"), max_length=10, choices=Method.choices, default=Method.LINEAR
    )
    disputed = models.BooleanField(_("các nguồn ghi khác nhau"), default=False)
    other_reading = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cách đọc khác"),
    )
    dispute_note = models.TextField(_("ghi chú về khác biệt"), blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("nguồn"), blank=True, related_name="targets"
    )
    source_note = models.TextField(_("nguồn không có địa chỉ"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name", "resolution__issued_on", "position"]
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="text")
                    & Q(value__isnull=True)
                    & Q(comparator="")
                    & Q(indicator__isnull=True)
                    & Q(kpi_metric__isnull=True)
                )
                | (
                    Q(kind__in=["rank", "score"])
                    & Q(indicator__isnull=False)
                    & Q(kpi_metric__isnull=True)
                    & Q(value__isnull=False)
                    & ~Q(comparator="")
                )
                | (
                    Q(kind="kpi")
                    & Q(kpi_metric__isnull=False)
                    & Q(indicator__isnull=True)
                    & Q(value__isnull=False)
                    & ~Q(comparator="")
                ),
                name="target_kind_fields",
            ),
            models.CheckConstraint(
                condition=~Q(kind="rank") | Q(value__gte=1), name="target_rank_positive"
            ),
            models.CheckConstraint(
                condition=~Q(kind="score") | (Q(value__gte=0) & Q(value__lte=1)),
                name="target_score_0_1",
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True)
                | (Q(target_year__gte=YEAR_MIN) & Q(target_year__lte=YEAR_MAX)),
                name="target_year_range",
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(baseline_year__lt=models.F("target_year")),
                name="target_baseline_before_target",
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | Q(baseline_year__isnull=False),
                name="target_baseline_has_year",
            ),
            models.CheckConstraint(
                condition=~Q(other_reading=models.F("id")), name="target_other_reading_not_self"
            ),
            models.CheckConstraint(
                condition=Q(disputed=True) | Q(other_reading__isnull=True),
                name="target_other_reading_disputed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}: {self.text[:80]}"

    @property
    def text_lang(self) -> str:
        """The language the target was quoted in ("vi", or "en" for an English source)."""
        return "vi" if any(ch in _VIETNAMESE_LETTERS for ch in self.text.lower()) else "en"

    def clean(self) -> None:
        if self.resolution_id and self.unit_id and self.resolution.unit_id != self.unit_id:
            raise ValidationError(
                {"unit": _("Đơn vị của mục tiêu phải là đơn vị ban hành văn bản.")}
            )

    @property
    def has_status(self) -> bool:
        """Text-only targets are shown as written, with no status."""
        return self.kind != self.Kind.TEXT

    @property
    def metric_label(self) -> str:
        if self.indicator_id:
            return self.indicator.label
        if self.kpi_metric_id:
            return self.kpi_metric.label
        return ""


class KpiObservation(PublicNote, models.Model):
    """A yearly observed value of a KPI metric for a unit (or for the whole country:
    no unit), with its source. Entered by admins, or loaded from the published files
    (``imported``): a KPI target gets a status as soon as its metric has values.
    Several published readings of one year stay apart by source (national series
    of two publishers, an earlier vintage that a later release superseded)."""

    class Qualifier(models.TextChoices):
        OVER = "over", _("trên")
        ABOUT = "about", _("khoảng")
        NEARLY = "nearly", _("gần")
        ESTIMATE = "estimate", _("ước")
        RANGE = "range", _("từ (khoảng)")
        ALL = "all", _("tất cả")
        PERIOD_AVERAGE = "period-average", _("bình quân giai đoạn")

    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="kpi_observations",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        help_text=_("Để trống: giá trị của cả nước."),
    )
    metric = models.ForeignKey(
        KpiMetric, on_delete=models.PROTECT, related_name="observations", verbose_name=_("chỉ tiêu")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.CharField(
        _("giai đoạn"), max_length=20, blank=True, help_text=_("Vd. 2021–2025 cho số bình quân.")
    )
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=4)
    value_unit = models.CharField(_("đơn vị đo"), max_length=40, blank=True)
    qualifier = models.CharField(
        _("cách ghi số"),
        max_length=20,
        choices=Qualifier.choices,
        blank=True,
        help_text=_("Như nguồn ghi: trên, khoảng, ước…"),
    )
    series = models.CharField(_("chuỗi số liệu / cơ quan công bố"), max_length=120, blank=True)
    definition_differs = models.BooleanField(
        _("định nghĩa khác chỉ tiêu của nghị quyết"), default=False
    )
    superseded = models.BooleanField(_("đã được thay bằng số công bố sau"), default=False)
    text = models.TextField(_("trích nguyên văn"), blank=True, help_text=_("Câu trích từ nguồn."))
    source = models.TextField(_("nguồn"), help_text=_("Địa chỉ hoặc tên bài, văn bản."))
    article_date = models.CharField(_("ngày đăng"), max_length=80, blank=True)
    note = models.TextField(_("ghi chú công khai"), blank=True)
    note_en = models.TextField(_("ghi chú công khai (tiếng Anh)"), blank=True)
    working_note = models.TextField(
        _("ghi chú biên soạn"),
        blank=True,
        help_text=_("Chỉ người quản trị thấy."),
    )
    imported = models.BooleanField(
        _("nạp từ tệp"),
        default=False,
        editable=False,
        help_text=_("Nạp từ tệp nguồn; nạp lại thì thay. Giá trị nhập tay được giữ."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name", "metric__code", "year", "superseded", "pk"]
        verbose_name = _("giá trị chỉ tiêu ngoài DTI")
        verbose_name_plural = _("giá trị chỉ tiêu ngoài DTI")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "metric", "year", "source"], name="kpi_observation_unique"
            ),
            year_check("kpi_observation_year_range"),
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit_id else "Cả nước"
        return f"{where} {self.year} {self.metric.code} = {self.value}"

    @property
    def is_national(self) -> bool:
        return self.unit_id is None

    @property
    def source_urls(self) -> list[str]:
        return [p.strip() for p in self.source.split(" | ") if p.strip().startswith("http")]

    @property
    def article_date_shown(self) -> str:
        """The article date as a date only ("10/08/2024", "≈ 01/2026", "2023"): the file's
        cell may carry working remarks in English around it."""
        cell = self.article_date.strip()
        approximate = cell.startswith("~")
        match = _DATE_TOKEN.match(cell.lstrip("~"))  # a leading date only, never a guess
        if not match:
            return ""
        return ("≈ " if approximate else "") + match.group(0)

    @property
    def text_is_vietnamese(self) -> bool:
        """Whether the quote is in Vietnamese (a few are quoted from English pages)."""
        return any(ch in _VIETNAMESE_LETTERS for ch in self.text.lower())

    def clean(self) -> None:
        if (
            self.metric_id
            and self.metric.unit_label == "%"
            and self.value is not None
            and not 0 <= self.value <= 100
        ):
            raise ValidationError({"value": _("Tỷ lệ phần trăm phải trong khoảng 0–100.")})


class Responsibility(models.Model):
    """Who usually answers for a main index in a province (rank drivers page).

    Keyed by indicator code (stable across years, and present before any framework is
    loaded); the defaults come from a data migration and admins edit them."""

    code = models.CharField(
        _("mã chỉ số"),
        max_length=20,
        unique=True,
        help_text=_("Mã chỉ số chính (HTS, HDCQS…) hoặc OTHER cho các chỉ số nền tảng gộp."),
    )
    department = models.CharField(_("cơ quan thường chịu trách nhiệm"), max_length=300)
    department_en = models.CharField(
        _("cơ quan thường chịu trách nhiệm (tiếng Anh)"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("cơ quan phụ trách chỉ số")
        verbose_name_plural = _("cơ quan phụ trách chỉ số")

    def __str__(self) -> str:
        return f"{self.code}: {self.department}"

    @property
    def label(self) -> str:
        return localized(self.department, self.department_en)
