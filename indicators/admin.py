"""Admin for frameworks, scores, published ranks and national values.

Published ranks show the rank computed from the pool's values beside them, and a
filter lists the ones that disagree (DESIGN §3: the published rank is shown, the
disagreement is flagged for admins).
"""

import threading

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from provinces.admin import AccentInsensitiveSearchMixin

from .models import (
    Framework,
    FrameworkIndicator,
    Indicator,
    KpiMetric,
    KpiObservation,
    PublishedRank,
    ReferenceValue,
    Resolution,
    Score,
    Source,
    Target,
    UnitYearNote,
)
from .selectors import computed_rank_lookup


class FrameworkIndicatorInline(admin.TabularInline):
    model = FrameworkIndicator
    extra = 0
    fields = ["indicator", "parent", "pillar", "max_points"]
    autocomplete_fields = ["indicator"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["year", "method_changed", "weights_confirmed", "published_on"]
    inlines = [FrameworkIndicatorInline]
    filter_horizontal = ["sources"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["url", "title"]
    search_fields = ["url", "title"]


@admin.register(Score)
class ScoreAdmin(AccentInsensitiveSearchMixin, admin.ModelAdmin):
    alias_path = "unit__aliases__key"
    list_display = ["unit", "year", "indicator", "value", "provenance"]
    list_filter = ["year", "indicator", "provenance", "unit__region"]
    search_fields = ["unit__name", "indicator__code"]
    autocomplete_fields = ["unit", "indicator", "sources"]
    list_select_related = ["unit", "indicator"]


class RankAgreementFilter(admin.SimpleListFilter):
    title = _("so với thứ hạng tính được")
    parameter_name = "agreement"

    def lookups(self, request, model_admin):
        return [("differs", _("khác thứ hạng tính được")), ("matches", _("khớp")), ("unknown", _("không tính được"))]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        computed = computed_rank_lookup()
        wanted = []
        for pk, unit_id, code, year, pool, rank in queryset.values_list(
            "pk", "unit_id", "indicator__code", "year", "pool", "rank"
        ):
            mine = computed.get((unit_id, code, year, pool))
            state = "unknown" if mine is None else ("matches" if mine == rank else "differs")
            if state == self.value():
                wanted.append(pk)
        return queryset.filter(pk__in=wanted)


@admin.register(PublishedRank)
class PublishedRankAdmin(AccentInsensitiveSearchMixin, admin.ModelAdmin):
    alias_path = "unit__aliases__key"
    list_display = ["unit", "year", "indicator", "pool", "rank", "computed_rank"]
    list_filter = [RankAgreementFilter, "year", "pool", "indicator"]
    search_fields = ["unit__name"]
    autocomplete_fields = ["unit", "indicator", "sources"]
    list_select_related = ["unit", "indicator"]
    _local = threading.local()

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # One computation of every pool's ranks per page view, not one per row
        # (kept per thread: the ModelAdmin instance is shared between requests).
        self._local.computed = computed_rank_lookup()
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("hạng tính được"))
    def computed_rank(self, obj: PublishedRank) -> str:
        computed = getattr(self._local, "computed", {}).get((obj.unit_id, obj.indicator.code, obj.year, obj.pool))
        if computed is None:
            return "—"
        return f"{computed}" if computed == obj.rank else f"⚠ {computed}"


@admin.register(ReferenceValue)
class ReferenceValueAdmin(admin.ModelAdmin):
    list_display = ["year", "indicator", "kind", "value", "count_above_average"]
    list_filter = ["year", "kind"]


@admin.register(UnitYearNote)
class UnitYearNoteAdmin(AccentInsensitiveSearchMixin, admin.ModelAdmin):
    alias_path = "unit__aliases__key"
    list_display = ["unit", "year", "pool", "text"]
    list_filter = ["year", "pool"]
    search_fields = ["unit__name", "text"]
    autocomplete_fields = ["unit"]


# --- Resolutions, targets and KPI observations (issue 4) ---------------------------


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0
    fields = [("kind", "method"), "text", ("indicator", "kpi_metric", "metric_code"), ("comparator", "value", "target_year"),
              ("baseline_year", "baseline_value"), ("disputed", "other_reading"), "dispute_note", "sources", "source_note"]  # fmt: skip
    autocomplete_fields = ["indicator", "kpi_metric", "sources", "other_reading"]


@admin.register(Resolution)
class ResolutionAdmin(AccentInsensitiveSearchMixin, admin.ModelAdmin):
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
class TargetAdmin(AccentInsensitiveSearchMixin, admin.ModelAdmin):
    alias_path = "unit__aliases__key"
    list_display = ["unit", "short_text", "kind", "comparator", "value", "target_year", "method", "disputed"]
    list_filter = ["kind", "target_year", "method", "disputed"]
    search_fields = ["text", "unit__name", "resolution__number"]
    autocomplete_fields = ["resolution", "unit", "indicator", "kpi_metric", "other_reading", "sources"]
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
class KpiObservationAdmin(AccentInsensitiveSearchMixin, admin.ModelAdmin):
    """Enter a yearly value here: the targets on the same unit and metric get a status at once."""

    alias_path = "unit__aliases__key"
    list_display = ["unit", "metric", "year", "value", "value_unit", "imported"]
    list_filter = ["imported", "year", "metric"]
    search_fields = ["unit__name", "metric__code", "metric__name"]
    autocomplete_fields = ["unit", "metric"]
    list_select_related = ["unit", "metric"]
    fields = ["unit", "metric", "year", "value", "value_unit", "text", "source", "note", "imported"]
    readonly_fields = ["imported"]
