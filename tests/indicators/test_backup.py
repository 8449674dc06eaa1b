"""Backup and restore: every row of every table comes back, drafts and history too."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from indicators.entry.imports import import_apply
from indicators.models import ChangeSet, Score
from provinces.models import Unit
from tests.indicators.entry_helpers import put

# Tables not in a backup: sessions and login-throttling logs; migrations' own
# bookkeeping; the data version (a restore writes a new one).
NOT_BACKED_UP = (
    "django_session",
    "django_migrations",
    "axes_",
    "indicators_dataversion",
    # migrate recreates these (ids may differ): references are compared by natural key
    "django_content_type",
    "auth_permission",
)


def _link_tables() -> set[str]:
    """Many-to-many link tables: their row ids are a counter, not data (a role's
    permissions are re-linked when migrate recreates the roles), so compared
    without them."""
    return {
        field.remote_field.through._meta.db_table
        for model in apps.get_models()
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    }


def every_row() -> dict[str, list[tuple]]:
    rows, links = {}, _link_tables()
    natural = {
        "permission_id": {
            p.pk: (p.content_type.app_label, p.codename)
            for p in Permission.objects.select_related("content_type")
        },
        "content_type_id": {c.pk: c.natural_key() for c in ContentType.objects.all()},
    }
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table.startswith(NOT_BACKED_UP):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            found = [
                tuple(
                    natural[col].get(v, v) if col in natural else v
                    for col, v in zip(columns, row, strict=True)
                )
                for row in cursor.fetchall()
            ]
            rows[table] = sorted((r[1:] for r in found) if table in links else found, key=repr)
    return rows


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_back_every_row(
    tmp_path, workbook, national_editor
):
    # A draft change set (draft scores, their history rows, a user) besides the published data.
    content = workbook(edit=lambda ws: put(ws, "24", "NTS", 0.61))
    change_set, _ = import_apply(
        source_url="https://dti.gov.vn/xep-hang-2024-63-tinh",
        content=content,
        file_name="bg.xlsx",
        year=2024,
        pool=63,
        user=national_editor,
    )
    assert Score.objects.drafts().exists() and Score.history.exists()
    before = every_row()
    backup = tmp_path / "dti-backup.xml.gz"

    call_command("backup_dti", out=str(backup))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_dti", str(backup))
    call_command("flush", interactive=False, verbosity=0)  # an empty, migrated database
    assert not Unit.objects.exists() and not ChangeSet.objects.exists()
    call_command("restore_dti", str(backup))

    after = every_row()
    assert sorted(after) == sorted(before)
    for table in before:
        assert after[table] == before[table], table
    assert sum(len(r) for r in after.values()) > 5_000
    assert ChangeSet.objects.get(pk=change_set.pk).scores.drafts().count() == 1
