"""Publishing or discarding a draft change set, and the change set behind an admin
edit."""

import hashlib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from indicators.caching import version as versioning
from indicators.entry import rights
from indicators.entry.imports.types import Change, ImportPreview
from indicators.loading.derived import derived_scores_recompute
from indicators.models import ChangeSet, Provenance, Score, ScoreStatus
from provinces.history import delete_without_history, history_baseline_ensure


def change_set_drafts(*, change_set: ChangeSet) -> list[tuple[Score, Score | None]]:
    """The drafts of a change set with the published score each replaces (or None)."""
    drafts = list(
        change_set.scores.drafts()
        .select_related("unit", "indicator")
        .order_by("unit__name", "indicator__order")
    )
    published = {
        (s.unit_id, s.indicator_id): s
        for s in Score.objects.published().filter(
            year=change_set.year, unit_id__in={d.unit_id for d in drafts}
        )
    }
    return [(d, published.get((d.unit_id, d.indicator_id))) for d in drafts]


def change_set_digest(pairs: list[tuple[Score, Score | None]]) -> str:
    """A fingerprint of what publishing would change (each draft, its value and the
    value it replaces): the confirm form carries the one the publisher saw."""
    text = "\n".join(
        f"{d.pk}:{d.unit_id}:{d.indicator_id}:{d.value}:{p.value if p else ''}" for d, p in pairs
    )
    return hashlib.sha256(text.encode()).hexdigest()


def change_set_units(pairs: list[tuple[Score, Score | None]]) -> list:
    """The units a publish would touch, once each, in the table's order."""
    return list({d.unit_id: d.unit for d, _p in pairs}.values())


@transaction.atomic
def change_set_publish(*, change_set: ChangeSet, user, expected_digest: str | None = None) -> int:
    """Publish a draft change set: each draft replaces the published value (history
    keeps the old one, with the publisher as author), then the derived values are
    recomputed. Returns how many values were published. With ``expected_digest``
    (the summary the publisher confirmed), nothing is published if the drafts or
    the values they replace changed since."""
    if not rights.can_publish(user):
        raise PermissionDenied(_("Bạn không có quyền công bố số liệu."))
    change_set = ChangeSet.objects.select_for_update().get(pk=change_set.pk)
    if not change_set.is_draft:
        raise ValueError(_("Đợt #%(id)s không còn là bản nháp.") % {"id": change_set.pk})
    pairs = change_set_drafts(change_set=change_set)
    draft_urls: dict[int, list[int]] = {}
    for score_id, source_id in Score.sources.through.objects.filter(
        score_id__in=[d.pk for d, _p in pairs]
    ).values_list("score_id", "source_id"):
        draft_urls.setdefault(score_id, []).append(source_id)
    # Provenance: the change set's own source, or (an admin edit) a source on every draft.
    sourced = change_set.has_source or (
        change_set.origin == ChangeSet.Origin.ADMIN
        and pairs
        and all(draft_urls.get(d.pk) for d, _p in pairs)
    )
    if not sourced:
        raise ValueError(
            _(
                "Đợt #%(id)s chưa có nguồn công bố (địa chỉ, hoặc số và ngày văn bản): chưa công bố gì. Hãy ghi nguồn cho đợt trong trang quản trị rồi công bố lại."
            )
            % {"id": change_set.pk}
        )
    reason = (_("Công bố đợt #%(id)s") % {"id": change_set.pk})[:100]
    if expected_digest is not None and expected_digest != change_set_digest(pairs):
        raise ValueError(
            _(
                "Đợt #%(id)s đã thay đổi từ lúc bạn xem (giá trị nháp hoặc giá trị đang công bố); chưa công bố gì. Hãy xem lại rồi xác nhận."
            )
            % {"id": change_set.pk}
        )
    history_baseline_ensure(
        Score, [published.pk for _draft, published in pairs if published is not None]
    )
    updated, flipped, merged = [], [], []
    previous_urls: dict[int, list[str]] = {}
    for score_id, url in Score.sources.through.objects.filter(
        score_id__in=[p.pk for _d, p in pairs if p is not None]
    ).values_list("score_id", "source__url"):
        previous_urls.setdefault(score_id, []).append(url)
    for draft, published in pairs:
        if published is None:
            draft.status = ScoreStatus.PUBLISHED
            flipped.append(draft)
        else:
            previous = ", ".join(sorted(previous_urls.get(published.pk, []))) or "—"
            published.value, published.provenance = draft.value, Provenance.PUBLISHED
            published.note, published.note_en = draft.note, draft.note_en
            # The previous value's sources stay in the history row this write makes.
            published.working_note = "\n".join(
                filter(None, [draft.working_note, f"Nguồn của giá trị trước: {previous}"])
            )
            published.change_set = change_set
            updated.append(published)
            merged.append(draft)
    if merged:
        # Drop the superseded drafts first (a draft and its published row share the key);
        # their value lives on in the published row's history ("Công bố đợt #N").
        delete_without_history(Score.objects.filter(pk__in=[d.pk for d in merged]))
    if updated:
        bulk_update_with_history(
            updated,
            Score,
            ["value", "provenance", "note", "note_en", "working_note", "change_set"],
            default_user=user,
            default_change_reason=reason,
        )
    if flipped:
        bulk_update_with_history(
            flipped, Score, ["status"], default_user=user, default_change_reason=reason
        )
    # Published values carry the new source (the change set's, else the draft's own),
    # not the previous value's: that one is in the history row written above.
    Score.sources.through.objects.filter(score_id__in=[s.pk for s in updated]).delete()
    new_sources = [
        (published.pk, source_id)
        for draft, published in pairs
        if published is not None
        for source_id in (
            [change_set.source_id] if change_set.source_id else draft_urls.get(draft.pk, [])
        )
    ]
    if change_set.source_id:
        new_sources += [(s.pk, change_set.source_id) for s in flipped]
    Score.sources.through.objects.bulk_create(
        [Score.sources.through(score_id=a, source_id=b) for a, b in new_sources],
        ignore_conflicts=True,
    )
    try:
        with transaction.atomic():
            derived_scores_recompute()
    except IntegrityError as exc:  # e.g. two change sets that are each fine but not together
        raise ValueError(
            _(
                "Không công bố được đợt #%(id)s: không tính được các giá trị suy ra (trụ cột, tỉnh hợp nhất) – %(error)s"
            )
            % {"id": change_set.pk, "error": exc}
        ) from exc
    change_set.status = ChangeSet.Status.PUBLISHED
    change_set.published_by = user
    change_set.published_at = timezone.now()
    change_set.save(update_fields=["status", "published_by", "published_at"])
    versioning.bump()  # bulk writes send no signal: pages and caches see the publish at once
    return len(pairs)


@transaction.atomic
def change_set_discard(*, change_set: ChangeSet, user) -> int:
    """Drop a draft change set: its drafts are deleted (kept in the history);
    published values are untouched. Returns how many drafts were dropped."""
    change_set = ChangeSet.objects.select_for_update().get(pk=change_set.pk)
    if not change_set.is_draft:
        raise ValueError(_("Đợt #%(id)s không còn là bản nháp.") % {"id": change_set.pk})
    if not (
        rights.can_publish(user)
        or (change_set.created_by_id == user.pk and rights.can_import(user))
    ):
        raise PermissionDenied(_("Chỉ người nhập hoặc người có quyền công bố được hủy đợt này."))
    count, _by_model = change_set.scores.drafts().delete()
    change_set.status = ChangeSet.Status.DISCARDED
    change_set.save(update_fields=["status"])
    return _by_model.get(Score._meta.label, 0)


def change_set_for_admin_edit(*, user, year: int) -> ChangeSet:
    """The open draft change set that a user's edits in the admin go into (one per
    user and year, created on first use)."""
    change_set = ChangeSet.objects.filter(
        created_by=user,
        year=year,
        origin=ChangeSet.Origin.ADMIN,
        status=ChangeSet.Status.DRAFT,
    ).first()
    if change_set is None:
        change_set = ChangeSet.objects.create(
            created_by=user, year=year, origin=ChangeSet.Origin.ADMIN
        )
    return change_set


def preview_rows(preview: ImportPreview) -> Iterable[Change]:
    """The changes to show first: changed, then added, then unchanged."""
    order = {Change.CHANGED: 0, Change.ADDED: 1, Change.UNCHANGED: 2}
    return sorted(preview.changes, key=lambda c: (order[c.kind], c.row, c.indicator.order))
