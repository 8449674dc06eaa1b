"""Restore a backup of backup_dti into an empty database:

    python manage.py migrate && python manage.py restore_dti dti-backup.xml.gz

Refuses a database that already holds units or scores (use a new database, or
`manage.py flush` first). Loads everything in one transaction, then writes a new
data version so every page and cache shows the restored data.
"""

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from indicators.caching import version as versioning
from indicators.models import Score
from provinces.models import Unit


class Command(BaseCommand):
    help = (
        "Khôi phục bản sao lưu vào cơ sở dữ liệu trống / Restore a backup into an empty database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args, file: str, **options) -> None:
        if Unit.objects.exists() or Score.objects.exists():
            raise CommandError(
                "Cơ sở dữ liệu đã có dữ liệu; hãy khôi phục vào cơ sở dữ liệu trống. / "
                "The database is not empty; restore into an empty (migrated) database."
            )
        with transaction.atomic():
            # migrate created the role groups; the backup holds them with their own ids.
            Group.objects.all().delete()
            call_command("loaddata", file, verbosity=0)
            versioning.bump()
        self.stdout.write(
            f"restored: {file} ({Unit.objects.count()} units, {Score.objects.count()} scores)"
        )
