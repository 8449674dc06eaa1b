"""Admin of resolutions, targets, KPI metrics and observations, responsibilities."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indicators.admin.common import UnitScopedAdminMixin
from indicators.models import (
    KpiMetric,
    KpiObservation,
    Resolution,
    Responsibility,
    Target,
)
from provinces.admin import AccentInsensitiveSearchMixin, HistoryAdmin


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0
    fields = [
        ("kind", "method"),
        "text",
        ("indicator", "kpi_metric", "metric_code"),
        ("comparator", "value", "target_year"),
        ("baseline_year", "baseline_value"),
        ("disputed", "other_reading"),
        "dispute_note",
        "sources",
        "source_note",
        "working_note",
    ]
    autocomplete_fields = ["indicator", "kpi_metric", "sources", "other_reading"]


@admin.register(Resolution)
class ResolutionAdmin(UnitScopedAdminMixin, AccentInsensitiveSearchMixin, admin.ModelAdmin):
    alias_path = "unit__aliases__key"
    list_display = ["number", "unit", "issued_on", "issued_on_other", "issuer", "period"]
    list_filter = ["issuer"]
    search_fields = ["number", "unit__name"]
    autocomplete_fields = ["unit", "sources"]
    list_select_related = ["unit"]
    inlines = [TargetInline]

    def save_formset(self, request, form, formset, change):
        # A target belongs to the unit that issued its document.
        for target in formset.save(commit=False):
            target.unit = form.instance.unit
            target.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Target)
class TargetAdmin(UnitScopedAdminMixin, AccentInsensitiveSearchMixin, HistoryAdmin):
    alias_path = "unit__aliases__key"
    list_display = [
        "unit",
        "short_text",
        "kind",
        "comparator",
        "value",
        "target_year",
        "method",
        "disputed",
    ]
    list_filter = ["kind", "target_year", "method", "disputed"]
    search_fields = ["text", "unit__name", "resolution__number"]
    autocomplete_fields = [
        "resolution",
        "unit",
        "indicator",
        "kpi_metric",
        "other_reading",
        "sources",
    ]
    list_select_related = ["unit"]

    @admin.display(description=_("mục tiêu"))
    def short_text(self, obj: Target) -> str:
        return obj.text[:90]


@admin.register(KpiMetric)
class KpiMetricAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit_label", "higher_is_better"]
    list_filter = ["higher_is_better", "unit_label"]
    search_fields = ["code", "name", "name_en"]


@admin.register(KpiObservation)
class KpiObservationAdmin(UnitScopedAdminMixin, AccentInsensitiveSearchMixin, HistoryAdmin):
    """Enter a yearly value here: the targets on the same unit and metric get a status at once."""

    alias_path = "unit__aliases__key"
    list_display = [
        "unit",
        "metric",
        "year",
        "qualifier",
        "value",
        "value_unit",
        "series",
        "definition_differs",
        "superseded",
        "imported",
    ]
    list_filter = ["imported", "year", "metric"]
    search_fields = ["unit__name", "metric__code", "metric__name"]
    autocomplete_fields = ["unit", "metric"]
    list_select_related = ["unit", "metric"]
    fields = [
        "unit",
        "metric",
        "year",
        "period",
        "qualifier",
        "value",
        "value_unit",
        "series",
        "definition_differs",
        "superseded",
        "text",
        "source",
        "article_date",
        "note",
        "note_en",
        "working_note",
        "imported",
    ]
    readonly_fields = ["imported"]


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    """Labels on the rank drivers page: the department usually responsible for each index."""

    list_display = ["code", "department", "department_en"]
    search_fields = ["code", "department", "department_en"]
