"""WebAuthn as a second factor: offered only to users with a passkey, never instead of a password."""

import json
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.settings import app_settings

from nidaa.accounts.models import AuditEntry
from nidaa.accounts.tests.helpers import enter_password
from nidaa.testing.base import totp_device


def add_passkey(user: User) -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user,
        name="security key",
        confirmed=True,
        public_key=b"\x01",
        credential_id=b"\x02" * 16,
        sign_count=0,
        transports=["usb"],
    )


def test_the_passkey_button_is_offered_only_to_users_with_a_passkey(
    client: Client, editor: User
) -> None:
    totp_device(editor)
    enter_password(client, "eman")
    assert "passkey-verification-placeholder" not in client.get(reverse("accounts:verify")).text

    add_passkey(editor)
    page = client.get(reverse("accounts:verify")).content.decode()

    # A <template>: the package's script shows it only where the browser supports WebAuthn.
    assert '<template id="passkey-verification-available-template">' in page
    assert "otp_webauthn_auth.js" in page
    config = json.loads(page.split('id="otp_webauthn_config" type="application/json">')[1]
                        .split("</script>")[0])  # fmt: skip
    assert config["beginAuthenticationUrl"] == reverse("accounts:webauthn-begin")


def test_the_pages_have_no_inline_script(client: Client, editor: User) -> None:
    totp_device(editor)
    add_passkey(editor)
    enter_password(client, "eman")

    page = client.get(reverse("accounts:verify")).content.decode()

    for tag in page.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening or 'type="application/json"' in opening


def test_a_passkey_challenge_needs_the_password_step_first(client: Client, editor: User) -> None:
    response = client.post(reverse("accounts:webauthn-begin"))

    assert response.status_code == 403


def test_a_passkey_challenge_is_issued_after_the_password_step(
    client: Client, editor: User
) -> None:
    add_passkey(editor)
    enter_password(client, "eman")

    response = client.post(reverse("accounts:webauthn-begin"))

    assert response.status_code == 200
    assert "challenge" in response.json()


def test_passwordless_sign_in_is_switched_off(db: None) -> None:
    assert app_settings.OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is False


def test_the_packages_own_passkey_sign_in_refuses_an_anonymous_session(client: Client) -> None:
    response = client.post(reverse("otp_webauthn:credential-authentication-begin"))

    assert response.status_code == 403


def test_adding_a_passkey_is_in_the_audit_log(editor: User) -> None:
    add_passkey(editor)

    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.actor_username) == ("device_change", "eman")


def test_the_staff_site_links_to_the_sign_in_security_page(
    client: Client, editor: User, sign_in: Any
) -> None:
    sign_in(client, editor)

    page = client.get(reverse("admin:index")).content.decode()

    assert reverse("accounts:security") in page
