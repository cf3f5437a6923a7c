"""Marking views whose pages may be served to every anonymous visitor from the cache."""

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from nidaa.core.middleware import PAGE_CACHE_ATTR


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The page is the same for every anonymous visitor; see PublicPageCacheMiddleware."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        setattr(response, PAGE_CACHE_ATTR, True)
        return response

    return wrapper
