"""Every staff URL needs the second factor, and staff status; generated from the registry."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from nidaa.accounts.admin_site import staff_site
from nidaa.accounts.tests.helpers import enter_password
from nidaa.testing.base import totp_device

SAMPLE_ARGUMENTS = {"object_id": "1", "id": "1", "content_type_id": "1"}


def _names(patterns: list[Any]) -> list[tuple[str, list[str]]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            found += _names(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((entry.name, list(entry.pattern.regex.groupindex)))
    return found


def staff_urls() -> list[str]:
    """Every named URL of the staff site, with sample arguments filled in."""
    app_labels = sorted({model._meta.app_label for model in staff_site._registry})
    urls = []
    for name, arguments in _names(staff_site.get_urls()):
        kwargs = {arg: SAMPLE_ARGUMENTS.get(arg, "") for arg in arguments}
        labels = app_labels if "app_label" in arguments else [""]
        for label in labels:
            if label:
                kwargs["app_label"] = label
            urls.append(reverse(f"admin:{name}", kwargs=kwargs))
    return sorted(set(urls))


def test_the_generated_list_covers_every_registered_model() -> None:
    urls = staff_urls()
    for model in staff_site._registry:
        meta = model._meta
        assert reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist") in urls
    assert reverse("admin:accounts_auditentry_changelist") in urls
    assert len(urls) > 30


@pytest.mark.parametrize("url", staff_urls())
def test_every_staff_url_sends_a_password_only_session_to_the_second_factor(
    client: Client, app: TOTPDevice, url: str
) -> None:
    enter_password(client, "eman")

    response = client.get(url, follow=True)

    assert response.redirect_chain, url
    assert response.wsgi_request.path == reverse("accounts:verify")
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("url", staff_urls())
def test_every_staff_url_refuses_an_unverified_session(
    client: Client, editor: User, sign_in: Any, url: str
) -> None:
    sign_in(client, editor, verified=False)

    response = client.get(url)

    assert response.status_code == 302


@pytest.mark.parametrize("url", staff_urls())
def test_every_staff_url_refuses_a_verified_outsider(
    client: Client, outsider: User, sign_in: Any, url: str
) -> None:
    sign_in(client, outsider)

    response = client.get(url, follow=True)

    assert response.redirect_chain, url
    assert response.wsgi_request.path == reverse("accounts:login")


def test_a_verified_outsider_cannot_get_past_the_password_step(
    client: Client, outsider: User
) -> None:
    totp_device(outsider)

    response = enter_password(client, "omar")

    assert response.status_code == 200
    assert client.get(reverse("accounts:verify")).status_code == 302


def test_the_security_page_needs_a_verified_staff_session(
    client: Client, editor: User, outsider: User, sign_in: Any
) -> None:
    url = reverse("accounts:security")
    assert client.get(url).status_code == 302
    sign_in(client, outsider)
    assert client.get(url).status_code == 302
    sign_in(client, editor, verified=False)
    assert client.get(url).status_code == 302
    sign_in(client, editor)
    assert client.get(url).status_code == 200
