"""Managing second factors when signed in: recovery codes, passkeys."""

import re
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from nidaa.accounts import actions


def test_new_recovery_codes_replace_the_old_ones(
    client: Client, editor: User, sign_in: Any
) -> None:
    old = actions.new_recovery_codes(None, editor)
    sign_in(client, editor)

    response = client.post(reverse("accounts:regenerate-recovery-codes"))

    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(new) == 10
    tokens = set(StaticToken.objects.values_list("token", flat=True))
    assert tokens == set(new)
    assert not tokens & set(old)


def test_recovery_codes_cannot_be_made_by_get_or_without_the_second_factor(
    client: Client, editor: User, sign_in: Any
) -> None:
    url = reverse("accounts:regenerate-recovery-codes")
    sign_in(client, editor, verified=False)
    assert client.post(url).status_code == 302
    sign_in(client, editor)
    assert client.get(url).status_code == 405
    assert not StaticToken.objects.exists()


def test_the_security_page_counts_recovery_codes_and_offers_passkeys(
    client: Client, editor: User, sign_in: Any
) -> None:
    actions.new_recovery_codes(None, editor)
    sign_in(client, editor)

    page = client.get(reverse("accounts:security")).content.decode()

    assert "You have 10 unused recovery codes." in page
    assert 'id="passkey-registration-placeholder"' in page
    assert 'id="otp_webauthn_config"' in page
    assert "otp_webauthn_register.js" in page
