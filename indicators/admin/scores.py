"""Admin of scores, published ranks, reference values and notes. A published score is
never written here: a change or revert of it is a new draft in the editor's change set."""

import threading

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from indicators.admin.common import UnitPoolFilter, UnitScopedAdminMixin, titled
from indicators.entry import rights
from indicators.entry.imports import (
    change_set_for_admin_edit,
)
from indicators.loading.derived import derived_scores_recompute
from indicators.models import (
    Provenance,
    PublishedRank,
    ReferenceValue,
    Score,
    ScoreStatus,
    UnitYearNote,
)
from indicators.scorecard.selectors import computed_rank_lookup
from provinces.admin import AccentInsensitiveSearchMixin, HistoryAdmin


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
        fields = [
            "unit",
            "indicator",
            "year",
            "value",
            "sources",
            "note",
            "note_en",
            "working_note",
        ]

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
    list_display = ["unit", "year", "pool", "text", "working_note"]
    list_filter = ["year", "pool"]
    search_fields = ["unit__name", "text", "working_note"]
    autocomplete_fields = ["unit"]


# What the publish/discard services raise for a set they refuse; a bulk action shows
# it as an error message instead of a 500.
