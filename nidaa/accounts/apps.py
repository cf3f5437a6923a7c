from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles(sender: AppConfig, **kwargs: Any) -> None:
    from nidaa.accounts.roles import ensure_roles

    ensure_roles()


class AccountsConfig(AppConfig):
    name = "nidaa.accounts"
    verbose_name = _("Staff accounts")

    def ready(self) -> None:
        # After every migrate, so roles pick up the permissions of newly installed parts.
        post_migrate.connect(_ensure_roles, sender=self)
