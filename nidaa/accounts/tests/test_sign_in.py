"""Signing in with a password and a second factor."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from nidaa.accounts import actions
from nidaa.accounts.models import AuditEntry
from nidaa.accounts.tests.helpers import (
    code_for,
    enter_code,
    enter_password,
    enter_recovery_code,
    is_verified,
)
from nidaa.testing.base import totp_device


def test_it_signs_in_with_password_and_totp_code(client: Client, app: TOTPDevice) -> None:
    response = enter_password(client, "eman")
    assert response.status_code == 302
    assert response.url == reverse("accounts:verify")

    response = enter_code(client, code_for(app))

    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_password_alone_does_not_sign_in(client: Client, app: TOTPDevice) -> None:
    enter_password(client, "eman")

    response = client.get(reverse("admin:index"))

    assert not response.wsgi_request.user.is_authenticated
    assert response.status_code == 302


def test_it_returns_to_the_page_asked_for_after_both_steps(client: Client, app: TOTPDevice) -> None:
    wanted = reverse("admin:campaigns_campaign_changelist")
    client.get(reverse("accounts:login"), {"next": wanted})
    enter_password(client, "eman")

    response = enter_code(client, code_for(app))

    assert response.url == wanted


# SECURITY.md: 25 redirect targets, 0 honoured.
HOSTILE_NEXT = [
    "https://evil.example/",
    "http://evil.example/staff/",
    "//evil.example/",
    "///evil.example/",
    "////evil.example/",
    "\\\\evil.example/",
    "\\/evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "https://evil.example@testserver/",
    "https://testserver.evil.example/",
    "https://evil.example%2f%2e%2e/",
    "/\t/evil.example/",  # browsers drop the tab and read //evil.example/
    " //evil.example/",
    "\t//evil.example/",
    "https://evil.example:443/",
    "ftp://evil.example/",
    "//evil.example:80/",
    "https://xn--evl-3ma.example/",
    "//127.0.0.1:1/",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_it_ignores_a_next_page_on_another_site(
    client: Client, app: TOTPDevice, target: str
) -> None:
    client.get(reverse("accounts:login"), {"next": target})
    enter_password(client, "eman")

    response = enter_code(client, code_for(app))

    assert response.url == reverse("admin:index")


def test_it_refuses_a_wrong_totp_code(client: Client, app: TOTPDevice) -> None:
    enter_password(client, "eman")
    wrong = f"{(int(code_for(app)) + 1) % 1_000_000:06d}"

    response = enter_code(client, wrong)

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not is_verified(client.get(reverse("admin:index")))


def test_it_refuses_a_reused_totp_code(client: Client, app: TOTPDevice) -> None:
    code = code_for(app)
    enter_password(client, "eman")
    assert enter_code(client, code).status_code == 302
    client.post(reverse("accounts:logout"))

    enter_password(client, "eman")
    response = enter_code(client, code)

    assert response.status_code == 200
    assert "used already" in response.content.decode()
    app.refresh_from_db()
    assert app.last_t >= 0


def test_it_accepts_the_next_code_after_one_was_used(client: Client, app: TOTPDevice) -> None:
    enter_password(client, "eman")
    enter_code(client, code_for(app))
    client.post(reverse("accounts:logout"))

    enter_password(client, "eman")
    response = enter_code(client, code_for(app, steps=1))

    assert response.status_code == 302


def test_it_refuses_letters_in_the_totp_field_with_a_clear_error(
    client: Client, app: TOTPDevice
) -> None:
    enter_password(client, "eman")

    response = enter_code(client, "12ab56")

    assert "Enter the six digits" in response.content.decode()


def test_a_recovery_code_works_once(client: Client, editor: User, app: TOTPDevice) -> None:
    codes = actions.new_recovery_codes(None, editor)
    enter_password(client, "eman")
    assert enter_recovery_code(client, codes[0].upper()).status_code == 302
    client.post(reverse("accounts:logout"))

    enter_password(client, "eman")
    response = enter_recovery_code(client, codes[0])

    assert response.status_code == 200
    assert "recovery code is not right" in response.content.decode()
    assert actions.remaining_recovery_codes(editor) == 9


def test_the_password_step_expires(client: Client, app: TOTPDevice, settings: object) -> None:
    enter_password(client, "eman")
    session = client.session
    session[actions.PENDING_SINCE] -= 3600
    session.save()

    response = enter_code(client, code_for(app))

    assert response.url == reverse("accounts:login")


def test_it_refuses_an_outsider_with_the_same_message_as_a_wrong_password(
    client: Client, outsider: User
) -> None:
    totp_device(outsider)

    response = enter_password(client, "omar")

    assert response.status_code == 200
    assert "do not match a staff account" in response.content.decode()


def test_it_keeps_the_username_but_not_the_password_after_an_error(
    client: Client, app: TOTPDevice
) -> None:
    response = enter_password(client, "eman", "not my password")
    page = response.content.decode()

    assert 'value="eman"' in page
    assert "not my password" not in page
    assert 'autocomplete="current-password"' in page


def test_code_fields_ask_phones_for_digits_and_one_time_codes(
    client: Client, app: TOTPDevice
) -> None:
    enter_password(client, "eman")

    page = client.get(reverse("accounts:verify")).content.decode()

    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page
    assert '<label for="id_code">' in page
    assert '<label for="id_recovery_code">' in page


def test_sign_ins_and_failures_are_in_the_audit_log_without_raw_addresses(
    client: Client, editor: User, app: TOTPDevice
) -> None:
    enter_password(client, "eman", "wrong password", REMOTE_ADDR="203.0.113.9")
    enter_password(client, "eman", REMOTE_ADDR="203.0.113.9")
    enter_code(client, code_for(app), REMOTE_ADDR="203.0.113.9")

    failed, signed_in = AuditEntry.objects.order_by("id")
    assert (failed.action, failed.actor_id) == ("login_failed", editor.pk)
    assert (signed_in.action, signed_in.actor_username) == ("login", "eman")
    assert signed_in.ip_hash and "203.0.113.9" not in signed_in.ip_hash


def test_a_failed_sign_in_for_an_unknown_name_does_not_store_the_name(
    client: Client, db: None
) -> None:
    enter_password(client, "my secret password typed in the wrong box")

    [entry] = AuditEntry.objects.all()
    assert entry.action == "login_failed"
    assert entry.actor_username == ""
    assert "secret" not in str(entry.before) + str(entry.after) + entry.object_repr


def test_signing_out_needs_a_post_and_ends_the_session(client: Client, app: TOTPDevice) -> None:
    enter_password(client, "eman")
    enter_code(client, code_for(app))

    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))

    assert client.get(reverse("admin:index")).status_code == 302
    assert AuditEntry.objects.filter(action="logout", actor_username="eman").exists()


def test_the_staff_sites_sign_out_is_audited_too(client: Client, app: TOTPDevice) -> None:
    enter_password(client, "eman")
    enter_code(client, code_for(app))

    response = client.post(reverse("admin:logout"))

    assert response["Location"] == reverse("accounts:login")
    assert AuditEntry.objects.filter(action="logout").count() == 1
