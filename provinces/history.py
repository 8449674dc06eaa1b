"""Change history helpers (django-simple-history), for every app.

Rows loaded in bulk (the published-data loader, fixtures) have no history row, so
their first recorded change would show only the new value. Before a row is
changed for the first time, ``history_baseline_ensure`` records the state it had,
so the admin's history shows old → new from the very first change.
"""

import datetime
from collections.abc import Iterable

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _


def history_baseline_ensure(model: type[models.Model], pks: Iterable[int]) -> int:
    """Record the current database state of the rows of ``model`` among ``pks`` that
    have no history yet; returns how many baselines were written."""
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return 0
    history = model.history
    have = set(
        history.filter(**{f"{model._meta.pk.attname}__in": pks}).values_list(
            model._meta.pk.attname, flat=True
        )
    )
    missing = [pk for pk in pks if pk not in have]
    if not missing:
        return 0
    rows = list(model._default_manager.filter(pk__in=missing))
    history.bulk_history_create(
        rows,
        default_change_reason=_("Giá trị trước khi có lịch sử")[:100],
        default_date=timezone.now() - datetime.timedelta(milliseconds=1),
    )
    return len(rows)


def delete_without_history(rows: QuerySet) -> None:
    """Delete ``rows`` and their many-to-many links in bulk, without one history row
    (and one INSERT) per deleted row: for rows rebuilt or replaced at once (derived
    scores, a reload of the whole data, superseded drafts), whose deletion is no
    change to record. Only for models nothing else points to by foreign key."""
    model = rows.model
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        through._default_manager.filter(**{f"{field.m2m_field_name()}__in": rows}).delete()
    rows._raw_delete(rows.db)
