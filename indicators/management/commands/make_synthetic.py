"""Make the synthetic load-test set (never real data, never in fixtures/).

    python manage.py make_synthetic --units 700 --years 10

The units are flagged synthetic: real pages never show them; a server started
with DTI_INCLUDE_SYNTHETIC=true (the benchmark) does, under a banner. Meant for a
database of its own (bench/bench.py makes dti_bench_synthetic); on another one it
asks for --force, because it adds the synthetic component indices to the frameworks.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from indicators.loading.synthetic import synthetic_make

OWN_NAMES = ("bench", "synth", "test")


class Command(BaseCommand):
    help = "Tạo dữ liệu giả lập để thử tải / Make synthetic units for load tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=700)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument(
            "--force",
            action="store_true",
            help="also on a database not named *bench*/*synth*/*test*",
        )

    def handle(self, *args, units: int, years: int, seed: int, force: bool, **options) -> None:
        name = str(connection.settings_dict["NAME"])
        if not force and not any(part in name.lower() for part in OWN_NAMES):
            raise CommandError(
                f"Cơ sở dữ liệu “{name}” không phải cơ sở thử tải; dùng --force nếu chắc chắn. / "
                f"Database {name!r} is not a bench database; use --force if you are sure."
            )
        if units < 1 or years < 1:
            raise CommandError("--units and --years must be at least 1")
        report = synthetic_make(units=units, years=years, seed=seed)
        self.stdout.write(
            f"synthetic: {report.units} units, years {report.years[0]}–{report.years[-1]}, "
            f"{report.components} component indices, {report.scores} scores (is_synthetic=True)"
        )
