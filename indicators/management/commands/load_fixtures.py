"""Load the committed fixtures (units, frameworks, published DTI figures).

    python manage.py load_fixtures [--replace]

Does nothing when the database already holds units, unless --replace is given.
"""

from django.core.management.base import BaseCommand, CommandParser

from indicators.loading.fixtures import fixtures_load


class Command(BaseCommand):
    help = "Nạp dữ liệu tham chiếu và số liệu đã công bố từ fixtures/ / Load the fixtures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--replace", action="store_true", help="Xóa dữ liệu hiện có rồi nạp lại."
        )

    def handle(self, *args, replace: bool, **options) -> None:
        if fixtures_load(replace=replace):
            self.stdout.write("fixtures loaded")
        else:
            self.stdout.write("data already present; use --replace to reload")
