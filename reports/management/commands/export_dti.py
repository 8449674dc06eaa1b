"""Export every published unit, year and indicator to one Excel workbook or CSV file.

    python manage.py export_dti --format xlsx --out dti.xlsx [--year 2022]

The same service as the /bao-cao/toan-bo.xlsx and .csv downloads
(reports.builders.full_report, then the workbook or CSV writer). The file is
written whole or not at all: a temporary file beside --out is renamed into place.
"""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.scorecard.selectors import available_years
from reports.builders import full_report
from reports.csv_export import csv_export
from reports.workbook import workbook_export

FORMATS = ("xlsx", "csv")


class Command(BaseCommand):
    help = "Xuất toàn bộ số liệu DTI đã công bố ra Excel hoặc CSV / Export all published DTI data to Excel or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            required=True,
            help="Tệp đích, ví dụ dti.xlsx / The file to write.",
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="xlsx hoặc csv; mặc định theo đuôi của --out / Default: from the --out extension.",
        )
        parser.add_argument(
            "--year",
            type=int,
            help="Chỉ một năm đánh giá (mặc định: mọi năm) / One assessment year only.",
        )

    def handle(self, *args, out: Path, format: str | None, year: int | None, **options) -> None:
        fmt = format or out.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(f"Định dạng không hỗ trợ “{fmt}”: dùng --format xlsx hoặc csv.")
        years = available_years()
        if year is not None and year not in years:
            raise CommandError(
                f"Không có dữ liệu DTI năm {year}. Các năm có dữ liệu: {', '.join(str(y) for y in sorted(years))}."
            )
        if not out.parent.is_dir():
            raise CommandError(f"Không có thư mục {out.parent}.")
        report = full_report(year=year)
        content = workbook_export(report) if fmt == "xlsx" else csv_export(report)
        handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; give it the usual mode
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{out}: {len(report.tidy)} dòng dữ liệu / data rows, {len(content):,} bytes ({fmt})"
            )
        if options["verbosity"] >= 2:
            for sheet in report.sheets:
                self.stdout.write(f"  {sheet.title}: {len(sheet.rows)}")
