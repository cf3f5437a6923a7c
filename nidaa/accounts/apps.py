from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _ensure_roles(sender: AppConfig, **kwargs: Any) -> None:
    from nidaa.accounts.roles import ensure_roles

    ensure_roles()


def _record_new_passkey(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # The package's registration view saves the credential itself; this is where we see it.
    if created:
        from nidaa.accounts.audit import record
        from nidaa.accounts.models import AuditEntry

        record(instance.user, AuditEntry.Action.DEVICE_CHANGE, instance, after={"passkey": "added"})


class AccountsConfig(AppConfig):
    name = "nidaa.accounts"
    verbose_name = _("Staff accounts")

    def ready(self) -> None:
        # After every migrate, so roles pick up the permissions of newly installed parts.
        post_migrate.connect(_ensure_roles, sender=self)
        from django_otp_webauthn.models import WebAuthnCredential

        post_save.connect(_record_new_passkey, sender=WebAuthnCredential)
