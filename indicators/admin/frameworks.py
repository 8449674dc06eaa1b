"""Admin of frameworks, indicators and sources."""

from django.contrib import admin

from indicators.models import (
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
