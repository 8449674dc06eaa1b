"""Back up every row of the scorecard: python manage.py backup_dti --out dti-backup.xml.gz

Published and draft values, change sets, every history table (simple-history),
units, frameworks, targets, KPI values, users and roles (with password hashes:
keep the file private). Every row keeps its id; references to content types and
permissions are written by natural key, so `restore_dti` loads it into any freshly
migrated, empty database whatever ids migrate gave those. Not included:
sessions, login-throttling logs (axes), content types and permissions (migrate
recreates them). XML, because Django's JSON keeps only milliseconds of a time
(history dates would change); a name ending in .xml.gz, .xml.bz2 or .xml.xz is
compressed.
"""

import re

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class Command(BaseCommand):
    help = "Sao lưu toàn bộ dữ liệu / Back up all data (published, drafts, history)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            required=True,
            help="file to write: *.xml, *.xml.gz, *.xml.bz2, *.xml.xz",
        )

    def handle(self, *args, out: str, **options) -> None:
        if not re.search(r"\.xml(\.(gz|bz2|xz))?$", out):
            raise CommandError(
                "--out: tên tệp phải kết thúc bằng .xml hoặc .xml.gz / the file name must end in .xml or .xml.gz"
            )
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=False,
            exclude=EXCLUDED,
            output=out,
            format="xml",
            verbosity=0,
        )
        self.stdout.write(f"backup written: {out}")
