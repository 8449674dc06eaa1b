"""Admin for frameworks, scores, published ranks and national values.

Published ranks show the rank computed from the pool's values beside them, and a
filter lists the ones that disagree (DESIGN §3: the published rank is shown, the
disagreement is flagged for admins).

Scores, published ranks and notes are unit-scoped: a provincial editor sees every
row but may add, change or delete only those of their assigned units (forms offer
only those units, and a crafted POST is refused). A score added in the admin is a
draft in the editor's own change set. A published score is never written here: a
change or a revert of it (only for someone with the publish right) is a new draft
in that user's change set, and goes public only when that change set is published.
"""

import threading

from django import forms
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
    change_set_for_admin_edit,
)
from indicators.loading.derived import derived_scores_recompute
from indicators.models import (
    ChangeSet,
    EditorAssignment,
    Framework,
    FrameworkIndicator,
    Indicator,
    KpiMetric,
    KpiObservation,
    Provenance,
    PublishedRank,
    ReferenceValue,
    Resolution,
    Responsibility,
    Score,
    ScoreStatus,
    Source,
    Target,
    UnitYearNote,
)
from indicators.scorecard.selectors import computed_rank_lookup
from provinces.admin import AccentInsensitiveSearchMixin, HistoryAdmin
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


def _stored_score(obj: Score | None) -> Score | None:
    """The row as it is in the database now (None for a new or deleted one). The
    history's revert view hands the admin the *historical* instance, whose status
    and change set may be old ones; every decision is taken on the stored row."""
    if obj is None or obj.pk is None:
        return None
    return Score.objects.filter(pk=obj.pk).only("status", "change_set").first()


def _becomes_draft(obj: Score) -> bool:
    """Whether saving ``obj`` in the admin writes a new draft row: a new score, a
    change (or revert) of a published one, or a revert of a deleted one."""
    stored = _stored_score(obj)
    return stored is None or not stored.is_draft


class ScoreAdminForm(forms.ModelForm):
    class Meta:
        model = Score
        fields = ["unit", "indicator", "year", "value", "sources", "note"]

    def clean(self) -> dict:
        data = super().clean()
        # An edit of a published value is a new draft: one draft per cell at a time.
        keys = ("unit", "indicator", "year")
        if all(data.get(k) for k in keys) and _becomes_draft(self.instance):
            pending = (
                Score.objects.drafts()
                .filter(unit=data["unit"], indicator=data["indicator"], year=data["year"])
                .exclude(pk=self.instance.pk)
                .first()
            )
            if pending is not None:
                raise ValidationError(
                    _("Đã có bản nháp của ô này trong đợt #%(id)s; hãy sửa bản nháp đó.")
                    % {"id": pending.change_set_id}
                )
        return data


@admin.register(Score)
class ScoreAdmin(UnitScopedAdminMixin, AccentInsensitiveSearchMixin, HistoryAdmin):
    alias_path = "unit__aliases__key"
    form = ScoreAdminForm
    list_display = ["unit", "year", "indicator", "value", "status", "provenance", "change_set"]
    list_filter = [
        "year",
        UnitPoolFilter,
        "indicator",
        ("status", titled(admin.ChoicesFieldListFilter, _("trạng thái giá trị"))),
        "provenance",
        "unit__region",
        ("change_set__status", titled(admin.ChoicesFieldListFilter, _("trạng thái đợt nhập liệu"))),
    ]
    search_fields = ["unit__name", "indicator__code"]
    autocomplete_fields = ["unit", "indicator", "sources"]
    list_select_related = ["unit", "indicator", "change_set"]
    readonly_fields = ["status", "provenance", "change_set"]
    history_list_display = ["value", "status", "change_set"]

    def _may_touch(self, request: HttpRequest, obj: Score | None) -> bool:
        # Drafts are edited by editors; a published value only by a publisher. The
        # stored row decides, not ``obj``: the revert view passes a historical copy.
        if obj is None or rights.can_publish(request.user):
            return True
        stored = _stored_score(obj)
        return (stored or obj).is_draft

    def has_change_permission(self, request: HttpRequest, obj: Score | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Score | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)

    def save_model(self, request: HttpRequest, obj: Score, form, change: bool) -> None:
        """No admin save writes a published row or changes a status: a new score,
        an edit or a revert of a published (or deleted) one becomes a draft in the
        user's admin change set, published like any other change set."""
        stored = _stored_score(obj) if change else None
        if stored is not None and stored.is_draft:
            obj.status, obj.change_set_id = ScoreStatus.DRAFT, stored.change_set_id
        else:
            if stored is not None and not rights.can_publish(request.user):
                raise PermissionDenied  # a crafted POST past has_change_permission
            obj.pk = obj.id = None
            obj._state.adding = True
            obj.status = ScoreStatus.DRAFT
            obj.provenance = Provenance.PUBLISHED
            obj.change_set = change_set_for_admin_edit(user=request.user, year=obj.year)
            change = False
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Score) -> None:
        super().delete_model(request, obj)
        if not obj.is_draft:
            derived_scores_recompute()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        public = queryset.published().exists()
        if public and not rights.can_publish(request.user):
            raise PermissionDenied
        super().delete_queryset(request, queryset)
        if public:
            derived_scores_recompute()


class RankAgreementFilter(admin.SimpleListFilter):
    title = _("so với thứ hạng tính được")
    parameter_name = "agreement"

    def lookups(self, request, model_admin):
        return [
            ("differs", _("khác thứ hạng tính được")),
            ("matches", _("khớp")),
            ("unknown", _("không tính được")),
        ]

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
class PublishedRankAdmin(UnitScopedAdminMixin, AccentInsensitiveSearchMixin, HistoryAdmin):
    alias_path = "unit__aliases__key"
    list_display = ["unit", "year", "indicator", "pool", "rank", "computed_rank"]
    list_filter = [RankAgreementFilter, "year", "pool", "indicator"]
    search_fields = ["unit__name"]
    autocomplete_fields = ["unit", "indicator", "sources"]
    list_select_related = ["unit", "indicator"]
    history_list_display = ["rank", "pool"]
    _local = threading.local()

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # One computation of every pool's ranks per page view, not one per row
        # (kept per thread: the ModelAdmin instance is shared between requests).
        self._local.computed = computed_rank_lookup()
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("hạng tính được"))
    def computed_rank(self, obj: PublishedRank) -> str:
        computed = getattr(self._local, "computed", {}).get(
            (obj.unit_id, obj.indicator.code, obj.year, obj.pool)
        )
        if computed is None:
            return "—"
        return f"{computed}" if computed == obj.rank else f"⚠ {computed}"


@admin.register(ReferenceValue)
class ReferenceValueAdmin(admin.ModelAdmin):
    list_display = ["year", "indicator", "kind", "value", "count_above_average"]
    list_filter = ["year", "kind"]


@admin.register(UnitYearNote)
class UnitYearNoteAdmin(UnitScopedAdminMixin, AccentInsensitiveSearchMixin, admin.ModelAdmin):
    alias_path = "unit__aliases__key"
    list_display = ["unit", "year", "pool", "text"]
    list_filter = ["year", "pool"]
    search_fields = ["unit__name", "text"]
    autocomplete_fields = ["unit"]


# What the publish/discard services raise for a set they refuse; a bulk action shows
# it as an error message instead of a 500.
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
    readonly_fields = [f.name for f in ChangeSet._meta.fields]
    actions = ["publish", "discard"]
    change_list_template = "admin/indicators/changeset/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

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
    list_display = ["unit", "metric", "year", "value", "value_unit", "imported"]
    list_filter = ["imported", "year", "metric"]
    search_fields = ["unit__name", "metric__code", "metric__name"]
    autocomplete_fields = ["unit", "metric"]
    list_select_related = ["unit", "metric"]
    fields = ["unit", "metric", "year", "value", "value_unit", "text", "source", "note", "imported"]
    readonly_fields = ["imported"]


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    """Labels on the rank drivers page: the department usually responsible for each index."""

    list_display = ["code", "department", "department_en"]
    search_fields = ["code", "department", "department_en"]
