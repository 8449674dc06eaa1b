"""What is measured and how units score: the index framework per year, scores,
published ranks, sources and national reference values."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from provinces.models import Unit, localized

YEAR_MIN, YEAR_MAX = 2015, 2100


def _year_check(name: str, field: str = "year") -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX}), name=name
    )


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


class FrameworkQuerySet(models.QuerySet):
    def published(self) -> "FrameworkQuerySet":
        """Years with at least one published score: what public pages may list
        (a year holding only drafts stays hidden). One query, whatever the size."""
        scores = Score.objects.published().filter(year=OuterRef("year"))
        if not getattr(settings, "DTI_INCLUDE_SYNTHETIC", False):
            scores = scores.filter(
                unit__is_synthetic=False
            )  # a year of synthetic data only is no published year
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
        constraints = [_year_check("framework_year_range")]

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


class Provenance(models.TextChoices):
    """Where a value comes from. Only PUBLISHED is a fact read in a source."""

    PUBLISHED = "published", _("công bố")
    PILLAR_FORMULA = "pillar-formula", _("tính từ các chỉ số chính đã công bố")
    MERGER_RULE = "merger-rule", _("tính theo quy tắc sáp nhập chính thức")
    MERGER_BACKCAST = "merger-backcast", _("ước tính ngược theo quy tắc sáp nhập")


class ChangeSet(models.Model):
    """One batch of entered values (an upload, or edits in the admin): a draft that
    only staff see until someone with the publish right publishes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("bản nháp")
        PUBLISHED = "published", _("đã công bố")
        DISCARDED = "discarded", _("đã hủy")

    class Origin(models.TextChoices):
        UPLOAD = "upload", _("tải tệp lên")
        COMMAND = "command", _("lệnh import_dti")
        ADMIN = "admin", _("sửa trong trang quản trị")

    year = models.PositiveSmallIntegerField(_("năm"))
    pool = models.PositiveSmallIntegerField(_("nhóm xếp hạng"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    origin = models.CharField(
        _("cách nhập"), max_length=10, choices=Origin.choices, default=Origin.UPLOAD
    )
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("mã băm SHA-256 của tệp"), max_length=64, blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("nguồn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_sets",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    row_count = models.PositiveIntegerField(_("số dòng"), default=0)
    added_count = models.PositiveIntegerField(_("số giá trị thêm"), default=0)
    changed_count = models.PositiveIntegerField(_("số giá trị đổi"), default=0)
    unchanged_count = models.PositiveIntegerField(_("số giá trị giữ nguyên"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lúc nhập"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("lúc công bố"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("đợt nhập liệu")
        verbose_name_plural = _("đợt nhập liệu")
        permissions = [("publish_changeset", _("Có thể công bố đợt nhập liệu"))]
        constraints = [_year_check("changeset_year_range")]

    def __str__(self) -> str:
        return f"#{self.pk} DTI {self.year} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def summary(self) -> dict[str, int]:
        return {
            "rows": self.row_count,
            "added": self.added_count,
            "changed": self.changed_count,
            "unchanged": self.unchanged_count,
        }


class EditorAssignment(models.Model):
    """A unit whose figures a provincial editor may enter. National editors (the
    ``edit_all_units`` permission) and superusers need none."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="unit_assignments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="editor_assignments"
    )

    class Meta:
        ordering = ["user__username", "unit__name"]
        verbose_name = _("phân công biên tập")
        verbose_name_plural = _("phân công biên tập")
        permissions = [("edit_all_units", _("Có thể sửa số liệu của mọi đơn vị"))]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="editor_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"


class ScoreStatus(models.TextChoices):
    """A draft value waits in a change set; only published values are public."""

    PUBLISHED = "published", _("đã công bố")
    DRAFT = "draft", _("bản nháp")


class ScoreQuerySet(models.QuerySet):
    def published(self) -> "ScoreQuerySet":
        """Published scores only: what every public page and export reads. Drafts
        (values entered but not yet published) are excluded."""
        return self.filter(status=ScoreStatus.PUBLISHED)

    def drafts(self) -> "ScoreQuerySet":
        """Draft scores, waiting in a change set for publication (staff only)."""
        return self.filter(status=ScoreStatus.DRAFT)

    def for_year(self, year: int) -> "ScoreQuerySet":
        """Scores of an assessment year."""
        return self.filter(year=year)

    def for_scorecard(self) -> "ScoreQuerySet":
        """Scores with their indicator code loaded (ranking and province pages)."""
        return self.select_related("indicator").prefetch_related("sources")

    def real(self) -> "ScoreQuerySet":
        """Scores of real (not synthetic) units."""
        return self.filter(unit__is_synthetic=False)


class Score(models.Model):
    """A unit's value on one indicator in one assessment year (0..1, published to 4 decimals)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="scores", verbose_name=_("đơn vị")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="scores", verbose_name=_("chỉ số")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=7, decimal_places=6)
    provenance = models.CharField(
        _("nguồn gốc"), max_length=20, choices=Provenance.choices, default=Provenance.PUBLISHED
    )
    sources = models.ManyToManyField(
        Source, verbose_name=_("nguồn"), blank=True, related_name="scores"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    # Loaded published data is published; values entered by admins start as drafts.
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ScoreStatus.choices, default=ScoreStatus.PUBLISHED
    )
    change_set = models.ForeignKey(
        ChangeSet,
        verbose_name=_("đợt nhập liệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scores",
    )

    objects = ScoreQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "unit__name", "indicator__order"]
        verbose_name = _("điểm")
        verbose_name_plural = _("điểm")
        constraints = [
            # One published and at most one draft value per unit, indicator and year.
            models.UniqueConstraint(
                fields=["unit", "indicator", "year", "status"],
                name="score_unit_indicator_year_status_unique",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=1), name="score_value_0_1"
            ),
            _year_check("score_year_range"),
        ]
        indexes = [models.Index(fields=["year", "indicator"])]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year} {self.indicator.code} = {self.value}"

    @property
    def is_published(self) -> bool:
        return self.provenance == Provenance.PUBLISHED

    @property
    def is_draft(self) -> bool:
        """Entered but not yet published (not the provenance: see ``is_published``)."""
        return self.status == ScoreStatus.DRAFT


class PublishedRank(models.Model):
    """A rank as published (a fact), in its pool. Computed ranks are never stored."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="published_ranks", verbose_name=_("đơn vị")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("chỉ số")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    pool = models.PositiveSmallIntegerField(
        _("nhóm xếp hạng"), help_text=_("Số đơn vị được xếp hạng: 63 hoặc 34")
    )
    rank = models.PositiveSmallIntegerField(_("thứ hạng"))
    sources = models.ManyToManyField(
        Source, verbose_name=_("nguồn"), blank=True, related_name="ranks"
    )
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "pool", "indicator__order", "rank"]
        verbose_name = _("thứ hạng công bố")
        verbose_name_plural = _("thứ hạng công bố")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "year", "pool"],
                name="rank_unit_indicator_year_pool_unique",
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=models.F("pool")), name="rank_within_pool"
            ),
            _year_check("rank_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year} {self.indicator.code} {self.rank}/{self.pool}"


class ReferenceValue(models.Model):
    """A national figure of a year: the provincial average or the national DTI."""

    class Kind(models.TextChoices):
        PROVINCIAL_AVERAGE = "provincial-average", _("Trung bình cấp tỉnh")
        NATIONAL = "national", _("DTI quốc gia")

    year = models.PositiveSmallIntegerField(_("năm"))
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("chỉ số")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    value = models.DecimalField(_("giá trị"), max_digits=7, decimal_places=6)
    count_above_average = models.PositiveSmallIntegerField(
        _("số tỉnh trên trung bình"), null=True, blank=True
    )
    sources = models.ManyToManyField(Source, verbose_name=_("nguồn"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["year", "indicator__order", "kind"]
        verbose_name = _("giá trị tham chiếu")
        verbose_name_plural = _("giá trị tham chiếu")
        constraints = [
            models.UniqueConstraint(fields=["year", "indicator", "kind"], name="reference_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=1), name="reference_value_0_1"
            ),
            _year_check("reference_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator.code} {self.get_kind_display()} = {self.value}"


class UnitYearNote(models.Model):
    """What a source says of a unit's year beyond values and ranks ("in the top-10
    list, 5th name"; "rank 57, down 24 places" …). Shown on the province page."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="year_notes", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    pool = models.PositiveSmallIntegerField(_("nhóm xếp hạng"))
    text = models.TextField(_("nội dung"))
    sources = models.ManyToManyField(Source, verbose_name=_("nguồn"), blank=True)

    class Meta:
        ordering = ["year", "pool", "id"]
        verbose_name = _("ghi chú theo năm")
        verbose_name_plural = _("ghi chú theo năm")
        constraints = [_year_check("note_year_range")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}: {self.text[:60]}"


# ----------------------------------------------------------------------------
# Resolutions, targets and KPI observations (DESIGN §5)
# ----------------------------------------------------------------------------


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


class KpiObservation(models.Model):
    """A yearly observed value of a KPI metric for a unit, with its source. Entered by
    admins (or loaded from kpi_observations.csv, ``imported``): a KPI target gets a
    status as soon as its metric has values."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="kpi_observations", verbose_name=_("đơn vị")
    )
    metric = models.ForeignKey(
        KpiMetric, on_delete=models.PROTECT, related_name="observations", verbose_name=_("chỉ tiêu")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=4)
    value_unit = models.CharField(_("đơn vị đo"), max_length=40, blank=True)
    text = models.TextField(_("nguồn ghi"), blank=True, help_text=_("Câu trích từ nguồn."))
    source = models.TextField(_("nguồn"), help_text=_("Địa chỉ hoặc tên bài, văn bản."))
    note = models.TextField(_("ghi chú"), blank=True)
    imported = models.BooleanField(
        _("nạp từ tệp"),
        default=False,
        editable=False,
        help_text=_("Nạp từ kpi_observations.csv; nạp lại thì thay. Giá trị nhập tay được giữ."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name", "metric__code", "year"]
        verbose_name = _("giá trị chỉ tiêu ngoài DTI")
        verbose_name_plural = _("giá trị chỉ tiêu ngoài DTI")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "metric", "year"], name="kpi_observation_unique"
            ),
            _year_check("kpi_observation_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year} {self.metric.code} = {self.value}"

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


class DataVersion(models.Model):
    """One row: a token that changes whenever any public data changes (a publish, an
    admin edit, a reload). Page caches and the in-process catalog are keyed by it,
    so a publish invalidates them at once on every app server sharing the database."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self) -> str:
        return f"{self.token} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"
