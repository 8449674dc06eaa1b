"""Scores and how they change: values with their provenance and status, published
ranks, national reference values, unit-year notes, the change sets and editor
assignments of data entry, and the data version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models.frameworks import Indicator, PublicNote, Source, year_check
from provinces.models import Unit, localized


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
    source_document = models.CharField(
        _("văn bản nguồn"),
        max_length=200,
        blank=True,
        help_text=_(
            "Số văn bản công bố số liệu, khi không có địa chỉ trang web (vd. 405/QĐ-BKHCN)."
        ),
    )
    source_date = models.DateField(_("ngày văn bản nguồn"), null=True, blank=True)
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
        constraints = [year_check("changeset_year_range")]

    def __str__(self) -> str:
        return f"#{self.pk} DTI {self.year} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def has_source(self) -> bool:
        """A change set is published only with its provenance: an address, or a
        document number and its date."""
        return bool(self.source_id or (self.source_document.strip() and self.source_date))

    @property
    def provenance_label(self) -> str:
        if self.source_id:
            return self.source.url
        if self.source_document and self.source_date:
            return f"{self.source_document} ({self.source_date:%d/%m/%Y})"
        return ""

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


class Score(PublicNote, models.Model):
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
    note = models.TextField(
        _("ghi chú công khai"), blank=True, help_text=_("Ngắn, cho người đọc trang.")
    )
    note_en = models.TextField(_("ghi chú công khai (tiếng Anh)"), blank=True)
    working_note = models.TextField(
        _("ghi chú biên soạn"),
        blank=True,
        help_text=_("Chỉ người quản trị thấy: cách đọc nguồn, đối chiếu, việc cần kiểm tra."),
    )
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
            year_check("score_year_range"),
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


class PublishedRank(PublicNote, models.Model):
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
    note = models.TextField(_("ghi chú công khai"), blank=True)
    note_en = models.TextField(_("ghi chú công khai (tiếng Anh)"), blank=True)
    working_note = models.TextField(
        _("ghi chú biên soạn"),
        blank=True,
        help_text=_("Chỉ người quản trị thấy: cách đọc nguồn, đối chiếu, việc cần kiểm tra."),
    )

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
            year_check("rank_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year} {self.indicator.code} {self.rank}/{self.pool}"


class ReferenceValue(PublicNote, models.Model):
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
    pool = models.PositiveSmallIntegerField(
        _("nhóm đơn vị của giá trị"),
        default=63,
        help_text=_(
            "Số đơn vị giá trị công bố bao trùm: mọi trung bình công bố tới 2024 là của 63 tỉnh."
        ),
    )
    sources = models.ManyToManyField(Source, verbose_name=_("nguồn"), blank=True)
    note = models.TextField(_("ghi chú công khai"), blank=True)
    note_en = models.TextField(_("ghi chú công khai (tiếng Anh)"), blank=True)
    working_note = models.TextField(
        _("ghi chú biên soạn"),
        blank=True,
        help_text=_("Chỉ người quản trị thấy: cách đọc nguồn, đối chiếu, việc cần kiểm tra."),
    )

    class Meta:
        ordering = ["year", "indicator__order", "kind"]
        verbose_name = _("giá trị tham chiếu")
        verbose_name_plural = _("giá trị tham chiếu")
        constraints = [
            models.UniqueConstraint(fields=["year", "indicator", "kind"], name="reference_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=1), name="reference_value_0_1"
            ),
            year_check("reference_year_range"),
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
    text = models.TextField(_("nội dung công khai"), blank=True)
    text_en = models.TextField(_("nội dung công khai (tiếng Anh)"), blank=True)
    working_note = models.TextField(
        _("ghi chú biên soạn"),
        blank=True,
        help_text=_("Chỉ người quản trị thấy: cách đọc nguồn, đối chiếu, việc cần kiểm tra."),
    )
    sources = models.ManyToManyField(Source, verbose_name=_("nguồn"), blank=True)

    class Meta:
        ordering = ["year", "pool", "id"]
        verbose_name = _("ghi chú theo năm")
        verbose_name_plural = _("ghi chú theo năm")
        constraints = [year_check("note_year_range")]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}: {(self.text or self.working_note)[:60]}"

    @property
    def local_text(self) -> str:
        return localized(self.text, self.text_en)


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
