"""Middleware that every response passes through."""

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

Handler = Callable[[HttpRequest], HttpResponse]

PAGE_CACHE_ATTR = "nidaa_public_page"
GENERATION_KEY = "page:generation"


def security_headers(get_response: Handler) -> Handler:
    """Headers Django's SecurityMiddleware does not set."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def page_cache_key(request: HttpRequest) -> str:
    """Scheme, host and path: a page stored for https://campaign.example.org/ is never served to
    a plain-HTTP request (which must be redirected first), nor the .onion address's page to the
    public domain.

    The Host header is used as sent, unvalidated, to keep a cache hit cheap. That is safe: a page
    is stored only after the whole stack has answered 200, which it never does for a host not
    in ALLOWED_HOSTS, so a forged host can only miss.
    """
    host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    encoding = "gzip" if accepts_gzip(request) else "identity"
    return f"page:{encoding}:{request.scheme}://{host}{request.get_full_path()}"


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
    key = key or page_cache_key(request)
    found = cache.get_many([key, GENERATION_KEY])
    entry = found.get(key)
    if entry is None or entry[0] != found.get(GENERATION_KEY, 0):
        return None
    return entry[1]


def store_page(key: str, response: HttpResponse) -> None:
    generation = cache.get(GENERATION_KEY, 0)
    cache.set(key, (generation, response), settings.NIDAA_PAGE_CACHE_SECONDS)


def purge_public_pages() -> None:
    """Make every stored page stale at once, e.g. after staff change a campaign.

    With the local-memory cache this reaches only the current process; with Redis, all of them.
    """
    cache.set(GENERATION_KEY, time.time_ns(), None)


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' public pages from the cache, before the rest of the stack.

    When a campaign goes viral most requests are reloads of the same few pages by people who
    are not signed in (the UK Parliament petitions site was taken down by exactly that in
    March 2019). A page whose view is decorated with ``@public_page`` is stored whole, with the
    headers every other middleware added, so a later anonymous GET of the same URL skips
    sessions, CSRF, templates and the database. Anyone with a session cookie (staff) always
    gets a fresh page. It is the outermost middleware: a hit costs one cache look-up.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._may_use_cache(request):
            return self.get_response(request)
        key = page_cache_key(request)
        cached = cached_page(request, key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if request.method == "GET" and self._may_store(response):
            # Both copies say they differ by Accept-Encoding, so shared caches keep them apart.
            patch_vary_headers(response, ("Accept-Encoding",))
            if accepts_gzip(request):
                response = compress_page(response)
            store_page(key, response)
        return response

    @staticmethod
    def _may_use_cache(request: HttpRequest) -> bool:
        return (
            settings.NIDAA_PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(settings.STATIC_URL)
        )

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
