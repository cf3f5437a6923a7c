"""Middleware that every response passes through."""

import functools
import time
from collections.abc import Callable, Mapping
from http.client import responses
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.text import compress_string

from nidaa.core.early_answers import Answer, Environ

Handler = Callable[[HttpRequest], HttpResponse]

PAGE_CACHE_ATTR = "nidaa_public_page"
GENERATION_KEY = "page:generation"
# A stored page: (generation, status, headers as Django keeps them, body).
PageEntry = tuple[int, int, dict[str, tuple[str, str]], bytes]


def security_headers(get_response: Handler) -> Handler:
    """Headers Django's SecurityMiddleware does not set."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def page_cache_key(request: HttpRequest) -> str:
    return page_key(request.META, request.path)


def page_key(environ: Mapping[str, Any], path: str) -> str:
    """Encoding, scheme, host, path and query: a page stored for https://campaign.example.org/
    is never served to a plain-HTTP request (which must be redirected first), nor the .onion
    address's page to the public domain.

    Made from the WSGI environ (`request.META`) and the decoded path, so that `stored_page`,
    which answers before Django builds a request, and the middleware agree on every key.

    The Host header is used as sent, unvalidated, to keep a cache hit cheap. That is safe: a page
    is stored only after the whole stack has answered 200, which it never does for a host not
    in ALLOWED_HOSTS, so a forged host can only miss.
    """
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    encoding = "gzip" if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "") else "identity"
    # Quoted as get_full_path() quotes them: a key must hold no spaces or control characters.
    path, query = escape_uri_path(path), iri_to_uri(environ.get("QUERY_STRING", ""))
    return f"page:{encoding}:{request_scheme(environ)}://{host}{path}?{query}"


def request_scheme(environ: Mapping[str, Any]) -> str:
    """What `HttpRequest.scheme` says, read from the environ (see SECURE_PROXY_SSL_HEADER)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return str(environ.get("wsgi.url_scheme", "http"))


def accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def compress_page(response: HttpResponse) -> HttpResponse:
    """Gzip a public page once, when it is stored, instead of on every request.

    Only pages fit for every visitor get here: no cookie, no CSRF token, no nonce, nothing
    secret for a compression side channel (BREACH) to recover.
    """
    compressed = compress_string(response.content)
    if len(compressed) < len(response.content):
        response.content = compressed
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(compressed))
    return response


def cached_page(request: HttpRequest, key: str | None = None) -> HttpResponse | None:
    """The stored page for this request, if it is still current."""
    entry, _ = current_entry(key or page_cache_key(request))
    return None if entry is None else page_response(entry)


def page_response(entry: PageEntry) -> HttpResponse:
    _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    # The headers were checked when the page was first answered: copy Django 5.2's own
    # mapping instead of setting (and checking) each one again on every hit.
    response.headers._store = headers.copy()
    return response


def current_entry(key: str) -> tuple[Any, int]:
    """The entry stored under `key` as (generation, …), unless a purge has made it stale since
    (then None); and the current generation. One cache round trip for both.

    Whatever is kept until the next purge (the public pages, the live campaign signing reads,
    the published counts) is stored under the generation read here, *before* the work that
    makes the new entry: a purge that comes in between makes that entry stale at once.
    """
    found = cache.get_many([key, GENERATION_KEY])
    generation = found.get(GENERATION_KEY, 0)
    entry = found.get(key)
    if entry is None or entry[0] != generation:
        return None, generation
    return entry, generation


def store_page(key: str, response: HttpResponse, generation: int | None = None) -> None:
    """Keep the page as plain values: unpickling a whole HttpResponse on every hit cost half
    of what a hit costs. `generation` is the one read before the page was made (see
    `current_entry`); without it, the current one is read now."""
    if generation is None:
        generation = cache.get(GENERATION_KEY, 0)
    entry = (generation, response.status_code, response.headers._store, response.content)
    cache.set(key, entry, settings.NIDAA_PAGE_CACHE_SECONDS)


def purge_public_pages() -> None:
    """Make every stored page stale at once, e.g. after staff change a campaign.

    With the local-memory cache this reaches only the current process; with Redis, all of them.
    """
    cache.set(GENERATION_KEY, time.time_ns(), None)


def may_use_cache(method: str | None, cookies: Mapping[str, str], path: str) -> bool:
    """Only anonymous reads of pages: anyone with a session (staff) always gets a fresh one."""
    return (
        settings.NIDAA_PAGE_CACHE_SECONDS > 0
        and method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and not path.startswith(settings.STATIC_URL)
    )


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' public pages from the cache, before the rest of the stack.

    When a campaign goes viral most requests are reloads of the same few pages by people who
    are not signed in (the UK Parliament petitions site was taken down by exactly that in
    March 2019). A page whose view is decorated with ``@public_page`` is stored whole, with the
    headers every other middleware added, so a later anonymous GET of the same URL skips
    sessions, CSRF, templates and the database. Anyone with a session cookie (staff) always
    gets a fresh page. Under the WSGI server most hits are answered before Django builds a
    request (`stored_page`); this serves the rest, and stores every page.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._may_use_cache(request):
            return self.get_response(request)
        key = page_cache_key(request)
        entry, generation = current_entry(key)
        if entry is not None:
            return page_response(entry)
        response = self.get_response(request)
        if request.method == "GET" and self._may_store(response):
            # Both copies say they differ by Accept-Encoding, so shared caches keep them apart.
            patch_vary_headers(response, ("Accept-Encoding",))
            if accepts_gzip(request):
                response = compress_page(response)
            store_page(key, response, generation)
        return response

    @staticmethod
    def _may_use_cache(request: HttpRequest) -> bool:
        return may_use_cache(request.method, request.COOKIES, request.path)

    @staticmethod
    def _may_store(response: HttpResponse) -> bool:
        # A nonce, a cookie or a per-visitor Vary would be wrong for the next visitor.
        csp = response.headers.get("Content-Security-Policy", "")
        return (
            getattr(response, PAGE_CACHE_ATTR, False)
            and response.status_code == 200
            and not response.cookies
            and "nonce-" not in csp
            and "Cookie" not in response.headers.get("Vary", "")
        )


def stored_page(environ: Environ) -> Answer | None:
    """The page cache's answer to a request, before Django builds one (see early_answers.py).

    The same decision and the same entry as PublicPageCacheMiddleware, which stores the pages;
    a path Django would decode (non-ASCII, under a script prefix) is left to it.
    """
    raw_path = environ.get("PATH_INFO", "")
    if not raw_path.isascii() or environ.get("SCRIPT_NAME") or settings.FORCE_SCRIPT_NAME:
        return None
    path = raw_path or "/"
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    if not may_use_cache(environ.get("REQUEST_METHOD"), cookies, path):
        return None
    entry, _ = current_entry(page_key(environ, path))
    if entry is None:
        return None
    _, status, headers, content = entry
    return f"{status} {responses[status]}", list(headers.values()), content


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy built once instead of for every response.

    django-csp rebuilds the header from the settings on each response, which cost about a
    tenth of a signing request. Without a nonce, a per-view change or an exemption the policy
    is the same every time, so it is built once (and again when a test changes the settings);
    any other response goes through django-csp as before.
    """

    OVERRIDES = ("_csp_exempt", "_csp_config", "_csp_update", "_csp_replace")

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not self._plain(request, response):
            return super().process_response(request, response)
        for header, value, prefixes in _fixed_policies():
            if header not in response and not request.path_info.startswith(prefixes):
                response[header] = value
        # As django-csp does: asking for a nonce after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response

    def _plain(self, request: HttpRequest, response: HttpResponseBase) -> bool:
        if getattr(request, "_csp_nonce", None) is not None:
            return False
        if settings.DEBUG and response.status_code in (404, 500):
            return False  # django-csp leaves Django's debug pages alone
        overrides = (f"{name}{ro}" for name in self.OVERRIDES for ro in ("", "_ro"))
        return not any(getattr(response, name, None) for name in overrides)


@functools.cache
def _fixed_policies() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(header, policy, excluded path prefixes) for the policy and the report-only policy."""
    found = []
    for header, setting, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        value = build_policy(report_only=report_only)
        if value:
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            found.append((header, value, tuple(prefixes)))
    return tuple(found)


@receiver(setting_changed)
def _forget_fixed_policies(setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _fixed_policies.cache_clear()
