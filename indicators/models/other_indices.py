"""Other provincial indices shown beside the DTI: PAPI (governance and public
administration, CECODES – RTA – UNDP) and PCI (competitiveness, VCCI).

They are separate indices with their own methods: values are stored as their
publishers printed them, for the 63 units valid before 01/07/2025 only (no
back-cast to the merged units), and a province-year that no source states has no
row at all.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from provinces.models import Unit


class OtherIndexValue(models.Model):
    """One published value of PAPI (its total or one of its 8 dimensions) or of the
    PCI total, for one pre-merger unit and year, with the rank printed beside it."""

    class Index(models.TextChoices):
        PAPI = "papi", "PAPI"
        PCI = "pci", "PCI"

    index = models.CharField(_("chỉ số"), max_length=8, choices=Index.choices)
    measure = models.CharField(
        _("thành phần"), max_length=8, help_text=_("total, hoặc d1 … d8 (PAPI)")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="other_index_values",
        verbose_name=_("đơn vị"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("giá trị"), max_digits=8, decimal_places=4, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("thứ hạng"), null=True, blank=True)
    rank_pool = models.PositiveSmallIntegerField(_("số đơn vị được xếp"), null=True, blank=True)
    rank_official = models.BooleanField(
        _("thứ hạng chính thức"),
        default=False,
        help_text=_(
            "PCI: thứ hạng do VCCI công bố. PAPI chỉ công bố nhóm, không công bố thứ hạng: "
            "thứ hạng PAPI là thứ tự theo điểm tổng."
        ),
    )
    source_url = models.URLField(_("địa chỉ nguồn"), max_length=1000)
    source_title = models.CharField(_("mô tả nguồn"), max_length=500, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["index", "unit", "year", "measure"]
        verbose_name = _("giá trị chỉ số khác (PAPI, PCI)")
        verbose_name_plural = _("giá trị chỉ số khác (PAPI, PCI)")
        constraints = [
            models.UniqueConstraint(
                fields=["index", "measure", "unit", "year"], name="other_index_value_unique"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(rank__isnull=False),
                name="other_index_value_or_rank",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=100),
                name="other_index_value_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.measure} {self.unit} {self.year}"
