"""Staff sign-in pages. Each view parses the form, calls an action, renders."""

from base64 import b32encode
from typing import Any

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from nidaa.accounts import actions, webauthn
from nidaa.accounts.access import is_verified_staff, verified_staff_required
from nidaa.accounts.forms import PasswordStepForm, RecoveryCodeForm, TotpForm

WRONG_CREDENTIALS = _("That username and password do not match a staff account. Try again.")
WRONG_CODE = _("That code is not right, or it has been used already. Try the newest code.")
WRONG_RECOVERY_CODE = _("That recovery code is not right, or it has been used already.")
THROTTLED = _(
    "Too many sign-in attempts. For your safety, signing in is paused for a while; "
    "try again in a few minutes."
)


def _after_sign_in(request: HttpRequest) -> str:
    return actions.next_url(request, reverse("admin:index"))


def _throttled(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {**context, "throttled": THROTTLED}, status=429)


@sensitive_post_parameters("password")
@sensitive_variables("password")
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    actions.remember_next(request, request.GET.get("next"))
    if is_verified_staff(request):
        return redirect(_after_sign_in(request))
    if actions.pending_user(request) is not None:
        return redirect("accounts:verify")
    form = PasswordStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username, password = form.cleaned_data["username"], form.cleaned_data["password"]
        if not actions.allow_password_attempt(request, username):
            return _throttled(request, "accounts/login.html", {"form": form})
        user = actions.check_password(request, username, password)
        if user is not None:
            actions.begin_second_step(request, user)
            return redirect("accounts:verify")
        form.add_error(None, WRONG_CREDENTIALS)
    return render(request, "accounts/login.html", {"form": form})


@sensitive_post_parameters("code", "recovery_code")
@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    user = actions.pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if actions.needs_enrolment(user):
        return redirect("accounts:enrol")
    posted = request.POST if request.method == "POST" else None
    totp_form = TotpForm(posted if posted and "code" in posted else None)
    recovery_form = RecoveryCodeForm(posted if posted and "recovery_code" in posted else None)
    context = {
        "totp_form": totp_form,
        "recovery_form": recovery_form,
        "webauthn_config": webauthn.auth_config(request, user),
    }
    if totp_form.is_valid() or recovery_form.is_valid():
        if not actions.allow_code_attempt(request, user):
            return _throttled(request, "accounts/verify.html", context)
        if recovery_form.is_bound:
            device = actions.verify_recovery_code(
                request, user, recovery_form.cleaned_data["recovery_code"]
            )
        else:
            device = actions.verify_totp(request, user, totp_form.cleaned_data["code"])
        if device is not None:
            actions.complete_sign_in(request, user, device)
            return redirect(_after_sign_in(request))
        if recovery_form.is_bound:
            recovery_form.add_error("recovery_code", WRONG_RECOVERY_CODE)
        else:
            totp_form.add_error("code", WRONG_CODE)
    return render(request, "accounts/verify.html", context)


def _qr_code(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


def _readable_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("code")
@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in: set up an authenticator app, then show the recovery codes once."""
    user = actions.pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if not actions.needs_enrolment(user):
        return redirect("accounts:verify")
    device = actions.unconfirmed_totp_device(user)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not actions.allow_code_attempt(request, user):
            return _throttled(request, "accounts/enrol.html", {"form": form})
        confirmed = actions.confirm_totp(request, user, form.cleaned_data["code"])
        if confirmed is not None:
            actions.complete_sign_in(request, user, confirmed)
            return _show_recovery_codes(request, actions.new_recovery_codes(request, user))
        form.add_error("code", WRONG_CODE)
    context = {"form": form, "qr_code": _qr_code(device), "secret": _readable_secret(device)}
    return render(request, "accounts/enrol.html", context)


def _show_recovery_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    # Rendered straight from the POST, never stored anywhere readable: shown exactly once.
    context = {"codes": codes, "continue_url": _after_sign_in(request)}
    return render(request, "accounts/recovery_codes.html", context)


@never_cache
@verified_staff_required
def security(request: HttpRequest) -> HttpResponse:
    """The signed-in user's second factors: passkeys, recovery codes."""
    user: Any = request.user
    context = {
        "devices": actions.confirmed_devices(user),
        "current_device": actions.verified_device_id(request),
        "recovery_codes_left": actions.remaining_recovery_codes(user),
        "webauthn_config": webauthn.register_config(request),
    }
    return render(request, "accounts/security.html", context)


@require_POST
@never_cache
@verified_staff_required
def regenerate_recovery_codes(request: HttpRequest) -> HttpResponse:
    return _show_recovery_codes(request, actions.new_recovery_codes(request, request.user))  # type: ignore[arg-type]


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    actions.sign_out(request)
    return redirect("accounts:login")
