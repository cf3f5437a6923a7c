"""Every public page carries the security headers; HSTS only over HTTPS."""

from typing import Any

import pytest
from csp.utils import build_policy
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from nidaa.core.middleware import ContentSecurityPolicyMiddleware

PUBLIC_PAGES = ["/en/", "/ar/", "/en/c/save-idlib/", "/ar/c/save-idlib/", "/en/privacy/"]


def csp_directives(response: HttpResponseBase) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in directives}


@pytest.fixture
def responses(client: Client, demo_campaign: object) -> dict[str, HttpResponseBase]:
    found: dict[str, HttpResponseBase] = {}
    for path in PUBLIC_PAGES:
        found[path] = client.get(path)
    assert all(r.status_code == 200 for r in found.values())
    return found


def test_every_public_page_has_a_strict_content_security_policy(
    responses: dict[str, HttpResponseBase],
) -> None:
    for path, response in responses.items():
        policy = csp_directives(response)
        assert policy["default-src"] == ["'none'"], path
        assert "'unsafe-inline'" not in policy["script-src"], path
        assert "'unsafe-eval'" not in policy["script-src"], path
        assert not any(":" in source and "'" not in source for source in policy["script-src"])
        assert policy["frame-ancestors"] == ["'none'"], path
        assert policy["base-uri"] == ["'none'"], path


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ],
)
def test_every_public_page_sends(
    responses: dict[str, HttpResponseBase], header: str, value: str
) -> None:
    for path, response in responses.items():
        assert response.headers.get(header) == value, path


def test_every_public_page_sends_a_permissions_policy_that_denies_the_camera(
    responses: dict[str, HttpResponseBase],
) -> None:
    for path, response in responses.items():
        policy = response.headers["Permissions-Policy"]
        assert "camera=()" in policy and "microphone=()" in policy, path


def test_no_public_page_sends_hsts_over_plain_http(responses: dict[str, HttpResponseBase]) -> None:
    for response in responses.values():
        assert "Strict-Transport-Security" not in response.headers


def test_every_public_page_sends_hsts_over_https(
    client: Client, demo_campaign: object, settings: Settings
) -> None:
    # What NIDAA_HTTPS=on sets, less the redirect (the test client speaks HTTPS directly).
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    for path in PUBLIC_PAGES:
        response = client.get(path, secure=True)
        assert response.status_code == 200
        hsts = response.headers["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, path


def test_with_https_on_a_plain_http_request_is_redirected(
    client: Client, demo_campaign: object, settings: Settings
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/en/c/save-idlib/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/c/save-idlib/"


# --- The policy built once (ContentSecurityPolicyMiddleware) ---------------------------------


def _through_csp(view: Any) -> HttpResponseBase:
    request = RequestFactory().get("/en/")
    response = ContentSecurityPolicyMiddleware(view)(request)
    assert isinstance(response, HttpResponseBase)
    return response


def test_the_policy_built_once_is_django_csps_own() -> None:
    response = _through_csp(lambda request: HttpResponse("ok"))
    assert response.headers["Content-Security-Policy"] == build_policy()


def test_a_page_that_asks_for_a_nonce_gets_it_in_its_policy() -> None:
    nonces: list[str] = []

    def view(request: Any) -> HttpResponse:
        nonces.append(str(request.csp_nonce))
        return HttpResponse("ok")

    policy = _through_csp(view).headers["Content-Security-Policy"]
    assert f"'nonce-{nonces[0]}'" in policy


def test_an_exempt_response_gets_no_policy() -> None:
    def view(request: Any) -> HttpResponse:
        response = HttpResponse("ok")
        response._csp_exempt = True  # type: ignore[attr-defined]
        return response

    assert "Content-Security-Policy" not in _through_csp(view).headers


def test_a_changed_setting_changes_the_policy(settings: Settings) -> None:
    _through_csp(lambda request: HttpResponse("ok"))  # built and kept
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    policy = _through_csp(lambda request: HttpResponse("ok")).headers["Content-Security-Policy"]
    assert policy == "default-src 'self'"
