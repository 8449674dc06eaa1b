"""What the admin classes share: the pool filter, filter titles, and the unit scoping
that keeps a provincial editor to their assigned units."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from indicators.entry import rights
from provinces.models import Unit
from provinces.pools import POOLS


class UnitPoolFilter(admin.SimpleListFilter):
    """Rows of the units of one ranking pool (63 before, 34 after 01/07/2025)."""

    title = _("nhóm đơn vị")
    parameter_name = "pool"

    def lookups(self, request, model_admin):
        return [(str(p), _("%(pool)s đơn vị") % {"pool": p}) for p in POOLS]

    def queryset(self, request, queryset):
        if self.value() in {str(p) for p in POOLS}:
            return queryset.filter(unit__in=Unit.objects.in_pool(int(self.value())))
        return queryset


def titled(filter_class: type[admin.FieldListFilter], title: str) -> type[admin.FieldListFilter]:
    """A field filter with its own title: two fields of the same verbose name
    ("trạng thái" of a value and of its change set) get two different headings."""

    class Titled(filter_class):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


class UnitScopedAdminMixin:
    """Add/change/delete only rows of units the user may edit (indicators.entry.rights)."""

    def _unit_allowed(self, request: HttpRequest, obj) -> bool:
        return obj is None or rights.can_edit_unit(request.user, obj.unit_id)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._unit_allowed(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._unit_allowed(request, obj)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "unit" and not rights.can_edit_all_units(request.user):
            kwargs["queryset"] = rights.editable_units(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not rights.can_edit_unit(request.user, obj.unit_id):  # a crafted POST past the form
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        allowed = rights.editable_unit_ids(request.user)
        if allowed is not None and queryset.exclude(unit_id__in=allowed).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)
