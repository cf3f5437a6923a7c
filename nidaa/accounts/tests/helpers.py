"""Walking through the sign-in pages the way a person does."""

import re
from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nidaa.testing.base import PASSWORD


def code_for(device: TOTPDevice, steps: int = 0) -> str:
    """The code the user's app shows now (or `steps` time steps later)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps)
    return f"{value:0{device.digits}d}"


def enter_password(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    data = {"username": username, "password": password}
    return client.post(reverse("accounts:login"), data, **extra)


def enter_code(client: Client, code: str, **extra: Any) -> Any:
    return client.post(reverse("accounts:verify"), {"code": code}, **extra)


def enter_recovery_code(client: Client, code: str, **extra: Any) -> Any:
    return client.post(reverse("accounts:verify"), {"recovery_code": code}, **extra)


def is_verified(response: Any) -> bool:
    user = response.wsgi_request.user
    return bool(user.is_authenticated and user.is_verified())


def without_tokens(html: str) -> str:
    """A page with its per-response secrets (CSRF token, CSP nonce) blanked out."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)
