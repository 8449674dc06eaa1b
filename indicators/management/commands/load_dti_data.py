"""Load the published DTI figures from fixtures/sources/dti/*.csv into the database.

    python manage.py load_dti_data [--data-dir DIR] [--write-fixtures]

Maps every published spelling to the official unit of its period, keeps each
value's sources and notes, computes the derived values (pillars from the weights,
merged units by the merger rule), and refuses the whole load if any row cannot be
mapped. With --write-fixtures it also rewrites fixtures/*.json, which
`load_fixtures` (used by `make run`) loads without needing the CSV folder.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.loading.fixtures import fixtures_write
from indicators.loading.published import DataLoadError, published_data_load


class Command(BaseCommand):
    help = "Nạp số liệu DTI đã công bố từ các tệp CSV / Load the published DTI figures from the CSV files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir", type=Path, default=settings.DTI_DATA_DIR, help="Thư mục chứa các tệp CSV."
        )
        parser.add_argument(
            "--write-fixtures", action="store_true", help="Ghi lại fixtures/*.json sau khi nạp."
        )

    def handle(
        self, *args, data_dir: Path, write_fixtures: bool, verbosity: int, **options
    ) -> None:
        try:
            report = published_data_load(data_dir=data_dir)
        except DataLoadError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{report.units} units, {report.successions} successions, {report.aliases} aliases, "
            f"{report.published_scores} published values, {report.computed_scores} computed values, "
            f"{report.published_ranks} published ranks, {report.reference_values} national values, "
            f"{report.notes} notes, {report.sources} sources in {report.seconds:.2f} s"
        )
        if report.targets:
            t = report.targets
            self.stdout.write(
                f"{t.resolutions} resolutions, {t.targets} targets ({t.text_targets} text only, {t.disputed_targets} disputed), "
                f"{t.kpi_metrics} KPI metrics, {t.kpi_observations} KPI observations, {t.rank_rows} rank rows checked"
            )
        if verbosity >= 2:
            for line in report.disagreements:
                self.stdout.write(f"  sources disagree: {line}")
        if write_fixtures:
            for path in fixtures_write(directory=settings.FIXTURE_DIRS[0]):
                self.stdout.write(f"wrote {path}")
