"""Admin for the unit register (Vietnamese labels; search ignores accents)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from provinces.history import history_baseline_ensure
from provinces.models import Alias, Region, Succession, Unit
from provinces.text import search_key


class HistoryAdmin(SimpleHistoryAdmin):
    """Admin with the change history (who, when, old → new) and its "Revert" view;
    a row loaded in bulk gets its prior state recorded before its first change."""

    def save_model(self, request, obj, form, change) -> None:
        if change:
            history_baseline_ensure(self.model, [obj.pk])
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj) -> None:
        history_baseline_ensure(self.model, [obj.pk])
        super().delete_model(request, obj)


class AccentInsensitiveSearchMixin:
    """Search by any spelling: "ha giang" finds "Hà Giang" through the alias keys."""

    alias_path = "aliases__key"

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = search_key(search_term)
        if key:
            results = results | queryset.filter(**{f"{self.alias_path}__contains": key})
            may_have_duplicates = True
        return results, may_have_duplicates


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0
    fields = ["name", "key"]
    readonly_fields = ["key"]


class PeriodFilter(admin.SimpleListFilter):
    title = _("thời kỳ")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [("old", _("63 đơn vị trước 01/07/2025")), ("new", _("34 đơn vị từ 01/07/2025"))]

    def queryset(self, request, queryset):
        if self.value() == "old":
            return queryset.in_pool(63)
        if self.value() == "new":
            return queryset.in_pool(34)
        return queryset


@admin.register(Unit)
class UnitAdmin(AccentInsensitiveSearchMixin, HistoryAdmin):
    list_display = [
        "name",
        "code",
        "kind",
        "region",
        "valid_from",
        "valid_to",
        "slug",
        "is_synthetic",
    ]
    list_filter = [PeriodFilter, "region", "kind", "level", "is_synthetic"]
    search_fields = ["name", "code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline]
    list_select_related = ["region"]
    history_list_display = ["name", "code", "valid_from", "valid_to"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "order"]


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "effective_date"]
    list_select_related = ["predecessor", "successor"]
    search_fields = ["predecessor__name", "successor__name"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(Alias)
class AliasAdmin(AccentInsensitiveSearchMixin, admin.ModelAdmin):
    alias_path = "key"
    list_display = ["name", "unit", "key"]
    search_fields = ["name", "unit__name"]
    readonly_fields = ["key"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
