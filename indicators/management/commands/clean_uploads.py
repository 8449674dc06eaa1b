"""Remove uploaded files whose confirm never came (older than the upload expiry)."""

from django.core.management.base import BaseCommand

from indicators.entry.pending import UPLOAD_EXPIRY, pending_uploads_clean


class Command(BaseCommand):
    help = "Remove pending uploads older than --max-age seconds (default: the expiry, 2 h)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--max-age", type=int, default=UPLOAD_EXPIRY)

    def handle(self, *args, max_age: int, **options) -> None:
        removed = pending_uploads_clean(max_age=max_age)
        self.stdout.write(f"{removed} pending upload(s) removed.")
