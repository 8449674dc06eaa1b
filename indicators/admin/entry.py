"""Admin of change sets and editor assignments; bulk actions report errors as messages."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indicators.entry import rights
from indicators.entry.imports import (
    change_set_discard,
)
from indicators.models import (
    ChangeSet,
    EditorAssignment,
)
from provinces.admin import AccentInsensitiveSearchMixin

ACTION_ERRORS = (ValueError, ValidationError, PermissionDenied)


def _action_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Thao tác không thực hiện được.")


@admin.register(ChangeSet)
class ChangeSetAdmin(admin.ModelAdmin):
    """Change sets are made by the upload page or by admin edits, never here; this
    lists them and publishes or discards drafts."""

    list_display = [
        "__str__",
        "year",
        "pool",
        "status",
        "origin",
        "file_name",
        "created_by",
        "created_at",
        "published_by",
        "review",
    ]
    list_filter = ["status", "year", "pool", "origin"]
    search_fields = ["file_name", "note", "created_by__username"]
    actions = ["publish", "discard"]
    change_list_template = "admin/indicators/changeset/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    # A draft's provenance can be given here; everything else is read-only.
    SOURCE_FIELDS = ("source", "source_document", "source_date")
    autocomplete_fields = ["source"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        names = [f.name for f in ChangeSet._meta.fields]
        if obj is not None and obj.is_draft:
            return [n for n in names if n not in self.SOURCE_FIELDS]
        return names

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # discard instead: the history of its values stays

    @admin.display(description=_("xem"))
    def review(self, obj: ChangeSet) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("indicators:change-set", args=[obj.pk]),
            _("xem / công bố"),
        )

    @admin.action(description=_("Công bố các đợt nháp đã chọn"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[ChangeSet]):
        """Not at once: publishing has a confirm step that shows what will change, on
        the change set's page; the action takes the publisher there."""
        drafts = list(queryset.filter(status=ChangeSet.Status.DRAFT)[:2])
        if len(drafts) != 1:
            self.message_user(
                request,
                _("Chọn đúng một đợt nháp: công bố cần xem và xác nhận từng đợt."),
                messages.WARNING,
            )
            return None
        return redirect("indicators:change-set", pk=drafts[0].pk)

    @admin.action(description=_("Hủy các đợt nháp đã chọn"), permissions=["publish"])
    def discard(self, request: HttpRequest, queryset: QuerySet[ChangeSet]) -> None:
        for change_set in queryset.filter(status=ChangeSet.Status.DRAFT):
            try:
                count = change_set_discard(change_set=change_set, user=request.user)
            except ACTION_ERRORS as exc:
                self.message_user(request, _action_error(exc), messages.ERROR)
                continue
            self.message_user(
                request,
                _("Đã hủy đợt #%(id)s (%(count)s giá trị).")
                % {"id": change_set.pk, "count": count},
                messages.WARNING,
            )

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return rights.can_publish(request.user)


@admin.register(EditorAssignment)
class EditorAssignmentAdmin(AccentInsensitiveSearchMixin, admin.ModelAdmin):
    """Which units a provincial editor may enter (group "Biên tập viên cấp tỉnh")."""

    alias_path = "unit__aliases__key"
    list_display = ["user", "unit"]
    list_filter = ["user"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit", "user"]
    list_select_related = ["user", "unit"]


# --- Resolutions, targets and KPI observations (issue 4) ---------------------------
