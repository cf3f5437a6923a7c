"""First sign-in: a staff user with no second factor sets one up, and gets recovery codes."""

import re
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nidaa.accounts.models import AuditEntry
from nidaa.accounts.tests.helpers import code_for, enter_password, enter_recovery_code, is_verified


def enrol(client: Client, code: str) -> Any:
    return client.post(reverse("accounts:enrol"), {"code": code})


def test_a_user_without_a_second_factor_is_sent_to_set_one_up(client: Client, editor: User) -> None:
    enter_password(client, "eman")

    response = client.get(reverse("accounts:verify"))

    assert response["Location"] == reverse("accounts:enrol")


def test_the_setup_page_shows_a_qr_code_and_the_key_in_text(client: Client, editor: User) -> None:
    enter_password(client, "eman")

    page = client.get(reverse("accounts:enrol")).content.decode()

    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert re.search(r'<code class="secret" dir="ltr">[A-Z2-7 ]{32,}</code>', page)
    assert 'autocomplete="one-time-code"' in page
    assert client.get(reverse("accounts:enrol")).content.decode().count(device.key) == 0


def test_reloading_the_setup_page_keeps_the_same_secret(client: Client, editor: User) -> None:
    enter_password(client, "eman")
    client.get(reverse("accounts:enrol"))
    client.get(reverse("accounts:enrol"))

    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_confirming_the_app_signs_in_and_shows_ten_recovery_codes_once(
    client: Client, editor: User
) -> None:
    enter_password(client, "eman")
    client.get(reverse("accounts:enrol"))
    device = TOTPDevice.objects.get(user=editor)

    response = enrol(client, code_for(device))

    assert response.status_code == 200
    assert is_verified(response)
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    assert client.get(reverse("admin:index")).status_code == 200
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions == {"login", "device_change"}


def test_a_recovery_code_from_setup_signs_in_later(client: Client, editor: User) -> None:
    enter_password(client, "eman")
    client.get(reverse("accounts:enrol"))
    response = enrol(client, code_for(TOTPDevice.objects.get(user=editor)))
    code = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())[3]
    client.post(reverse("accounts:logout"))

    enter_password(client, "eman")

    assert enter_recovery_code(client, code).status_code == 302


def test_a_wrong_setup_code_is_refused_and_the_device_stays_unconfirmed(
    client: Client, editor: User
) -> None:
    enter_password(client, "eman")
    client.get(reverse("accounts:enrol"))
    device = TOTPDevice.objects.get(user=editor)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = enrol(client, wrong)

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=editor).confirmed
    assert not is_verified(response)


def test_setup_is_not_reachable_without_the_password(client: Client, editor: User) -> None:
    assert client.get(reverse("accounts:enrol"))["Location"] == reverse("accounts:login")


def test_setup_is_not_offered_to_a_user_who_has_a_second_factor(
    client: Client, app: TOTPDevice
) -> None:
    enter_password(client, "eman")

    assert client.get(reverse("accounts:enrol"))["Location"] == reverse("accounts:verify")
