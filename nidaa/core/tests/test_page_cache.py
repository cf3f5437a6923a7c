"""The public page cache: fast for anonymous readers, never shared with anyone signed in."""

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from nidaa.campaigns.models import Campaign
from nidaa.core.middleware import (
    GENERATION_KEY,
    PAGE_CACHE_ATTR,
    PublicPageCacheMiddleware,
    cached_page,
    page_key,
    purge_public_pages,
    store_page,
)
from nidaa.testing.base import sign_in
from nidaa.testing.wsgi import WSGIClient

PAGE = "/en/c/save-idlib/"


def retitle(campaign: Campaign, title: str) -> None:
    campaign.translations.filter(language="en").update(title=title)


def test_a_second_anonymous_visit_runs_no_database_query(
    client: Client, demo_campaign: Campaign, django_assert_num_queries: object
) -> None:
    first = client.get(PAGE)
    with django_assert_num_queries(0):  # type: ignore[operator]
        second = client.get(PAGE)
    assert second.status_code == 200
    assert second.content == first.content


def test_an_anonymous_visitor_sees_the_cached_page(client: Client, demo_campaign: Campaign) -> None:
    client.get(PAGE)
    retitle(demo_campaign, "A newer title")  # a queryset update: no signal, no purge
    assert b"A newer title" not in client.get(PAGE).content


def test_a_saved_change_to_the_campaign_reaches_readers_at_once(
    client: Client, demo_campaign: Campaign
) -> None:
    client.get(PAGE)
    text = demo_campaign.translations.get(language="en")
    text.title = "A newer title"
    text.save()
    assert b"A newer title" in client.get(PAGE).content


def test_a_page_stored_for_one_host_is_not_served_for_another(
    client: Client, demo_campaign: Campaign, settings: object
) -> None:
    settings.ALLOWED_HOSTS = ["campaign.example.org", "example.onion"]  # type: ignore[attr-defined]
    client.get(PAGE, HTTP_HOST="campaign.example.org")
    assert cached_page(RequestFactory().get(PAGE, HTTP_HOST="campaign.example.org")) is not None
    assert cached_page(RequestFactory().get(PAGE, HTTP_HOST="example.onion")) is None


def test_a_forged_host_gets_no_cached_page(client: Client, demo_campaign: Campaign) -> None:
    client.get(PAGE)
    assert client.get(PAGE, HTTP_HOST="attacker.example").status_code == 400


def test_a_page_stored_over_https_is_not_served_over_http(
    client: Client, demo_campaign: Campaign
) -> None:
    client.get(PAGE, secure=True)
    assert cached_page(RequestFactory().get(PAGE, secure=True)) is not None
    assert cached_page(RequestFactory().get(PAGE)) is None


def test_a_visitor_with_a_session_cookie_is_never_served_from_the_cache(
    client: Client, demo_campaign: Campaign
) -> None:
    client.get(PAGE)
    retitle(demo_campaign, "A newer title")
    client.cookies[settings.SESSION_COOKIE_NAME] = "any-session"
    assert b"A newer title" in client.get(PAGE).content


def test_signed_in_staff_get_a_fresh_page_and_it_is_not_stored(
    client: Client, demo_campaign: Campaign, editor: User
) -> None:
    sign_in(client, editor)
    client.get(PAGE)
    assert cached_page(RequestFactory().get(PAGE)) is None


def test_a_cached_page_carries_no_cookie_and_no_nonce(
    client: Client, demo_campaign: Campaign
) -> None:
    client.get(PAGE)
    cached = cached_page(RequestFactory().get(PAGE))
    assert cached is not None
    assert not cached.cookies
    assert "nonce-" not in cached.headers.get("Content-Security-Policy", "")
    served = client.get(PAGE)
    assert "Set-Cookie" not in served.headers
    assert not served.cookies


@pytest.mark.parametrize(
    "spoil",
    [
        lambda r: r.set_cookie("csrftoken", "x"),
        lambda r: r.headers.__setitem__("Content-Security-Policy", "script-src 'nonce-abc'"),
        lambda r: r.headers.__setitem__("Vary", "Cookie"),
        lambda r: setattr(r, "status_code", 404),
    ],
    ids=["cookie", "nonce", "vary-cookie", "not-found"],
)
def test_a_page_that_is_personal_or_an_error_is_not_stored(spoil: object) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse(b"page")
        setattr(response, PAGE_CACHE_ATTR, True)
        spoil(response)  # type: ignore[operator]
        return response

    request = RequestFactory().get("/en/anything/")
    PublicPageCacheMiddleware(view)(request)
    assert cached_page(request) is None


def test_a_page_not_marked_public_is_not_stored() -> None:
    request = RequestFactory().get("/en/anything/")
    PublicPageCacheMiddleware(lambda r: HttpResponse(b"page"))(request)
    assert cached_page(request) is None


def test_a_page_made_while_staff_saved_a_change_is_not_kept() -> None:
    # The page was read from the database before the change and purge; kept, it would hide
    # the change from every reader until it expired.
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse(b"the page before the change")
        setattr(response, PAGE_CACHE_ATTR, True)
        purge_public_pages()  # an editor saves while this page is being made
        return response

    request = RequestFactory().get("/en/anything/")
    PublicPageCacheMiddleware(view)(request)
    assert cached_page(request) is None


def test_a_page_is_stored_without_reading_the_generation_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With Redis every read is a network round trip; the look-up that missed has it already.
    read: list[str] = []
    get = cache.get

    def counting_get(key: str, *args: Any, **kwargs: Any) -> Any:
        read.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)

    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse(b"page")
        setattr(response, PAGE_CACHE_ATTR, True)
        return response

    request = RequestFactory().get("/en/anything/")
    PublicPageCacheMiddleware(view)(request)
    assert read.count(GENERATION_KEY) == 1
    assert cached_page(request) is not None


def test_a_browser_that_accepts_gzip_gets_the_page_compressed_once(
    client: Client, demo_campaign: Campaign
) -> None:
    import gzip

    plain = client.get(PAGE).content
    first = client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    second = client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert gzip.decompress(second.content) == plain
    assert len(second.content) < len(plain) / 3
    assert "Accept-Encoding" in second["Vary"]


def test_a_client_without_gzip_gets_the_page_plain(client: Client, demo_campaign: Campaign) -> None:
    client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip")
    response = client.get(PAGE)
    assert "Content-Encoding" not in response
    assert b"Save Idlib" in response.content
    assert "Accept-Encoding" in response["Vary"]


# --- Answered before Django builds a request (stored_page, through nidaa.wsgi) ---------------


@pytest.fixture
def site() -> WSGIClient:
    return WSGIClient()


def without_django(site: WSGIClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on a request that reaches Django fails the test."""

    def unreachable(environ: object, start_response: object) -> None:
        raise AssertionError("reached Django")

    monkeypatch.setattr(site.application, "application", unreachable)


def test_a_stored_page_is_answered_before_django_as_django_answered_it(
    site: WSGIClient, demo_campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = site.get(PAGE, HTTP_ACCEPT_ENCODING="gzip")
    first = site.get(PAGE, HTTP_ACCEPT_ENCODING="gzip")  # the first stored it
    without_django(site, monkeypatch)

    for method in ("GET", "HEAD"):
        hit = site.request(method, PAGE, environ={"HTTP_ACCEPT_ENCODING": "gzip"})
        assert hit.status_code == 200
        assert dict(hit.headers) == dict(first.headers)
        assert hit.content == first.content  # the server drops the body of a HEAD


def test_a_purge_sends_the_next_request_to_django(
    site: WSGIClient, demo_campaign: Campaign
) -> None:
    site.get(PAGE)
    text = demo_campaign.translations.get(language="en")
    text.title = "A newer title"
    text.save()  # purges
    assert b"A newer title" in site.get(PAGE).content


@pytest.mark.parametrize(
    "environ",
    [
        {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=any-session"},
        {"HTTP_HOST": "example.onion"},
        {"wsgi.url_scheme": "https"},
        {"QUERY_STRING": "page=2"},
        {"HTTP_ACCEPT_ENCODING": "gzip"},
    ],
    ids=["session", "other-host", "https", "other-query", "other-encoding"],
)
def test_a_request_that_differs_is_not_answered_early(
    site: WSGIClient,
    demo_campaign: Campaign,
    monkeypatch: pytest.MonkeyPatch,
    environ: dict[str, str],
) -> None:
    site.get(PAGE)
    without_django(site, monkeypatch)
    assert site.get(PAGE).status_code == 200  # the same request: answered early
    with pytest.raises(AssertionError, match="reached Django"):
        site.request("GET", PAGE, environ=environ)


def test_a_post_is_never_answered_early(
    site: WSGIClient, demo_campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.get(PAGE)
    without_django(site, monkeypatch)
    with pytest.raises(AssertionError, match="reached Django"):
        site.post(PAGE)


def test_a_path_django_decodes_is_left_to_django(
    site: WSGIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A server puts the URL's bytes in PATH_INFO read as Latin-1: /en/c/%C3%A9/ (é) arrives as
    # "/en/c/Ã©/", which is also how Django decodes /en/c/%C3%83%C2%A9/. A page stored for that
    # second URL must not be served for the first.
    raw = "/en/c/é/".encode().decode("latin-1")
    environ = {"HTTP_HOST": "testserver", "wsgi.url_scheme": "http"}
    store_page(page_key(environ, raw), HttpResponse(b"another page"))
    without_django(site, monkeypatch)
    with pytest.raises(AssertionError, match="reached Django"):
        site.get(raw)
