"""Middleware that every response passes through."""

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

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
    # Scheme and host are part of the key: a page stored for https://campaign.example.org/ is
    # never served to a plain-HTTP request (which must be redirected first), and a page for
    # the .onion address never to the public domain. get_host() refuses hosts not allowed.
    return f"page:{request.scheme}://{request.get_host()}{request.get_full_path()}"


def cached_page(request: HttpRequest) -> HttpResponse | None:
    """The stored page for this request, if it is still current."""
    key = page_cache_key(request)
    found = cache.get_many([key, GENERATION_KEY])
    entry = found.get(key)
    if entry is None or entry[0] != found.get(GENERATION_KEY, 0):
        return None
    return entry[1]


def store_page(request: HttpRequest, response: HttpResponse) -> None:
    generation = cache.get(GENERATION_KEY, 0)
    cache.set(page_cache_key(request), (generation, response), settings.NIDAA_PAGE_CACHE_SECONDS)


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
        cached = cached_page(request)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if request.method == "GET" and self._may_store(response):
            store_page(request, response)
        return response

    @staticmethod
    def _may_use_cache(request: HttpRequest) -> bool:
        if not (
            settings.NIDAA_PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(settings.STATIC_URL)
        ):
            return False
        try:
            request.get_host()
        except DisallowedHost:
            return False  # Django answers 400 further in; nothing of ours is served or stored
        return True

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
