"""Passkeys and security keys (WebAuthn) as a second factor, through django-otp-webauthn.

The package's own authentication views expect an authenticated session; ours has none until
the second factor passes (see actions.py), so these subclasses take the user half-way through
signing in, apply the same throttle as codes, and finish through `complete_sign_in`.
"""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.middleware import csrf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp_webauthn import exceptions
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    CompleteCredentialAuthenticationView,
)

from nidaa.accounts import actions


class Throttled(exceptions.OTPWebAuthnApiError):
    status_code = 429
    default_detail = _("Too many sign-in attempts. Try again in a few minutes.")
    default_code = "throttled"


class PendingUserMixin:
    request: HttpRequest

    def get_user(self) -> AbstractBaseUser | None:
        return actions.pending_user(self.request)

    def check_can_authenticate(self) -> None:
        user = self.get_user()
        if user is None:
            raise exceptions.NotAuthenticated()
        if not actions.allow_code_attempt(self.request, user):
            raise Throttled()


class BeginAuthentication(PendingUserMixin, BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(PendingUserMixin, CompleteCredentialAuthenticationView):
    def complete_auth(self, device: Any) -> None:
        actions.complete_sign_in(self.request, device.user, device)

    def get_success_url(self) -> str:
        return actions.next_url(self.request, reverse("admin:index"))


def _config(request: HttpRequest, **urls: str) -> dict[str, Any]:
    # The same keys as the package's template tags build; our URLs replace its sign-in ones.
    base = {
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": csrf.get_token(request),
        "beginAuthenticationUrl": reverse("accounts:webauthn-begin"),
        "completeAuthenticationUrl": reverse("accounts:webauthn-complete"),
        "beginRegistrationUrl": reverse("otp_webauthn:credential-registration-begin"),
        "completeRegistrationUrl": reverse("otp_webauthn:credential-registration-complete"),
    }
    return {**base, **urls}


def user_has_passkey(user: AbstractBaseUser) -> bool:
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def auth_config(request: HttpRequest, user: AbstractBaseUser) -> dict[str, Any] | None:
    """Settings for the package's sign-in script, or None when the user has no passkey."""
    return _config(request) if user_has_passkey(user) else None


def register_config(request: HttpRequest) -> dict[str, Any]:
    return _config(request)
