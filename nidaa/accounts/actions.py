"""Staff sign-in in two steps, second factors, and signing out.

Step one checks the password and only remembers, in the session, who is half-way in: the
session is not authenticated until the second factor is verified too, so no view anywhere
(even one that only asks for `login_required`) can be reached with a phished password alone.
"""

import functools
import hashlib
import hmac
import time
import unicodedata
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.middleware import is_verified as otp_is_verified
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nidaa.accounts.audit import record
from nidaa.accounts.models import AuditEntry
from nidaa.core.privacy import request_ip_hash
from nidaa.core.ratelimit import Policy

PENDING_USER = "accounts_pending_user"
PENDING_SINCE = "accounts_pending_since"
PENDING_BACKEND = "accounts_pending_backend"
NEXT_URL = "accounts_next"
RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery codes"
TOTP_DEVICE_NAME = "authenticator app"


# Throttling -------------------------------------------------------------------------------


def normalise_username(username: str) -> str:
    """'Alice ', 'alice' and 'ＡＬＩＣＥ' are one account for throttling."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def account_key(username: str) -> str:
    # A keyed hash: what someone typed as a username (sometimes their password) never sits in
    # the cache, and the key is safe for every cache backend.
    name = normalise_username(username).encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"signin:" + name, hashlib.sha256).hexdigest()


def _policy(name: str) -> Policy:
    # Built per call so that a settings override (tests, a deployment change) takes effect.
    return Policy(name, settings.NIDAA_LOGIN_ATTEMPTS, settings.NIDAA_LOGIN_WINDOW_SECONDS)


def allow_password_attempt(request: HttpRequest, username: str) -> bool:
    """Take a token from both the account's and the network address's bucket."""
    by_account = _policy("signin-account").allow(account_key(username))
    by_address = _policy("signin-address").allow(request_ip_hash(request))
    return by_account and by_address


def allow_code_attempt(request: HttpRequest, user: AbstractBaseUser) -> bool:
    by_account = _policy("signin-code-account").allow(str(user.pk))
    by_address = _policy("signin-code-address").allow(request_ip_hash(request))
    return by_account and by_address


# Step one: the password -------------------------------------------------------------------


def check_password(request: HttpRequest, username: str, password: str) -> AbstractBaseUser | None:
    """The staff user with these credentials, or None (and a failed sign-in in the log).

    Unknown names, wrong passwords, inactive and non-staff accounts all give None, so the
    caller shows one message for all of them. Django's ModelBackend hashes a dummy password
    for unknown names, so the time taken does not tell them apart either.
    """
    user = auth.authenticate(request, username=username, password=password)
    if user is not None and user.is_active and getattr(user, "is_staff", False):
        return user
    _record_failed(request, username)
    return None


def _record_failed(request: HttpRequest, username: str, user: Any = None) -> None:
    # Only an existing account is named in the log: a mistyped name can be a typed password.
    if user is None:
        user = get_user_model()._default_manager.filter(username=username).first()
    record(user, AuditEntry.Action.LOGIN_FAILED, request=request)


def begin_second_step(request: HttpRequest, user: AbstractBaseUser) -> None:
    """Remember who passed step one; a new session key so a planted one is worthless."""
    request.session.cycle_key()
    request.session[PENDING_USER] = str(user.pk)
    request.session[PENDING_SINCE] = time.time()
    request.session[PENDING_BACKEND] = getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[0])


def pending_user(request: HttpRequest) -> AbstractBaseUser | None:
    """The user half-way through signing in, if they got there recently enough."""
    since = request.session.get(PENDING_SINCE, 0)
    if time.time() - since > settings.NIDAA_SIGNIN_STEP_SECONDS:
        return None
    pk = request.session.get(PENDING_USER)
    if pk is None:
        return None
    return get_user_model()._default_manager.filter(pk=pk, is_active=True, is_staff=True).first()


def remember_next(request: HttpRequest, url: str | None) -> None:
    """Keep where to go after signing in, if it is a page of this site."""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if url and safe:
        request.session[NEXT_URL] = url


def next_url(request: HttpRequest, default: str) -> str:
    return str(request.session.get(NEXT_URL) or default)


# Step two: the second factor --------------------------------------------------------------


def needs_enrolment(user: AbstractBaseUser) -> bool:
    return not user_has_device(user, confirmed=True)


def verify_totp(request: HttpRequest, user: AbstractBaseUser, code: str) -> Device | None:
    """The authenticator app device that accepts `code`.

    django-otp checks drift, its own growing delay after failures, and last_t: a code at a
    time step already used is refused, so a code read over someone's shoulder is spent.
    """
    return _verify(request, user, TOTPDevice.objects.devices_for_user(user, confirmed=True), code)


def verify_recovery_code(request: HttpRequest, user: AbstractBaseUser, code: str) -> Device | None:
    """The recovery-code device that held `code`; the code is deleted as it is used."""
    token = "".join(code.split()).lower()
    devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
    return _verify(request, user, devices, token)


def _verify(request: HttpRequest, user: AbstractBaseUser, devices: Any, code: str) -> Device | None:
    for device in devices:
        # verify_token locks the device row, so two requests cannot both spend one code.
        verified = otp_verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    _record_failed(request, "", user)
    return None


def complete_sign_in(request: HttpRequest, user: AbstractBaseUser, device: Device) -> None:
    """Both factors passed: authenticate the session, mark it verified, log it."""
    backend = request.session.get(PENDING_BACKEND)
    next_page = request.session.get(NEXT_URL)
    auth.login(request, user, backend=backend)  # type: ignore[arg-type]  # new session key
    # auth.login swapped in a plain user; give it what OTPMiddleware gives every request's user.
    setattr(user, "is_verified", functools.partial(otp_is_verified, user))  # noqa: B010
    otp_login(request, device)
    if next_page:
        request.session[NEXT_URL] = next_page
    _policy("signin-account").reset(account_key(user.get_username()))
    record(user, AuditEntry.Action.LOGIN, request=request)


def sign_out(request: HttpRequest) -> None:
    if request.user.is_authenticated:
        record(request.user, AuditEntry.Action.LOGOUT, request=request)
    auth.logout(request)  # flushes the session, pending state included


# Enrolment and device management ----------------------------------------------------------


def unconfirmed_totp_device(user: AbstractBaseUser) -> TOTPDevice:
    """The device being set up: the same secret on every reload until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_totp(request: HttpRequest, user: AbstractBaseUser, code: str) -> TOTPDevice | None:
    """Confirm the device being set up if `code` matches it; replaces any older app device."""
    device = unconfirmed_totp_device(user)
    if not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(
        user, AuditEntry.Action.DEVICE_CHANGE, device, after={"totp": "confirmed"}, request=request
    )
    return device


@transaction.atomic
def new_recovery_codes(request: HttpRequest | None, user: AbstractBaseUser) -> list[str]:
    """Replace the user's recovery codes with ten new single-use ones, returned once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    record(
        user,
        AuditEntry.Action.DEVICE_CHANGE,
        device,
        after={"recovery_codes": "new"},
        request=request,
    )
    return codes


def remaining_recovery_codes(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def confirmed_devices(user: AbstractBaseUser) -> list[Device]:
    return list(devices_for_user(user, confirmed=True))


def verified_device_id(request: HttpRequest) -> str:
    return str(request.session.get(DEVICE_ID_SESSION_KEY, ""))
