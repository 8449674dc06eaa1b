"""Who is assessed: provincial units with their validity period, successions,
name spellings and regions. Nothing here knows about scores."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from provinces.pools import POOL_DATES
from provinces.text import search_key


def localized(vietnamese: str, english: str) -> str:
    """The text in the active language: English when it is active and the text exists."""
    return english if english and get_language() == "en" else vietnamese


def date_label(day: datetime.date) -> str:
    """30/06/2025 in Vietnamese, "30 June 2025" in English (never the ambiguous 06/30)."""
    if get_language() == "en":
        return f"{day.day} {day:%B %Y}"
    return f"{day:%d/%m/%Y}"


class Region(models.Model):
    """A socio-economic region (vùng kinh tế – xã hội) used to filter rankings."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("vùng")
        verbose_name_plural = _("vùng")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the active language."""
        return localized(self.name, self.name_en)


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "UnitQuerySet":
        """Units that existed on ``day`` (validity period includes the day)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def in_pool(self, pool: int) -> "UnitQuerySet":
        """Units of a ranking pool: 63 = the units of 30/06/2025, 34 = those of 01/07/2025.

        Real pages never show synthetic units (made for benchmarks only).
        """
        return self.valid_on(POOL_DATES[pool]).real()

    def real(self) -> "UnitQuerySet":
        """Units from published data (no synthetic benchmark units). Only a server
        started for the benchmark (DTI_INCLUDE_SYNTHETIC=true) lets them in."""
        if getattr(settings, "DTI_INCLUDE_SYNTHETIC", False):
            return self.all()
        return self.filter(is_synthetic=False)


class Unit(models.Model):
    """A provincial unit: (code, validity period).

    Codes and names were reused on 01/07/2025 (the new Bắc Ninh carries code 24,
    which was Bắc Giang's), so neither identifies a unit alone. A unit that was
    not merged (Hà Nội, Huế, …) is one row valid in both periods.
    """

    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Tỉnh")
        CITY = "thanh-pho", _("Thành phố")

    class Level(models.TextChoices):
        PROVINCE = "province", _("cấp tỉnh")
        DISTRICT = "district", _("cấp huyện")

    code = models.CharField(_("mã"), max_length=8, help_text=_("Mã đơn vị hành chính (GSO/NSO)"))
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.PROVINCE)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("vùng"), on_delete=models.PROTECT, related_name="units"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    is_synthetic = models.BooleanField(
        _("dữ liệu giả lập"),
        default=False,
        help_text=_("Chỉ dùng cho thử tải; không bao giờ hiện trên trang thật."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    source_url = models.TextField(_("nguồn"), blank=True)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "valid_from"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_period_unique"),
            # NULLs are distinct in SQL: units valid "from the start" need their own (partial) index.
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_from__isnull=True),
                name="unit_code_unique_from_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.period_label})"

    def get_absolute_url(self) -> str:
        return reverse("indicators:province", kwargs={"slug": self.slug})

    def is_valid_on(self, day: datetime.date) -> bool:
        """Whether the unit existed on ``day`` (the one rule; ``UnitQuerySet.valid_on``
        is the same test in SQL)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def full_name(self) -> str:
        """The official name with its kind: "Tỉnh Hà Giang" ("Hà Giang Province" in English)."""
        if get_language() == "en":
            return f"{self.name} {self.get_kind_display()}"
        return f"{self.get_kind_display()} {self.name}"

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def period_label(self) -> str:
        if self.valid_from and self.valid_to:
            return f"{date_label(self.valid_from)}–{date_label(self.valid_to)}"
        if self.valid_to:
            return _("đến %(date)s") % {"date": date_label(self.valid_to)}
        if self.valid_from:
            return _("từ %(date)s") % {"date": date_label(self.valid_from)}
        return _("không đổi qua sáp nhập 2025")


class Succession(models.Model):
    """One old unit going into one new unit on a date (the 2025 merger table)."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successions_out"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị mới"), on_delete=models.CASCADE, related_name="successions_in"
    )
    effective_date = models.DateField(_("ngày hiệu lực"))
    source_url = models.TextField(_("nguồn"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["successor__name", "predecessor__name"]
        verbose_name = _("sáp nhập")
        verbose_name_plural = _("sáp nhập")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.name} → {self.successor.name}"


class Alias(models.Model):
    """A spelling of a unit's name seen in a source ("TP. Đà Nẵng", "Thừa Thiên - Huế").

    ``key`` is :func:`provinces.text.search_key` of the name: what the importer and
    the search match on (accents, case, spaces and "Tỉnh/TP." ignored).
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("cách viết"), max_length=150)
    key = models.CharField(_("khóa tìm kiếm"), max_length=150, db_index=True, editable=False)

    class Meta:
        ordering = ["unit__name", "name"]
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="alias_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The key is derived from the name; services call full_clean() before save().
        self.key = search_key(self.name)
