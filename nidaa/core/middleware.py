"""Middleware that every response passes through."""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

Handler = Callable[[HttpRequest], HttpResponse]

PAGE_CACHE_ATTR = "nidaa_public_page"


def security_headers(get_response: Handler) -> Handler:
    """Headers Django's SecurityMiddleware does not set."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def page_cache_key(request: HttpRequest) -> str:
    return f"page:{request.get_full_path()}"


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' public pages from the cache, before the rest of the stack.

    When a campaign goes viral most requests are reloads of the same few pages by people who
    are not signed in (the UK Parliament petitions site was taken down by exactly that in
    March 2019). A page whose view is decorated with ``@public_page`` is stored whole, with its
    headers, after the inner middleware has run; later anonymous GETs of the same URL skip
    sessions, CSRF, templates and the database. Anyone with a session cookie (staff) always
    gets a fresh page.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cacheable = self._is_anonymous_get(request) and settings.NIDAA_PAGE_CACHE_SECONDS > 0
        if cacheable:
            cached = cache.get(page_cache_key(request))
            if cached is not None:
                return cached
        response = self.get_response(request)
        if cacheable and self._may_store(response):
            cache.set(page_cache_key(request), response, settings.NIDAA_PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _is_anonymous_get(request: HttpRequest) -> bool:
        return request.method in ("GET", "HEAD") and (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
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
