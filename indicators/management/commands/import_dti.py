"""Import a year's DTI figures from an .xlsx or .csv file as a draft change set.

    python manage.py import_dti FILE --year 2024 [--pool 63|34] [--dry-run] [--source URL] [--publish-as USER]

The same service as the upload page (indicators.entry.imports): every row is
checked and the preview printed (added / changed old → new / unchanged); with any
error nothing is written and the command fails. Without --dry-run the new values
are written as drafts; --publish-as USER then publishes them as that user (who
needs the publish right), which recomputes the derived values.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.entry.imports import (
    Change,
    ImportFileError,
    ImportRejected,
    change_set_publish,
    import_apply,
    import_pools,
    import_validate,
)
from indicators.models import ChangeSet
from provinces.pools import default_pool


class Command(BaseCommand):
    help = "Nhập số liệu DTI một năm từ tệp .xlsx/.csv (bản nháp) / Import a year's figures as a draft."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            type=Path,
            help="Tệp .xlsx hoặc .csv theo mẫu (xem trang Nhập số liệu).",
        )
        parser.add_argument("--year", type=int, required=True, help="Năm đánh giá, ví dụ 2024.")
        parser.add_argument(
            "--pool",
            type=int,
            choices=[63, 34],
            help="Nhóm đơn vị: 63 (trước 01/07/2025) hoặc 34.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ kiểm tra và in bản xem trước, không ghi gì.",
        )
        parser.add_argument(
            "--source", default="", help="Địa chỉ nguồn công bố gắn với các giá trị."
        )
        parser.add_argument(
            "--publish-as",
            default="",
            help="Tên đăng nhập của người công bố ngay sau khi nhập.",
        )

    def handle(
        self,
        *args,
        file: Path,
        year: int,
        pool: int | None,
        dry_run: bool,
        source: str,
        publish_as: str,
        verbosity: int,
        **options,
    ) -> None:
        pool = pool or default_pool(year)
        if pool not in import_pools(year):
            raise CommandError(
                f"Năm {year} không nhập theo nhóm {pool} (có: {import_pools(year)})."
            )
        if not file.is_file():
            raise CommandError(f"Không thấy tệp {file}")
        publisher = None
        if publish_as:
            publisher = get_user_model().objects.filter(username=publish_as).first()
            if publisher is None:
                raise CommandError(f"Không có người dùng {publish_as}")
        content = file.read_bytes()
        try:
            if dry_run:
                preview = import_validate(
                    content=content, file_name=file.name, year=year, pool=pool
                )
                self._report(preview, verbosity)
                if not preview.ok:
                    raise CommandError(f"{len(preview.errors)} lỗi; không ghi gì.")
                self.stdout.write("--dry-run: không ghi gì.")
                return
            change_set, preview = import_apply(
                content=content,
                file_name=file.name,
                year=year,
                pool=pool,
                origin=ChangeSet.Origin.COMMAND,
                source_url=source,
            )
        except ImportFileError as exc:
            raise CommandError(
                "Không đọc được tệp:\n" + "\n".join(f"  {e}" for e in exc.errors)
            ) from exc
        except ImportRejected as exc:
            self._report(exc.preview, verbosity)
            raise CommandError(f"{exc}\nKhông ghi gì.") from exc
        self._report(preview, verbosity)
        self.stdout.write(f"Đã ghi đợt nháp #{change_set.pk}: {len(preview.to_write)} giá trị.")
        if publisher is not None:
            try:
                count = change_set_publish(change_set=change_set, user=publisher)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Đã công bố đợt #{change_set.pk}: {count} giá trị.")

    def _report(self, preview, verbosity: int) -> None:
        self.stdout.write(
            f"{preview.file_name}: năm {preview.year}, nhóm {preview.pool}, {preview.rows} dòng; "
            f"thêm {len(preview.added)}, đổi {len(preview.changed)}, giữ nguyên {len(preview.unchanged)}, "
            f"lỗi {len(preview.errors)} ({preview.seconds:.2f} s)"
        )
        for error in preview.errors:
            self.stderr.write(f"  LỖI {error}")
        for warning in preview.warnings:
            self.stdout.write(f"  chú ý {warning}")
        if verbosity >= 2:
            for change in preview.changes:
                if change.kind == Change.UNCHANGED and verbosity < 3:
                    continue
                old = f"{change.old:.4f}" if change.old is not None else "—"
                self.stdout.write(
                    f"  {change.kind:9} dòng {change.row} {change.unit.name} {change.indicator.code}: {old} → {change.new:.4f}"
                )
