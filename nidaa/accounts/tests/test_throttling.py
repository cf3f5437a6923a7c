"""Sign-in attempts are limited per account and per network address, without telling names apart."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from nidaa.accounts.tests.helpers import code_for, enter_code, enter_password, without_tokens


@pytest.fixture(autouse=True)
def _three_attempts(settings: Any) -> None:
    settings.NIDAA_LOGIN_ATTEMPTS = 3
    settings.NIDAA_LOGIN_WINDOW_SECONDS = 900


def address(n: int) -> dict[str, str]:
    return {"REMOTE_ADDR": f"198.51.100.{n}"}


def test_it_pauses_an_account_after_too_many_attempts_from_many_addresses(
    client: Client, app: TOTPDevice
) -> None:
    for n in range(3):
        assert enter_password(client, "eman", "wrong", **address(n)).status_code == 200

    response = enter_password(client, "eman", **address(99))

    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert client.get(reverse("accounts:verify")).status_code == 302  # not half-way in


def test_it_counts_the_account_whatever_case_or_spacing_is_typed(
    client: Client, app: TOTPDevice
) -> None:
    for n, name in enumerate(["eman", "EMAN", " Eman "]):
        enter_password(client, name, "wrong", **address(n))

    assert enter_password(client, "eman", **address(50)).status_code == 429


def test_it_pauses_an_address_trying_many_accounts(client: Client, editor: User) -> None:
    for name in ["a", "b", "c"]:
        assert enter_password(client, name, "wrong", **address(7)).status_code == 200

    assert enter_password(client, "eman", **address(7)).status_code == 429
    assert enter_password(client, "eman", **address(8)).status_code == 302


def test_an_unknown_name_and_a_wrong_password_get_the_same_page(
    client: Client, editor: User
) -> None:
    unknown = enter_password(client, "nobody", "wrong", **address(1))
    wrong = enter_password(client, "eman", "wrong", **address(2))

    assert unknown.status_code == wrong.status_code == 200
    assert without_tokens(unknown.content.decode()).replace("nobody", "eman") == without_tokens(
        wrong.content.decode()
    )


def test_a_paused_unknown_name_and_a_paused_account_get_the_same_page(
    client: Client, editor: User
) -> None:
    for n in range(3):
        enter_password(client, "nobody", "wrong", **address(n))
        enter_password(client, "eman", "wrong", **address(10 + n))

    unknown = enter_password(client, "nobody", "wrong", **address(20))
    known = enter_password(client, "eman", "wrong", **address(21))

    assert unknown.status_code == known.status_code == 429
    assert without_tokens(unknown.content.decode()).replace("nobody", "eman") == without_tokens(
        known.content.decode()
    )


def test_it_pauses_second_factor_guessing_even_for_a_right_code(
    client: Client, app: TOTPDevice
) -> None:
    enter_password(client, "eman")
    for guess in ["000000", "111111", "222222"]:
        enter_code(client, guess)

    response = enter_code(client, code_for(app))

    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated
