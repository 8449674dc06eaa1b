from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, using: str = "default", **kwargs) -> None:
    # Runs after auth has created this app's permissions (auth's receiver was
    # connected first), so the four role groups always match the code.
    from indicators.entry.roles import roles_sync

    roles_sync()


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Chỉ số DTI")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="indicators.sync_roles")
        from indicators.caching.version import connect_signals

        connect_signals()
