"""Admin for the unit register (Vietnamese labels; search ignores accents)."""

from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from provinces.history import history_baseline_ensure
from provinces.models import Alias, Region, Succession, Unit
from provinces.text import search_key


class HistoryContextHelper(HistoricalRecordContextHelper):
    """The "changes" cell in Vietnamese: an empty link is "—", not "Deleted … (pk=None)"
    (simple-history has no Vietnamese catalogue)."""

    def prepare_delta_change_value(self, change, value):
        if isinstance(value, DeletedObject):
            if value.pk is None:
                return "—"
            return gettext("%(type)s đã xóa (mã %(pk)s)") % {
                "type": capfirst(value.model._meta.verbose_name),
                "pk": value.pk,
            }
        if value is None:
            return "—"
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """Admin with the change history (who, when, old → new) and its "Revert" view;
    a row loaded in bulk gets its prior state recorded before its first change.

    The history table is templates/simple_history/object_history_list.html: its
    headers are the fields' verbose names, not their attribute names."""

    def history_view(self, request, object_id, extra_context=None):
        columns = [
            (name, capfirst(label_for_field(name, self.model, self)))
            for name in self.get_history_list_display(request)
        ]
        return super().history_view(
            request, object_id, extra_context={"history_columns": columns, **(extra_context or {})}
        )

    def history_view_title(self, request, obj):
        return _("Lịch sử thay đổi: %s") % obj

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryContextHelper(self.model, historical_record)

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
