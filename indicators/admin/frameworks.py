"""Admin of frameworks, indicators, sources and the validity of derived figures."""

from django.contrib import admin
from django.db import transaction

from indicators.loading.derived import derived_scores_recompute
from indicators.models import (
    Derivation,
    Framework,
    FrameworkIndicator,
    Indicator,
    Source,
)


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


@admin.register(Derivation)
class DerivationAdmin(admin.ModelAdmin):
    """Marking a year valid or not for a derived figure rebuilds every derived value."""

    list_display = ["figure", "year", "valid", "evidence"]
    list_filter = ["figure", "valid"]

    def save_model(self, request, obj, form, change) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            derived_scores_recompute()

    def delete_model(self, request, obj) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            derived_scores_recompute()
