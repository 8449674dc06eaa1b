"""Create or update the four role groups and their permissions.

    python manage.py sync_roles

National editor, provincial editor, publisher, viewer (indicators.entry.roles).
It also runs after every `migrate`; run it by hand after changing the roles.
"""

from django.core.management.base import BaseCommand

from indicators.entry.roles import roles_sync


class Command(BaseCommand):
    help = "Tạo/cập nhật các nhóm quyền / Create or update the role groups."

    def handle(self, *args, **options) -> None:
        for name, count in roles_sync().items():
            self.stdout.write(f"{name}: {count} permissions")
