"""Writing a validated import as the draft scores of a new change set, in one
transaction, or nothing at all."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from indicators.entry import rights
from indicators.entry.imports.types import ImportPreview, ImportRejected
from indicators.entry.imports.validate import import_validate
from indicators.loading.frameworks import source_get_or_create
from indicators.models import ChangeSet, Provenance, Score, ScoreStatus

# ----------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------


@transaction.atomic
def import_apply(
    *,
    content: bytes,
    file_name: str,
    year: int,
    pool: int,
    user=None,
    origin: str = ChangeSet.Origin.UPLOAD,
    source_url: str = "",
    source_document: str = "",
    source_date: datetime.date | None = None,
    note: str = "",
    expected_digest: str | None = None,
) -> tuple[ChangeSet, ImportPreview]:
    """Validate the file again and write its new and changed values as DRAFT scores
    of a new change set, all in one transaction. Raises ImportRejected (nothing
    written) on any error, when there is nothing to write, or when
    ``expected_digest`` (the preview the admin confirmed) no longer matches."""
    if user is not None and not rights.can_import(user):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu."))
    preview = import_validate(content=content, file_name=file_name, year=year, pool=pool, user=user)
    if not preview.ok:
        raise ImportRejected(preview)
    if not preview.to_write:
        raise ImportRejected(
            preview, _("Tệp không có giá trị mới hay thay đổi nào: không có gì để ghi.")
        )
    if expected_digest is not None and expected_digest != preview.digest:
        raise ImportRejected(
            preview,
            _("Số liệu đã thay đổi từ lúc xem trước; hãy xem lại bản xem trước rồi xác nhận."),
        )
    source = source_get_or_create(url=source_url) if source_url else None
    change_set = ChangeSet(
        year=year,
        pool=pool,
        origin=origin,
        file_name=file_name[:255],
        file_sha256=preview.sha256,
        source=source,
        source_document=source_document[:200],
        source_date=source_date,
        note=note,
        row_count=preview.rows,
        added_count=len(preview.added),
        changed_count=len(preview.changed),
        unchanged_count=len(preview.unchanged),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    change_set.full_clean()
    change_set.save()
    reason = _("Nhập từ tệp %(name)s (đợt #%(id)s)") % {
        "name": file_name,
        "id": change_set.pk,
    }
    drafts = [
        Score(
            unit=c.unit,
            indicator=c.indicator,
            year=year,
            value=c.new,
            provenance=Provenance.PUBLISHED,
            status=ScoreStatus.DRAFT,
            change_set=change_set,
            working_note=reason,
        )
        for c in preview.to_write
    ]
    for draft in drafts:
        # Relations are loaded objects (no lookup query each); the DB checks the constraints.
        draft.full_clean(
            exclude=["unit", "indicator", "change_set"],
            validate_unique=False,
            validate_constraints=False,
        )
    try:
        created = bulk_create_with_history(
            drafts,
            Score,
            default_user=change_set.created_by,
            default_change_reason=reason[:100],
        )
    except IntegrityError as exc:  # another upload took the same cells meanwhile
        raise ImportRejected(
            preview, _("Một đợt nhập khác vừa ghi cùng ô; hãy tải lại tệp.")
        ) from exc
    if source is not None:
        Score.sources.through.objects.bulk_create(
            [Score.sources.through(score_id=s.pk, source_id=source.pk) for s in created]
        )
    return change_set, preview
